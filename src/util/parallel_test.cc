#include "util/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace redline {
namespace {

TEST(RunInParallelTest, RunsBothHalves) {
  for (int round = 0; round < 100; ++round) {
    std::thread::id second_thread;
    int first = 0, second = 0;
    RunInParallel([&] { first = round + 1; },
                  [&] {
                    second_thread = std::this_thread::get_id();
                    second = round + 2;
                  });
    EXPECT_EQ(first, round + 1);
    EXPECT_EQ(second, round + 2);
    EXPECT_EQ(second_thread, std::this_thread::get_id());
  }
}

// The first half runs on another thread while the second still runs (a
// first half not yet taken when the second ends is run by the caller).
TEST(RunInParallelTest, RunsTheHalvesAtTheSameTime) {
  std::atomic<bool> first_running{false};
  std::thread::id first_thread;
  bool overlapped = false;
  RunInParallel(
      [&] {
        first_thread = std::this_thread::get_id();
        first_running = true;
      },
      [&] {
        const auto until =
            std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!first_running && std::chrono::steady_clock::now() < until) {
          std::this_thread::yield();
        }
        overlapped = first_running;
      });
  EXPECT_TRUE(overlapped);
  EXPECT_NE(first_thread, std::this_thread::get_id());
}

TEST(RunInParallelTest, RethrowsEitherHalfsException) {
  EXPECT_THROW(RunInParallel([] { throw std::runtime_error("first"); }, [] {}),
               std::runtime_error);
  EXPECT_THROW(
      RunInParallel([] {}, [] { throw std::invalid_argument("second"); }),
      std::invalid_argument);
  try {
    RunInParallel([] { throw std::runtime_error("first"); },
                  [] { throw std::runtime_error("second"); });
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "first");
  }
  // The helper is free again after a failure.
  int done = 0;
  RunInParallel([&] { ++done; }, [&] { ++done; });
  EXPECT_EQ(done, 2);
}

// Callers on several threads at once: one has the helper, the others a
// thread of their own; every half runs exactly once.
TEST(RunInParallelTest, ConcurrentCallersEachRunBothHalves) {
  constexpr int kCallers = 8;
  constexpr int kRounds = 200;
  std::atomic<int> halves{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        int mine = 0;
        RunInParallel([&] { mine += 1; }, [&] { halves.fetch_add(1); });
        halves.fetch_add(mine);
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(halves.load(), 2 * kCallers * kRounds);
}

}  // namespace
}  // namespace redline
