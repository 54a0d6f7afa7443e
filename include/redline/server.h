// The server: the negotiation record over HTTP/JSON (docs/api.md), with
// accounts, per-party access control and the audit log. Stateless: sessions,
// login throttling and the audit chain live in the store, so several
// servers may serve one PostgreSQL store side by side.

#ifndef REDLINE_SERVER_H_
#define REDLINE_SERVER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "redline/status.h"

namespace redline {

struct ServeOptions {
  std::string store;                      // an SQLite path or PostgreSQL URL
  std::string listen = "127.0.0.1:8080";  // ADDRESS:PORT; port 0: any
  std::string audit_key;                  // the key file's path
  int64_t session_seconds = 8 * 3600;
  int threads = 0;  // worker threads for store work; 0: a default
  // Mark the session cookie Secure (behind HTTPS).
  bool secure_cookie = false;
  // Called once the server listens, with its base URL
  // ("http://127.0.0.1:8080").
  std::function<void(const std::string& url)> on_listening;
};

// Serves until SIGINT or SIGTERM. kUsage for a bad --listen, kNotFound or
// kStorage when the store cannot be opened, kInternal when the address
// cannot be bound.
Status Serve(const ServeOptions& options);

}  // namespace redline

#endif  // REDLINE_SERVER_H_
