// The one-pass check that a text is acceptable. Private to src/text.

#ifndef REDLINE_TEXT_UTF8_CHECK_H_
#define REDLINE_TEXT_UTF8_CHECK_H_

#include <string_view>

namespace redline {

// Whether `bytes` is well-formed UTF-8 (as ValidateUtf8 requires) without a
// NUL byte, in one pass. A text that fails is looked at again by
// ValidateUtf8 and a search for NUL, to say why.
bool IsNulFreeUtf8(std::string_view bytes);

}  // namespace redline

#endif  // REDLINE_TEXT_UTF8_CHECK_H_
