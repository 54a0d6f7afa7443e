// score_diff: counts the changed words of a diff tool's output the same way
// for every tool (whitespace-separated words, the unit wdiff counts), and
// scores moved text against a pair's truth.json (make_pair).
//
//   score_diff ops OLD NEW OUTPUT.json [TRUTH.json]
//       OUTPUT is redline's JSON contract ({"ops": [...], "stats": {...}}),
//       which the node peers also write. Checks that the ops rebuild OLD and
//       NEW byte for byte; a word of OLD is deleted when any of its bytes is
//       in a delete op, a word of NEW inserted when any of its bytes is in an
//       insert op, and moved when that op carries "move". With TRUTH, scores
//       the moved sections: the share of their words reported as moved.
//   score_diff git-porcelain OUTPUT
//       `git diff --word-diff=porcelain` output: the words on '-' and '+'
//       lines after the first hunk header.
//   score_diff wdiff-stats OUTPUT
//       `wdiff -s` or `dwdiff -s` statistics: deleted + changed words of the
//       old file plus inserted + changed words of the new one.
//
// Prints one "name value" pair a line; counts are -1 where unknown. Exit
// status 0, 2 on bad arguments, 3 when an input cannot be read or parsed.

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace redline {
namespace {

using nlohmann::json;

bool ReadFile(const char* path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "score_diff: cannot read %s\n", path);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = std::move(buffer).str();
  return true;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' ||
         c == '\f';
}

long long CountWords(std::string_view text) {
  long long words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = IsSpace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// What a diff did to each byte of one text.
enum Mark : uint8_t { kKept = 0, kChanged = 1, kMoved = 2 };

struct WordCounts {
  long long changed = 0;  // words with a changed or moved byte
  long long moved = 0;    // words with a moved byte
};

// Counts the words of text[begin, end) that the marks touch; `covered`
// counts only words whose first byte lies in the range.
WordCounts CountMarked(std::string_view text, const std::vector<uint8_t>& marks,
                       size_t begin, size_t end) {
  WordCounts counts;
  size_t i = begin;
  while (i < end) {
    while (i < end && IsSpace(text[i])) ++i;
    if (i >= end) break;
    uint8_t worst = kKept;
    bool moved = false;
    while (i < text.size() && !IsSpace(text[i])) {
      worst = marks[i] > worst ? marks[i] : worst;
      moved = moved || marks[i] == kMoved;
      ++i;
    }
    if (worst != kKept) ++counts.changed;
    if (moved) ++counts.moved;
  }
  return counts;
}

// Follows the ops along both texts, marking the bytes they delete or
// insert. Returns an empty string when they rebuild both texts exactly,
// else where they first do not.
std::string MarkOps(const json& ops, std::string_view old_text,
                    std::string_view new_text, std::vector<uint8_t>* old_marks,
                    std::vector<uint8_t>* new_marks) {
  size_t old_pos = 0;
  size_t new_pos = 0;
  size_t index = 0;
  auto consume = [](std::string_view side, size_t* pos, std::string_view text,
                    std::vector<uint8_t>* marks, uint8_t mark) {
    if (side.substr(*pos, text.size()) != text) return false;
    for (size_t i = 0; i < text.size(); ++i) (*marks)[*pos + i] = mark;
    *pos += text.size();
    return true;
  };
  for (const json& op : ops) {
    const std::string kind = op.value("op", "");
    const std::string& text = op.at("text").get_ref<const std::string&>();
    const uint8_t mark = op.value("move", 0) >= 1 ? kMoved : kChanged;
    bool ok = true;
    if (kind == "equal") {
      const std::string& new_side =
          op.contains("new_text")
              ? op.at("new_text").get_ref<const std::string&>()
              : text;
      ok = consume(old_text, &old_pos, text, old_marks, kKept) &&
           consume(new_text, &new_pos, new_side, new_marks, kKept);
    } else if (kind == "delete") {
      ok = consume(old_text, &old_pos, text, old_marks, mark);
    } else if (kind == "insert") {
      ok = consume(new_text, &new_pos, text, new_marks, mark);
    } else {
      ok = false;
    }
    if (!ok) {
      return "op " + std::to_string(index) + " (" + kind + ") at old byte " +
             std::to_string(old_pos) + ", new byte " + std::to_string(new_pos);
    }
    ++index;
  }
  if (old_pos != old_text.size() || new_pos != new_text.size()) {
    return "ops end at old byte " + std::to_string(old_pos) + ", new byte " +
           std::to_string(new_pos);
  }
  return std::string();
}

void PrintRatio(const char* name, long long part, long long whole) {
  if (whole > 0) {
    std::printf("%s %.4f\n", name, static_cast<double>(part) / whole);
  } else {
    std::printf("%s -1\n", name);
  }
}

// The moved sections of the truth against the moved words of the ops.
void ScoreMoves(const json& truth, std::string_view old_text,
                std::string_view new_text,
                const std::vector<uint8_t>& old_marks,
                const std::vector<uint8_t>& new_marks, long long moved_new) {
  long long words = 0;
  long long found_new = 0;
  long long old_words = 0;
  long long found_old = 0;
  for (const json& move : truth.at("moves")) {
    const size_t new_begin = move.at("new_begin").get<size_t>();
    const size_t new_end = move.at("new_end").get<size_t>();
    const size_t old_begin = move.at("old_begin").get<size_t>();
    const size_t old_end = move.at("old_end").get<size_t>();
    words += CountWords(new_text.substr(new_begin, new_end - new_begin));
    old_words += CountWords(old_text.substr(old_begin, old_end - old_begin));
    found_new += CountMarked(new_text, new_marks, new_begin, new_end).moved;
    found_old += CountMarked(old_text, old_marks, old_begin, old_end).moved;
  }
  std::printf("truth_moves %zu\n", truth.at("moves").size());
  std::printf("truth_moved_words %lld\n", words);
  std::printf("moved_found_words %lld\n", found_new);
  PrintRatio("moved_recall", found_new, words);
  PrintRatio("moved_recall_old", found_old, old_words);
  // Of the words reported as moved, the share inside truly moved sections.
  PrintRatio("moved_precision", found_new, moved_new);
}

// Prints the counts of a diff in redline's JSON contract.
void PrintOpsCounts(const json& diff, std::string_view old_text,
                    std::string_view new_text, const json* truth) {
  std::vector<uint8_t> old_marks(old_text.size(), kKept);
  std::vector<uint8_t> new_marks(new_text.size(), kKept);
  const std::string mismatch =
      MarkOps(diff.at("ops"), old_text, new_text, &old_marks, &new_marks);
  std::printf("rebuilt %s\n", mismatch.empty() ? "yes" : "no");
  if (!mismatch.empty()) std::printf("mismatch %s\n", mismatch.c_str());
  std::printf("ops %zu\n", diff.at("ops").size());
  const WordCounts deleted =
      CountMarked(old_text, old_marks, 0, old_text.size());
  const WordCounts inserted =
      CountMarked(new_text, new_marks, 0, new_text.size());
  std::printf("deleted_words %lld\n", deleted.changed);
  std::printf("inserted_words %lld\n", inserted.changed);
  std::printf("changed_words %lld\n", deleted.changed + inserted.changed);
  std::printf("moved_words %lld\n", inserted.moved);
  const json stats = diff.value("stats", json::object());
  const long long reported_deleted = stats.value("deleted_words", -1LL);
  const long long reported_inserted = stats.value("inserted_words", -1LL);
  std::printf("reported_changed_words %lld\n",
              reported_deleted < 0 || reported_inserted < 0
                  ? -1LL
                  : reported_deleted + reported_inserted);
  std::printf("reported_moved_words %lld\n", stats.value("moved_words", -1LL));
  if (truth != nullptr) {
    ScoreMoves(*truth, old_text, new_text, old_marks, new_marks,
               inserted.moved);
  }
}

int ScoreOps(const char* old_path, const char* new_path,
             const char* output_path, const char* truth_path) {
  std::string old_text;
  std::string new_text;
  std::string output;
  std::string truth_text;
  if (!ReadFile(old_path, &old_text) || !ReadFile(new_path, &new_text) ||
      !ReadFile(output_path, &output) ||
      (truth_path != nullptr && !ReadFile(truth_path, &truth_text))) {
    return 3;
  }
  try {
    const json diff = json::parse(output);
    output.clear();
    output.shrink_to_fit();
    if (truth_path == nullptr) {
      PrintOpsCounts(diff, old_text, new_text, nullptr);
    } else {
      const json truth = json::parse(truth_text);
      PrintOpsCounts(diff, old_text, new_text, &truth);
    }
  } catch (const json::exception& error) {
    std::fprintf(stderr, "score_diff: %s: %s\n", output_path, error.what());
    return 3;
  }
  return 0;
}

int ScoreGitPorcelain(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "score_diff: cannot read %s\n", path);
    return 3;
  }
  long long deleted = 0;
  long long inserted = 0;
  bool in_hunks = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("@@", 0) == 0) {
      in_hunks = true;
    } else if (in_hunks && !line.empty() && line[0] == '-') {
      deleted += CountWords(std::string_view(line).substr(1));
    } else if (in_hunks && !line.empty() && line[0] == '+') {
      inserted += CountWords(std::string_view(line).substr(1));
    }
  }
  std::printf("deleted_words %lld\n", deleted);
  std::printf("inserted_words %lld\n", inserted);
  std::printf("changed_words %lld\n", deleted + inserted);
  return 0;
}

// "old.txt: 6 words  5 83% common  0 0% deleted  1 17% changed" and the
// same for the new file with "inserted": the last two such lines.
int ScoreWdiffStats(const char* path) {
  std::string text;
  if (!ReadFile(path, &text)) return 3;
  static const std::regex kLine(
      R"((\d+) words +(\d+) \d+% common +(\d+) \d+% (deleted|inserted) +(\d+) \d+% changed)");
  long long deleted = -1;
  long long inserted = -1;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kLine);
       it != std::sregex_iterator(); ++it) {
    const long long own = std::stoll((*it)[3]);
    const long long changed = std::stoll((*it)[5]);
    ((*it)[4] == "deleted" ? deleted : inserted) = own + changed;
  }
  if (deleted < 0 || inserted < 0) {
    std::fprintf(stderr, "score_diff: no wdiff statistics in %s\n", path);
    return 3;
  }
  std::printf("deleted_words %lld\n", deleted);
  std::printf("inserted_words %lld\n", inserted);
  std::printf("changed_words %lld\n", deleted + inserted);
  return 0;
}

}  // namespace
}  // namespace redline

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "ops" && (argc == 5 || argc == 6)) {
    return redline::ScoreOps(argv[2], argv[3], argv[4],
                             argc == 6 ? argv[5] : nullptr);
  }
  if (mode == "git-porcelain" && argc == 3) {
    return redline::ScoreGitPorcelain(argv[2]);
  }
  if (mode == "wdiff-stats" && argc == 3) {
    return redline::ScoreWdiffStats(argv[2]);
  }
  std::fprintf(stderr,
               "usage: score_diff ops OLD NEW OUTPUT.json [TRUTH.json]\n"
               "       score_diff git-porcelain OUTPUT\n"
               "       score_diff wdiff-stats OUTPUT\n");
  return 2;
}
