// The store: where the negotiation record lives. One interface, two
// backends: SQLite (an embedded file, the default) and PostgreSQL (a
// server, for many users). The schema is documented in docs/store.md; both
// backends hold the same rows and pass the same test suite
// (src/store/store_test.cc).
//
// Every read and write happens inside Store::Transact, one transaction per
// command: all of it is committed or none.
//
// Thread-safety: a Store may be used by one thread at a time; a
// Transaction only inside the Transact call that handed it out. Several
// processes may open the same store at once: a write that meets another
// writer's lock waits a little, then fails with kBusy ("retry").

#ifndef REDLINE_STORE_H_
#define REDLINE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redline/status.h"

namespace redline {

enum class PartyKind : uint8_t { kMediator, kParty, kObserver };

// "mediator", "party" or "observer".
const char* PartyKindName(PartyKind kind);
// The kind named `name`, or kUsage naming the three.
Result<PartyKind> ParsePartyKind(const std::string& name);

enum class StanceKind : uint8_t {
  kAgree,
  kAgreeWithChanges,
  kDispute,
  kRedLine,
  kOpen,
};

// "agree", "agree-with-changes", "dispute", "red-line" or "open".
const char* StanceKindName(StanceKind kind);
// The stance named `name`, or kUsage naming the five.
Result<StanceKind> ParseStanceKind(const std::string& name);

// Times are UTC, ISO 8601 to the second: "2026-11-27T17:05:00Z".
struct Negotiation {
  int64_t id = 0;
  std::string name;
  std::string created_at;
};

struct Party {
  int64_t id = 0;
  int64_t negotiation = 0;
  std::string name;  // unique in its negotiation
  PartyKind kind = PartyKind::kParty;
};

// An immutable text of the negotiation. Its id is the hex BLAKE2b-256 of
// its text after removing a BOM and turning CRLF into LF (VersionId).
struct Version {
  std::string id;  // 64 hex digits
  int64_t negotiation = 0;
  std::string label;                 // unique in its negotiation
  int64_t author = 0;                // a party of the negotiation
  std::vector<std::string> parents;  // version ids, in the order given
  std::string created_at;
  std::string note;
  std::string text;  // as imported, byte for byte (empty if not loaded)
  int64_t seq = 0;   // 1, 2, ... in order of import within the negotiation
};

// One party's position on one point of one version. Never overwritten: a
// later stance on the same (version, point, party) supersedes the earlier
// one, which stays in the history.
struct Stance {
  int64_t seq = 0;  // order of recording in the negotiation, from 1
  int64_t negotiation = 0;
  std::string version;
  std::string point;  // a point id of the version, or "preamble"
  int64_t party = 0;
  StanceKind stance = StanceKind::kOpen;
  std::string note;
  bool internal = false;  // never shown outside the party (by the server)
  std::string author;     // who recorded it
  std::string at;
  // The version it was carried forward from when the version was imported
  // (the point aligned "same"); empty when set directly.
  std::string inherited_from;
};

// A version shown to a party: the distribution ledger.
struct Share {
  int64_t seq = 0;
  int64_t negotiation = 0;
  std::string version;
  int64_t party = 0;
  std::string at;
  std::string by;       // who shared it
  std::string channel;  // "e-mail", "meeting", "server", ...
};

// The first time a member of a party opened a version (the server records
// these; the CLI only reads them).
struct Opening {
  int64_t seq = 0;
  int64_t negotiation = 0;
  std::string version;
  int64_t party = 0;
  std::string member;
  std::string at;
};

// An account on the server (`redline user add`).
struct User {
  int64_t id = 0;
  std::string name;           // unique
  std::string password_hash;  // argon2id, in libsodium's string format
  bool admin = false;         // may create negotiations
  std::string created_at;
};

// A user acting for one party of a negotiation: a member of that party.
// A user is a member of at most one party per negotiation.
struct Membership {
  int64_t user = 0;
  int64_t negotiation = 0;
  int64_t party = 0;
};

// A login session. The token is never stored, only its hash, so that a
// copy of the store opens no session.
struct Session {
  std::string token_hash;  // hex BLAKE2b-256 of the token
  int64_t user = 0;
  std::string created_at;
  std::string expires_at;
};

// One entry of the audit log. The chain (hash, mac) is computed by
// audit.h; the store keeps entries as given.
struct AuditEntry {
  int64_t seq = 0;  // 1, 2, ... with no gap
  std::string at;
  std::string user;     // who; "" when nobody is logged in
  std::string action;   // "login", "login-failed", "import", "denied", ...
  std::string object;   // what it concerned, e.g. "negotiation/1/version/ab12"
  std::string outcome;  // "ok" or the error code
  std::string detail;   // a JSON object
  std::string prev_hash;  // the previous entry's hash ("" for the first)
  std::string hash;       // hex
  std::string mac;        // hex
};

// Reads and writes of one transaction. Methods return kStorage when the
// database fails and kBusy when it is locked; they never partially apply.
// Ids (parties, negotiations) are assigned by the store.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Result<int64_t> AddNegotiation(const Negotiation& negotiation) = 0;
  // In order of creation.
  virtual Result<std::vector<Negotiation>> Negotiations() = 0;

  virtual Result<int64_t> AddParty(const Party& party) = 0;
  // In order of creation.
  virtual Result<std::vector<Party>> Parties(int64_t negotiation) = 0;

  // REQUIRES: no version with this id or label in the negotiation; parents
  // and author exist. `version.seq` is ignored (the store numbers it).
  virtual Status AddVersion(const Version& version) = 0;
  // In order of import; texts are loaded only if `with_text`.
  virtual Result<std::vector<Version>> Versions(int64_t negotiation,
                                                bool with_text) = 0;
  // The version with this full id, with its text, or nullopt.
  virtual Result<std::optional<Version>> FindVersion(int64_t negotiation,
                                                     const std::string& id) = 0;

  // `stance.seq` is ignored: the store numbers it and returns the number.
  virtual Result<int64_t> AddStance(const Stance& stance) = 0;
  // Adds `stances` in order, all or none: what AddStance does for each, in
  // few statements (carrying a version's stances forward writes thousands).
  virtual Status AddStances(const std::vector<Stance>& stances) = 0;
  // Every stance on `version` (all versions if empty), in order of
  // recording.
  virtual Result<std::vector<Stance>> Stances(int64_t negotiation,
                                              const std::string& version) = 0;

  // `share.seq` is ignored: the store numbers it and returns the number.
  virtual Result<int64_t> AddShare(const Share& share) = 0;
  // In order of recording.
  virtual Result<std::vector<Share>> Shares(int64_t negotiation) = 0;

  virtual Status AddOpening(const Opening& opening) = 0;
  virtual Result<std::vector<Opening>> Openings(int64_t negotiation) = 0;

  // Whether `version` was shared with `party`; whether `member` of `party`
  // has opened it.
  virtual Result<bool> SharedWith(int64_t negotiation,
                                  const std::string& version,
                                  int64_t party) = 0;
  virtual Result<bool> Opened(int64_t negotiation, const std::string& version,
                              int64_t party, const std::string& member) = 0;

  // Whether the store holds no negotiation at all.
  virtual Result<bool> Empty() = 0;

  // Accounts. REQUIRES for AddUser: no user of that name.
  virtual Result<int64_t> AddUser(const User& user) = 0;
  virtual Result<std::optional<User>> FindUser(const std::string& name) = 0;
  // In order of creation.
  virtual Result<std::vector<User>> Users() = 0;
  // Sets the hash and ends all of the user's sessions. kNotFound for an
  // unknown user (so does RemoveUser).
  virtual Status SetPasswordHash(int64_t user, const std::string& hash) = 0;
  // Removes the user with its memberships and sessions.
  virtual Status RemoveUser(int64_t user) = 0;

  // Makes the user a member of the party, replacing any membership in the
  // party's negotiation. kNotFound when the party is not one of that
  // negotiation. REQUIRES: the user exists.
  virtual Status SetMembership(const Membership& membership) = 0;
  // The user's memberships, by negotiation.
  virtual Result<std::vector<Membership>> Memberships(int64_t user) = 0;
  // The members of the negotiation's parties, by user.
  virtual Result<std::vector<Membership>> Members(int64_t negotiation) = 0;

  virtual Status AddSession(const Session& session) = 0;
  // The user of the session with this token hash if it expires after
  // `now`, else nullopt.
  virtual Result<std::optional<User>> SessionUser(const std::string& token_hash,
                                                  const std::string& now) = 0;
  virtual Status RemoveSession(const std::string& token_hash) = 0;
  // Removes sessions that expired at or before `now`.
  virtual Status RemoveExpiredSessions(const std::string& now) = 0;

  // Failed logins under a user name, for throttling.
  virtual Status AddLoginFailure(const std::string& name,
                                 const std::string& at) = 0;
  // How many failures under `name` happened at or after `since`.
  virtual Result<int64_t> LoginFailures(const std::string& name,
                                        const std::string& since) = 0;
  virtual Status ClearLoginFailures(const std::string& name) = 0;

  // The audit log: entries are only ever appended.
  virtual Result<std::optional<AuditEntry>> LastAuditEntry() = 0;
  // REQUIRES: the entries continue the log's seq numbering.
  virtual Status AddAuditEntries(const std::vector<AuditEntry>& entries) = 0;
  // At most `limit` entries with seq > `after`, in order (none when
  // `limit` <= 0).
  virtual Result<std::vector<AuditEntry>> AuditEntries(int64_t after,
                                                       int64_t limit) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction and commits it if `work` returns OK;
  // otherwise rolls back and returns `work`'s status. `write` transactions
  // take the write lock at the start, so that two writers never both read
  // and then collide. A lock held longer than the busy timeout gives kBusy.
  virtual Status Transact(bool write,
                          const std::function<Status(Transaction&)>& work) = 0;

  // "sqlite:PATH" or the PostgreSQL URL: for messages.
  virtual std::string Describe() const = 0;
};

struct StoreOptions {
  // Create (and migrate) the SQLite file when it does not exist. When
  // false, a missing file is kNotFound.
  bool create = false;
  // How long a transaction waits for another writer's lock before giving
  // up with kBusy. Default 2 s.
  int busy_timeout_ms = 2000;
};

// Whether `location` names a PostgreSQL store: a "postgresql://" or
// "postgres://" URL.
bool IsPostgresLocation(std::string_view location);

// Opens the store at `location`: a PostgreSQL URL (IsPostgresLocation) is a
// PostgreSQL store; anything else is the path of an SQLite file. The schema
// is created or migrated to the current version; a store written by a newer
// redline (a higher schema version) is refused with kStorage.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                         const StoreOptions& options);

// The schema version this build writes.
inline constexpr int kSchemaVersion = 2;

}  // namespace redline

#endif  // REDLINE_STORE_H_
