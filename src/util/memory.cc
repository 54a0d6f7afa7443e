#include "util/memory.h"

#include <sys/mman.h>

#include <cstdint>

namespace redline {

void AdviseHugePages(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t misalignment = reinterpret_cast<uintptr_t>(data) % kHugePage;
  const size_t skip = misalignment == 0 ? 0 : kHugePage - misalignment;
  if (bytes < skip + kHugePage) return;
  const size_t length = (bytes - skip) / kHugePage * kHugePage;
  madvise(static_cast<char*>(data) + skip, length, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace redline
