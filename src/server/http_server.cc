// The HTTP layer: response serialization, the connection state machine and
// the server's threads. One file, longer than most, so that Beast and Asio
// are compiled once: they are the slowest headers we build.

#include "server/http_server.h"

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_set>

namespace redline {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// How long a connection closed by the server after an error reply keeps
// reading (and discarding) what the client still sends, so that the client
// reads the reply instead of a reset.
constexpr std::chrono::seconds kLingerTime{2};

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

struct Field {
  std::string_view name;
  std::string_view value;
};

// Sent with every response unless the handler gives a field of that name.
constexpr Field kDefaultFields[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy",
     "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
     "form-action 'self'"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
};

// Fields only the server writes; a handler's are ignored.
constexpr std::string_view kServerFields[] = {
    "content-type",      "content-length", "connection",
    "transfer-encoding", "date",           "server"};

bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

bool IsSafeValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) ==
         std::string_view::npos;
}

// The IMF-fixdate of now, e.g. "Sun, 06 Nov 1994 08:49:37 GMT", formatted
// once a second per thread (strftime's names depend on the locale).
std::string_view HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached = -1;
  thread_local char text[64];
  thread_local int length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::snprintf(
        text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
        kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
        tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached = now;
  }
  return std::string_view(text, static_cast<size_t>(std::max(length, 0)));
}

// What the reply depends on besides the handler's response.
struct ReplyShape {
  unsigned version = 11;  // 10 or 11
  bool keep_alive = false;
  bool head = false;  // a HEAD request: no body
};

// A response serialized for writing: the status line and fields, then the
// body, written together as two buffers.
struct Wire {
  std::string head;
  std::string body;
  bool close = true;  // close the connection once written
};

void AppendField(std::string& out, std::string_view name,
                 std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

bool HandlerGives(const HttpResponse& response, std::string_view name) {
  return std::any_of(
      response.headers.begin(), response.headers.end(),
      [&](const auto& f) { return beast::iequals(f.first, name); });
}

// Runs on the worker threads, so that the I/O threads only move bytes.
Wire Serialize(HttpResponse response, ReplyShape shape) {
  if (response.status < 200 || response.status > 599) {
    response = ErrorResponse(500, "internal", "internal error");
  }
  const bool no_body = response.status == 204 || response.status == 304;
  Wire wire;
  wire.close = !shape.keep_alive;
  std::string& h = wire.head;
  h.reserve(512 + response.content_type.size());
  h.append(shape.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  h.append(std::to_string(response.status));
  h.push_back(' ');
  const std::string_view reason =
      http::obsolete_reason(static_cast<http::status>(response.status));
  if (reason.empty() || reason.front() != '<') h.append(reason);  // known
  h.append("\r\nServer: redline\r\n");
  AppendField(h, "Date", HttpDate());
  if (!no_body) {
    AppendField(h, "Content-Type",
                IsSafeValue(response.content_type)
                    ? response.content_type
                    : "application/octet-stream");
    AppendField(h, "Content-Length", std::to_string(response.body.size()));
  }
  h.append(shape.keep_alive ? "Connection: keep-alive\r\n"
                            : "Connection: close\r\n");
  for (const Field& field : kDefaultFields) {
    if (!HandlerGives(response, field.name)) {
      AppendField(h, field.name, field.value);
    }
  }
  for (const auto& field : response.headers) {
    const std::string& name = field.first;
    if (!IsToken(name) || !IsSafeValue(field.second)) continue;
    const bool server_owned = std::any_of(
        std::begin(kServerFields), std::end(kServerFields),
        [&](std::string_view f) { return beast::iequals(f, name); });
    if (!server_owned) AppendField(h, name, field.second);
  }
  h.append("\r\n");
  if (!no_body && !shape.head) wire.body = std::move(response.body);
  return wire;
}

class Session;

// The server: an io_context run by the I/O threads, an acceptor, and a pool
// of workers that run the handler.
class Server final : public HttpServer {
 public:
  Server(const HttpServerOptions& options, HttpHandler handler)
      : options_(options),
        handler_(std::move(handler)),
        ioc_(options.io_threads),
        work_(ioc_.get_executor()),
        acceptor_(ioc_),
        accept_retry_(ioc_) {}

  ~Server() override {
    try {
      Stop();
    } catch (...) {
      // A failing mutex at exit: nothing left to do.
    }
  }

  Status Listen(const tcp::endpoint& endpoint);
  Status Run();

  uint16_t port() const override { return port_; }
  void Wait(bool stop_on_signals) override;
  void Stop() override;

  const HttpServerOptions& options() const { return options_; }

  // Runs the handler for `request` on a worker and sends the reply to
  // `session`.
  void Handle(std::shared_ptr<Session> session, HttpRequest request,
              ReplyShape shape);

  void Register(Session* session) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_.insert(session);
  }
  void Unregister(Session* session) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_.erase(session);
  }

 private:
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  HttpResponse RunHandler(const HttpRequest& request);
  void RunIo();

  const HttpServerOptions options_;
  const HttpHandler handler_;
  uint16_t port_ = 0;

  // Declared before ioc_: sessions unregister when the io_context destroys
  // the handlers that own them.
  std::mutex sessions_mu_;
  std::unordered_set<Session*> sessions_;  // guarded by sessions_mu_

  std::mutex stop_mu_;  // held by Stop throughout
  std::mutex state_mu_;
  std::condition_variable state_cv_;
  bool stopped_ = false;    // guarded by state_mu_
  bool signalled_ = false;  // guarded by state_mu_

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::vector<std::thread> io_threads_;
  // Declared after ioc_, so destroyed first: its queued jobs own sessions
  // whose sockets belong to ioc_.
  std::optional<asio::thread_pool> workers_;
};

// One connection. Its I/O runs on its strand; the handler runs on a worker.
// Reads one request, has it handled, writes the reply, and repeats (pipelined
// requests wait in buffer_).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    asio::ip::address address = stream_.socket().remote_endpoint(ec).address();
    if (!ec) {
      if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address =
            asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
      }
      remote_ = address.to_string();
    }
    server_.Register(this);
  }
  ~Session() { server_.Unregister(this); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::BeginRequest,
                                             shared_from_this(), true));
  }

  // Sends a reply from any thread.
  void Respond(Wire wire) {
    asio::post(stream_.get_executor(),
               [self = shared_from_this(), wire = std::move(wire)]() mutable {
                 self->Write(std::move(wire));
               });
  }

  // Drops the connection from any thread (the handler's reply could not be
  // built).
  void Abort() {
    asio::post(stream_.get_executor(),
               [self = shared_from_this()] { self->stream_.close(); });
  }

  // REQUIRES: no thread runs the io_context.
  void CloseNow() { stream_.close(); }

 private:
  void BeginRequest(bool first);
  void Read();
  void OnRead(beast::error_code ec, size_t bytes);
  void Parse();
  void Dispatch();
  void Fail(beast::error_code ec);
  void Write(Wire wire);
  void OnWrite(beast::error_code ec, size_t bytes);
  void Linger();
  void Drain();

  Server& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool in_request_ = false;     // the request's first bytes have arrived
  bool continue_sent_ = false;  // "100 Continue" sent for this request
  Wire wire_;                   // the reply being written
};

void Session::BeginRequest(bool first) {
  const HttpServerOptions& options = server_.options();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(options.max_header_bytes, UINT32_MAX)));
  parser_->body_limit(options.max_body_bytes);
  parser_->eager(true);
  continue_sent_ = false;
  // A new connection must send its first request within the read timeout
  // (connections opened and left silent are slowloris too); later ones may
  // idle between requests.
  in_request_ = first || buffer_.size() > 0;
  stream_.expires_after(
      std::chrono::seconds(in_request_ ? options.read_timeout_seconds
                                       : options.idle_timeout_seconds));
  if (buffer_.size() > 0) {
    Parse();  // pipelined
  } else {
    Read();
  }
}

void Session::Read() {
  stream_.async_read_some(
      buffer_.prepare(beast::read_size(buffer_, 64 * 1024)),
      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::OnRead(beast::error_code ec, size_t bytes) {
  // End of stream, timeout (the stream is already closed) or reset: a
  // request cut short gets no reply.
  if (ec) return stream_.close();
  buffer_.commit(bytes);
  if (!in_request_) {
    in_request_ = true;
    stream_.expires_after(
        std::chrono::seconds(server_.options().read_timeout_seconds));
  }
  Parse();
}

// The parser is fed directly (rather than through http::async_read) so that
// a request already in the buffer is dispatched without another trip
// through the io_context, and so that the idle and read timeouts and
// "Expect: 100-continue" fit between reads.
void Session::Parse() {
  while (!parser_->is_done() && buffer_.size() > 0) {
    beast::error_code ec;
    const size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) break;
    if (ec) return Fail(ec);
    if (used == 0) break;
  }
  if (parser_->is_done()) return Dispatch();
  if (parser_->is_header_done() &&
      buffer_.size() > server_.options().max_header_bytes) {
    // Beast bounds the header but neither a chunk-size line nor the
    // trailer: an endless one would grow the buffer until the timeout.
    return Fail(http::error::bad_chunk);
  }
  if (parser_->is_header_done() && !continue_sent_ &&
      parser_->get().version() >= 11 &&
      beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    continue_sent_ = true;
    asio::async_write(
        stream_, asio::buffer(kContinue),
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->stream_.close();
          self->Read();
        });
    return;
  }
  Read();
}

void Session::Dispatch() {
  http::request<http::string_body>& message = parser_->get();
  HttpRequest request;
  request.method = message.method_string();
  request.target = message.target();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    request.headers.emplace_back(std::move(name), field.value());
  }
  request.body = std::move(message.body());
  request.remote = remote_;
  ReplyShape shape;
  shape.version = message.version() >= 11 ? 11 : 10;
  shape.keep_alive = message.keep_alive();
  shape.head = message.method() == http::verb::head;
  parser_.reset();
  server_.Handle(shared_from_this(), std::move(request), shape);
}

void Session::Fail(beast::error_code ec) {
  const HttpServerOptions& options = server_.options();
  HttpResponse response;
  if (ec == http::error::header_limit) {
    response =
        ErrorResponse(431, "header_too_large",
                      "the request header is larger than " +
                          std::to_string(options.max_header_bytes) + " bytes");
  } else if (ec == http::error::body_limit) {
    response =
        ErrorResponse(413, "body_too_large",
                      "the request body is larger than " +
                          std::to_string(options.max_body_bytes) + " bytes");
  } else {
    response = ErrorResponse(400, "bad_request",
                             "malformed HTTP request: " + ec.message());
  }
  Write(Serialize(std::move(response), ReplyShape{}));
}

void Session::Write(Wire wire) {
  wire_ = std::move(wire);
  stream_.expires_after(
      std::chrono::seconds(server_.options().write_timeout_seconds));
  const std::array<asio::const_buffer, 2> buffers = {asio::buffer(wire_.head),
                                                     asio::buffer(wire_.body)};
  asio::async_write(
      stream_, buffers,
      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
}

void Session::OnWrite(beast::error_code ec, size_t) {
  if (ec) return stream_.close();
  if (wire_.close) return Linger();
  wire_ = Wire();
  BeginRequest(false);
}

// Closing a socket with unread input makes the kernel send a reset, which
// can destroy the reply before the client reads it (an upload cut short by
// a 413): half-close, then read and discard for a moment.
void Session::Linger() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return stream_.close();
  stream_.expires_after(kLingerTime);
  buffer_.clear();
  Drain();
}

void Session::Drain() {
  stream_.async_read_some(
      buffer_.prepare(4096),
      [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return self->stream_.close();
        self->Drain();
      });
}

Status Server::Listen(const tcp::endpoint& endpoint) {
  const std::string where = endpoint.address().is_v6()
                                ? "[" + endpoint.address().to_string() +
                                      "]:" + std::to_string(endpoint.port())
                                : endpoint.address().to_string() + ":" +
                                      std::to_string(endpoint.port());
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Internal("cannot listen on " + where + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec) {
    return Status::Internal("cannot listen on " + where + ": " + ec.message());
  }
  return Status::Ok();
}

Status Server::Run() {
  try {
    workers_.emplace(static_cast<size_t>(options_.worker_threads));
    Accept();
    for (int i = 0; i < options_.io_threads; ++i) {
      io_threads_.emplace_back([this] { RunIo(); });
    }
  } catch (const std::system_error& e) {
    Stop();
    return Status::Internal(std::string("cannot start the server threads: ") +
                            e.what());
  }
  return Status::Ok();
}

void Server::RunIo() {
  for (;;) {
    try {
      ioc_.run();
      return;  // stopped
    } catch (const std::exception&) {
      // Only allocation can throw in a session's handlers: that session is
      // lost, the others go on.
    }
  }
}

void Server::Accept() {
  acceptor_.async_accept(asio::make_strand(ioc_),
                         [this](beast::error_code ec, tcp::socket socket) {
                           OnAccept(ec, std::move(socket));
                         });
}

void Server::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted) return;
  if (ec && ec != asio::error::connection_aborted) {
    // Out of file descriptors or memory: retrying at once would spin.
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec) Accept();
    });
    return;
  }
  if (!ec) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(*this, std::move(socket))->Start();
  }
  Accept();
}

HttpResponse Server::RunHandler(const HttpRequest& request) {
  std::string what;
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception not derived from std::exception";
  }
  if (options_.on_handler_exception) {
    try {
      options_.on_handler_exception(what);
    } catch (...) {
    }
  }
  return ErrorResponse(500, "internal", "internal error");
}

void Server::Handle(std::shared_ptr<Session> session, HttpRequest request,
                    ReplyShape shape) {
  asio::post(*workers_, [this, session = std::move(session),
                         request = std::move(request), shape]() mutable {
    try {
      session->Respond(Serialize(RunHandler(request), shape));
    } catch (...) {
      session->Abort();  // out of memory
    }
  });
}

void Server::Wait(bool stop_on_signals) {
  std::optional<asio::signal_set> signals;
  if (stop_on_signals) {
    signals.emplace(ioc_, SIGINT, SIGTERM);
    signals->async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      {
        std::lock_guard<std::mutex> lock(state_mu_);
        signalled_ = true;
      }
      state_cv_.notify_all();
    });
  }
  bool signalled = false;
  {
    std::unique_lock<std::mutex> lock(state_mu_);
    state_cv_.wait(lock, [this] { return stopped_ || signalled_; });
    signalled = !stopped_;
  }
  // Stop from this thread: the signal's handler runs on an I/O thread,
  // which Stop joins. `signals` is destroyed after Stop, when no I/O thread
  // runs.
  if (signalled) Stop();
}

void Server::Stop() {
  std::lock_guard<std::mutex> stop_lock(stop_mu_);
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (stopped_) return;
  }
  ioc_.stop();
  for (std::thread& thread : io_threads_) thread.join();
  io_threads_.clear();
  if (workers_) {
    // Running handlers finish; queued requests are dropped. Their replies
    // are posted to the stopped io_context and never written.
    workers_->stop();
    workers_->join();
  }
  // No thread runs now: the I/O objects may be touched from here.
  beast::error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (Session* session : sessions_) session->CloseNow();
  }
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    stopped_ = true;
  }
  state_cv_.notify_all();
}

Status CheckOptions(const HttpServerOptions& options) {
  if (options.io_threads < 1 || options.worker_threads < 1) {
    return Status::Usage(
        "the server needs at least one I/O thread and one "
        "worker thread");
  }
  if (options.read_timeout_seconds < 1 || options.idle_timeout_seconds < 1 ||
      options.write_timeout_seconds < 1) {
    return Status::Usage("the server's timeouts must be at least 1 second");
  }
  return Status::Ok();
}

}  // namespace

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (field == name) return value;
  }
  return {};
}

HttpResponse ErrorResponse(int status, std::string_view code,
                           std::string_view message) {
  nlohmann::json json;
  json["error"]["code"] = std::string(code);
  json["error"]["message"] = std::string(message);
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body =
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpServerOptions& options, HttpHandler handler) {
  if (Status status = CheckOptions(options); !status.ok()) return status;
  if (!handler) return Status::Usage("the server needs a request handler");
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec) {
    return Status::Usage("invalid listen address '" + options.address +
                         "': expected an IPv4 or IPv6 literal such as "
                         "127.0.0.1 or ::1");
  }
  auto server = std::make_unique<Server>(options, std::move(handler));
  if (Status status = server->Listen(tcp::endpoint(address, options.port));
      !status.ok()) {
    return status;
  }
  if (Status status = server->Run(); !status.ok()) return status;
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace redline
