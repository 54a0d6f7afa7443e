#include "diff/sequence_diff.h"

#include <algorithm>
#include <cassert>
#include <memory>

namespace redline {

namespace {

// Elements more frequent than this in a region never anchor it: "the",
// spaces and commas would match everything to everything.
constexpr uint32_t kMaxAnchorCount = 64;
constexpr uint32_t kNone = 0xFFFFFFFFu;

struct Range {
  uint32_t a_begin, a_end, b_begin, b_end;
};

}  // namespace

class SequenceDiffer::Impl {
 public:
  Impl(uint32_t key_limit, uint64_t max_cost)
      : budget_(max_cost), head_(key_limit, kNone), count_(key_limit, 0) {}

  void Diff(std::span<const uint32_t> a, std::span<const uint32_t> b,
            uint8_t* a_changed, uint8_t* b_changed, DiffAlgorithm algorithm,
            std::span<const uint32_t> a_weight_before) {
    assert(a_weight_before.empty() || a_weight_before.size() == a.size() + 1);
    a_ = a;
    b_ = b;
    a_weight_before_ = a_weight_before;
    a_changed_ = a_changed;
    b_changed_ = b_changed;
    if (next_.size() < a.size()) next_.resize(a.size());
    Run(algorithm);
  }

 private:
  void Run(DiffAlgorithm algorithm) {
    const Range whole = {0, static_cast<uint32_t>(a_.size()), 0,
                         static_cast<uint32_t>(b_.size())};
    if (algorithm == DiffAlgorithm::kMyers) {
      Myers(whole);
      return;
    }
    // An explicit stack: real texts can split into millions of regions.
    std::vector<Range> stack = {whole};
    while (!stack.empty()) {
      Range range = stack.back();
      stack.pop_back();
      Histogram(range, &stack);
    }
  }

  // The weight of a's elements [s, e), then their number, in one value
  // that orders runs by both.
  uint64_t Weight(uint32_t s, uint32_t e) const {
    const uint64_t weight = a_weight_before_.empty()
                                ? 0
                                : a_weight_before_[e] - a_weight_before_[s];
    return (weight << 32) | (e - s);
  }

  void Match(uint32_t a_begin, uint32_t b_begin, uint32_t length) {
    std::fill_n(a_changed_ + a_begin, length, 0);
    std::fill_n(b_changed_ + b_begin, length, 0);
  }

  // Matches the common prefix and suffix of `range` and shrinks it to the
  // rest. Returns false when nothing is left to diff.
  bool Trim(Range* r) {
    uint32_t prefix = 0;
    while (r->a_begin + prefix < r->a_end && r->b_begin + prefix < r->b_end &&
           a_[r->a_begin + prefix] == b_[r->b_begin + prefix]) {
      ++prefix;
    }
    Match(r->a_begin, r->b_begin, prefix);
    r->a_begin += prefix;
    r->b_begin += prefix;
    uint32_t suffix = 0;
    while (r->a_end - suffix > r->a_begin && r->b_end - suffix > r->b_begin &&
           a_[r->a_end - suffix - 1] == b_[r->b_end - suffix - 1]) {
      ++suffix;
    }
    r->a_end -= suffix;
    r->b_end -= suffix;
    Match(r->a_end, r->b_end, suffix);
    return r->a_begin < r->a_end && r->b_begin < r->b_end;
  }

  void Histogram(Range r, std::vector<Range>* stack) {
    if (!Trim(&r)) return;
    // Occurrences of each key in a's part of the region, in order.
    for (uint32_t i = r.a_end; i-- > r.a_begin;) {
      const uint32_t key = a_[i];
      next_[i] = head_[key];
      head_[key] = i;
      ++count_[key];
    }
    uint32_t best_count = kMaxAnchorCount + 1;
    uint32_t best_a = 0, best_b = 0, best_length = 0;
    uint64_t best_weight = 0;
    bool shared = false;  // whether any element of b's part is in a's
    for (uint32_t j = r.b_begin; j < r.b_end;) {
      const uint32_t key = b_[j];
      const uint32_t count = count_[key];
      shared = shared || count != 0;
      uint32_t advance = 1;
      if (count != 0 && count <= best_count) {
        for (uint32_t i = head_[key]; i != kNone; i = next_[i]) {
          uint32_t s = i, t = j;
          while (s > r.a_begin && t > r.b_begin && a_[s - 1] == b_[t - 1]) {
            --s;
            --t;
          }
          uint32_t e = i + 1, f = j + 1;
          uint32_t rarest = count;
          while (e < r.a_end && f < r.b_end && a_[e] == b_[f]) {
            rarest = std::min(rarest, count_[a_[e]]);
            ++e;
            ++f;
          }
          for (uint32_t x = s; x < i; ++x) {
            rarest = std::min(rarest, count_[a_[x]]);
          }
          advance = std::max(advance, f - j);
          // The rarest anchor wins; among equally rare ones, the heaviest,
          // then the longest.
          const uint64_t weight = Weight(s, e);
          if (rarest < best_count ||
              (rarest == best_count && weight > best_weight)) {
            best_count = rarest;
            best_a = s;
            best_b = t;
            best_length = e - s;
            best_weight = weight;
          }
        }
      }
      j += advance;
    }
    for (uint32_t i = r.a_begin; i < r.a_end; ++i) {
      head_[a_[i]] = kNone;
      count_[a_[i]] = 0;
    }
    if (best_length == 0) {
      // Nothing in common: all changed, without Myers' quadratic search.
      if (shared) Myers(r);
      return;
    }
    Match(best_a, best_b, best_length);
    stack->push_back(
        {best_a + best_length, r.a_end, best_b + best_length, r.b_end});
    stack->push_back({r.a_begin, best_a, r.b_begin, best_b});
  }

  // Myers' O(ND) diff in linear space: finds the middle snake of the region,
  // matches it, and diffs both sides the same way.
  void Myers(Range whole) {
    std::vector<Range> stack = {whole};
    while (!stack.empty()) {
      Range r = stack.back();
      stack.pop_back();
      if (!Trim(&r)) continue;
      uint32_t x = 0, y = 0, length = 0;
      if (!MiddleSnake(r, &x, &y, &length)) continue;  // too costly: changed
      Match(x, y, length);
      stack.push_back({x + length, r.a_end, y + length, r.b_end});
      stack.push_back({r.a_begin, x, r.b_begin, y});
    }
  }

  // Finds the middle snake of a trimmed region: the run of matches (x, y,
  // length) in the middle of an optimal path, found by searching forward
  // from the start and backward from the end until the searches meet. The
  // regions before and after it each cost less than the whole, so the
  // recursion ends. Returns false when the search exceeds what is left of
  // the cost budget.
  bool MiddleSnake(const Range& r, uint32_t* x_out, uint32_t* y_out,
                   uint32_t* length_out) {
    const uint32_t* a = a_.data() + r.a_begin;
    const uint32_t* b = b_.data() + r.b_begin;
    const int64_t n = r.a_end - r.a_begin;
    const int64_t m = r.b_end - r.b_begin;
    const int64_t delta = n - m;
    const bool odd = (delta & 1) != 0;
    const int64_t max_d = (n + m + 1) / 2;
    const int64_t offset = max_d + 1;
    // forward_[offset + k]: furthest x on diagonal x - y = k from the start;
    // backward_[offset + k]: furthest u on diagonal u - v = k from the end,
    // where u = n - x, v = m - y.
    forward_.assign(2 * offset + 1, 0);
    backward_.assign(2 * offset + 1, 0);
    for (int64_t d = 0; d <= max_d; ++d) {
      const uint64_t cost = static_cast<uint64_t>(2 * d + 2);
      if (cost > budget_) {
        budget_ = 0;
        return false;
      }
      budget_ -= cost;
      for (int64_t k = -d; k <= d; k += 2) {
        int64_t x = (k == -d || (k != d && forward_[offset + k - 1] <
                                               forward_[offset + k + 1]))
                        ? forward_[offset + k + 1]
                        : forward_[offset + k - 1] + 1;
        int64_t y = x - k;
        const int64_t x0 = x;
        while (x < n && y < m && a[x] == b[y]) {
          ++x;
          ++y;
        }
        forward_[offset + k] = x;
        const int64_t kr = delta - k;
        if (odd && kr >= -(d - 1) && kr <= d - 1 &&
            n - backward_[offset + kr] <= x) {
          *x_out = r.a_begin + static_cast<uint32_t>(x0);
          *y_out = r.b_begin + static_cast<uint32_t>(x0 - k);
          *length_out = static_cast<uint32_t>(x - x0);
          return true;
        }
      }
      for (int64_t k = -d; k <= d; k += 2) {
        int64_t u = (k == -d || (k != d && backward_[offset + k - 1] <
                                               backward_[offset + k + 1]))
                        ? backward_[offset + k + 1]
                        : backward_[offset + k - 1] + 1;
        int64_t v = u - k;
        const int64_t u0 = u;
        while (u < n && v < m && a[n - 1 - u] == b[m - 1 - v]) {
          ++u;
          ++v;
        }
        backward_[offset + k] = u;
        const int64_t kf = delta - k;
        if (!odd && kf >= -d && kf <= d && forward_[offset + kf] >= n - u) {
          *x_out = r.a_begin + static_cast<uint32_t>(n - u);
          *y_out = r.b_begin + static_cast<uint32_t>(m - v);
          *length_out = static_cast<uint32_t>(u - u0);
          return true;
        }
      }
    }
    return false;  // unreachable: the searches meet by d = max_d
  }

  std::span<const uint32_t> a_;
  std::span<const uint32_t> b_;
  std::span<const uint32_t> a_weight_before_;
  // Diagonals Myers may still explore, over the whole diff.
  uint64_t budget_;
  uint8_t* a_changed_ = nullptr;
  uint8_t* b_changed_ = nullptr;
  std::vector<uint32_t> head_;
  std::vector<uint32_t> count_;
  std::vector<uint32_t> next_;
  std::vector<int64_t> forward_;
  std::vector<int64_t> backward_;
};

SequenceDiffer::SequenceDiffer(uint32_t key_limit, uint64_t max_cost)
    : impl_(std::make_unique<Impl>(key_limit, max_cost)) {}

SequenceDiffer::~SequenceDiffer() = default;

void SequenceDiffer::Diff(std::span<const uint32_t> a,
                          std::span<const uint32_t> b, uint8_t* a_changed,
                          uint8_t* b_changed, DiffAlgorithm algorithm,
                          std::span<const uint32_t> a_weight_before) {
  impl_->Diff(a, b, a_changed, b_changed, algorithm, a_weight_before);
}

void DiffSequences(std::span<const uint32_t> a, std::span<const uint32_t> b,
                   uint32_t key_limit, uint64_t max_cost,
                   std::vector<uint8_t>* a_changed,
                   std::vector<uint8_t>* b_changed, DiffAlgorithm algorithm) {
  assert(a_changed->size() == a.size() && b_changed->size() == b.size());
  SequenceDiffer(key_limit, max_cost)
      .Diff(a, b, a_changed->data(), b_changed->data(), algorithm);
}

}  // namespace redline
