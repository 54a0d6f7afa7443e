#include "text/point_marker.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "text/utf8_decode.h"

namespace redline {

namespace {

constexpr size_t kMaxDigits = 3;  // list items run up to 999; "2026." is a year
constexpr size_t kMaxKeywordDigits = 4;  // "Section 1001" is no year
constexpr size_t kMaxComponents = 6;     // 1.2.3.4.5.6
constexpr size_t kMaxRomanLength = 8;

struct Keyword {
  std::string_view folded;     // case-folded spelling as printed
  std::string_view canonical;  // one name for all spellings of the keyword
  int rank;
  bool abbreviation;  // may be followed by "."
};

constexpr std::array<Keyword, 30> kKeywords = {{
    {"part", "part", 1, false},
    {"chapter", "chapter", 1, false},
    {"annex", "annex", 1, false},
    {"appendix", "appendix", 1, false},
    {"schedule", "schedule", 1, false},
    {"раздел", "раздел", 1, false},
    {"розділ", "розділ", 1, false},
    {"глава", "глава", 1, false},
    {"часть", "часть", 1, false},
    {"частина", "частина", 1, false},
    {"приложение", "приложение", 1, false},
    {"додаток", "додаток", 1, false},
    {"section", "section", 2, false},
    {"sec", "section", 2, true},
    {"§", "§", 2, false},
    {"§§", "§", 2, false},
    {"article", "article", 3, false},
    {"art", "article", 3, true},
    {"статья", "статья", 3, false},
    {"ст", "статья", 3, true},
    {"стаття", "стаття", 3, false},
    {"point", "point", 4, false},
    {"paragraph", "paragraph", 4, false},
    {"para", "paragraph", 4, true},
    {"clause", "clause", 4, false},
    {"item", "item", 4, false},
    {"пункт", "пункт", 4, false},
    {"параграф", "параграф", 4, false},
    {"подпункт", "подпункт", 4, false},
    {"підпункт", "підпункт", 4, false},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// The code point at line[pos], or 0 at the end.
char32_t PeekCodePoint(std::string_view line, size_t pos) {
  if (pos >= line.size()) return 0;
  return DecodeUtf8(line, &pos);
}

// What follows a marker decides whether it opens a point. A marker must be
// followed by white space or the end of the line; a weak marker (one that
// also occurs at the start of sentences: "1.5 million", "Article 5 of the
// Charter") must not be followed by a word in lower case.
bool FollowedWell(std::string_view line, size_t after, bool weak) {
  const std::string_view rest = line.substr(std::min(after, line.size()));
  if (rest.starts_with("**") || rest.starts_with("__")) after += 2;  // "**1.**"
  if (after >= line.size()) return true;
  if (!IsBlank(line[after])) return false;
  while (after < line.size() && IsBlank(line[after])) ++after;
  if (after >= line.size() || !weak) return true;
  return !u_islower(PeekCodePoint(line, after));
}

// Letters that number list items: Latin and Cyrillic, one code point.
// Returns the position in the alphabet (a = 1), or 0.
int LetterValue(char32_t c, bool* upper, bool* cyrillic) {
  *cyrillic = false;
  if (c >= 'a' && c <= 'z') {
    *upper = false;
    return static_cast<int>(c - 'a') + 1;
  }
  if (c >= 'A' && c <= 'Z') {
    *upper = true;
    return static_cast<int>(c - 'A') + 1;
  }
  *cyrillic = true;
  *upper = c >= 0x0400 && c <= 0x042F;
  char32_t lower = *upper ? static_cast<char32_t>(u_tolower(c)) : c;
  if (lower >= 0x0430 && lower <= 0x044F)
    return static_cast<int>(lower - 0x0430) + 1;
  switch (lower) {  // Ukrainian and Russian letters outside а..я
    case 0x0451:    // ё after е
    case 0x0454:    // є after е
      return 6;
    case 0x0456:  // і, ї after и
    case 0x0457:
      return 9;
    case 0x0491:  // ґ after г
      return 4;
    default:
      *cyrillic = false;
      return 0;
  }
}

// Reads a run of ASCII digits at line[*pos], at most `max_digits` long.
// Returns false (and leaves *pos) when there is none or it is too long.
bool ReadNumber(std::string_view line, size_t* pos, uint32_t* value,
                size_t max_digits = kMaxDigits) {
  size_t end = *pos;
  uint32_t v = 0;
  while (end < line.size() && IsDigit(line[end])) {
    v = v * 10 + static_cast<uint32_t>(line[end] - '0');
    ++end;
    if (end - *pos > max_digits) return false;
  }
  if (end == *pos) return false;
  *pos = end;
  *value = v;
  return true;
}

// The label of a letter or roman numeral: lower case.
std::string LowerLabel(std::string_view printed) {
  std::string label;
  size_t pos = 0;
  while (pos < printed.size()) {
    AppendUtf8(static_cast<char32_t>(u_tolower(DecodeUtf8(printed, &pos))),
               &label);
  }
  return label;
}

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// "Article 5", "SEC. 5.", "§ 5", "Статья 5" at line[start].
std::optional<Marker> RecognizeKeyword(std::string_view line, size_t start) {
  size_t pos = start;
  std::string folded;
  while (pos < line.size()) {
    size_t next = pos;
    const char32_t c = DecodeUtf8(line, &next);
    const bool section_sign = c == 0x00A7;
    if (section_sign ? !(pos == start || folded == "§") : !u_isalpha(c)) break;
    AppendUtf8(static_cast<char32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT)),
               &folded);
    pos = next;
  }
  if (folded.empty()) return std::nullopt;
  const Keyword* keyword = nullptr;
  for (const Keyword& k : kKeywords) {
    if (k.folded == folded) keyword = &k;
  }
  if (keyword == nullptr) return std::nullopt;
  if (keyword->abbreviation && pos < line.size() && line[pos] == '.') ++pos;
  const size_t printed_keyword_end = pos;
  const bool section_sign = keyword->canonical == "§";
  if (pos >= line.size() || (!IsBlank(line[pos]) && !section_sign)) {
    return std::nullopt;
  }
  while (pos < line.size() && IsBlank(line[pos])) ++pos;

  Marker marker;
  marker.kind = MarkerKind::kKeyword;
  marker.keyword = std::string(keyword->canonical);
  marker.keyword_rank = keyword->rank;
  const size_t number_start = pos;
  uint32_t component = 0;
  if (ReadNumber(line, &pos, &component, kMaxKeywordDigits)) {
    marker.path.push_back(component);
    while (pos + 1 < line.size() && line[pos] == '.' &&
           IsDigit(line[pos + 1]) && marker.path.size() < kMaxComponents) {
      size_t after_dot = pos + 1;
      if (!ReadNumber(line, &after_dot, &component)) return std::nullopt;
      marker.path.push_back(component);
      pos = after_dot;
    }
    // "Article 5a": one lower-case letter as suffix.
    if (pos < line.size() && line[pos] >= 'a' && line[pos] <= 'z' &&
        (pos + 1 == line.size() || !u_isalpha(PeekCodePoint(line, pos + 1)))) {
      ++pos;
    }
    marker.value = static_cast<int>(marker.path.back());
  } else {
    // "Chapter IV", "Annex A".
    size_t end = pos;
    while (end < line.size() && line[end] >= 'A' && line[end] <= 'Z') ++end;
    const std::string_view word = line.substr(pos, end - pos);
    int value = RomanValue(word);
    if (value == 0 && word.size() == 1) value = word[0] - 'A' + 1;
    if (value == 0) return std::nullopt;
    if (end < line.size() && u_isalpha(PeekCodePoint(line, end))) {
      return std::nullopt;  // "Annex Amendments"
    }
    pos = end;
    marker.value = value;
  }
  const size_t number_end = pos;
  bool strong = false;
  if (pos < line.size() && line[pos] == '.') {
    ++pos;
    strong = true;
  }
  marker.number_begin = static_cast<uint32_t>(start);
  marker.number_end = static_cast<uint32_t>(pos);
  // "Article 5: Ceasefire", "Article 5 — Ceasefire", "**Article 5.**".
  if (pos < line.size() && !IsBlank(line[pos])) {
    const char32_t c = PeekCodePoint(line, pos);
    if (c != ':' && c != 0x2014 && c != 0x2013 && c != '*' && c != '_') {
      return std::nullopt;
    }
  } else if (!FollowedWell(line, pos, /*weak=*/!strong)) {
    return std::nullopt;
  }
  // The label keeps the keyword as printed, one space, the number.
  marker.label = std::string(line.substr(start, printed_keyword_end - start));
  marker.label += ' ';
  marker.label += line.substr(number_start, number_end - number_start);
  return marker;
}

// A list number at line[start] without keyword: "1." "1)" "(1)" "b)" "(iv)"
// "а)" "1.2" "1.2.3." Returns nullopt when there is none.
std::optional<Marker> RecognizeListNumber(std::string_view line, size_t start) {
  Marker marker;
  size_t pos = start;
  const bool open_paren = line[pos] == '(';
  if (open_paren) ++pos;
  const size_t token_start = pos;
  uint32_t number = 0;
  if (ReadNumber(line, &pos, &number)) {
    marker.kind = MarkerKind::kDecimal;
    marker.path.push_back(number);
    // "1.2.3": a hierarchical number (never in brackets).
    while (!open_paren && pos + 1 < line.size() && line[pos] == '.' &&
           IsDigit(line[pos + 1])) {
      size_t after_dot = pos + 1;
      if (!ReadNumber(line, &after_dot, &number) ||
          marker.path.size() == kMaxComponents) {
        return std::nullopt;
      }
      marker.path.push_back(number);
      marker.kind = MarkerKind::kHierarchical;
      pos = after_dot;
    }
    marker.value = static_cast<int>(marker.path.back());
    marker.label = std::string(line.substr(token_start, pos - token_start));
  } else {
    size_t end = pos;
    while (end < line.size() && ((line[end] >= 'a' && line[end] <= 'z') ||
                                 (line[end] >= 'A' && line[end] <= 'Z'))) {
      ++end;
    }
    const std::string_view word = line.substr(pos, end - pos);
    if (word.size() > 1) {
      marker.kind = MarkerKind::kRoman;
      marker.value = RomanValue(word);
      if (marker.value == 0) return std::nullopt;
      marker.upper_case = word[0] <= 'Z';
      pos = end;
    } else {
      // One letter, Latin or Cyrillic; possibly also a roman numeral.
      if (pos >= line.size()) return std::nullopt;
      size_t next = pos;
      const char32_t c = DecodeUtf8(line, &next);
      const int letter = LetterValue(c, &marker.upper_case, &marker.cyrillic);
      if (letter == 0) return std::nullopt;
      const int roman =
          marker.cyrillic ? 0 : RomanValue(line.substr(pos, next - pos));
      marker.kind = roman != 0 ? MarkerKind::kRoman : MarkerKind::kLetter;
      marker.value = roman != 0 ? roman : letter;
      marker.letter_value = roman != 0 ? letter : 0;
      pos = next;
    }
    marker.label = LowerLabel(line.substr(token_start, pos - token_start));
  }
  bool hierarchical_bare = false;
  if (open_paren) {
    if (pos >= line.size() || line[pos] != ')') return std::nullopt;
    marker.enclosure = Enclosure::kBoth;
    ++pos;
  } else if (pos < line.size() && line[pos] == ')') {
    marker.enclosure = Enclosure::kParen;
    ++pos;
  } else if (pos < line.size() && line[pos] == '.') {
    marker.enclosure = Enclosure::kDot;
    ++pos;
  } else if (marker.kind == MarkerKind::kHierarchical) {
    hierarchical_bare = true;
  } else {
    return std::nullopt;  // "2026 will", "a word"
  }
  if (!FollowedWell(line, pos, /*weak=*/false)) return std::nullopt;
  // "1.2 Scope" is a point; "1.5 million people" may be a sentence, which
  // only the open points can tell.
  marker.weak = hierarchical_bare && !FollowedWell(line, pos, /*weak=*/true);
  marker.number_begin = static_cast<uint32_t>(start);
  marker.number_end = static_cast<uint32_t>(pos);
  return marker;
}

// "- item", "• item": an unnumbered item.
std::optional<Marker> RecognizeBullet(std::string_view line, size_t start) {
  size_t pos = start;
  const char32_t c = DecodeUtf8(line, &pos);
  switch (c) {
    case '-':
    case '*':
    case '+':
    case 0x2022:  // •
    case 0x2013:  // –
    case 0x2014:  // —
    case 0x25E6:  // ◦
    case 0x25AA:  // ▪
      break;
    default:
      return std::nullopt;
  }
  if (pos >= line.size() || !IsBlank(line[pos])) return std::nullopt;
  if (TrimBlanks(line.substr(pos)).empty()) return std::nullopt;
  Marker marker;
  marker.kind = MarkerKind::kBullet;
  marker.keyword = std::string(line.substr(start, pos - start));
  marker.number_begin = static_cast<uint32_t>(start);
  marker.number_end = static_cast<uint32_t>(pos);
  return marker;
}

}  // namespace

std::optional<Marker> RecognizeMarker(std::string_view line, bool bullets) {
  size_t pos = 0;
  int indent = 0;
  while (pos < line.size() && IsBlank(line[pos])) {
    indent += line[pos] == '\t' ? 4 : 1;
    ++pos;
  }
  if (pos >= line.size()) return std::nullopt;
  int heading_level = 0;
  if (line[pos] == '#') {
    size_t hashes = pos;
    while (hashes < line.size() && line[hashes] == '#') ++hashes;
    heading_level = static_cast<int>(hashes - pos);
    if (heading_level > 6) return std::nullopt;
    if (hashes < line.size() && !IsBlank(line[hashes])) return std::nullopt;
    pos = hashes;
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
  }
  // "**Article 5.**": emphasis before the number.
  size_t number_start = pos;
  const std::string_view rest = line.substr(pos);
  if (rest.starts_with("**") || rest.starts_with("__")) number_start += 2;
  std::optional<Marker> marker;
  if (number_start < line.size()) {
    marker = RecognizeKeyword(line, number_start);
    if (!marker) marker = RecognizeListNumber(line, number_start);
  }
  if (!marker && heading_level == 0 && bullets) {
    marker = RecognizeBullet(line, pos);
  }
  if (marker) {
    marker->indent = indent;
    marker->heading_level = heading_level;
  }
  return marker;
}

int RomanValue(std::string_view text) {
  if (text.empty() || text.size() > kMaxRomanLength) return 0;
  const bool upper = text[0] >= 'A' && text[0] <= 'Z';
  int total = 0;
  int previous = 0;
  for (size_t i = text.size(); i-- > 0;) {
    char c = text[i];
    if ((c >= 'A' && c <= 'Z') != upper) return 0;
    if (upper) c = static_cast<char>(c - 'A' + 'a');
    int v = 0;
    switch (c) {
      case 'i':
        v = 1;
        break;
      case 'v':
        v = 5;
        break;
      case 'x':
        v = 10;
        break;
      case 'l':
        v = 50;
        break;
      case 'c':
        v = 100;
        break;
      case 'd':
        v = 500;
        break;
      case 'm':
        v = 1000;
        break;
      default:
        return 0;
    }
    total += v < previous ? -v : v;
    if (v > previous) previous = v;
  }
  if (total <= 0) return 0;
  // Canonical form only: "iiii", "vx" or "ic" are not roman numerals.
  static constexpr std::array<std::pair<int, std::string_view>, 13> kDigits = {{
      {1000, "m"},
      {900, "cm"},
      {500, "d"},
      {400, "cd"},
      {100, "c"},
      {90, "xc"},
      {50, "l"},
      {40, "xl"},
      {10, "x"},
      {9, "ix"},
      {5, "v"},
      {4, "iv"},
      {1, "i"},
  }};
  std::string canonical;
  int rest = total;
  for (const auto& [value, digits] : kDigits) {
    while (rest >= value) {
      canonical += digits;
      rest -= value;
    }
  }
  return LowerLabel(text) == canonical ? total : 0;
}

}  // namespace redline
