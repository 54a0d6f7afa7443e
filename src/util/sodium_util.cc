#include "util/sodium_util.h"

#include <sodium.h>

namespace redline {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(2 * size + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();  // the NUL
  return hex;
}

}  // namespace redline
