// The fixture of the server's end-to-end tests: a store made with the real
// `redline` binary, `redline serve` processes on it, and an HTTP client.

#ifndef REDLINE_TESTS_E2E_SERVER_FIXTURE_H_
#define REDLINE_TESTS_E2E_SERVER_FIXTURE_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli_fixture.h"
#include "nlohmann/json.hpp"
#include "store/pg_test_database.h"

namespace redline_e2e {

using Json = nlohmann::json;

struct HttpReply {
  int status = 0;  // 0: no reply (the connection failed or was closed)
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased

  // The body as JSON (discarded when it is not JSON).
  Json json() const { return Json::parse(body, nullptr, false); }
  // error.code of a JSON error body, or "".
  std::string error_code() const;
};

// Checks replies against the schemas of the server's OpenAPI document.
// Thread-safe.
class Schemas {
 public:
  explicit Schemas(Json document) : document_(std::move(document)) {}

  // "" when `reply` matches the schema the document gives for `path` (a
  // template such as "/api/negotiations/{negotiation}"), `method` (lower
  // case) and the reply's status (or the operation's "default"); else what
  // is wrong. Bodies that are not JSON (html, md, text formats) are checked
  // for their status only.
  std::string Check(const HttpReply& reply, const std::string& path,
                    const std::string& method) const;

  // The template of the document's path that `target` (a concrete path,
  // possibly with a query) matches, or "".
  std::string Template(const std::string& target) const;

 private:
  Json document_;
};

// Every reply an HttpClient receives is checked against the OpenAPI
// document of the first server a client connected to (fetched once per
// process); problems are collected for ServerTest::TearDown.
std::vector<std::string> TakeSchemaProblems();

// One keep-alive HTTP/1.1 connection to 127.0.0.1:port, reopened when the
// server closed it. Not thread-safe: one per thread.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a request; `token` (if not empty) as a Bearer token; a non-empty
  // body as application/json.
  HttpReply Send(
      const std::string& method, const std::string& target,
      const std::string& body = "", const std::string& token = "",
      const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpReply Get(const std::string& target, const std::string& token) {
    return Send("GET", target, "", token);
  }
  HttpReply Post(const std::string& target, const Json& body,
                 const std::string& token) {
    return Send("POST", target, body.dump(), token);
  }

  // Writes raw bytes on a fresh connection and returns what comes back
  // until the server closes it or `timeout_ms` passes.
  std::string Raw(const std::string& bytes, int timeout_ms = 3000);

 private:
  // Adds a problem to TakeSchemaProblems when `reply` does not match the
  // OpenAPI document.
  void CheckSchema(const std::string& method, const std::string& target,
                   const HttpReply& reply);

  struct Connection;
  uint16_t port_;
  std::unique_ptr<Connection> connection_;
};

// A `redline serve` process (or the test-only mutant) on a store, on an
// ephemeral port. The constructor waits until it listens.
class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::string& db,
                const std::string& audit_key,
                const std::vector<std::string>& environment = {});
  ~ServerProcess();  // SIGTERM, then waits for it to exit
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool ok() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  // Stops it (SIGTERM) and returns its exit status (-1 if killed).
  int Stop();

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// The sample negotiation the server tests use: "Lake Orva talks" with the
// parties Mediator (mediator), Norland and Kestria (parties) and Mission
// (observer), and one user per party: mara (Mediator), nils (Norland),
// kira (Kestria), otto (Mission), plus admin (administrator, no party) and
// nobody (no membership). Every password is kPassword.
inline constexpr char kPassword[] = "correct horse battery";

class ServerTest : public CliTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // "sqlite" (the default) or "postgres": a fresh database on the
  // REDLINE_TEST_PG server (skipped without one, unless CI=true).
  virtual std::string Backend() const { return "sqlite"; }

  // The store's location.
  const std::string& db() const { return db_; }
  std::string audit_key() const { return dir_ + "/audit.key"; }

  // Creates the sample negotiation and users in the store (with the CLI).
  void MakeSample();
  // `redline ARGS --db DB`.
  Outcome Cli(const std::string& args, const std::string& input = "");

  // Logs in and returns the token ("" on failure).
  std::string Login(HttpClient& client, const std::string& user);

  std::string db_;
  std::unique_ptr<redline::PgTestDatabase> pg_;
};

}  // namespace redline_e2e

#endif  // REDLINE_TESTS_E2E_SERVER_FIXTURE_H_
