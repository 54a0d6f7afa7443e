#include "store/postgres_store.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/pg_connection.h"
#include "store/postgres_schema.h"

namespace redline {
namespace {

// A PostgreSQL array literal built element by element ("{...}"), passed as
// one text parameter and cast by the statement (text[], bigint[],
// boolean[]). Text elements are double-quoted with \\ and \" escaped, so
// any text goes through unchanged.
class ArrayLiteral {
 public:
  void Text(std::string_view value) {
    Separate();
    literal_ += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') literal_ += '\\';
      literal_ += c;
    }
    literal_ += '"';
  }
  void Int(int64_t value) {
    Separate();
    literal_ += std::to_string(value);
  }
  void Bool(bool value) {
    Separate();
    literal_ += value ? 't' : 'f';
  }
  std::string Take() { return std::move(literal_) + "}"; }

 private:
  void Separate() { literal_ += literal_.size() > 1 ? "," : ""; }

  std::string literal_ = "{";
};

// Rows of `version_parent`, keyed by version id, each list by position.
using ParentMap = std::unordered_map<std::string, std::vector<std::string>>;

constexpr std::string_view kVersionColumns =
    "SELECT id, label, author, created_at, note, seq, ";

Version ReadVersionRow(const PgResult& rows, int row, int64_t negotiation) {
  Version version;
  version.id = rows.Text(row, 0);
  version.negotiation = negotiation;
  version.label = rows.Text(row, 1);
  version.author = rows.Int(row, 2);
  version.created_at = rows.Text(row, 3);
  version.note = rows.Text(row, 4);
  version.seq = rows.Int(row, 5);
  version.text = rows.Text(row, 6);
  return version;
}

constexpr std::string_view kUserColumns =
    "SELECT id, name, password_hash, admin, created_at";

User ReadUserRow(const PgResult& rows, int row) {
  User user;
  user.id = rows.Int(row, 0);
  user.name = rows.Text(row, 1);
  user.password_hash = rows.Text(row, 2);
  user.admin = rows.Bool(row, 3);
  user.created_at = rows.Text(row, 4);
  return user;
}

constexpr std::string_view kAuditColumns =
    "SELECT seq, at, user_name, action, object, outcome, detail, prev_hash,"
    " hash, mac FROM audit_entry";

AuditEntry ReadAuditRow(const PgResult& rows, int row) {
  AuditEntry entry;
  entry.seq = rows.Int(row, 0);
  entry.at = rows.Text(row, 1);
  entry.user = rows.Text(row, 2);
  entry.action = rows.Text(row, 3);
  entry.object = rows.Text(row, 4);
  entry.outcome = rows.Text(row, 5);
  entry.detail = rows.Text(row, 6);
  entry.prev_hash = rows.Text(row, 7);
  entry.hash = rows.Text(row, 8);
  entry.mac = rows.Text(row, 9);
  return entry;
}

// One transaction on the store's connection. Every write runs inside a
// savepoint: a failed statement aborts a whole PostgreSQL transaction, but
// here, as in SQLite, it only fails the method, and the caller may go on.
// Thread-safety: used only inside the Transact call that made it.
class PostgresTransaction final : public Transaction {
 public:
  explicit PostgresTransaction(PgConnection& conn) : conn_(conn) {}

  Result<int64_t> AddNegotiation(const Negotiation& negotiation) override {
    Result<PgResult> id =
        Write("adding a negotiation",
              "INSERT INTO negotiation (name, created_at) VALUES ($1, $2) "
              "RETURNING id",
              PgParams().Text(negotiation.name).Text(negotiation.created_at));
    if (!id.ok()) return id.status();
    return id->Int(0, 0);
  }

  Result<std::vector<Negotiation>> Negotiations() override {
    Result<PgResult> rows =
        conn_.Exec("listing negotiations",
                   "SELECT id, name, created_at FROM negotiation ORDER BY id");
    if (!rows.ok()) return rows.status();
    std::vector<Negotiation> negotiations(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      negotiations[i].id = rows->Int(i, 0);
      negotiations[i].name = rows->Text(i, 1);
      negotiations[i].created_at = rows->Text(i, 2);
    }
    return negotiations;
  }

  Result<int64_t> AddParty(const Party& party) override {
    Result<PgResult> id =
        Write("adding a party",
              "INSERT INTO party (negotiation, name, kind) VALUES ($1, $2, $3) "
              "RETURNING id",
              PgParams()
                  .Int(party.negotiation)
                  .Text(party.name)
                  .Text(PartyKindName(party.kind)));
    if (!id.ok()) return id.status();
    return id->Int(0, 0);
  }

  Result<std::vector<Party>> Parties(int64_t negotiation) override {
    Result<PgResult> rows = conn_.Exec(
        "listing parties",
        "SELECT id, name, kind FROM party WHERE negotiation = $1 ORDER BY id",
        PgParams().Int(negotiation));
    if (!rows.ok()) return rows.status();
    std::vector<Party> parties(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      parties[i].id = rows->Int(i, 0);
      parties[i].negotiation = negotiation;
      parties[i].name = rows->Text(i, 1);
      Result<PartyKind> kind = ParsePartyKind(rows->Text(i, 2));
      if (!kind.ok()) return Corrupt("party", kind.status());
      parties[i].kind = *kind;
    }
    return parties;
  }

  Status AddVersion(const Version& version) override {
    return Atomically("adding a version", [&]() -> Status {
      Status added =
          conn_
              .Exec("adding a version",
                    "INSERT INTO version (negotiation, id, seq, label, author,"
                    " created_at, note, text)"
                    " SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5,"
                    " $6, $7 FROM version WHERE negotiation = $1",
                    PgParams()
                        .Int(version.negotiation)
                        .Text(version.id)
                        .Text(version.label)
                        .Int(version.author)
                        .Text(version.created_at)
                        .Text(version.note)
                        .Text(version.text))
              .status();
      for (size_t i = 0; added.ok() && i < version.parents.size(); ++i) {
        added = conn_
                    .Exec("adding a version's parent",
                          "INSERT INTO version_parent (negotiation, version,"
                          " position, parent) VALUES ($1, $2, $3, $4)",
                          PgParams()
                              .Int(version.negotiation)
                              .Text(version.id)
                              .Int(static_cast<int64_t>(i))
                              .Text(version.parents[i]))
                    .status();
      }
      return added;
    });
  }

  Result<std::vector<Version>> Versions(int64_t negotiation,
                                        bool with_text) override {
    Result<PgResult> rows =
        conn_.Exec("listing versions",
                   std::string(kVersionColumns) +
                       "CASE WHEN $2 THEN text ELSE '' END FROM version"
                       " WHERE negotiation = $1 ORDER BY seq",
                   PgParams().Int(negotiation).Bool(with_text));
    if (!rows.ok()) return rows.status();
    Result<ParentMap> parents = Parents(negotiation, "");
    if (!parents.ok()) return parents.status();
    std::vector<Version> versions;
    versions.reserve(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      versions.push_back(ReadVersionRow(*rows, i, negotiation));
      auto found = parents->find(versions.back().id);
      if (found != parents->end()) {
        versions.back().parents = std::move(found->second);
      }
    }
    return versions;
  }

  Result<std::optional<Version>> FindVersion(int64_t negotiation,
                                             const std::string& id) override {
    Result<PgResult> rows =
        conn_.Exec("finding a version",
                   std::string(kVersionColumns) +
                       "text FROM version WHERE negotiation = $1 AND id = $2",
                   PgParams().Int(negotiation).Text(id));
    if (!rows.ok()) return rows.status();
    if (rows->rows() == 0) return std::optional<Version>();
    Version version = ReadVersionRow(*rows, 0, negotiation);
    Result<ParentMap> parents = Parents(negotiation, id);
    if (!parents.ok()) return parents.status();
    version.parents = std::move((*parents)[id]);
    return std::optional<Version>(std::move(version));
  }

  Result<int64_t> AddStance(const Stance& stance) override {
    Status added = AddStances({stance});
    if (!added.ok()) return added;
    Result<PgResult> last =
        conn_.Exec("numbering a stance",
                   "SELECT max(seq) FROM stance WHERE negotiation = $1",
                   PgParams().Int(stance.negotiation));
    if (!last.ok()) return last.status();
    return last->Int(0, 0);
  }

  Status AddStances(const std::vector<Stance>& stances) override {
    if (stances.empty()) return Status::Ok();
    // One statement with one array per column: a round trip per stance, or
    // thousands of parameters to parse and bind, were most of the time of
    // an import that carries thousands of stances forward.
    ArrayLiteral version, point, party, kind, note, internal, author, at,
        inherited_from;
    for (const Stance& t : stances) {
      version.Text(t.version);
      point.Text(t.point);
      party.Int(t.party);
      kind.Text(StanceKindName(t.stance));
      note.Text(t.note);
      internal.Bool(t.internal);
      author.Text(t.author);
      at.Text(t.at);
      inherited_from.Text(t.inherited_from);
    }
    return Write("adding stances",
                 "INSERT INTO stance (seq, negotiation, version, point, party,"
                 " stance, note, internal, author, at, inherited_from)"
                 " SELECT base.seq + v.i, $1, v.version, v.point, v.party,"
                 " v.stance, v.note, v.internal, v.author, v.at,"
                 " v.inherited_from FROM (SELECT coalesce(max(seq), 0) AS seq"
                 " FROM stance WHERE negotiation = $1) AS base,"
                 " unnest($2::text[], $3::text[], $4::bigint[], $5::text[],"
                 " $6::text[], $7::boolean[], $8::text[], $9::text[],"
                 " $10::text[]) WITH ORDINALITY AS v (version, point, party,"
                 " stance, note, internal, author, at, inherited_from, i)"
                 " ORDER BY v.i",
                 PgParams()
                     .Int(stances.front().negotiation)
                     .Text(version.Take())
                     .Text(point.Take())
                     .Text(party.Take())
                     .Text(kind.Take())
                     .Text(note.Take())
                     .Text(internal.Take())
                     .Text(author.Take())
                     .Text(at.Take())
                     .Text(inherited_from.Take()))
        .status();
  }

  Result<std::vector<Stance>> Stances(int64_t negotiation,
                                      const std::string& version) override {
    // Two statements rather than "($2 = '' OR version = $2)": the planner
    // cannot use the (negotiation, version, seq) index for that one.
    Result<PgResult> rows =
        version.empty()
            ? conn_.Exec("listing stances",
                         "SELECT seq, version, point, party, stance, note,"
                         " internal, author, at, inherited_from FROM stance"
                         " WHERE negotiation = $1 ORDER BY seq",
                         PgParams().Int(negotiation))
            : conn_.Exec("listing stances",
                         "SELECT seq, version, point, party, stance, note,"
                         " internal, author, at, inherited_from FROM stance"
                         " WHERE negotiation = $1 AND version = $2"
                         " ORDER BY seq",
                         PgParams().Int(negotiation).Text(version));
    if (!rows.ok()) return rows.status();
    std::vector<Stance> stances(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      Stance& stance = stances[i];
      stance.seq = rows->Int(i, 0);
      stance.negotiation = negotiation;
      stance.version = rows->Text(i, 1);
      stance.point = rows->Text(i, 2);
      stance.party = rows->Int(i, 3);
      Result<StanceKind> kind = ParseStanceKind(rows->Text(i, 4));
      if (!kind.ok()) return Corrupt("stance", kind.status());
      stance.stance = *kind;
      stance.note = rows->Text(i, 5);
      stance.internal = rows->Bool(i, 6);
      stance.author = rows->Text(i, 7);
      stance.at = rows->Text(i, 8);
      stance.inherited_from = rows->Text(i, 9);
    }
    return stances;
  }

  Result<int64_t> AddShare(const Share& share) override {
    Result<PgResult> added =
        Write("adding a share",
              "INSERT INTO share (seq, negotiation, version, party, at, "
              "shared_by, channel) SELECT coalesce(max(seq), 0) + 1, $1, $2, "
              "$3, $4, $5, $6 FROM share WHERE negotiation = $1 RETURNING seq",
              PgParams()
                  .Int(share.negotiation)
                  .Text(share.version)
                  .Int(share.party)
                  .Text(share.at)
                  .Text(share.by)
                  .Text(share.channel));
    if (!added.ok()) return added.status();
    return added->Int(0, 0);
  }

  Result<std::vector<Share>> Shares(int64_t negotiation) override {
    Result<PgResult> rows = conn_.Exec(
        "listing shares",
        "SELECT seq, version, party, at, shared_by, channel FROM share"
        " WHERE negotiation = $1 ORDER BY seq",
        PgParams().Int(negotiation));
    if (!rows.ok()) return rows.status();
    std::vector<Share> shares(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      shares[i].seq = rows->Int(i, 0);
      shares[i].negotiation = negotiation;
      shares[i].version = rows->Text(i, 1);
      shares[i].party = rows->Int(i, 2);
      shares[i].at = rows->Text(i, 3);
      shares[i].by = rows->Text(i, 4);
      shares[i].channel = rows->Text(i, 5);
    }
    return shares;
  }

  Status AddOpening(const Opening& opening) override {
    return Write("adding an opening",
                 "INSERT INTO opening (seq, negotiation, version, party,"
                 " member, at) SELECT coalesce(max(seq), 0) + 1, $1, $2, $3,"
                 " $4, $5 FROM opening WHERE negotiation = $1",
                 PgParams()
                     .Int(opening.negotiation)
                     .Text(opening.version)
                     .Int(opening.party)
                     .Text(opening.member)
                     .Text(opening.at))
        .status();
  }

  Result<std::vector<Opening>> Openings(int64_t negotiation) override {
    Result<PgResult> rows =
        conn_.Exec("listing openings",
                   "SELECT seq, version, party, member, at FROM opening"
                   " WHERE negotiation = $1 ORDER BY seq",
                   PgParams().Int(negotiation));
    if (!rows.ok()) return rows.status();
    std::vector<Opening> openings(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      openings[i].seq = rows->Int(i, 0);
      openings[i].negotiation = negotiation;
      openings[i].version = rows->Text(i, 1);
      openings[i].party = rows->Int(i, 2);
      openings[i].member = rows->Text(i, 3);
      openings[i].at = rows->Text(i, 4);
    }
    return openings;
  }

  Result<bool> Empty() override {
    Result<PgResult> empty =
        conn_.Exec("checking for negotiations",
                   "SELECT NOT EXISTS (SELECT 1 FROM negotiation)");
    if (!empty.ok()) return empty.status();
    return empty->Bool(0, 0);
  }

  Result<bool> SharedWith(int64_t negotiation, const std::string& version,
                          int64_t party) override {
    Result<PgResult> shared =
        conn_.Exec("checking a share",
                   "SELECT EXISTS (SELECT 1 FROM share WHERE negotiation = $1"
                   " AND version = $2 AND party = $3)",
                   PgParams().Int(negotiation).Text(version).Int(party));
    if (!shared.ok()) return shared.status();
    return shared->Bool(0, 0);
  }

  Result<bool> Opened(int64_t negotiation, const std::string& version,
                      int64_t party, const std::string& member) override {
    Result<PgResult> opened = conn_.Exec(
        "checking an opening",
        "SELECT EXISTS (SELECT 1 FROM opening WHERE negotiation = $1"
        " AND version = $2 AND party = $3 AND member = $4)",
        PgParams().Int(negotiation).Text(version).Int(party).Text(member));
    if (!opened.ok()) return opened.status();
    return opened->Bool(0, 0);
  }

  Result<int64_t> AddUser(const User& user) override {
    Result<PgResult> id = Write("adding a user",
                                "INSERT INTO app_user (name, password_hash,"
                                " admin, created_at) VALUES ($1, $2, $3, $4)"
                                " RETURNING id",
                                PgParams()
                                    .Text(user.name)
                                    .Text(user.password_hash)
                                    .Bool(user.admin)
                                    .Text(user.created_at));
    if (!id.ok()) return id.status();
    return id->Int(0, 0);
  }

  Result<std::optional<User>> FindUser(const std::string& name) override {
    Result<PgResult> rows =
        conn_.Exec("finding a user",
                   std::string(kUserColumns) + " FROM app_user WHERE name = $1",
                   PgParams().Text(name));
    if (!rows.ok()) return rows.status();
    if (rows->rows() == 0) return std::optional<User>();
    return std::optional<User>(ReadUserRow(*rows, 0));
  }

  Result<std::vector<User>> Users() override {
    Result<PgResult> rows =
        conn_.Exec("listing users",
                   std::string(kUserColumns) + " FROM app_user ORDER BY id");
    if (!rows.ok()) return rows.status();
    std::vector<User> users;
    users.reserve(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      users.push_back(ReadUserRow(*rows, i));
    }
    return users;
  }

  Status SetPasswordHash(int64_t user, const std::string& hash) override {
    return Atomically("setting a password", [&]() -> Status {
      Result<PgResult> updated = conn_.Exec(
          "setting a password",
          "UPDATE app_user SET password_hash = $2 WHERE id = $1 RETURNING id",
          PgParams().Int(user).Text(hash));
      if (!updated.ok()) return updated.status();
      if (updated->rows() == 0) return NoUser(user);
      return conn_
          .Exec("setting a password", "DELETE FROM session WHERE app_user = $1",
                PgParams().Int(user))
          .status();
    });
  }

  Status RemoveUser(int64_t user) override {
    return Atomically("removing a user", [&]() -> Status {
      for (const char* sql : {"DELETE FROM membership WHERE app_user = $1",
                              "DELETE FROM session WHERE app_user = $1"}) {
        Status removed =
            conn_.Exec("removing a user", sql, PgParams().Int(user)).status();
        if (!removed.ok()) return removed;
      }
      Result<PgResult> removed = conn_.Exec(
          "removing a user", "DELETE FROM app_user WHERE id = $1 RETURNING id",
          PgParams().Int(user));
      if (!removed.ok()) return removed.status();
      if (removed->rows() == 0) return NoUser(user);
      return Status::Ok();
    });
  }

  Status SetMembership(const Membership& membership) override {
    // Through the party row, so that a missing party, or one of another
    // negotiation, is kNotFound as on SQLite.
    Result<PgResult> set =
        Write("setting a membership",
              "INSERT INTO membership (app_user, negotiation, party)"
              " SELECT $1, negotiation, id FROM party WHERE id = $2"
              " AND negotiation = $3 ON CONFLICT (app_user, negotiation)"
              " DO UPDATE SET party = excluded.party RETURNING party",
              PgParams()
                  .Int(membership.user)
                  .Int(membership.party)
                  .Int(membership.negotiation));
    if (!set.ok()) return set.status();
    if (set->rows() == 0) {
      return Status::NotFound("no party " + std::to_string(membership.party) +
                              " in negotiation " +
                              std::to_string(membership.negotiation));
    }
    return Status::Ok();
  }

  Result<std::vector<Membership>> Memberships(int64_t user) override {
    return ReadMemberships(
        conn_.Exec("listing memberships",
                   "SELECT app_user, negotiation, party FROM membership"
                   " WHERE app_user = $1 ORDER BY negotiation",
                   PgParams().Int(user)));
  }

  Result<std::vector<Membership>> Members(int64_t negotiation) override {
    return ReadMemberships(
        conn_.Exec("listing members",
                   "SELECT app_user, negotiation, party FROM membership"
                   " WHERE negotiation = $1 ORDER BY app_user",
                   PgParams().Int(negotiation)));
  }

  Status AddSession(const Session& session) override {
    return Write("adding a session",
                 "INSERT INTO session (token_hash, app_user, created_at,"
                 " expires_at) VALUES ($1, $2, $3, $4)",
                 PgParams()
                     .Text(session.token_hash)
                     .Int(session.user)
                     .Text(session.created_at)
                     .Text(session.expires_at))
        .status();
  }

  Result<std::optional<User>> SessionUser(const std::string& token_hash,
                                          const std::string& now) override {
    Result<PgResult> rows =
        conn_.Exec("finding a session",
                   "SELECT u.id, u.name, u.password_hash, u.admin, u.created_at"
                   " FROM session AS s JOIN app_user AS u ON u.id = s.app_user"
                   " WHERE s.token_hash = $1 AND s.expires_at > $2",
                   PgParams().Text(token_hash).Text(now));
    if (!rows.ok()) return rows.status();
    if (rows->rows() == 0) return std::optional<User>();
    return std::optional<User>(ReadUserRow(*rows, 0));
  }

  Status RemoveSession(const std::string& token_hash) override {
    return Write("removing a session",
                 "DELETE FROM session WHERE token_hash = $1",
                 PgParams().Text(token_hash))
        .status();
  }

  Status RemoveExpiredSessions(const std::string& now) override {
    return Write("removing expired sessions",
                 "DELETE FROM session WHERE expires_at <= $1",
                 PgParams().Text(now))
        .status();
  }

  Status AddLoginFailure(const std::string& name,
                         const std::string& at) override {
    return Write("recording a failed login",
                 "INSERT INTO login_failure (name, at) VALUES ($1, $2)",
                 PgParams().Text(name).Text(at))
        .status();
  }

  Result<int64_t> LoginFailures(const std::string& name,
                                const std::string& since) override {
    Result<PgResult> count = conn_.Exec(
        "counting failed logins",
        "SELECT count(*) FROM login_failure WHERE name = $1 AND at >= $2",
        PgParams().Text(name).Text(since));
    if (!count.ok()) return count.status();
    return count->Int(0, 0);
  }

  Status ClearLoginFailures(const std::string& name) override {
    return Write("clearing failed logins",
                 "DELETE FROM login_failure WHERE name = $1",
                 PgParams().Text(name))
        .status();
  }

  Result<std::optional<AuditEntry>> LastAuditEntry() override {
    Result<PgResult> rows =
        conn_.Exec("reading the audit log",
                   std::string(kAuditColumns) + " ORDER BY seq DESC LIMIT 1");
    if (!rows.ok()) return rows.status();
    if (rows->rows() == 0) return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(ReadAuditRow(*rows, 0));
  }

  Status AddAuditEntries(const std::vector<AuditEntry>& entries) override {
    if (entries.empty()) return Status::Ok();
    // One statement, as for stances.
    ArrayLiteral seq, at, user, action, object, outcome, detail, prev_hash,
        hash, mac;
    for (const AuditEntry& e : entries) {
      seq.Int(e.seq);
      at.Text(e.at);
      user.Text(e.user);
      action.Text(e.action);
      object.Text(e.object);
      outcome.Text(e.outcome);
      detail.Text(e.detail);
      prev_hash.Text(e.prev_hash);
      hash.Text(e.hash);
      mac.Text(e.mac);
    }
    return Write("adding audit entries",
                 "INSERT INTO audit_entry (seq, at, user_name, action, object,"
                 " outcome, detail, prev_hash, hash, mac)"
                 " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[],"
                 " $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
                 " $9::text[], $10::text[])",
                 PgParams()
                     .Text(seq.Take())
                     .Text(at.Take())
                     .Text(user.Take())
                     .Text(action.Take())
                     .Text(object.Take())
                     .Text(outcome.Take())
                     .Text(detail.Take())
                     .Text(prev_hash.Take())
                     .Text(hash.Take())
                     .Text(mac.Take()))
        .status();
  }

  Result<std::vector<AuditEntry>> AuditEntries(int64_t after,
                                               int64_t limit) override {
    std::vector<AuditEntry> entries;
    if (limit <= 0) return entries;  // PostgreSQL refuses a negative LIMIT
    Result<PgResult> rows = conn_.Exec(
        "reading the audit log",
        std::string(kAuditColumns) + " WHERE seq > $1 ORDER BY seq LIMIT $2",
        PgParams().Int(after).Int(limit));
    if (!rows.ok()) return rows.status();
    entries.reserve(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      entries.push_back(ReadAuditRow(*rows, i));
    }
    return entries;
  }

 private:
  // Runs `write` so that it applies whole or not at all and a failure leaves
  // the transaction usable.
  template <typename Work>
  auto Atomically(std::string_view what, const Work& write)
      -> decltype(write()) {
    Status saved = conn_.Exec(what, "SAVEPOINT redline_write").status();
    if (!saved.ok()) return saved;
    auto result = write();
    if (result.ok()) {
      Status released =
          conn_.Exec(what, "RELEASE SAVEPOINT redline_write").status();
      if (!released.ok()) return released;
    } else {
      conn_.Exec(what, "ROLLBACK TO SAVEPOINT redline_write");
      conn_.Exec(what, "RELEASE SAVEPOINT redline_write");
    }
    return result;
  }

  // One INSERT, atomically.
  Result<PgResult> Write(std::string_view what, const std::string& sql,
                         const PgParams& params) {
    return Atomically(what, [&] { return conn_.Exec(what, sql, params); });
  }

  // The parents of `version` (of every version if empty).
  Result<ParentMap> Parents(int64_t negotiation, const std::string& version) {
    Result<PgResult> rows =
        conn_.Exec("listing parents",
                   "SELECT version, parent FROM version_parent"
                   " WHERE negotiation = $1 AND ($2 = '' OR version = $2)"
                   " ORDER BY version, position",
                   PgParams().Int(negotiation).Text(version));
    if (!rows.ok()) return rows.status();
    ParentMap parents;
    for (int i = 0; i < rows->rows(); ++i) {
      parents[rows->Text(i, 0)].push_back(rows->Text(i, 1));
    }
    return parents;
  }

  static Result<std::vector<Membership>> ReadMemberships(
      const Result<PgResult>& rows) {
    if (!rows.ok()) return rows.status();
    std::vector<Membership> memberships(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
      memberships[i].user = rows->Int(i, 0);
      memberships[i].negotiation = rows->Int(i, 1);
      memberships[i].party = rows->Int(i, 2);
    }
    return memberships;
  }

  static Status NoUser(int64_t user) {
    return Status::NotFound("no user with id " + std::to_string(user));
  }

  static Status Corrupt(std::string_view table, const Status& status) {
    return Status::Storage("unexpected value in table " + std::string(table) +
                           ": " + status.message());
  }

  PgConnection& conn_;
};

// One connection; write transactions queue on an advisory lock, reads run
// REPEATABLE READ (one snapshot per command) and READ ONLY.
// Thread-safety: one thread at a time, as every Store.
class PostgresStore final : public Store {
 public:
  PostgresStore(std::unique_ptr<PgConnection> conn, int busy_timeout_ms)
      : conn_(std::move(conn)), busy_timeout_ms_(busy_timeout_ms) {}

  Status Transact(bool write,
                  const std::function<Status(Transaction&)>& work) override {
    Status begun = Begin(write);
    // A server restart or an idle timeout ends the connection, and the
    // failed BEGIN is how we learn it: reconnect once, nothing is lost.
    if (!begun.ok() && !conn_->connected() && conn_->EnsureConnected()) {
      begun = Begin(write);
    }
    if (!begun.ok()) {
      return begun.code() == ErrorCode::kBusy ? begun
                                              : begun.WithContext(Describe());
    }
    // Rolls back whatever is left open, also when `work` throws.
    struct Guard {
      PgConnection& conn;
      ~Guard() { conn.RollbackIfOpen(); }
    } guard{*conn_};

    PostgresTransaction transaction(*conn_);
    Status status = work(transaction);
    if (!status.ok()) return status;
    Result<PgResult> commit = conn_->Exec("committing", "COMMIT");
    if (!commit.ok()) return commit.status().WithContext(Describe());
    // COMMIT of a transaction that an error aborted answers ROLLBACK.
    if (commit->command() != "COMMIT") {
      return Status::Storage(Describe() +
                             ": committing: the transaction failed earlier "
                             "and was rolled back");
    }
    return Status::Ok();
  }

  std::string Describe() const override { return conn_->describe(); }

 private:
  Status Begin(bool write) {
    if (write) return BeginPostgresWrite(*conn_, busy_timeout_ms_);
    Status begun =
        conn_
            ->Exec("starting a transaction",
                   "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .status();
    if (!begun.ok()) conn_->RollbackIfOpen();
    return begun;
  }

  std::unique_ptr<PgConnection> conn_;
  int busy_timeout_ms_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const StoreOptions& options) {
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::Connect(url);
  if (!conn.ok()) return conn.status();
  PgConnection& connection = **conn;
  const std::string& name = connection.describe();

  Result<PgResult> encoding =
      connection.Exec("reading the database encoding", "SHOW server_encoding");
  if (!encoding.ok()) return encoding.status().WithContext(name);
  if (encoding->Text(0, 0) != "UTF8") {
    return Status::Storage(name + ": the database's encoding is " +
                           encoding->Text(0, 0) +
                           "; redline needs a UTF8 database");
  }
  Status migrated = MigratePostgresSchema(connection, options.busy_timeout_ms);
  if (!migrated.ok()) return migrated;
  return std::unique_ptr<Store>(
      new PostgresStore(std::move(*conn), options.busy_timeout_ms));
}

}  // namespace redline
