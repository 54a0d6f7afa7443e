#include "formats/json_string.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace redline {
namespace {

TEST(JsonStringTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("plain text, long enough to skip words"),
            "\"plain text, long enough to skip words\"");
  EXPECT_EQ(JsonString("a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj"),
            "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj\"");
  EXPECT_EQ(JsonString("Статья 5 — «мир»"), "\"Статья 5 — «мир»\"");
}

// The same bytes as nlohmann's dump, on random mixes of plain text, escapes
// and multi-byte characters at every offset of the 8-byte words.
TEST(JsonStringTest, MatchesNlohmannOnRandomTexts) {
  const std::string pieces[] = {"a",   "word ", "\n",        "\"", "\\",
                                "\t",  "\x01",  "\x7f",      "é",  "—",
                                "мир", "𝄞",     "0123456789"};
  std::mt19937 random(20261127);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 40);
    for (int k = 0; k < count; ++k)
      text += pieces[random() % std::size(pieces)];
    EXPECT_EQ(JsonString(text), nlohmann::json(text).dump()) << text;
  }
}

}  // namespace
}  // namespace redline
