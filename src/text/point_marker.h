// Recognising the number that may open a line of a text ("1.", "(b)",
// "1.2.3", "iv)", "Article 5", "§ 5", "Статья 5", "- ", "## 3. Title").
// A Markdown heading opens a point only when it carries a number: an
// unnumbered heading ("# Framework for Peace") is text like any other.
// Private to src/text: the point parser decides from the context (open
// lists, indentation) whether a recognised marker really starts a point.

#ifndef REDLINE_TEXT_POINT_MARKER_H_
#define REDLINE_TEXT_POINT_MARKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redline {

enum class MarkerKind : uint8_t {
  kDecimal,       // 1.  1)  (1)
  kHierarchical,  // 1.2  1.2.3  1.2.
  kLetter,        // a)  (b)  c.  A.  а)  (б)
  kRoman,         // ii.  (iv)  IX)
  kKeyword,  // Article 5, Art. 5, SEC. 5., § 5, Статья 5, Пункт 5
  kBullet,   // - * + • – — as an unnumbered item
};

// How the number is enclosed: "1." kDot, "1)" kParen, "(1)" kBoth,
// "Article 5" / "1.2" / bullets kNone.
enum class Enclosure : uint8_t { kNone, kDot, kParen, kBoth };

struct Marker {
  MarkerKind kind = MarkerKind::kDecimal;
  Enclosure enclosure = Enclosure::kNone;
  bool upper_case = false;  // "A." or "IV." rather than "a." or "iv."
  bool cyrillic = false;    // "а)" rather than "a)"
  // The canonical keyword ("article", "section", "статья", "§") of a
  // kKeyword marker, or the glyph of a kBullet.
  std::string keyword;
  // Keywords rank by how large a unit they name: 1 part/chapter/annex,
  // 2 section/§, 3 article, 4 point/paragraph/clause. 0 for non-keywords.
  int keyword_rank = 0;
  int heading_level = 0;  // 1..6 on a Markdown heading line, else 0
  int indent = 0;         // columns of leading white space (a tab is 4)
  // The number exactly as printed: line[number_begin, number_end).
  uint32_t number_begin = 0;
  uint32_t number_end = 0;
  // The label this marker gives its point's id (see points.h), before the
  // parser possibly shortens a hierarchical one to its last component.
  std::string label;
  // Numeric path: {5} for "5." and "Article 5", {1, 2, 3} for "1.2.3".
  // Empty for letters, roman numerals, bullets and unnumbered headings.
  std::vector<uint32_t> path;
  // The position in its sequence: 5 for "5.", 2 for "b)", 4 for "iv)".
  int value = 0;
  // For a single letter that is also a roman numeral ("i", "v", "x", "c",
  // "l", "d", "m"): its value as a letter, e.g. 9 for "i". Else 0. The
  // parser chooses letter or roman from the lists already open.
  int letter_value = 0;
  // A hierarchical number without "." or ")" followed by a word in lower
  // case ("2.1 within ten days", "1.5 million people"): a point only where
  // it extends an open point in sequence, which the parser checks.
  bool weak = false;
};

// Recognises a marker at the start of `line` (without its line terminator).
// Returns nullopt when the line cannot start a point: no marker, or a marker
// followed by text that shows a sentence ("1.5 million people", "Article 5
// of the Charter", "2026 will").
std::optional<Marker> RecognizeMarker(std::string_view line, bool bullets);

// The value of a roman numeral in canonical form ("iv" 4, "XII" 12), or 0
// when `text` is not one. Either case, not mixed.
int RomanValue(std::string_view text);

}  // namespace redline

#endif  // REDLINE_TEXT_POINT_MARKER_H_
