#include "diff/line_anchors.h"

#include <algorithm>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "diff/sequence_diff.h"
#include "diff/unit_ops.h"
#include "util/parallel.h"

namespace redline {

namespace {

// Below this, hashing the new text's lines on a second thread costs more
// than it saves.
constexpr size_t kParallelMinBytes = 256 << 10;
// Bytes left to the word diff on each side of a changed line's changes.
constexpr uint32_t kTrimMargin = 64;

struct Lines {
  std::vector<uint32_t> starts;  // the first byte of each line, then size
  std::vector<uint64_t> hashes;

  uint32_t count() const { return static_cast<uint32_t>(hashes.size()); }
};

Lines SplitLines(std::string_view text) {
  Lines lines;
  lines.starts.reserve(text.size() / 48 + 2);
  lines.hashes.reserve(text.size() / 48 + 1);
  size_t at = 0;
  while (at < text.size()) {
    const void* found = std::memchr(text.data() + at, '\n', text.size() - at);
    const size_t end = found == nullptr
                           ? text.size()
                           : static_cast<const char*>(found) - text.data() + 1;
    lines.starts.push_back(static_cast<uint32_t>(at));
    lines.hashes.push_back(XXH3_64bits(text.data() + at, end - at));
    at = end;
  }
  lines.starts.push_back(static_cast<uint32_t>(text.size()));
  return lines;
}

// How many bytes a[0, n) and b[0, n) have in common at their start: eight
// at a time.
uint32_t CommonPrefix(const char* a, const char* b, uint32_t n) {
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x = 0, y = 0;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) break;
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// How many bytes the n bytes before a_end and before b_end have in common
// at their end.
uint32_t CommonSuffix(const char* a_end, const char* b_end, uint32_t n) {
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x = 0, y = 0;
    std::memcpy(&x, a_end - i - 8, 8);
    std::memcpy(&y, b_end - i - 8, 8);
    if (x != y) break;
  }
  while (i < n && a_end[-1 - static_cast<int64_t>(i)] ==
                      b_end[-1 - static_cast<int64_t>(i)]) {
    ++i;
  }
  return i;
}

// Where a changed stretch may be cut: after an ASCII space and before a
// Latin or Cyrillic letter, a word boundary however the text around it
// reads, so that tokenizing either side of the cut alone gives the tokens
// the whole text gives there.
bool IsCut(std::string_view text, size_t at) {
  if (at == 0 || at >= text.size() || text[at - 1] != ' ') return false;
  const auto c = static_cast<unsigned char>(text[at]);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0xD0 ||
         c == 0xD1;  // U+0400..U+047F, all letters
}

// Anchors the start and the end that a changed old line [o0, o1) and new
// line [n0, n1) have in common, each up to a cut kTrimMargin bytes or more
// from the first and the last difference, when at least kMinAnchorLineBytes
// long and when together they are at least half the longer line: a
// reworded paragraph is tokenized only around its changes. The margin
// leaves the word diff's cleanup room to slide a change to a better
// boundary.
template <typename Add>
void TrimChanged(std::string_view old_text, uint32_t o0, uint32_t o1,
                 std::string_view new_text, uint32_t n0, uint32_t n1,
                 const Add& add) {
  const uint32_t shorter = std::min(o1 - o0, n1 - n0);
  const uint32_t prefix =
      CommonPrefix(old_text.data() + o0, new_text.data() + n0, shorter);
  const uint32_t suffix = CommonSuffix(old_text.data() + o1,
                                       new_text.data() + n1, shorter - prefix);
  // Lines that only share a stock phrase at an end are not one line
  // reworded: the word diff may pair them otherwise.
  if (2 * (prefix + suffix) < std::max(o1 - o0, n1 - n0)) return;
  if (prefix > kTrimMargin) {
    uint32_t cut = o0 + prefix - kTrimMargin;
    while (cut > o0 && !IsCut(old_text, cut)) --cut;
    if (cut - o0 >= kMinAnchorLineBytes) add(o0, cut, n0);
  }
  if (suffix > kTrimMargin) {
    uint32_t cut = o1 - suffix + kTrimMargin;
    while (cut < o1 && !IsCut(old_text, cut)) ++cut;
    if (o1 - cut >= kMinAnchorLineBytes) add(cut, o1, n1 - (o1 - cut));
  }
}

}  // namespace

LineAnchors AnchorLines(std::string_view old_text, std::string_view new_text) {
  Lines old_lines, new_lines;
  if (old_text.size() + new_text.size() < kParallelMinBytes) {
    old_lines = SplitLines(old_text);
    new_lines = SplitLines(new_text);
  } else {
    RunInParallel([&] { new_lines = SplitLines(new_text); },
                  [&] { old_lines = SplitLines(old_text); });
  }
  // A dense id per distinct line hash, as the sequence diff wants.
  boost::unordered_flat_map<uint64_t, uint32_t> ids;
  ids.reserve(old_lines.count() + new_lines.count());
  const auto to_ids = [&ids](const Lines& lines) {
    std::vector<uint32_t> out(lines.count());
    for (uint32_t l = 0; l < lines.count(); ++l) {
      out[l] =
          ids.try_emplace(lines.hashes[l], static_cast<uint32_t>(ids.size()))
              .first->second;
    }
    return out;
  };
  const std::vector<uint32_t> a = to_ids(old_lines);
  const std::vector<uint32_t> b = to_ids(new_lines);
  std::vector<uint8_t> a_changed(a.size(), 1);
  std::vector<uint8_t> b_changed(b.size(), 1);
  SequenceDiffer(static_cast<uint32_t>(ids.size()), 0)
      .Diff(a, b, a_changed.data(), b_changed.data());

  LineAnchors anchors;
  const auto add = [&anchors](uint32_t begin, uint32_t end,
                              uint32_t new_begin) {
    anchors.old_begin.push_back(begin);
    anchors.old_end.push_back(end);
    anchors.new_begin.push_back(new_begin);
  };
  // The changed lines since the last equal ones, a line against a line,
  // where their numbers agree (reworded paragraphs). Where they do not
  // (a point added, removed, split or merged), the word diff pairs them.
  const auto trim_changed = [&](uint32_t la0, uint32_t la1, uint32_t lb0,
                                uint32_t lb1) {
    if (la1 - la0 != lb1 - lb0) return;
    for (uint32_t k = 0; k < la1 - la0; ++k) {
      TrimChanged(old_text, old_lines.starts[la0 + k],
                  old_lines.starts[la0 + k + 1], new_text,
                  new_lines.starts[lb0 + k], new_lines.starts[lb0 + k + 1],
                  add);
    }
  };
  uint32_t la = 0, lb = 0;  // the first line of each side not yet done
  for (const UnitOp& op : OpsFromFlags(a_changed, b_changed, 0, 0)) {
    if (op.kind != OpKind::kEqual) continue;
    trim_changed(la, op.a_begin, lb, op.b_begin);
    la = op.a_end;
    lb = op.b_end;
    for (uint32_t k = 0; k < op.a_end - op.a_begin; ++k) {
      const uint32_t line_a = op.a_begin + k, line_b = op.b_begin + k;
      const uint32_t begin = old_lines.starts[line_a],
                     end = old_lines.starts[line_a + 1];
      const uint32_t new_begin = new_lines.starts[line_b];
      const uint32_t length = end - begin;
      // Equal hashes: equal bytes, unless two lines collided.
      if (length < kMinAnchorLineBytes ||
          new_lines.starts[line_b + 1] - new_begin != length ||
          std::memcmp(old_text.data() + begin, new_text.data() + new_begin,
                      length) != 0) {
        continue;
      }
      add(begin, end, new_begin);
    }
  }
  trim_changed(la, old_lines.count(), lb, new_lines.count());
  return anchors;
}

}  // namespace redline
