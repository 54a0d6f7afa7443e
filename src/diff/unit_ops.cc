#include "diff/unit_ops.h"

#include <algorithm>
#include <cctype>
#include <span>

#include "diff/sequence_diff.h"

namespace redline {

namespace {

constexpr uint32_t kMaxIslandUnits = 3;
// An equal run of up to this many words between two changes each at least
// twice its size is read as part of one rewrite, as a lawyer's blackline
// shows it, not as confetti ("[-the red-] of {+a blue+}").
constexpr uint32_t kMaxIslandWords = 3;
// How far a change may slide each way: enough for any real repetition.
constexpr uint32_t kMaxSlide = 64;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Slides each run of changed units of one side of a diff whose units are
// flagged in `pure` (the other side changes nothing at that place) to its
// best position.
void SlideSide(const Units& side, uint32_t begin, std::vector<uint8_t>* changed,
               const std::vector<uint8_t>& pure) {
  std::vector<uint8_t>& flags = *changed;
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

std::vector<UnitOp> OpsFromFlags(const std::vector<uint8_t>& a_changed,
                                 const std::vector<uint8_t>& b_changed,
                                 uint32_t a_begin, uint32_t b_begin) {
  std::vector<UnitOp> ops;
  const uint32_t n = static_cast<uint32_t>(a_changed.size());
  const uint32_t m = static_cast<uint32_t>(b_changed.size());
  uint32_t i = 0, j = 0;
  while (i < n || j < m) {
    const uint32_t i0 = i, j0 = j;
    while (i < n && a_changed[i]) ++i;
    if (i > i0) {
      ops.push_back(Run(OpKind::kDelete, a_begin + i0, a_begin + i, b_begin + j,
                        b_begin + j));
    }
    while (j < m && b_changed[j]) ++j;
    if (j > j0) {
      ops.push_back(Run(OpKind::kInsert, a_begin + i, a_begin + i, b_begin + j0,
                        b_begin + j));
    }
    const uint32_t i1 = i, j1 = j;
    while (i < n && j < m && !a_changed[i] && !b_changed[j]) {
      ++i;
      ++j;
    }
    if (i > i1) {
      ops.push_back(Run(OpKind::kEqual, a_begin + i1, a_begin + i, b_begin + j1,
                        b_begin + j));
    }
  }
  return ops;
}

void RemoveIslands(const UnitPair& units, uint32_t a_begin, uint32_t b_begin,
                   std::vector<uint8_t>* a_changed,
                   std::vector<uint8_t>* b_changed) {
  const auto words_in = [](const Units& side, uint32_t from, uint32_t to) {
    uint32_t words = 0;
    for (uint32_t u = from; u < to; ++u) words += HasWord(side, u) ? 1 : 0;
    return words;
  };
  // The words a change group (deletes and inserts between two equal runs)
  // rewrites: the larger of its two sides.
  const auto group_words = [&](const std::vector<UnitOp>& ops, size_t first,
                               size_t last) {
    uint32_t deleted = 0, inserted = 0;
    for (size_t k = first; k <= last; ++k) {
      deleted += words_in(units.old_units, ops[k].a_begin, ops[k].a_end);
      inserted += words_in(units.new_units, ops[k].b_begin, ops[k].b_end);
    }
    return std::max(deleted, inserted);
  };
  // Merging can make a change large enough to swallow the next island, so
  // repeat until nothing changes (a few passes on real text).
  for (bool merged = true; merged;) {
    merged = false;
    const std::vector<UnitOp> ops =
        OpsFromFlags(*a_changed, *b_changed, a_begin, b_begin);
    for (size_t k = 1; k + 1 < ops.size(); ++k) {
      const UnitOp& op = ops[k];
      if (op.kind != OpKind::kEqual || ops[k - 1].kind == OpKind::kEqual ||
          ops[k + 1].kind == OpKind::kEqual) {
        continue;
      }
      const uint32_t length = op.a_end - op.a_begin;
      const uint32_t words = words_in(units.old_units, op.a_begin, op.a_end);
      bool merge = words == 0 && length <= kMaxIslandUnits;
      if (!merge && words <= kMaxIslandWords) {
        size_t first = k - 1, last = k + 1;
        while (first > 0 && ops[first - 1].kind != OpKind::kEqual) --first;
        while (last + 1 < ops.size() && ops[last + 1].kind != OpKind::kEqual) {
          ++last;
        }
        merge = 2 * words <= group_words(ops, first, k - 1) &&
                2 * words <= group_words(ops, k + 1, last);
      }
      if (!merge) continue;
      std::fill_n(a_changed->begin() + (op.a_begin - a_begin), length, 1);
      std::fill_n(b_changed->begin() + (op.b_begin - b_begin), length, 1);
      merged = true;
    }
  }
}

int BoundaryScore(std::string_view text, uint32_t offset) {
  if (offset == 0 || offset >= text.size()) return 10;
  const char before = text[offset - 1];
  if (before == '\n') {
    const std::string_view head = text.substr(0, offset - 1);
    const size_t last = head.find_last_not_of('\r');
    return last != std::string_view::npos && head[last] == '\n' ? 6 : 5;
  }
  if (IsSpace(before)) {
    const std::string_view head = text.substr(0, offset);
    const size_t last = head.find_last_not_of(" \t");
    if (last != std::string_view::npos &&
        (head[last] == '.' || head[last] == '!' || head[last] == '?' ||
         head[last] == ';' || head[last] == ':')) {
      return 4;
    }
    return 3;
  }
  if (IsSpace(text[offset])) return 2;
  const auto c = static_cast<unsigned char>(before);
  return c < 0x80 && std::ispunct(c) ? 1 : 0;
}

void SlideToBoundaries(const UnitPair& units, uint32_t a_begin,
                       uint32_t b_begin, std::vector<uint8_t>* a_changed,
                       std::vector<uint8_t>* b_changed) {
  // A change is pure when the other side changes nothing at that place:
  // only then can it slide without touching the other side.
  std::vector<uint8_t> a_pure(a_changed->size(), 0);
  std::vector<uint8_t> b_pure(b_changed->size(), 0);
  const std::vector<UnitOp> ops =
      OpsFromFlags(*a_changed, *b_changed, a_begin, b_begin);
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

std::vector<UnitOp> DiffUnits(const UnitPair& units, const DiffOptions& options,
                              uint32_t a_begin, uint32_t a_end,
                              uint32_t b_begin, uint32_t b_end) {
  std::vector<uint8_t> a_changed(a_end - a_begin, 1);
  std::vector<uint8_t> b_changed(b_end - b_begin, 1);
  DiffSequences(std::span<const uint32_t>(units.old_units.keys)
                    .subspan(a_begin, a_end - a_begin),
                std::span<const uint32_t>(units.new_units.keys)
                    .subspan(b_begin, b_end - b_begin),
                units.key_limit, options.max_cost, &a_changed, &b_changed);
  RemoveIslands(units, a_begin, b_begin, &a_changed, &b_changed);
  SlideToBoundaries(units, a_begin, b_begin, &a_changed, &b_changed);
  return OpsFromFlags(a_changed, b_changed, a_begin, b_begin);
}

}  // namespace redline
