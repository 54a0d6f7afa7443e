#include "diff/units.h"

#include <algorithm>

#include "redline/points.h"
#include "redline/tokenizer.h"

namespace redline {

namespace {

// Placeholders for the two keys that TokenKeys does not hand out, replaced
// once both texts are keyed and the number of real keys is known.
constexpr uint32_t kEndPlaceholder = 0xFFFFFFFFu;
constexpr uint32_t kNumberPlaceholder = 0xFFFFFFFEu;

struct Span {
  uint32_t begin, end;
};

// The byte spans of the numbers that open points ("7.", "(b)", "Article 5").
std::vector<Span> PointNumbers(std::string_view text) {
  std::vector<Span> spans;
  const Document doc = ParsePoints(text);
  for (const Point& point : doc.points) {
    const size_t at = text.find(point.number, point.begin);
    if (at == std::string_view::npos || point.number.empty()) continue;
    spans.push_back({static_cast<uint32_t>(at),
                     static_cast<uint32_t>(at + point.number.size())});
  }
  return spans;
}

Units Build(std::string_view text, const DiffOptions& options,
            TokenKeys* keys) {
  Units units;
  units.text = text;
  std::vector<Token> tokens = Tokenize(text);
  units.starts.reserve(tokens.size() + 2);
  units.keys.reserve(tokens.size() + 1);
  std::vector<Span> numbers;
  if (options.ignore_renumbering) numbers = PointNumbers(text);
  size_t next_number = 0;
  uint32_t region = 0;  // where the next unit starts
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    while (next_number < numbers.size() &&
           numbers[next_number].end <= token.begin) {
      ++next_number;
    }
    if (next_number < numbers.size() &&
        numbers[next_number].begin <= token.begin) {
      // A point number: one unit, whatever its tokens.
      units.starts.push_back(region);
      units.keys.push_back(kNumberPlaceholder);
      while (i + 1 < tokens.size() &&
             tokens[i + 1].begin < numbers[next_number].end) {
        ++i;
      }
      region = tokens[i].end;
      continue;
    }
    const bool insignificant =
        (options.ignore_whitespace && token.kind == TokenKind::kSpace) ||
        (options.ignore_punctuation && token.kind == TokenKind::kPunct);
    if (insignificant) continue;
    units.starts.push_back(region);
    units.keys.push_back(keys->Key(token.In(text), token.kind));
    region = token.end;
  }
  units.starts.push_back(region);
  units.keys.push_back(kEndPlaceholder);
  units.starts.push_back(static_cast<uint32_t>(text.size()));
  return units;
}

void ResolvePlaceholders(Units* units, uint32_t end_key, uint32_t number_key) {
  for (uint32_t& key : units->keys) {
    if (key == kEndPlaceholder) key = end_key;
    if (key == kNumberPlaceholder) key = number_key;
  }
}

}  // namespace

UnitPair BuildUnits(std::string_view old_text, std::string_view new_text,
                    const DiffOptions& options) {
  KeyOptions key_options;
  key_options.fold_case = options.ignore_case;
  key_options.collapse_whitespace = options.ignore_whitespace;
  TokenKeys keys(key_options);
  UnitPair pair;
  pair.old_units = Build(old_text, options, &keys);
  pair.new_units = Build(new_text, options, &keys);
  const uint32_t end_key = keys.size();
  const uint32_t number_key = end_key + 1;
  pair.key_limit = number_key + 1;
  ResolvePlaceholders(&pair.old_units, end_key, number_key);
  ResolvePlaceholders(&pair.new_units, end_key, number_key);
  return pair;
}

uint64_t CountWords(std::string_view text, uint32_t begin, uint32_t end) {
  uint64_t words = 0;
  bool in_word = false;
  for (uint32_t i = begin; i < end; ++i) {
    const char c = text[i];
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
                       c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool HasWord(const Units& units, uint32_t unit) {
  for (uint32_t i = units.begin(unit); i < units.end(unit); ++i) {
    const auto c = static_cast<unsigned char>(units.text[i]);
    if (c >= 0x80 || (c >= '0' && c <= '9') ||
        ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      return true;
    }
  }
  return false;
}

}  // namespace redline
