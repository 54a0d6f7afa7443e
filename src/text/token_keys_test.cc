#include "redline/token_keys.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "redline/tokenizer.h"

namespace redline {
namespace {

constexpr TokenKind kWord = TokenKind::kWord;
constexpr TokenKind kPunct = TokenKind::kPunct;
constexpr TokenKind kSpace = TokenKind::kSpace;

KeyOptions BytesAsWritten() {
  KeyOptions options;
  options.form = KeyOptions::Form::kNone;
  return options;
}

KeyOptions Nfkc() {
  KeyOptions options;
  options.form = KeyOptions::Form::kNfkc;
  return options;
}

KeyOptions FoldCase() {
  KeyOptions options;
  options.fold_case = true;
  return options;
}

KeyOptions UnifyQuotes(KeyOptions::Form form = KeyOptions::Form::kNfc) {
  KeyOptions options;
  options.form = form;
  options.unify_quotes_and_dashes = true;
  return options;
}

// True if `a` and `b` get the same key from a TokenKeys with `options`.
bool SameKey(const KeyOptions& options, std::string_view a, std::string_view b,
             TokenKind kind = kWord) {
  TokenKeys keys(options);
  return keys.Key(a, kind) == keys.Key(b, kind);
}

TEST(TokenKeysTest, DefaultOptions) {
  const TokenKeys keys;
  EXPECT_EQ(keys.options().form, KeyOptions::Form::kNfc);
  EXPECT_FALSE(keys.options().fold_case);
  EXPECT_FALSE(keys.options().unify_quotes_and_dashes);
  EXPECT_FALSE(keys.options().collapse_whitespace);
  EXPECT_EQ(keys.size(), 0u);
}

TEST(TokenKeysTest, KeysAreDenseInOrderOfFirstAppearance) {
  TokenKeys keys;
  EXPECT_EQ(keys.Key("peace", kWord), 0u);
  EXPECT_EQ(keys.Key("war", kWord), 1u);
  EXPECT_EQ(keys.Key("peace", kWord), 0u);
  EXPECT_EQ(keys.Key(".", kPunct), 2u);
  EXPECT_EQ(keys.Key("war", kWord), 1u);
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys.Normalized(0), "peace");
  EXPECT_EQ(keys.Normalized(1), "war");
  EXPECT_EQ(keys.Normalized(2), ".");
}

TEST(TokenKeysTest, KindDoesNotSeparateEqualTexts) {
  TokenKeys keys;
  EXPECT_EQ(keys.Key("-", kPunct), keys.Key("-", kWord));
}

TEST(TokenKeysTest, NfcMergesCanonicalEquivalents) {
  TokenKeys keys;  // NFC by default
  const uint32_t decomposed = keys.Key("cafe\u0301", kWord);
  EXPECT_EQ(keys.Key("caf\u00E9", kWord), decomposed);
  EXPECT_EQ(keys.Normalized(decomposed), "caf\u00E9");
  // Compatibility forms stay apart under NFC.
  EXPECT_NE(keys.Key("\uFB01", kWord), keys.Key("fi", kWord));
}

TEST(TokenKeysTest, RepeatedSpellingsKeepTheirKeys) {
  TokenKeys keys(FoldCase());
  const uint32_t upper =
      keys.Key("\u0421\u0422\u0410\u0422\u042C\u042F", kWord);
  const uint32_t lower =
      keys.Key("\u0441\u0442\u0430\u0442\u044C\u044F", kWord);
  EXPECT_EQ(lower, upper);
  EXPECT_EQ(keys.Key("\u0421\u0422\u0410\u0422\u042C\u042F", kWord), upper);
  EXPECT_EQ(keys.Key("\u0441\u0442\u0430\u0442\u044C\u044F", kWord), upper);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys.Normalized(upper), "\u0441\u0442\u0430\u0442\u044C\u044F");
}

TEST(TokenKeysTest, NfkcMergesCompatibilityForms) {
  EXPECT_TRUE(SameKey(Nfkc(), "\uFB01", "fi"));         // ligature ﬁ
  EXPECT_TRUE(SameKey(Nfkc(), "\uFF11\uFF12", "12"));   // full-width digits
  EXPECT_TRUE(SameKey(Nfkc(), "\u00B2", "2"));          // superscript two
  EXPECT_TRUE(SameKey(Nfkc(), "\u00A0", " ", kSpace));  // no-break space
  EXPECT_TRUE(SameKey(Nfkc(), "cafe\u0301", "caf\u00E9"));
  TokenKeys keys(Nfkc());
  EXPECT_EQ(keys.Normalized(keys.Key("\uFB01ve", kWord)), "five");
}

TEST(TokenKeysTest, FoldCaseLatinAndCyrillic) {
  EXPECT_TRUE(SameKey(FoldCase(), "Peace", "PEACE"));
  EXPECT_TRUE(SameKey(FoldCase(), "peace", "PEACE"));
  EXPECT_TRUE(SameKey(FoldCase(), "\u0421\u0442\u0430\u0442\u044C\u044F",
                      "\u0421\u0422\u0410\u0422\u042C\u042F"));  // Статья
  EXPECT_TRUE(SameKey(FoldCase(), "Stra\u00DFe", "STRASSE"));    // full folding
  EXPECT_TRUE(SameKey(FoldCase(), "\u00C9TAT", "e\u0301tat"));   // with NFC
  TokenKeys keys(FoldCase());
  EXPECT_EQ(keys.Normalized(keys.Key("PEACE", kWord)), "peace");
  EXPECT_EQ(
      keys.Normalized(keys.Key("\u0421\u0422\u0410\u0422\u042C\u042F", kWord)),
      "\u0441\u0442\u0430\u0442\u044C\u044F");
}

TEST(TokenKeysTest, FoldCaseWithNfkc) {
  KeyOptions options = Nfkc();
  options.fold_case = true;
  EXPECT_TRUE(SameKey(options, "\uFF30\uFF25\uFF21\uFF23\uFF25", "peace"));
}

TEST(TokenKeysTest, CaseIsKeptByDefault) {
  EXPECT_FALSE(SameKey(KeyOptions(), "Peace", "peace"));
  EXPECT_FALSE(SameKey(KeyOptions(), "\u0421\u0442\u0430\u0442\u044C\u044F",
                       "\u0421\u0422\u0410\u0422\u042C\u042F"));
}

TEST(TokenKeysTest, UnifyQuotesAndDashes) {
  const KeyOptions options = UnifyQuotes();
  for (const char* quote : {"\u2018", "\u2019", "\u201A", "\u201B", "\u2032"}) {
    EXPECT_TRUE(SameKey(options, quote, "'", kPunct)) << quote;
  }
  for (const char* quote :
       {"\u201C", "\u201D", "\u201E", "\u201F", "\u00AB", "\u00BB", "\u2033"}) {
    EXPECT_TRUE(SameKey(options, quote, "\"", kPunct)) << quote;
  }
  for (const char* dash :
       {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"}) {
    EXPECT_TRUE(SameKey(options, dash, "-", kPunct)) << dash;
  }
  EXPECT_TRUE(SameKey(options, "Ukraine\u2019s", "Ukraine's"));
  TokenKeys keys(options);
  EXPECT_EQ(keys.Normalized(keys.Key("\u00AB\u2014\u00BB", kPunct)), "\"-\"");
  // Other punctuation is left alone.
  EXPECT_FALSE(SameKey(options, "\u2016", "-", kPunct));
  EXPECT_FALSE(SameKey(options, "\u2026", ".", kPunct));
}

TEST(TokenKeysTest, UnifyBeforeAndAfterNfkc) {
  const KeyOptions options = UnifyQuotes(KeyOptions::Form::kNfkc);
  // NFKC alone would turn the double prime into two primes.
  EXPECT_TRUE(SameKey(options, "\u2033", "\"", kPunct));
  // NFKC turns the small em dash into an em dash, which then unifies.
  EXPECT_TRUE(SameKey(options, "\uFE58", "-", kPunct));
}

TEST(TokenKeysTest, QuotesAndDashesKeptByDefault) {
  EXPECT_FALSE(SameKey(KeyOptions(), "\u2019", "'", kPunct));
  EXPECT_FALSE(SameKey(KeyOptions(), "\u2014", "-", kPunct));
}

TEST(TokenKeysTest, CollapseWhitespace) {
  KeyOptions options;
  options.collapse_whitespace = true;
  TokenKeys keys(options);
  const uint32_t space = keys.Key(" ", kSpace);
  EXPECT_EQ(keys.Key("\t", kSpace), space);
  EXPECT_EQ(keys.Key("\r\n\n", kSpace), space);
  EXPECT_EQ(keys.Key("\u00A0\u2028", kSpace), space);
  EXPECT_EQ(keys.Normalized(space), " ");
  EXPECT_FALSE(SameKey(KeyOptions(), " ", "\t", kSpace));
}

TEST(TokenKeysTest, AllOptionsOffComparesBytesAsWritten) {
  const KeyOptions options = BytesAsWritten();
  EXPECT_FALSE(SameKey(options, "cafe\u0301", "caf\u00E9"));
  EXPECT_FALSE(SameKey(options, "Peace", "peace"));
  EXPECT_FALSE(SameKey(options, "\u2019", "'", kPunct));
  EXPECT_FALSE(SameKey(options, " ", "  ", kSpace));
  TokenKeys keys(options);
  EXPECT_EQ(keys.Normalized(keys.Key("cafe\u0301", kWord)), "cafe\u0301");
}

TEST(TokenKeysTest, KeysOfTokenizedText) {
  const std::string text = "The cat and the Cat.";
  TokenKeys keys(FoldCase());
  EXPECT_EQ(keys.Keys(text, Tokenize(text)),
            (std::vector<uint32_t>{0, 1, 2, 1, 3, 1, 0, 1, 2, 4}));
  EXPECT_EQ(keys.Normalized(0), "the");
  EXPECT_EQ(keys.Normalized(4), ".");
  EXPECT_TRUE(keys.Keys("", {}).empty());
}

// "w0", "w1", ... (built by appending: GCC 12 warns falsely on "w" + string.)
std::string NumberedWord(uint32_t i) {
  std::string word = "w";
  word += std::to_string(i);
  return word;
}

TEST(TokenKeysTest, ManyDistinctAndLongTexts) {
  TokenKeys keys;
  for (uint32_t i = 0; i < 20000; ++i) {
    ASSERT_EQ(keys.Key(NumberedWord(i), kWord), i);
  }
  const std::string long_word(100000, 'x');
  const uint32_t long_key = keys.Key(long_word, kWord);
  EXPECT_EQ(long_key, 20000u);
  for (uint32_t i = 0; i < 20000; i += 997) {
    EXPECT_EQ(keys.Normalized(i), NumberedWord(i));
    EXPECT_EQ(keys.Key(NumberedWord(i), kWord), i);
  }
  EXPECT_EQ(keys.Normalized(long_key), long_word);
  EXPECT_EQ(keys.Key("", kWord), 20001u);
  EXPECT_EQ(keys.Normalized(20001), "");
  EXPECT_EQ(keys.size(), 20002u);
}

}  // namespace
}  // namespace redline
