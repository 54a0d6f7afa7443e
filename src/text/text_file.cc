// Reading texts from files and standard input, with the checks every text
// must pass before the rest of redline sees it.

#include <fcntl.h>
#include <sys/mman.h>
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

// Regular files from this size on are mapped rather than read.
constexpr uint64_t kMapMinBytes = 64 << 10;

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

InputText::InputText(std::string bytes) : owned_(std::move(bytes)) {
  view_ = owned_;
}

InputText::~InputText() { Release(); }

InputText::InputText(InputText&& other) noexcept { *this = std::move(other); }

InputText& InputText::operator=(InputText&& other) noexcept {
  if (this == &other) return *this;
  Release();
  const bool owned = other.mapping_ == nullptr;
  owned_ = std::move(other.owned_);
  mapping_ = std::exchange(other.mapping_, nullptr);
  mapping_size_ = std::exchange(other.mapping_size_, 0);
  if (owned) {
    view_ = owned_;
  } else {
    view_ = other.view_;
  }
  other.owned_.clear();
  other.view_ = {};
  return *this;
}

void InputText::Release() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
  view_ = {};
}

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
  if (regular && static_cast<uint64_t>(info.st_size) >= kMapMinBytes) {
    const auto size = static_cast<size_t>(info.st_size);
    void* mapping =
        ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (mapping != MAP_FAILED) {
      InputText text;
      text.mapping_ = mapping;
      text.mapping_size_ = size;
      text.view_ = std::string_view(static_cast<const char*>(mapping), size);
      Status status = CheckText(text.view(), limits);
      if (!status.ok()) return status.WithContext(name);
      return text;
    }
    // Not mappable (some file systems): read it.
  }
  std::string bytes;
  if (regular) bytes.reserve(info.st_size);
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::BadInput(
                 fmt::format("read failed: {}", std::strerror(errno)))
          .WithContext(name);
    }
    if (got == 0) break;
    if (bytes.size() + got > limit) return OverLimit(limit).WithContext(name);
    bytes.append(buffer, got);
  }
  Status status = CheckText(bytes, limits);
  if (!status.ok()) return status.WithContext(name);
  return InputText(std::move(bytes));
}

}  // namespace redline
