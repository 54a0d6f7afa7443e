#include "diff/moves.h"

#include <algorithm>
#include <boost/unordered/unordered_flat_map.hpp>
#include <span>
#include <tuple>

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
    f(hash, u);
  }
}

// Where a move may be: windows of a deleted and an inserted piece around a
// cluster of shingles they share.
struct Candidate {
  uint32_t votes;
  uint32_t d, i;  // pieces
  Extent old_window, new_window;
};

// Shingle hits further apart than this (in units) belong to two clusters.
constexpr uint32_t kMaxHitGap = 48;
// Units added around a cluster, for the move's edges and edits.
constexpr uint32_t kWindowMargin = 32;

class MoveFinder {
 public:
  MoveFinder(const UnitPair& units, const DiffOptions& options)
      : units_(units),
        options_(options),
        // Two extra keys mark taken units, one per side, so they never match.
        differ_(units.key_limit + 2, options.max_cost >> 6),
        old_taken_(units.old_units.size(), 0),
        new_taken_(units.new_units.size(), 0) {}

  // Diffs the windows of a candidate, appends the moves found to *moves and
  // marks their units taken.
  void Try(const Candidate& c, const Extent& deleted, const Extent& inserted,
           std::vector<Move>* moves);

 private:
  bool TakenBetween(const std::vector<uint8_t>& taken, uint32_t from,
                    uint32_t to) const {
    return std::find(taken.begin() + from, taken.begin() + to, 1) !=
           taken.begin() + to;
  }

  // The words of `extent` that no move has taken.
  static uint32_t FreeWords(const Units& side,
                            const std::vector<uint8_t>& taken,
                            const Extent& extent) {
    uint32_t words = 0;
    for (uint32_t u = extent.begin; u < extent.end; ++u) {
      words += !taken[u] && side.is_word(u) ? 1 : 0;
    }
    return words;
  }

  const UnitPair& units_;
  const DiffOptions& options_;
  SequenceDiffer differ_;
  std::vector<uint8_t> old_taken_, new_taken_;
  std::vector<uint32_t> a_, b_;
  std::vector<uint8_t> a_changed_, b_changed_;
};

void MoveFinder::Try(const Candidate& c, const Extent& deleted,
                     const Extent& inserted, std::vector<Move>* moves) {
  const Extent& ow = c.old_window;
  const Extent& nw = c.new_window;
  // A move needs move_min_words matched words that no other move took, on
  // both sides: most late candidates lie where earlier ones took the text.
  const uint32_t min_words = static_cast<uint32_t>(options_.move_min_words);
  if (FreeWords(units_.old_units, old_taken_, ow) < min_words ||
      FreeWords(units_.new_units, new_taken_, nw) < min_words) {
    return;
  }
  a_.assign(units_.old_units.keys.begin() + ow.begin,
            units_.old_units.keys.begin() + ow.end);
  b_.assign(units_.new_units.keys.begin() + nw.begin,
            units_.new_units.keys.begin() + nw.end);
  for (uint32_t x = 0; x < a_.size(); ++x) {
    if (old_taken_[ow.begin + x]) a_[x] = units_.key_limit;
  }
  for (uint32_t y = 0; y < b_.size(); ++y) {
    if (new_taken_[nw.begin + y]) b_[y] = units_.key_limit + 1;
  }
  a_changed_.assign(a_.size(), 1);
  b_changed_.assign(b_.size(), 1);
  // Moves show in rare words they share; the Myers budget for the regions
  // between them is small and shared by all candidates.
  differ_.Diff(a_, b_, a_changed_.data(), b_changed_.data());

  // Matched stretches separated by a few unmatched words are one move with
  // inner edits; a long gap, or one holding text another move took, starts
  // another.
  struct Group {
    Extent old_extent, new_extent;
    uint32_t matched_words = 0;
  };
  std::vector<Group> groups;
  size_t p = 0, q = 0;
  while (p < a_.size() && q < b_.size()) {
    if (a_changed_[p]) {
      ++p;
      continue;
    }
    if (b_changed_[q]) {
      ++q;
      continue;
    }
    const uint32_t u = ow.begin + static_cast<uint32_t>(p);
    const uint32_t v = nw.begin + static_cast<uint32_t>(q);
    if (groups.empty() ||
        units_.old_units.words(groups.back().old_extent.end, u) >
            kMaxGapWords ||
        units_.new_units.words(groups.back().new_extent.end, v) >
            kMaxGapWords ||
        TakenBetween(old_taken_, groups.back().old_extent.end, u) ||
        TakenBetween(new_taken_, groups.back().new_extent.end, v)) {
      groups.push_back({{u, u + 1}, {v, v + 1}, 0});
    }
    Group& group = groups.back();
    group.old_extent.end = u + 1;
    group.new_extent.end = v + 1;
    group.matched_words += units_.old_units.is_word(u) ? 1 : 0;
    ++p;
    ++q;
  }
  for (const Group& group : groups) {
    if (group.matched_words < min_words) continue;
    Extent old_extent = group.old_extent, new_extent = group.new_extent;
    AbsorbEdges(units_.old_units, deleted, old_taken_, &old_extent);
    AbsorbEdges(units_.new_units, inserted, new_taken_, &new_extent);
    SnapToLines(units_.old_units, min_words, &old_extent);
    SnapToLines(units_.new_units, min_words, &new_extent);
    const uint32_t words =
        units_.old_units.words(old_extent.begin, old_extent.end) +
        units_.new_units.words(new_extent.begin, new_extent.end);
    if (2.0 * group.matched_words < options_.move_min_similarity * words) {
      continue;
    }
    // An earlier group of this pair may have absorbed this one's edges.
    if (TakenBetween(old_taken_, old_extent.begin, old_extent.end) ||
        TakenBetween(new_taken_, new_extent.begin, new_extent.end)) {
      continue;
    }
    std::fill(old_taken_.begin() + old_extent.begin,
              old_taken_.begin() + old_extent.end, 1);
    std::fill(new_taken_.begin() + new_extent.begin,
              new_taken_.begin() + new_extent.end, 1);
    moves->push_back({old_extent, new_extent});
  }
}

// Finds the moves among the deleted and inserted pieces: where an inserted
// piece shares a cluster of rare three-word shingles with a deleted piece,
// the windows around the cluster are diffed, the most promising first, in
// any order of the texts (moves may cross). The work is proportional to the
// shared text, so unrelated texts cost little.
std::vector<Move> FindAll(const UnitPair& units, const DiffOptions& options,
                          const std::vector<Piece>& deleted,
                          const std::vector<Piece>& inserted) {
  // The places of each shingle of the deleted text, in text order: a chain
  // through `places` per shingle, kept to kMaxShinglePlaces + 1 (more is
  // boilerplate), without an allocation per shingle.
  struct Place {
    uint32_t d, unit;
    uint32_t next;  // the shingle's next place, or kEnd
  };
  struct Chain {
    uint32_t first, last, count;
  };
  constexpr uint32_t kEnd = UINT32_MAX;
  std::vector<Place> places;
  boost::unordered_flat_map<uint64_t, Chain> chains;
  for (uint32_t d = 0; d < deleted.size(); ++d) {
    ForEachShingle(
        units.old_units, deleted[d].extent, [&](uint64_t hash, uint32_t u) {
          const auto index = static_cast<uint32_t>(places.size());
          auto [it, added] = chains.try_emplace(hash, Chain{index, index, 0});
          Chain& chain = it->second;
          if (chain.count > kMaxShinglePlaces) return;
          if (!added) places[chain.last].next = index;
          chain.last = index;
          ++chain.count;
          places.push_back({d, u, kEnd});
        });
  }
  const uint32_t min_votes = static_cast<uint32_t>(
      std::max(1, options.move_min_words - kShingleWords + 1) / 2 + 1);
  std::vector<Candidate> candidates;
  struct Hit {
    uint32_t d, old_unit, new_unit;
  };
  std::vector<Hit> hits;
  for (uint32_t i = 0; i < inserted.size(); ++i) {
    hits.clear();
    ForEachShingle(units.new_units, inserted[i].extent,
                   [&](uint64_t hash, uint32_t v) {
                     const auto found = chains.find(hash);
                     if (found == chains.end() ||
                         found->second.count > kMaxShinglePlaces) {
                       return;
                     }
                     for (uint32_t at = found->second.first; at != kEnd;
                          at = places[at].next) {
                       const Place& place = places[at];
                       // Text replaced where it stands is a rewrite.
                       if (deleted[place.d].group == inserted[i].group)
                         continue;
                       hits.push_back({place.d, place.unit, v});
                     }
                   });
    std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
      return std::tie(x.d, x.old_unit) < std::tie(y.d, y.old_unit);
    });
    for (size_t h = 0; h < hits.size();) {
      // A cluster: hits in one deleted piece, close together on both sides.
      size_t end = h + 1;
      uint32_t new_low = hits[h].new_unit, new_high = hits[h].new_unit;
      while (end < hits.size() && hits[end].d == hits[h].d &&
             hits[end].old_unit - hits[end - 1].old_unit <= kMaxHitGap &&
             hits[end].new_unit + kMaxHitGap >= new_low &&
             hits[end].new_unit <= new_high + kMaxHitGap) {
        new_low = std::min(new_low, hits[end].new_unit);
        new_high = std::max(new_high, hits[end].new_unit);
        ++end;
      }
      if (end - h >= min_votes) {
        const Extent& dp = deleted[hits[h].d].extent;
        const Extent& ip = inserted[i].extent;
        Candidate c;
        c.votes = static_cast<uint32_t>(end - h);
        c.d = hits[h].d;
        c.i = i;
        c.old_window = {
            std::max(dp.begin, hits[h].old_unit > kWindowMargin
                                   ? hits[h].old_unit - kWindowMargin
                                   : 0),
            std::min(dp.end, hits[end - 1].old_unit + kWindowMargin)};
        c.new_window = {
            std::max(ip.begin,
                     new_low > kWindowMargin ? new_low - kWindowMargin : 0),
            std::min(ip.end, new_high + kWindowMargin)};
        candidates.push_back(c);
      }
      h = end;
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& x, const Candidate& y) {
              return x.votes != y.votes
                         ? x.votes > y.votes
                         : std::tie(x.d, x.i, x.old_window.begin) <
                               std::tie(y.d, y.i, y.old_window.begin);
            });
  MoveFinder finder(units, options);
  std::vector<Move> moves;
  for (const Candidate& c : candidates) {
    finder.Try(c, deleted[c.d].extent, inserted[c.i].extent, &moves);
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
