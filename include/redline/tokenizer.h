// The tokenizer: splits a UTF-8 text into words, numbers, punctuation and
// whitespace runs along the Unicode word-break rules (UAX #29), keeping each
// token's byte span so that the text is reproduced byte for byte.
//
// A hyphen is its own token; "Ukraine's" is one word; "600,000" and "1.5"
// are one number each. Adjacent whitespace (spaces, tabs, line breaks) forms
// one token. Scripts that UAX #29 leaves to dictionaries (Chinese, Japanese,
// Thai...) are split per character, as the rules say without a dictionary.
//
// Apart from merged whitespace, the boundaries are those of ICU's word
// BreakIterator for the root locale, which tailors UAX #29 as CLDR does: a
// colon does not join letters ("a:b" is three tokens) and "@" does
// ("user@example.com" is one word). Only the scripts that ICU splits with
// dictionaries differ.
//
// This is the hot path of every comparison: it allocates only the output
// vector (and, once per process, a 64 KB property table), and calls into ICU
// per character only for characters outside the Basic Multilingual Plane
// (emoji, historic scripts), which are rare.
//
// Thread-safety: all functions are thread-safe.

#ifndef REDLINE_TOKENIZER_H_
#define REDLINE_TOKENIZER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace redline {

enum class TokenKind : uint8_t {
  kWord,    // contains a letter: "peace", "Ukraine's", "1st", "ст"
  kNumber,  // digits with inner separators only: "28", "600,000", "1.5"
  kPunct,   // any other single segment: ".", "-", "§", "«", an emoji
  kSpace,   // a run of whitespace, line breaks included
};
// Precisely: a kSpace token is a maximal run of UAX #29 segments that hold
// only White_Space characters (a space followed by a combining mark is a
// segment that does not); every other token is one segment, a kWord if it
// has a letter (general category L, or Word_Break ALetter, Hebrew_Letter or
// Katakana as Unicode assigns them, so not "@"), else a kNumber if it starts
// with a Word_Break Numeric, else a kPunct.

// Returns "word", "number", "punct" or "space".
const char* TokenKindName(TokenKind kind);

// One token: the bytes [begin, end) of the text it was cut from.
// Eight bytes: the tokens of a long text are written at hundreds of
// megabytes a second, and their size is most of the tokenizer's cost. End
// offsets fit in 30 bits because texts are at most kMaxTextBytes (1 GiB).
struct Token {
  uint32_t begin;
  uint32_t end : 30;
  TokenKind kind : 2;

  std::string_view In(std::string_view text) const {
    return text.substr(begin, end - begin);
  }
};

// Returns the tokens of `text` in order. They are contiguous and cover the
// whole text: tokens[0].begin == 0, each end is the next begin, and the last
// end is text.size(). An empty text has no tokens. Tokens begin and end on
// code point boundaries.
// REQUIRES: ValidateUtf8(text).ok() and text.size() <= kMaxTextBytes. (On
// malformed UTF-8 it still reads only within `text` and returns contiguous
// tokens covering it, but where they are cut is unspecified.)
std::vector<Token> Tokenize(std::string_view text);

// Tokenizes a text a chunk at a time, for callers that consume tokens as
// they come and need not hold them all: replaces *tokens with the tokens of
// text[from, ...), at most `max_tokens` of them (at least one), and returns
// the offset where the next chunk starts (text.size() after the last).
// Chunks together give exactly the tokens of Tokenize(text).
// REQUIRES: as Tokenize; `from` is 0 or a value this function returned;
// max_tokens >= 1.
size_t TokenizeChunk(std::string_view text, size_t from, size_t max_tokens,
                     std::vector<Token>* tokens);

}  // namespace redline

#endif  // REDLINE_TOKENIZER_H_
