#include "store/pg_connection.h"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <type_traits>
#include <utility>

#include "redline/store.h"

namespace redline {
namespace {

// libpq is loaded on first use (dlopen) rather than linked: it pulls in
// about twenty libraries (OpenSSL, Kerberos, LDAP, ...) whose loading would
// slow the start of every command, though only a postgresql:// store needs
// them. The functions redline calls, resolved once.
struct LibPq {
  void (*clear)(PGresult*) = nullptr;
  char* (*cmdStatus)(PGresult*) = nullptr;
  PGconn* (*connectdbParams)(const char* const*, const char* const*,
                             int) = nullptr;
  void (*conninfoFree)(PQconninfoOption*) = nullptr;
  PQconninfoOption* (*conninfoParse)(const char*, char**) = nullptr;
  char* (*db)(const PGconn*) = nullptr;
  char* (*errorMessage)(const PGconn*) = nullptr;
  PGresult* (*exec)(PGconn*, const char*) = nullptr;
  PGresult* (*execParams)(PGconn*, const char*, int, const Oid*,
                          const char* const*, const int*, const int*,
                          int) = nullptr;
  void (*finish)(PGconn*) = nullptr;
  void (*freemem)(void*) = nullptr;
  int (*getlength)(const PGresult*, int, int) = nullptr;
  char* (*getvalue)(const PGresult*, int, int) = nullptr;
  char* (*host)(const PGconn*) = nullptr;
  int (*ntuples)(const PGresult*) = nullptr;
  char* (*port)(const PGconn*) = nullptr;
  void (*reset)(PGconn*) = nullptr;
  char* (*resultErrorField)(const PGresult*, int) = nullptr;
  ExecStatusType (*resultStatus)(const PGresult*) = nullptr;
  PQnoticeProcessor (*setNoticeProcessor)(PGconn*, PQnoticeProcessor,
                                          void*) = nullptr;
  ConnStatusType (*status)(const PGconn*) = nullptr;
  PGTransactionStatusType (*transactionStatus)(const PGconn*) = nullptr;
};

// The loaded library, or an error naming what is missing. Thread-safe.
const Result<LibPq>& LoadLibPq() {
  static const Result<LibPq> loaded = []() -> Result<LibPq> {
    void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      return Status::Storage(std::string("PostgreSQL stores need libpq "
                                         "(Debian package libpq5): ") +
                             ::dlerror());
    }
    LibPq pq;
    bool complete = true;
    const auto bind = [&](auto* slot, const char* name) {
      void* symbol = ::dlsym(handle, name);
      complete = complete && symbol != nullptr;
      *slot = reinterpret_cast<std::remove_pointer_t<decltype(slot)>>(symbol);
    };
    bind(&pq.clear, "PQclear");
    bind(&pq.cmdStatus, "PQcmdStatus");
    bind(&pq.connectdbParams, "PQconnectdbParams");
    bind(&pq.conninfoFree, "PQconninfoFree");
    bind(&pq.conninfoParse, "PQconninfoParse");
    bind(&pq.db, "PQdb");
    bind(&pq.errorMessage, "PQerrorMessage");
    bind(&pq.exec, "PQexec");
    bind(&pq.execParams, "PQexecParams");
    bind(&pq.finish, "PQfinish");
    bind(&pq.freemem, "PQfreemem");
    bind(&pq.getlength, "PQgetlength");
    bind(&pq.getvalue, "PQgetvalue");
    bind(&pq.host, "PQhost");
    bind(&pq.ntuples, "PQntuples");
    bind(&pq.port, "PQport");
    bind(&pq.reset, "PQreset");
    bind(&pq.resultErrorField, "PQresultErrorField");
    bind(&pq.resultStatus, "PQresultStatus");
    bind(&pq.setNoticeProcessor, "PQsetNoticeProcessor");
    bind(&pq.status, "PQstatus");
    bind(&pq.transactionStatus, "PQtransactionStatus");
    if (!complete)
      return Status::Storage("libpq.so.5 lacks a function redline uses");
    return pq;  // the handle stays open for the life of the process
  }();
  return loaded;
}

// REQUIRES: LoadLibPq().ok() (PgConnection::Connect checks it first).
const LibPq& Pq() { return *LoadLibPq(); }

// Type OIDs (pg_type.h is a server header, not part of libpq-dev's API).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

// libpq's messages end in a newline and indent hints with tabs: one line.
std::string OneLine(std::string_view message) {
  std::string line;
  bool space = false;
  for (char c : message) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !line.empty()) line += ' ';
    space = false;
    line += c;
  }
  return line;
}

// The password in the user info of a URL ("user:password@host"), or "".
std::string_view UrlPassword(std::string_view url) {
  if (!IsPostgresLocation(url)) return {};
  const size_t start = url.find("://") + 3;
  const size_t end = url.find_first_of("@/", start);
  if (end == std::string_view::npos || url[end] != '@') return {};
  const std::string_view user_info = url.substr(start, end - start);
  const size_t colon = user_info.find(':');
  if (colon == std::string_view::npos) return {};
  return user_info.substr(colon + 1);
}

std::string RedactQuery(std::string_view query) {
  std::string kept;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    if (item.substr(0, item.find('=')) == "password") continue;
    if (!kept.empty()) kept += '&';
    kept += item;
  }
  return kept;
}

// "host=h password='x y' dbname=d" without the password.
std::string RedactKeywords(std::string_view conninfo) {
  std::string kept;
  size_t i = 0;
  while (i < conninfo.size()) {
    const size_t key_start = conninfo.find_first_not_of(" \t\n", i);
    if (key_start == std::string_view::npos) break;
    size_t j = conninfo.find('=', key_start);
    if (j == std::string_view::npos) j = conninfo.size();
    std::string_view key = conninfo.substr(key_start, j - key_start);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) {
      key.remove_suffix(1);
    }
    j = conninfo.find_first_not_of(" \t", j + 1);
    if (j == std::string_view::npos) j = conninfo.size();
    if (j < conninfo.size() && conninfo[j] == '\'') {
      for (++j; j < conninfo.size() && conninfo[j] != '\''; ++j) {
        if (conninfo[j] == '\\') ++j;
      }
      ++j;
    } else {
      j = conninfo.find_first_of(" \t\n", j);
      if (j == std::string_view::npos) j = conninfo.size();
    }
    j = std::min(j, conninfo.size());
    if (key != "password") {
      if (!kept.empty()) kept += ' ';
      kept += conninfo.substr(key_start, j - key_start);
    }
    i = j;
  }
  return kept;
}

// "host H, port P, database D" as libpq resolved them for `conn`.
std::string ServerName(PGconn* conn) {
  auto field = [](const char* value) {
    return value != nullptr && *value != '\0' ? std::string(value)
                                              : std::string("(default)");
  };
  return "host " + field(Pq().host(conn)) + ", port " + field(Pq().port(conn)) +
         ", database " + field(Pq().db(conn));
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

std::string RedactPostgresUrl(std::string_view url) {
  if (!IsPostgresLocation(url)) return RedactKeywords(url);
  std::string redacted(url);
  const std::string_view password = UrlPassword(url);
  if (!password.empty() || url.find(":@") != std::string_view::npos) {
    const size_t at = url.find_first_of("@/", url.find("://") + 3);
    const size_t colon = at - password.size() - 1;
    redacted = std::string(url.substr(0, colon)) + std::string(url.substr(at));
  }
  const size_t question = redacted.find('?');
  if (question == std::string::npos) return redacted;
  const std::string query = RedactQuery(redacted.substr(question + 1));
  redacted.resize(question);
  if (!query.empty()) redacted += "?" + query;
  return redacted;
}

PgParams& PgParams::Text(std::string_view value) {
  values_.emplace_back(value);
  types_.push_back(kTextOid);
  lengths_.push_back(static_cast<int>(value.size()));
  formats_.push_back(1);  // binary: the bytes as they are, NUL included
  return *this;
}

PgParams& PgParams::Int(int64_t value) {
  values_.push_back(std::to_string(value));
  types_.push_back(kInt8Oid);
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

PgParams& PgParams::Bool(bool value) {
  values_.emplace_back(value ? "t" : "f");
  types_.push_back(kBoolOid);
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

std::vector<const char*> PgParams::Values() const {
  std::vector<const char*> values;
  values.reserve(values_.size());
  for (const std::string& value : values_) values.push_back(value.c_str());
  return values;
}

PgResult::PgResult(pg_result* result) : result_(result) {}

PgResult::~PgResult() { Pq().clear(result_); }

PgResult::PgResult(PgResult&& other) noexcept
    : result_(std::exchange(other.result_, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    Pq().clear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

int PgResult::rows() const { return Pq().ntuples(result_); }

std::string PgResult::command() const { return Pq().cmdStatus(result_); }

std::string PgResult::Text(int row, int column) const {
  return std::string(Pq().getvalue(result_, row, column),
                     Pq().getlength(result_, row, column));
}

int64_t PgResult::Int(int row, int column) const {
  const char* value = Pq().getvalue(result_, row, column);
  int64_t number = 0;
  std::from_chars(value, value + Pq().getlength(result_, row, column), number);
  return number;
}

bool PgResult::Bool(int row, int column) const {
  return std::strcmp(Pq().getvalue(result_, row, column), "t") == 0;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& url) {
  const std::string describe = RedactPostgresUrl(url);
  if (!LoadLibPq().ok()) return LoadLibPq().status();
  char* parse_error = nullptr;
  PQconninfoOption* parsed = Pq().conninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string message = "malformed PostgreSQL URL " + describe;
    if (parse_error != nullptr) {
      const std::string detail = OneLine(parse_error);
      const std::string_view password = UrlPassword(url);
      // libpq quotes the offending part, which may be the password.
      if (password.empty() || detail.find(password) == std::string::npos) {
        message += ": " + detail;
      }
      Pq().freemem(parse_error);
    }
    return Status::Storage(message);
  }
  Pq().conninfoFree(parsed);

  // Later keywords override earlier ones: the URL may set its own connect
  // timeout, but texts always travel as UTF-8.
  const char* const keywords[] = {"connect_timeout", "dbname",
                                  "client_encoding", nullptr};
  const char* const values[] = {"10", url.c_str(), "UTF8", nullptr};
  PGconn* conn = Pq().connectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    return Status::Storage("cannot connect to PostgreSQL at " + describe +
                           ": out of memory");
  }
  if (Pq().status(conn) != CONNECTION_OK) {
    std::string message = "cannot connect to PostgreSQL (" + ServerName(conn) +
                          "): " + OneLine(Pq().errorMessage(conn));
    Pq().finish(conn);
    return Status::Storage(message);
  }
  Pq().setNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn, describe));
}

PgConnection::PgConnection(pg_conn* conn, std::string describe)
    : conn_(conn), describe_(std::move(describe)) {}

PgConnection::~PgConnection() { Pq().finish(conn_); }

bool PgConnection::connected() const {
  return Pq().status(conn_) == CONNECTION_OK;
}

bool PgConnection::EnsureConnected() {
  if (Pq().status(conn_) == CONNECTION_OK) return true;
  Pq().reset(conn_);
  return Pq().status(conn_) == CONNECTION_OK;
}

Result<PgResult> PgConnection::Exec(std::string_view what,
                                    const std::string& sql,
                                    const PgParams& params) {
  const std::vector<const char*> values = params.Values();
  const bool none = params.size() == 0;
  return Check(what, Pq().execParams(conn_, sql.c_str(), params.size(),
                                     none ? nullptr : params.types().data(),
                                     none ? nullptr : values.data(),
                                     none ? nullptr : params.lengths().data(),
                                     none ? nullptr : params.formats().data(),
                                     /*resultFormat=*/0));
}

Status PgConnection::ExecScript(std::string_view what, const char* sql) {
  return Check(what, Pq().exec(conn_, sql)).status();
}

void PgConnection::RollbackIfOpen() {
  if (Pq().transactionStatus(conn_) == PQTRANS_IDLE) return;
  Pq().clear(Pq().exec(conn_, "ROLLBACK"));
}

Result<PgResult> PgConnection::Check(std::string_view what, pg_result* raw) {
  PgResult result(raw);
  // A null result (out of memory, lost connection) reads as a fatal error.
  const ExecStatusType status = Pq().resultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;

  const char* state = Pq().resultErrorField(raw, PG_DIAG_SQLSTATE);
  const char* primary = Pq().resultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = Pq().resultErrorField(raw, PG_DIAG_MESSAGE_DETAIL);
  std::string message(what);
  message += ": ";
  message +=
      primary != nullptr ? OneLine(primary) : OneLine(Pq().errorMessage(conn_));
  if (detail != nullptr) message += ": " + OneLine(detail);
  const std::string_view code = state != nullptr ? state : "";
  if (code == "55P03" || code == "40001" || code == "40P01") {
    return Status::Busy(message);
  }
  return Status::Storage(message);
}

}  // namespace redline
