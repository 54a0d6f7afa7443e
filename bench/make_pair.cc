// make_pair BYTES SEED OUT_DIR [EDIT_SEED]: writes an edited pair
// (treaty_edit.h) to OUT_DIR/old.txt and OUT_DIR/new.txt, and the record of
// the edits to OUT_DIR/truth.json (format in BENCHMARKS.md, "R2 — the
// redline"). With EDIT_SEED, the text is drafted from SEED and the edits are
// drawn from EDIT_SEED, so that pairs of one SEED and several EDIT_SEEDs
// share old.txt: their new.txt are versions of one base text, and truth.json
// also holds "edit_seed". Creates OUT_DIR if needed. Exit status 0, or 2 on
// bad arguments, 6 when a file cannot be written.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "treaty_edit.h"

namespace redline {
namespace {

using nlohmann::json;

bool ParseUnsigned(std::string_view text, uint64_t* value) {
  const char* end = text.data() + text.size();
  auto [rest, error] = std::from_chars(text.data(), end, *value);
  return error == std::errc() && rest == end && !text.empty();
}

json CountsJson(const TreatyEditCounts& counts) {
  return {
      {"substituted_words", counts.substituted_words},
      {"inserted_words", counts.inserted_words},
      {"deleted_words", counts.deleted_words},
      {"swapped_pairs", counts.swapped_pairs},
      {"inserted_sentences", counts.inserted_sentences},
      {"deleted_sentences", counts.deleted_sentences},
      {"moved_sections", counts.moved_sections},
      {"deleted_sections", counts.deleted_sections},
      {"inserted_sections", counts.inserted_sections},
      {"split_sections", counts.split_sections},
      {"merged_sections", counts.merged_sections},
      {"renumbered_sections", counts.renumbered_sections},
  };
}

json SpansJson(const std::vector<SectionSpan>& spans) {
  json out = json::array();
  for (const SectionSpan& span : spans) {
    out.push_back({{"id", span.id},
                   {"level", SectionLevelName(span.level)},
                   {"begin", span.begin},
                   {"end", span.end}});
  }
  return out;
}

json MapJson(const std::vector<SectionMapEntry>& map) {
  json out = json::array();
  for (const SectionMapEntry& entry : map) {
    json item = {{"level", SectionLevelName(entry.level)},
                 {"old", entry.old_ids},
                 {"new", entry.new_ids},
                 {"relation", SectionRelationName(entry.relation)}};
    if (entry.moved) item["moved"] = true;
    if (entry.renumbered) item["renumbered"] = true;
    out.push_back(std::move(item));
  }
  return out;
}

json TruthJson(const TreatyPair& pair, uint64_t bytes, uint64_t seed,
               std::optional<uint64_t> edit_seed) {
  json moves = json::array();
  long long moved_words = 0;
  for (const SectionMove& move : pair.moves) {
    moves.push_back({{"old_id", move.old_id},
                     {"new_id", move.new_id},
                     {"old_begin", move.old_begin},
                     {"old_end", move.old_end},
                     {"new_begin", move.new_begin},
                     {"new_end", move.new_end},
                     {"words", move.words},
                     {"edits", move.edits}});
    moved_words += move.words;
  }
  json truth = {
      {"bytes", bytes},
      {"seed", seed},
      {"old_bytes", pair.old_text.size()},
      {"new_bytes", pair.new_text.size()},
      {"edits", CountsJson(pair.counts)},
      {"changed_words", pair.counts.changed_words},
      {"moved_words", moved_words},
      {"moves", std::move(moves)},
      {"old_sections", SpansJson(pair.old_sections)},
      {"new_sections", SpansJson(pair.new_sections)},
      {"section_map", MapJson(pair.section_map)},
  };
  if (edit_seed) truth["edit_seed"] = *edit_seed;
  return truth;
}

bool WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "make_pair: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

int Run(uint64_t bytes, uint64_t seed, std::optional<uint64_t> edit_seed,
        const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "make_pair: cannot create %s: %s\n", dir.c_str(),
                 error.message().c_str());
    return 6;
  }
  const TreatyPair pair = edit_seed ? MakeTreatyPair(bytes, seed, *edit_seed)
                                    : MakeTreatyPair(bytes, seed);
  const std::string truth =
      TruthJson(pair, bytes, seed, edit_seed).dump(1) + "\n";
  if (!WriteFile(dir / "old.txt", pair.old_text) ||
      !WriteFile(dir / "new.txt", pair.new_text) ||
      !WriteFile(dir / "truth.json", truth)) {
    return 6;
  }
  return 0;
}

}  // namespace
}  // namespace redline

int main(int argc, char** argv) {
  uint64_t bytes = 0;
  uint64_t seed = 0;
  uint64_t edit_seed = 0;
  if (argc < 4 || argc > 5 || !redline::ParseUnsigned(argv[1], &bytes) ||
      !redline::ParseUnsigned(argv[2], &seed) ||
      (argc == 5 && !redline::ParseUnsigned(argv[4], &edit_seed))) {
    std::fprintf(stderr, "usage: make_pair BYTES SEED OUT_DIR [EDIT_SEED]\n");
    return 2;
  }
  return redline::Run(
      bytes, seed,
      argc == 5 ? std::optional<uint64_t>(edit_seed) : std::nullopt, argv[3]);
}
