#include "align/term_vectors.h"

#include <dlfcn.h>
#include <libstemmer.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "redline/align.h"
#include "redline/token_keys.h"
#include "redline/tokenizer.h"

namespace redline {

namespace {

// The Snowball stemmers are loaded on first use (dlopen) rather than
// linked: their tables hold about 11,000 pointers that the dynamic loader
// would relocate at the start of every command (85 pages written, about
// 1.2 ms here), though only alignment stems. The functions used, resolved
// once; null members when the library (Debian package libstemmer0d) is not
// there, and then words are compared unstemmed.
struct LibStemmer {
  sb_stemmer* (*create)(const char*, const char*) = nullptr;
  void (*destroy)(sb_stemmer*) = nullptr;
  const sb_symbol* (*stem)(sb_stemmer*, const sb_symbol*, int) = nullptr;
  int (*length)(sb_stemmer*) = nullptr;
};

// Thread-safe.
const LibStemmer& Snowball() {
  static const LibStemmer loaded = []() -> LibStemmer {
    void* handle = ::dlopen("libstemmer.so.0d", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return {};
    LibStemmer lib;
    lib.create = reinterpret_cast<decltype(lib.create)>(
        ::dlsym(handle, "sb_stemmer_new"));
    lib.destroy = reinterpret_cast<decltype(lib.destroy)>(
        ::dlsym(handle, "sb_stemmer_delete"));
    lib.stem = reinterpret_cast<decltype(lib.stem)>(
        ::dlsym(handle, "sb_stemmer_stem"));
    lib.length = reinterpret_cast<decltype(lib.length)>(
        ::dlsym(handle, "sb_stemmer_length"));
    if (lib.create == nullptr || lib.destroy == nullptr ||
        lib.stem == nullptr || lib.length == nullptr) {
      return {};
    }
    return lib;  // the handle stays open for the life of the process
  }();
  return loaded;
}

sb_stemmer* NewStemmer(const char* language) {
  const LibStemmer& lib = Snowball();
  return lib.create == nullptr ? nullptr : lib.create(language, "UTF_8");
}

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { Snowball().destroy(stemmer); }
};
using Stemmer = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// Cyrillic letters are U+0400..U+052F: lead bytes 0xD0..0xD4.
bool IsCyrillic(std::string_view word) {
  const auto lead = static_cast<unsigned char>(word[0]);
  return lead >= 0xD0 && lead <= 0xD4;
}

// Latin: ASCII letters and the Latin supplements (lead bytes 0xC3..0xC9).
bool IsLatin(std::string_view word) {
  const auto lead = static_cast<unsigned char>(word[0]);
  return (lead < 0x80) || (lead >= 0xC3 && lead <= 0xC9);
}

// Stems case-folded words, one stemmer per script, each spelling once.
class WordStems {
 public:
  WordStems()
      : english_(NewStemmer("english")), russian_(NewStemmer("russian")) {}

  std::string Stem(std::string_view word) {
    sb_stemmer* stemmer = nullptr;
    if (IsCyrillic(word)) {
      stemmer = russian_.get();
    } else if (IsLatin(word)) {
      stemmer = english_.get();
    }
    if (stemmer == nullptr) return std::string(word);
    const LibStemmer& lib = Snowball();
    const sb_symbol* stem =
        lib.stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                 static_cast<int>(word.size()));
    if (stem == nullptr) return std::string(word);  // out of memory
    return std::string(reinterpret_cast<const char*>(stem),
                       static_cast<size_t>(lib.length(stemmer)));
  }

 private:
  Stemmer english_;
  Stemmer russian_;
};

// Turns texts into term counts, giving each stem a dense id.
class TermCounter {
 public:
  TermCounter() : folded_(FoldedOptions()) {}

  // Term ids of the words and numbers of `text`, with their counts.
  std::map<uint32_t, uint32_t> Count(std::string_view text) {
    std::map<uint32_t, uint32_t> counts;
    for (const Token& token : Tokenize(text)) {
      if (token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber) {
        continue;
      }
      const uint32_t key = folded_.Key(token.In(text), token.kind);
      if (key >= term_of_key_.size()) term_of_key_.resize(key + 1, kNone);
      if (term_of_key_[key] == kNone) {
        std::string stem = token.kind == TokenKind::kWord
                               ? stems_.Stem(folded_.Normalized(key))
                               : std::string(folded_.Normalized(key));
        auto [it, added] = term_of_stem_.emplace(
            std::move(stem), static_cast<uint32_t>(term_of_stem_.size()));
        term_of_key_[key] = it->second;
      }
      ++counts[term_of_key_[key]];
    }
    return counts;
  }

  uint32_t term_count() const {
    return static_cast<uint32_t>(term_of_stem_.size());
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static KeyOptions FoldedOptions() {
    KeyOptions options;
    options.fold_case = true;
    return options;
  }

  TokenKeys folded_;
  WordStems stems_;
  std::vector<uint32_t> term_of_key_;
  std::unordered_map<std::string, uint32_t> term_of_stem_;
};

std::vector<uint32_t> SameKeys(std::string_view text, TokenKeys* keys) {
  std::vector<Token> tokens = Tokenize(text);
  size_t first = 0;
  size_t last = tokens.size();
  while (first < last && tokens[first].kind == TokenKind::kSpace) ++first;
  while (last > first && tokens[last - 1].kind == TokenKind::kSpace) --last;
  std::vector<uint32_t> result;
  result.reserve(last - first);
  for (size_t i = first; i < last; ++i) {
    result.push_back(keys->Key(tokens[i].In(text), tokens[i].kind));
  }
  return result;
}

void AddSide(std::string_view text, const Document& doc, TermCounter* counter,
             TokenKeys* keys, std::vector<std::map<uint32_t, uint32_t>>* counts,
             std::vector<std::vector<uint32_t>>* same_keys) {
  for (const Point& point : doc.points) {
    const std::string_view own = OwnText(text, point);
    counts->push_back(counter->Count(own));
    same_keys->push_back(SameKeys(own, keys));
  }
}

std::vector<TermVector> Weigh(
    const std::vector<std::map<uint32_t, uint32_t>>& counts,
    const std::vector<uint32_t>& df, double point_count) {
  std::vector<TermVector> vectors(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    for (const auto& [term, count] : counts[i]) {
      const double idf = std::log(1.0 + point_count / df[term]);
      vectors[i].terms.emplace_back(term, (1.0 + std::log(count)) * idf);
    }
  }
  return vectors;
}

}  // namespace

double Norm(const TermVector& vector) {
  double sum = 0;
  for (const auto& [term, weight] : vector.terms) sum += weight * weight;
  return std::sqrt(sum);
}

std::string_view OwnText(std::string_view text, const Point& point) {
  const size_t begin = std::min<size_t>(point.begin, text.size());
  const size_t end = std::clamp<size_t>(point.body_end, begin, text.size());
  std::string_view own = text.substr(begin, end - begin);
  if (!point.number.empty()) {
    const size_t at = own.find(point.number);
    if (at != std::string_view::npos)
      own.remove_prefix(at + point.number.size());
  }
  return own;
}

PointTerms BuildPointTerms(std::string_view old_text, const Document& old_doc,
                           std::string_view new_text, const Document& new_doc) {
  TermCounter counter;
  TokenKeys keys;
  PointTerms result;
  std::vector<std::map<uint32_t, uint32_t>> old_counts;
  std::vector<std::map<uint32_t, uint32_t>> new_counts;
  AddSide(old_text, old_doc, &counter, &keys, &old_counts, &result.old_keys);
  AddSide(new_text, new_doc, &counter, &keys, &new_counts, &result.new_keys);
  result.document_frequency.assign(counter.term_count(), 0);
  for (const auto* side : {&old_counts, &new_counts}) {
    for (const auto& counts : *side) {
      for (const auto& entry : counts) ++result.document_frequency[entry.first];
    }
  }
  const double points =
      static_cast<double>(old_counts.size() + new_counts.size());
  result.old_vectors = Weigh(old_counts, result.document_frequency, points);
  result.new_vectors = Weigh(new_counts, result.document_frequency, points);
  return result;
}

double Cosine(const TermVector& a, const TermVector& b) {
  const double norms = Norm(a) * Norm(b);
  if (norms == 0) return 0;
  double dot = 0;
  auto i = a.terms.begin();
  auto j = b.terms.begin();
  while (i != a.terms.end() && j != b.terms.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      dot += i->second * j->second;
      ++i;
      ++j;
    }
  }
  return std::min(1.0, dot / norms);
}

double Containment(const TermVector& part, const TermVector& whole) {
  double total = 0;
  double held = 0;
  auto j = whole.terms.begin();
  for (const auto& [term, weight] : part.terms) {
    total += weight;
    while (j != whole.terms.end() && j->first < term) ++j;
    if (j != whole.terms.end() && j->first == term) held += weight;
  }
  return total == 0 ? 0 : held / total;
}

TermVector Sum(const std::vector<const TermVector*>& vectors) {
  std::map<uint32_t, double> sum;
  for (const TermVector* v : vectors) {
    for (const auto& [term, weight] : v->terms) sum[term] += weight;
  }
  TermVector result;
  result.terms.assign(sum.begin(), sum.end());
  return result;
}

}  // namespace redline
