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

// Reserves room for `count` elements in `v` and advises huge pages for it.
template <typename T>
void ReserveLarge(std::vector<T>* v, size_t count) {
  v->reserve(count);
  AdviseHugePages(v->data(), v->capacity() * sizeof(T));
}

}  // namespace redline

#endif  // REDLINE_UTIL_MEMORY_H_
