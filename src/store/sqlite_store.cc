#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fmt/format.h"

namespace redline {

namespace {

// The schema, one script per version (docs/store.md). Script k (from 0)
// takes a store from version k to k + 1. Append new ones; never edit one
// that has shipped.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: the negotiation record.
    R"sql(
CREATE TABLE schema_info (version INTEGER NOT NULL) STRICT;
INSERT INTO schema_info (version) VALUES (1);
CREATE TABLE negotiation (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE party (
  id INTEGER PRIMARY KEY,
  negotiation INTEGER NOT NULL REFERENCES negotiation (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('mediator', 'party', 'observer')),
  UNIQUE (negotiation, name)
) STRICT;
CREATE TABLE version (
  negotiation INTEGER NOT NULL REFERENCES negotiation (id),
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  label TEXT NOT NULL,
  author INTEGER NOT NULL REFERENCES party (id),
  created_at TEXT NOT NULL,
  note TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (negotiation, id),
  UNIQUE (negotiation, label),
  UNIQUE (negotiation, seq)
) STRICT;
CREATE TABLE version_parent (
  negotiation INTEGER NOT NULL,
  version TEXT NOT NULL,
  position INTEGER NOT NULL,
  parent TEXT NOT NULL,
  PRIMARY KEY (negotiation, version, position),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id),
  FOREIGN KEY (negotiation, parent) REFERENCES version (negotiation, id)
) STRICT;
CREATE TABLE stance (
  negotiation INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  point TEXT NOT NULL,
  party INTEGER NOT NULL REFERENCES party (id),
  stance TEXT NOT NULL CHECK (stance IN ('agree', 'agree-with-changes',
                                         'dispute', 'red-line', 'open')),
  note TEXT NOT NULL,
  internal INTEGER NOT NULL CHECK (internal IN (0, 1)),
  author TEXT NOT NULL,
  at TEXT NOT NULL,
  inherited_from TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id)
) STRICT;
CREATE INDEX stance_by_version ON stance (negotiation, version, seq);
CREATE TABLE share (
  negotiation INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  party INTEGER NOT NULL REFERENCES party (id),
  at TEXT NOT NULL,
  shared_by TEXT NOT NULL,
  channel TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id)
) STRICT;
CREATE TABLE opening (
  negotiation INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  party INTEGER NOT NULL REFERENCES party (id),
  member TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id)
) STRICT;
)sql",
    // 2: accounts, sessions, throttling of logins, the audit log; indexes
    // for the server's ledger lookups.
    R"sql(
CREATE TABLE app_user (
  -- AUTOINCREMENT: the id of a removed user is never given to a new one.
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  admin INTEGER NOT NULL CHECK (admin IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE membership (
  app_user INTEGER NOT NULL REFERENCES app_user (id),
  negotiation INTEGER NOT NULL REFERENCES negotiation (id),
  party INTEGER NOT NULL REFERENCES party (id),
  PRIMARY KEY (app_user, negotiation)
) STRICT;
CREATE INDEX membership_by_negotiation ON membership (negotiation, app_user);
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  app_user INTEGER NOT NULL REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX session_by_expiry ON session (expires_at);
CREATE INDEX session_by_user ON session (app_user);
CREATE TABLE login_failure (
  name TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX login_failure_by_name ON login_failure (name, at);
CREATE TABLE audit_entry (
  seq INTEGER PRIMARY KEY CHECK (seq > 0),
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  mac TEXT NOT NULL
) STRICT;
CREATE INDEX share_by_version ON share (negotiation, version, party);
CREATE INDEX opening_by_version ON opening (negotiation, version, party,
                                            member);
UPDATE schema_info SET version = 2;
)sql",
};

static_assert(kMigrations.size() == kSchemaVersion);

// The status of a failed SQLite call: kBusy for a lock, kStorage otherwise.
Status Failure(sqlite3* db, int code, std::string_view what) {
  const int primary = code & 0xFF;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::Busy(
        "the store is busy: another redline is writing to it; retry");
  }
  return Status::Storage(fmt::format("{}: {}", what, sqlite3_errmsg(db)));
}

// A prepared statement, finalized on destruction. Binds start at 1,
// columns at 0.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    prepared_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    code_ = prepared_;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int i, int64_t value) {
    Check(sqlite3_bind_int64(stmt_, i, value));
    return *this;
  }
  Statement& Bind(int i, const std::string& value) {
    Check(sqlite3_bind_text(stmt_, i, value.data(),
                            static_cast<int>(value.size()), SQLITE_TRANSIENT));
    return *this;
  }

  // Runs a statement that returns no rows.
  Status Run() {
    if (code_ != SQLITE_OK) return Failure(db_, code_, "cannot prepare");
    const int code = sqlite3_step(stmt_);
    if (code != SQLITE_DONE) return Failure(db_, code, "cannot write");
    return Status::Ok();
  }

  // Makes the statement ready to be bound and run again.
  void Reset() {
    if (stmt_ == nullptr) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    code_ = prepared_;
  }

  // Steps to the next row: true with a row, false at the end or on error
  // (then status() says which).
  bool Next() {
    if (code_ != SQLITE_OK) return false;
    const int code = sqlite3_step(stmt_);
    if (code == SQLITE_ROW) return true;
    if (code != SQLITE_DONE) code_ = code;
    return false;
  }
  Status status() const {
    return code_ == SQLITE_OK ? Status::Ok()
                              : Failure(db_, code_, "cannot read");
  }

  // Whether preparing the statement worked.
  bool prepared() const { return prepared_ == SQLITE_OK; }

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const {
    const auto* bytes =
        reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return bytes == nullptr ? std::string() : std::string(bytes, size);
  }

 private:
  void Check(int code) {
    if (code_ == SQLITE_OK && code != SQLITE_OK) code_ = code;
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int prepared_ = SQLITE_OK;
  int code_ = SQLITE_OK;
};

// The lookups every server request makes. Their statements are prepared
// once per connection: preparing one costs 3 to 9 times what running it
// does (measured: see StatementCache).
enum class Lookup : uint8_t {
  kParties,
  kFindVersion,
  kParents,
  kSharedWith,
  kOpened,
  kSessionUser,
  kMemberships,
  kCount,
};

// Prepared statements of one connection, one per Lookup, made on first use.
// Thread-safety: as the connection, one thread at a time.
//
// Measured on a request's lookups (SessionUser, Memberships, Parties,
// SharedWith, Opened, FindVersion of a 2 KB text with a parent) in one read
// transaction, against the same code preparing at every use: 100 k
// instructions per request instead of 555 k (callgrind); 18-27 µs of CPU
// instead of 74-119 µs on a busy 2-core machine. At 15,000 requests/s that
// is a third of a core instead of more than one.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The statement of `lookup`, whose text is always `sql`.
  Statement& Get(Lookup lookup, const char* sql) {
    std::unique_ptr<Statement>& slot = statements_[static_cast<size_t>(lookup)];
    // A failed prepare (a locked schema) is not kept: the next use retries.
    if (slot == nullptr || !slot->prepared()) {
      slot = std::make_unique<Statement>(db_, sql);
    }
    return *slot;
  }

  // Finalizes every statement (before the connection closes).
  void Clear() {
    for (std::unique_ptr<Statement>& slot : statements_) slot.reset();
  }

 private:
  sqlite3* db_;
  std::array<std::unique_ptr<Statement>, static_cast<size_t>(Lookup::kCount)>
      statements_;
};

// A cached statement for one use, reset when it goes out of scope so that
// no statement left half-read holds the database's read lock.
// REQUIRES: no other CachedStatement of the same lookup is alive.
class CachedStatement {
 public:
  CachedStatement(StatementCache& cache, Lookup lookup, const char* sql)
      : statement_(cache.Get(lookup, sql)) {}
  ~CachedStatement() { statement_.Reset(); }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;

  Statement& operator*() { return statement_; }
  Statement* operator->() { return &statement_; }

 private:
  Statement& statement_;
};

Status Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  const int code = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  sqlite3_free(error);
  if (code != SQLITE_OK) return Failure(db, code, "cannot update the store");
  return Status::Ok();
}

constexpr const char* kUserColumns =
    "SELECT id, name, password_hash, admin, created_at FROM app_user";
constexpr const char* kAuditColumns =
    "SELECT seq, at, user_name, action, object, outcome, detail, prev_hash, "
    "hash, mac FROM audit_entry";

class SqliteTransaction : public Transaction {
 public:
  SqliteTransaction(sqlite3* db, StatementCache& cache)
      : db_(db), cache_(cache) {}

  Result<int64_t> AddNegotiation(const Negotiation& n) override {
    Statement s(db_,
                "INSERT INTO negotiation (name, created_at) VALUES (?, ?)");
    s.Bind(1, n.name).Bind(2, n.created_at);
    Status status = s.Run();
    if (!status.ok()) return status;
    return sqlite3_last_insert_rowid(db_);
  }

  Result<std::vector<Negotiation>> Negotiations() override {
    Statement s(db_,
                "SELECT id, name, created_at FROM negotiation ORDER BY id");
    std::vector<Negotiation> out;
    while (s.Next()) out.push_back({s.Int(0), s.Text(1), s.Text(2)});
    if (!s.status().ok()) return s.status();
    return out;
  }

  Result<int64_t> AddParty(const Party& p) override {
    Statement s(db_,
                "INSERT INTO party (negotiation, name, kind) VALUES (?, ?, ?)");
    s.Bind(1, p.negotiation).Bind(2, p.name).Bind(3, PartyKindName(p.kind));
    Status status = s.Run();
    if (!status.ok()) return status;
    return sqlite3_last_insert_rowid(db_);
  }

  Result<std::vector<Party>> Parties(int64_t negotiation) override {
    CachedStatement s(cache_, Lookup::kParties,
                      "SELECT id, name, kind FROM party WHERE negotiation = ? "
                      "ORDER BY id");
    s->Bind(1, negotiation);
    std::vector<Party> out;
    while (s->Next()) {
      Party p;
      p.id = s->Int(0);
      p.negotiation = negotiation;
      p.name = s->Text(1);
      p.kind = ParsePartyKind(s->Text(2)).value_or(PartyKind::kParty);
      out.push_back(std::move(p));
    }
    if (!s->status().ok()) return s->status();
    return out;
  }

  Status AddVersion(const Version& v) override {
    // The version and its parents together or not at all.
    return Atomically([&] { return InsertVersion(v); });
  }

  Status InsertVersion(const Version& v) {
    Statement s(db_,
                "INSERT INTO version (negotiation, id, seq, label, author, "
                "created_at, note, text) VALUES (?, ?, (SELECT "
                "coalesce(max(seq), 0) + 1 FROM version WHERE negotiation = "
                "?), ?, ?, ?, ?, ?)");
    s.Bind(1, v.negotiation)
        .Bind(2, v.id)
        .Bind(3, v.negotiation)
        .Bind(4, v.label)
        .Bind(5, v.author)
        .Bind(6, v.created_at)
        .Bind(7, v.note)
        .Bind(8, v.text);
    Status status = s.Run();
    if (!status.ok()) return status;
    for (size_t k = 0; k < v.parents.size(); ++k) {
      Statement parent(db_,
                       "INSERT INTO version_parent (negotiation, version, "
                       "position, parent) VALUES (?, ?, ?, ?)");
      parent.Bind(1, v.negotiation)
          .Bind(2, v.id)
          .Bind(3, static_cast<int64_t>(k))
          .Bind(4, v.parents[k]);
      status = parent.Run();
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }

  Result<std::vector<Version>> Versions(int64_t negotiation,
                                        bool with_text) override {
    Statement s(db_, with_text
                         ? "SELECT id, seq, label, author, created_at, note, "
                           "text FROM version WHERE negotiation = ? ORDER BY "
                           "seq"
                         : "SELECT id, seq, label, author, created_at, note, "
                           "'' FROM version WHERE negotiation = ? ORDER BY "
                           "seq");
    s.Bind(1, negotiation);
    std::vector<Version> out;
    while (s.Next()) out.push_back(ReadVersion(s, negotiation));
    if (!s.status().ok()) return s.status();
    Status status = LoadParents(negotiation, &out);
    if (!status.ok()) return status;
    return out;
  }

  Result<std::optional<Version>> FindVersion(int64_t negotiation,
                                             const std::string& id) override {
    std::vector<Version> found;
    {
      CachedStatement s(cache_, Lookup::kFindVersion,
                        "SELECT id, seq, label, author, created_at, note, "
                        "text FROM version WHERE negotiation = ? AND id = ?");
      s->Bind(1, negotiation).Bind(2, id);
      while (s->Next()) found.push_back(ReadVersion(*s, negotiation));
      if (!s->status().ok()) return s->status();
    }
    if (found.empty()) return std::optional<Version>();
    Status status = LoadParents(negotiation, &found);
    if (!status.ok()) return status;
    return std::optional<Version>(std::move(found[0]));
  }

  Result<int64_t> AddStance(const Stance& t) override {
    Status added = AddStances({t});
    if (!added.ok()) return added;
    Statement last(db_, "SELECT max(seq) FROM stance WHERE negotiation = ?");
    last.Bind(1, t.negotiation);
    if (!last.Next()) return last.status();
    return last.Int(0);
  }

  Status AddStances(const std::vector<Stance>& stances) override {
    if (stances.empty()) return Status::Ok();
    return Atomically([&] { return InsertStances(stances); });
  }

  // One statement prepared once, numbered from the current last seq (the
  // transaction holds the write lock, so nobody else numbers meanwhile).
  Status InsertStances(const std::vector<Stance>& stances) {
    Statement last(db_,
                   "SELECT coalesce(max(seq), 0) FROM stance WHERE "
                   "negotiation = ?");
    last.Bind(1, stances.front().negotiation);
    if (!last.Next()) return last.status();
    int64_t seq = last.Int(0);
    Statement s(db_,
                "INSERT INTO stance (negotiation, seq, version, point, party, "
                "stance, note, internal, author, at, inherited_from) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const Stance& t : stances) {
      s.Reset();
      s.Bind(1, t.negotiation)
          .Bind(2, ++seq)
          .Bind(3, t.version)
          .Bind(4, t.point)
          .Bind(5, t.party)
          .Bind(6, StanceKindName(t.stance))
          .Bind(7, t.note)
          .Bind(8, int64_t{t.internal ? 1 : 0})
          .Bind(9, t.author)
          .Bind(10, t.at)
          .Bind(11, t.inherited_from);
      Status status = s.Run();
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }

  Result<std::vector<Stance>> Stances(int64_t negotiation,
                                      const std::string& version) override {
    Statement s(db_, version.empty()
                         ? "SELECT seq, version, point, party, stance, note, "
                           "internal, author, at, inherited_from FROM stance "
                           "WHERE negotiation = ? ORDER BY seq"
                         : "SELECT seq, version, point, party, stance, note, "
                           "internal, author, at, inherited_from FROM stance "
                           "WHERE negotiation = ? AND version = ? ORDER BY "
                           "seq");
    s.Bind(1, negotiation);
    if (!version.empty()) s.Bind(2, version);
    std::vector<Stance> out;
    while (s.Next()) {
      Stance t;
      t.seq = s.Int(0);
      t.negotiation = negotiation;
      t.version = s.Text(1);
      t.point = s.Text(2);
      t.party = s.Int(3);
      t.stance = ParseStanceKind(s.Text(4)).value_or(StanceKind::kOpen);
      t.note = s.Text(5);
      t.internal = s.Int(6) != 0;
      t.author = s.Text(7);
      t.at = s.Text(8);
      t.inherited_from = s.Text(9);
      out.push_back(std::move(t));
    }
    if (!s.status().ok()) return s.status();
    return out;
  }

  Result<int64_t> AddShare(const Share& h) override {
    Statement s(db_,
                "INSERT INTO share (negotiation, seq, version, party, at, "
                "shared_by, channel) VALUES (?, (SELECT coalesce(max(seq), 0) "
                "+ 1 FROM share WHERE negotiation = ?), ?, ?, ?, ?, ?) "
                "RETURNING seq");
    s.Bind(1, h.negotiation)
        .Bind(2, h.negotiation)
        .Bind(3, h.version)
        .Bind(4, h.party)
        .Bind(5, h.at)
        .Bind(6, h.by)
        .Bind(7, h.channel);
    if (!s.Next()) {
      return s.status().ok() ? Status::Storage("cannot add a share")
                             : s.status();
    }
    return s.Int(0);
  }

  Result<std::vector<Share>> Shares(int64_t negotiation) override {
    Statement s(db_,
                "SELECT seq, version, party, at, shared_by, channel FROM share "
                "WHERE negotiation = ? ORDER BY seq");
    s.Bind(1, negotiation);
    std::vector<Share> out;
    while (s.Next()) {
      out.push_back({s.Int(0), negotiation, s.Text(1), s.Int(2), s.Text(3),
                     s.Text(4), s.Text(5)});
    }
    if (!s.status().ok()) return s.status();
    return out;
  }

  Status AddOpening(const Opening& o) override {
    Statement s(db_,
                "INSERT INTO opening (negotiation, seq, version, party, "
                "member, at) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 "
                "FROM opening WHERE negotiation = ?), ?, ?, ?, ?)");
    s.Bind(1, o.negotiation)
        .Bind(2, o.negotiation)
        .Bind(3, o.version)
        .Bind(4, o.party)
        .Bind(5, o.member)
        .Bind(6, o.at);
    return s.Run();
  }

  Result<std::vector<Opening>> Openings(int64_t negotiation) override {
    Statement s(db_,
                "SELECT seq, version, party, member, at FROM opening WHERE "
                "negotiation = ? ORDER BY seq");
    s.Bind(1, negotiation);
    std::vector<Opening> out;
    while (s.Next()) {
      out.push_back(
          {s.Int(0), negotiation, s.Text(1), s.Int(2), s.Text(3), s.Text(4)});
    }
    if (!s.status().ok()) return s.status();
    return out;
  }

  Result<bool> SharedWith(int64_t negotiation, const std::string& version,
                          int64_t party) override {
    CachedStatement s(cache_, Lookup::kSharedWith,
                      "SELECT EXISTS (SELECT 1 FROM share WHERE negotiation "
                      "= ? AND version = ? AND party = ?)");
    s->Bind(1, negotiation).Bind(2, version).Bind(3, party);
    if (!s->Next()) return s->status();
    return s->Int(0) != 0;
  }

  Result<bool> Opened(int64_t negotiation, const std::string& version,
                      int64_t party, const std::string& member) override {
    CachedStatement s(cache_, Lookup::kOpened,
                      "SELECT EXISTS (SELECT 1 FROM opening WHERE "
                      "negotiation = ? AND version = ? AND party = ? AND "
                      "member = ?)");
    s->Bind(1, negotiation).Bind(2, version).Bind(3, party).Bind(4, member);
    if (!s->Next()) return s->status();
    return s->Int(0) != 0;
  }

  Result<bool> Empty() override {
    Statement s(db_, "SELECT count(*) FROM negotiation");
    if (!s.Next()) return s.status();
    return s.Int(0) == 0;
  }

  Result<int64_t> AddUser(const User& u) override {
    Statement s(db_,
                "INSERT INTO app_user (name, password_hash, admin, "
                "created_at) VALUES (?, ?, ?, ?)");
    s.Bind(1, u.name)
        .Bind(2, u.password_hash)
        .Bind(3, int64_t{u.admin ? 1 : 0})
        .Bind(4, u.created_at);
    Status status = s.Run();
    if (!status.ok()) return status;
    return sqlite3_last_insert_rowid(db_);
  }

  Result<std::optional<User>> FindUser(const std::string& name) override {
    Statement s(db_, (std::string(kUserColumns) + " WHERE name = ?").c_str());
    s.Bind(1, name);
    if (!s.Next()) {
      if (!s.status().ok()) return s.status();
      return std::optional<User>();
    }
    return std::optional<User>(ReadUser(s));
  }

  Result<std::vector<User>> Users() override {
    Statement s(db_, (std::string(kUserColumns) + " ORDER BY id").c_str());
    std::vector<User> out;
    while (s.Next()) out.push_back(ReadUser(s));
    if (!s.status().ok()) return s.status();
    return out;
  }

  Status SetPasswordHash(int64_t user, const std::string& hash) override {
    return Atomically([&]() -> Status {
      Statement s(db_, "UPDATE app_user SET password_hash = ? WHERE id = ?");
      s.Bind(1, hash).Bind(2, user);
      Status status = s.Run();
      if (!status.ok()) return status;
      if (sqlite3_changes(db_) == 0) return NoUser(user);
      Statement sessions(db_, "DELETE FROM session WHERE app_user = ?");
      sessions.Bind(1, user);
      return sessions.Run();
    });
  }

  Status RemoveUser(int64_t user) override {
    return Atomically([&]() -> Status {
      for (const char* sql : {"DELETE FROM membership WHERE app_user = ?",
                              "DELETE FROM session WHERE app_user = ?",
                              "DELETE FROM app_user WHERE id = ?"}) {
        Statement s(db_, sql);
        s.Bind(1, user);
        Status status = s.Run();
        if (!status.ok()) return status;
      }
      if (sqlite3_changes(db_) == 0) return NoUser(user);
      return Status::Ok();
    });
  }

  Status SetMembership(const Membership& m) override {
    // Through the party row, so that a party of another negotiation is
    // refused as on PostgreSQL (whose foreign key is on the pair).
    Statement s(db_,
                "INSERT INTO membership (app_user, negotiation, party) SELECT "
                "?, negotiation, id FROM party WHERE id = ? AND negotiation = "
                "? ON CONFLICT (app_user, negotiation) DO UPDATE SET party = "
                "excluded.party");
    s.Bind(1, m.user).Bind(2, m.party).Bind(3, m.negotiation);
    Status status = s.Run();
    if (!status.ok()) return status;
    if (sqlite3_changes(db_) == 0) {
      return Status::NotFound(
          fmt::format("no party {} in negotiation {}", m.party, m.negotiation));
    }
    return Status::Ok();
  }

  Result<std::vector<Membership>> Memberships(int64_t user) override {
    CachedStatement s(cache_, Lookup::kMemberships,
                      "SELECT app_user, negotiation, party FROM membership "
                      "WHERE app_user = ? ORDER BY negotiation");
    s->Bind(1, user);
    return ReadMemberships(*s);
  }

  Result<std::vector<Membership>> Members(int64_t negotiation) override {
    Statement s(db_,
                "SELECT app_user, negotiation, party FROM membership WHERE "
                "negotiation = ? ORDER BY app_user");
    s.Bind(1, negotiation);
    return ReadMemberships(s);
  }

  Status AddSession(const Session& session) override {
    Statement s(db_,
                "INSERT INTO session (token_hash, app_user, created_at, "
                "expires_at) VALUES (?, ?, ?, ?)");
    s.Bind(1, session.token_hash)
        .Bind(2, session.user)
        .Bind(3, session.created_at)
        .Bind(4, session.expires_at);
    return s.Run();
  }

  Result<std::optional<User>> SessionUser(const std::string& token_hash,
                                          const std::string& now) override {
    CachedStatement s(cache_, Lookup::kSessionUser,
                      "SELECT u.id, u.name, u.password_hash, u.admin, "
                      "u.created_at FROM session AS s JOIN app_user AS u ON "
                      "u.id = s.app_user WHERE s.token_hash = ? AND "
                      "s.expires_at > ?");
    s->Bind(1, token_hash).Bind(2, now);
    if (!s->Next()) {
      if (!s->status().ok()) return s->status();
      return std::optional<User>();
    }
    return std::optional<User>(ReadUser(*s));
  }

  Status RemoveSession(const std::string& token_hash) override {
    Statement s(db_, "DELETE FROM session WHERE token_hash = ?");
    s.Bind(1, token_hash);
    return s.Run();
  }

  Status RemoveExpiredSessions(const std::string& now) override {
    Statement s(db_, "DELETE FROM session WHERE expires_at <= ?");
    s.Bind(1, now);
    return s.Run();
  }

  Status AddLoginFailure(const std::string& name,
                         const std::string& at) override {
    Statement s(db_, "INSERT INTO login_failure (name, at) VALUES (?, ?)");
    s.Bind(1, name).Bind(2, at);
    return s.Run();
  }

  Result<int64_t> LoginFailures(const std::string& name,
                                const std::string& since) override {
    Statement s(db_,
                "SELECT count(*) FROM login_failure WHERE name = ? AND at >= "
                "?");
    s.Bind(1, name).Bind(2, since);
    if (!s.Next()) return s.status();
    return s.Int(0);
  }

  Status ClearLoginFailures(const std::string& name) override {
    Statement s(db_, "DELETE FROM login_failure WHERE name = ?");
    s.Bind(1, name);
    return s.Run();
  }

  Result<std::optional<AuditEntry>> LastAuditEntry() override {
    Statement s(
        db_,
        (std::string(kAuditColumns) + " ORDER BY seq DESC LIMIT 1").c_str());
    if (!s.Next()) {
      if (!s.status().ok()) return s.status();
      return std::optional<AuditEntry>();
    }
    return std::optional<AuditEntry>(ReadAuditEntry(s));
  }

  Status AddAuditEntries(const std::vector<AuditEntry>& entries) override {
    if (entries.empty()) return Status::Ok();
    return Atomically([&]() -> Status {
      Statement s(db_,
                  "INSERT INTO audit_entry (seq, at, user_name, action, "
                  "object, outcome, detail, prev_hash, hash, mac) VALUES (?, "
                  "?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (const AuditEntry& e : entries) {
        s.Reset();
        s.Bind(1, e.seq)
            .Bind(2, e.at)
            .Bind(3, e.user)
            .Bind(4, e.action)
            .Bind(5, e.object)
            .Bind(6, e.outcome)
            .Bind(7, e.detail)
            .Bind(8, e.prev_hash)
            .Bind(9, e.hash)
            .Bind(10, e.mac);
        Status status = s.Run();
        if (!status.ok()) return status;
      }
      return Status::Ok();
    });
  }

  Result<std::vector<AuditEntry>> AuditEntries(int64_t after,
                                               int64_t limit) override {
    std::vector<AuditEntry> out;
    // SQLite reads a negative LIMIT as none; PostgreSQL refuses it.
    if (limit <= 0) return out;
    Statement s(db_, (std::string(kAuditColumns) +
                      " WHERE seq > ? ORDER BY seq LIMIT ?")
                         .c_str());
    s.Bind(1, after).Bind(2, limit);
    while (s.Next()) out.push_back(ReadAuditEntry(s));
    if (!s.status().ok()) return s.status();
    return out;
  }

 private:
  // Runs `work` so that it applies whole or not at all: on failure it rolls
  // back to a savepoint, and the transaction may go on.
  template <typename Work>
  Status Atomically(const Work& work) {
    Status status = Exec(db_, "SAVEPOINT redline_write");
    if (!status.ok()) return status;
    status = work();
    if (!status.ok()) {
      Exec(db_, "ROLLBACK TO redline_write");
      Exec(db_, "RELEASE redline_write");
      return status;
    }
    return Exec(db_, "RELEASE redline_write");
  }

  static Version ReadVersion(const Statement& s, int64_t negotiation) {
    Version v;
    v.id = s.Text(0);
    v.seq = s.Int(1);
    v.label = s.Text(2);
    v.author = s.Int(3);
    v.created_at = s.Text(4);
    v.note = s.Text(5);
    v.text = s.Text(6);
    v.negotiation = negotiation;
    return v;
  }

  // A row of kUserColumns.
  static User ReadUser(const Statement& s) {
    User u;
    u.id = s.Int(0);
    u.name = s.Text(1);
    u.password_hash = s.Text(2);
    u.admin = s.Int(3) != 0;
    u.created_at = s.Text(4);
    return u;
  }

  // A row of kAuditColumns.
  static AuditEntry ReadAuditEntry(const Statement& s) {
    AuditEntry e;
    e.seq = s.Int(0);
    e.at = s.Text(1);
    e.user = s.Text(2);
    e.action = s.Text(3);
    e.object = s.Text(4);
    e.outcome = s.Text(5);
    e.detail = s.Text(6);
    e.prev_hash = s.Text(7);
    e.hash = s.Text(8);
    e.mac = s.Text(9);
    return e;
  }

  static Result<std::vector<Membership>> ReadMemberships(Statement& s) {
    std::vector<Membership> out;
    while (s.Next()) out.push_back({s.Int(0), s.Int(1), s.Int(2)});
    if (!s.status().ok()) return s.status();
    return out;
  }

  static Status NoUser(int64_t user) {
    return Status::NotFound(fmt::format("no user with id {}", user));
  }

  Status LoadParents(int64_t negotiation, std::vector<Version>* versions) {
    for (Version& v : *versions) {
      CachedStatement s(cache_, Lookup::kParents,
                        "SELECT parent FROM version_parent WHERE negotiation "
                        "= ? AND version = ? ORDER BY position");
      s->Bind(1, negotiation).Bind(2, v.id);
      while (s->Next()) v.parents.push_back(s->Text(0));
      if (!s->status().ok()) return s->status();
    }
    return Status::Ok();
  }

  sqlite3* db_;
  StatementCache& cache_;
};

class SqliteStore : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)), cache_(db) {}
  ~SqliteStore() override {
    cache_.Clear();  // a statement left unfinalized keeps the file open
    sqlite3_close_v2(db_);
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Status Transact(bool write,
                  const std::function<Status(Transaction&)>& work) override {
    Status status = Exec(db_, write ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!status.ok()) return status;
    SqliteTransaction txn(db_, cache_);
    status = work(txn);
    if (!status.ok()) {
      Exec(db_, "ROLLBACK");  // the work's failure is what the caller needs
      return status;
    }
    status = Exec(db_, "COMMIT");
    if (!status.ok()) Exec(db_, "ROLLBACK");
    return status;
  }

  std::string Describe() const override { return "sqlite:" + path_; }

  // Brings the schema to kSchemaVersion, or refuses a newer one.
  Status Migrate() {
    return Transact(true, [this](Transaction&) -> Status {
      Statement s(db_, "PRAGMA user_version");
      if (!s.Next()) return s.status();
      const int64_t version = s.Int(0);
      if (version > kSchemaVersion) {
        return Status::Storage(fmt::format(
            "{} was written by a newer redline (schema {}, this build "
            "knows {})",
            path_, version, kSchemaVersion));
      }
      for (int64_t k = version; k < kSchemaVersion; ++k) {
        Status status = Exec(db_, kMigrations[k]);
        if (!status.ok()) return status;
      }
      if (version < kSchemaVersion) {
        const std::string pragma =
            fmt::format("PRAGMA user_version = {}", kSchemaVersion);
        return Exec(db_, pragma.c_str());
      }
      return Status::Ok();
    });
  }

 private:
  sqlite3* db_;
  std::string path_;
  StatementCache cache_;  // of db_
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOptions& options) {
  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  if (!exists && !options.create) {
    return Status::NotFound(path + ": no store here (run redline init)");
  }
  if (exists && !S_ISREG(info.st_mode)) {
    return Status::Storage(path + ": not a store file");
  }
  // No global memory statistics: SQLite would otherwise take one
  // process-wide mutex on every allocation, which the server's threads
  // contend for. Must precede SQLite's initialisation; later it is refused
  // harmlessly.
  static const bool configured [[maybe_unused]] =
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create) flags |= SQLITE_OPEN_CREATE;
  const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message =
        fmt::format("{}: cannot open the store: {}", path,
                    db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    sqlite3_close_v2(db);
    return Status::Storage(std::move(message));
  }
  auto store = std::make_unique<SqliteStore>(db, path);
  if (sqlite3_db_readonly(db, "main") == 1) {
    return Status::Storage(path + ": the store is read-only");
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // Not a database at all: the first statement says so.
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL"}) {
    Status status = Exec(db, pragma);
    if (!status.ok()) return status.WithContext(path);
  }
  Status status = store->Migrate();
  if (!status.ok()) return status;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace redline
