// Tokenizer benchmarks (issue R1): redline's tokenizer, keys and point parser
// against ICU's word BreakIterator, on the same synthetic treaty text of 1 MiB
// and 10 MiB, in the same run. Every benchmark reports bytes per second.
//
// Baselines:
//  - IcuWordUtf8: icu::BreakIterator::createWordInstance(root) over the
//    UTF-8 bytes through utext_openUTF8, visiting every boundary. This is
//    what the tokenizer replaces, on the same input it gets.
//  - IcuWordUtf16: the same over a UTF-16 copy made outside the timed loop,
//    ICU's native (fastest) form.
// The ICU baselines only find boundaries; Tokenize also classifies each token
// and writes it to a vector, so the comparison does not favour Tokenize.
//
// bench/run.sh runs this and prints the ratios; see BENCHMARKS.md.

#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "redline/points.h"
#include "redline/token_keys.h"
#include "redline/tokenizer.h"
#include "treaty_text.h"

namespace redline {
namespace {

constexpr int64_t kOneMiB = int64_t{1} << 20;
constexpr int64_t kTenMiB = int64_t{10} << 20;

// The treaty text of `bytes` bytes, generated once per size. Benchmarks run
// one at a time, so the cache needs no lock.
const std::string& TreatyText(int64_t bytes) {
  static auto* texts = new std::map<int64_t, std::string>;
  auto it = texts->find(bytes);
  if (it == texts->end()) {
    it = texts
             ->emplace(bytes, MakeTreatyText(static_cast<size_t>(bytes),
                                             kDefaultTreatySeed))
             .first;
  }
  return it->second;
}

void SetBytes(benchmark::State& state, const std::string& text) {
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = TreatyText(state.range(0));
  size_t count = 0;
  for (auto _ : state) {
    std::vector<Token> tokens = Tokenize(text);
    benchmark::DoNotOptimize(tokens.data());
    count = tokens.size();
    if (tokens.empty() || tokens.back().end != text.size()) {
      state.SkipWithError("Tokenize did not cover the text");
      break;
    }
  }
  benchmark::DoNotOptimize(count);
  state.counters["tokens"] = static_cast<double>(count);
  SetBytes(state, text);
}

std::unique_ptr<icu::BreakIterator> NewWordIterator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return nullptr;
  return it;
}

// Visits every boundary of the iterator's text; returns how many there are.
int64_t CountBoundaries(icu::BreakIterator* it) {
  int64_t count = 0;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
    ++count;
  }
  return count;
}

void BM_IcuWordUtf8(benchmark::State& state) {
  const std::string& text = TreatyText(state.range(0));
  std::unique_ptr<icu::BreakIterator> it = NewWordIterator();
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(),
                                static_cast<int64_t>(text.size()), &status);
  if (it == nullptr || U_FAILURE(status)) {
    state.SkipWithError("cannot set up the ICU word BreakIterator");
    utext_close(utext);
    return;
  }
  int64_t count = 0;
  for (auto _ : state) {
    it->setText(utext, status);
    count = CountBoundaries(it.get());
    benchmark::DoNotOptimize(count);
  }
  utext_close(utext);
  state.counters["boundaries"] = static_cast<double>(count);
  SetBytes(state, text);
}

void BM_IcuWordUtf16(benchmark::State& state) {
  const std::string& text = TreatyText(state.range(0));
  const icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(text);
  std::unique_ptr<icu::BreakIterator> it = NewWordIterator();
  if (it == nullptr || utf16.isBogus()) {
    state.SkipWithError("cannot set up the ICU word BreakIterator");
    return;
  }
  int64_t count = 0;
  for (auto _ : state) {
    it->setText(utf16);
    count = CountBoundaries(it.get());
    benchmark::DoNotOptimize(count);
  }
  state.counters["boundaries"] = static_cast<double>(count);
  // Bytes of the UTF-8 text, so that rates compare directly.
  SetBytes(state, text);
}

void BM_TokenizeAndKeys(benchmark::State& state) {
  const std::string& text = TreatyText(state.range(0));
  size_t count = 0;
  uint32_t distinct = 0;
  for (auto _ : state) {
    // A fresh table each time: a comparison starts with an empty one.
    TokenKeys keys;
    std::vector<Token> tokens = Tokenize(text);
    std::vector<uint32_t> ids = keys.Keys(text, tokens);
    benchmark::DoNotOptimize(ids.data());
    count = ids.size();
    distinct = keys.size();
  }
  benchmark::DoNotOptimize(count);
  state.counters["keys"] = static_cast<double>(count);
  state.counters["distinct"] = static_cast<double>(distinct);
  SetBytes(state, text);
}

void BM_ParsePoints(benchmark::State& state) {
  const std::string& text = TreatyText(state.range(0));
  size_t count = 0;
  for (auto _ : state) {
    Document doc = ParsePoints(text);
    benchmark::DoNotOptimize(doc.points.data());
    count = doc.points.size();
  }
  benchmark::DoNotOptimize(count);
  state.counters["points"] = static_cast<double>(count);
  SetBytes(state, text);
}

// Registers every benchmark, size by size, so that each measurement of
// redline runs right next to its baselines on the same text.
void RegisterAll() {
  struct Entry {
    const char* name;
    void (*function)(benchmark::State&);
  };
  static constexpr Entry kEntries[] = {
      {"BM_Tokenize", BM_Tokenize},
      {"BM_IcuWordUtf8", BM_IcuWordUtf8},
      {"BM_IcuWordUtf16", BM_IcuWordUtf16},
      {"BM_TokenizeAndKeys", BM_TokenizeAndKeys},
      {"BM_ParsePoints", BM_ParsePoints},
  };
  for (int64_t bytes : {kOneMiB, kTenMiB}) {
    for (const Entry& entry : kEntries) {
      benchmark::RegisterBenchmark(entry.name, entry.function)
          ->Arg(bytes)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::AddCustomContext("text", "MakeTreatyText(bytes, " +
                                          std::to_string(kDefaultTreatySeed) +
                                          ") from bench/treaty_text.h");
}

}  // namespace
}  // namespace redline

int main(int argc, char** argv) {
  redline::RegisterAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
