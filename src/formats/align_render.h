// What the alignment and synopsis views (align_format.h) share: the points
// of a version, their ids and texts, the redline that a pair or a cell
// shows, and the words for relations and numbers. Private to src/formats.
//
// Thread-safety: ShownRedline is immutable after construction, so const
// methods may be called from many threads; the functions are thread-safe.

#ifndef REDLINE_FORMATS_ALIGN_RENDER_H_
#define REDLINE_FORMATS_ALIGN_RENDER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "redline/align.h"
#include "redline/diff.h"
#include "redline/diff_format.h"
#include "redline/synopsis.h"

namespace redline {

// The own texts (OwnText) of `points`, one after another: what the JSON
// views compare.
std::string OwnTexts(const VersionText& version,
                     const std::vector<int>& points);

// The ids of `points` joined by ", " ("12, 13"); "" for none.
std::string IdText(const Document& doc, const std::vector<int>& points);

// The redline that the views for people show for a pair or a cell: of the
// own texts of two sets of points, each own text without the white space
// around it (the space after its number, the blank line before the next
// point), one a line, so that layout alone is never a change. Owns the
// texts that its redline indexes, hence neither copyable nor movable.
class ShownRedline {
 public:
  // Compares the texts of `old_points` of `old_version` and `new_points` of
  // `new_version` (either may be empty) with the default DiffOptions.
  ShownRedline(const VersionText& old_version,
               const std::vector<int>& old_points,
               const VersionText& new_version,
               const std::vector<int>& new_points);

  ShownRedline(const ShownRedline&) = delete;
  ShownRedline& operator=(const ShownRedline&) = delete;

  const DiffInput& input() const { return input_; }
  const Redline& redline() const { return redline_; }

  // Where the other place of move `move` is, from its old place ("moved
  // below" or "moved above") and from its new place ("moved from above" or
  // "moved from below").
  std::string MovedTo(int move) const;
  std::string MovedFrom(int move) const;

 private:
  std::string old_text_;
  std::string new_text_;
  DiffInput input_;
  Redline redline_;
  std::map<int, bool> moved_down_;  // move -> its new place is below
};

// The words that describe a pair or a cell: the relation's name, then
// "renumbered" and "moved" when they apply.
std::vector<std::string_view> Badges(Relation relation, bool renumbered,
                                     bool moved);

// "12 pairs: 3 same, 5 modified, 1 split, 1 merged, 1 removed, 1 added",
// leaving out the relations that no pair has.
std::string AlignSummary(const Alignment& alignment);

// "3 versions, 12 rows; the base is LABEL".
std::string SynopsisSummary(const std::vector<VersionText>& versions,
                            const Synopsis& synopsis);

// The closeness of `of` in `in`, or nullptr (when of == in).
const Closeness* FindCloseness(const Synopsis& synopsis, int of, int in);

// A share as a whole percentage: "80%".
std::string Percent(double share);

// A similarity with two decimals: "0.81".
std::string Decimal2(double value);

}  // namespace redline

#endif  // REDLINE_FORMATS_ALIGN_RENDER_H_
