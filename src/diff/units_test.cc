#include "diff/units.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace redline {
namespace {

// Words as wdiff counts them, one byte at a time.
uint64_t ReferenceCount(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
                       c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

TEST(CountWordsTest, CountsRunsOfNonWhiteSpace) {
  EXPECT_EQ(CountWords("", 0, 0), 0u);
  EXPECT_EQ(CountWords("  \n\t ", 0, 5), 0u);
  EXPECT_EQ(CountWords("The parties, in good faith —", 0, 28), 6u);
  const std::string long_text =
      "1. Стороны соглашаются\vне\fприменять силу;\r\n(a) никогда.  ";
  EXPECT_EQ(CountWords(long_text, 0, static_cast<uint32_t>(long_text.size())),
            8u);
  // A range that starts inside a word counts that word.
  EXPECT_EQ(CountWords("ceasefire now", 4, 13), 2u);
}

// Every byte value, every alignment, ranges across the 32-byte blocks.
RC_GTEST_PROP(CountWordsTest, MatchesTheByteByByteCount, ()) {
  const auto bytes = *rc::gen::scale(
      4, rc::gen::container<std::string>(rc::gen::oneOf(
             rc::gen::element<char>(' ', '\n', '\t', '\r', '\f', '\v', 'a', 'Z',
                                    '.', '\x08', '\x0e', '\x1f', '!'),
             rc::gen::arbitrary<char>())));
  const auto size = static_cast<uint32_t>(bytes.size());
  const uint32_t begin = *rc::gen::inRange<uint32_t>(0, size + 1);
  const uint32_t end = *rc::gen::inRange<uint32_t>(begin, size + 1);
  RC_ASSERT(CountWords(bytes, begin, end) ==
            ReferenceCount(std::string_view(bytes).substr(begin, end - begin)));
}

}  // namespace
}  // namespace redline
