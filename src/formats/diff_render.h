// What the redline renderers (diff_format.h) share: the redline as the new
// text with the deleted text inline, cut into segments and display lines;
// the point of the new text that holds each change; the regions of changed
// lines with their context, as the text and Markdown views show them.
// Private to src/formats.
//
// Thread-safety: DiffView is immutable after construction, so const methods
// may be called from many threads; the functions are thread-safe.

#ifndef REDLINE_FORMATS_DIFF_RENDER_H_
#define REDLINE_FORMATS_DIFF_RENDER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "redline/diff.h"
#include "redline/diff_format.h"
#include "redline/points.h"

namespace redline {

// How a run of the displayed text came about.
enum class SegmentKind : uint8_t {
  kEqual,      // unchanged: the new text's bytes
  kDelete,     // deleted: the old text's bytes
  kInsert,     // inserted: the new text's bytes
  kMovedFrom,  // the old place of a moved run: the old text's bytes
  kMovedTo,    // the new place of a moved run (its unchanged parts if edited)
};

// True for every kind but kEqual.
inline bool IsChange(SegmentKind kind) { return kind != SegmentKind::kEqual; }

// True for the kinds that show old bytes (kDelete, kMovedFrom).
inline bool ShowsOld(SegmentKind kind) {
  return kind == SegmentKind::kDelete || kind == SegmentKind::kMovedFrom;
}

// A run of displayed text, or a part of one within a display line.
struct Segment {
  SegmentKind kind = SegmentKind::kEqual;
  std::string_view text;
  // Where `text` starts in the new text; for old bytes, the place in the new
  // text where they were deleted.
  uint32_t new_offset = 0;
  // The move number of a kMovedFrom or kMovedTo, and of the kDelete and
  // kInsert edits inside a moved run; 0 otherwise.
  int move = 0;
  // On the last segment (or the last part shown) of a moved run.
  bool move_end = false;
};

// Calls `visit` for each segment of `redline` in display order: the ops in
// order, and the edits of an edited moved run in place of its insert
// (kMovedTo for their equal parts, kDelete and kInsert with `move` set).
// Segments may be empty only where an op is.
void ForEachSegment(const DiffInput& input, const Redline& redline,
                    const std::function<void(const Segment&)>& visit);

// One display line: the segments cut at the line breaks ("\n", "\r\n" or
// "\r") of any of them, without the breaks. A piece of a change is empty
// only where the break itself was deleted or inserted (shown as "¶"); empty
// unchanged pieces are left out.
struct Line {
  std::vector<Segment> pieces;
  uint32_t new_offset = 0;  // where the line starts in the new text
  bool changed = false;     // holds a piece of a change
};

// Calls `visit` for each display line of `redline`, in order. The final line
// is visited only when it has pieces.
void ForEachLine(const DiffInput& input, const Redline& redline,
                 const std::function<void(const Line&)>& visit);

// Placing changes among the points of the new text, and the two places of
// each move.
class DiffView {
 public:
  // Parses the points of `input.new_text`. Both are borrowed.
  DiffView(const DiffInput& input, const Redline& redline);

  DiffView(const DiffView&) = delete;
  DiffView& operator=(const DiffView&) = delete;

  // The point that holds a change: for an insert the innermost point that
  // holds its first byte; for a deletion (ShowsOld), the one that holds the
  // byte before its place, since deleted text belongs with what precedes it.
  // -1 is the preamble.
  int PointOfChange(SegmentKind kind, uint32_t new_offset) const;
  // The point of a line: the one that holds its first new byte, or for a
  // line that only shows deleted text, the one that holds the deletion.
  int PointOfLine(const Line& line) const;
  // Where `point` starts in the new text (0 for the preamble).
  uint32_t PointBegin(int point) const;
  // "preamble" or "point 3.b".
  std::string PointName(int point) const;

  // The points that hold the two places of move `move`: where its text was
  // deleted and where it was inserted. -1 (the preamble) if unknown.
  int MovedFromPoint(int move) const;
  int MovedToPoint(int move) const;

 private:
  int PointAt(uint32_t offset) const;

  std::string_view new_text_;
  Document doc_;
  std::map<int, std::pair<int, int>> moves_;  // move -> (from, to) points
};

// What the text and Markdown views show, in order (WriteRegions).
class RegionSink {
 public:
  virtual ~RegionSink() = default;
  // Some unchanged lines are left out here.
  virtual void Elision() = 0;
  // The changes below, up to the next header, are in `point`.
  virtual void Header(int point) = 0;
  virtual void ShowLine(const Line& line) = 0;
};

// Shows the changed lines of `redline` with `context` unchanged lines around
// each (all lines when negative), merging regions whose context meets, and
// an elision wherever lines are left out. Each change whose point differs
// from the previous change's gets the point's header, before the first line
// of that point since the previous change (so a region may open with
// context lines of the point before). Shows nothing when there are no
// changed lines.
void WriteRegions(const DiffInput& input, const Redline& redline,
                  const DiffView& view, int context, RegionSink* sink);

// "1 word inserted, 2 deleted, 0 moved", or "no differences" when the
// redline has only equal ops.
std::string Summary(const Redline& redline);
// The same as a sentence: "1 word inserted, 2 deleted, 0 moved." or "No
// differences."
std::string SummarySentence(const Redline& redline);

// Appends `text` to `out` with control characters (C0 but tab, DEL and C1)
// shown as their Unicode pictures or U+FFFD, so that a text can never drive
// a terminal or break a format.
void AppendVisible(std::string_view text, std::string* out);

// The pieces below are the views' ways of showing changes, shared with the
// alignment views (align_format.h), which show one redline per pair of
// points.

// Text view (diff_text.cc): one display line, deletions red and insertions
// green with `color` (moves cyan), between the markers [-…-], {+…+},
// [<n:…-] and {+n:…>} without; control characters made visible. No line
// break.
std::string TextLine(const Line& line, bool color);

// `text` between `style` and the ANSI reset with `color`, as is without.
std::string Styled(bool color, std::string_view style, std::string_view text);

// HTML view (diff_html.cc).

// The rules of the HTML views for <del>, <ins>, moves (class "move"), move
// tags and shown line breaks (CSS, one rule a line).
extern const std::string_view kHtmlRedlineStyle;

// Appends `text` escaped for HTML, with line breaks as "\n". In a change
// (`change`), a line break that is all there is between two breaks (or at
// the start) is shown as "¶", so that a deleted or inserted line break
// stays visible. Control characters are made visible.
void AppendHtml(std::string_view text, bool change, std::string* out);

// `text` escaped for HTML.
std::string HtmlEscaped(std::string_view text);

// How AppendHtmlOp tags the two places of a move.
struct HtmlMoveTags {
  // Prefixes the ids of the places ("move-1-from", "move-1-to"), to keep
  // them unique in a page that shows several redlines.
  std::string id_prefix;
  // The tag before the old place of a move ("moved to point 3") and before
  // its new place ("moved from point 1"), as text.
  std::function<std::string(int move)> moved_to;
  std::function<std::string(int move)> moved_from;
};

// Appends the HTML of `op`, an op of a redline of `input`: <del> and <ins>,
// a move as a tagged <del class="move"> and <ins class="move"> that link to
// each other, the edits of a moved run inside its <ins>.
void AppendHtmlOp(const DiffInput& input, const DiffOp& op,
                  const HtmlMoveTags& tags, std::string* out);

// Markdown view (diff_markdown.cc).

// Writes Markdown for the text of one line, escaping whatever could make
// formatting: inline markers everywhere, block markers at the line start.
class MarkdownLineBuilder {
 public:
  // Appends `text`, escaped.
  void Text(std::string_view text);
  // Appends white space (as "&nbsp;" at the line start, where it would
  // make a code block).
  void Space(std::string_view space);
  // `text` between two `marker`s, escaped, or as "␣" for each white space
  // character when `spaces_only`. Emphasis delimiters open only when not
  // squeezed between a letter outside and punctuation inside (and close
  // likewise), so a hair space (U+200A, which counts as white space) goes
  // outside a marker wherever that would happen.
  void Marked(std::string_view marker, std::string_view text, bool spaces_only);
  const std::string& line() const { return line_; }

 private:
  void Append(std::string_view markdown);
  std::string Escape(std::string_view text) const;

  std::string line_;
  bool at_start_ = true;
  bool gap_after_ = false;  // the last marker closed after punctuation
};

// The Markdown of one display line: ~~deleted~~, **inserted**, the moved
// runs' places marked alike and followed by "*(note)*", the note
// `move_note` gives for the last piece of each; a deleted or inserted line
// break as "¶". Empty for an empty line. No line break.
std::string MarkdownLine(
    const Line& line,
    const std::function<std::string(const Segment& last_piece)>& move_note);

}  // namespace redline

#endif  // REDLINE_FORMATS_DIFF_RENDER_H_
