// Renderings of a redline: the JSON contract, a coloured terminal view, a
// standalone printable HTML page and Markdown.
//
// Thread-safety: all functions are thread-safe.

#ifndef REDLINE_DIFF_FORMAT_H_
#define REDLINE_DIFF_FORMAT_H_

#include <ostream>
#include <string>
#include <string_view>

#include "redline/diff.h"

namespace redline {

// The two texts a redline compares, with the labels shown for them (file
// names unless the user chose others). The texts are valid UTF-8, as
// Compare requires.
struct DiffInput {
  std::string_view old_text;
  std::string_view new_text;
  std::string old_label;
  std::string new_label;
};

struct DiffRenderOptions {
  // Text view: ANSI colours (red deletions, green insertions, cyan moves).
  // Off: plain markers [-deleted-] {+inserted+} and [<moved-] {+moved>}.
  bool color = false;
  // Text and Markdown views: how many unchanged lines to show around each
  // change; the rest of each unchanged stretch is elided. Negative shows
  // the whole text. Default 2.
  int context = 2;
};

// {"ops": [{"op": "equal"|"delete"|"insert", "text": "...", ...}],
//  "stats": {"inserted_words": n, "deleted_words": n, "moved_words": n}}
// An equal op whose bytes differ between the texts (an ignore option) also
// carries "new_text"; a moved delete and insert carry "move": n; the insert
// of an edited move carries "edits": [ops]. See docs/diff.md.
void WriteDiffJson(const DiffInput& input, const Redline& redline,
                   std::ostream& out);

// Inline redline like `git diff --color-words`, grouped under the headers of
// the points (of the new text) that hold changes, with context.
void WriteDiffText(const DiffInput& input, const Redline& redline,
                   const DiffRenderOptions& options, std::ostream& out);

// One standalone, printable HTML page: a summary of the changes at the top,
// deletions struck through in red, insertions underlined, moves in their own
// colour and linked from the old place to the new.
void WriteDiffHtml(const DiffInput& input, const Redline& redline,
                   std::ostream& out);

// Markdown readable in any viewer: ~~deleted~~ and **inserted** inline,
// grouped under point headers, with context.
void WriteDiffMarkdown(const DiffInput& input, const Redline& redline,
                       const DiffRenderOptions& options, std::ostream& out);

}  // namespace redline

#endif  // REDLINE_DIFF_FORMAT_H_
