// The HTTP/JSON API over the negotiation record (docs/api.md): routes,
// authentication, access checks (policy.h) and audit entries. Private to
// src/server.
//
// Thread-safety: Handle may be called concurrently; each call takes a store
// connection of its own from a pool.

#ifndef REDLINE_SERVER_API_H_
#define REDLINE_SERVER_API_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "redline/audit.h"
#include "redline/status.h"
#include "redline/store.h"
#include "server/http_server.h"

namespace redline {

struct ApiOptions {
  std::string store;  // location, as OpenStore takes it
  AuditKey audit_key;
  int64_t session_seconds = 8 * 3600;
  bool secure_cookie = false;
  // Queued audit entries of reads are written at least this often.
  int audit_flush_ms = 50;
};

class Api {
 public:
  // Opens a first connection to the store (to report a bad store at once)
  // and starts the audit writer.
  static Result<std::unique_ptr<Api>> Create(const ApiOptions& options);
  // Writes the queued audit entries.
  ~Api();

  HttpResponse Handle(const HttpRequest& request);

  // Writes the queued audit entries now.
  Status FlushAudit();

  struct Context;  // one request's state (api.cc)

 private:
  explicit Api(const ApiOptions& options);

  // A store connection for one request, returned to the pool after it.
  class Lease;
  Result<std::unique_ptr<Store>> Acquire();
  void Release(std::unique_ptr<Store> store);

  void Enqueue(AuditEvent event);
  void AuditWriter();

  HttpResponse Route(Context& context);

  const ApiOptions options_;

  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Store>> pool_;

  std::mutex audit_mutex_;
  std::condition_variable audit_wake_;
  std::vector<AuditEvent> audit_queue_;
  bool stopping_ = false;
  std::thread audit_writer_;

  friend struct ApiRoutes;
};

}  // namespace redline

#endif  // REDLINE_SERVER_API_H_
