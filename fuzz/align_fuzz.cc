// Fuzzes point alignment and the synopsis: the first byte picks the base,
// the rest is split at NULs into up to four versions. Every point (and every
// preamble block) of each version must land in exactly one pair of each
// alignment and in exactly one row of the synopsis, and the JSON writers
// must produce JSON.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "redline/align.h"
#include "redline/align_format.h"
#include "redline/points.h"
#include "redline/synopsis.h"
#include "redline/text.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// How many times each index of `version` (kPreamble as slot 0) is listed.
struct Seen {
  explicit Seen(const redline::VersionText& version)
      : block(redline::PreambleIsBlock(version.text, *version.doc)),
        counts(version.doc->points.size() + 1, 0) {}
  void Add(int index) { ++counts.at(static_cast<size_t>(index + 1)); }
  void CheckEachOnce() const {
    Check(counts[0] == (block ? 1 : 0));
    for (size_t i = 1; i < counts.size(); ++i) Check(counts[i] == 1);
  }
  bool block;
  std::vector<int> counts;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string_view> texts;
  while (texts.size() < 3) {
    const size_t nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    texts.push_back(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  texts.push_back(input);
  if (texts.size() < 2) return 0;
  for (std::string_view text : texts) {
    if (!redline::CheckText(text, {}).ok()) return 0;
  }
  std::vector<redline::Document> docs;
  docs.reserve(texts.size());
  std::vector<redline::VersionText> versions;
  for (size_t v = 0; v < texts.size(); ++v) {
    docs.push_back(redline::ParsePoints(texts[v]));
    versions.push_back({"v" + std::to_string(v), texts[v], nullptr});
  }
  for (size_t v = 0; v < texts.size(); ++v) versions[v].doc = &docs[v];

  const redline::Alignment alignment =
      redline::AlignPoints(texts[0], docs[0], texts[1], docs[1]);
  Seen old_seen(versions[0]), new_seen(versions[1]);
  for (const redline::AlignedPair& pair : alignment.pairs) {
    Check(!pair.old_points.empty() || !pair.new_points.empty());
    for (int i : pair.old_points) old_seen.Add(i);
    for (int j : pair.new_points) new_seen.Add(j);
  }
  old_seen.CheckEachOnce();
  new_seen.CheckEachOnce();

  const int base = data[0] % static_cast<int>(versions.size());
  const redline::Synopsis synopsis = redline::BuildSynopsis(versions, base);
  std::vector<Seen> seen;
  for (const redline::VersionText& version : versions)
    seen.emplace_back(version);
  for (const redline::SynopsisRow& row : synopsis.rows) {
    Check(row.cells.size() == versions.size());
    for (size_t v = 0; v < row.cells.size(); ++v) {
      for (int index : row.cells[v].points) seen[v].Add(index);
    }
  }
  for (const Seen& s : seen) s.CheckEachOnce();
  Check(synopsis.closeness.size() == versions.size() * (versions.size() - 1));

  std::ostringstream align_json, synopsis_json;
  redline::WriteAlignJson(versions[0], versions[1], alignment, align_json);
  redline::WriteSynopsisJson(versions, synopsis, synopsis_json);
  Check(nlohmann::json::accept(align_json.str()));
  Check(nlohmann::json::accept(synopsis_json.str()));
  return 0;
}
