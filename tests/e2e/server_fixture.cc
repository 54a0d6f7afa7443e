#include "server_fixture.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstring>
#include <mutex>
#include <sstream>
#include <thread>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

extern char** environ;

namespace redline_e2e {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string HttpReply::error_code() const {
  const Json body = json();
  if (body.is_object() && body.contains("error") && body["error"].is_object() &&
      body["error"].contains("code") && body["error"]["code"].is_string()) {
    return body["error"]["code"].get<std::string>();
  }
  return "";
}

namespace {

const Json* Find(const Json& from, std::initializer_list<std::string> keys) {
  const Json* at = &from;
  for (const std::string& key : keys) {
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
  }
  return at;
}

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(path);
  while (std::getline(in, part, '/')) parts.push_back(part);
  return parts;
}

// The process's document and the problems found with it.
std::mutex schema_mutex;
std::shared_ptr<const Schemas> process_schemas;
std::vector<std::string> schema_problems;

}  // namespace

std::string Schemas::Template(const std::string& target) const {
  const std::vector<std::string> parts =
      Split(target.substr(0, target.find('?')));
  for (const auto& [path, item] : document_["paths"].items()) {
    const std::vector<std::string> pattern = Split(path);
    if (pattern.size() != parts.size()) continue;
    bool match = true;
    for (size_t i = 0; i < parts.size() && match; ++i) {
      const bool parameter = !pattern[i].empty() && pattern[i][0] == '{';
      match = parameter ? !parts[i].empty() : pattern[i] == parts[i];
    }
    if (match) return path;
  }
  return "";
}

std::string Schemas::Check(const HttpReply& reply, const std::string& path,
                           const std::string& method) const {
  const std::string status = std::to_string(reply.status);
  const Json* operation = Find(document_, {"paths", path, method});
  if (operation == nullptr) return "no operation " + method + " " + path;
  const Json* response = Find(*operation, {"responses", status});
  if (response == nullptr)
    response = Find(*operation, {"responses", "default"});
  if (response == nullptr) {
    return "status " + status + " is not documented for " + method + " " +
           path + " (body: " + reply.body.substr(0, 200) + ")";
  }
  const Json* schema =
      Find(*response, {"content", "application/json", "schema"});
  if (schema == nullptr) {
    return reply.body.empty() ? "" : "a body where none is documented";
  }
  auto type = reply.headers.find("content-type");
  if (type == reply.headers.end()) return "no Content-Type";
  if (type->second != "application/json") {
    return reply.status == 200 ? "" : "an error that is not JSON";
  }
  const Json body = reply.json();
  if (body.is_discarded()) return "the body is not JSON";
  // The schema with the document's components beside it, so that
  // "#/components/schemas/X" resolves.
  const Json root = {{"components", document_["components"]},
                     {"allOf", Json::array({*schema})}};
  valijson::Schema compiled;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  valijson::adapters::NlohmannJsonAdapter root_adapter(root);
  parser.populateSchema(root_adapter, compiled);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter body_adapter(body);
  if (validator.validate(compiled, body_adapter, &results)) return "";
  std::string problems = method + " " + path + " " + status + ": ";
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string where;
    for (const std::string& step : error.context) where += step;
    problems += where + ": " + error.description + "; ";
  }
  return problems + " body: " + reply.body.substr(0, 300);
}

std::vector<std::string> TakeSchemaProblems() {
  std::lock_guard<std::mutex> lock(schema_mutex);
  std::vector<std::string> problems;
  problems.swap(schema_problems);
  return problems;
}

struct HttpClient::Connection {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(uint16_t port) : port_(port) {}

void HttpClient::CheckSchema(const std::string& method,
                             const std::string& target,
                             const HttpReply& reply) {
  if (target == "/api/openapi.json") return;
  std::shared_ptr<const Schemas> schemas;
  {
    std::lock_guard<std::mutex> lock(schema_mutex);
    schemas = process_schemas;
  }
  if (schemas == nullptr) {
    HttpClient fetch(port_);
    HttpReply document = fetch.Send("GET", "/api/openapi.json");
    if (document.status != 200 || document.json().is_discarded()) return;
    std::lock_guard<std::mutex> lock(schema_mutex);
    if (process_schemas == nullptr) {
      process_schemas = std::make_shared<const Schemas>(document.json());
    }
    schemas = process_schemas;
  }
  std::string lower = method;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  const std::string path = schemas->Template(target);
  std::string problem;
  if (path.empty()) {
    // No documented route: the reply must be an error in the Error shape.
    if (reply.status < 400 || reply.error_code().empty()) {
      problem = method + " " + target + ": an undocumented route answered " +
                std::to_string(reply.status);
    }
  } else {
    problem = schemas->Check(reply, path, lower);
    // A documented path without this method: 405 with an Error.
    if (problem.rfind("no operation", 0) == 0 && reply.status == 405 &&
        !reply.error_code().empty()) {
      problem.clear();
    }
    if (!problem.empty()) problem = method + " " + target + ": " + problem;
  }
  if (!problem.empty()) {
    std::lock_guard<std::mutex> lock(schema_mutex);
    schema_problems.push_back(problem);
  }
}
HttpClient::~HttpClient() = default;

HttpReply HttpClient::Send(
    const std::string& method, const std::string& target,
    const std::string& body, const std::string& token,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, "127.0.0.1");
  if (!token.empty())
    request.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  // After prepare_payload, so that a test may lie about the length.
  for (const auto& [name, value] : headers) request.set(name, value);
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code error;
    if (connection_ == nullptr) {
      connection_ = std::make_unique<Connection>();
      connection_->stream.connect(
          tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), error);
      if (error) {
        connection_.reset();
        return {};
      }
    }
    connection_->stream.expires_after(std::chrono::seconds(60));
    http::write(connection_->stream, request, error);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 30);
    if (!error) {
      http::read(connection_->stream, connection_->buffer, parser, error);
    }
    if (error) {
      // The server closed a kept-alive connection: try once more afresh.
      connection_.reset();
      continue;
    }
    const auto& response = parser.get();
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.body = response.body();
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(c));
      reply.headers[name] = std::string(field.value());
    }
    if (!response.keep_alive()) connection_.reset();
    CheckSchema(method, target, reply);
    return reply;
  }
  return {};
}

std::string HttpClient::Raw(const std::string& bytes, int timeout_ms) {
  asio::io_context io;
  tcp::socket socket(io);
  beast::error_code error;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_),
                 error);
  if (error) return "";
  asio::write(socket, asio::buffer(bytes), error);
  std::string out;
  const int fd = socket.native_handle();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    const int left =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now())
                             .count());
    if (::poll(&poll_fd, 1, std::max(left, 1)) <= 0) break;
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    out.append(chunk, static_cast<size_t>(n));
  }
  return out;
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& db,
                             const std::string& audit_key,
                             const std::vector<std::string>& environment) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<std::string> args = {
      binary,     "serve",       "--db",        db,
      "--listen", "127.0.0.1:0", "--audit-key", audit_key};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const std::string& e : environment) env_strings.push_back(e);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int spawned = posix_spawn(&pid_, binary.c_str(), &actions, nullptr,
                                  argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawned != 0) {
    pid_ = -1;
    ::close(pipe_fds[0]);
    return;
  }
  // Read "redline serve: listening on http://127.0.0.1:PORT".
  std::string line;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         line.find('\n') == std::string::npos) {
    pollfd poll_fd{pipe_fds[0], POLLIN, 0};
    if (::poll(&poll_fd, 1, 200) <= 0) continue;
    char chunk[256];
    const ssize_t n = ::read(pipe_fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    line.append(chunk, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  const size_t colon = line.rfind(':');
  if (line.find("listening on http://") != std::string::npos &&
      colon != std::string::npos) {
    port_ = static_cast<uint16_t>(std::atoi(line.c_str() + colon + 1));
  }
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  port_ = 0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::~ServerProcess() { Stop(); }

void ServerTest::SetUp() {
  CliTest::SetUp();
  if (Backend() == "postgres") {
    if (redline::PgTestServerUrl().empty()) {
      if (redline::PgTestServerRequired()) {
        FAIL() << "REDLINE_TEST_PG is not set";
      }
      GTEST_SKIP() << "no PostgreSQL server (set REDLINE_TEST_PG)";
    }
    pg_ = std::make_unique<redline::PgTestDatabase>(redline::PgTestServerUrl());
    ASSERT_TRUE(pg_->status().ok()) << pg_->status().message();
    db_ = pg_->url();
  } else {
    db_ = dir_ + "/redline.db";
  }
}

void ServerTest::TearDown() {
  for (const std::string& problem : TakeSchemaProblems()) {
    ADD_FAILURE() << "a reply does not match the OpenAPI document: " << problem;
  }
  pg_.reset();
  CliTest::TearDown();
}

Outcome ServerTest::Cli(const std::string& args, const std::string& input) {
  // The account commands write audit entries under the server's key.
  setenv("REDLINE_AUDIT_KEY", audit_key().c_str(), 1);
  return Redline(args + " --db '" + db_ + "'", input);
}

void ServerTest::MakeSample() {
  ASSERT_EQ(Cli("init --negotiation 'Lake Orva talks'").exit_code, 0);
  for (const auto& [party, kind] :
       {std::pair{"Mediator", "mediator"}, std::pair{"Norland", "party"},
        std::pair{"Kestria", "party"}, std::pair{"Mission", "observer"}}) {
    Outcome added = Cli(std::string("party add ") + party + " --kind " + kind);
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  const std::string password = std::string(kPassword) + "\n";
  for (const auto& [user, party] :
       {std::pair{"mara", "Mediator"}, std::pair{"nils", "Norland"},
        std::pair{"kira", "Kestria"}, std::pair{"otto", "Mission"},
        std::pair{"admin", ""}, std::pair{"nobody", ""}}) {
    const std::string flags = std::string(user) == "admin" ? " --admin" : "";
    Outcome added = Cli(std::string("user add ") + user + flags, password);
    ASSERT_EQ(added.exit_code, 0) << added.err;
    if (*party != '\0') {
      Outcome granted =
          Cli(std::string("user grant ") + user + " --party " + party);
      ASSERT_EQ(granted.exit_code, 0) << granted.err;
    }
  }
}

std::string ServerTest::Login(HttpClient& client, const std::string& user) {
  HttpReply reply = client.Post(
      "/api/login", Json{{"user", user}, {"password", kPassword}}, "");
  if (reply.status != 200) return "";
  const Json body = reply.json();
  return body.value("token", "");
}

}  // namespace redline_e2e
