#include "server/http_server.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace redline {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// "METHOD TARGET\n", then "name: value\n" per field, "remote: ADDRESS\n",
// "\n" and the body.
HttpResponse Echo(const HttpRequest& request) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.body = request.method + " " + request.target + "\n";
  for (const auto& [name, value] : request.headers) {
    response.body += name + ": " + value + "\n";
  }
  response.body += "remote: " + request.remote + "\n\n" + request.body;
  return response;
}

std::unique_ptr<HttpServer> StartServer(HttpServerOptions options,
                                        HttpHandler handler = Echo) {
  options.port = 0;
  Result<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(options, std::move(handler));
  EXPECT_TRUE(server.ok()) << server.status().message();
  return server.ok() ? std::move(server).value() : nullptr;
}

// A blocking client socket whose reads give up after 20 s, so that a
// broken server fails the test instead of hanging it.
class Connection {
 public:
  explicit Connection(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port));
    timeval timeout{20, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
               sizeof timeout);
  }

  tcp::socket& socket() { return socket_; }

  void Send(std::string_view bytes) {
    asio::write(socket_, asio::buffer(bytes));
  }

  http::response<http::string_body> Request(
      http::request<http::string_body> request) {
    request.prepare_payload();
    http::write(socket_, request);
    return Read();
  }

  http::response<http::string_body> Read() {
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response);
    return response;
  }

  // Everything until the server closes (or 20 s pass).
  std::string ReadToEnd() {
    std::string all(static_cast<const char*>(buffer_.data().data()),
                    buffer_.size());
    buffer_.clear();
    char chunk[4096];
    for (;;) {
      beast::error_code ec;
      const size_t n = socket_.read_some(asio::buffer(chunk), ec);
      if (ec) break;
      all.append(chunk, n);
    }
    return all;
  }

  // Whether the server closes the connection within `limit`.
  bool ClosedWithin(std::chrono::milliseconds limit) {
    const Clock::time_point end = Clock::now() + limit;
    while (Clock::now() < end) {
      pollfd fd{socket_.native_handle(), POLLIN, 0};
      if (poll(&fd, 1, 50) <= 0) continue;
      char byte;
      const ssize_t n = recv(socket_.native_handle(), &byte, 1, MSG_DONTWAIT);
      if (n <= 0) return true;  // end of stream or reset
    }
    return false;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

http::request<http::string_body> Get(std::string target) {
  http::request<http::string_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "localhost");
  return request;
}

void ExpectServing(uint16_t port) {
  Connection connection(port);
  http::response<http::string_body> response =
      connection.Request(Get("/still-there"));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body().rfind("GET /still-there\n", 0), 0u);
}

TEST(HttpServerTest, EchoesMethodTargetHeadersBodyAndRemote) {
  std::unique_ptr<HttpServer> server = StartServer({});
  ASSERT_TRUE(server);
  Connection connection(server->port());
  http::request<http::string_body> request(http::verb::post, "/api/x?a=1&b=%20",
                                           11);
  request.set(http::field::host, "localhost");
  request.set("X-Mixed-Case", "Some Value");
  request.body() = "the body\n";
  http::response<http::string_body> response = connection.Request(request);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::content_type], "text/plain");
  EXPECT_EQ(response.body(),
            "POST /api/x?a=1&b=%20\n"
            "host: localhost\n"
            "x-mixed-case: Some Value\n"
            "content-length: 9\n"
            "remote: 127.0.0.1\n"
            "\n"
            "the body\n");
}

TEST(HttpServerTest, HeaderFindsTheFirstFieldByLowerCaseName) {
  HttpRequest request;
  request.headers = {{"cookie", "a=1"}, {"x", ""}, {"cookie", "b=2"}};
  EXPECT_EQ(request.Header("cookie"), "a=1");
  EXPECT_EQ(request.Header("x"), "");
  EXPECT_EQ(request.Header("absent"), "");
}

TEST(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::unique_ptr<HttpServer> server = StartServer({});
  ASSERT_TRUE(server);
  Connection connection(server->port());
  for (int i = 0; i < 5; ++i) {
    http::response<http::string_body> response =
        connection.Request(Get("/n/" + std::to_string(i)));
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(response.body().rfind("GET /n/" + std::to_string(i) + "\n", 0),
              0u);
  }
  // Pipelined: three requests in one write, three replies in order.
  connection.Send(
      "GET /p/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /p/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
      "GET /p/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(connection.Read().body().rfind("GET /p/1\n", 0), 0u);
  http::response<http::string_body> second = connection.Read();
  EXPECT_EQ(second.body().rfind("POST /p/2\n", 0), 0u);
  EXPECT_EQ(second.body().substr(second.body().size() - 5), "\n\nabc");
  http::response<http::string_body> third = connection.Read();
  EXPECT_EQ(third.body().rfind("GET /p/3\n", 0), 0u);
  EXPECT_FALSE(third.keep_alive());
  EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(10)));
}

TEST(HttpServerTest, Http10ClosesAfterTheReply) {
  std::unique_ptr<HttpServer> server = StartServer({});
  ASSERT_TRUE(server);
  Connection connection(server->port());
  connection.Send("GET /old HTTP/1.0\r\n\r\n");
  const std::string reply = connection.ReadToEnd();
  EXPECT_EQ(reply.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(reply.find("\r\n\r\nGET /old\n"), std::string::npos);
}

TEST(HttpServerTest, HeadSendsContentLengthButNoBody) {
  std::unique_ptr<HttpServer> server = StartServer({}, [](const HttpRequest&) {
    HttpResponse response;
    response.body = "0123456789";
    return response;
  });
  ASSERT_TRUE(server);
  Connection connection(server->port());
  connection.Send("HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string reply = connection.ReadToEnd();
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("\r\nContent-Length: 10\r\n"), std::string::npos);
  EXPECT_EQ(reply.substr(reply.size() - 4), "\r\n\r\n") << reply;
}

TEST(HttpServerTest, ChunkedBodyAndExpectContinue) {
  std::unique_ptr<HttpServer> server = StartServer({});
  ASSERT_TRUE(server);
  Connection connection(server->port());
  connection.Send(
      "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  http::response<http::string_body> chunked = connection.Read();
  EXPECT_EQ(chunked.body().substr(chunked.body().size() - 13),
            "\n\nhello world");

  connection.Send(
      "PUT /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
      "Content-Length: 4\r\n\r\n");
  char interim[64] = {};
  const std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  asio::read(connection.socket(), asio::buffer(interim, kContinue.size()));
  EXPECT_EQ(std::string_view(interim), kContinue);
  connection.Send("data");
  http::response<http::string_body> response = connection.Read();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body().substr(response.body().size() - 6), "\n\ndata");
}

TEST(HttpServerTest, BigBodyGets413AndTheServerKeepsServing) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_TRUE(server);
  {
    Connection connection(server->port());
    http::request<http::string_body> request(http::verb::post, "/big", 11);
    request.body() = std::string(100 * 1024, 'x');
    http::response<http::string_body> response = connection.Request(request);
    EXPECT_EQ(response.result_int(), 413);
    EXPECT_EQ(response.body(),
              R"({"error":{"code":"body_too_large","message":)"
              R"("the request body is larger than 1024 bytes"}})");
    EXPECT_FALSE(response.keep_alive());
    EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(10)));
  }
  {  // Chunked: the size is only known while reading.
    Connection connection(server->port());
    connection.Send(
        "POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "800\r\n" +
        std::string(0x800, 'y') + "\r\n0\r\n\r\n");
    EXPECT_EQ(connection.Read().result_int(), 413);
  }
  {  // Exactly at the limit is fine.
    Connection connection(server->port());
    http::request<http::string_body> request(http::verb::post, "/max", 11);
    request.body() = std::string(1024, 'z');
    EXPECT_EQ(connection.Request(request).result_int(), 200);
  }
  ExpectServing(server->port());
}

TEST(HttpServerTest, BigHeaderGets431AndTheServerKeepsServing) {
  HttpServerOptions options;
  options.max_header_bytes = 1024;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_TRUE(server);
  {
    Connection connection(server->port());
    http::request<http::string_body> request = Get("/");
    request.set("X-Big", std::string(4000, 'h'));
    http::response<http::string_body> response = connection.Request(request);
    EXPECT_EQ(response.result_int(), 431);
    EXPECT_EQ(response.body(),
              R"({"error":{"code":"header_too_large","message":)"
              R"("the request header is larger than 1024 bytes"}})");
    EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(10)));
  }
  {  // A header that never ends is cut at the limit too.
    Connection connection(server->port());
    connection.Send("GET / HTTP/1.1\r\nX-Endless: " + std::string(8000, 'e'));
    EXPECT_EQ(connection.Read().result_int(), 431);
  }
  {  // Nor does an endless chunk-size line.
    Connection connection(server->port());
    connection.Send(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=" +
        std::string(8000, 'e'));
    http::response<http::string_body> response = connection.Read();
    EXPECT_EQ(response.result_int(), 400);
    EXPECT_EQ(response.body(), R"({"error":{"code":"bad_request","message":)"
                               R"("malformed HTTP request: bad chunk"}})");
  }
  ExpectServing(server->port());
}

TEST(HttpServerTest, GarbageGets400OrCloseAndTheServerKeepsServing) {
  HttpServerOptions options;
  options.read_timeout_seconds = 1;  // for garbage without "\r\n\r\n"
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_TRUE(server);
  std::string binary;
  for (int i = 0; i < 3000; ++i) binary.push_back(static_cast<char>(i * 37));
  const std::string tls_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                              11);
  const std::vector<std::string> garbage = {
      tls_hello,
      tls_hello + "\r\n\r\n",
      binary + "\r\n\r\n",
      std::string("\0\0\0\0\r\n\r\n", 8),
      "HELLO WORLD\r\n\r\n",
      "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /\x01 HTTP/1.1\r\n\r\n",
      binary,
  };
  for (const std::string& bytes : garbage) {
    Connection connection(server->port());
    connection.Send(bytes);
    const std::string reply = connection.ReadToEnd();  // until closed
    if (!reply.empty()) {
      EXPECT_EQ(reply.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << reply;
      EXPECT_NE(reply.find(R"({"error":{"code":"bad_request",)"),
                std::string::npos)
          << reply;
    }
  }
  ExpectServing(server->port());
}

TEST(HttpServerTest, SlowClientIsDisconnectedAfterTheReadTimeout) {
  HttpServerOptions options;
  options.read_timeout_seconds = 1;
  options.idle_timeout_seconds = 60;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_TRUE(server);
  {  // Half a request, then nothing.
    Connection connection(server->port());
    const Clock::time_point start = Clock::now();
    connection.Send("GET / HTTP/1.1\r\nHost: x\r\n");
    EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(15)));
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(900));
  }
  {  // Connected but silent.
    Connection connection(server->port());
    EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(15)));
  }
  {  // A byte every 100 ms: the timeout bounds the whole request, not each
     // read.
    Connection connection(server->port());
    const Clock::time_point start = Clock::now();
    bool closed = false;
    connection.Send("GET / HTTP/1.1\r\nX-Slow: ");
    while (!closed && Clock::now() - start < std::chrono::seconds(15)) {
      beast::error_code ec;
      connection.socket().send(asio::buffer("a", 1), 0, ec);
      closed = ec || connection.ClosedWithin(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(closed);
  }
  ExpectServing(server->port());
}

TEST(HttpServerTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  HttpServerOptions options;
  options.idle_timeout_seconds = 1;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_TRUE(server);
  Connection connection(server->port());
  EXPECT_EQ(connection.Request(Get("/")).result_int(), 200);
  const Clock::time_point start = Clock::now();
  EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(15)));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(900));
}

TEST(HttpServerTest, HandlerExceptionGives500WithoutItsText) {
  std::vector<std::string> logged;
  std::mutex logged_mu;
  HttpServerOptions options;
  options.on_handler_exception = [&](std::string_view what) {
    std::lock_guard<std::mutex> lock(logged_mu);
    logged.emplace_back(what);
  };
  std::unique_ptr<HttpServer> server =
      StartServer(options, [](const HttpRequest& request) -> HttpResponse {
        if (request.target == "/int") throw 42;
        if (request.target == "/status") {
          HttpResponse bad;
          bad.status = 42;  // not an HTTP status
          return bad;
        }
        throw std::runtime_error("secret table name");
      });
  ASSERT_TRUE(server);
  Connection connection(server->port());
  for (const char* target : {"/throw", "/int", "/status"}) {
    http::response<http::string_body> response =
        connection.Request(Get(target));
    EXPECT_EQ(response.result_int(), 500);
    EXPECT_EQ(response.body(),
              R"({"error":{"code":"internal","message":"internal error"}})");
    EXPECT_TRUE(response.keep_alive());
  }
  std::lock_guard<std::mutex> lock(logged_mu);
  EXPECT_EQ(logged, (std::vector<std::string>{
                        "secret table name",
                        "an exception not derived from std::exception"}));
}

TEST(HttpServerTest, EveryResponseCarriesTheSecurityHeaders) {
  HttpServerOptions options;
  options.max_body_bytes = 10;
  std::unique_ptr<HttpServer> server =
      StartServer(options, [](const HttpRequest& request) {
        HttpResponse response;
        response.content_type = "text/html; charset=utf-8";
        response.body = "<p>hi</p>";
        if (request.target == "/extra") {
          response.status = 201;
          response.headers = {{"Set-Cookie", "a=1; HttpOnly"},
                              {"Set-Cookie", "b=2"},
                              {"cache-control", "max-age=60"},
                              {"Content-Length", "999"},
                              {"X-Injected", "a\r\nSet-Cookie: evil=1"},
                              {"Bad Name", "x"}};
        }
        return response;
      });
  ASSERT_TRUE(server);
  const auto expect_security = [](const auto& response, bool cached) {
    EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(response["X-Frame-Options"], "DENY");
    EXPECT_EQ(response["Content-Security-Policy"],
              "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
              "form-action 'self'");
    EXPECT_EQ(response["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(response["Cache-Control"], cached ? "max-age=60" : "no-store");
    EXPECT_EQ(response["Server"], "redline");
    EXPECT_EQ(response.count("Cache-Control"), 1u);
    EXPECT_FALSE(response["Date"].empty());
  };
  Connection connection(server->port());
  http::response<http::string_body> plain = connection.Request(Get("/"));
  expect_security(plain, false);
  EXPECT_EQ(plain[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(plain[http::field::content_length], "9");

  http::response<http::string_body> extra = connection.Request(Get("/extra"));
  EXPECT_EQ(extra.result_int(), 201);
  expect_security(extra, true);
  EXPECT_EQ(extra.count(http::field::set_cookie), 2u);
  EXPECT_EQ(extra[http::field::content_length], "9");
  EXPECT_EQ(extra.count("X-Injected"), 0u);
  EXPECT_EQ(extra.body(), "<p>hi</p>");

  http::request<http::string_body> big(http::verb::post, "/", 11);
  big.body() = std::string(100, 'x');
  http::response<http::string_body> error = connection.Request(big);
  EXPECT_EQ(error.result_int(), 413);
  expect_security(error, false);
  EXPECT_EQ(error[http::field::content_type], "application/json");
}

TEST(HttpServerTest, ConcurrentClientsAreAllAnswered) {
  HttpServerOptions options;
  options.io_threads = 2;
  options.worker_threads = 3;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_TRUE(server);
  constexpr int kClients = 16;
  constexpr int kRequests = 50;
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      try {
        Connection connection(server->port());
        for (int i = 0; i < kRequests; ++i) {
          const std::string target =
              "/c/" + std::to_string(c) + "/" + std::to_string(i);
          http::request<http::string_body> request(http::verb::post, target,
                                                   11);
          request.body() = target;
          http::response<http::string_body> response =
              connection.Request(request);
          if (response.result_int() == 200 &&
              response.body().rfind("POST " + target + "\n", 0) == 0 &&
              response.body().ends_with("\n\n" + target)) {
            ++answered;
          }
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << "client " << c << ": " << e.what();
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(answered.load(), kClients * kRequests);
}

TEST(HttpServerTest, StopWithOpenConnectionsReturns) {
  std::atomic<int> started{0};
  std::unique_ptr<HttpServer> server =
      StartServer({}, [&](const HttpRequest& request) {
        ++started;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return Echo(request);
      });
  ASSERT_TRUE(server);
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < 4; ++i) {
    connections.push_back(std::make_unique<Connection>(server->port()));
  }
  connections[0]->Send("GET / HTTP/1.1\r\nHost: x\r\n");      // half a request
  connections[1]->Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // in flight
  while (started.load() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const Clock::time_point start = Clock::now();
  server->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
  for (auto& connection : connections) {
    EXPECT_TRUE(connection->ClosedWithin(std::chrono::seconds(10)));
  }
  server->Stop();       // idempotent
  server->Wait(false);  // returns at once once stopped
  EXPECT_THROW(Connection{server->port()}, boost::system::system_error);
}

TEST(HttpServerTest, WaitReturnsWhenAnotherThreadStops) {
  std::unique_ptr<HttpServer> server = StartServer({});
  ASSERT_TRUE(server);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server->Stop();
  });
  server->Wait(false);
  stopper.join();
}

// A signal sent before Wait has installed its handler is swallowed by a
// no-op handler and resent after a generous pause; once Wait catches one,
// the process exits at once, long before the next would come.
void WaitForSigtermThenExit() {
  std::signal(SIGTERM, [](int) {});
  HttpServerOptions options;
  options.port = 0;
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, Echo);
  if (!server.ok()) std::_Exit(3);
  std::thread sender([] {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      kill(getpid(), SIGTERM);
      std::this_thread::sleep_for(std::chrono::seconds(3));
    }
  });
  sender.detach();
  server.value()->Wait(true);
  std::_Exit(0);
}

TEST(HttpServerDeathTest, WaitStopsOnSigterm) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(WaitForSigtermThenExit(), testing::ExitedWithCode(0), "");
}

TEST(HttpServerTest, StartReportsBadAddressesAndBusyPorts) {
  HttpServerOptions options;
  options.address = "localhost";
  Result<std::unique_ptr<HttpServer>> bad = HttpServer::Start(options, Echo);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(bad.status().message(),
            "invalid listen address 'localhost': expected an IPv4 or IPv6 "
            "literal such as 127.0.0.1 or ::1");

  std::unique_ptr<HttpServer> first = StartServer({});
  ASSERT_TRUE(first);
  options.address = "127.0.0.1";
  options.port = first->port();
  Result<std::unique_ptr<HttpServer>> busy = HttpServer::Start(options, Echo);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.status().code(), ErrorCode::kInternal);
  EXPECT_EQ(busy.status().message(),
            "cannot listen on 127.0.0.1:" + std::to_string(first->port()) +
                ": Address already in use");

  options.port = 0;
  options.worker_threads = 0;
  EXPECT_EQ(HttpServer::Start(options, Echo).status().code(),
            ErrorCode::kUsage);
}

TEST(HttpServerTest, ListensOnIpv6Loopback) {
  HttpServerOptions options;
  options.address = "::1";
  options.port = 0;
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, Echo);
  if (!server.ok()) GTEST_SKIP() << "no IPv6: " << server.status().message();
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(
      tcp::endpoint(asio::ip::address_v6::loopback(), server.value()->port()));
  http::request<http::string_body> request = Get("/six");
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  EXPECT_NE(response.body().find("\nremote: ::1\n"), std::string::npos);
}

TEST(HttpServerTest, ErrorResponseEscapesItsJson) {
  HttpResponse response =
      ErrorResponse(404, "not_found", "no text \"a\\b\"\n\x01 \xff here");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body,
            "{\"error\":{\"code\":\"not_found\",\"message\":"
            "\"no text \\\"a\\\\b\\\"\\n\\u0001 \xef\xbf\xbd here\"}}");
}

}  // namespace
}  // namespace redline
