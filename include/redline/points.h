// The point parser: splits a text into its preamble and a tree of numbered
// points ("1.", "(a)", "1.2.3", "iv)", "Article 5", "§ 5", "Статья 5",
// Markdown headings and ordered lists, bullets as unnumbered sub-points).
//
// A point starts at the beginning of the line that carries its number and
// spans everything until the next point of the same or a higher level, so
// unnumbered paragraphs belong to the point above them. The preamble is the
// text before the first point. The preamble followed by the top-level points
// reproduces the text byte for byte; each point's children tile the end of
// its range in the same way.
//
// Ids: the label path joined by "."; a label is the printed number without
// brackets or trailing dot, keywords kept ("Article 5", "§ 5"), letters and
// roman numerals in lower case ("3.b", "Article 5.2.iv"). A hierarchical
// number ("1.2.3") under the point it extends ("1.2") keeps its printed form
// as id. An unnumbered bullet is "•n", n its place among its sibling bullets.
// A repeated id gets "~2", "~3"... in document order, so ids are unique.
// Points nest at most 24 deep; a marker deeper than that is text.
//
// Thread-safety: all functions are thread-safe.

#ifndef REDLINE_POINTS_H_
#define REDLINE_POINTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redline {

struct Point {
  std::string id;      // unique in its document: "3.b", "Article 5.2.iv"
  std::string number;  // exactly as printed: "3.", "(b)", "SEC. 5.", "-"
  int depth = 0;       // 0 for a top-level point
  uint32_t begin = 0;  // byte range of the point, sub-points included
  uint32_t end = 0;
  uint32_t body_end = 0;      // end of the point's own text: the first child's
                              // begin, or `end` when it has no children
  int parent = -1;            // index in Document::points; -1 at the top level
  std::vector<int> children;  // indices in Document::points, in order
};

struct Document {
  uint32_t preamble_end = 0;  // the preamble is the bytes [0, preamble_end)
  std::vector<Point> points;  // every point, in document order
  std::vector<int> roots;     // indices of the top-level points, in order

  // The point with this id, or nullptr.
  const Point* Find(std::string_view id) const;
};

struct ParseOptions {
  // Lines starting with "-", "*", "+", "•", "–" or "—" and a space become
  // unnumbered sub-points of the numbered point above them (outside any
  // point they are text). Default on; off leaves them as paragraphs of the
  // point above them.
  bool bullets = true;
};

// Parses `text` into points. Never fails: a text without recognisable points
// is all preamble.
// REQUIRES: ValidateUtf8(text).ok() and text.size() <= kMaxTextBytes.
Document ParsePoints(std::string_view text,
                     const ParseOptions& options = ParseOptions());

}  // namespace redline

#endif  // REDLINE_POINTS_H_
