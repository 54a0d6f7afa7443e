// The inside of MakeTreatyPair (treaty_edit.h): a treaty held as articles
// of sections while it is edited, and the Editor that edits it. Shared by
// treaty_edit.cc (layout, records) and treaty_editor.cc (the edits).
//
// Thread-safety: an Editor is not thread-safe; the free functions are.

#ifndef REDLINE_BENCH_TREATY_EDIT_INTERNAL_H_
#define REDLINE_BENCH_TREATY_EDIT_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "treaty_edit.h"
#include "treaty_text.h"

namespace redline {
namespace treaty_edit {

// A point with its sub-points, as it is edited.
struct Section {
  std::vector<TreatyUnit> units;  // units[0] is the point
  std::vector<int> origins;       // indices of old points; empty when added
  // kSame until a structural edit: then kSplit, kMerged or kAdded.
  SectionRelation relation = SectionRelation::kSame;
  bool moved = false;
  bool frozen = false;  // takes no further structural edit
  int edits = 0;        // word and sentence edits made inside
};

struct Article {
  std::vector<TreatyUnit> lead;  // a protocol heading, if any; the article
  std::string id;                // "A12", "P2.A12"
  bool russian = false;
  std::vector<Section> sections;
};

struct Layout {
  std::string head;
  std::vector<Article> articles;
  std::string tail;
};

inline bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' ||
         c == '\f';
}

// Groups a draft's units into articles and sections.
Layout ToLayout(TreatyDraft draft);

// Renders the layout and appends the span of every article and point, in
// order; a point's id is its article's id and its place in the article.
std::string Render(const Layout& layout, std::vector<SectionSpan>* spans);

// A section's text without the numbers that renumbering changes.
std::string Content(const Section& section);

// Whitespace-separated words, as wdiff counts them.
int CountWords(std::string_view text);
int CountWords(const Section& section);

// Numbers each article's points 1, 2, ... and their sub-numbers to match;
// counts the renumbered kept sections and the changed number words.
void Renumber(Layout* layout, TreatyEditCounts* counts);

// How many text edits of each kind to make.
struct EditPlan {
  int substituted_words = 0;
  int inserted_words = 0;
  int deleted_words = 0;
  int swapped_pairs = 0;
  int inserted_sentences = 0;
  int deleted_sentences = 0;
};

// Makes the edits, drawing every choice from `writer`, and counts them in
// `counts`. Each method makes up to `n` edits of its kind (fewer when no
// place is left for one).
class Editor {
 public:
  Editor(TreatyWriter* writer, Layout* layout, TreatyEditCounts* counts)
      : writer_(writer), layout_(layout), counts_(counts) {}

  void DeleteSections(int n);
  void MoveSections(int n);
  void SplitSections(int n);
  void MergeSections(int n);
  void InsertSections(int n);
  // Word and sentence edits, spread over the words of all sections but the
  // added ones (sentence edits spare moved sections too).
  void EditText(const EditPlan& plan);

 private:
  struct Place {
    int article;
    int section;
  };
  struct Slot {
    int article;
    int section;
    int unit;
  };
  template <typename Fits>
  bool PickSection(Fits fits, Place* place);
  int PickFarArticle(int from);
  std::vector<Slot> Slots(bool sentences) const;
  template <typename Edit>
  void EditSlots(int n, bool sentences, int* made, Edit edit);

  TreatyWriter* writer_;
  Layout* layout_;
  TreatyEditCounts* counts_;
};

}  // namespace treaty_edit
}  // namespace redline

#endif  // REDLINE_BENCH_TREATY_EDIT_INTERNAL_H_
