// Reading texts from files and standard input, with the checks every text
// must pass before the rest of redline sees it.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "fmt/format.h"
#include "redline/text.h"
#include "text/utf8_check.h"

namespace redline {

namespace {

uint64_t EffectiveLimit(const TextLimits& limits) {
  return limits.max_bytes < kMaxTextBytes ? limits.max_bytes : kMaxTextBytes;
}

Status OverLimit(uint64_t limit) {
  return Status::BadInput(fmt::format(
      "text is larger than the limit of {} bytes (raise it with --max-size)",
      limit));
}

// Closes a file descriptor it owns, unless it is standard input.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ > STDIN_FILENO) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

}  // namespace

Status CheckText(std::string_view bytes, const TextLimits& limits) {
  const uint64_t limit = EffectiveLimit(limits);
  if (bytes.size() > limit) return OverLimit(limit);
  // One pass over a good text; a bad one is looked at again to name its
  // first problem, a NUL before any malformed UTF-8.
  if (IsNulFreeUtf8(bytes)) return Status::Ok();
  const void* nul =
      bytes.empty() ? nullptr : std::memchr(bytes.data(), '\0', bytes.size());
  if (nul != nullptr) {
    const size_t offset = static_cast<const char*>(nul) - bytes.data();
    return Status::BadInput(
        fmt::format("binary data, not a text: NUL byte at byte {}", offset));
  }
  return ValidateUtf8(bytes);
}

Result<InputText> ReadText(const std::string& path, const TextLimits& limits) {
  const std::string name = path == "-" ? "<stdin>" : path;
  const uint64_t limit = EffectiveLimit(limits);
  int fd = STDIN_FILENO;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int error = errno;
      std::string message =
          fmt::format("cannot open: {}", std::strerror(error));
      if (error == ENOENT) return Status::NotFound(message).WithContext(name);
      return Status::BadInput(message).WithContext(name);
    }
  }
  FdCloser closer(fd);
  struct stat info {};
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  if (!regular) {
    if (S_ISDIR(info.st_mode)) {
      return Status::BadInput("is a directory, not a text file")
          .WithContext(name);
    }
  } else if (static_cast<uint64_t>(info.st_size) > limit) {
    return OverLimit(limit).WithContext(name);
  }
  const auto read_failed = [&name] {
    return Status::BadInput(
               fmt::format("read failed: {}", std::strerror(errno)))
        .WithContext(name);
  };
  std::string bytes;
  size_t got = 0;
  if (regular) {
    // Straight into the text's own memory, at the size the file has now.
    bytes.resize(static_cast<size_t>(info.st_size));
    while (got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return read_failed();
      if (n == 0) break;  // the file shrank
      got += static_cast<size_t>(n);
    }
    bytes.resize(got);
  }
  // Standard input, a pipe, or a file that grew: what is left, in pieces.
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return read_failed();
    if (n == 0) break;
    if (bytes.size() + n > limit) return OverLimit(limit).WithContext(name);
    bytes.append(buffer, n);
  }
  Status status = CheckText(bytes, limits);
  if (!status.ok()) return status.WithContext(name);
  return InputText(std::move(bytes));
}

}  // namespace redline
