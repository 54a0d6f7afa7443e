#include "diff/moves.h"

#include <algorithm>
#include <map>
#include <span>

#include "diff/sequence_diff.h"

namespace redline {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;
constexpr int kMaxRounds = 3;
// A move's ends absorb this many unmatched words at the edge of its run:
// the old number of a renumbered section, a reworded first word.
constexpr uint32_t kMaxEdgeWords = 3;
// Unmatched words a moved run may hold between two matched stretches and
// still be one move: its inner edits.
constexpr uint32_t kMaxGapWords = 12;

struct Extent {
  uint32_t begin, end;  // units
};

struct Move {
  Extent old_extent, new_extent;
};

// The changed units of one side, flattened for a diff of deleted text
// against inserted text: pieces of untaken units, separated by keys that
// match nothing.
struct Flat {
  std::vector<uint32_t> keys;
  std::vector<uint32_t> unit;   // the unit of each key, kNone for separators
  std::vector<uint32_t> piece;  // the piece of each key
  std::vector<Extent> pieces;
};

void Flatten(const Units& side, const std::vector<Extent>& runs,
             const std::vector<uint8_t>& taken, uint32_t* next_separator,
             Flat* flat) {
  for (const Extent& run : runs) {
    uint32_t u = run.begin;
    while (u < run.end) {
      while (u < run.end && taken[u]) ++u;
      const uint32_t begin = u;
      while (u < run.end && !taken[u]) ++u;
      if (u == begin) continue;
      const uint32_t piece = static_cast<uint32_t>(flat->pieces.size());
      flat->pieces.push_back({begin, u});
      for (uint32_t x = begin; x < u; ++x) {
        flat->keys.push_back(side.keys[x]);
        flat->unit.push_back(x);
        flat->piece.push_back(piece);
      }
      flat->keys.push_back((*next_separator)++);
      flat->unit.push_back(kNone);
      flat->piece.push_back(piece);
    }
  }
}

uint32_t WordsIn(const Units& side, uint32_t begin, uint32_t end) {
  return side.words(begin, end);
}

// Widens `extent` to the edge of `piece` where at most kMaxEdgeWords words
// lie between them.
void AbsorbEdges(const Units& side, const Extent& piece, Extent* extent) {
  if (WordsIn(side, piece.begin, extent->begin) <= kMaxEdgeWords) {
    extent->begin = piece.begin;
  }
  if (WordsIn(side, extent->end, piece.end) <= kMaxEdgeWords) {
    extent->end = piece.end;
  }
}

bool HasLineBreak(const Units& side, uint32_t unit) {
  return side.text.substr(side.begin(unit), side.end(unit) - side.begin(unit))
             .find('\n') != std::string_view::npos;
}

// Trims `extent` to whole lines where it spills over one by a few words: the
// ".\n" that ends the line before a moved paragraph, or the "3. " that
// starts the line after it. Those stay plain deletions or insertions.
void SnapToLines(const Units& side, uint32_t min_words, Extent* extent) {
  uint32_t words = 0;
  for (uint32_t u = extent->end; u-- > extent->begin;) {
    if (HasLineBreak(side, u)) {
      if (u + 1 < extent->end &&
          WordsIn(side, extent->begin, u + 1) >= min_words) {
        extent->end = u + 1;
      }
      break;
    }
    words += side.is_word(u) ? 1 : 0;
    if (words > kMaxEdgeWords) break;
  }
  if (BoundaryScore(side.text, side.begin(extent->begin)) >= 5) return;
  words = 0;
  for (uint32_t u = extent->begin; u < extent->end; ++u) {
    if (HasLineBreak(side, u)) {
      if (WordsIn(side, u + 1, extent->end) >= min_words) {
        extent->begin = u + 1;
      }
      break;
    }
    words += side.is_word(u) ? 1 : 0;
    if (words > kMaxEdgeWords) break;
  }
}

// One round: diffs what is still deleted against what is still inserted and
// returns the moves found.
std::vector<Move> FindRound(const UnitPair& units, const DiffOptions& options,
                            const std::vector<Extent>& deleted,
                            const std::vector<Extent>& inserted,
                            const std::vector<uint8_t>& old_taken,
                            const std::vector<uint8_t>& new_taken) {
  uint32_t separator = units.key_limit;
  Flat d, i;
  Flatten(units.old_units, deleted, old_taken, &separator, &d);
  Flatten(units.new_units, inserted, new_taken, &separator, &i);
  std::vector<Move> moves;
  if (d.pieces.empty() || i.pieces.empty()) return moves;
  std::vector<uint8_t> d_changed(d.keys.size(), 1);
  std::vector<uint8_t> i_changed(i.keys.size(), 1);
  // Moves show in rare words they share; where none anchor, a minimal diff
  // of deleted against inserted text would find only common words.
  DiffSequences(d.keys, i.keys, separator, options.max_cost >> 8, &d_changed,
                &i_changed);

  // Group the matched pairs by the pieces they join. A group survives a
  // short excursion to another piece (a common word matched elsewhere) and
  // resumes; a long gap starts a new group.
  struct Group {
    Extent old_extent, new_extent;
    uint32_t matched_words = 0;
  };
  std::map<std::pair<uint32_t, uint32_t>, std::vector<Group>> groups;
  size_t p = 0, q = 0;
  while (p < d.keys.size() && q < i.keys.size()) {
    if (d_changed[p]) {
      ++p;
      continue;
    }
    if (i_changed[q]) {
      ++q;
      continue;
    }
    const uint32_t u = d.unit[p], v = i.unit[q];
    std::vector<Group>& list = groups[{d.piece[p], i.piece[q]}];
    if (list.empty() ||
        WordsIn(units.old_units, list.back().old_extent.end, u) >
            kMaxGapWords ||
        WordsIn(units.new_units, list.back().new_extent.end, v) >
            kMaxGapWords) {
      list.push_back({{u, u + 1}, {v, v + 1}, 0});
    }
    Group& group = list.back();
    group.old_extent.end = u + 1;
    group.new_extent.end = v + 1;
    group.matched_words += units.old_units.is_word(u) ? 1 : 0;
    ++p;
    ++q;
  }
  const uint32_t min_words = static_cast<uint32_t>(options.move_min_words);
  for (const auto& [pieces, list] : groups) {
    for (const Group& group : list) {
      if (group.matched_words < min_words) continue;
      Extent old_extent = group.old_extent, new_extent = group.new_extent;
      AbsorbEdges(units.old_units, d.pieces[pieces.first], &old_extent);
      AbsorbEdges(units.new_units, i.pieces[pieces.second], &new_extent);
      SnapToLines(units.old_units, min_words, &old_extent);
      SnapToLines(units.new_units, min_words, &new_extent);
      const uint32_t words =
          WordsIn(units.old_units, old_extent.begin, old_extent.end) +
          WordsIn(units.new_units, new_extent.begin, new_extent.end);
      if (2.0 * group.matched_words >= options.move_min_similarity * words) {
        moves.push_back({old_extent, new_extent});
      }
    }
  }
  return moves;
}

// Splits a delete or insert op at the extents of moves on its side.
void SplitRun(const UnitOp& op, bool old_side,
              const std::vector<std::pair<Extent, int>>& moves_on_side,
              std::vector<UnitOp>* out) {
  const uint32_t begin = old_side ? op.a_begin : op.b_begin;
  const uint32_t end = old_side ? op.a_end : op.b_end;
  auto emit = [&](uint32_t from, uint32_t to, int move) {
    if (from == to) return;
    UnitOp piece = op;
    if (old_side) {
      piece.a_begin = from;
      piece.a_end = to;
    } else {
      piece.b_begin = from;
      piece.b_end = to;
    }
    piece.move = move;
    out->push_back(std::move(piece));
  };
  auto it = std::lower_bound(moves_on_side.begin(), moves_on_side.end(), begin,
                             [](const std::pair<Extent, int>& m, uint32_t at) {
                               return m.first.begin < at;
                             });
  uint32_t at = begin;
  for (; it != moves_on_side.end() && it->first.begin < end; ++it) {
    emit(at, it->first.begin, 0);
    emit(it->first.begin, it->first.end, it->second);
    at = it->first.end;
  }
  emit(at, end, 0);
}

}  // namespace

void FindMoves(const UnitPair& units, const DiffOptions& options,
               std::vector<UnitOp>* ops) {
  std::vector<Extent> deleted, inserted;
  for (const UnitOp& op : *ops) {
    if (op.kind == OpKind::kDelete) deleted.push_back({op.a_begin, op.a_end});
    if (op.kind == OpKind::kInsert) inserted.push_back({op.b_begin, op.b_end});
  }
  if (deleted.empty() || inserted.empty()) return;
  std::vector<uint8_t> old_taken(units.old_units.size(), 0);
  std::vector<uint8_t> new_taken(units.new_units.size(), 0);
  std::vector<Move> moves;
  for (int round = 0; round < kMaxRounds; ++round) {
    std::vector<Move> found =
        FindRound(units, options, deleted, inserted, old_taken, new_taken);
    if (found.empty()) break;
    for (const Move& move : found) {
      std::fill(old_taken.begin() + move.old_extent.begin,
                old_taken.begin() + move.old_extent.end, 1);
      std::fill(new_taken.begin() + move.new_extent.begin,
                new_taken.begin() + move.new_extent.end, 1);
      moves.push_back(move);
    }
  }
  if (moves.empty()) return;

  // Number the moves in the order of the new text.
  std::sort(moves.begin(), moves.end(), [](const Move& x, const Move& y) {
    return x.new_extent.begin < y.new_extent.begin;
  });
  std::vector<std::pair<Extent, int>> old_side, new_side;
  for (size_t k = 0; k < moves.size(); ++k) {
    old_side.push_back({moves[k].old_extent, static_cast<int>(k) + 1});
    new_side.push_back({moves[k].new_extent, static_cast<int>(k) + 1});
  }
  auto by_begin = [](const std::pair<Extent, int>& x,
                     const std::pair<Extent, int>& y) {
    return x.first.begin < y.first.begin;
  };
  std::sort(old_side.begin(), old_side.end(), by_begin);

  std::vector<UnitOp> result;
  result.reserve(ops->size() + 4 * moves.size());
  for (const UnitOp& op : *ops) {
    if (op.kind == OpKind::kDelete) {
      SplitRun(op, /*old_side=*/true, old_side, &result);
    } else if (op.kind == OpKind::kInsert) {
      SplitRun(op, /*old_side=*/false, new_side, &result);
    } else {
      result.push_back(op);
    }
  }
  // The redline inside each edited move.
  for (UnitOp& op : result) {
    if (op.kind != OpKind::kInsert || op.move == 0) continue;
    const Move& move = moves[op.move - 1];
    std::vector<UnitOp> edits =
        DiffUnits(units, options, move.old_extent.begin, move.old_extent.end,
                  move.new_extent.begin, move.new_extent.end);
    const bool edited =
        std::any_of(edits.begin(), edits.end(),
                    [](const UnitOp& e) { return e.kind != OpKind::kEqual; });
    if (edited) op.edits = std::move(edits);
  }
  *ops = std::move(result);
}

}  // namespace redline
