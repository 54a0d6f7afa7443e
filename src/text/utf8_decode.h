// Decoding one code point from valid UTF-8. Private to src/text.

#ifndef REDLINE_TEXT_UTF8_DECODE_H_
#define REDLINE_TEXT_UTF8_DECODE_H_

#include <cstddef>
#include <string_view>

namespace redline {

// Decodes the code point starting at text[*pos] and advances *pos past it.
// REQUIRES: *pos < text.size() and text is valid UTF-8 (ValidateUtf8).
inline char32_t DecodeUtf8(std::string_view text, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + *pos;
  const unsigned char lead = p[0];
  if (lead < 0x80) {
    *pos += 1;
    return lead;
  }
  if (lead < 0xE0) {
    *pos += 2;
    return (char32_t{lead & 0x1Fu} << 6) | (p[1] & 0x3Fu);
  }
  if (lead < 0xF0) {
    *pos += 3;
    return (char32_t{lead & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) |
           (p[2] & 0x3Fu);
  }
  *pos += 4;
  return (char32_t{lead & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
         (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
}

}  // namespace redline

#endif  // REDLINE_TEXT_UTF8_DECODE_H_
