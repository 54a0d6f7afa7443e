// The terminal view of a redline. The markers are documented in docs/diff.md.

#include <ostream>
#include <string>

#include "fmt/format.h"
#include "formats/diff_render.h"
#include "redline/diff_format.h"

namespace redline {

namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kDeleted = "\x1b[31;9m";    // red, struck through
constexpr std::string_view kInserted = "\x1b[32;4m";   // green, underlined
constexpr std::string_view kMovedFrom = "\x1b[36;9m";  // cyan, struck through
constexpr std::string_view kMovedTo = "\x1b[36;4m";    // cyan, underlined
constexpr std::string_view kMoveTag = "\x1b[36m";      // cyan
constexpr std::string_view kHeader = "\x1b[1m";        // bold
constexpr std::string_view kElision = "\x1b[2m";       // dim

// The move whose new place `piece` is part of, or 0.
int InsideMove(const Segment& piece) {
  return piece.kind == SegmentKind::kMovedFrom ? 0 : piece.move;
}

// Appends a piece's text (or "¶" for a deleted or inserted line break)
// between `open` and `close` without colour, in `style` with colour.
void AppendMarked(const Segment& piece, std::string_view open,
                  std::string_view close, std::string_view style, bool color,
                  std::string* out) {
  std::string text;
  AppendVisible(piece.text.empty() ? "\u00B6" : piece.text, &text);
  if (color) {
    *out += Styled(color, style, text);
  } else {
    *out += open;
    *out += text;
    *out += close;
  }
}

class TextSink : public RegionSink {
 public:
  TextSink(const DiffView& view, bool color, std::ostream& out)
      : view_(view), color_(color), out_(out) {}

  void Elision() override {
    out_ << Styled(color_, kElision, "\u2026") << '\n';
  }

  void Header(int point) override {
    const std::string header =
        "\u2500\u2500 " + view_.PointName(point) + " \u2500\u2500";
    std::string visible;
    AppendVisible(header, &visible);
    out_ << Styled(color_, kHeader, visible) << '\n';
  }

  void ShowLine(const Line& line) override {
    out_ << TextLine(line, color_) << '\n';
  }

 private:
  const DiffView& view_;
  const bool color_;
  std::ostream& out_;
};

}  // namespace

std::string Styled(bool color, std::string_view style, std::string_view text) {
  if (!color) return std::string(text);
  return fmt::format("{}{}{}", style, text, kReset);
}

std::string TextLine(const Line& line, bool color) {
  std::string shown;
  int open_move = 0;
  for (const Segment& piece : line.pieces) {
    const int inside = InsideMove(piece);
    if (inside != open_move) {
      if (open_move > 0) shown += Styled(color, kMoveTag, ">}");
      if (inside > 0) {
        shown += Styled(color, kMoveTag, fmt::format("{{+{}:", inside));
      }
      open_move = inside;
    }
    switch (piece.kind) {
      case SegmentKind::kEqual:
        AppendVisible(piece.text, &shown);
        break;
      case SegmentKind::kDelete:
        AppendMarked(piece, "[-", "-]", kDeleted, color, &shown);
        break;
      case SegmentKind::kInsert:
        AppendMarked(piece, "{+", "+}", kInserted, color, &shown);
        break;
      case SegmentKind::kMovedFrom:
        shown += Styled(color, kMoveTag, fmt::format("[<{}:", piece.move));
        AppendMarked(piece, "", "", kMovedFrom, color, &shown);
        shown += Styled(color, kMoveTag, "-]");
        break;
      case SegmentKind::kMovedTo:
        AppendMarked(piece, "", "", kMovedTo, color, &shown);
        break;
    }
  }
  if (open_move > 0) shown += Styled(color, kMoveTag, ">}");
  return shown;
}

void WriteDiffText(const DiffInput& input, const Redline& redline,
                   const DiffRenderOptions& options, std::ostream& out) {
  std::string summary;
  AppendVisible(fmt::format("{} \u2192 {}: {}", input.old_label,
                            input.new_label, Summary(redline)),
                &summary);
  out << summary << '\n';
  const DiffView view(input, redline);
  TextSink sink(view, options.color, out);
  WriteRegions(input, redline, view, options.context, &sink);
}

}  // namespace redline
