// Unicode character properties that the tokenizer needs on its hot path: the
// Word_Break property of UAX #29 plus three flags (letter, white space,
// Extended_Pictographic), read once from ICU's character data into a table so
// that looking up a BMP character is one array read, not a call into ICU.
//
// Private to src/text; ICU appears only in word_break.cc.
//
// Thread-safety: CharPropsTable::Get() is thread-safe; the table it returns
// is immutable and may be read from any number of threads.

#ifndef REDLINE_TEXT_WORD_BREAK_H_
#define REDLINE_TEXT_WORD_BREAK_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace redline {

// The Word_Break property values of Unicode 15 (UAX #29, table 3), with the
// tailoring of ICU's root word rules (from CLDR): the colons U+003A, U+FE55
// and U+FF1A are Other rather than MidLetter, and U+0040 "@" is ALetter. ICU's
// obsolete emoji values (E_Base, E_Modifier, Glue_After_Zwj, E_Base_GAZ), which
// no character has had since Unicode 11, read as kWbOther. Small integers, so
// that the tokenizer can index tables by them.
enum WordBreakClass : uint8_t {
  kWbOther = 0,
  kWbCR,
  kWbLF,
  kWbNewline,
  kWbExtend,
  kWbZwj,
  kWbRegionalIndicator,
  kWbFormat,
  kWbKatakana,
  kWbHebrewLetter,
  kWbALetter,
  kWbSingleQuote,
  kWbDoubleQuote,
  kWbMidNumLet,
  kWbMidLetter,
  kWbMidNum,
  kWbNumeric,
  kWbExtendNumLet,
  kWbWSegSpace,
  kWbClassCount,
};

// The properties of one code point packed in a byte: the WordBreakClass in
// the low five bits, then three flags.
using CharProps = uint8_t;
inline constexpr CharProps kPropsClassMask = 0x1F;
// General category L* (Lu, Ll, Lt, Lm, Lo), or Word_Break ALetter,
// Hebrew_Letter or Katakana: the characters that make a token a word.
inline constexpr CharProps kPropsLetter = 0x20;
// The White_Space property (u_isUWhiteSpace): space, tab, CR, LF, VT, FF,
// NEL, NBSP, U+2028, U+2029, the U+2000 spaces, U+3000...
inline constexpr CharProps kPropsWhiteSpace = 0x40;
// The Extended_Pictographic property (emoji and other pictographs).
inline constexpr CharProps kPropsExtPict = 0x80;

static_assert(kWbClassCount <= kPropsClassMask + 1);

inline WordBreakClass ClassOf(CharProps props) {
  return static_cast<WordBreakClass>(props & kPropsClassMask);
}

// The properties of every code point: a byte per code point for the Basic
// Multilingual Plane, where nearly all text lives, in pages of 256 code
// points built from ICU's data the first time a text uses one (a text uses
// a few: building all 256 took 2 ms, a tenth of comparing two 1 MB texts);
// supplementary code points (emoji, historic scripts, rare ideographs) are
// looked up in ICU one by one.
class CharPropsTable {
 public:
  // The table, kept for the life of the process.
  static const CharPropsTable& Get();

  CharPropsTable(const CharPropsTable&) = delete;
  CharPropsTable& operator=(const CharPropsTable&) = delete;

  // The properties of code point `c`. Values above U+10FFFF (which valid
  // UTF-8 never yields) read as kWbOther with no flags.
  CharProps Lookup(char32_t c) const {
    if (c >= kBmpSize) return LookupSupplementary(c);
    const CharProps* page = pages_[c >> 8].load(std::memory_order_acquire);
    if (page == nullptr) page = BuildPage(c >> 8);
    return page[c & 0xFF];
  }

  // The properties of U+0000..U+00FF, indexed by code point: the fast path
  // for ASCII bytes.
  const CharProps* latin1() const { return latin1_; }

 private:
  static constexpr char32_t kBmpSize = 0x10000;
  static constexpr size_t kPages = kBmpSize >> 8;

  CharPropsTable();
  // Builds page `index` and publishes it, unless another thread did first;
  // returns the published page. Pages are never freed (nor is the table).
  const CharProps* BuildPage(size_t index) const;
  static CharProps LookupSupplementary(char32_t c);

  // Declared before latin1_, which the constructor builds into it.
  mutable std::array<std::atomic<const CharProps*>, kPages> pages_{};
  const CharProps* latin1_;
};

}  // namespace redline

#endif  // REDLINE_TEXT_WORD_BREAK_H_
