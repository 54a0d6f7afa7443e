// Byte ranges that are the same in both texts and in the same order, found
// before any tokenizing: whole lines, and the unchanged starts and ends of
// changed lines. Each is compared as one unit, so the untouched paragraphs
// of a long text cost a hash, not a tokenization, and a reworded paragraph
// is tokenized only around its changes. Private to src/diff.

#ifndef REDLINE_DIFF_LINE_ANCHORS_H_
#define REDLINE_DIFF_LINE_ANCHORS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace redline {

// Anchor k is old bytes [old_begin[k], old_end[k]) and the same bytes at new
// offset new_begin[k]; anchors are in increasing order on both sides. Each
// starts at a line start or after a space before a letter, and ends after
// a '\n', at the end of the text, or after a space before a letter: where
// the tokenizer always breaks.
struct LineAnchors {
  std::vector<uint32_t> old_begin, old_end, new_begin;

  uint32_t size() const { return static_cast<uint32_t>(old_begin.size()); }
  uint32_t length(uint32_t k) const { return old_end[k] - old_begin[k]; }
};

// Lines shorter than this are never anchors: blank lines and headings like
// "Article 5" recur everywhere, and the word diff places them better.
constexpr uint32_t kMinAnchorLineBytes = 24;

// Diffs the lines of the two texts (histogram diff on line hashes) and
// returns the equal lines of at least kMinAnchorLineBytes bytes, and where
// lines changed, their common starts and ends of that length, short of the
// changes by a margin.
LineAnchors AnchorLines(std::string_view old_text, std::string_view new_text);

}  // namespace redline

#endif  // REDLINE_DIFF_LINE_ANCHORS_H_
