// The standalone HTML page of a redline: one file, no scripts, no external
// resources, printable. Its structure is documented in docs/diff.md.

#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "formats/diff_render.h"
#include "redline/diff_format.h"

namespace redline {

namespace {

// Screen: red struck deletions, green underlined insertions, purple moves.
// Print (also in black and white): the lines carry the meaning, single for
// deletions and insertions, double for moves; the move tags say where.
constexpr std::string_view kStyleHead = R"(body {
  font-family: Georgia, "Times New Roman", serif;
  max-width: 52em; margin: 2em auto; padding: 0 1em;
  color: #111; background: #fff; line-height: 1.5;
}
h1 { font-size: 1.4em; }
h2 { font-size: 1.1em; }
.text { white-space: pre-wrap; overflow-wrap: break-word; }
)";
constexpr std::string_view kStyleTail = R"(@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  del, ins, del.move, ins.move { background: none; }
  a { color: inherit; text-decoration: none; }
  .move-tag { color: #639; font-style: italic; }
  nav ul { columns: 3; }
}
)";

std::string_view Slice(std::string_view text, uint32_t begin, uint32_t end) {
  return text.substr(begin, end - begin);
}

// The points that hold changes, in order, each once; the first change in
// each gets the anchor "change-N".
class ChangeAnchors {
 public:
  explicit ChangeAnchors(const DiffView& view) : view_(view) {}

  // Sets `point` to the point of the change `ops[i]` and returns whether it
  // is the first change there. A deletion replaced by an insertion belongs
  // where the insertion is.
  bool IsFirst(const std::vector<DiffOp>& ops, size_t i, int* point) {
    const bool replaced = ops[i].kind == OpKind::kDelete &&
                          i + 1 < ops.size() &&
                          ops[i + 1].kind == OpKind::kInsert;
    const DiffOp& op = replaced ? ops[i + 1] : ops[i];
    const SegmentKind kind = op.kind == OpKind::kDelete ? SegmentKind::kDelete
                                                        : SegmentKind::kInsert;
    *point = view_.PointOfChange(kind, op.new_begin);
    return seen_.insert(*point).second;
  }

 private:
  const DiffView& view_;
  std::set<int> seen_;
};

void WriteSummary(const DiffInput& input, const Redline& redline,
                  const DiffView& view, std::ostream& out) {
  out << "<header>\n<h1>" << HtmlEscaped(input.old_label) << " \u2192 "
      << HtmlEscaped(input.new_label) << "</h1>\n<p class=\"summary\">"
      << HtmlEscaped(SummarySentence(redline)) << "</p>\n";
  if (redline.same()) {
    out << "</header>\n";
    return;
  }
  out << "<p class=\"legend\"><del>deleted</del> <ins>inserted</ins> "
         "<del class=\"move\">moved away</del> "
         "<ins class=\"move\">moved here</ins></p>\n"
         "<nav>\n<h2>Changed points</h2>\n<ul>\n";
  ChangeAnchors anchors(view);
  int count = 0;
  for (size_t i = 0; i < redline.ops.size(); ++i) {
    int point = 0;
    if (redline.ops[i].kind == OpKind::kEqual ||
        !anchors.IsFirst(redline.ops, i, &point)) {
      continue;
    }
    out << fmt::format("<li><a href=\"#change-{}\">{}</a></li>\n", ++count,
                       HtmlEscaped(view.PointName(point)));
  }
  out << "</ul>\n</nav>\n</header>\n";
}

}  // namespace

const std::string_view kHtmlRedlineStyle =
    R"(del { color: #b00; background: #fde8e8; text-decoration: line-through; }
ins { color: #060; background: #e6f6e6; text-decoration: underline; }
del.move, ins.move { color: #639; background: #f1e8fa; text-decoration-style: double; }
ins.move del { color: #b00; }
ins.move ins { color: #060; }
.move-tag { color: #639; font: 0.75em sans-serif; text-decoration: none;
  margin-right: 0.4em; }
.br { color: #888; }
)";

void AppendHtml(std::string_view text, bool change, std::string* out) {
  std::string visible;
  size_t begin = 0;
  auto flush = [&](size_t end, bool line_break) {
    visible.clear();
    AppendVisible(text.substr(begin, end - begin), &visible);
    for (char c : visible) {
      switch (c) {
        case '&':
          *out += "&amp;";
          break;
        case '<':
          *out += "&lt;";
          break;
        case '>':
          *out += "&gt;";
          break;
        case '"':
          *out += "&quot;";
          break;
        case '\'':
          *out += "&#39;";
          break;
        default:
          out->push_back(c);
      }
    }
    if (!line_break) return;
    if (change && end == begin) *out += "<span class=\"br\">\u00B6</span>";
    *out += '\n';
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    flush(i, true);
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    begin = i + 1;
  }
  flush(text.size(), false);
}

std::string HtmlEscaped(std::string_view text) {
  std::string out;
  AppendHtml(text, false, &out);
  return out;
}

void AppendHtmlOp(const DiffInput& input, const DiffOp& op,
                  const HtmlMoveTags& tags, std::string* out) {
  const std::string_view old_bytes =
      Slice(input.old_text, op.old_begin, op.old_end);
  const std::string_view new_bytes =
      Slice(input.new_text, op.new_begin, op.new_end);
  switch (op.kind) {
    case OpKind::kEqual:
      AppendHtml(new_bytes, false, out);
      return;
    case OpKind::kDelete:
      if (op.move == 0) {
        *out += "<del>";
        AppendHtml(old_bytes, true, out);
        *out += "</del>";
        return;
      }
      // The tag goes first: the moved text often ends with a line break.
      *out += fmt::format(
          "<a class=\"move-tag\" href=\"#{0}move-{1}-to\">({2})</a>"
          "<del class=\"move\" id=\"{0}move-{1}-from\">",
          tags.id_prefix, op.move, HtmlEscaped(tags.moved_to(op.move)));
      AppendHtml(old_bytes, true, out);
      *out += "</del>";
      return;
    case OpKind::kInsert:
      if (op.move == 0) {
        *out += "<ins>";
        AppendHtml(new_bytes, true, out);
        *out += "</ins>";
        return;
      }
      *out += fmt::format(
          "<a class=\"move-tag\" href=\"#{0}move-{1}-from\">({2})</a>"
          "<ins class=\"move\" id=\"{0}move-{1}-to\">",
          tags.id_prefix, op.move, HtmlEscaped(tags.moved_from(op.move)));
      if (op.edits.empty()) AppendHtml(new_bytes, true, out);
      for (const DiffOp& edit : op.edits) {
        AppendHtmlOp(input, edit, tags, out);
      }
      *out += "</ins>";
      return;
  }
}

void WriteDiffHtml(const DiffInput& input, const Redline& redline,
                   std::ostream& out) {
  const DiffView view(input, redline);
  out << "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>Redline: "
      << HtmlEscaped(input.old_label) << " \u2192 "
      << HtmlEscaped(input.new_label) << "</title>\n<style>\n"
      << kStyleHead << kHtmlRedlineStyle << kStyleTail
      << "</style>\n</head>\n<body>\n";
  WriteSummary(input, redline, view, out);
  out << "<main class=\"text\">";
  HtmlMoveTags tags;
  tags.moved_to = [&view](int move) {
    return "moved to " + view.PointName(view.MovedToPoint(move));
  };
  tags.moved_from = [&view](int move) {
    return "moved from " + view.PointName(view.MovedFromPoint(move));
  };
  ChangeAnchors anchors(view);
  int count = 0;
  std::string html;
  for (size_t i = 0; i < redline.ops.size(); ++i) {
    html.clear();
    int point = 0;
    if (redline.ops[i].kind != OpKind::kEqual &&
        anchors.IsFirst(redline.ops, i, &point)) {
      html += fmt::format("<span id=\"change-{}\"></span>", ++count);
    }
    AppendHtmlOp(input, redline.ops[i], tags, &html);
    out << html;
  }
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace redline
