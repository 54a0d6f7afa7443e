// Whether this build runs under a sanitizer. Private to the library.

#ifndef REDLINE_UTIL_SANITIZERS_H_
#define REDLINE_UTIL_SANITIZERS_H_

// REDLINE_SANITIZED is 1 under AddressSanitizer or MemorySanitizer (g++ and
// clang spell it differently), else undefined.
#if defined(__SANITIZE_ADDRESS__)
#define REDLINE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define REDLINE_SANITIZED 1
#endif
#endif

#endif  // REDLINE_UTIL_SANITIZERS_H_
