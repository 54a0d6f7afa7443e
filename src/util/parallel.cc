#include "util/parallel.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define REDLINE_PAUSE() _mm_pause()
#else
#define REDLINE_PAUSE() std::this_thread::yield()
#endif

namespace redline {

namespace {

// How long the helper spins for its next job, and the caller for the
// helper's end, before sleeping.
constexpr auto kSpin = std::chrono::microseconds(100);

// Runs `f`; returns what it threw, or null.
std::exception_ptr Call(const std::function<void()>& f) {
  try {
    f();
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

class Helper {
 public:
  Helper() : thread_([this] { Loop(); }) {
    SendAway();
    thread_.detach();
  }

  // Takes the helper for one job; false when another caller has it.
  bool TryAcquire() { return !busy_.exchange(true, std::memory_order_acquire); }

  // Runs `job` on the helper and `own` here; rethrows as RunInParallel.
  // When the helper has not taken `job` by the time `own` is done (it may
  // not even have started: a new thread can wait a millisecond to run),
  // `job` is taken back and run here.
  // REQUIRES: TryAcquire() returned true.
  void Run(const std::function<void()>& job, const std::function<void()>& own) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      state_.store(kPosted, std::memory_order_release);
    }
    wake_.notify_all();
    const std::exception_ptr own_error = Call(own);
    std::exception_ptr job_error;
    int posted = kPosted;
    if (state_.compare_exchange_strong(posted, kIdle,
                                       std::memory_order_acq_rel)) {
      job_error = Call(job);
    } else {
      WaitFor(kDone);
      job_error = error_;
      state_.store(kIdle, std::memory_order_relaxed);
    }
    busy_.store(false, std::memory_order_release);
    if (job_error) std::rethrow_exception(job_error);
    if (own_error) std::rethrow_exception(own_error);
  }

 private:
  enum State { kIdle, kPosted, kRunning, kDone };

  // Spins, then sleeps, until state_ is `wanted`.
  void WaitFor(State wanted) {
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int round = 0; state_.load(std::memory_order_acquire) != wanted;
         ++round) {
      REDLINE_PAUSE();
      if (round % 256 == 0 && std::chrono::steady_clock::now() > until) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] {
          return state_.load(std::memory_order_acquire) == wanted;
        });
        return;
      }
    }
  }

  // A new thread starts on its parent's processor and, while the parent
  // runs, waits there until the scheduler moves it: 5 ms here. The helper
  // is sent to another processor at once, and may then run anywhere.
  void SendAway() {
#if defined(__linux__)
    if (sched_getaffinity(0, sizeof cpus_, &cpus_) == 0 &&
        CPU_COUNT(&cpus_) > 1) {
      cpu_set_t others = cpus_;
      const int here = sched_getcpu();
      if (here >= 0 && CPU_ISSET(here, &others)) {
        CPU_CLR(here, &others);
        away_ = pthread_setaffinity_np(thread_.native_handle(), sizeof others,
                                       &others) == 0;
      }
    }
#endif
    placed_.store(true, std::memory_order_release);
  }

  void Loop() {
    while (!placed_.load(std::memory_order_acquire)) REDLINE_PAUSE();
#if defined(__linux__)
    if (away_) pthread_setaffinity_np(pthread_self(), sizeof cpus_, &cpus_);
#endif
    for (;;) {
      WaitFor(kPosted);
      int posted = kPosted;
      if (!state_.compare_exchange_strong(posted, kRunning,
                                          std::memory_order_acq_rel)) {
        continue;  // taken back by the caller
      }
      error_ = Call(*job_);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        state_.store(kDone, std::memory_order_release);
      }
      wake_.notify_all();
    }
  }

  std::atomic<bool> busy_{false};
  std::atomic<int> state_{kIdle};
  std::mutex mutex_;
  std::condition_variable wake_;
  const std::function<void()>* job_ = nullptr;
  std::exception_ptr error_;
  std::atomic<bool> placed_{false};  // SendAway is done
#if defined(__linux__)
  cpu_set_t cpus_{};   // where the process may run
  bool away_ = false;  // whether the helper was kept off its parent's
#endif
  std::thread thread_;  // last: starts after the members it uses
};

// Made on first use and never destroyed: its thread outlives main.
Helper& TheHelper() {
  static Helper* const helper = new Helper();
  return *helper;
}

}  // namespace

void StartHelper() { TheHelper(); }

void RunInParallel(const std::function<void()>& first,
                   const std::function<void()>& second) {
  Helper& helper = TheHelper();
  if (helper.TryAcquire()) {
    helper.Run(first, second);
    return;
  }
  std::exception_ptr first_error;
  std::thread thread([&] { first_error = Call(first); });
  const std::exception_ptr second_error = Call(second);
  thread.join();
  if (first_error) std::rethrow_exception(first_error);
  if (second_error) std::rethrow_exception(second_error);
}

}  // namespace redline
