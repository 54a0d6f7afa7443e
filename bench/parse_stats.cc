// parse_stats FILE [STAGE]: reads FILE with ReadText, tokenizes it, computes
// the token keys (default options) and parses the points, keeping every
// result alive to the end as a comparison does, then prints the counts and
// the bytes each structure holds. Run it under `/usr/bin/time -f %M` to
// measure the peak memory of tokenize + parse (bench/run.sh does).
//
// STAGE stops after "read", "tokens", "keys" or "points" (the default), so
// that the peak can be attributed to a step.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "redline/points.h"
#include "redline/status.h"
#include "redline/text.h"
#include "redline/token_keys.h"
#include "redline/tokenizer.h"

namespace redline {
namespace {

enum class Stage { kRead, kTokens, kKeys, kPoints };

bool ParseStage(std::string_view name, Stage* stage) {
  if (name == "read") {
    *stage = Stage::kRead;
  } else if (name == "tokens") {
    *stage = Stage::kTokens;
  } else if (name == "keys") {
    *stage = Stage::kKeys;
  } else if (name == "points") {
    *stage = Stage::kPoints;
  } else {
    return false;
  }
  return true;
}

template <typename T>
unsigned long long HeldBytes(const std::vector<T>& v) {
  return static_cast<unsigned long long>(v.capacity() * sizeof(T));
}

int Run(const std::string& path, Stage stage) {
  Result<InputText> input = ReadText(path, TextLimits());
  if (!input.ok()) {
    std::fprintf(stderr, "parse_stats: %s\n", input.status().message().c_str());
    return ExitCode(input.status());
  }
  const std::string_view text = input->view();
  std::printf("bytes %zu\n", text.size());
  if (stage == Stage::kRead) return 0;

  const std::vector<Token> tokens = Tokenize(text);
  std::printf("tokens %zu (held %llu bytes)\n", tokens.size(),
              HeldBytes(tokens));
  if (stage == Stage::kTokens) return 0;

  TokenKeys keys;
  const std::vector<uint32_t> ids = keys.Keys(text, tokens);
  std::printf("keys %zu (held %llu bytes), distinct %u\n", ids.size(),
              HeldBytes(ids), keys.size());
  if (stage == Stage::kKeys) return 0;

  const Document doc = ParsePoints(text);
  std::printf("points %zu, top-level %zu, preamble %u bytes\n",
              doc.points.size(), doc.roots.size(), doc.preamble_end);
  return 0;
}

}  // namespace
}  // namespace redline

int main(int argc, char** argv) {
  redline::Stage stage = redline::Stage::kPoints;
  if (argc < 2 || argc > 3 ||
      (argc == 3 && !redline::ParseStage(argv[2], &stage))) {
    std::fprintf(stderr, "usage: parse_stats FILE [read|tokens|keys|points]\n");
    return 2;
  }
  return redline::Run(argv[1], stage);
}
