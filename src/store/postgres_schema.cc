#include "store/postgres_schema.h"

#include <iterator>
#include <string>

#include "redline/store.h"

namespace redline {
namespace {

// The key of the advisory lock every writer takes: "redline" in ASCII.
// Advisory locks are per database, so stores in other databases of the same
// server never wait for each other.
constexpr int64_t kWriteLockKey = 0x7265646c696e65;

// Migration N brings the schema from version N-1 to N. Append new ones;
// never edit one that has shipped.
constexpr const char* kMigrations[] = {
    // 1: the negotiation record.
    R"sql(
CREATE TABLE schema_info (
  version integer NOT NULL
);
INSERT INTO schema_info (version) VALUES (0);

CREATE TABLE negotiation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at text NOT NULL
);

CREATE TABLE party (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  negotiation bigint NOT NULL REFERENCES negotiation (id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('mediator', 'party', 'observer')),
  UNIQUE (negotiation, name),
  -- The target of the (negotiation, party) foreign keys below, which keep
  -- every reference to a party inside its negotiation.
  UNIQUE (negotiation, id)
);

CREATE TABLE version (
  negotiation bigint NOT NULL REFERENCES negotiation (id),
  id text NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  label text NOT NULL,
  author bigint NOT NULL,
  created_at text NOT NULL,
  note text NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (negotiation, id),
  UNIQUE (negotiation, label),
  UNIQUE (negotiation, seq),
  FOREIGN KEY (negotiation, author) REFERENCES party (negotiation, id)
);

CREATE TABLE version_parent (
  negotiation bigint NOT NULL,
  version text NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  parent text NOT NULL,
  PRIMARY KEY (negotiation, version, position),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id),
  FOREIGN KEY (negotiation, parent) REFERENCES version (negotiation, id)
);

CREATE TABLE stance (
  seq bigint NOT NULL CHECK (seq > 0),
  -- The negotiation is checked through the version and the party: a third
  -- foreign key would only slow the thousands of rows an import carries.
  negotiation bigint NOT NULL,
  version text NOT NULL,
  point text NOT NULL,
  party bigint NOT NULL,
  stance text NOT NULL CHECK (stance IN ('agree', 'agree-with-changes',
                                         'dispute', 'red-line', 'open')),
  note text NOT NULL,
  internal boolean NOT NULL,
  author text NOT NULL,
  at text NOT NULL,
  inherited_from text NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id),
  FOREIGN KEY (negotiation, party) REFERENCES party (negotiation, id)
);
CREATE INDEX stance_by_version ON stance (negotiation, version, seq);

CREATE TABLE share (
  seq bigint NOT NULL CHECK (seq > 0),
  negotiation bigint NOT NULL REFERENCES negotiation (id),
  version text NOT NULL,
  party bigint NOT NULL,
  at text NOT NULL,
  shared_by text NOT NULL,
  channel text NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id),
  FOREIGN KEY (negotiation, party) REFERENCES party (negotiation, id)
);

CREATE TABLE opening (
  seq bigint NOT NULL CHECK (seq > 0),
  negotiation bigint NOT NULL REFERENCES negotiation (id),
  version text NOT NULL,
  party bigint NOT NULL,
  member text NOT NULL,
  at text NOT NULL,
  PRIMARY KEY (negotiation, seq),
  FOREIGN KEY (negotiation, version) REFERENCES version (negotiation, id),
  FOREIGN KEY (negotiation, party) REFERENCES party (negotiation, id)
);
)sql",
    // 2: accounts, sessions, throttling of logins, the audit log; indexes
    // for the server's ledger lookups. `user` is reserved in PostgreSQL,
    // hence app_user and user_name.
    R"sql(
CREATE TABLE app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  admin boolean NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE membership (
  app_user bigint NOT NULL REFERENCES app_user (id),
  negotiation bigint NOT NULL REFERENCES negotiation (id),
  party bigint NOT NULL,
  PRIMARY KEY (app_user, negotiation),
  FOREIGN KEY (negotiation, party) REFERENCES party (negotiation, id)
);
CREATE INDEX membership_by_negotiation ON membership (negotiation, app_user);

CREATE TABLE session (
  token_hash text PRIMARY KEY,
  app_user bigint NOT NULL REFERENCES app_user (id),
  created_at text NOT NULL,
  -- Times are compared as text: byte order is time order, whatever the
  -- database's collation says.
  expires_at text COLLATE "C" NOT NULL
);
CREATE INDEX session_by_expiry ON session (expires_at);
CREATE INDEX session_by_user ON session (app_user);

CREATE TABLE login_failure (
  name text NOT NULL,
  at text COLLATE "C" NOT NULL
);
CREATE INDEX login_failure_by_name ON login_failure (name, at);

CREATE TABLE audit_entry (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  at text NOT NULL,
  user_name text NOT NULL,
  action text NOT NULL,
  object text NOT NULL,
  outcome text NOT NULL,
  detail text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  mac text NOT NULL
);

CREATE INDEX share_by_version ON share (negotiation, version, party);
CREATE INDEX opening_by_version ON opening (negotiation, version, party,
                                            member);
)sql",
};

static_assert(std::size(kMigrations) == kSchemaVersion,
              "one migration per schema version");

// The schema version of the database: 0 when it has no schema_info table.
Result<int> ReadVersion(PgConnection& conn) {
  // Two statements: a query naming a missing table fails however guarded.
  Result<PgResult> exists =
      conn.Exec("reading the schema version",
                "SELECT to_regclass('schema_info') IS NOT NULL");
  if (!exists.ok()) return exists.status();
  if (!exists->Bool(0, 0)) return 0;
  Result<PgResult> version =
      conn.Exec("reading the schema version",
                "SELECT coalesce(max(version), 0) FROM schema_info");
  if (!version.ok()) return version.status();
  return static_cast<int>(version->Int(0, 0));
}

Status Newer(const PgConnection& conn, int version) {
  return Status::Storage(conn.describe() +
                         " was written by a newer redline (schema " +
                         std::to_string(version) + ", this build knows " +
                         std::to_string(kSchemaVersion) + ")");
}

// Applies the migrations after `version`, then records the new version.
Status ApplyMigrations(PgConnection& conn, int version) {
  for (int next = version + 1; next <= kSchemaVersion; ++next) {
    Status applied = conn.ExecScript(
        "migrating the schema to version " + std::to_string(next),
        kMigrations[next - 1]);
    if (!applied.ok()) return applied;
  }
  return conn
      .Exec("recording the schema version",
            "UPDATE schema_info SET version = $1",
            PgParams().Int(kSchemaVersion))
      .status();
}

}  // namespace

Status BeginPostgresWrite(PgConnection& conn, int busy_timeout_ms) {
  Status status = conn.Exec("starting a write transaction", "BEGIN").status();
  if (status.ok() && busy_timeout_ms > 0) {
    status = conn.Exec("setting the lock timeout",
                       "SELECT set_config('lock_timeout', $1, true)",
                       PgParams().Text(std::to_string(busy_timeout_ms) + "ms"))
                 .status();
  }
  bool locked = false;
  if (status.ok() && busy_timeout_ms > 0) {
    status =
        conn.Exec("taking the write lock", "SELECT pg_advisory_xact_lock($1)",
                  PgParams().Int(kWriteLockKey))
            .status();
    locked = status.ok();
  } else if (status.ok()) {
    Result<PgResult> tried = conn.Exec("taking the write lock",
                                       "SELECT pg_try_advisory_xact_lock($1)",
                                       PgParams().Int(kWriteLockKey));
    status = tried.status();
    locked = tried.ok() && tried->Bool(0, 0);
  }
  if (status.ok() && locked) return status;
  conn.RollbackIfOpen();
  if (status.ok() || status.code() == ErrorCode::kBusy) {
    // The same words as the SQLite store's.
    return Status::Busy(
        "the store is busy: another redline is writing to it; retry");
  }
  return status;
}

Status MigratePostgresSchema(PgConnection& conn, int busy_timeout_ms) {
  // Outside a transaction first: a current schema needs no lock.
  Result<int> version = ReadVersion(conn);
  if (!version.ok()) return version.status().WithContext(conn.describe());
  if (*version > kSchemaVersion) return Newer(conn, *version);
  if (*version == kSchemaVersion) return Status::Ok();

  // Another redline may be migrating too: the lock queues us behind it, and
  // the version is read again under the lock.
  Status status = BeginPostgresWrite(conn, busy_timeout_ms);
  if (status.code() == ErrorCode::kBusy) return status;
  if (status.ok()) {
    version = ReadVersion(conn);
    status = version.status();
  }
  if (status.ok() && *version > kSchemaVersion) {
    conn.RollbackIfOpen();
    return Newer(conn, *version);
  }
  if (status.ok() && *version < kSchemaVersion) {
    status = ApplyMigrations(conn, *version);
  }
  if (status.ok()) {
    status = conn.Exec("committing the migration", "COMMIT").status();
  }
  conn.RollbackIfOpen();
  return status.WithContext(conn.describe());
}

}  // namespace redline
