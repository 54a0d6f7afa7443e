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

class TextSink : public RegionSink {
 public:
  TextSink(const DiffView& view, bool color, std::ostream& out)
      : view_(view), color_(color), out_(out) {}

  void Elision() override { out_ << Styled(kElision, "\u2026") << '\n'; }

  void Header(int point) override {
    const std::string header =
        "\u2500\u2500 " + view_.PointName(point) + " \u2500\u2500";
    std::string visible;
    AppendVisible(header, &visible);
    out_ << Styled(kHeader, visible) << '\n';
  }

  void ShowLine(const Line& line) override;

 private:
  std::string Styled(std::string_view style, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("{}{}{}", style, text, kReset);
  }
  // Appends a piece's text (or "¶" for a deleted or inserted line break)
  // between `open` and `close` without colour, in `style` with colour.
  void AppendMarked(const Segment& piece, std::string_view open,
                    std::string_view close, std::string_view style,
                    std::string* out) const;

  const DiffView& view_;
  const bool color_;
  std::ostream& out_;
};

void TextSink::AppendMarked(const Segment& piece, std::string_view open,
                            std::string_view close, std::string_view style,
                            std::string* out) const {
  std::string text;
  AppendVisible(piece.text.empty() ? "\u00B6" : piece.text, &text);
  if (color_) {
    *out += Styled(style, text);
  } else {
    *out += open;
    *out += text;
    *out += close;
  }
}

void TextSink::ShowLine(const Line& line) {
  std::string shown;
  int open_move = 0;
  for (const Segment& piece : line.pieces) {
    const int inside = InsideMove(piece);
    if (inside != open_move) {
      if (open_move > 0) shown += Styled(kMoveTag, ">}");
      if (inside > 0) shown += Styled(kMoveTag, fmt::format("{{+{}:", inside));
      open_move = inside;
    }
    switch (piece.kind) {
      case SegmentKind::kEqual:
        AppendVisible(piece.text, &shown);
        break;
      case SegmentKind::kDelete:
        AppendMarked(piece, "[-", "-]", kDeleted, &shown);
        break;
      case SegmentKind::kInsert:
        AppendMarked(piece, "{+", "+}", kInserted, &shown);
        break;
      case SegmentKind::kMovedFrom:
        shown += Styled(kMoveTag, fmt::format("[<{}:", piece.move));
        AppendMarked(piece, "", "", kMovedFrom, &shown);
        shown += Styled(kMoveTag, "-]");
        break;
      case SegmentKind::kMovedTo:
        AppendMarked(piece, "", "", kMovedTo, &shown);
        break;
    }
  }
  if (open_move > 0) shown += Styled(kMoveTag, ">}");
  out_ << shown << '\n';
}

}  // namespace

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
