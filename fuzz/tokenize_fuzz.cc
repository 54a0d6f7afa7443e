// Fuzzes the tokenizer and comparison keys: tokens of any valid text are
// contiguous, non-empty, cut at code point boundaries and rebuild the text;
// equal token texts get equal keys under every option set.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "redline/text.h"
#include "redline/token_keys.h"
#include "redline/tokenizer.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the key options; the rest is the text.
  const uint8_t flags = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1,
                              size - 1);
  if (!redline::ValidateUtf8(text).ok()) return 0;
  const std::vector<redline::Token> tokens = redline::Tokenize(text);
  uint32_t at = 0;
  for (const redline::Token& token : tokens) {
    Check(token.begin == at && token.end > token.begin);
    Check((static_cast<uint8_t>(text[token.begin]) & 0xC0) != 0x80);
    at = token.end;
  }
  Check(at == text.size());

  redline::KeyOptions options;
  options.form = static_cast<redline::KeyOptions::Form>(flags % 3);
  options.fold_case = flags & 4;
  options.unify_quotes_and_dashes = flags & 8;
  options.collapse_whitespace = flags & 16;
  redline::TokenKeys keys(options);
  const std::vector<uint32_t> first = keys.Keys(text, tokens);
  const std::vector<uint32_t> second = keys.Keys(text, tokens);
  Check(first == second);
  Check(first.size() == tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    Check(first[i] < keys.size());
    const std::string_view normalized = keys.Normalized(first[i]);
    Check(redline::ValidateUtf8(normalized).ok());
  }
  return 0;
}
