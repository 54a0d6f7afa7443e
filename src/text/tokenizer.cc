// The tokenizer is a hand-written UAX #29 word-boundary scanner (Unicode 15,
// rules WB1-WB999) followed by a merge of adjacent whitespace segments.
//
// The scanner reads one segment at a time. It keeps the Word_Break class of
// the last character that WB4 does not ignore (`prev`) and of the last
// character read (`raw`, for WB3c and WB3d, which precede WB4), and decides
// each position with a (prev, next) action table; the rules that look one
// character ahead (WB6, WB7b, WB12) peek past ignorable characters when
// needed. Rules that look one character back (WB7, WB7c, WB11) need no state:
// when the lookahead succeeds the middle character is taken without changing
// `prev`, and the character after it then joins by WB5 or WB8.
//
// Most tokens are decided before the full scanner runs, by a fast path for
// words of one- and two-byte letters, ASCII numbers, ASCII whitespace and
// ASCII punctuation that hands over to the scanner whenever a character it
// does not handle could change the outcome. (Both stay in this one file,
// longer than usual, because they share the tables and inline into one
// loop.)
//
// ICU 72's word BreakIterator (root locale) deliberately differs from plain
// UAX #29 in two ways, and this tokenizer matches ICU; both are applied to
// the class table in word_break.cc:
//  - CLDR's root tailoring takes the colons U+003A, U+FE55 and U+FF1A out of
//    MidLetter, so "a:b" is three tokens (UAX #29 makes it one word; CLDR
//    does so for Swedish and Finnish only).
//  - CLDR's root tailoring makes U+0040 "@" an ALetter, so that an e-mail
//    address such as "user@example.com" is one word. A lone "@" still counts
//    as punctuation: token kinds use the untailored letter property.
//
// Agreement with ICU's word BreakIterator is checked by tokenizer_icu_test.cc
// on random text of every script except those that ICU segments with
// dictionaries (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar),
// where this scanner follows UAX #29 alone.

#include "redline/tokenizer.h"

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/word_break.h"
#include "util/memory.h"

namespace redline {
namespace {

// What to do on meeting a character of class `next` after `prev`.
enum Action : uint8_t {
  kBreak,              // WB999 (unless WB3c or WB3d applies to the raw pair)
  kJoin,               // a rule among WB5-WB13b keeps them together
  kIgnore,             // WB4: Extend, Format or ZWJ attaches, prev unchanged
  kJoinBeforeLetter,   // WB6: join if an (A)HLetter follows
  kJoinBeforeDigit,    // WB12: join if a Numeric follows
  kHebrewSingleQuote,  // WB7a, or WB6 when an (A)HLetter follows
  kHebrewDoubleQuote,  // WB7b: join if a Hebrew_Letter follows
  kRegionalPair,       // WB15/WB16: join the second indicator of a pair
};

using ActionTable =
    std::array<std::array<Action, kWbClassCount>, kWbClassCount>;

constexpr ActionTable MakeActions() {
  ActionTable t{};  // all kBreak
  for (int p = 0; p < kWbClassCount; ++p) {
    // CR, LF and Newline end their segment before the table is consulted
    // (WB3, WB3a), so WB4's exception for them needs no entry.
    t[p][kWbExtend] = t[p][kWbFormat] = t[p][kWbZwj] = kIgnore;
  }
  const WordBreakClass ah_letters[] = {kWbALetter, kWbHebrewLetter};
  for (WordBreakClass a : ah_letters) {
    for (WordBreakClass b : ah_letters) t[a][b] = kJoin;  // WB5
    t[a][kWbMidLetter] = t[a][kWbMidNumLet] = t[a][kWbSingleQuote] =
        kJoinBeforeLetter;          // WB6, WB7
    t[a][kWbNumeric] = kJoin;       // WB9
    t[kWbNumeric][a] = kJoin;       // WB10
    t[a][kWbExtendNumLet] = kJoin;  // WB13a
    t[kWbExtendNumLet][a] = kJoin;  // WB13b
  }
  t[kWbHebrewLetter][kWbSingleQuote] = kHebrewSingleQuote;  // WB7a
  t[kWbHebrewLetter][kWbDoubleQuote] = kHebrewDoubleQuote;  // WB7b, WB7c
  t[kWbNumeric][kWbNumeric] = kJoin;                        // WB8
  t[kWbNumeric][kWbMidNum] = t[kWbNumeric][kWbMidNumLet] =
      t[kWbNumeric][kWbSingleQuote] = kJoinBeforeDigit;  // WB11, WB12
  t[kWbKatakana][kWbKatakana] = kJoin;                   // WB13
  const WordBreakClass others[] = {kWbNumeric, kWbKatakana, kWbExtendNumLet};
  for (WordBreakClass a : others) {
    t[a][kWbExtendNumLet] = kJoin;  // WB13a
    t[kWbExtendNumLet][a] = kJoin;  // WB13b
  }
  t[kWbRegionalIndicator][kWbRegionalIndicator] = kRegionalPair;
  return t;
}

constexpr ActionTable kActions = MakeActions();

bool IsIgnorable(int c) {
  return c == kWbExtend || c == kWbFormat || c == kWbZwj;
}

bool IsAHLetter(int c) { return c == kWbALetter || c == kWbHebrewLetter; }

bool IsLineBreak(int c) { return c == kWbCR || c == kWbLF || c == kWbNewline; }

// One UAX #29 segment and the union and intersection of its characters'
// properties.
struct Segment {
  size_t end;
  CharProps first;  // the first character
  CharProps any;    // OR over all characters
  CharProps all;    // AND over all characters
};

TokenKind KindOf(const Segment& seg) {
  if (seg.all & kPropsWhiteSpace) return TokenKind::kSpace;
  if (seg.any & kPropsLetter) return TokenKind::kWord;
  if (ClassOf(seg.first) == kWbNumeric) return TokenKind::kNumber;
  return TokenKind::kPunct;
}

// What the fast path needs to know of each ASCII byte, derived once from
// the character and action tables.
struct AsciiRoles {
  enum Role : uint8_t {
    kSlow,    // leave the token to the full scanner
    kLetter,  // a letter (ALetter with the letter flag): A-Z, a-z
    kDigit,   // a Numeric: 0-9
    kSpace,   // whitespace
    kAlone,   // a segment of its own unless an ignorable follows
  };
  // What a run of letters (or digits) does at a byte.
  enum After : uint8_t {
    kGoesOn,              // it continues, or the full scanner must decide
    kEnds,                // it ends before the byte
    kEndsUnlessAHLetter,  // WB6: it ends unless an (A)HLetter follows
    kEndsUnlessDigit,     // WB12: it ends unless a Numeric follows
  };

  explicit AsciiRoles(const CharPropsTable& table);

  static After AfterRun(int run_class, int next) {
    switch (kActions[run_class][next]) {
      case kBreak:
        return kEnds;  // neither WB3c nor WB3d can apply after a letter
      case kJoinBeforeLetter:
        return kEndsUnlessAHLetter;
      case kJoinBeforeDigit:
        return kEndsUnlessDigit;
      default:
        return kGoesOn;
    }
  }

  Role role[128];
  After after_letter[128];
  After after_digit[128];
  // Whether A-Z, a-z and U+0400..U+047F are all ALetter, as SkipLetters
  // assumes (true in Unicode 15; checked so that a future ICU cannot break
  // the tokenizer silently).
  bool simd_letters;
  bool a_letter[128];   // ALetter
  bool ah_letter[128];  // ALetter or Hebrew_Letter
  bool digit[128];      // Numeric
};

AsciiRoles::AsciiRoles(const CharPropsTable& table) {
  const CharProps* latin1 = table.latin1();
  simd_letters = true;
  for (char32_t c = 0; c < 0x480; ++c) {
    const bool in_runs =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x400;
    if (in_runs && ClassOf(table.Lookup(c)) != kWbALetter) {
      simd_letters = false;
    }
  }
  for (int b = 0; b < 128; ++b) {
    const CharProps p = latin1[b];
    const WordBreakClass c = ClassOf(p);
    // Alone: no ASCII character after it joins its segment.
    bool alone = true;
    for (int x = 0; x < 128; ++x) {
      alone = alone && kActions[c][ClassOf(latin1[x])] == kBreak;
    }
    if (c == kWbALetter && (p & kPropsLetter)) {
      role[b] = kLetter;
    } else if (c == kWbNumeric) {
      role[b] = kDigit;
    } else if (p & kPropsWhiteSpace) {
      role[b] = kSpace;
    } else {
      role[b] = alone ? kAlone : kSlow;
    }
    after_letter[b] = AfterRun(kWbALetter, c);
    after_digit[b] = AfterRun(kWbNumeric, c);
    a_letter[b] = c == kWbALetter;
    ah_letter[b] = IsAHLetter(c);
    digit[b] = c == kWbNumeric;
  }
}

// Splits one text. Holds pointers into the text; not thread-safe (use one
// per call).
class Segmenter {
 public:
  explicit Segmenter(std::string_view text)
      : s_(reinterpret_cast<const unsigned char*>(text.data())),
        n_(text.size()),
        table_(CharPropsTable::Get()),
        latin1_(table_.latin1()),
        ascii_(Roles(table_)) {}

  // The fast path: if the text from `start` on decides the extent and kind
  // of the token there without the full scanner, returns its end and sets
  // *kind; otherwise returns 0. A whitespace result may be one of several
  // whitespace segments that the caller merges.
  // REQUIRES: start < text size.
  size_t ScanFast(size_t start, TokenKind* kind) const;

  // The segment that starts at `start`. REQUIRES: start < text size.
  Segment Scan(size_t start) const;

 private:
  // The properties of the character at `pos` (< n_); sets *len to its length
  // in bytes.
  CharProps At(size_t pos, size_t* len) const {
    const unsigned char b = s_[pos];
    if (b < 0x80) {
      *len = 1;
      return latin1_[b];
    }
    return DecodeAt(pos, len);
  }

  CharProps DecodeAt(size_t pos, size_t* len) const;

  // Whether the two bytes at `pos` are a two-byte sequence (U+0080..U+07FF).
  bool IsTwoByte(size_t pos) const {
    return s_[pos] >= 0xC2 && s_[pos] < 0xE0 && pos + 1 < n_;
  }
  CharProps TwoByteAt(size_t pos) const {
    return table_.Lookup((char32_t{s_[pos] & 0x1Fu} << 6) |
                         (s_[pos + 1] & 0x3Fu));
  }

  WordBreakClass AsciiClass(size_t pos) const {
    return ClassOf(latin1_[s_[pos]]);
  }

  // The end of the run of one- and two-byte ALetters from `pos`.
  [[gnu::always_inline]] size_t SkipLetters(size_t pos) const;

  // Whether a run of letters or digits ends before `pos`, judging from ASCII
  // only (false when that takes a non-ASCII character). `after` is
  // ascii_.after_letter or ascii_.after_digit.
  [[gnu::always_inline]] bool EndsBeforeAscii(const AsciiRoles::After* after,
                                              size_t pos) const;

  // ScanFast for a token that starts with ASCII whitespace.
  size_t ScanWhiteSpace(size_t start) const;

  // The class of the first character at or after `pos` that WB4 ignores
  // not, or kWbClassCount at the end of the text.
  int ClassAfterIgnorables(size_t pos) const;

  static const AsciiRoles& Roles(const CharPropsTable& table) {
    static const AsciiRoles* const roles = new AsciiRoles(table);
    return *roles;
  }

  const unsigned char* s_;
  size_t n_;
  const CharPropsTable& table_;
  const CharProps* latin1_;
  const AsciiRoles& ascii_;
};

// Valid UTF-8 is a precondition, but a malformed or truncated sequence must
// still not read past the end: such a byte counts as one character of class
// Other.
CharProps Segmenter::DecodeAt(size_t pos, size_t* len) const {
  const unsigned char b0 = s_[pos];
  const size_t left = n_ - pos;
  char32_t c;
  if (b0 >= 0xC2 && b0 < 0xE0 && left >= 2) {
    c = (char32_t{b0 & 0x1Fu} << 6) | (s_[pos + 1] & 0x3Fu);
    *len = 2;
  } else if (b0 >= 0xE0 && b0 < 0xF0 && left >= 3) {
    c = (char32_t{b0 & 0x0Fu} << 12) | (char32_t{s_[pos + 1] & 0x3Fu} << 6) |
        (s_[pos + 2] & 0x3Fu);
    *len = 3;
  } else if (b0 >= 0xF0 && b0 < 0xF5 && left >= 4) {
    c = (char32_t{b0 & 0x07u} << 18) | (char32_t{s_[pos + 1] & 0x3Fu} << 12) |
        (char32_t{s_[pos + 2] & 0x3Fu} << 6) | (s_[pos + 3] & 0x3Fu);
    *len = 4;
  } else {
    *len = 1;
    return kWbOther;
  }
  return table_.Lookup(c);
}

inline size_t Segmenter::SkipLetters(size_t pos) const {
  for (;;) {
#if defined(__SSE2__)
    // Most words are runs of A-Z and a-z, or of Cyrillic letters
    // U+0400..U+047F (D0 80..D1 BF): find where such a run ends 16 bytes at
    // a time, without a branch per character. The loop below takes the
    // character there, and any other letter.
    if (pos + 16 <= n_ && ascii_.simd_letters) {
      const __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_ + pos));
      unsigned others;  // a bit per byte not in the run
      if (s_[pos] < 0x80) {
        // Signed compares: bytes from 0x80 up are negative, not letters.
        const __m128i lower = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        const __m128i letters =
            _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                          _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
        others = ~_mm_movemask_epi8(letters) & 0xFFFFu;
      } else {
        const unsigned leads = _mm_movemask_epi8(_mm_cmpeq_epi8(
            _mm_and_si128(bytes, _mm_set1_epi8(static_cast<char>(0xFE))),
            _mm_set1_epi8(static_cast<char>(0xD0))));
        const unsigned trails = _mm_movemask_epi8(_mm_cmpeq_epi8(
            _mm_and_si128(bytes, _mm_set1_epi8(static_cast<char>(0xC0))),
            _mm_set1_epi8(static_cast<char>(0x80))));
        // Bit 2k stands for the character in bytes 2k and 2k + 1.
        others = ~(leads & (trails >> 1)) & 0x5555u;
      }
      if (others == 0) {
        pos += 16;
        continue;
      }
      pos += __builtin_ctz(others);
    }
#endif
    if (pos == n_) return pos;
    if (s_[pos] < 0x80) {
      if (!ascii_.a_letter[s_[pos]]) return pos;
      ++pos;
    } else if (IsTwoByte(pos) && ClassOf(TwoByteAt(pos)) == kWbALetter) {
      pos += 2;
    } else {
      return pos;
    }
  }
}

inline bool Segmenter::EndsBeforeAscii(const AsciiRoles::After* after,
                                       size_t pos) const {
  if (pos == n_) return true;
  if (s_[pos] >= 0x80) return false;
  switch (after[s_[pos]]) {
    case AsciiRoles::kEnds:
      return true;
    case AsciiRoles::kEndsUnlessAHLetter:
      return pos + 1 == n_ ||
             (s_[pos + 1] < 0x80 && !ascii_.ah_letter[s_[pos + 1]]);
    case AsciiRoles::kEndsUnlessDigit:
      return pos + 1 == n_ ||
             (s_[pos + 1] < 0x80 && !ascii_.digit[s_[pos + 1]]);
    case AsciiRoles::kGoesOn:
      break;
  }
  return false;
}

size_t Segmenter::ScanWhiteSpace(size_t start) const {
  size_t end = start + 1;
  while (end < n_ && s_[end] < 0x80 && (latin1_[s_[end]] & kPropsWhiteSpace)) {
    ++end;
  }
  if (end == n_ || s_[end] < 0x80) return end;
  // An Extend, Format or ZWJ after the run attaches to the segment before it
  // (WB4), which then is not all whitespace, and a non-ASCII space may join
  // the spaces before it (WB3d) and then take one: leave that last segment
  // to Scan. It is the last tab, or the last run of spaces (one segment by
  // WB3d); line breaks take nothing after them (WB3a).
  size_t len;
  const int next = ClassOf(DecodeAt(end, &len));
  if (!IsIgnorable(next) && next != kWbWSegSpace) return end;
  const WordBreakClass last = AsciiClass(end - 1);
  if (last == kWbWSegSpace) {
    while (end > start && AsciiClass(end - 1) == kWbWSegSpace) --end;
  } else if (!IsLineBreak(last)) {
    --end;
  }
  return end > start ? end : 0;
}

size_t Segmenter::ScanFast(size_t start, TokenKind* kind) const {
  const unsigned char b = s_[start];
  size_t end;
  if (b < 0x80) {
    switch (ascii_.role[b]) {
      case AsciiRoles::kLetter:
        end = SkipLetters(start + 1);
        break;
      case AsciiRoles::kDigit:
        end = start + 1;
        while (end < n_ && s_[end] < 0x80 && ascii_.digit[s_[end]]) ++end;
        if (!EndsBeforeAscii(ascii_.after_digit, end)) return 0;
        *kind = TokenKind::kNumber;
        return end;
      case AsciiRoles::kSpace:
        *kind = TokenKind::kSpace;
        return ScanWhiteSpace(start);
      case AsciiRoles::kAlone:
        if (start + 1 < n_ && s_[start + 1] >= 0x80) return 0;
        *kind = TokenKind::kPunct;
        return start + 1;
      case AsciiRoles::kSlow:
      default:
        return 0;
    }
  } else {
    // A word that starts with a two-byte letter (Cyrillic, Greek, accented
    // Latin, Arabic...).
    if (!IsTwoByte(start)) return 0;
    const CharProps first = TwoByteAt(start);
    if (ClassOf(first) != kWbALetter || !(first & kPropsLetter)) return 0;
    end = SkipLetters(start + 2);
  }
  if (!EndsBeforeAscii(ascii_.after_letter, end)) return 0;
  *kind = TokenKind::kWord;
  return end;
}

int Segmenter::ClassAfterIgnorables(size_t pos) const {
  while (pos < n_) {
    size_t len;
    const WordBreakClass c = ClassOf(At(pos, &len));
    if (!IsIgnorable(c)) return c;
    pos += len;
  }
  return kWbClassCount;
}

// One function on purpose: the scanner's state lives in registers across the
// whole segment.
Segment Segmenter::Scan(size_t start) const {
  size_t len;
  const CharProps first = At(start, &len);
  Segment seg{start + len, first, first, first};
  int prev = ClassOf(first);
  if (prev == kWbCR) {  // WB3, WB3a
    if (seg.end < n_ && s_[seg.end] == '\n') {
      seg.all &= latin1_[s_[seg.end]];
      seg.any |= latin1_[s_[seg.end]];
      ++seg.end;
    }
    return seg;
  }
  if (IsLineBreak(prev)) return seg;  // WB3a
  int raw = prev;
  bool second_indicator = false;
  size_t pos = seg.end;
  while (pos < n_) {
    // Letter after letter joins by WB5 and leaves the state as it is; the
    // flags too, once the segment has a letter (it may start with "@", an
    // ALetter that is not one).
    if (prev == kWbALetter && raw == kWbALetter && (seg.any & kPropsLetter)) {
      pos = SkipLetters(pos);
      if (pos == n_) break;
    }
    const CharProps props = At(pos, &len);
    const WordBreakClass next = ClassOf(props);
    bool join = true;
    switch (kActions[prev][next]) {
      case kJoin:
        prev = next;
        break;
      case kIgnore:
        break;
      case kJoinBeforeLetter:
        join = IsAHLetter(ClassAfterIgnorables(pos + len));
        break;
      case kJoinBeforeDigit:
        join = ClassAfterIgnorables(pos + len) == kWbNumeric;
        break;
      case kHebrewSingleQuote:
        if (!IsAHLetter(ClassAfterIgnorables(pos + len))) {
          prev = next;  // WB7a only: nothing more joins after the quote
        }
        break;
      case kHebrewDoubleQuote:
        join = ClassAfterIgnorables(pos + len) == kWbHebrewLetter;
        break;
      case kRegionalPair:
        join = !second_indicator;
        second_indicator = true;
        break;
      case kBreak:
        join = false;
        break;
    }
    if (!join) {
      const bool wb3c = raw == kWbZwj && (props & kPropsExtPict);
      const bool wb3d = raw == kWbWSegSpace && next == kWbWSegSpace;
      if (!wb3c && !wb3d) break;
      prev = next;
    }
    raw = next;
    seg.any |= props;
    seg.all &= props;
    pos += len;
  }
  seg.end = pos;
  return seg;
}

}  // namespace

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kPunct:
      return "punct";
    case TokenKind::kSpace:
      return "space";
  }
  return "?";
}

static_assert(sizeof(Token) == 8, "tokens are 8 bytes: see tokenizer.h");

namespace {

// Appends the tokens of text[from, ...) to *out, stopping before the token
// that would make it hold more than `max_tokens`. Returns where it stopped.
size_t ScanTokens(std::string_view text, size_t from, size_t max_tokens,
                  std::vector<Token>* out) {
  std::vector<Token>& tokens = *out;
  const Segmenter segmenter(text);
  size_t pos = from;
  while (pos < text.size()) {
    TokenKind kind = TokenKind::kPunct;
    size_t end = segmenter.ScanFast(pos, &kind);
    if (end == 0) {
      const Segment seg = segmenter.Scan(pos);
      end = seg.end;
      kind = KindOf(seg);
    }
    if (kind == TokenKind::kSpace && !tokens.empty() &&
        tokens.back().kind == TokenKind::kSpace) {
      tokens.back().end = static_cast<uint32_t>(end);
    } else {
      // A new token never merges with the last one, so the next chunk can
      // start here.
      if (tokens.size() >= max_tokens) return pos;
      // Field by field: clang copies a braced temporary through the stack
      // with a wider load than the kind's store, a store-forwarding stall
      // on every token.
      Token& token = tokens.emplace_back();
      token.begin = static_cast<uint32_t>(pos);
      token.end = static_cast<uint32_t>(end);
      token.kind = kind;
    }
    pos = end;
  }
  return pos;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  if (text.empty()) return tokens;
  // English prose has about one token per 3.5 bytes, Cyrillic half as many.
  // Reserving generously costs only address space (untouched pages are
  // never faulted in), while growing copies every token.
  ReserveLarge(&tokens, text.size() / 3 + 16);
  ScanTokens(text, 0, SIZE_MAX, &tokens);
  return tokens;
}

size_t TokenizeChunk(std::string_view text, size_t from, size_t max_tokens,
                     std::vector<Token>* tokens) {
  tokens->clear();
  return ScanTokens(text, from, max_tokens, tokens);
}

}  // namespace redline
