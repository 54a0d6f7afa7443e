#include "diff/line_anchors.h"

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
  for (const UnitOp& op : OpsFromFlags(a_changed, b_changed, 0, 0)) {
    if (op.kind != OpKind::kEqual) continue;
    for (uint32_t k = 0; k < op.a_end - op.a_begin; ++k) {
      const uint32_t la = op.a_begin + k, lb = op.b_begin + k;
      const uint32_t begin = old_lines.starts[la],
                     end = old_lines.starts[la + 1];
      const uint32_t new_begin = new_lines.starts[lb];
      const uint32_t length = end - begin;
      // Equal hashes: equal bytes, unless two lines collided.
      if (length < kMinAnchorLineBytes ||
          new_lines.starts[lb + 1] - new_begin != length ||
          std::memcmp(old_text.data() + begin, new_text.data() + new_begin,
                      length) != 0) {
        continue;
      }
      anchors.old_begin.push_back(begin);
      anchors.old_end.push_back(end);
      anchors.new_begin.push_back(new_begin);
    }
  }
  return anchors;
}

}  // namespace redline
