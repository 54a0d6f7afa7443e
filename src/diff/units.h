// The units a redline compares: tokens, or groups of them, each with a
// comparison key under the diff options. Private to src/diff.

#ifndef REDLINE_DIFF_UNITS_H_
#define REDLINE_DIFF_UNITS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "redline/diff.h"
#include "redline/token_keys.h"

namespace redline {

// One text cut into units. Unit i covers the bytes [starts[i], starts[i+1]):
// its significant token, the insignificant tokens before it (white space
// under ignore_whitespace, punctuation under ignore_punctuation), and, for
// a point number under ignore_renumbering, all tokens of the number. The
// last unit is an end marker holding the insignificant tail of the text; it
// always matches the other side's, so every byte lands in some op.
struct Units {
  std::string_view text;
  std::vector<uint32_t> starts;  // size() == keys.size() + 1
  std::vector<uint32_t> keys;
  // words_before[u]: how many of units [0, u) are words (a word or number
  // token, or a point number). size() == keys.size() + 1.
  std::vector<uint32_t> words_before;
  // line_units[k]: the unit of anchor k, a byte-equal line or the unchanged
  // start or end of a reworded one (see line_anchors.h), which holds the
  // same bytes as the other side's line_units[k].
  std::vector<uint32_t> line_units;

  uint32_t size() const { return static_cast<uint32_t>(keys.size()); }
  uint32_t begin(uint32_t unit) const { return starts[unit]; }
  uint32_t end(uint32_t unit) const { return starts[unit + 1]; }
  bool is_word(uint32_t unit) const {
    return words_before[unit + 1] != words_before[unit];
  }
  // The number of words among units [from, to).
  uint32_t words(uint32_t from, uint32_t to) const {
    return words_before[to] - words_before[from];
  }
};

// The keys of both texts of one comparison.
struct UnitPair {
  Units old_units;
  Units new_units;
  uint32_t key_limit = 0;  // every key is below it
};

UnitPair BuildUnits(std::string_view old_text, std::string_view new_text,
                    const DiffOptions& options);

// ASCII white space, as wdiff and C's isspace count it.
inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
         c == '\v';
}

// The number of whitespace-separated words in text[begin, end): the unit
// wdiff counts in.
uint64_t CountWords(std::string_view text, uint32_t begin, uint32_t end);

}  // namespace redline

#endif  // REDLINE_DIFF_UNITS_H_
