// The redline: a word-level comparison of two texts, with moved text found.
//
// Compare() first matches the lines that are byte for byte the same in both
// texts, and the unchanged start and end of each reworded line; it
// tokenizes the rest (tokenizer.h), gives each token a comparison key under
// the options (token_keys.h), diffs the key sequences (histogram anchoring
// on rare tokens, Myers in between, a cost cap for unrelated texts), cleans
// the result up so that it reads like a lawyer's blackline (no tiny equal
// islands between changes), and pairs deleted and inserted runs that are
// the same text moved, possibly edited on the way. Long texts are read,
// keyed and diffed in two halves on two threads.
//
// Thread-safety: Compare is thread-safe; a Redline is a plain value.

#ifndef REDLINE_DIFF_H_
#define REDLINE_DIFF_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace redline {

struct DiffOptions {
  // "Peace" == "peace" (full Unicode case folding). Default off.
  bool ignore_case = false;
  // Punctuation takes no part in the comparison: "peace, and" == "peace
  // and". Default off.
  bool ignore_punctuation = false;
  // Any run of white space equals any other, line wrapping and CRLF/LF
  // included. Default off.
  bool ignore_whitespace = false;
  // The numbers that open points ("7.", "(b)", "Article 5") count as equal
  // to any other point number, so renumbering is no change. Default off.
  bool ignore_renumbering = false;

  // Pair deleted and inserted runs that are the same text moved. Default on.
  bool moves = true;
  // The shortest run, in words, reported as moved. Shorter runs ("the",
  // "shall not") recur everywhere and moving them means nothing. Default 10.
  int move_min_words = 10;
  // The least share of a moved run's words that must be unchanged on both
  // sides (2 × common words / (old words + new words)). Lower finds moves
  // edited more heavily, at the risk of pairing unrelated text. Default 0.6.
  double move_min_similarity = 0.6;

  // Bound on the work spent diffing regions that have no rare token in
  // common, in units of edit-graph diagonals explored. Beyond it a region is
  // reported as replaced rather than diffed minimally. Keeps two unrelated
  // 10 MB texts to seconds. A long text diffed in two halves gives each
  // half its own half of the bound. Default 1 << 26.
  uint64_t max_cost = uint64_t{1} << 26;
};

enum class OpKind : uint8_t { kEqual, kDelete, kInsert };

// Returns "equal", "delete" or "insert".
const char* OpKindName(OpKind kind);

// One run of the redline. Byte ranges index the texts given to Compare():
// an equal op covers [old_begin, old_end) of the old text and
// [new_begin, new_end) of the new text (the bytes differ only where an
// ignore option made them count as equal); a delete covers only an old range
// (its new range is empty, at the place it was deleted), an insert only a
// new range.
struct DiffOp {
  OpKind kind = OpKind::kEqual;
  uint32_t old_begin = 0;
  uint32_t old_end = 0;
  uint32_t new_begin = 0;
  uint32_t new_end = 0;
  // >= 1 on the delete and the insert of one moved run; 0 otherwise.
  int move = 0;
  // On the insert of a moved run that was edited on the way: the redline of
  // the old run against the new one (equal, delete and insert ops whose
  // ranges index the same texts). Empty otherwise.
  std::vector<DiffOp> edits;
};

// Counts in whitespace-separated words, the unit wdiff uses. Moved runs count
// in deleted_words and inserted_words like any other change, and once more,
// by their new side, in moved_words.
struct DiffStats {
  uint64_t inserted_words = 0;
  uint64_t deleted_words = 0;
  uint64_t moved_words = 0;
};

struct Redline {
  // In document order: every byte of the old text is in exactly one equal
  // or delete op, every byte of the new text in exactly one equal or insert
  // op, both in order. A delete comes before the insert that replaces it.
  std::vector<DiffOp> ops;
  DiffStats stats;

  // True when the texts are equal under the options (only equal ops).
  bool same() const;
};

// The number of whitespace-separated words of `text`: the unit of DiffStats,
// as wdiff counts.
uint64_t WordCount(std::string_view text);

// Compares two texts.
// REQUIRES: both are valid UTF-8 of at most kMaxTextBytes (text.h).
Redline Compare(std::string_view old_text, std::string_view new_text,
                const DiffOptions& options = DiffOptions());

}  // namespace redline

#endif  // REDLINE_DIFF_H_
