// Memory hints for the large arrays of long texts. Private to the library.

#ifndef REDLINE_UTIL_MEMORY_H_
#define REDLINE_UTIL_MEMORY_H_

#include <cstddef>
#include <vector>

namespace redline {

// Asks the kernel to back [data, data + bytes) with transparent huge pages.
// The per-token arrays of a 10 MB text run to tens of megabytes, and writing
// them into fresh memory faults in a page per few hundred tokens: on virtual
// machines those faults cost more than the work (10 MB of English tokens:
// 150 ms against 8 ms with huge pages). Only advice; harmless where it is
// not taken, and a no-op for less than a huge page.
void AdviseHugePages(void* data, size_t bytes);

// For a process that runs one command and exits: makes the allocator take
// all memory from one heap, never hand it back, and back it with
// transparent huge pages. On virtual machines a page fault costs more than
// the work done on the page; this cuts a comparison of two 1 MB texts from
// about 1,600 faults to about 500. Call before any large allocation. Not
// for long-running servers: freed memory is kept, not returned.
void UseOneHugePageHeap();

// Reserves room for `count` elements in `v` and advises huge pages for it.
template <typename T>
void ReserveLarge(std::vector<T>* v, size_t count) {
  v->reserve(count);
  AdviseHugePages(v->data(), v->capacity() * sizeof(T));
}

}  // namespace redline

#endif  // REDLINE_UTIL_MEMORY_H_
