#include "diff/moves.h"

#include <algorithm>
#include <span>
#include <tuple>
#include <unordered_map>

#include "diff/sequence_diff.h"

namespace redline {

namespace {

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

uint32_t WordsIn(const Units& side, uint32_t begin, uint32_t end) {
  return side.words(begin, end);
}

// Widens `extent` to the edges of its piece, or of the units of the piece
// no other move has taken, where at most kMaxEdgeWords words lie between.
void AbsorbEdges(const Units& side, const Extent& piece,
                 const std::vector<uint8_t>& taken, Extent* extent) {
  uint32_t low = extent->begin;
  while (low > piece.begin && !taken[low - 1]) --low;
  if (WordsIn(side, low, extent->begin) <= kMaxEdgeWords) extent->begin = low;
  uint32_t high = extent->end;
  while (high < piece.end && !taken[high]) ++high;
  if (WordsIn(side, extent->end, high) <= kMaxEdgeWords) extent->end = high;
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

// A deleted or inserted run, and the change group (the run of non-equal
// ops between two equal ones) it belongs to.
struct Piece {
  Extent extent;
  uint32_t group;
};

// Hashes of `kShingleWords` consecutive word keys: where moved text shows.
constexpr int kShingleWords = 3;
// A shingle found in more deleted places than this is boilerplate.
constexpr size_t kMaxShinglePlaces = 8;

template <typename F>
void ForEachShingle(const Units& side, const Extent& extent, F&& f) {
  uint32_t window[kShingleWords] = {};
  int filled = 0;
  for (uint32_t u = extent.begin; u < extent.end; ++u) {
    if (!side.is_word(u)) continue;
    for (int k = 0; k + 1 < kShingleWords; ++k) window[k] = window[k + 1];
    window[kShingleWords - 1] = side.keys[u];
    if (++filled < kShingleWords) continue;
    uint64_t hash = 0;
    for (uint32_t key : window) hash = (hash + key + 1) * 0x9E3779B97F4A7C15ull;
    f(hash);
  }
}

// Diffs one deleted piece against one inserted piece (units already taken
// by a move cannot match), appends the moves between them to *moves and
// marks their units taken.
void MovesBetween(const UnitPair& units, const DiffOptions& options,
                  const Extent& deleted, const Extent& inserted,
                  std::vector<uint8_t>* old_taken_flags,
                  std::vector<uint8_t>* new_taken_flags,
                  std::vector<Move>* moves) {
  std::vector<uint8_t>& old_taken = *old_taken_flags;
  std::vector<uint8_t>& new_taken = *new_taken_flags;
  // Taken units get keys of their own, above every real key.
  std::vector<uint32_t> a(units.old_units.keys.begin() + deleted.begin,
                          units.old_units.keys.begin() + deleted.end);
  std::vector<uint32_t> b(units.new_units.keys.begin() + inserted.begin,
                          units.new_units.keys.begin() + inserted.end);
  uint32_t limit = units.key_limit;
  for (uint32_t x = 0; x < a.size(); ++x) {
    if (old_taken[deleted.begin + x]) a[x] = limit++;
  }
  for (uint32_t y = 0; y < b.size(); ++y) {
    if (new_taken[inserted.begin + y]) b[y] = limit++;
  }
  std::vector<uint8_t> a_changed(a.size(), 1), b_changed(b.size(), 1);
  // Moves show in rare words they share; a minimal diff where none anchor
  // would only pair common words.
  DiffSequences(a, b, limit, options.max_cost >> 8, &a_changed, &b_changed);

  // Matched stretches separated by a few unmatched words are one move with
  // inner edits; a long gap starts another.
  struct Group {
    Extent old_extent, new_extent;
    uint32_t matched_words = 0;
  };
  std::vector<Group> groups;
  const auto taken_between = [](const std::vector<uint8_t>& taken,
                                uint32_t from, uint32_t to) {
    return std::find(taken.begin() + from, taken.begin() + to, 1) !=
           taken.begin() + to;
  };
  size_t p = 0, q = 0;
  while (p < a.size() && q < b.size()) {
    if (a_changed[p]) {
      ++p;
      continue;
    }
    if (b_changed[q]) {
      ++q;
      continue;
    }
    const uint32_t u = deleted.begin + static_cast<uint32_t>(p);
    const uint32_t v = inserted.begin + static_cast<uint32_t>(q);
    // A gap holding text another move took also ends the group: moves
    // never overlap.
    if (groups.empty() ||
        units.old_units.words(groups.back().old_extent.end, u) > kMaxGapWords ||
        units.new_units.words(groups.back().new_extent.end, v) > kMaxGapWords ||
        taken_between(old_taken, groups.back().old_extent.end, u) ||
        taken_between(new_taken, groups.back().new_extent.end, v)) {
      groups.push_back({{u, u + 1}, {v, v + 1}, 0});
    }
    Group& group = groups.back();
    group.old_extent.end = u + 1;
    group.new_extent.end = v + 1;
    group.matched_words += units.old_units.is_word(u) ? 1 : 0;
    ++p;
    ++q;
  }
  const uint32_t min_words = static_cast<uint32_t>(options.move_min_words);
  for (const Group& group : groups) {
    if (group.matched_words < min_words) continue;
    Extent old_extent = group.old_extent, new_extent = group.new_extent;
    AbsorbEdges(units.old_units, deleted, old_taken, &old_extent);
    AbsorbEdges(units.new_units, inserted, new_taken, &new_extent);
    SnapToLines(units.old_units, min_words, &old_extent);
    SnapToLines(units.new_units, min_words, &new_extent);
    const uint32_t words =
        units.old_units.words(old_extent.begin, old_extent.end) +
        units.new_units.words(new_extent.begin, new_extent.end);
    if (2.0 * group.matched_words < options.move_min_similarity * words) {
      continue;
    }
    // An earlier group of this pair may have absorbed this one's edges.
    if (taken_between(old_taken, old_extent.begin, old_extent.end) ||
        taken_between(new_taken, new_extent.begin, new_extent.end)) {
      continue;
    }
    std::fill(old_taken.begin() + old_extent.begin,
              old_taken.begin() + old_extent.end, 1);
    std::fill(new_taken.begin() + new_extent.begin,
              new_taken.begin() + new_extent.end, 1);
    moves->push_back({old_extent, new_extent});
  }
}

// Finds the moves among the deleted and inserted pieces: pairs that share
// rare three-word shingles are diffed against each other, the most
// promising first, in any order of the texts (moves may cross).
std::vector<Move> FindAll(const UnitPair& units, const DiffOptions& options,
                          const std::vector<Piece>& deleted,
                          const std::vector<Piece>& inserted) {
  std::unordered_map<uint64_t, std::vector<uint32_t>> places;
  for (uint32_t d = 0; d < deleted.size(); ++d) {
    ForEachShingle(units.old_units, deleted[d].extent, [&](uint64_t hash) {
      std::vector<uint32_t>& list = places[hash];
      if (list.size() <= kMaxShinglePlaces &&
          (list.empty() || list.back() != d)) {
        list.push_back(d);
      }
    });
  }
  // Votes: shingles an inserted piece shares with each deleted piece.
  struct Candidate {
    uint32_t votes, d, i;
  };
  std::vector<Candidate> candidates;
  std::unordered_map<uint32_t, uint32_t> votes;
  const uint32_t min_votes = static_cast<uint32_t>(
      std::max(1, options.move_min_words - kShingleWords + 1) / 2 + 1);
  for (uint32_t i = 0; i < inserted.size(); ++i) {
    votes.clear();
    ForEachShingle(units.new_units, inserted[i].extent, [&](uint64_t hash) {
      auto found = places.find(hash);
      if (found == places.end() || found->second.size() > kMaxShinglePlaces) {
        return;
      }
      for (uint32_t d : found->second) ++votes[d];
    });
    for (const auto& [d, count] : votes) {
      // Text replaced where it stands is a rewrite, not a move.
      if (count >= min_votes && deleted[d].group != inserted[i].group) {
        candidates.push_back({count, d, i});
      }
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& x, const Candidate& y) {
              return x.votes != y.votes
                         ? x.votes > y.votes
                         : std::tie(x.d, x.i) < std::tie(y.d, y.i);
            });
  std::vector<uint8_t> old_taken(units.old_units.size(), 0);
  std::vector<uint8_t> new_taken(units.new_units.size(), 0);
  std::vector<Move> moves;
  for (const Candidate& c : candidates) {
    MovesBetween(units, options, deleted[c.d].extent, inserted[c.i].extent,
                 &old_taken, &new_taken, &moves);
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
  std::vector<Piece> deleted, inserted;
  uint32_t group = 0;
  for (size_t k = 0; k < ops->size(); ++k) {
    const UnitOp& op = (*ops)[k];
    if (op.kind == OpKind::kEqual) {
      ++group;
    } else if (op.kind == OpKind::kDelete) {
      deleted.push_back({{op.a_begin, op.a_end}, group});
    } else {
      inserted.push_back({{op.b_begin, op.b_end}, group});
    }
  }
  if (deleted.empty() || inserted.empty()) return;
  std::vector<Move> moves = FindAll(units, options, deleted, inserted);
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
