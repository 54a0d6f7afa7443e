// Edited pairs for the diff benchmark: a treaty (treaty_text.h) and a copy of
// it edited the way negotiators edit, with a record of what was done, so that
// a redline can be scored against the truth (moved text) and an alignment
// against the section map.
//
// A section is a numbered point of an article ("3." under "Article 12")
// together with its sub-points. Articles and protocol headings are never
// moved, removed or renumbered; points are, and the points after a removed,
// inserted, moved, split or merged one are renumbered.
//
// Section ids name a point by its place in one text: "A12.3" is point 3 of
// Article 12 of the treaty, "P2.A12.3" point 3 of Article 12 of Protocol 2;
// "A12" and "P2.A12" are the articles themselves. An old id and a new id are
// unrelated names: the section map says which became which.
//
// Thread-safety: MakeTreatyPair is thread-safe.

#ifndef REDLINE_BENCH_TREATY_EDIT_H_
#define REDLINE_BENCH_TREATY_EDIT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace redline {

// How many edits of each kind to make per MiB of old text. Each count is
// rounded to the nearest integer and is at least 1, so that even a 10 KB
// pair has every kind of edit. The defaults are the mix of issue R2.
struct TreatyEditRates {
  double substituted_words = 1100;  // a word replaced by another
  double inserted_words = 700;      // one word inserted
  double deleted_words = 320;       // one word deleted
  double swapped_pairs = 190;       // two neighbouring words swapped
  double inserted_sentences = 130;  // a new sentence in a point
  double deleted_sentences = 130;   // a sentence (not a point's first) removed
  double moved_sections = 25;       // a point moved to a distant article
  double deleted_sections = 25;     // a point removed
  double inserted_sections = 30;    // a new point
  double split_sections = 13;       // a point split in two at a sentence
  double merged_sections = 10;      // two neighbouring points made one
};

// The edits actually made: fewer than asked only when the text has too few
// places for them (a tiny text).
struct TreatyEditCounts {
  int substituted_words = 0;
  int inserted_words = 0;
  int deleted_words = 0;
  int swapped_pairs = 0;
  int inserted_sentences = 0;
  int deleted_sentences = 0;
  int moved_sections = 0;
  int deleted_sections = 0;
  int inserted_sections = 0;
  int split_sections = 0;
  int merged_sections = 0;
  int renumbered_sections = 0;  // kept sections whose number changed
  // Whitespace-separated words removed from the old text plus words added
  // to the new one by the edits as made (a moved section counts on both
  // sides; a substitution, a swap and a renumbered number count 2). An
  // estimate of what a minimal word diff reports: one may find a slightly
  // cheaper script, as when a substitution repeats a neighbouring word.
  long long changed_words = 0;
};

enum class SectionLevel : uint8_t { kArticle, kPoint };

// "article" or "point".
const char* SectionLevelName(SectionLevel level);

// Where a section sits in one text: bytes [begin, end), from its number (or
// the article line) to the start of the next unit. A point's span holds its
// sub-points; an article's span holds its points (not a protocol heading
// before it).
struct SectionSpan {
  std::string id;
  SectionLevel level = SectionLevel::kPoint;
  size_t begin = 0;
  size_t end = 0;
};

enum class SectionRelation : uint8_t {
  kSame,      // one old section, one new, same text apart from its number
  kModified,  // one old section, one new, text edited
  kSplit,     // one old section, two new
  kMerged,    // two old sections, one new
  kRemoved,   // one old section, none new
  kAdded,     // no old section, one new
};

// "same", "modified", "split", "merged", "removed" or "added".
const char* SectionRelationName(SectionRelation relation);

// Which section of the old text became which of the new.
struct SectionMapEntry {
  SectionLevel level = SectionLevel::kPoint;
  std::vector<std::string> old_ids;  // in old document order
  std::vector<std::string> new_ids;  // in new document order
  SectionRelation relation = SectionRelation::kSame;
  bool moved = false;       // kSame or kModified: moved to another article
  bool renumbered = false;  // kSame or kModified: its number changed
};

// A moved point: its whole text in both files. Its number usually changed,
// and the word edits of the pair may have touched it (`edits` of them).
struct SectionMove {
  std::string old_id;
  std::string new_id;
  size_t old_begin = 0;
  size_t old_end = 0;
  size_t new_begin = 0;
  size_t new_end = 0;
  int words = 0;  // whitespace-separated words in the new span
  int edits = 0;  // word edits made inside it after the move
};

struct TreatyPair {
  std::string old_text;
  std::string new_text;
  std::vector<SectionSpan> old_sections;  // articles and points, in order
  std::vector<SectionSpan> new_sections;
  // Old articles and points in old document order (a merge is listed at its
  // first old point), then the added points in new document order.
  std::vector<SectionMapEntry> section_map;
  std::vector<SectionMove> moves;  // in new document order
  TreatyEditCounts counts;
};

// Makes a pair from `seed`: the old text is the treaty of TreatyWriter(seed)
// cut after its last whole unit that fits in `bytes` (so at most `bytes`
// long), the new text the edited copy. The same arguments give the same
// bytes and the same record on every machine.
TreatyPair MakeTreatyPair(size_t bytes, uint64_t seed,
                          const TreatyEditRates& rates = TreatyEditRates());

// The same, but the edits are drawn from a generator of their own, seeded
// with `edit_seed`: pairs with the same `bytes` and `text_seed` share their
// old text byte for byte (that of MakeTreatyPair(bytes, text_seed)) and
// differ in their edits, so that their new texts are several versions of
// one base text. (The pair above draws its edits from the generator that
// drafted the text.)
TreatyPair MakeTreatyPair(size_t bytes, uint64_t text_seed, uint64_t edit_seed,
                          const TreatyEditRates& rates = TreatyEditRates());

}  // namespace redline

#endif  // REDLINE_BENCH_TREATY_EDIT_H_
