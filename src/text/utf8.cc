// Strict UTF-8 validation (RFC 3629) and offset-to-line lookup.

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fmt/format.h"
#include "redline/text.h"
#include "text/utf8_check.h"

namespace redline {

namespace {

// Length of the sequence a lead byte announces, or 0 for a byte that cannot
// start one (a continuation byte, 0xC0, 0xC1, 0xF5..0xFF).
int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF5) return 4;
  return 0;
}

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

Status Malformed(std::string_view bytes, size_t offset, std::string_view why) {
  LineColumn where = LocateOffset(bytes, offset);
  return Status::BadInput(
      fmt::format("malformed UTF-8 at byte {} (line {}, column {}): {}", offset,
                  where.line, where.column, why));
}

// Whether any of the eight bytes of `word` is zero (all below 0x80).
bool HasZeroByte(uint64_t word) {
  return ((word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull) != 0;
}

#if defined(__SSE2__)
// Checks the 16 bytes at `p`, which begin a sequence: when they are ASCII
// (not NUL, with kRejectNul) and well-formed two-byte sequences (lead C2..DF,
// then a continuation byte), returns how many of them hold whole sequences:
// 16, or 15 when the last is a lead. Else returns 0.
template <bool kRejectNul>
uint32_t TwoByteBlock(const unsigned char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto mask = [](__m128i flags) {
    return static_cast<uint32_t>(_mm_movemask_epi8(flags));
  };
  const auto top_bits = [&](int keep, int value) {
    return mask(_mm_cmpeq_epi8(
        _mm_and_si128(bytes, _mm_set1_epi8(static_cast<char>(keep))),
        _mm_set1_epi8(static_cast<char>(value))));
  };
  const uint32_t high = mask(bytes);                   // 80..FF
  const uint32_t continuation = top_bits(0xC0, 0x80);  // 80..BF
  const uint32_t lead = top_bits(0xE0, 0xC0) &         // C0..DF
                        ~top_bits(0xFE, 0xC0);         // but C0, C1
  if (high != (continuation | lead)) return 0;
  if (continuation != ((lead << 1) & 0xFFFF)) return 0;
  if (kRejectNul && mask(_mm_cmpeq_epi8(bytes, _mm_setzero_si128())) != 0) {
    return 0;
  }
  return (lead & 0x8000) != 0 ? 15 : 16;
}
#endif

// The offset of the first byte that does not begin a well-formed sequence
// (with kRejectNul, or that is NUL), or bytes.size() if there is none.
template <bool kRejectNul>
size_t FirstProblem(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  size_t i = 0;
  while (i < size) {
    // Most negotiated text is ASCII: skip it 32 bytes at a time, then 8.
    while (i + 32 <= size) {
      uint64_t chunk[4];
      std::memcpy(chunk, data + i, 32);
      if ((chunk[0] | chunk[1] | chunk[2] | chunk[3]) & 0x8080808080808080ull) {
        break;
      }
      if (kRejectNul && (HasZeroByte(chunk[0]) || HasZeroByte(chunk[1]) ||
                         HasZeroByte(chunk[2]) || HasZeroByte(chunk[3]))) {
        break;
      }
      i += 32;
    }
#if defined(__SSE2__)
    // Then text in a two-byte script (Cyrillic, Greek): 16 bytes at a time.
    for (uint32_t step;
         i + 16 <= size && (step = TwoByteBlock<kRejectNul>(data + i)) != 0;) {
      i += step;
    }
#endif
    while (i + 8 <= size) {
      uint64_t chunk;
      std::memcpy(&chunk, data + i, 8);
      if ((chunk & 0x8080808080808080ull) ||
          (kRejectNul && HasZeroByte(chunk))) {
        break;
      }
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = data[i];
    if (lead < 0x80) {
      if (kRejectNul && lead == 0) return i;
      ++i;
      continue;
    }
    // The common well-formed cases first (Cyrillic, Greek: two bytes;
    // quotes, dashes, most of the BMP: three bytes without E0 or ED's
    // restrictions); anything else, valid or not, takes the full checks.
    if (lead >= 0xC2 && lead <= 0xDF && i + 1 < size &&
        IsContinuation(data[i + 1])) {
      i += 2;
      continue;
    }
    if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && i + 2 < size &&
        IsContinuation(data[i + 1]) && IsContinuation(data[i + 2])) {
      i += 3;
      continue;
    }
    const int length = SequenceLength(lead);
    if (length == 0 || i + length > size) return i;
    for (int k = 1; k < length; ++k) {
      if (!IsContinuation(data[i + k])) return i;
    }
    const unsigned char second = data[i + 1];
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)) {
      return i;
    }
    i += length;
  }
  return size;
}

// Why the sequence at byte `i` of `bytes` is malformed.
// REQUIRES: it is (FirstProblem<false> returned i).
Status DescribeMalformed(std::string_view bytes, size_t i) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  const unsigned char lead = data[i];
  const int length = SequenceLength(lead);
  if (length == 0) {
    return Malformed(
        bytes, i,
        IsContinuation(lead)
            ? fmt::format("unexpected continuation byte {:#04x}", lead)
            : fmt::format("invalid byte {:#04x}", lead));
  }
  const size_t available = std::min<size_t>(length, size - i);
  for (size_t k = 1; k < available; ++k) {
    if (!IsContinuation(data[i + k])) {
      return Malformed(
          bytes, i,
          fmt::format("lead byte {:#04x} is followed by {:#04x}, not a "
                      "continuation byte",
                      lead, data[i + k]));
    }
  }
  if (available < static_cast<size_t>(length)) {
    return Malformed(
        bytes, i,
        fmt::format("truncated sequence: lead byte {:#04x} needs {} bytes, "
                    "the text ends after {}",
                    lead, length, available));
  }
  const unsigned char second = data[i + 1];
  if (lead == 0xE0 && second < 0xA0) {
    return Malformed(bytes, i, "overlong 3-byte sequence");
  }
  if (lead == 0xED && second >= 0xA0) {
    return Malformed(bytes, i, "encoded UTF-16 surrogate (U+D800..U+DFFF)");
  }
  if (lead == 0xF0 && second < 0x90) {
    return Malformed(bytes, i, "overlong 4-byte sequence");
  }
  return Malformed(bytes, i, "code point above U+10FFFF");
}

}  // namespace

Status ValidateUtf8(std::string_view bytes) {
  const size_t problem = FirstProblem<false>(bytes);
  if (problem == bytes.size()) return Status::Ok();
  return DescribeMalformed(bytes, problem);
}

bool IsNulFreeUtf8(std::string_view bytes) {
  return FirstProblem<true>(bytes) == bytes.size();
}

LineColumn LocateOffset(std::string_view text, uint64_t offset) {
  LineColumn where;
  const size_t stop = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < stop; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n' ||
        (byte == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++where.line;
      where.column = 1;
    } else if (!IsContinuation(byte)) {
      ++where.column;
    }
  }
  return where;
}

}  // namespace redline
