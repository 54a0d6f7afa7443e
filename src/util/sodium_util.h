// Small helpers over libsodium shared by the modules that hash and sign.
// Private to the library.
//
// Thread-safety: thread-safe.

#ifndef REDLINE_UTIL_SODIUM_UTIL_H_
#define REDLINE_UTIL_SODIUM_UTIL_H_

#include <cstddef>
#include <string>

namespace redline {

// Initialises libsodium once; false if it cannot start. Its functions are
// safe to call from many threads once this has returned true.
bool SodiumReady();

// `size` bytes as lower-case hex.
std::string Hex(const unsigned char* bytes, size_t size);

}  // namespace redline

#endif  // REDLINE_UTIL_SODIUM_UTIL_H_
