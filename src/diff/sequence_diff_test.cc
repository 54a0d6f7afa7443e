#include "diff/sequence_diff.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace redline {
namespace {

struct Flags {
  std::vector<uint8_t> a, b;
};

Flags Diff(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
           DiffAlgorithm algorithm = DiffAlgorithm::kHistogram,
           uint64_t max_cost = uint64_t{1} << 30) {
  uint32_t limit = 1;
  for (uint32_t k : a) limit = std::max(limit, k + 1);
  for (uint32_t k : b) limit = std::max(limit, k + 1);
  Flags flags{std::vector<uint8_t>(a.size(), 1),
              std::vector<uint8_t>(b.size(), 1)};
  DiffSequences(a, b, limit, max_cost, &flags.a, &flags.b, algorithm);
  return flags;
}

// The matched elements, in order, must be equal pairwise: a common
// subsequence. Returns its length.
size_t CheckCommonSubsequence(const std::vector<uint32_t>& a,
                              const std::vector<uint32_t>& b,
                              const Flags& flags) {
  std::vector<uint32_t> kept_a, kept_b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!flags.a[i]) kept_a.push_back(a[i]);
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (!flags.b[j]) kept_b.push_back(b[j]);
  }
  RC_ASSERT(kept_a == kept_b);
  return kept_a.size();
}

size_t LcsLength(const std::vector<uint32_t>& a,
                 const std::vector<uint32_t>& b) {
  std::vector<size_t> row(b.size() + 1, 0), previous(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      row[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1
                                    : std::max(previous[j], row[j - 1]);
    }
    std::swap(row, previous);
  }
  return previous[b.size()];
}

rc::Gen<std::vector<uint32_t>> SmallAlphabet() {
  return rc::gen::container<std::vector<uint32_t>>(rc::gen::inRange(0u, 6u));
}

RC_GTEST_PROP(SequenceDiffProperty, MyersFindsALongestCommonSubsequence, ()) {
  const std::vector<uint32_t> a = *SmallAlphabet();
  const std::vector<uint32_t> b = *SmallAlphabet();
  const Flags flags = Diff(a, b, DiffAlgorithm::kMyers);
  RC_ASSERT(CheckCommonSubsequence(a, b, flags) == LcsLength(a, b));
}

RC_GTEST_PROP(SequenceDiffProperty, HistogramFindsACommonSubsequence, ()) {
  const std::vector<uint32_t> a = *SmallAlphabet();
  const std::vector<uint32_t> b = *SmallAlphabet();
  CheckCommonSubsequence(a, b, Diff(a, b));
}

RC_GTEST_PROP(SequenceDiffProperty, EqualSequencesAreAllMatched, ()) {
  const std::vector<uint32_t> a = *SmallAlphabet();
  const Flags flags = Diff(a, a);
  RC_ASSERT(std::count(flags.a.begin(), flags.a.end(), 1) == 0);
}

TEST(SequenceDiffTest, FindsAnInsertionAndADeletion) {
  const Flags flags = Diff({1, 2, 3, 4, 5}, {1, 3, 4, 9, 5});
  EXPECT_EQ(flags.a, (std::vector<uint8_t>{0, 1, 0, 0, 0}));
  EXPECT_EQ(flags.b, (std::vector<uint8_t>{0, 0, 0, 1, 0}));
}

TEST(SequenceDiffTest, AnchorsOnRareElementsAmongFrequentOnes) {
  // 0 stands for white space: everywhere, it anchors nothing.
  std::vector<uint32_t> a, b;
  for (uint32_t w = 1; w <= 100; ++w) {
    a.insert(a.end(), {w, 0});
    b.insert(b.end(), {w == 50 ? 1000u : w, 0});
  }
  const Flags flags = Diff(a, b);
  EXPECT_EQ(std::count(flags.a.begin(), flags.a.end(), 1), 1);
  EXPECT_EQ(flags.a[98], 1);
  EXPECT_EQ(flags.b[98], 1);
}

TEST(SequenceDiffTest, CostCapLeavesUnrelatedRegionsChanged) {
  std::vector<uint32_t> a, b;
  for (uint32_t i = 0; i < 20000; ++i) {
    a.push_back(i % 2);
    b.push_back((i / 2) % 2);
  }
  const Flags capped = Diff(a, b, DiffAlgorithm::kMyers, 1000);
  // Only the common first and last elements are matched.
  EXPECT_EQ(std::count(capped.a.begin(), capped.a.end(), 1), 19998);
  const Flags full = Diff(a, b, DiffAlgorithm::kMyers);
  EXPECT_LT(std::count(full.a.begin(), full.a.end(), 1), 20000);
}

TEST(SequenceDiffTest, EmptySides) {
  EXPECT_EQ(Diff({}, {1, 2}).b, (std::vector<uint8_t>{1, 1}));
  EXPECT_EQ(Diff({1, 2}, {}).a, (std::vector<uint8_t>{1, 1}));
  EXPECT_TRUE(Diff({}, {}).a.empty());
}

}  // namespace
}  // namespace redline
