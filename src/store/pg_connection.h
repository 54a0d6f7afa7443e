// A small RAII wrapper over libpq's C API for the PostgreSQL store: one
// connection, parameterised statements, results, and libpq's errors turned
// into Status values. Private to src/store; libpq's header stays in the .cc.
//
// Thread-safety: a PgConnection may be used by one thread at a time.
// PgParams and PgResult are plain values owned by one thread.

#ifndef REDLINE_STORE_PG_CONNECTION_H_
#define REDLINE_STORE_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redline/status.h"

struct pg_conn;
struct pg_result;

namespace redline {

// `url` without its password (from the user info and from any `password=`
// query parameter), for messages: "postgresql://ann@db.example/talks".
std::string RedactPostgresUrl(std::string_view url);

// The parameters of one statement, $1, $2, ... in the order added. Values
// are copied; text goes to the server byte for byte (binary format), so an
// embedded NUL is refused by the server rather than silently cut.
class PgParams {
 public:
  PgParams& Text(std::string_view value);
  PgParams& Int(int64_t value);
  PgParams& Bool(bool value);

  int size() const { return static_cast<int>(values_.size()); }
  // Arrays for PQexecParams, valid while this object is unchanged.
  std::vector<const char*> Values() const;
  const std::vector<unsigned>& types() const { return types_; }
  const std::vector<int>& lengths() const { return lengths_; }
  const std::vector<int>& formats() const { return formats_; }

 private:
  std::vector<std::string> values_;
  std::vector<unsigned> types_;  // OIDs
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// The rows of a successful statement, in text format. Movable, not
// copyable.
class PgResult {
 public:
  explicit PgResult(pg_result* result);
  ~PgResult();
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  // The command tag: "COMMIT", "INSERT 0 1", "ROLLBACK", ...
  std::string command() const;
  // Column `column` of row `row` as text; "" for NULL.
  // REQUIRES: row < rows() and column is a column of the result.
  std::string Text(int row, int column) const;
  // The same parsed as a decimal integer (0 if it is not one).
  int64_t Int(int row, int column) const;
  // The same as a boolean ("t").
  bool Bool(int row, int column) const;

 private:
  pg_result* result_;  // owned; null once moved from
};

// One open connection to a PostgreSQL server.
class PgConnection {
 public:
  // Connects to `url` (a libpq connection URI or key=value string) with
  // client_encoding UTF8 and, unless the URL says otherwise, a 10 s connect
  // timeout. kStorage when the URL is malformed or the server cannot be
  // reached or refuses; the message names host, port and database, never
  // the password.
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& url);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with `params` ($1, ...). On failure: kBusy for a lock
  // timeout (SQLSTATE 55P03), a serialization failure (40001) or a deadlock
  // (40P01); kStorage for anything else. The message starts with `what`
  // ("adding a party") and carries the server's message and detail:
  // "adding a party: duplicate key value violates unique constraint
  // "party_negotiation_name_key": Key (negotiation, name)=(1, Ann) already
  // exists."
  Result<PgResult> Exec(std::string_view what, const std::string& sql,
                        const PgParams& params = PgParams());

  // Runs `sql`, which may hold several statements and takes no parameters
  // (the migrations). Errors as for Exec.
  Status ExecScript(std::string_view what, const char* sql);

  // Ends the current transaction, if any, with ROLLBACK; errors are
  // ignored (a lost connection has no transaction left).
  void RollbackIfOpen();

  // Whether the connection is still up (as far as libpq knows: a server
  // that went away is noticed by the next statement, which fails).
  bool connected() const;
  // Whether the connection is up; if not, tries once to reconnect.
  bool EnsureConnected();

  // The redacted URL (RedactPostgresUrl).
  const std::string& describe() const { return describe_; }

 private:
  PgConnection(pg_conn* conn, std::string describe);
  // Wraps `raw` (owned, may be null) as a result or a failed status.
  Result<PgResult> Check(std::string_view what, pg_result* raw);

  pg_conn* conn_;  // owned, never null
  std::string describe_;
};

}  // namespace redline

#endif  // REDLINE_STORE_PG_CONNECTION_H_
