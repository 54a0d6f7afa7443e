#include "redline/status.h"

namespace redline {

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message(context);
  message += ": ";
  message += message_;
  return Status(code_, std::move(message));
}

int ExitCode(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOk:
      return 0;
    case ErrorCode::kUsage:
      return 2;
    case ErrorCode::kBadInput:
      return 3;
    case ErrorCode::kNotFound:
      return 4;
    case ErrorCode::kBusy:
      return 5;
    case ErrorCode::kStorage:
    case ErrorCode::kInternal:
      return 6;
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kForbidden:
    case ErrorCode::kThrottled:
      return 7;
  }
  return 6;
}

}  // namespace redline
