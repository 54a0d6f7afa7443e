// The synopsis: the points of several versions of one text side by side, one
// row per provision and one column per version (the "four-column document"
// of negotiators), with how close each version is to each other.
//
// Every version is aligned with the base version (AlignPoints). A row holds
// base points and, in each other version's column, the points aligned with
// them; base points that another version merges into one point share a row.
// A point of another version that the base lacks gets a row of its own,
// after the row of the point before it in that version.
//
// Thread-safety: BuildSynopsis is thread-safe; a Synopsis is a plain value.

#ifndef REDLINE_SYNOPSIS_H_
#define REDLINE_SYNOPSIS_H_

#include <string>
#include <string_view>
#include <vector>

#include "redline/align.h"
#include "redline/points.h"

namespace redline {

// At most this many versions in one synopsis: a wider table is unreadable.
inline constexpr int kMaxSynopsisVersions = 16;

// The points of one version in one row.
struct SynopsisCell {
  // Indices into the version's Document::points (kPreamble for its
  // preamble), in document order. Empty: the version has no counterpart in
  // this row.
  std::vector<int> points;
  // How these points relate to the base's points of the row: kSame or
  // kModified one to one, kSplit (more points here), kMerged (fewer),
  // kAdded (the base has none); kSame in the base's own column.
  Relation relation = Relation::kSame;
  bool renumbered = false;
  bool moved = false;
  double similarity = 1;  // as AlignedPair::similarity
};

struct SynopsisRow {
  std::vector<SynopsisCell> cells;  // one per version, in version order
};

// How much of version `of` version `in` keeps.
struct Closeness {
  int of = 0;
  int in = 0;
  // The share of `of`'s points (its preamble counted as one when it is a
  // block) with a same or modified counterpart in `in`.
  double kept = 0;
  // The share of `of`'s points with a same counterpart in `in`.
  double unchanged = 0;
  // The share of the two texts' words that the redline between them finds
  // equal or moved: 2 × kept words / (words of `of` + words of `in`), the
  // same both ways.
  double similarity = 0;
};

struct Synopsis {
  int base = 0;
  // Base points in base order (a row per group of base points merged
  // somewhere), with the rows of added points after the row they follow.
  std::vector<SynopsisRow> rows;
  // Every ordered pair of distinct versions, `of` major.
  std::vector<Closeness> closeness;
};

// REQUIRES: 1 <= versions.size() <= kMaxSynopsisVersions; 0 <= base <
// versions.size(); each doc parsed from its text; texts valid UTF-8.
Synopsis BuildSynopsis(const std::vector<VersionText>& versions, int base,
                       const AlignOptions& options = AlignOptions());

}  // namespace redline

#endif  // REDLINE_SYNOPSIS_H_
