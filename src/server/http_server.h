// A small HTTP/1.1 server on Boost.Beast: keep-alive connections, limits on
// header and body sizes, timeouts on slow clients, security headers on
// every response, and requests handed to a pool of worker threads so that
// blocking store work never stalls the I/O threads. It knows nothing of
// redline's API: a Handler turns a request into a response. Private to
// src/server; no Boost type appears here.
//
// Thread-safety: Start, port, Wait and Stop may be called from any thread
// except the handler's (see Stop); the handler is called concurrently from
// the worker threads and must be thread-safe.

#ifndef REDLINE_SERVER_HTTP_SERVER_H_
#define REDLINE_SERVER_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redline/status.h"

namespace redline {

// One parsed request, as the handler sees it.
struct HttpRequest {
  std::string method;  // "GET", "POST", ... as sent (case kept)
  std::string target;  // as sent: path and query, e.g. "/api/x?a=1"
  // Header fields in order, names lower-cased, values as sent (without the
  // surrounding whitespace).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;    // the decoded body (chunked transfer undone)
  std::string remote;  // the client's address, "127.0.0.1" or "::1"

  // The first field named `name` (lower case), or "" when absent.
  std::string_view Header(std::string_view name) const;
};

// The handler's reply. For a HEAD request the server sends the headers,
// with Content-Length of `body`, and no body.
struct HttpResponse {
  int status = 200;  // 200..599; anything else is answered as a 500
  std::string content_type = "application/json";
  std::string body;  // dropped (with Content-Length) for 204 and 304
  // Extra fields (Set-Cookie, Location, ...), sent in order; names are
  // case-insensitive. The server owns Content-Type (from content_type),
  // Content-Length, Connection, Transfer-Encoding, Date and Server: such
  // fields here are ignored. A field here named like one of the default
  // security fields (X-Content-Type-Options, X-Frame-Options,
  // Content-Security-Policy, Referrer-Policy, Cache-Control) replaces the
  // default. A field whose name is not an HTTP token or whose value holds
  // CR, LF or NUL is dropped (no header injection).
  std::vector<std::pair<std::string, std::string>> headers;
};

// Turns a request into a response. Called on a worker thread, never on an
// I/O thread, so it may block (database work). May throw: the client then
// gets a 500 {"error":{"code":"internal","message":"internal error"}} and
// the exception's text goes only to HttpServerOptions::on_handler_exception.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  // An IPv4 or IPv6 literal ("127.0.0.1", "::1", "0.0.0.0", "::"); no host
  // names.
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see HttpServer::port)

  // Threads that accept, read, parse and write (never run the handler).
  // Two, one per core of the 2-core target machine: with wrk (64
  // keep-alive connections, loopback) two I/O threads and two workers gave
  // the most requests/s with a trivial handler and with one that computes
  // for 30 us, though within the noise of one I/O thread (see the
  // hello_server baseline in bench/). More help only with many more cores.
  int io_threads = 2;
  // Threads that run the handler: at most this many requests are handled
  // at once. About the cores for handlers that compute (SQLite); more when
  // they mostly wait (PostgreSQL over a network).
  int worker_threads = 2;

  size_t max_header_bytes = 16 * 1024;       // else 431, then close
  size_t max_body_bytes = 64 * 1024 * 1024;  // else 413, then close

  // A request not fully read this long after its first byte (or, for a
  // connection's first request, after the accept) closes the connection
  // without reply: slow clients (slowloris) cannot hold connections.
  int read_timeout_seconds = 15;
  // An idle keep-alive connection (waiting for the next request) is closed
  // after this long.
  int idle_timeout_seconds = 60;
  // A response not fully written this long after the handler returned
  // closes the connection (clients that stop reading).
  int write_timeout_seconds = 60;

  // Called (on a worker thread) with the what() of an exception the handler
  // threw, for logging; may be empty. Must be thread-safe and not throw.
  std::function<void(std::string_view what)> on_handler_exception;
};

// A running server. Not copyable; destroying it stops it.
class HttpServer {
 public:
  // Binds, listens and starts serving on background threads. kUsage for a
  // malformed address or options (non-positive thread counts or timeouts);
  // kInternal when the port cannot be bound or the threads cannot start
  // (the message names the address and the reason, e.g. "cannot listen on
  // 127.0.0.1:80: Permission denied").
  static Result<std::unique_ptr<HttpServer>> Start(
      const HttpServerOptions& options, HttpHandler handler);

  HttpServer() = default;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  // Calls Stop.
  virtual ~HttpServer() = default;

  // The port listened on (the chosen one when options.port was 0).
  virtual uint16_t port() const = 0;

  // Blocks until Stop has completed (called from another thread), or, when
  // `stop_on_signals`, until the process receives SIGINT or SIGTERM, upon
  // which it calls Stop itself and returns. While it waits with
  // `stop_on_signals`, those signals do not kill the process. Returns at
  // once when the server has already stopped.
  virtual void Wait(bool stop_on_signals) = 0;

  // Stops accepting, closes every connection (responses not yet written
  // are lost), waits for running handlers to return and joins all threads.
  // Idempotent; concurrent calls return once the server has stopped.
  // REQUIRES: not called from the handler (it would wait for itself).
  virtual void Stop() = 0;
};

// A JSON error reply: {"error": {"code": code, "message": message}}, with
// content type application/json. Invalid UTF-8 in `code` or `message` is
// replaced by U+FFFD.
HttpResponse ErrorResponse(int status, std::string_view code,
                           std::string_view message);

}  // namespace redline

#endif  // REDLINE_SERVER_HTTP_SERVER_H_
