// The core of the redline: which elements of two integer sequences form a
// long common subsequence. Private to src/diff.

#ifndef REDLINE_DIFF_SEQUENCE_DIFF_H_
#define REDLINE_DIFF_SEQUENCE_DIFF_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace redline {

// Finds a common subsequence of `a` and `b` and clears the flags of its
// elements: on return, a_changed[i] is 1 exactly when a[i] is deleted and
// b_changed[j] is 1 exactly when b[j] is inserted.
//
// Histogram diff: common prefix and suffix are matched first; then, in the
// rest, the longest run of equal elements anchored on the rarest element of
// `a` that `b` also has (at most 64 occurrences) is matched and both sides
// of it are diffed the same way. A region with no such anchor is diffed by
// Myers' algorithm in linear space, unless that costs more than `max_cost`
// diagonals, in which case it is left as all changed.
//
// kMyers skips the histogram anchoring: a minimal diff (within the cost
// budget), slower on long texts; for tests and comparisons.
enum class DiffAlgorithm { kHistogram, kMyers };

// Reusable: keeps its scratch space (proportional to key_limit) and one cost
// budget across many diffs of parts of the same texts. Not thread-safe.
class SequenceDiffer {
 public:
  // Every key diffed must be < key_limit. `max_cost` bounds the Myers work
  // over all calls to Diff together.
  SequenceDiffer(uint32_t key_limit, uint64_t max_cost);
  ~SequenceDiffer();
  SequenceDiffer(const SequenceDiffer&) = delete;
  SequenceDiffer& operator=(const SequenceDiffer&) = delete;

  // As DiffSequences, on flags a_changed[0, a.size()) and
  // b_changed[0, b.size()), all set to 1 on entry. When given,
  // a_weight_before[i] is the total weight of a[0, i) (size a.size() + 1):
  // the histogram anchoring then prefers, among equally rare anchors, the
  // run of greatest weight rather than of most elements (an element may
  // stand for a whole line).
  void Diff(std::span<const uint32_t> a, std::span<const uint32_t> b,
            uint8_t* a_changed, uint8_t* b_changed,
            DiffAlgorithm algorithm = DiffAlgorithm::kHistogram,
            std::span<const uint32_t> a_weight_before = {});

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// REQUIRES: every key < key_limit; a_changed->size() == a.size() and
// b_changed->size() == b.size(), all set to 1.
void DiffSequences(std::span<const uint32_t> a, std::span<const uint32_t> b,
                   uint32_t key_limit, uint64_t max_cost,
                   std::vector<uint8_t>* a_changed,
                   std::vector<uint8_t>* b_changed,
                   DiffAlgorithm algorithm = DiffAlgorithm::kHistogram);

}  // namespace redline

#endif  // REDLINE_DIFF_SEQUENCE_DIFF_H_
