// hello_server --port N [--threads N]: the baseline for the HTTP layer's
// benchmark (src/server/http_server.cc): a bare Boost.Beast server, shaped
// like Beast's own http_server_async example, that answers every request
// with "hello" over keep-alive connections, with one I/O thread per core
// and nothing else (no worker pool, no limits beyond Beast's defaults, no
// extra headers). Listens on 127.0.0.1. Prints nothing but errors.

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}

  void Start() {
    asio::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(
        stream_, buffer_, request_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return stream_.close();
    response_ = {};
    response_.result(http::status::ok);
    response_.version(request_.version());
    response_.set(http::field::content_type, "text/plain");
    response_.keep_alive(request_.keep_alive());
    response_.body() = "hello";
    response_.prepare_payload();
    http::async_write(
        stream_, response_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec || !response_.keep_alive()) return stream_.close();
    Read();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

class Listener {
 public:
  Listener(asio::io_context& ioc, tcp::acceptor& acceptor)
      : ioc_(ioc), acceptor_(acceptor) {}

  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec,
                                                           tcp::socket socket) {
      if (!ec) {
        std::make_shared<Session>(std::move(socket))->Start();
      }
      Accept();
    });
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor& acceptor_;
};

int Usage() {
  std::cerr << "usage: hello_server --port N [--threads N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int port = -1;
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return Usage();
    if (arg == "--port") {
      port = std::atoi(argv[++i]);
    } else if (arg == "--threads") {
      threads = std::atoi(argv[++i]);
    } else {
      return Usage();
    }
  }
  if (port < 0 || port > 65535) return Usage();
  if (threads < 1) threads = 1;
  try {
    asio::io_context ioc(threads);
    tcp::acceptor acceptor(ioc,
                           tcp::endpoint(asio::ip::address_v4::loopback(),
                                         static_cast<unsigned short>(port)));
    Listener listener(ioc, acceptor);
    listener.Accept();
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (std::thread& thread : pool) thread.join();
  } catch (const std::exception& e) {
    std::cerr << "hello_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
