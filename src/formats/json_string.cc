#include "formats/json_string.h"

#include <cstdint>
#include <cstring>

namespace redline {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101;
constexpr uint64_t kHighs = 0x8080808080808080;

// Whether any of the 8 bytes of `word` needs an escape: a control
// character (< 0x20), '"' or '\\'. (The borrow of the subtractions only
// ever marks bytes above a byte that is marked rightly.)
bool NeedsEscape(uint64_t word) {
  const uint64_t control = (word - kOnes * 0x20) & ~word & kHighs;
  const uint64_t quote = word ^ (kOnes * '"');
  const uint64_t backslash = word ^ (kOnes * '\\');
  const uint64_t quotes = (quote - kOnes) & ~quote & kHighs;
  const uint64_t backslashes = (backslash - kOnes) & ~backslash & kHighs;
  return (control | quotes | backslashes) != 0;
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->reserve(out->size() + text.size() + 2);
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet written
  for (size_t i = 0; i < text.size(); ++i) {
    // Skip 8 bytes at a time while none needs an escape.
    while (i + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (NeedsEscape(word)) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(escape, sizeof escape);
        break;
      }
    }
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

}  // namespace redline
