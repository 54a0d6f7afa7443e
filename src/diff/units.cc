#include "diff/units.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <thread>

#include "redline/points.h"
#include "redline/tokenizer.h"
#include "util/memory.h"

namespace redline {

namespace {

// Placeholders for the two keys that TokenKeys does not hand out, replaced
// once both texts are keyed and the number of real keys is known.
constexpr uint32_t kEndPlaceholder = 0xFFFFFFFFu;
constexpr uint32_t kNumberPlaceholder = 0xFFFFFFFEu;
constexpr size_t kTokensPerChunk = 16384;
// Below this, a second thread costs more than it saves.
constexpr size_t kParallelMinBytes = 256 << 10;

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
  // About one token per three bytes at most; untouched capacity costs only
  // address space.
  const size_t expected = text.size() / 3 + 2;
  ReserveLarge(&units.starts, expected + 1);
  ReserveLarge(&units.keys, expected);
  ReserveLarge(&units.words_before, expected + 1);
  units.words_before.push_back(0);
  const auto add = [&units](uint32_t start, uint32_t key, bool word) {
    units.starts.push_back(start);
    units.keys.push_back(key);
    units.words_before.push_back(units.words_before.back() + (word ? 1 : 0));
  };
  std::vector<Span> numbers;
  if (options.ignore_renumbering) numbers = PointNumbers(text);
  size_t next_number = 0;
  size_t numbered = SIZE_MAX;  // the last number given its unit
  uint32_t region = 0;         // where the next unit starts
  // Tokens a chunk at a time: they are used once, while still in cache.
  std::vector<Token> tokens;
  tokens.reserve(kTokensPerChunk);
  for (size_t pos = 0; pos < text.size();) {
    pos = TokenizeChunk(text, pos, kTokensPerChunk, &tokens);
    for (const Token& token : tokens) {
      while (next_number < numbers.size() &&
             numbers[next_number].end <= token.begin) {
        ++next_number;
      }
      if (next_number < numbers.size() &&
          numbers[next_number].begin <= token.begin) {
        // A point number: one unit, whatever its tokens. Its first token
        // may have started before it ("__1." in Markdown), so the unit is
        // made by the first token inside it.
        if (numbered != next_number) {
          add(region, kNumberPlaceholder, true);
          numbered = next_number;
        }
        region = token.end;
        continue;
      }
      const bool insignificant =
          (options.ignore_whitespace && token.kind == TokenKind::kSpace) ||
          (options.ignore_punctuation && token.kind == TokenKind::kPunct);
      if (insignificant) continue;
      add(region, keys->Key(token.In(text), token.kind),
          token.kind == TokenKind::kWord || token.kind == TokenKind::kNumber);
      region = token.end;
    }
  }
  add(region, kEndPlaceholder, false);
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
  if (old_text.size() + new_text.size() < kParallelMinBytes) {
    pair.old_units = Build(old_text, options, &keys);
    pair.new_units = Build(new_text, options, &keys);
  } else {
    // Tokenizing and keying are most of a comparison's time: the new text
    // is done on a second thread with keys of its own, translated after.
    TokenKeys new_keys(key_options);
    std::exception_ptr failure;
    std::thread worker([&] {
      try {
        pair.new_units = Build(new_text, options, &new_keys);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    pair.old_units = Build(old_text, options, &keys);
    worker.join();
    if (failure) std::rethrow_exception(failure);
    // Normalised texts are their own normal form, so Key() maps each to
    // the shared key of the same text.
    std::vector<uint32_t> translation(new_keys.size());
    for (uint32_t k = 0; k < new_keys.size(); ++k) {
      translation[k] = keys.Key(new_keys.Normalized(k), TokenKind::kWord);
    }
    for (uint32_t& key : pair.new_units.keys) {
      if (key < translation.size()) key = translation[key];
    }
  }
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
    const bool space = IsAsciiSpace(text[i]);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace redline
