// The point parser. Lines are read one by one; a line that opens with a
// recognised marker (point_marker.h) is placed against a stack of open
// points, innermost last. A marker continues the innermost open list of its
// own style (same kind of number, brackets, case, keyword, heading level)
// and closes the lists inside it; a marker of a new style opens a nested
// list, which must start at its first value ("1", "a", "i"). Indentation
// only ever separates levels, so flush-left texts parse by style alone.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "redline/points.h"
#include "text/point_marker.h"

namespace redline {

namespace {

// Largest forward jump still read as the next item of an open list, for
// skipped numbering: "7." after "5." is the next point, "150." after "5."
// is a sentence. Letters and roman numerals allow less.
constexpr int kMaxNumberSkip = 20;
constexpr int kMaxLetterSkip = 3;
// A marker indented this much more than an open list of its style starts a
// nested list (Markdown's nested "1."); less is untidy typing.
constexpr int kNestingIndent = 2;
// No real text nests deeper; the bound keeps hostile input (ever deeper
// indentation) from building trees that recursive readers cannot walk.
constexpr size_t kMaxDepth = 24;

struct Style {
  MarkerKind kind;
  Enclosure enclosure;
  bool upper_case;
  bool cyrillic;
  int heading_level;
  size_t components;    // for hierarchical numbers: 1.2 and 1.2.3 differ
  std::string keyword;  // canonical keyword, or a bullet's glyph

  explicit Style(const Marker& m)
      : kind(m.kind),
        enclosure(m.enclosure),
        upper_case(m.upper_case),
        cyrillic(m.cyrillic),
        heading_level(m.heading_level),
        components(m.path.size()),
        // All bullet glyphs make one list; indentation nests bullets.
        keyword(m.kind == MarkerKind::kBullet ? "" : m.keyword) {}
  bool operator==(const Style&) const = default;
};

// A point still open: later lines may add to it.
struct OpenPoint {
  int point;  // index in Document::points
  Style style;
  int indent;
  int heading_level;
  int keyword_rank;
  int last_value;
  std::vector<uint32_t> path;
  int bullets = 0;  // unnumbered children so far
};

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : text_(text), options_(options) {}

  Document Run();

 private:
  void HandleLine(size_t line_begin, std::string_view line);
  void Place(Marker marker, size_t line_begin, std::string_view line);
  void PlaceHeading(const Marker& marker, size_t line_begin,
                    std::string_view line);
  // Opens the point `marker` starts at depth `depth`, closing the open
  // points at that depth and deeper, unless that is deeper than kMaxDepth.
  void Accept(size_t depth, const Marker& marker, size_t line_begin,
              std::string_view line);
  // Sets the end of every open point past `keep` to `at` and closes them.
  void CloseTo(size_t keep, size_t at);
  void Open(const Marker& marker, size_t line_begin, std::string_view line);
  void AssignIds();
  int Find(const Style& style, size_t limit) const;

  const std::string_view text_;
  const ParseOptions options_;
  Document doc_;
  std::vector<OpenPoint> open_;
  std::vector<std::string> labels_;  // per point, until ids are assigned
  int root_bullets_ = 0;
};

bool LineStartsFence(std::string_view line) {
  const size_t pos = line.find_first_not_of(' ');
  if (pos > 3) return false;  // also when the line is blank (npos)
  line.remove_prefix(pos);
  return line.starts_with("```") || line.starts_with("~~~");
}

Document Parser::Run() {
  size_t pos = 0;
  bool in_fence = false;
  while (pos < text_.size()) {
    size_t eol = text_.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) eol = text_.size();
    size_t line_begin = pos;
    std::string_view line = text_.substr(pos, eol - pos);
    if (line_begin == 0 && line.starts_with("\xEF\xBB\xBF")) {
      line.remove_prefix(3);  // a BOM is kept in the text, not read
    }
    // Code blocks in Markdown hold no points.
    if (LineStartsFence(line)) {
      in_fence = !in_fence;
    } else if (!in_fence) {
      HandleLine(line_begin, line);
    }
    pos = eol;
    if (pos < text_.size() && text_[pos] == '\r') ++pos;
    if (pos < text_.size() && text_[pos] == '\n' &&
        (pos == eol || text_[pos - 1] == '\r')) {
      ++pos;
    }
  }
  CloseTo(0, text_.size());
  doc_.preamble_end = doc_.points.empty() ? static_cast<uint32_t>(text_.size())
                                          : doc_.points.front().begin;
  for (Point& point : doc_.points) {
    point.body_end = point.children.empty()
                         ? point.end
                         : doc_.points[point.children.front()].begin;
  }
  AssignIds();
  return std::move(doc_);
}

void Parser::HandleLine(size_t line_begin, std::string_view line) {
  std::optional<Marker> marker = RecognizeMarker(line, options_.bullets);
  if (!marker) return;
  if (marker->heading_level > 0) {
    PlaceHeading(*marker, line_begin, line);
  } else {
    Place(std::move(*marker), line_begin, line);
  }
}

int Parser::Find(const Style& style, size_t limit) const {
  for (size_t i = limit; i-- > 0;) {
    if (open_[i].style == style) return static_cast<int>(i);
  }
  return -1;
}

void Parser::PlaceHeading(const Marker& marker, size_t line_begin,
                          std::string_view line) {
  // A heading closes every list and every heading of its level or deeper.
  size_t keep = open_.size();
  while (keep > 0 && (open_[keep - 1].heading_level == 0 ||
                      open_[keep - 1].heading_level >= marker.heading_level)) {
    --keep;
  }
  Accept(keep, marker, line_begin, line);
}

void Parser::Place(Marker marker, size_t line_begin, std::string_view line) {
  // Open points indented deeper than this line cannot hold it.
  size_t limit = 0;
  while (limit < open_.size() && (open_[limit].heading_level > 0 ||
                                  open_[limit].indent <= marker.indent + 1)) {
    ++limit;
  }
  // Bullets are sub-points: outside a numbered point they are just text,
  // unless the text starts with one (it is then a list, or one point's text
  // cut out of a larger one).
  if (marker.kind == MarkerKind::kBullet && limit == 0 && line_begin != 0) {
    return;
  }
  // "i", "v", "x"... continue an open letter list when one expects them.
  if (marker.kind == MarkerKind::kRoman && marker.letter_value != 0) {
    Marker as_letter = marker;
    as_letter.kind = MarkerKind::kLetter;
    int i = Find(Style(as_letter), limit);
    if (i >= 0 && marker.letter_value > open_[i].last_value &&
        marker.letter_value <= open_[i].last_value + kMaxLetterSkip) {
      marker = std::move(as_letter);
      marker.value = marker.letter_value;
    }
  }
  // A hierarchical number goes under the point it extends: 1.2.3 under 1.2.
  if (marker.kind == MarkerKind::kHierarchical) {
    const std::vector<uint32_t> prefix(marker.path.begin(),
                                       marker.path.end() - 1);
    for (size_t i = limit; i-- > 0;) {
      if (open_[i].path != prefix) continue;
      if (marker.weak && marker.value > 1) {
        // Only the next item of an open sub-list: "2.2" after "2.1".
        const bool next =
            i + 1 < open_.size() && open_[i + 1].style == Style(marker) &&
            marker.value > open_[i + 1].last_value &&
            marker.value <= open_[i + 1].last_value + kMaxLetterSkip;
        if (!next) return;
      }
      Accept(i + 1, marker, line_begin, line);
      return;
    }
    if (marker.weak) return;
  }
  const Style style(marker);
  const int same = Find(style, limit);
  if (same >= 0 && marker.indent < open_[same].indent + kNestingIndent) {
    // The next item of an open list, if the number fits its sequence.
    if (marker.kind != MarkerKind::kBullet &&
        marker.kind != MarkerKind::kKeyword) {
      const int skip = marker.kind == MarkerKind::kLetter ||
                               marker.kind == MarkerKind::kRoman
                           ? kMaxLetterSkip
                           : kMaxNumberSkip;
      if (marker.value > open_[same].last_value + skip) return;
    }
    Accept(same, marker, line_begin, line);
    return;
  }
  size_t parent_limit = limit;
  if (marker.kind == MarkerKind::kKeyword) {
    // A new kind of keyword goes under the nearest heading or larger unit:
    // "Section 2" after "Article 7" of "Chapter I" closes the article.
    bool any_keyword = false;
    for (size_t i = 0; i < limit; ++i) any_keyword |= open_[i].keyword_rank > 0;
    if (any_keyword) {
      while (parent_limit > 0 && open_[parent_limit - 1].heading_level == 0 &&
             !(open_[parent_limit - 1].keyword_rank > 0 &&
               open_[parent_limit - 1].keyword_rank < marker.keyword_rank)) {
        --parent_limit;
      }
    }
  }
  // A new list starts at its beginning, except the text's first list: an
  // excerpt may start at point 17.
  const bool first = doc_.points.empty();
  if (!first && marker.kind != MarkerKind::kBullet &&
      marker.kind != MarkerKind::kKeyword && marker.value > 1) {
    return;
  }
  Accept(parent_limit, marker, line_begin, line);
}

void Parser::Accept(size_t depth, const Marker& marker, size_t line_begin,
                    std::string_view line) {
  if (depth >= kMaxDepth) return;
  CloseTo(depth, line_begin);
  Open(marker, line_begin, line);
}

void Parser::CloseTo(size_t keep, size_t at) {
  while (open_.size() > keep) {
    doc_.points[open_.back().point].end = static_cast<uint32_t>(at);
    open_.pop_back();
  }
}

void Parser::Open(const Marker& marker, size_t line_begin,
                  std::string_view line) {
  const int index = static_cast<int>(doc_.points.size());
  Point point;
  point.begin = static_cast<uint32_t>(line_begin);
  point.number = std::string(line.substr(
      marker.number_begin, marker.number_end - marker.number_begin));
  point.depth = static_cast<int>(open_.size());
  std::string label = marker.label;
  if (open_.empty()) {
    doc_.roots.push_back(index);
  } else {
    OpenPoint& parent = open_.back();
    point.parent = parent.point;
    doc_.points[parent.point].children.push_back(index);
    // "1.2" under "1" is labelled "2", so that its id reads "1.2".
    if (marker.kind == MarkerKind::kHierarchical &&
        std::equal(parent.path.begin(), parent.path.end(), marker.path.begin(),
                   marker.path.end() - 1) &&
        parent.path.size() + 1 == marker.path.size()) {
      label = label.substr(label.rfind('.') + 1);
    }
  }
  if (marker.kind == MarkerKind::kBullet) {
    int& bullets = open_.empty() ? root_bullets_ : open_.back().bullets;
    label = "\u2022" + std::to_string(++bullets);
  }
  doc_.points.push_back(std::move(point));
  labels_.push_back(std::move(label));
  std::vector<uint32_t> path = marker.path;
  if (marker.kind == MarkerKind::kBullet) path.clear();
  open_.push_back(OpenPoint{index, Style(marker), marker.indent,
                            marker.heading_level, marker.keyword_rank,
                            marker.value, std::move(path)});
}

void Parser::AssignIds() {
  std::unordered_set<std::string> taken;
  // For each repeated id, the next suffix to try, so that thousands of
  // repeats stay linear.
  std::unordered_map<std::string, int> next_suffix;
  taken.reserve(doc_.points.size() * 2);
  for (size_t i = 0; i < doc_.points.size(); ++i) {
    Point& point = doc_.points[i];
    std::string id = point.parent < 0
                         ? labels_[i]
                         : doc_.points[point.parent].id + "." + labels_[i];
    if (!taken.insert(id).second) {
      int& n = next_suffix.try_emplace(id, 2).first->second;
      std::string candidate;
      do {
        candidate = id + "~" + std::to_string(n++);
      } while (!taken.insert(candidate).second);
      id = std::move(candidate);
    }
    point.id = std::move(id);
  }
}

}  // namespace

const Point* Document::Find(std::string_view id) const {
  for (const Point& point : points) {
    if (point.id == id) return &point;
  }
  return nullptr;
}

Document ParsePoints(std::string_view text, const ParseOptions& options) {
  return Parser(text, options).Run();
}

}  // namespace redline
