// Errors as values: a Status (code + message) and Result<T> (a value or a
// failed Status). Every module reports failure this way; exceptions thrown by
// third-party libraries are caught at the module boundary and turned into a
// Status there.
//
// Thread-safety: Status and Result are plain values; distinct objects may be
// used from distinct threads.

#ifndef REDLINE_STATUS_H_
#define REDLINE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace redline {

// What went wrong, independent of the front end. ExitCode() and (later) the
// HTTP layer map these codes in one place each.
enum class ErrorCode {
  kOk = 0,
  kUsage,     // the caller asked for something malformed (bad option, ...)
  kBadInput,  // the input text or file is unacceptable (bad UTF-8, binary)
  kNotFound,  // an id, file or reference does not exist or is ambiguous
  kBusy,      // the resource is locked by someone else; try again later
  kUnauthenticated,  // no valid session, or a wrong user name or password
  kForbidden,        // the user may see the object but not do this to it
  kThrottled,        // too many failed logins; wait before trying again
  kStorage,          // the store failed (I/O, database)
  kInternal,         // a bug or an unexpected failure of a library we call
};

class Status {
 public:
  // An OK status.
  Status() = default;

  static Status Ok() { return Status(); }
  static Status Usage(std::string message) {
    return Status(ErrorCode::kUsage, std::move(message));
  }
  static Status BadInput(std::string message) {
    return Status(ErrorCode::kBadInput, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(ErrorCode::kNotFound, std::move(message));
  }
  static Status Busy(std::string message) {
    return Status(ErrorCode::kBusy, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(ErrorCode::kUnauthenticated, std::move(message));
  }
  static Status Forbidden(std::string message) {
    return Status(ErrorCode::kForbidden, std::move(message));
  }
  static Status Throttled(std::string message) {
    return Status(ErrorCode::kThrottled, std::move(message));
  }
  static Status Storage(std::string message) {
    return Status(ErrorCode::kStorage, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(ErrorCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<context>: <message>". An OK status is
  // returned unchanged.
  Status WithContext(std::string_view context) const;

 private:
  Status(ErrorCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// The process exit code for a status, the same for every command:
// 0 success, 2 usage, 3 bad input, 4 not found or ambiguous, 5 busy,
// 6 storage or internal error, 7 refused (unauthenticated, forbidden,
// throttled). (1, "differs", is the comparison commands'
// own success outcome and never comes from a Status.)
int ExitCode(const Status& status);

// Either a value of type T or a failed Status.
template <typename T>
class Result {
 public:
  // REQUIRES: !status.ok()
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit
    assert(!status_.ok());
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  // By value: a reference into a temporary Result would dangle
  // (`for (auto& x : f().value())`).
  T value() && {
    assert(ok());
    return std::move(*value_);
  }
  // The value, or `fallback` when !ok().
  T value_or(T fallback) const& { return ok() ? *value_ : fallback; }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace redline

#endif  // REDLINE_STATUS_H_
