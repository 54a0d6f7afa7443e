// Runs of equal, deleted and inserted units, before they become byte
// ranges. Private to src/diff.

#ifndef REDLINE_DIFF_UNIT_OPS_H_
#define REDLINE_DIFF_UNIT_OPS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "diff/units.h"
#include "redline/diff.h"

namespace redline {

// Like DiffOp, in unit indices: old units [a_begin, a_end), new units
// [b_begin, b_end).
struct UnitOp {
  OpKind kind = OpKind::kEqual;
  uint32_t a_begin = 0, a_end = 0, b_begin = 0, b_end = 0;
  int move = 0;
  std::vector<UnitOp> edits;
};

// Diffs old units [a_begin, a_end) against new units [b_begin, b_end) and
// returns the runs, deletes before inserts, with tiny equal islands between
// changes removed (see RemoveIslands).
std::vector<UnitOp> DiffUnits(const UnitPair& units, const DiffOptions& options,
                              uint32_t a_begin, uint32_t a_end,
                              uint32_t b_begin, uint32_t b_end);

// Turns the changed flags of a diff of old units [a_begin, a_end) against
// new units [b_begin, b_end) into runs.
std::vector<UnitOp> OpsFromFlags(std::span<const uint8_t> a_changed,
                                 std::span<const uint8_t> b_changed,
                                 uint32_t a_begin, uint32_t b_begin);

// Readable cleanup: an equal run between two changes becomes part of them
// when it holds no word and at most three units (" ", ", ", " — "), so that
// "the cat sat" → "a dog sat" reads as one replacement, or when it holds at
// most three words and the changes on both sides rewrite at least twice as
// many ("[-armed conflict-] between {+war of aggression+}").
// Updates the flags (indexed from a_begin / b_begin) in place.
void RemoveIslands(const UnitPair& units, uint32_t a_begin, uint32_t b_begin,
                   std::span<uint8_t> a_changed, std::span<uint8_t> b_changed);

// Readable cleanup: a pure insertion or deletion that could equally sit a
// few units earlier or later ("a b {+b +}c" or "a {+b +}b c") is moved to
// where its ends fall on the best boundaries: the start or end of the text,
// a blank line, a line break, a sentence end, white space. Updates the flags
// (indexed from a_begin / b_begin) in place.
void SlideToBoundaries(const UnitPair& units, uint32_t a_begin,
                       uint32_t b_begin, std::span<uint8_t> a_changed,
                       std::span<uint8_t> b_changed);

// How good a place byte `offset` of `text` is for a change to start or end:
// 10 at either end of the text, 6 after a blank line, 5 after a line break,
// 4 after a sentence end and a space, 3 after white space, 2 before white
// space, 1 after punctuation, 0 inside a run of words.
int BoundaryScore(std::string_view text, uint32_t offset);

}  // namespace redline

#endif  // REDLINE_DIFF_UNIT_OPS_H_
