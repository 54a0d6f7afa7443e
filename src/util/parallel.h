// Two halves of one job on two threads. Private to the library.

#ifndef REDLINE_UTIL_PARALLEL_H_
#define REDLINE_UTIL_PARALLEL_H_

#include <functional>

namespace redline {

// Runs `first` on another thread and `second` on this one, and returns when
// both have; an exception from either is rethrown here (`first`'s when both
// throw). The other thread is the process's helper when it is free: it is
// made once and, between jobs, waits a millisecond spinning before it
// sleeps, because on a virtual machine waking an idle processor costs up to
// a millisecond, as much as a short job's half. When the helper is busy
// (another thread's job), `first` gets a thread of its own. Thread-safe.
void RunInParallel(const std::function<void()>& first,
                   const std::function<void()>& second);

// Starts the helper now, so that its start overlaps other work. Optional.
void StartHelper();

}  // namespace redline

#endif  // REDLINE_UTIL_PARALLEL_H_
