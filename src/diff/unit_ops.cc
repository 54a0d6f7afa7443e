#include "diff/unit_ops.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstring>
#include <span>
#include <unordered_map>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "diff/sequence_diff.h"
#include "util/parallel.h"

namespace redline {

namespace {

constexpr uint32_t kMaxIslandUnits = 3;
// An equal run of up to this many words between two changes each at least
// twice its size is read as part of one rewrite, as a lawyer's blackline
// shows it, not as confetti ("[-the red-] of {+a blue+}").
constexpr uint32_t kMaxIslandWords = 3;
// How far a change may slide each way: enough for any real repetition.
constexpr uint32_t kMaxSlide = 64;

// Slides each run of changed units of one side of a diff whose units are
// flagged in `pure` (the other side changes nothing at that place) to its
// best position.
void SlideSide(const Units& side, uint32_t begin, std::span<uint8_t> flags,
               const std::vector<uint8_t>& pure) {
  const uint32_t n = static_cast<uint32_t>(flags.size());
  uint32_t i = 0;
  while (i < n) {
    if (!flags[i] || !pure[i]) {
      ++i;
      continue;
    }
    uint32_t start = i, end = i;
    while (end < n && flags[end]) ++end;
    // How far the run [start, end) can move: the unit leaving one end must
    // equal the unit entering at the other, and that unit must be unchanged.
    uint32_t left = 0;
    while (left < kMaxSlide && start - left > 0 && !flags[start - left - 1] &&
           side.keys[begin + start - left - 1] ==
               side.keys[begin + end - left - 1]) {
      ++left;
    }
    uint32_t right = 0;
    while (right < kMaxSlide && end + right < n && !flags[end + right] &&
           side.keys[begin + end + right] == side.keys[begin + start + right]) {
      ++right;
    }
    if (left + right > 0) {
      int best_score = -1;
      uint32_t best_start = start;
      for (uint32_t s = start - left; s <= start + right; ++s) {
        const uint32_t e = s + (end - start);
        const int score = BoundaryScore(side.text, side.begin(begin + s)) +
                          BoundaryScore(side.text, side.begin(begin + e));
        if (score > best_score) {
          best_score = score;
          best_start = s;
        }
      }
      std::fill(flags.begin() + start, flags.begin() + end, 0);
      std::fill(flags.begin() + best_start,
                flags.begin() + best_start + (end - start), 1);
      end = std::max(end, best_start + (end - start));
    }
    i = end;
  }
}

UnitOp Run(OpKind kind, uint32_t a_begin, uint32_t a_end, uint32_t b_begin,
           uint32_t b_end) {
  UnitOp op;
  op.kind = kind;
  op.a_begin = a_begin;
  op.a_end = a_end;
  op.b_begin = b_begin;
  op.b_end = b_end;
  return op;
}

}  // namespace

std::vector<UnitOp> OpsFromFlags(std::span<const uint8_t> a_changed,
                                 std::span<const uint8_t> b_changed,
                                 uint32_t a_begin, uint32_t b_begin) {
  // Runs are long: find their ends with memchr rather than flag by flag.
  const auto next = [](std::span<const uint8_t> flags, uint32_t from,
                       uint8_t value) {
    if (from >= flags.size()) return static_cast<uint32_t>(flags.size());
    const void* found =
        std::memchr(flags.data() + from, value, flags.size() - from);
    return found == nullptr
               ? static_cast<uint32_t>(flags.size())
               : static_cast<uint32_t>(static_cast<const uint8_t*>(found) -
                                       flags.data());
  };
  std::vector<UnitOp> ops;
  const uint32_t n = static_cast<uint32_t>(a_changed.size());
  const uint32_t m = static_cast<uint32_t>(b_changed.size());
  uint32_t i = 0, j = 0;
  while (i < n || j < m) {
    const uint32_t i0 = i, j0 = j;
    if (i < n && a_changed[i]) {
      i = next(a_changed, i, 0);
      ops.push_back(Run(OpKind::kDelete, a_begin + i0, a_begin + i, b_begin + j,
                        b_begin + j));
    }
    if (j < m && b_changed[j]) {
      j = next(b_changed, j, 0);
      ops.push_back(Run(OpKind::kInsert, a_begin + i, a_begin + i, b_begin + j0,
                        b_begin + j));
    }
    if (i < n && j < m && !a_changed[i] && !b_changed[j]) {
      const uint32_t length =
          std::min(next(a_changed, i, 1) - i, next(b_changed, j, 1) - j);
      ops.push_back(Run(OpKind::kEqual, a_begin + i, a_begin + i + length,
                        b_begin + j, b_begin + j + length));
      i += length;
      j += length;
    }
    // Matched units pair up in order, so one of the above always moves on.
    assert(i != i0 || j != j0);
    if (i == i0 && j == j0) break;
  }
  return ops;
}

void RemoveIslands(const UnitPair& units, uint32_t a_begin, uint32_t b_begin,
                   std::span<uint8_t> a_changed, std::span<uint8_t> b_changed) {
  // Alternating equal runs and change groups, merged left to right in one
  // pass; a merge can make the change on its left large enough to swallow
  // the island before it, so merges cascade back.
  struct Segment {
    bool change;
    uint32_t a_begin, a_end, b_begin, b_end;
    uint32_t deleted, inserted;  // words, for a change
  };
  const auto qualifies = [&](const Segment& island, const Segment& left,
                             const Segment& right) {
    const uint32_t words = units.old_units.words(island.a_begin, island.a_end);
    if (words == 0) return island.a_end - island.a_begin <= kMaxIslandUnits;
    return words <= kMaxIslandWords &&
           2 * words <= std::max(left.deleted, left.inserted) &&
           2 * words <= std::max(right.deleted, right.inserted);
  };
  const auto absorb = [&](Segment* left, const Segment& island,
                          const Segment& right) {
    std::fill(a_changed.begin() + (island.a_begin - a_begin),
              a_changed.begin() + (island.a_end - a_begin), 1);
    std::fill(b_changed.begin() + (island.b_begin - b_begin),
              b_changed.begin() + (island.b_end - b_begin), 1);
    const uint32_t words = units.old_units.words(island.a_begin, island.a_end);
    left->a_end = right.a_end;
    left->b_end = right.b_end;
    left->deleted += words + right.deleted;
    left->inserted += words + right.inserted;
  };
  std::vector<Segment> stack;
  // Merges islands while the last three segments are a complete change
  // group, an equal run and a complete change group.
  const auto merge = [&]() {
    while (stack.size() >= 3 && stack[stack.size() - 1].change &&
           !stack[stack.size() - 2].change && stack[stack.size() - 3].change &&
           qualifies(stack[stack.size() - 2], stack[stack.size() - 3],
                     stack.back())) {
      const Segment right = stack.back();
      const Segment island = stack[stack.size() - 2];
      stack.resize(stack.size() - 2);
      absorb(&stack.back(), island, right);
    }
  };
  for (const UnitOp& op :
       OpsFromFlags(a_changed, b_changed, a_begin, b_begin)) {
    const Segment segment{op.kind != OpKind::kEqual,
                          op.a_begin,
                          op.a_end,
                          op.b_begin,
                          op.b_end,
                          units.old_units.words(op.a_begin, op.a_end),
                          units.new_units.words(op.b_begin, op.b_end)};
    if (!segment.change) {
      merge();  // the change group before this run is complete
      stack.push_back(segment);
    } else if (op.kind == OpKind::kInsert && !stack.empty() &&
               stack.back().change) {
      Segment& group = stack.back();  // the deletes of the same group
      group.b_end = segment.b_end;
      group.inserted += segment.inserted;
    } else {
      stack.push_back(segment);
    }
  }
  merge();
}

int BoundaryScore(std::string_view text, uint32_t offset) {
  if (offset == 0 || offset >= text.size()) return 10;
  const char before = text[offset - 1];
  if (before == '\n') {
    const std::string_view head = text.substr(0, offset - 1);
    const size_t last = head.find_last_not_of('\r');
    return last != std::string_view::npos && head[last] == '\n' ? 6 : 5;
  }
  if (IsAsciiSpace(before)) {
    const std::string_view head = text.substr(0, offset);
    const size_t last = head.find_last_not_of(" \t");
    if (last != std::string_view::npos &&
        (head[last] == '.' || head[last] == '!' || head[last] == '?' ||
         head[last] == ';' || head[last] == ':')) {
      return 4;
    }
    return 3;
  }
  if (IsAsciiSpace(text[offset])) return 2;
  const auto c = static_cast<unsigned char>(before);
  return c < 0x80 && std::ispunct(c) ? 1 : 0;
}

void SlideToBoundaries(const UnitPair& units, uint32_t a_begin,
                       uint32_t b_begin, std::span<uint8_t> a_changed,
                       std::span<uint8_t> b_changed) {
  // A change is pure when the other side changes nothing at that place:
  // only then can it slide without touching the other side.
  std::vector<uint8_t> a_pure(a_changed.size(), 0);
  std::vector<uint8_t> b_pure(b_changed.size(), 0);
  const std::vector<UnitOp> ops =
      OpsFromFlags(a_changed, b_changed, a_begin, b_begin);
  for (size_t k = 0; k < ops.size(); ++k) {
    const UnitOp& op = ops[k];
    if (op.kind == OpKind::kEqual) continue;
    const bool after_other = k > 0 && ops[k - 1].kind != OpKind::kEqual;
    const bool before_other =
        k + 1 < ops.size() && ops[k + 1].kind != OpKind::kEqual;
    if (after_other || before_other) continue;
    if (op.kind == OpKind::kDelete) {
      std::fill(a_pure.begin() + (op.a_begin - a_begin),
                a_pure.begin() + (op.a_end - a_begin), 1);
    } else {
      std::fill(b_pure.begin() + (op.b_begin - b_begin),
                b_pure.begin() + (op.b_end - b_begin), 1);
    }
  }
  SlideSide(units.old_units, a_begin, a_changed, a_pure);
  SlideSide(units.new_units, b_begin, b_changed, b_pure);
}

namespace {

// Below this many units a region is diffed word by word directly.
constexpr uint32_t kLineAnchorMin = 2000;

// The lines of units [begin, end): each ends after a unit holding a line
// break. Returns the first unit of each line, and `end` last.
std::vector<uint32_t> LineStarts(const Units& side, uint32_t begin,
                                 uint32_t end) {
  std::vector<uint32_t> starts = {begin};
  if (begin < end) {
    // Line breaks are sparse: find them in the bytes, then their units.
    const std::string_view text = side.text;
    const uint32_t last_byte = side.end(end - 1);
    uint32_t u = begin;
    for (uint32_t at = side.begin(begin); at < last_byte;) {
      const void* found = std::memchr(text.data() + at, '\n', last_byte - at);
      if (found == nullptr) break;
      const auto offset =
          static_cast<uint32_t>(static_cast<const char*>(found) - text.data());
      while (side.end(u) <= offset) ++u;
      if (u + 1 < end && starts.back() != u + 1) starts.push_back(u + 1);
      at = offset + 1;
    }
  }
  starts.push_back(end);
  return starts;
}

// Diffs old units [a0, a1) against new units [b0, b1) word by word, with
// flags starting at a_changed / b_changed.
void WordDiff(const UnitPair& units, SequenceDiffer* differ, uint32_t a0,
              uint32_t a1, uint32_t b0, uint32_t b1, uint8_t* a_changed,
              uint8_t* b_changed) {
  if (a0 == a1 || b0 == b1) return;
  // Weighed by words: an anchored line is one unit of many words.
  differ->Diff(
      std::span<const uint32_t>(units.old_units.keys).subspan(a0, a1 - a0),
      std::span<const uint32_t>(units.new_units.keys).subspan(b0, b1 - b0),
      a_changed, b_changed, DiffAlgorithm::kHistogram,
      std::span<const uint32_t>(units.old_units.words_before)
          .subspan(a0, a1 - a0 + 1));
}

// Diffs a region of units whose lines may be many: anchoring first on whole
// lines that are equal in both (most of a long text's paragraphs are
// untouched), then word by word between them. Much faster on long texts
// than a word diff of everything, and it keeps edits inside the paragraphs
// they belong to.
void DiffLines(const UnitPair& units, SequenceDiffer* differ, uint32_t a_begin,
               uint32_t a_end, uint32_t b_begin, uint32_t b_end,
               uint8_t* a_changed, uint8_t* b_changed) {
  const auto old_keys = std::span<const uint32_t>(units.old_units.keys);
  const auto new_keys = std::span<const uint32_t>(units.new_units.keys);
  auto word_diff = [&](uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) {
    WordDiff(units, differ, a0, a1, b0, b1, a_changed + (a0 - a_begin),
             b_changed + (b0 - b_begin));
  };
  if ((a_end - a_begin) + (b_end - b_begin) < kLineAnchorMin) {
    word_diff(a_begin, a_end, b_begin, b_end);
    return;
  }
  const std::vector<uint32_t> a_lines =
      LineStarts(units.old_units, a_begin, a_end);
  const std::vector<uint32_t> b_lines =
      LineStarts(units.new_units, b_begin, b_end);
  // A dense id per distinct line content (its keys, so options apply).
  std::unordered_map<uint64_t, uint32_t> ids;
  auto line_ids = [&](std::span<const uint32_t> keys,
                      const std::vector<uint32_t>& starts) {
    std::vector<uint32_t> out(starts.size() - 1);
    for (size_t l = 0; l + 1 < starts.size(); ++l) {
      const uint64_t hash =
          XXH3_64bits(keys.data() + starts[l], (starts[l + 1] - starts[l]) * 4);
      out[l] = ids.try_emplace(hash, static_cast<uint32_t>(ids.size()))
                   .first->second;
    }
    return out;
  };
  const std::vector<uint32_t> a_ids = line_ids(old_keys, a_lines);
  const std::vector<uint32_t> b_ids = line_ids(new_keys, b_lines);
  std::vector<uint8_t> a_line_changed(a_ids.size(), 1);
  std::vector<uint8_t> b_line_changed(b_ids.size(), 1);
  SequenceDiffer(static_cast<uint32_t>(ids.size()), 0)
      .Diff(a_ids, b_ids, a_line_changed.data(), b_line_changed.data());
  uint32_t la = 0, lb = 0;  // the next line of each side
  for (const UnitOp& op : OpsFromFlags(a_line_changed, b_line_changed, 0, 0)) {
    if (op.kind == OpKind::kEqual) {
      // Equal lines: equal keys, unless two lines' hashes collided.
      for (uint32_t k = 0; k < op.a_end - op.a_begin; ++k) {
        const uint32_t a0 = a_lines[op.a_begin + k],
                       a1 = a_lines[op.a_begin + k + 1];
        const uint32_t b0 = b_lines[op.b_begin + k],
                       b1 = b_lines[op.b_begin + k + 1];
        if (std::equal(old_keys.begin() + a0, old_keys.begin() + a1,
                       new_keys.begin() + b0, new_keys.begin() + b1)) {
          std::fill(a_changed + (a0 - a_begin), a_changed + (a1 - a_begin), 0);
          std::fill(b_changed + (b0 - b_begin), b_changed + (b1 - b_begin), 0);
        } else {
          word_diff(a0, a1, b0, b1);
        }
      }
      // Changed lines since the last equal ones: diff them word by word.
      word_diff(a_lines[la], a_lines[op.a_begin], b_lines[lb],
                b_lines[op.b_begin]);
      la = op.a_end;
      lb = op.b_end;
    }
  }
  word_diff(a_lines[la], a_end, b_lines[lb], b_end);
}

// The byte-equal lines k (line_units) that lie inside the region on both
// sides: [first, last).
std::pair<uint32_t, uint32_t> LinesIn(const UnitPair& units, uint32_t a_begin,
                                      uint32_t a_end, uint32_t b_begin,
                                      uint32_t b_end) {
  const auto in = [](const std::vector<uint32_t>& lines, uint32_t begin,
                     uint32_t end) {
    const auto first = std::lower_bound(lines.begin(), lines.end(), begin);
    const auto last = std::lower_bound(first, lines.end(), end);
    return std::pair<uint32_t, uint32_t>(
        static_cast<uint32_t>(first - lines.begin()),
        static_cast<uint32_t>(last - lines.begin()));
  };
  const auto [a_first, a_last] = in(units.old_units.line_units, a_begin, a_end);
  const auto [b_first, b_last] = in(units.new_units.line_units, b_begin, b_end);
  return {std::max(a_first, b_first), std::min(a_last, b_last)};
}

// Diffs a region of units: the byte-equal lines in it that both sides hold
// (single units, in the same order on both) are matched first, as git
// matches equal lines before it diffs words, and the stretches between
// them are diffed line by line where long, else word by word.
void DiffRegion(const UnitPair& units, SequenceDiffer* differ, uint32_t a_begin,
                uint32_t a_end, uint32_t b_begin, uint32_t b_end,
                uint8_t* a_changed, uint8_t* b_changed) {
  const std::vector<uint32_t>& a_lines = units.old_units.line_units;
  const std::vector<uint32_t>& b_lines = units.new_units.line_units;
  const auto [first, last] = LinesIn(units, a_begin, a_end, b_begin, b_end);
  uint32_t a = a_begin, b = b_begin;  // where the next stretch starts
  for (uint32_t k = first; k < last; ++k) {
    DiffLines(units, differ, a, a_lines[k], b, b_lines[k],
              a_changed + (a - a_begin), b_changed + (b - b_begin));
    a_changed[a_lines[k] - a_begin] = 0;
    b_changed[b_lines[k] - b_begin] = 0;
    a = a_lines[k] + 1;
    b = b_lines[k] + 1;
  }
  DiffLines(units, differ, a, a_end, b, b_end, a_changed + (a - a_begin),
            b_changed + (b - b_begin));
}

// Below this many units on both sides together, one thread diffs a region.
constexpr uint32_t kParallelMinUnits = 1 << 16;
// How many byte-equal lines on each side of the middle one may be tried as
// the place to split a region.
constexpr uint32_t kMaxSplitTries = 64;
constexpr uint32_t kNoLine = UINT32_MAX;

// Diffs old units [a_begin, a_end) against new units [b_begin, b_end), their
// flags being a_changed / b_changed, and cleans the result up.
void DiffAndClean(const UnitPair& units, uint64_t max_cost, uint32_t a_begin,
                  uint32_t a_end, uint32_t b_begin, uint32_t b_end,
                  std::span<uint8_t> a_changed, std::span<uint8_t> b_changed) {
  SequenceDiffer differ(units.key_limit, max_cost);
  DiffRegion(units, &differ, a_begin, a_end, b_begin, b_end, a_changed.data(),
             b_changed.data());
  RemoveIslands(units, a_begin, b_begin, a_changed, b_changed);
  SlideToBoundaries(units, a_begin, b_begin, a_changed, b_changed);
}

// A byte-equal line near the middle of the region that both sides hold,
// with more words than an island may have: nothing DiffAndClean does
// reaches across it (it is matched first, no change slides over a unit
// that is unique, and it is never absorbed), so the two sides of it can be
// diffed apart. Its k, or kNoLine.
uint32_t SplittingLine(const UnitPair& units, uint32_t a_begin, uint32_t a_end,
                       uint32_t b_begin, uint32_t b_end) {
  const std::pair<uint32_t, uint32_t> lines =
      LinesIn(units, a_begin, a_end, b_begin, b_end);
  const uint32_t first = lines.first, last = lines.second;
  if (first == last) return kNoLine;
  const std::vector<uint32_t>& a_lines = units.old_units.line_units;
  const uint32_t middle = static_cast<uint32_t>(
      std::lower_bound(a_lines.begin() + first, a_lines.begin() + last,
                       a_begin + (a_end - a_begin) / 2) -
      a_lines.begin());
  const auto splits = [&](uint32_t k) {
    return k >= first && k < last &&
           units.old_units.words(a_lines[k], a_lines[k] + 1) > kMaxIslandWords;
  };
  for (uint32_t step = 0; step < kMaxSplitTries; ++step) {
    if (splits(middle + step)) return middle + step;
    if (step <= middle && splits(middle - step)) return middle - step;
  }
  return kNoLine;
}

}  // namespace

std::vector<UnitOp> DiffUnits(const UnitPair& units, const DiffOptions& options,
                              uint32_t a_begin, uint32_t a_end,
                              uint32_t b_begin, uint32_t b_end) {
  std::vector<uint8_t> a_changed(a_end - a_begin, 1);
  std::vector<uint8_t> b_changed(b_end - b_begin, 1);
  const uint32_t k = (a_end - a_begin) + (b_end - b_begin) < kParallelMinUnits
                         ? kNoLine
                         : SplittingLine(units, a_begin, a_end, b_begin, b_end);
  if (k == kNoLine) {
    DiffAndClean(units, options.max_cost, a_begin, a_end, b_begin, b_end,
                 a_changed, b_changed);
  } else {
    // Long texts: the two sides of a line in the middle on two threads, each
    // with half the Myers budget.
    const uint32_t a_line = units.old_units.line_units[k];
    const uint32_t b_line = units.new_units.line_units[k];
    const std::span<uint8_t> a_flags(a_changed);
    const std::span<uint8_t> b_flags(b_changed);
    a_flags[a_line - a_begin] = 0;
    b_flags[b_line - b_begin] = 0;
    RunInParallel(
        [&] {
          DiffAndClean(units, options.max_cost / 2, a_line + 1, a_end,
                       b_line + 1, b_end, a_flags.subspan(a_line + 1 - a_begin),
                       b_flags.subspan(b_line + 1 - b_begin));
        },
        [&] {
          DiffAndClean(units, options.max_cost - options.max_cost / 2, a_begin,
                       a_line, b_begin, b_line, a_flags.first(a_line - a_begin),
                       b_flags.first(b_line - b_begin));
        });
  }
  return OpsFromFlags(a_changed, b_changed, a_begin, b_begin);
}

}  // namespace redline
