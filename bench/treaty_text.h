// Synthetic negotiated texts for benchmarks: long, deterministic,
// treaty-like documents in English with Russian articles, built from our own
// vocabulary. The same (size, seed) gives the same bytes on every run, every
// machine and every standard library.
//
// A text is first made as a TreatyDraft (a head and a list of numbered units)
// and then rendered, so that later tools can edit a draft (reword, move,
// split, merge, drop units) and know exactly what they changed.
//
// Thread-safety: the free functions are thread-safe. A TreatyWriter is not;
// use one per thread.

#ifndef REDLINE_BENCH_TREATY_TEXT_H_
#define REDLINE_BENCH_TREATY_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace redline {

// The seed the benchmarks use unless told otherwise.
inline constexpr uint64_t kDefaultTreatySeed = 20260227;

// One unit of a treaty, from its number up to the next unit: an article, a
// point or a sub-point, or an unnumbered heading.
struct TreatyUnit {
  enum class Kind : uint8_t {
    kArticle,    // "Article 4" or "Статья 4." and the article's heading
    kPoint,      // "3." under an article
    kSubNumber,  // "3.1" or "3.1." under point 3
    kLetter,     // "(a)" or "а)" under a point
    kBullet,     // "- " or "— " under a point
    kHeading,    // an unnumbered heading before an article: "Protocol 2 on
                 // ..."; a point parser sees it as text of the unit above
  };
  Kind kind = Kind::kPoint;
  bool russian = false;  // the unit's text is in Russian
  int depth = 0;         // 0 for articles and headings, 1 for points, 2 below
  std::string number;    // as printed: "Article 4", "3.", "(a)", "-"; "" for a
                         // heading
  // Everything after the number up to the next unit: starts with the
  // separator that follows the number (" " or "\n"; nothing for a heading),
  // ends with "\n".
  std::string body;
};

// A treaty before rendering.
struct TreatyDraft {
  std::string head;               // title and preamble; ends with "\n\n"
  std::vector<TreatyUnit> units;  // in document order
  std::string tail;  // the closing clause and signatures after the last unit
};

// Returns head, then number + body of each unit in order, then tail.
std::string RenderTreaty(const TreatyDraft& draft);

// Makes sentences, paragraphs and whole drafts from one seeded generator.
// Random draws do not use <random>'s distributions, whose results differ
// between standard libraries; only std::mt19937_64's raw output is used.
class TreatyWriter {
 public:
  enum class Language : uint8_t { kEnglish, kRussian };

  explicit TreatyWriter(uint64_t seed);

  // A draft whose rendering is at least `min_bytes` long (and at most one
  // article longer): a title, a preamble, articles with numbered points,
  // sub-numbers, lettered sub-points and dash lists, and a closing clause.
  // Long drafts are a treaty and protocols, each numbering its articles
  // from 1.
  // About a fifth of the bytes are in Russian articles.
  TreatyDraft Draft(size_t min_bytes);

  // One sentence in `language`, starting with a capital letter and ending
  // with "." (no line break).
  std::string Sentence(Language language);

  // `sentences` sentences joined by spaces (no line break).
  std::string Paragraph(Language language, int sentences);

  // A uniformly drawn integer in [0, n) (modulo bias below n / 2^64).
  // REQUIRES: n > 0.
  size_t Below(size_t n);

  // True with probability percent / 100.
  bool Chance(int percent);

 private:
  TreatyUnit Article(Language language, int number);
  TreatyUnit ProtocolHeading(int number);
  void AddPoint(Language language, int number, TreatyDraft* draft);
  void AddSubNumbers(Language language, int number, TreatyDraft* draft);
  void AddLetters(Language language, TreatyDraft* draft);
  void AddBullets(Language language, TreatyDraft* draft);
  std::string Head();
  std::string Closing();
  std::string ListIntro(Language language);
  std::string SubjectAndVerb(Language language);
  std::string Clause(Language language);
  std::string Quantity(Language language);
  std::string Date(Language language);
  // Replaces the placeholders of a vocabulary pattern ("{d}", "{b}", ...).
  std::string Expand(std::string_view pattern, Language language);

  std::mt19937_64 rng_;
};

// Returns exactly `bytes` bytes of treaty text: valid UTF-8, LF line ends,
// no NUL, ending with "\n" (unless empty). The rendering of a TreatyWriter
// draft, cut after its last whole line that fits and filled up with one line
// of plain English words.
std::string MakeTreatyText(size_t bytes, uint64_t seed = kDefaultTreatySeed);

}  // namespace redline

#endif  // REDLINE_BENCH_TREATY_TEXT_H_
