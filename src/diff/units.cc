#include "diff/units.h"

#include <algorithm>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "diff/line_anchors.h"
#include "redline/points.h"
#include "redline/tokenizer.h"
#include "util/memory.h"
#include "util/parallel.h"

namespace redline {

namespace {

// Placeholders for the two keys that TokenKeys does not hand out, replaced
// once both texts are keyed and the number of real keys is known.
constexpr uint32_t kEndPlaceholder = 0xFFFFFFFFu;
constexpr uint32_t kNumberPlaceholder = 0xFFFFFFFEu;
// Anchor k gets the placeholder kLinePlaceholder + k: its own key,
// the same on both sides. Token keys stay below 2^30, anchors below 2^31 - 2.
constexpr uint32_t kLinePlaceholder = 0x80000000u;
constexpr size_t kTokensPerChunk = 16384;
// Below this, a second thread costs more than it saves.
constexpr size_t kParallelMinBytes = 256 << 10;

struct Span {
  uint32_t begin, end;
};

// std::popcount without the POPCNT instruction (not in the x86-64 baseline)
// is a call into libgcc; this is a few instructions.
uint32_t BitCount(uint32_t bits) {
  bits -= (bits >> 1) & 0x55555555u;
  bits = (bits & 0x33333333u) + ((bits >> 2) & 0x33333333u);
  bits = (bits + (bits >> 4)) & 0x0F0F0F0Fu;
  return (bits * 0x01010101u) >> 24;
}

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

// The anchored lines of one side: line k is [begin[k], begin[k] + length).
struct SideAnchors {
  const LineAnchors* anchors;
  const std::vector<uint32_t>* begin;
};

Units Build(std::string_view text, const DiffOptions& options,
            const SideAnchors& side, TokenKeys* keys) {
  Units units;
  units.text = text;
  // About one token per three bytes at most, less the anchored lines;
  // untouched capacity costs only address space.
  const LineAnchors& anchors = *side.anchors;
  size_t anchored_bytes = 0;
  for (uint32_t k = 0; k < anchors.size(); ++k)
    anchored_bytes += anchors.length(k);
  const size_t expected =
      (text.size() - anchored_bytes) / 3 + anchors.size() + 2;
  ReserveLarge(&units.starts, expected + 1);
  ReserveLarge(&units.keys, expected);
  ReserveLarge(&units.words_before, expected + 1);
  units.line_units.reserve(anchors.size());
  units.words_before.push_back(0);
  const auto add = [&units](uint32_t start, uint32_t key, uint32_t words) {
    units.starts.push_back(start);
    units.keys.push_back(key);
    units.words_before.push_back(units.words_before.back() + words);
  };
  std::vector<Span> numbers;
  if (options.ignore_renumbering) numbers = PointNumbers(text);
  size_t next_number = 0;
  size_t numbered = SIZE_MAX;  // the last number given its unit
  uint32_t region = 0;         // where the next unit starts
  // Tokens a chunk at a time: they are used once, while still in cache.
  std::vector<Token> tokens;
  tokens.reserve(kTokensPerChunk);
  const auto tokenize = [&](size_t from, size_t to) {
    // A line starts after a line break, where a token always ends, so the
    // text up to an anchored line tokenizes as the whole text does there.
    const std::string_view head = text.substr(0, to);
    for (size_t pos = from; pos < to;) {
      pos = TokenizeChunk(head, pos, kTokensPerChunk, &tokens);
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
            add(region, kNumberPlaceholder, 1);
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
            token.kind == TokenKind::kWord || token.kind == TokenKind::kNumber
                ? 1
                : 0);
        region = token.end;
      }
    }
  };
  size_t pos = 0;
  for (uint32_t k = 0; k < anchors.size(); ++k) {
    const uint32_t begin = (*side.begin)[k];
    const uint32_t end = begin + anchors.length(k);
    tokenize(pos, begin);
    units.line_units.push_back(units.size());
    // The whole anchor is one unit; its words are counted as wdiff counts
    // them, which is all the cleanup and the move finder need of it.
    add(region, kLinePlaceholder + k,
        static_cast<uint32_t>(CountWords(text, begin, end)));
    region = end;
    pos = end;
  }
  tokenize(pos, text.size());
  add(region, kEndPlaceholder, 0);
  units.starts.push_back(static_cast<uint32_t>(text.size()));
  return units;
}

void ResolvePlaceholders(Units* units, uint32_t end_key, uint32_t number_key,
                         uint32_t line_key) {
  for (uint32_t& key : units->keys) {
    if (key < kLinePlaceholder) continue;
    if (key == kEndPlaceholder) {
      key = end_key;
    } else if (key == kNumberPlaceholder) {
      key = number_key;
    } else {
      key = line_key + (key - kLinePlaceholder);
    }
  }
}

}  // namespace

UnitPair BuildUnits(std::string_view old_text, std::string_view new_text,
                    const DiffOptions& options) {
  KeyOptions key_options;
  key_options.fold_case = options.ignore_case;
  key_options.collapse_whitespace = options.ignore_whitespace;
  TokenKeys keys(key_options);
  const LineAnchors anchors = AnchorLines(old_text, new_text);
  const SideAnchors old_side{&anchors, &anchors.old_begin};
  const SideAnchors new_side{&anchors, &anchors.new_begin};
  UnitPair pair;
  if (old_text.size() + new_text.size() < kParallelMinBytes) {
    pair.old_units = Build(old_text, options, old_side, &keys);
    pair.new_units = Build(new_text, options, new_side, &keys);
  } else {
    // Tokenizing and keying are most of a comparison's time: the new text
    // is done on a second thread with keys of its own, translated after.
    TokenKeys new_keys(key_options);
    RunInParallel(
        [&] { pair.new_units = Build(new_text, options, new_side, &new_keys); },
        [&] { pair.old_units = Build(old_text, options, old_side, &keys); });
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
  const uint32_t line_key = number_key + 1;
  pair.key_limit = line_key + anchors.size();
  ResolvePlaceholders(&pair.old_units, end_key, number_key, line_key);
  ResolvePlaceholders(&pair.new_units, end_key, number_key, line_key);
  return pair;
}

uint64_t CountWords(std::string_view text, uint32_t begin, uint32_t end) {
  // A word starts at each byte that is not white space and follows white
  // space or the start: counted 32 bytes at a time from masks of the
  // white-space bytes (this runs over every byte-equal line of a text).
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  uint64_t words = 0;
  uint32_t after_word = 0;  // 1 when the byte before `i` is not white space
  uint32_t i = begin;
#if defined(__SSE2__)
  const __m128i blank = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t');  // \t \n \v \f \r: 9..13
  const __m128i four = _mm_set1_epi8(4);
  const auto space_mask = [&](const unsigned char* at) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i from_tab = _mm_sub_epi8(bytes, tab);
    const __m128i control =
        _mm_cmpeq_epi8(_mm_min_epu8(from_tab, four), from_tab);
    const __m128i space = _mm_or_si128(_mm_cmpeq_epi8(bytes, blank), control);
    return static_cast<uint32_t>(_mm_movemask_epi8(space));
  };
  // The bytes of the 32 at `at` that are not white space, as bits.
  const auto word_bytes = [&](uint32_t at) {
    return ~(space_mask(p + at) | (space_mask(p + at + 16) << 16));
  };
  for (; i + 32 <= end; i += 32) {
    const uint32_t words_mask = word_bytes(i);
    words += BitCount(words_mask & ~((words_mask << 1) | after_word));
    after_word = words_mask >> 31;
  }
  if (i < end && i + 32 <= text.size()) {
    // The last few bytes, read with the text after them, which is there.
    const uint32_t words_mask =
        word_bytes(i) & ((uint32_t{1} << (end - i)) - 1);
    return words + BitCount(words_mask & ~((words_mask << 1) | after_word));
  }
#endif
  bool in_word = after_word != 0;
  for (; i < end; ++i) {
    const bool space = IsAsciiSpace(text[i]);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace redline
