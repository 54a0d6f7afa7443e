// JSON string literals of text, written fast: the bytes go out as they are
// but for the escapes JSON requires (the same output as nlohmann's dump of
// valid UTF-8). Used wherever long texts are written as JSON (redlines,
// alignments, the server's replies). Private to the library.
//
// Thread-safety: pure functions.

#ifndef REDLINE_FORMATS_JSON_STRING_H_
#define REDLINE_FORMATS_JSON_STRING_H_

#include <string>
#include <string_view>

namespace redline {

// Appends `text` as a quoted JSON string to *out.
// REQUIRES: `text` is valid UTF-8.
void AppendJsonString(std::string_view text, std::string* out);

// `text` as a quoted JSON string. REQUIRES: valid UTF-8.
inline std::string JsonString(std::string_view text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

}  // namespace redline

#endif  // REDLINE_FORMATS_JSON_STRING_H_
