// Conformance of the tokenizer with ICU's word BreakIterator (root locale) on
// random mixed-script text, and of each token's kind with the definition in
// tokenizer.h computed from ICU's character properties.
//
// ICU's boundaries, taken over a UText on the UTF-8 bytes so that they are
// byte offsets, must equal ours once the boundaries inside whitespace runs
// are removed: a boundary is dropped when the ICU segments on both of its
// sides consist of whitespace only, which is exactly the merge the tokenizer
// does.
//
// The alphabet leaves out the scripts ICU segments with dictionaries, where
// it deliberately differs from plain UAX #29: Han, Hiragana, Hangul, Thai,
// Lao, Khmer, Myanmar, and Katakana too (ICU's CJK dictionary splits
// "カタカナテスト" into "カタカナ" and "テスト"; UAX #29 keeps one word).

#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "redline/tokenizer.h"

namespace redline {
namespace {

void AppendUtf8(char32_t c, std::string* out) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, c);
  out->append(bytes, length);
}

// Characters in groups; the generator draws runs from one group so that
// words, numbers and emoji sequences occur, then mixes groups.
const std::vector<std::u32string>& Groups() {
  static const std::vector<std::u32string> groups = {
      // Latin, Cyrillic, Greek letters.
      U"abcdefghijklmnopqrstuvwxyzABCXYZ\u00E9\u00DF\u0131",
      U"\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u044F\u0410\u0416\u042F"
      U"\u0451\u0456\u0491\u0483",
      U"\u03B1\u03B2\u03B3\u03C9\u0391\u03A9\u03AC",
      // Hebrew letters, geresh, gershayim, points.
      U"\u05D0\u05D1\u05D2\u05E9\u05EA\u05F3\u05F4\u05B7\u05BC",
      // Arabic letters and harakat.
      U"\u0627\u0628\u062A\u0645\u064A\u06CC\u064E\u0651",
      // ASCII digits, Arabic-Indic digits and separators, fullwidth digits.
      U"0123456789",
      U"\u0660\u0661\u0662\u0669\u066B\u066C",
      U"\uFF10\uFF11\uFF19",
      // Combining marks, joiners, soft hyphen, variation selector.
      U"\u0301\u0308\u0327\u200D\u200C\u00AD\uFE0F",
      // Word-internal and other punctuation, quotes, brackets, symbols.
      U"'\u2019.,:;-_\"\u201C\u201D\u00AB\u00BB()[]\u00A7!?/%\u2014\u2010@"
      U"\u00B7\u2027\uFF1A\uFE55\uFF0E",
      // Whitespace.
      U"  \u00A0\u202F\t\t\n\u2028\u0085\u3000\u2003",
      // Emoji: pictographs, skin tones, ZWJ, hearts with VS16, symbols that
      // are letters (circled M).
      U"\U0001F600\U0001F44D\U0001F469\U0001F467\U0001F3FB\U0001F3FD\u200D"
      U"\u2764\uFE0F\u00A9\u24C2\u2122",
      // Regional indicators.
      U"\U0001F1FA\U0001F1E6\U0001F1E9\U0001F1EA\U0001F1EB",
  };
  return groups;
}

std::string RandomText(std::mt19937& rng) {
  const auto& groups = Groups();
  std::uniform_int_distribution<size_t> pick_group(0, groups.size() - 1);
  // Mostly short runs; some long enough for the 16-byte letter scanner.
  std::uniform_int_distribution<int> run_length(1, 8);
  std::uniform_int_distribution<int> long_run_length(9, 24);
  std::uniform_int_distribution<int> length(1, 300);
  std::uniform_int_distribution<int> percent(0, 99);
  const int target = length(rng);
  std::string text;
  for (int n = 0; n < target;) {
    const std::u32string& group = groups[pick_group(rng)];
    std::uniform_int_distribution<size_t> pick(0, group.size() - 1);
    const int wanted =
        percent(rng) < 15 ? long_run_length(rng) : run_length(rng);
    const int run = std::min(wanted, target - n);
    for (int i = 0; i < run; ++i, ++n) {
      if (percent(rng) < 3) {
        text += "\r\n";  // CRLF cannot come from single code points
      } else {
        AppendUtf8(group[pick(rng)], &text);
      }
    }
  }
  return text;
}

// `text` with everything but printable ASCII escaped, for messages. (It
// may be cut mid-character: stray bytes show as \xNN.)
std::string Escape(std::string_view text) {
  std::string out;
  const int32_t size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(text.data(), i, size, c);
    char buf[16];
    if (c < 0) {
      std::snprintf(buf, sizeof buf, "\\x%02X",
                    static_cast<unsigned char>(text[at]));
      out += buf;
    } else if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      std::snprintf(buf, sizeof buf, c > 0xFFFF ? "\\U%08X" : "\\u%04X",
                    static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out;
}

bool AllWhiteSpace(std::string_view s) {
  const int32_t size = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < size;) {
    UChar32 c;
    U8_NEXT(s.data(), i, size, c);
    if (c < 0 || !u_isUWhiteSpace(c)) return false;
  }
  return size > 0;
}

// ICU's boundaries of `text` (0 and text.size() included), less those
// between two whitespace-only segments.
std::vector<uint32_t> IcuBoundaries(icu::BreakIterator& words,
                                    const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), text.size(), &status);
  words.setText(ut, status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  std::vector<uint32_t> all;
  for (int32_t b = words.first(); b != icu::BreakIterator::DONE;
       b = words.next()) {
    all.push_back(static_cast<uint32_t>(b));
  }
  utext_close(ut);
  std::vector<uint32_t> kept;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0 && i + 1 < all.size()) {
      const std::string_view s = text;
      if (AllWhiteSpace(s.substr(all[i - 1], all[i] - all[i - 1])) &&
          AllWhiteSpace(s.substr(all[i], all[i + 1] - all[i]))) {
        continue;
      }
    }
    kept.push_back(all[i]);
  }
  return kept;
}

// The kind the header defines for a token, computed with ICU's properties.
TokenKind ExpectedKind(std::string_view token) {
  bool all_space = true;
  bool letter = false;
  UChar32 first = U_SENTINEL;
  for (int32_t i = 0; i < static_cast<int32_t>(token.size());) {
    UChar32 c;
    U8_NEXT(token.data(), i, static_cast<int32_t>(token.size()), c);
    if (first == U_SENTINEL) first = c;
    const int32_t wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
    all_space = all_space && u_isUWhiteSpace(c);
    letter = letter || u_isalpha(c) || wb == U_WB_ALETTER ||
             wb == U_WB_HEBREW_LETTER || wb == U_WB_KATAKANA;
  }
  if (all_space) return TokenKind::kSpace;
  if (letter) return TokenKind::kWord;
  if (u_getIntPropertyValue(first, UCHAR_WORD_BREAK) == U_WB_NUMERIC) {
    return TokenKind::kNumber;
  }
  return TokenKind::kPunct;
}

std::vector<uint32_t> OurBoundaries(const std::string& text) {
  std::vector<uint32_t> bounds = {0};
  for (const Token& t : Tokenize(text)) bounds.push_back(t.end);
  return bounds;
}

TEST(TokenizerIcuTest, BoundariesAndKindsOnRandomText) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  std::mt19937 rng(20240229);
  constexpr int kTexts = 2000;
  int failures = 0;
  for (int i = 0; i < kTexts && failures < 5; ++i) {
    const std::string text = RandomText(rng);
    for (const Token& token : Tokenize(text)) {
      const std::string_view piece = token.In(text);
      if (token.kind != ExpectedKind(piece)) {
        ++failures;
        ADD_FAILURE() << "text #" << i << ": token \"" << Escape(piece)
                      << "\" at byte " << token.begin << " is a "
                      << TokenKindName(token.kind) << ", expected a "
                      << TokenKindName(ExpectedKind(piece));
      }
    }
    const std::vector<uint32_t> icu = IcuBoundaries(*words, text);
    const std::vector<uint32_t> ours = OurBoundaries(text);
    if (icu == ours) continue;
    ++failures;
    const auto [a, b] =
        std::mismatch(icu.begin(), icu.end(), ours.begin(), ours.end());
    const uint32_t at = std::min(a == icu.end() ? UINT32_MAX : *a,
                                 b == ours.end() ? UINT32_MAX : *b);
    ADD_FAILURE() << "text #" << i << ": \"" << Escape(text) << "\"\n"
                  << "first difference at byte " << at << " (ICU "
                  << (a == icu.end() ? "none" : std::to_string(*a)) << ", ours "
                  << (b == ours.end() ? "none" : std::to_string(*b))
                  << "), context: \""
                  << Escape(
                         text.substr(at - std::min(at, 12u), std::min(at, 12u)))
                  << "|" << Escape(text.substr(at, 12)) << "\"";
  }
}

}  // namespace
}  // namespace redline
