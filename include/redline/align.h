// Point alignment: which points of one version correspond to which points of
// another, at every depth, found by content rather than by number.
//
// Each point is compared by its own text (its bytes up to its first
// sub-point, without its printed number). Words are case-folded, stemmed
// (Snowball: Russian for Cyrillic words, English for Latin ones) and weighted
// by rarity across the points of both versions (TF-IDF); similarity is the
// cosine of those weight vectors. Candidates come from an inverted index of
// stems, never from comparing all pairs. Points are assigned one to one,
// best first, with a matching number, a similar place in the text and
// aligned parents as weak priors; then unmatched points whose text is
// largely contained in a matched partner join it as a split (1→n) or a merge
// (n→1) when the parts together explain the whole; last, a point still free
// may join, the same way, an aligned point of the other version whose text
// with its sub-points holds it (sub-points that became points, or the
// reverse).
//
// Thread-safety: AlignPoints is thread-safe; an Alignment is a plain value.

#ifndef REDLINE_ALIGN_H_
#define REDLINE_ALIGN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "redline/points.h"

namespace redline {

struct AlignOptions {
  // The least combined score (similarity plus priors) for two points to be
  // aligned one to one. Lower finds heavier rewordings, at the risk of
  // pairing unrelated points. Default 0.2.
  double min_score = 0.2;
  // The least cosine similarity of two points' own texts for them to be
  // aligned at all; priors never pair points that share almost nothing.
  // Default 0.1.
  double min_similarity = 0.1;
  // Added to the score when the two points carry the same id. Weak, so that
  // renumbered texts are not misled by it. Default 0.06.
  double number_prior = 0.06;
  // Added, scaled by how close the points' relative places in their texts
  // are (1 at the same place, 0 at opposite ends). Default 0.08.
  double position_prior = 0.08;
  // Added when the two points' parents are aligned with each other, and
  // subtracted when they are not: an alignment of parents informs their
  // children. Default 0.15.
  double parent_prior = 0.15;
  // The least similarity for pairing the one free point on each side of a
  // stretch between two aligned points that keep their order: in such a
  // gap, less shared content suffices. Default 0.08.
  double min_gap_similarity = 0.08;
  // The least share of a part's weighted terms found in the whole for the
  // part to join a split or merge. Default 0.4.
  double min_containment = 0.4;
  // The least gain in the share of the whole's weighted terms covered when a
  // part joins, so that a part that explains nothing new stays apart.
  // Default 0.08.
  double min_coverage_gain = 0.08;
};

// The index that stands for a document's preamble in AlignedPair::old_points
// and new_points. A preamble with words in it (a title, recitals, or the
// whole of a text without points) aligns as one block, like a top-level
// point without a number; its id is "preamble".
inline constexpr int kPreamble = -1;

enum class Relation : uint8_t {
  kSame,      // one point each side, equal comparison keys (NFC, case kept)
  kModified,  // one point each side, different text
  kSplit,     // one old point, several new points
  kMerged,    // several old points, one new point
  kRemoved,   // old points only
  kAdded,     // new points only
};

// Returns "same", "modified", "split", "merged", "removed" or "added".
const char* RelationName(Relation relation);

struct AlignedPair {
  // Indices into the old and new Document::points (or kPreamble), sorted.
  std::vector<int> old_points;
  std::vector<int> new_points;
  Relation relation = Relation::kModified;
  // The printed numbers of the two sides differ.
  bool renumbered = false;
  // The pair's place relative to its aligned neighbours changed.
  bool moved = false;
  // Cosine similarity of the sides' weighted terms, in [0, 1]; 1 for same,
  // 0 for removed and added.
  double similarity = 0;
};

struct Alignment {
  // Every point of each document, and its preamble when it has words, is in
  // exactly one pair. Pairs follow the new text's order (a preamble first);
  // removed pairs come after the pair of the old point before them.
  std::vector<AlignedPair> pairs;
};

// A version as the alignment commands take it: its label ("the file name
// unless --label"), its text and the points parsed from it.
struct VersionText {
  std::string label;
  std::string_view text;
  const Document* doc = nullptr;
};

// The point's own text, as alignment compares it: its bytes up to its first
// sub-point, without the printed number that opens it.
// REQUIRES: `point` was parsed from `text`.
std::string_view OwnText(std::string_view text, const Point& point);

// The same for an index of AlignedPair: kPreamble gives the preamble.
// REQUIRES: `doc` was parsed from `text`; `index` is kPreamble or a point.
std::string_view OwnText(std::string_view text, const Document& doc, int index);

// The id of an index of AlignedPair: the point's id, or "preamble".
std::string_view PointId(const Document& doc, int index);

// Whether the preamble of `doc` has anything but white space, and so aligns
// as a block.
bool PreambleIsBlock(std::string_view text, const Document& doc);

// Every index of `doc` that alignment uses, in document order: kPreamble
// first when the preamble is a block, then every point.
std::vector<int> AlignedIndices(std::string_view text, const Document& doc);

// Aligns the points of `old_doc` (parsed from `old_text`) with those of
// `new_doc` (parsed from `new_text`), and their preambles when they have
// words. Two empty texts give no pairs.
// REQUIRES: each document was parsed from its text (ParsePoints); both texts
// are valid UTF-8.
Alignment AlignPoints(std::string_view old_text, const Document& old_doc,
                      std::string_view new_text, const Document& new_doc,
                      const AlignOptions& options = AlignOptions());

}  // namespace redline

#endif  // REDLINE_ALIGN_H_
