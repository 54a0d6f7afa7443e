#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <random>
#include <string>
#include <vector>

#include "redline/text.h"
#include "text/utf8_check.h"

namespace redline {
namespace {

std::string Error(std::string_view bytes) {
  const Status status = ValidateUtf8(bytes);
  EXPECT_EQ(status.ok() ? ErrorCode::kBadInput : status.code(),
            ErrorCode::kBadInput);
  return status.message();
}

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(ValidateUtf8("").ok());
  EXPECT_TRUE(ValidateUtf8("plain ASCII text, long enough for chunks").ok());
  EXPECT_TRUE(ValidateUtf8("Статья 5 — «мир» ☮ 𝄞 \xEF\xBB\xBF").ok());
  EXPECT_TRUE(ValidateUtf8("\xF4\x8F\xBF\xBF").ok());  // U+10FFFF
  EXPECT_TRUE(ValidateUtf8("\xED\x9F\xBF").ok());      // U+D7FF
}

TEST(Utf8Test, NamesTheOffsetLineAndColumnOfTheFirstError) {
  EXPECT_EQ(Error("ab\ncd\x9f"),
            "malformed UTF-8 at byte 5 (line 2, column 3): unexpected "
            "continuation byte 0x9f");
  EXPECT_EQ(Error("Стат\xFFья"),
            "malformed UTF-8 at byte 8 (line 1, column 5): invalid byte 0xff");
}

TEST(Utf8Test, RejectsEveryKindOfMalformedSequence) {
  EXPECT_EQ(Error("\xC0\xAF"),
            "malformed UTF-8 at byte 0 (line 1, column 1): invalid byte 0xc0");
  EXPECT_EQ(Error("\xE0\x80\xAF"),
            "malformed UTF-8 at byte 0 (line 1, column 1): overlong 3-byte "
            "sequence");
  EXPECT_EQ(Error("\xF0\x80\x80\xAF"),
            "malformed UTF-8 at byte 0 (line 1, column 1): overlong 4-byte "
            "sequence");
  EXPECT_EQ(Error("\xED\xA0\x80"),
            "malformed UTF-8 at byte 0 (line 1, column 1): encoded UTF-16 "
            "surrogate (U+D800..U+DFFF)");
  EXPECT_EQ(Error("\xF4\x90\x80\x80"),
            "malformed UTF-8 at byte 0 (line 1, column 1): code point above "
            "U+10FFFF");
  EXPECT_EQ(Error("x\xE2\x82"),
            "malformed UTF-8 at byte 1 (line 1, column 2): truncated "
            "sequence: lead byte 0xe2 needs 3 bytes, the text ends after 2");
  EXPECT_EQ(Error("\xE2(\xA1"),
            "malformed UTF-8 at byte 0 (line 1, column 1): lead byte 0xe2 is "
            "followed by 0x28, not a continuation byte");
}

TEST(Utf8Test, FindsAnErrorAfterLongAsciiRuns) {
  std::string text(1000, 'a');
  text[997] = '\x80';
  EXPECT_EQ(Error(text),
            "malformed UTF-8 at byte 997 (line 1, column 998): unexpected "
            "continuation byte 0x80");
}

// Whether ICU's UTF-8 converter, stopping at the first error, accepts
// `bytes`.
bool IcuAccepts(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* utf8 = ucnv_open("UTF-8", &status);
  ucnv_setToUCallBack(utf8, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                      &status);
  std::vector<UChar> out(bytes.size() + 1);
  UChar* target = out.data();
  const char* source = bytes.data();
  ucnv_toUnicode(utf8, &target, out.data() + out.size(), &source,
                 bytes.data() + bytes.size(), nullptr, /*flush=*/true, &status);
  ucnv_close(utf8);
  return U_SUCCESS(status);
}

TEST(Utf8Test, AgreesWithIcuOnRandomBytes) {
  // Random mixes of ASCII, well-formed sequences of every length and
  // stray bytes: valid exactly when ICU's converter finds no error.
  std::mt19937 random(20261127);
  const std::vector<std::string> pieces = {"a",
                                           " ",
                                           "\n",
                                           "\xD0\x9C",
                                           "\xE2\x80\x94",
                                           "\xF0\x9F\x98\x80",
                                           "\xE0\xA0\x80",
                                           "\xED\x9F\xBF",
                                           "\xF4\x8F\xBF\xBF",
                                           "\xC2",
                                           "\x80",
                                           "\xE0\x80\x80",
                                           "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xFF",
                                           "\xC1\xBF",
                                           "\xE2\x80",
                                           "\xF0\x9F\x98"};
  for (int round = 0; round < 5000; ++round) {
    std::string bytes;
    const int count = static_cast<int>(random() % 40);
    for (int k = 0; k < count; ++k) {
      // Mostly well-formed pieces, so that errors sit after long good runs.
      const size_t pick =
          random() % 4 == 0 ? random() % pieces.size() : random() % 9;
      bytes += pieces[pick];
    }
    EXPECT_EQ(ValidateUtf8(bytes).ok(), IcuAccepts(bytes))
        << testing::PrintToString(bytes);
  }
}

// The one-pass check of CheckText: NUL-free, well-formed UTF-8, whatever
// the NUL's or the error's place among the 8- and 32-byte blocks.
TEST(Utf8Test, OnePassCheckAgreesWithTheTwoItReplaces) {
  std::mt19937 random(20261128);
  const std::vector<std::string> pieces = {"word ",
                                           "\xD0\x9C",
                                           "\xE2\x80\x94",
                                           "\xF0\x9F\x98\x80",
                                           std::string(1, '\0'),
                                           "\x80",
                                           "\xED\xA0\x80",
                                           "\xC2",
                                           "\x01"};
  int rejected = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string bytes;
    const int count = static_cast<int>(random() % 60);
    for (int k = 0; k < count; ++k) {
      const size_t pick =
          random() % 8 == 0 ? random() % pieces.size() : random() % 4;
      bytes += pieces[pick];
    }
    const bool expected =
        bytes.find('\0') == std::string::npos && ValidateUtf8(bytes).ok();
    EXPECT_EQ(IsNulFreeUtf8(bytes), expected) << testing::PrintToString(bytes);
    rejected += expected ? 0 : 1;
  }
  EXPECT_GT(rejected, 500);  // both outcomes are exercised
  EXPECT_LT(rejected, 4500);
}

// Cyrillic is checked 16 bytes at a time: one bad byte anywhere in a long
// run of it, at every alignment, is found where the byte-by-byte check
// finds it, and a NUL is never taken for text.
TEST(Utf8Test, FindsEveryBadByteInTwoByteText) {
  const std::string cyrillic =
      "Стороны соглашаются, что «линия» проходит по реке; "
      "ст. 5 — Мир и безопасность. Ωμέγα ";
  const std::string text = cyrillic + cyrillic + cyrillic;
  ASSERT_TRUE(ValidateUtf8(text).ok());
  ASSERT_TRUE(IsNulFreeUtf8(text));
  for (const char bad :
       {'\x80', '\xBF', '\xC1', '\xC2', '\xD0', '\xE2', '\xF0', '\xFF', '\0'}) {
    for (size_t at = 0; at < text.size(); ++at) {
      std::string broken = text;
      broken[at] = bad;
      const bool valid = IcuAccepts(broken);
      EXPECT_EQ(ValidateUtf8(broken).ok(), valid)
          << "byte " << at << " " << testing::PrintToString(broken);
      EXPECT_EQ(IsNulFreeUtf8(broken), valid && bad != '\0')
          << "byte " << at << " " << testing::PrintToString(broken);
    }
  }
}

TEST(Utf8Test, LocateOffsetCountsEveryKindOfLineEnd) {
  const std::string text = "a\r\nb\rc\nдd";
  EXPECT_EQ(LocateOffset(text, 0).line, 1u);
  EXPECT_EQ(LocateOffset(text, 3).line, 2u);
  EXPECT_EQ(LocateOffset(text, 5).line, 3u);
  const LineColumn d = LocateOffset(text, text.size() - 1);
  EXPECT_EQ(d.line, 4u);
  EXPECT_EQ(d.column, 2u);
}

}  // namespace
}  // namespace redline
