// Finding moved text in a redline. Private to src/diff.

#ifndef REDLINE_DIFF_MOVES_H_
#define REDLINE_DIFF_MOVES_H_

#include <vector>

#include "diff/unit_ops.h"
#include "diff/units.h"
#include "redline/diff.h"

namespace redline {

// Pairs deleted and inserted text of `ops` that is the same text moved,
// possibly edited on the way: the deleted and the inserted runs are diffed
// against each other, and each stretch they share of at least
// options.move_min_words words, with at least options.move_min_similarity
// of its words unchanged, becomes a move. The runs are split so that each
// move is exactly one delete and one insert op carrying the same move number
// (1, 2, ... in the order of the new text); the insert of an edited move
// gets the redline of the old run against the new one as its edits. Moves
// that cross each other are found in further rounds.
void FindMoves(const UnitPair& units, const DiffOptions& options,
               std::vector<UnitOp>* ops);

}  // namespace redline

#endif  // REDLINE_DIFF_MOVES_H_
