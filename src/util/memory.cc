#include "util/memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "util/sanitizers.h"

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

void UseOneHugePageHeap() {
  // Under a sanitizer, malloc is the sanitizer's: nothing to tune.
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE) && \
    !defined(REDLINE_SANITIZED)
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  // The heap is grown once by kHeapSize (address space: only the pages
  // written count), then by kHeapStep at a time.
  constexpr size_t kHeapSize = size_t{512} << 20;
  constexpr size_t kHeapStep = size_t{64} << 20;
  // One arena for all threads, no mmap of its own for large blocks (so no
  // block is faulted in twice), never trimmed.
  if (mallopt(M_ARENA_MAX, 1) == 0 || mallopt(M_MMAP_MAX, 0) == 0 ||
      mallopt(M_TRIM_THRESHOLD, -1) == 0 ||
      mallopt(M_TOP_PAD, static_cast<int>(kHeapStep)) == 0) {
    return;
  }
  // A block larger than any free one comes from the top of the heap, which
  // grows to hold it. Freed, it leaves the heap's free top starting there.
  // Of the new space, only the page at each end of the block has been
  // written (malloc's bookkeeping), and a page written before the advice
  // keeps its 2 MB neighbourhood out of huge pages.
  void* volatile probe = malloc(kHeapSize);  // volatile: not elided
  if (probe == nullptr) return;
  const auto top = reinterpret_cast<uintptr_t>(probe);
  free(probe);
  char* const brk = static_cast<char*>(sbrk(0));
  const auto end = reinterpret_cast<uintptr_t>(brk);
  // The first huge page boundary with room for malloc's header before it.
  constexpr uintptr_t kHeader = 64;
  const uintptr_t aligned =
      (top + kHeader + kHugePage - 1) / kHugePage * kHugePage;
  if (end < aligned + kHugePage) return;
  if (madvise(brk - (end - aligned), end - aligned, MADV_HUGEPAGE) != 0) {
    return;
  }
  // The head up to the boundary is taken for good and never written (it
  // costs address space only), so later blocks start on huge pages.
  void* volatile head = malloc(aligned - top - kHeader);
  (void)head;
#endif
}

}  // namespace redline
