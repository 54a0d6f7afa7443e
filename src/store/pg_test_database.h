// Test support for the PostgreSQL store: a fresh database per test on the
// server that REDLINE_TEST_PG names (scripts/pg-test-server starts one).
// Linked into the test binary only.
//
// Thread-safety: a PgTestDatabase may be used by one thread at a time.

#ifndef REDLINE_STORE_PG_TEST_DATABASE_H_
#define REDLINE_STORE_PG_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "redline/status.h"
#include "store/pg_connection.h"

namespace redline {

// The URL in REDLINE_TEST_PG, or "" when it is unset. Tests skip without
// it, unless PgTestServerRequired().
std::string PgTestServerUrl();

// Whether CI=true: then a missing server fails the tests instead.
bool PgTestServerRequired();

// A uniquely named empty database on the test server, created by the
// constructor and dropped (with any connections to it) by the destructor.
class PgTestDatabase {
 public:
  // Connects to `server_url` (its database is the maintenance database)
  // and creates the database; status() says whether that worked.
  explicit PgTestDatabase(const std::string& server_url);
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const Status& status() const { return status_; }
  // The URL of the new database: `server_url` with a dbname parameter.
  const std::string& url() const { return url_; }

  // Runs one statement in the new database on a connection of its own
  // (opened on first use) and returns its result.
  Result<PgResult> Exec(const std::string& sql,
                        const PgParams& params = PgParams());

 private:
  std::unique_ptr<PgConnection> maintenance_;
  std::unique_ptr<PgConnection> connection_;  // to the new database
  std::string name_;
  std::string url_;
  Status status_;
};

}  // namespace redline

#endif  // REDLINE_STORE_PG_TEST_DATABASE_H_
