// The Markdown view of a redline. The conventions are documented in
// docs/diff.md.

#include <cctype>
#include <ostream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "formats/diff_render.h"
#include "redline/diff_format.h"

namespace redline {

namespace {

// kEdited is an insertion inside a moved run, which is bold already.
enum class Style : uint8_t { kPlain, kDeleted, kInserted, kEdited };

// Consecutive pieces of a line shown alike, and the move note after them.
struct Run {
  Style style = Style::kPlain;
  int move = 0;
  std::string text;
  std::string note;  // "moved to point 3", after the last piece of a move
};

Style StyleOf(const Segment& piece) {
  switch (piece.kind) {
    case SegmentKind::kEqual:
      return Style::kPlain;
    case SegmentKind::kDelete:
    case SegmentKind::kMovedFrom:
      return Style::kDeleted;
    case SegmentKind::kInsert:
      return piece.move > 0 ? Style::kEdited : Style::kInserted;
    case SegmentKind::kMovedTo:
      break;
  }
  return Style::kInserted;
}

std::string_view Marker(Style style) {
  switch (style) {
    case Style::kPlain:
      break;
    case Style::kDeleted:
      return "~~";
    case Style::kInserted:
      return "**";
    case Style::kEdited:
      return "***";
  }
  return "";
}

// The length of the white space character at text[i], or 0. Emphasis
// delimiters next to white space do not open or close, so runs keep theirs
// outside the markers.
size_t SpaceAt(std::string_view text, size_t i) {
  if (text[i] == ' ' || text[i] == '\t') return 1;
  const std::string_view rest = text.substr(i);
  for (std::string_view space :
       {"\u00A0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004",
        "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200A", "\u202F",
        "\u205F", "\u3000"}) {
    if (rest.starts_with(space)) return space.size();
  }
  return 0;
}

// The length of the white space that `text` starts with.
size_t LeadingSpace(std::string_view text) {
  size_t length = 0;
  while (length < text.size() && SpaceAt(text, length) > 0) {
    length += SpaceAt(text, length);
  }
  return length;
}

// The length of the white space that `text` ends with.
size_t TrailingSpace(std::string_view text) {
  size_t end = text.size();
  while (end > 0) {
    size_t last = end - 1;
    while (last > 0 && (text[last] & 0xC0) == 0x80) --last;
    if (SpaceAt(text, last) != end - last) break;
    end = last;
  }
  return text.size() - end;
}

// The code point that starts at text[i].
char32_t CodePointAt(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return lead;
  const int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t c = lead & (0x7F >> length);
  for (int k = 1; k < length && i + k < text.size(); ++k) {
    c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  return c;
}

// Punctuation and symbols as CommonMark's flanking rules see them, erring
// towards yes (the cost of a wrong yes is an invisible hair space).
bool IsPunct(char32_t c) {
  if (c < 0x80)
    return c > 0x20 && c < 0x7F && !std::isalnum(static_cast<int>(c));
  return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
         (c >= 0x2010 && c <= 0x2BFF) || (c >= 0x3001 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F);
}

class MarkdownSink : public RegionSink {
 public:
  MarkdownSink(const DiffView& view, std::ostream& out)
      : view_(view), out_(out) {}

  // Blocks are separated by one blank line; display lines in a row make
  // one paragraph with hard line breaks.
  void Elision() override {
    out_ << "\n\u2026\n";
    in_lines_ = false;
  }
  void Header(int point) override {
    MarkdownLineBuilder heading;
    heading.Text(view_.PointName(point));
    out_ << "\n## " << heading.line() << '\n';
    in_lines_ = false;
  }
  void ShowLine(const Line& line) override;

 private:
  const DiffView& view_;
  std::ostream& out_;
  bool in_lines_ = false;
};

// The runs of `line`, each with its move note (MarkdownLine).
std::vector<Run> Runs(
    const Line& line,
    const std::function<std::string(const Segment&)>& move_note) {
  std::vector<Run> runs;
  for (const Segment& piece : line.pieces) {
    const Style style = StyleOf(piece);
    if (runs.empty() || runs.back().style != style ||
        runs.back().move != piece.move || !runs.back().note.empty()) {
      runs.push_back(Run{style, piece.move, "", ""});
    }
    Run& run = runs.back();
    run.text +=
        style != Style::kPlain && piece.text.empty() ? "\u00B6" : piece.text;
    if (piece.move_end) run.note = move_note(piece);
  }
  return runs;
}

void MarkdownSink::ShowLine(const Line& line) {
  const std::string md = MarkdownLine(line, [this](const Segment& piece) {
    if (piece.kind == SegmentKind::kMovedFrom) {
      return "moved to " + view_.PointName(view_.MovedToPoint(piece.move));
    }
    return "moved from " + view_.PointName(view_.MovedFromPoint(piece.move));
  });
  if (md.empty()) {
    // An empty line ends the paragraph; right after a block it adds nothing.
    if (in_lines_) out_ << '\n';
    return;
  }
  if (!in_lines_) out_ << '\n';
  in_lines_ = true;
  // Two trailing spaces make a line break in every Markdown dialect.
  out_ << md << "  \n";
}

}  // namespace

void MarkdownLineBuilder::Append(std::string_view markdown) {
  if (markdown.empty()) return;
  if (gap_after_ && SpaceAt(markdown, 0) == 0) line_ += "\u200A";
  gap_after_ = false;
  line_ += markdown;
}

void MarkdownLineBuilder::Space(std::string_view space) {
  if (!at_start_) {
    Append(space);
    return;
  }
  // Leading white space would make an indented code block.
  for (size_t i = 0; i < space.size(); i += SpaceAt(space, i)) {
    line_ += space[i] == '\t' ? "&nbsp;&nbsp;&nbsp;&nbsp;" : "&nbsp;";
  }
}

std::string MarkdownLineBuilder::Escape(std::string_view text) const {
  std::string visible;
  AppendVisible(text, &visible);
  std::string markdown;
  size_t digits = 0;
  for (size_t i = 0; i < visible.size(); ++i) {
    const char c = visible[i];
    bool escape =
        std::string_view("\\`*_[]<>~|&#").find(c) != std::string_view::npos;
    if (at_start_ && i == 0) {
      escape =
          escape || std::string_view("-+=").find(c) != std::string_view::npos;
    }
    // "12." or "12)" opening a line would start an ordered list.
    if (at_start_ && i == digits && (c == '.' || c == ')') && digits > 0) {
      escape = true;
    }
    if (at_start_ && i == digits && c >= '0' && c <= '9') ++digits;
    if (escape) markdown += '\\';
    markdown += c;
  }
  return markdown;
}

void MarkdownLineBuilder::Text(std::string_view text) {
  const std::string markdown = Escape(text);
  Append(markdown);
  if (!markdown.empty()) at_start_ = false;
}

void MarkdownLineBuilder::Marked(std::string_view marker, std::string_view text,
                                 bool spaces_only) {
  std::string inner;
  if (spaces_only) {
    for (size_t i = 0; i < text.size(); i += SpaceAt(text, i)) {
      inner += "\u2423";  // "␣"
    }
  } else {
    at_start_ = false;
    inner = Escape(text);
  }
  if (inner.empty()) return;
  size_t last = inner.size() - 1;
  while (last > 0 && (inner[last] & 0xC0) == 0x80) --last;
  // Also between two markers of one character, which would make one run.
  const bool squeezed =
      !line_.empty() && SpaceAt(line_, line_.size() - 1) == 0 &&
      (IsPunct(CodePointAt(inner, 0)) || line_.back() == marker[0]);
  if (gap_after_ || squeezed) line_ += "\u200A";
  line_ += marker;
  line_ += inner;
  line_ += marker;
  gap_after_ = IsPunct(CodePointAt(inner, last));
  at_start_ = false;
}

std::string MarkdownLine(
    const Line& line,
    const std::function<std::string(const Segment& last_piece)>& move_note) {
  MarkdownLineBuilder md;
  for (const Run& run : Runs(line, move_note)) {
    std::string_view text = run.text;
    if (run.style == Style::kPlain) {
      const size_t lead = LeadingSpace(text);
      md.Space(text.substr(0, lead));
      md.Text(text.substr(lead));
    } else {
      const size_t lead = LeadingSpace(text);
      const size_t end = text.size() - TrailingSpace(text.substr(lead));
      if (lead < end) md.Space(text.substr(0, lead));
      md.Marked(Marker(run.style),
                lead == end ? text : text.substr(lead, end - lead),
                lead == end);
      if (lead < end) md.Space(text.substr(end));
    }
    if (!run.note.empty()) {
      md.Space(" ");
      md.Marked("*", "(" + run.note + ")", false);
    }
  }
  return md.line();
}

void WriteDiffMarkdown(const DiffInput& input, const Redline& redline,
                       const DiffRenderOptions& options, std::ostream& out) {
  MarkdownLineBuilder title;
  title.Text(fmt::format("{} \u2192 {}", input.old_label, input.new_label));
  MarkdownLineBuilder summary;
  summary.Text(SummarySentence(redline));
  out << "# " << title.line() << "\n\n" << summary.line() << '\n';
  const DiffView view(input, redline);
  MarkdownSink sink(view, out);
  WriteRegions(input, redline, view, options.context, &sink);
}

}  // namespace redline
