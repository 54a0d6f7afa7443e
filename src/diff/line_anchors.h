// Whole lines that are byte for byte the same in both texts and in the same
// order: found before any tokenizing, they are compared as one unit each, so
// the untouched paragraphs of a long text cost a hash, not a tokenization.
// Private to src/diff.

#ifndef REDLINE_DIFF_LINE_ANCHORS_H_
#define REDLINE_DIFF_LINE_ANCHORS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace redline {

// Anchored line k is old bytes [old_begin[k], old_end[k]) and the same bytes
// at new offset new_begin[k]. Each line ends after its '\n' (or at the end
// of the text); anchors are in increasing order on both sides.
struct LineAnchors {
  std::vector<uint32_t> old_begin, old_end, new_begin;

  uint32_t size() const { return static_cast<uint32_t>(old_begin.size()); }
  uint32_t length(uint32_t k) const { return old_end[k] - old_begin[k]; }
};

// Lines shorter than this are never anchors: blank lines and headings like
// "Article 5" recur everywhere, and the word diff places them better.
constexpr uint32_t kMinAnchorLineBytes = 24;

// Diffs the lines of the two texts (histogram diff on line hashes) and
// returns the equal lines of at least kMinAnchorLineBytes bytes.
LineAnchors AnchorLines(std::string_view old_text, std::string_view new_text);

}  // namespace redline

#endif  // REDLINE_DIFF_LINE_ANCHORS_H_
