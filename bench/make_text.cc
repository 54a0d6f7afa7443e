// make_text BYTES OUT_FILE [SEED]: writes the synthetic treaty text of
// exactly BYTES bytes (MakeTreatyText) to OUT_FILE, so that whole-program
// benchmarks can read the same bytes that tokenize_bench generates in memory.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "treaty_text.h"

namespace {

bool ParseUnsigned(std::string_view text, uint64_t* value) {
  const char* end = text.data() + text.size();
  auto [rest, error] = std::from_chars(text.data(), end, *value);
  return error == std::errc() && rest == end && !text.empty();
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t bytes = 0;
  uint64_t seed = redline::kDefaultTreatySeed;
  if (argc < 3 || argc > 4 || !ParseUnsigned(argv[1], &bytes) ||
      (argc == 4 && !ParseUnsigned(argv[3], &seed))) {
    std::fprintf(stderr, "usage: make_text BYTES OUT_FILE [SEED]\n");
    return 2;
  }
  const std::string text = redline::MakeTreatyText(bytes, seed);
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "make_text: cannot write %s\n", argv[2]);
    return 6;
  }
  return 0;
}
