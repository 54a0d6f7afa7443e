// Comparison keys for tokens: each token's text, normalised as the options
// say, is interned to a small integer so that comparing two tokens is
// comparing two integers. Texts that are compared with each other must take
// their keys from the same TokenKeys object.
//
// Thread-safety: a TokenKeys object is not thread-safe; use one per thread or
// guard it externally.

#ifndef REDLINE_TOKEN_KEYS_H_
#define REDLINE_TOKEN_KEYS_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "redline/tokenizer.h"

namespace redline {

// Which spellings of a token count as the same.
struct KeyOptions {
  enum class Form : uint8_t {
    kNone,  // compare the bytes as written
    kNfc,   // canonically equivalent spellings are equal (e + U+0301 == é)
    kNfkc,  // also compatibility forms: ligatures, full-width letters,
            // superscripts ("²" == "2"), non-breaking space == space
  };
  // Unicode normalisation form. Default NFC: it only merges spellings that no
  // reader can tell apart.
  Form form = Form::kNfc;

  // Full Unicode case folding: "Peace" == "PEACE" == "peace",
  // "Статья" == "СТАТЬЯ". Default off: case can matter in legal text.
  bool fold_case = false;

  // Typographic variants of quotes and dashes count as their plain form:
  // ‘ ’ ‚ ‛ ′ → ', “ ” „ ‟ « » ″ → ", and ‐ ‑ ‒ – — ― − → -. Default off.
  bool unify_quotes_and_dashes = false;

  // Every whitespace token gets the same key, so " ", "\t" and "\r\n\n"
  // compare equal. Default off.
  bool collapse_whitespace = false;
};
// The normalised text of a token is made in this order: a kSpace token under
// collapse_whitespace is " "; otherwise quotes and dashes are unified, the
// text is put in `form`, case-folded and put in `form` again, and (under
// NFKC, which can yield a dash) quotes and dashes are unified again. Should
// ICU fail on a token, its bytes as written are its normalised text.

// Interns normalised token texts. Key values are dense: 0, 1, 2, ... in
// order of first appearance.
class TokenKeys {
 public:
  explicit TokenKeys(const KeyOptions& options = KeyOptions());
  ~TokenKeys();
  TokenKeys(const TokenKeys&) = delete;
  TokenKeys& operator=(const TokenKeys&) = delete;

  const KeyOptions& options() const;

  // Returns the key of one token's text. Two texts get the same key exactly
  // when their normalised forms are equal; `kind` matters only for
  // collapse_whitespace. Each distinct spelling goes through ICU at most
  // once; ASCII never does.
  // REQUIRES: token_text is valid UTF-8.
  uint32_t Key(std::string_view token_text, TokenKind kind);

  // Returns the keys of `tokens`, cut from `text`, in order.
  std::vector<uint32_t> Keys(std::string_view text,
                             const std::vector<Token>& tokens);

  // The normalised text a key stands for, valid as long as this object.
  // REQUIRES: key < size().
  std::string_view Normalized(uint32_t key) const;

  // The number of distinct keys handed out so far.
  uint32_t size() const;

 private:
  uint32_t KeyOf(std::string_view token_text, TokenKind kind);

  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace redline

#endif  // REDLINE_TOKEN_KEYS_H_
