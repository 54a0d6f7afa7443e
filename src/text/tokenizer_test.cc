#include "redline/tokenizer.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unicode/utf8.h>

#include <string>
#include <utility>
#include <vector>

namespace redline {
namespace {

using Pieces = std::vector<std::pair<std::string, TokenKind>>;

constexpr TokenKind kWord = TokenKind::kWord;
constexpr TokenKind kNumber = TokenKind::kNumber;
constexpr TokenKind kPunct = TokenKind::kPunct;
constexpr TokenKind kSpace = TokenKind::kSpace;

// The tokens of `text` as (text, kind) pairs.
Pieces Split(std::string_view text) {
  Pieces pieces;
  for (const Token& t : Tokenize(text)) {
    pieces.emplace_back(std::string(t.In(text)), t.kind);
  }
  return pieces;
}

void AppendUtf8(char32_t c, std::string* out) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, c);
  out->append(bytes, length);
}

TEST(TokenizerTest, EmptyTextHasNoTokens) { EXPECT_TRUE(Tokenize("").empty()); }

TEST(TokenizerTest, KindNames) {
  EXPECT_STREQ(TokenKindName(kWord), "word");
  EXPECT_STREQ(TokenKindName(kNumber), "number");
  EXPECT_STREQ(TokenKindName(kPunct), "punct");
  EXPECT_STREQ(TokenKindName(kSpace), "space");
}

TEST(TokenizerTest, SpansOfASentence) {
  const std::vector<Token> tokens = Tokenize("The peace.");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 3u);
  EXPECT_EQ(tokens[1].begin, 3u);
  EXPECT_EQ(tokens[1].end, 4u);
  EXPECT_EQ(tokens[2].begin, 4u);
  EXPECT_EQ(tokens[2].end, 9u);
  EXPECT_EQ(tokens[3].begin, 9u);
  EXPECT_EQ(tokens[3].end, 10u);
  EXPECT_EQ(tokens[3].kind, kPunct);
}

TEST(TokenizerTest, ApostropheStaysInsideAWord) {
  EXPECT_EQ(Split("Ukraine's"), (Pieces{{"Ukraine's", kWord}}));
  EXPECT_EQ(Split("Ukraine\u2019s"), (Pieces{{"Ukraine\u2019s", kWord}}));
  // A trailing apostrophe is not followed by a letter (WB6).
  EXPECT_EQ(Split("States' "),
            (Pieces{{"States", kWord}, {"'", kPunct}, {" ", kSpace}}));
}

TEST(TokenizerTest, HyphenIsItsOwnToken) {
  EXPECT_EQ(Split("cease-fire"),
            (Pieces{{"cease", kWord}, {"-", kPunct}, {"fire", kWord}}));
  EXPECT_EQ(Split("1-2"),
            (Pieces{{"1", kNumber}, {"-", kPunct}, {"2", kNumber}}));
}

TEST(TokenizerTest, NumbersWithInnerSeparators) {
  EXPECT_EQ(Split("600,000"), (Pieces{{"600,000", kNumber}}));
  EXPECT_EQ(Split("1.5"), (Pieces{{"1.5", kNumber}}));
  EXPECT_EQ(Split("1'000"), (Pieces{{"1'000", kNumber}}));
  EXPECT_EQ(Split("28."), (Pieces{{"28", kNumber}, {".", kPunct}}));
  // A narrow no-break space is ExtendNumLet: "1 000" in French typography.
  EXPECT_EQ(Split("1\u202F000"), (Pieces{{"1\u202F000", kNumber}}));
  EXPECT_EQ(Split("\u0661\u0662\u066C\u0663"),
            (Pieces{{"\u0661\u0662\u066C\u0663", kNumber}}));
}

TEST(TokenizerTest, DigitsWithLettersAreAWord) {
  EXPECT_EQ(Split("1st"), (Pieces{{"1st", kWord}}));
  EXPECT_EQ(Split("A4"), (Pieces{{"A4", kWord}}));
}

TEST(TokenizerTest, SubparagraphReference) {
  EXPECT_EQ(
      Split("3.2(b)"),
      (Pieces{{"3.2", kNumber}, {"(", kPunct}, {"b", kWord}, {")", kPunct}}));
  EXPECT_EQ(Split("\u00A7 5"),
            (Pieces{{"\u00A7", kPunct}, {" ", kSpace}, {"5", kNumber}}));
}

TEST(TokenizerTest, AbbreviationsKeepInnerPeriods) {
  // WB6/WB7: a period between letters joins; the final one does not.
  EXPECT_EQ(Split("e.g."), (Pieces{{"e.g", kWord}, {".", kPunct}}));
}

TEST(TokenizerTest, ColonSplitsAndAtSignJoinsAsInIcu) {
  // ICU's root tailoring of UAX #29 (from CLDR).
  EXPECT_EQ(Split("a:b"), (Pieces{{"a", kWord}, {":", kPunct}, {"b", kWord}}));
  EXPECT_EQ(Split("user@example.com"), (Pieces{{"user@example.com", kWord}}));
  EXPECT_EQ(Split("@ "), (Pieces{{"@", kPunct}, {" ", kSpace}}));
  EXPECT_EQ(Split("@user"), (Pieces{{"@user", kWord}}));
  EXPECT_EQ(Split("@@ a@"),
            (Pieces{{"@@", kPunct}, {" ", kSpace}, {"a@", kWord}}));
}

TEST(TokenizerTest, WhitespaceRunsAreMerged) {
  EXPECT_EQ(Split("a \t\n\n b"),
            (Pieces{{"a", kWord}, {" \t\n\n ", kSpace}, {"b", kWord}}));
  EXPECT_EQ(Split("a\r\n\r\nb"),
            (Pieces{{"a", kWord}, {"\r\n\r\n", kSpace}, {"b", kWord}}));
  EXPECT_EQ(Split(" \r\n\t"), (Pieces{{" \r\n\t", kSpace}}));
  EXPECT_EQ(
      Split("a\u00A0 \u2028\u0085b"),
      (Pieces{{"a", kWord}, {"\u00A0 \u2028\u0085", kSpace}, {"b", kWord}}));
  EXPECT_EQ(Split("\r"), (Pieces{{"\r", kSpace}}));
}

TEST(TokenizerTest, WhitespaceWithAMarkIsNotASpaceToken) {
  // WB4 attaches the mark to the tab before it; that segment is not all
  // whitespace, so it does not merge with the tab before it.
  EXPECT_EQ(Split("\t\t\u0301"),
            (Pieces{{"\t", kSpace}, {"\t\u0301", kPunct}}));
  // Spaces are one segment (WB3d), so a mark after them takes them all.
  EXPECT_EQ(Split("a   \u0301b"),
            (Pieces{{"a", kWord}, {"   \u0301", kPunct}, {"b", kWord}}));
  EXPECT_EQ(Split("a\t  \u2003\u200Db"), (Pieces{{"a", kWord},
                                                 {"\t", kSpace},
                                                 {"  \u2003\u200D", kPunct},
                                                 {"b", kWord}}));
  EXPECT_EQ(Split("\n\u0301"), (Pieces{{"\n", kSpace}, {"\u0301", kPunct}}));
  // A narrow no-break space after a word belongs to the word (WB13a).
  EXPECT_EQ(Split("a\u202F b"),
            (Pieces{{"a\u202F", kWord}, {" ", kSpace}, {"b", kWord}}));
}

TEST(TokenizerTest, Cyrillic) {
  EXPECT_EQ(Split("\u0421\u0442\u0430\u0442\u044C\u044F 5. "
                  "\u0421\u0442\u043E\u0440\u043E\u043D\u044B"),
            (Pieces{{"\u0421\u0442\u0430\u0442\u044C\u044F", kWord},
                    {" ", kSpace},
                    {"5", kNumber},
                    {".", kPunct},
                    {" ", kSpace},
                    {"\u0421\u0442\u043E\u0440\u043E\u043D\u044B", kWord}}));
}

TEST(TokenizerTest, CombiningMarksStayInTheWord) {
  EXPECT_EQ(Split("Cafe\u0301 x"),
            (Pieces{{"Cafe\u0301", kWord}, {" ", kSpace}, {"x", kWord}}));
  // At the start of the text a mark has nothing to attach to (WB4).
  EXPECT_EQ(Split("\u0301a"), (Pieces{{"\u0301", kPunct}, {"a", kWord}}));
  // Soft hyphen (Format) and ZWNJ (Extend) are ignored inside words.
  EXPECT_EQ(Split("co\u00ADoperate"), (Pieces{{"co\u00ADoperate", kWord}}));
  EXPECT_EQ(Split("\u0645\u200C\u06CC"),
            (Pieces{{"\u0645\u200C\u06CC", kWord}}));
}

TEST(TokenizerTest, LongWords) {
  // Longer than the 16 bytes the letter scanner takes at a time.
  const std::string german = "Donaudampfschifffahrtsgesellschaftskapit\u00E4n";
  EXPECT_EQ(Split(german + "s."),
            (Pieces{{german + "s", kWord}, {".", kPunct}}));
  const std::string russian =
      "\u0414\u043E\u0441\u0442\u043E\u043F\u0440\u0438\u043C\u0435"
      "\u0447\u0430\u0442\u0435\u043B\u044C\u043D\u043E\u0441\u0442"
      "\u044C";  // Достопримечательность
  EXPECT_EQ(Split(russian), (Pieces{{russian, kWord}}));
  EXPECT_EQ(Split(russian + "\u0301, " + russian + "\u0491"),
            (Pieces{{russian + "\u0301", kWord},
                    {",", kPunct},
                    {" ", kSpace},
                    {russian + "\u0491", kWord}}));
  const std::string mixed = "abcdefghijklmnop\u0430\u0431\u0432qrstuvwxyz";
  EXPECT_EQ(Split(mixed + "'s " + mixed),
            (Pieces{{mixed + "'s", kWord}, {" ", kSpace}, {mixed, kWord}}));
}

TEST(TokenizerTest, ByteOrderMarkIsItsOwnToken) {
  EXPECT_EQ(Split("\uFEFFText"), (Pieces{{"\uFEFF", kPunct}, {"Text", kWord}}));
}

TEST(TokenizerTest, EmojiSequencesAreOneToken) {
  const std::string family = "\U0001F469\u200D\U0001F469\u200D\U0001F467";
  EXPECT_EQ(Split(family), (Pieces{{family, kPunct}}));
  const std::string thumbs = "\U0001F44D\U0001F3FD";  // with a skin tone
  EXPECT_EQ(Split("a" + thumbs + "b"),
            (Pieces{{"a", kWord}, {thumbs, kPunct}, {"b", kWord}}));
  // WB3c: a ZWJ at the end of a word joins the following pictograph.
  EXPECT_EQ(Split("a\u200D\u2764"), (Pieces{{"a\u200D\u2764", kWord}}));
}

TEST(TokenizerTest, RegionalIndicatorsPairUp) {
  const std::string ua = "\U0001F1FA\U0001F1E6";
  const std::string de = "\U0001F1E9\U0001F1EA";
  const std::string f = "\U0001F1EB";
  EXPECT_EQ(Split(ua + de + f),
            (Pieces{{ua, kPunct}, {de, kPunct}, {f, kPunct}}));
  EXPECT_EQ(Split("x" + ua), (Pieces{{"x", kWord}, {ua, kPunct}}));
}

TEST(TokenizerTest, HebrewGereshAndQuotes) {
  // צה"ל with an ASCII double quote (WB7b/c) and with gershayim U+05F4.
  EXPECT_EQ(Split("\u05E6\u05D4\"\u05DC"),
            (Pieces{{"\u05E6\u05D4\"\u05DC", kWord}}));
  EXPECT_EQ(Split("\u05E6\u05D4\u05F4\u05DC"),
            (Pieces{{"\u05E6\u05D4\u05F4\u05DC", kWord}}));
  // ר' with an apostrophe (WB7a) and ג׳ with a geresh (ALetter).
  EXPECT_EQ(
      Split("\u05E8' \u05D2\u05F3"),
      (Pieces{{"\u05E8'", kWord}, {" ", kSpace}, {"\u05D2\u05F3", kWord}}));
  // A double quote after a Hebrew letter with no letter after it.
  EXPECT_EQ(Split("\u05D0\" "),
            (Pieces{{"\u05D0", kWord}, {"\"", kPunct}, {" ", kSpace}}));
}

TEST(TokenizerTest, QuotedWord) {
  EXPECT_EQ(Split("\"peace\""),
            (Pieces{{"\"", kPunct}, {"peace", kWord}, {"\"", kPunct}}));
  EXPECT_EQ(Split("\u00ABmir\u00BB"),
            (Pieces{{"\u00AB", kPunct}, {"mir", kWord}, {"\u00BB", kPunct}}));
}

TEST(TokenizerTest, DictionaryScriptsSplitPerCharacter) {
  EXPECT_EQ(Split("\u4E2D\u6587"),
            (Pieces{{"\u4E2D", kWord}, {"\u6587", kWord}}));
  // Katakana joins by WB13.
  EXPECT_EQ(Split("\u30AB\u30BF\u30AB\u30CA"),
            (Pieces{{"\u30AB\u30BF\u30AB\u30CA", kWord}}));
}

TEST(TokenizerTest, ReproducesTheTextLosslessly) {
  const std::string text =
      "Article 5.\r\n\tThe Parties\u00A0\u2014 \u201Cagree\u201D; "
      "\u0421\u0442\u0430\u0442\u044C\u044F 600,000 \U0001F1FA\U0001F1E6!";
  const std::vector<Token> tokens = Tokenize(text);
  std::string joined;
  for (const Token& t : tokens) joined += t.In(text);
  EXPECT_EQ(joined, text);
}

// Property tests on random text from a varied alphabet.

const std::vector<char32_t>& Alphabet() {
  static const std::vector<char32_t> alphabet = {
      'a',     'Z',     'e',     '0',     '7',     '.',     ',',     ':',
      ';',     '\'',    '"',     '-',     '_',     '(',     ' ',     ' ',
      '\t',    '\n',    '\r',    0x0085,  0x00A0,  0x202F,  0x2028,  0x3000,
      0x00E9,  0x0301,  0x0308,  0x00AD,  0x200B,  0x200C,  0x200D,  0xFE0F,
      0xFEFF,  0x2019,  0x201C,  0x00AB,  0x2014,  0x00A7,            //
      0x0416,  0x044F,  0x03B1,  0x05D0,  0x05F3,  0x05F4,  0x05B7,   //
      0x0627,  0x064E,  0x0661,  0x066B,  0xFF11,                     //
      0x4E2D,  0x3042,  0x30AB,  0x30FC,  0x0E01,  0xAC00,            //
      0x2764,  0x00A9,  0x24C2,  0x1F600, 0x1F469, 0x1F3FD, 0x1F1FA,  //
      0x1F1E6, 0x10400, 0x1D7CE, 0xE0061,
  };
  return alphabet;
}

std::string RandomText() {
  const std::vector<char32_t> code_points =
      *rc::gen::container<std::vector<char32_t>>(
          rc::gen::elementOf(Alphabet()));
  std::string text;
  for (char32_t c : code_points) AppendUtf8(c, &text);
  return text;
}

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

RC_GTEST_PROP(TokenizerProperty, TokensTileTheText, ()) {
  const std::string text = RandomText();
  const std::vector<Token> tokens = Tokenize(text);
  uint32_t pos = 0;
  for (const Token& t : tokens) {
    RC_ASSERT(t.begin == pos);
    RC_ASSERT(t.end > t.begin);
    RC_ASSERT(!IsContinuationByte(text[t.begin]));
    RC_ASSERT(t.end == text.size() || !IsContinuationByte(text[t.end]));
    pos = t.end;
  }
  RC_ASSERT(pos == text.size());
}

RC_GTEST_PROP(TokenizerProperty, SpaceTokensAreNeverAdjacent, ()) {
  const std::string text = RandomText();
  const std::vector<Token> tokens = Tokenize(text);
  for (size_t i = 1; i < tokens.size(); ++i) {
    RC_ASSERT(!(tokens[i - 1].kind == kSpace && tokens[i].kind == kSpace));
  }
}

RC_GTEST_PROP(TokenizerProperty, EachTokenTokenizesToItself, ()) {
  const std::string text = RandomText();
  for (const Token& t : Tokenize(text)) {
    const std::vector<Token> again = Tokenize(t.In(text));
    RC_ASSERT(again.size() == 1u);
    RC_ASSERT(again[0].kind == t.kind);
  }
}

}  // namespace
}  // namespace redline
