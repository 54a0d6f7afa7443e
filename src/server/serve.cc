#include <charconv>
#include <thread>

#include "fmt/format.h"
#include "redline/audit.h"
#include "redline/server.h"
#include "server/api.h"
#include "server/http_server.h"

namespace redline {

namespace {

// "ADDRESS:PORT", the address possibly in brackets (IPv6).
Status ParseListen(const std::string& listen, std::string* address,
                   uint16_t* port) {
  const size_t colon = listen.rfind(':');
  Status bad = Status::Usage(fmt::format(
      "--listen '{}' is not ADDRESS:PORT (e.g. 127.0.0.1:8080)", listen));
  if (colon == std::string::npos || colon == 0) return bad;
  *address = listen.substr(0, colon);
  if (address->size() >= 2 && address->front() == '[' &&
      address->back() == ']') {
    *address = address->substr(1, address->size() - 2);
  }
  const std::string port_text = listen.substr(colon + 1);
  unsigned value = 0;
  auto [end, error] = std::from_chars(
      port_text.data(), port_text.data() + port_text.size(), value);
  if (error != std::errc() || end != port_text.data() + port_text.size() ||
      value > 65535) {
    return bad;
  }
  *port = static_cast<uint16_t>(value);
  return Status::Ok();
}

}  // namespace

Status Serve(const ServeOptions& options) {
  HttpServerOptions http;
  Status listen = ParseListen(options.listen, &http.address, &http.port);
  if (!listen.ok()) return listen;
  if (options.threads > 0) http.worker_threads = options.threads;

  Result<AuditKey> key = LoadAuditKey(options.audit_key, /*create=*/true);
  if (!key.ok()) return key.status();
  ApiOptions api_options;
  api_options.store = options.store;
  api_options.audit_key = *key;
  api_options.session_seconds = options.session_seconds;
  api_options.secure_cookie = options.secure_cookie;
  Result<std::unique_ptr<Api>> api = Api::Create(api_options);
  if (!api.ok()) return api.status();

  Api* handler = api->get();
  Result<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(http, [handler](const HttpRequest& request) {
        return handler->Handle(request);
      });
  if (!server.ok()) return server.status();
  if (options.on_listening) {
    std::string host = http.address;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    options.on_listening(fmt::format("http://{}:{}", host, (*server)->port()));
  }
  (*server)->Wait(/*stop_on_signals=*/true);
  (*server)->Stop();
  return Status::Ok();  // ~Api writes the queued audit entries
}

}  // namespace redline
