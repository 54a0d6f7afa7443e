// Loading and checking negotiated texts: the bytes every other module works
// on. A text is accepted when it is well-formed UTF-8, contains no NUL byte
// (a sign of binary data) and is within the size limit. A BOM, CRLF or mixed
// line endings and empty texts are accepted and kept byte for byte.
//
// Thread-safety: all functions are thread-safe.

#ifndef REDLINE_TEXT_H_
#define REDLINE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "redline/status.h"

namespace redline {

// Limits on what is accepted as a text.
struct TextLimits {
  // Largest accepted text in bytes. Default 256 MiB: far above any treaty,
  // small enough that tokens and points of a text fit comfortably in memory.
  // Values above kMaxTextBytes are clamped to it.
  uint64_t max_bytes = uint64_t{256} << 20;
};

// The hard ceiling on text size, 1 GiB - 1: offsets into a text are 32-bit
// and token ends 30-bit (tokenizer.h).
inline constexpr uint64_t kMaxTextBytes = (uint64_t{1} << 30) - 1;

// Returns OK if `bytes` is well-formed UTF-8 (no overlong forms, surrogates,
// code points above U+10FFFF, stray or missing continuation bytes).
// Otherwise kBadInput with a message naming the byte offset, line and column
// and the offending byte, e.g.
//   "malformed UTF-8 at byte 17 (line 2, column 5): unexpected continuation
//    byte 0x9f".
Status ValidateUtf8(std::string_view bytes);

// Returns OK if `bytes` is acceptable as a text under `limits`: the size,
// then the absence of NUL bytes ("binary data: NUL byte at byte N"), then
// ValidateUtf8.
Status CheckText(std::string_view bytes, const TextLimits& limits);

// A text read by ReadText, held in memory. (Mapping a long file instead
// was measured slower here: every later pass over the text then pays for
// the file's 4 KiB pages, where a copy sits on the heap's huge pages.)
// Move-only.
class InputText {
 public:
  InputText() = default;
  explicit InputText(std::string bytes) : bytes_(std::move(bytes)) {}
  InputText(InputText&& other) noexcept = default;
  InputText& operator=(InputText&& other) noexcept = default;
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;

  std::string_view view() const { return bytes_; }

 private:
  std::string bytes_;
};

// Reads the file at `path` ("-" reads standard input) and checks it with
// CheckText. Reading stops as soon as the limit is exceeded, so a huge input
// fails fast. Errors name the path: kNotFound when the file does not exist,
// kBadInput for unreadable or unacceptable content (a directory, bad UTF-8).
Result<InputText> ReadText(const std::string& path, const TextLimits& limits);

// The number of the line (1-based) and the column (1-based, in code points)
// of byte `offset` in `text`, for messages. Counts "\n", "\r\n" and "\r" as
// line ends.
struct LineColumn {
  uint64_t line = 1;
  uint64_t column = 1;
};
LineColumn LocateOffset(std::string_view text, uint64_t offset);

}  // namespace redline

#endif  // REDLINE_TEXT_H_
