#include "text/word_break.h"

#include <unicode/uchar.h>

namespace redline {
namespace {

WordBreakClass FromIcu(int32_t value) {
  switch (value) {
    case U_WB_CR:
      return kWbCR;
    case U_WB_LF:
      return kWbLF;
    case U_WB_NEWLINE:
      return kWbNewline;
    case U_WB_EXTEND:
      return kWbExtend;
    case U_WB_ZWJ:
      return kWbZwj;
    case U_WB_REGIONAL_INDICATOR:
      return kWbRegionalIndicator;
    case U_WB_FORMAT:
      return kWbFormat;
    case U_WB_KATAKANA:
      return kWbKatakana;
    case U_WB_HEBREW_LETTER:
      return kWbHebrewLetter;
    case U_WB_ALETTER:
      return kWbALetter;
    case U_WB_SINGLE_QUOTE:
      return kWbSingleQuote;
    case U_WB_DOUBLE_QUOTE:
      return kWbDoubleQuote;
    case U_WB_MIDNUMLET:
      return kWbMidNumLet;
    case U_WB_MIDLETTER:
      return kWbMidLetter;
    case U_WB_MIDNUM:
      return kWbMidNum;
    case U_WB_NUMERIC:
      return kWbNumeric;
    case U_WB_EXTENDNUMLET:
      return kWbExtendNumLet;
    case U_WB_WSEGSPACE:
      return kWbWSegSpace;
    default:
      return kWbOther;
  }
}

// The properties of `c` as ICU gives them, with the tailoring of ICU's root
// word rules: ICU applies it in its rules, we in the data.
CharProps PropsFromIcu(UChar32 c) {
  WordBreakClass wb = FromIcu(u_getIntPropertyValue(c, UCHAR_WORD_BREAK));
  CharProps props = 0;
  // u_isalpha is general category L*. The untailored class counts here, so
  // a lone "@" is punctuation.
  if (u_isalpha(c) || wb == kWbALetter || wb == kWbHebrewLetter ||
      wb == kWbKatakana) {
    props |= kPropsLetter;
  }
  if (u_isUWhiteSpace(c)) props |= kPropsWhiteSpace;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) {
    props |= kPropsExtPict;
  }
  if (c == U':' || c == 0xFE55 || c == 0xFF1A) wb = kWbOther;  // colons
  if (c == U'@') wb = kWbALetter;
  return props | wb;
}

}  // namespace

const CharPropsTable& CharPropsTable::Get() {
  static const CharPropsTable* const table = new CharPropsTable();
  return *table;
}

CharPropsTable::CharPropsTable() : latin1_(BuildPage(0)) {}

const CharProps* CharPropsTable::BuildPage(size_t index) const {
  auto* page = new CharProps[256];
  for (char32_t low = 0; low < 256; ++low) {
    page[low] = PropsFromIcu(static_cast<UChar32>((index << 8) | low));
  }
  const CharProps* expected = nullptr;
  if (!pages_[index].compare_exchange_strong(expected, page,
                                             std::memory_order_acq_rel)) {
    delete[] page;  // another thread published this page first
    return expected;
  }
  return page;
}

CharProps CharPropsTable::LookupSupplementary(char32_t c) {
  if (c > 0x10FFFF) return kWbOther;
  return PropsFromIcu(static_cast<UChar32>(c));
}

}  // namespace redline
