// Two halves of one job on two threads. Private to the library.

#ifndef REDLINE_UTIL_PARALLEL_H_
#define REDLINE_UTIL_PARALLEL_H_

#include <functional>

namespace redline {

// Runs `first` on another thread and `second` on this one, and returns when
// both have; an exception from either is rethrown here (`first`'s when both
// throw). The other thread is the process's helper when it is free: it is
// made once and, between jobs, spins 100 us for the next before it sleeps.
// On a virtual machine a new thread can wait a millisecond before it first
// runs, as long as a short job's half: so when the helper has not taken
// `first` by the time `second` is done, `first` runs here after all. When
// the helper is busy (another thread's job), `first` gets a thread of its
// own. Thread-safe.
void RunInParallel(const std::function<void()>& first,
                   const std::function<void()>& second);

// Starts the helper now, so that its start overlaps other work. Optional.
void StartHelper();

}  // namespace redline

#endif  // REDLINE_UTIL_PARALLEL_H_
