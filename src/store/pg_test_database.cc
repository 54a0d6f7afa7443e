#include "store/pg_test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

namespace redline {

std::string PgTestServerUrl() {
  const char* url = std::getenv("REDLINE_TEST_PG");
  return url != nullptr ? url : "";
}

bool PgTestServerRequired() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

PgTestDatabase::PgTestDatabase(const std::string& server_url) {
  static std::atomic<int> counter{0};
  // Our own digits only: safe to splice into CREATE DATABASE, which takes
  // no parameters.
  name_ = "redline_test_" + std::to_string(getpid()) + "_" +
          std::to_string(counter++);
  Result<std::unique_ptr<PgConnection>> maintenance =
      PgConnection::Connect(server_url);
  if (!maintenance.ok()) {
    status_ = maintenance.status();
    return;
  }
  maintenance_ = std::move(*maintenance);
  status_ = maintenance_
                ->Exec("creating a test database",
                       "CREATE DATABASE " + name_ + " ENCODING 'UTF8'")
                .status();
  if (!status_.ok()) return;
  // In a URI, a query parameter overrides the path's database.
  url_ = server_url + (server_url.find('?') == std::string::npos ? "?" : "&") +
         "dbname=" + name_;
}

PgTestDatabase::~PgTestDatabase() {
  connection_.reset();
  if (maintenance_ != nullptr && !url_.empty()) {
    maintenance_->Exec("dropping a test database",
                       "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
}

Result<PgResult> PgTestDatabase::Exec(const std::string& sql,
                                      const PgParams& params) {
  if (!status_.ok()) return status_;
  if (connection_ == nullptr) {
    Result<std::unique_ptr<PgConnection>> connection =
        PgConnection::Connect(url_);
    if (!connection.ok()) return connection.status();
    connection_ = std::move(*connection);
  }
  return connection_->Exec("test statement", sql, params);
}

}  // namespace redline
