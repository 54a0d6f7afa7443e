// The edits of MakeTreatyPair: structural ones on sections, then word and
// sentence edits inside their texts.

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "treaty_edit_internal.h"

namespace redline {
namespace treaty_edit {
namespace {

// Words that substitutions and insertions bring in: lower-case, so that they
// read naturally in the middle of a sentence.
constexpr std::string_view kEnWords[] = {
    "relevant", "further",  "all",       "such",      "appropriate",
    "joint",    "full",     "effective", "necessary", "additional",
    "agreed",   "prompt",   "national",  "regional",  "mutual",
    "special",  "civilian", "technical", "practical", "temporary",
};
constexpr std::string_view kRuWords[] = {
    "все",
    "такие",
    "соответствующие",
    "необходимые",
    "совместные",
    "временные",
    "дополнительные",
    "полностью",
    "незамедлительно",
    "взаимные",
    "специальные",
    "практические",
};

struct Span {
  size_t begin;
  size_t end;
};

std::vector<Span> Words(std::string_view text) {
  std::vector<Span> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    const size_t begin = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > begin) words.push_back({begin, i});
  }
  return words;
}

// A word of lower-case letters only (ASCII or two-byte Cyrillic): no digits,
// punctuation or quotes, and not the first word of a sentence.
bool IsPlainLowerWord(std::string_view word) {
  if (word.empty()) return false;
  const auto first = static_cast<unsigned char>(word[0]);
  const auto second = word.size() > 1 ? static_cast<unsigned char>(word[1]) : 0;
  const bool lower = (first >= 'a' && first <= 'z') ||
                     (first == 0xD0 && second >= 0xB0) ||
                     (first == 0xD1 && second < 0xA0);
  if (!lower) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c == 0xD0 || c == 0xD1) && i + 1 < word.size()) {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

std::string_view NewWord(std::string_view like, TreatyWriter* writer) {
  const bool russian = static_cast<unsigned char>(like[0]) >= 0x80;
  return russian ? kRuWords[writer->Below(std::size(kRuWords))]
                 : kEnWords[writer->Below(std::size(kEnWords))];
}

// Each edit below returns how many words it changed (0 when the place drawn
// does not fit it; the caller then draws another).

int SubstituteWord(std::string* body, TreatyWriter* writer) {
  const std::vector<Span> words = Words(*body);
  if (words.empty()) return 0;
  const Span w = words[writer->Below(words.size())];
  const std::string_view word(body->data() + w.begin, w.end - w.begin);
  if (!IsPlainLowerWord(word)) return 0;
  const std::string_view replacement = NewWord(word, writer);
  if (replacement == word) return 0;
  body->replace(w.begin, w.end - w.begin, replacement);
  return 2;
}

int InsertWord(std::string* body, TreatyWriter* writer) {
  const std::vector<Span> words = Words(*body);
  if (words.empty()) return 0;
  const Span w = words[writer->Below(words.size())];
  const std::string_view word(body->data() + w.begin, w.end - w.begin);
  if (!IsPlainLowerWord(word)) return 0;
  body->insert(w.begin, std::string(NewWord(word, writer)) + " ");
  return 1;
}

int DeleteWord(std::string* body, TreatyWriter* writer) {
  const std::vector<Span> words = Words(*body);
  if (words.size() < 2) return 0;
  const Span w = words[writer->Below(words.size())];
  const std::string_view word(body->data() + w.begin, w.end - w.begin);
  if (!IsPlainLowerWord(word) || w.begin == 0 || (*body)[w.begin - 1] != ' ') {
    return 0;
  }
  body->erase(w.begin - 1, w.end - w.begin + 1);
  return 1;
}

int SwapWords(std::string* body, TreatyWriter* writer) {
  const std::vector<Span> words = Words(*body);
  if (words.size() < 2) return 0;
  const size_t k = writer->Below(words.size() - 1);
  const Span a = words[k];
  const Span b = words[k + 1];
  const std::string first = body->substr(a.begin, a.end - a.begin);
  const std::string second = body->substr(b.begin, b.end - b.begin);
  if (!IsPlainLowerWord(first) || !IsPlainLowerWord(second) ||
      first == second || b.begin != a.end + 1 || (*body)[a.end] != ' ') {
    return 0;
  }
  body->replace(a.begin, b.end - a.begin, second + " " + first);
  return 2;
}

// Offsets of the full stops that end sentences: a "." before white space.
std::vector<size_t> SentenceEnds(std::string_view body) {
  std::vector<size_t> ends;
  for (size_t i = 0; i + 1 < body.size(); ++i) {
    if (body[i] == '.' && IsSpace(body[i + 1])) ends.push_back(i);
  }
  return ends;
}

int InsertSentence(std::string* body, bool russian, TreatyWriter* writer) {
  const std::vector<size_t> ends = SentenceEnds(*body);
  if (ends.empty()) return 0;
  const size_t at = ends[writer->Below(ends.size())] + 1;
  const std::string sentence =
      " " + writer->Sentence(russian ? TreatyWriter::Language::kRussian
                                     : TreatyWriter::Language::kEnglish);
  body->insert(at, sentence);
  return CountWords(sentence);
}

// Removes a sentence that follows another in the same paragraph, with the
// space before it.
int DeleteSentence(std::string* body, TreatyWriter* writer) {
  const std::vector<size_t> ends = SentenceEnds(*body);
  if (ends.size() < 2) return 0;
  const size_t k = writer->Below(ends.size() - 1);
  if ((*body)[ends[k] + 1] != ' ') return 0;
  const size_t begin = ends[k] + 1;
  const size_t end = ends[k + 1] + 1;
  const std::string_view sentence =
      std::string_view(*body).substr(begin, end - begin);
  if (sentence.find('\n') != std::string_view::npos) return 0;
  const int words = CountWords(sentence);
  body->erase(begin, end - begin);
  return words;
}

}  // namespace

template <typename Fits>
bool Editor::PickSection(Fits fits, Place* place) {
  std::vector<Place> places;
  for (size_t a = 0; a < layout_->articles.size(); ++a) {
    const Article& article = layout_->articles[a];
    for (size_t s = 0; s < article.sections.size(); ++s) {
      if (fits(article, s)) {
        places.push_back({static_cast<int>(a), static_cast<int>(s)});
      }
    }
  }
  if (places.empty()) return false;
  *place = places[writer_->Below(places.size())];
  return true;
}

void Editor::DeleteSections(int n) {
  auto fits = [](const Article& article, size_t s) {
    return article.sections.size() >= 2 && !article.sections[s].frozen;
  };
  Place place;
  for (int i = 0; i < n && PickSection(fits, &place); ++i) {
    std::vector<Section>& sections = layout_->articles[place.article].sections;
    counts_->changed_words += CountWords(sections[place.section]);
    sections.erase(sections.begin() + place.section);
    ++counts_->deleted_sections;
  }
}

// An article of the same language at least a quarter of the text away, so
// that the moved section is far shorter than the text it jumps over; -1 when
// there is only one article.
int Editor::PickFarArticle(int from) {
  const int count = static_cast<int>(layout_->articles.size());
  const bool russian = layout_->articles[from].russian;
  std::vector<int> far;
  std::vector<int> other;
  for (int a = 0; a < count; ++a) {
    if (a == from) continue;
    other.push_back(a);
    if (std::abs(a - from) >= std::max(1, count / 4) &&
        layout_->articles[a].russian == russian) {
      far.push_back(a);
    }
  }
  if (!far.empty()) return far[writer_->Below(far.size())];
  if (!other.empty()) return other[writer_->Below(other.size())];
  return -1;
}

void Editor::MoveSections(int n) {
  auto fits = [](const Article& article, size_t s) {
    return article.sections.size() >= 2 && !article.sections[s].frozen;
  };
  Place place;
  for (int i = 0; i < n && PickSection(fits, &place); ++i) {
    const int to = PickFarArticle(place.article);
    if (to < 0) return;
    std::vector<Section>& from = layout_->articles[place.article].sections;
    Section section = std::move(from[place.section]);
    from.erase(from.begin() + place.section);
    section.moved = true;
    section.frozen = true;
    counts_->changed_words += 2 * CountWords(section);
    std::vector<Section>& into = layout_->articles[to].sections;
    into.insert(into.begin() + writer_->Below(into.size() + 1),
                std::move(section));
    ++counts_->moved_sections;
  }
}

namespace {

// Where a childless point's first paragraph can be split: after a sentence
// that another follows on the same line. Empty when it cannot.
std::vector<size_t> SplitPoints(const Section& section) {
  std::vector<size_t> points;
  if (section.frozen || section.units.size() != 1) return points;
  const std::string& body = section.units[0].body;
  const size_t line_end = body.find('\n');
  for (size_t end : SentenceEnds(body)) {
    if (end < line_end && body[end + 1] == ' ') points.push_back(end + 1);
  }
  return points;
}

bool Mergeable(const Section& section) {
  return !section.frozen && section.units.size() == 1;
}

}  // namespace

void Editor::SplitSections(int n) {
  auto fits = [](const Article& article, size_t s) {
    return !SplitPoints(article.sections[s]).empty();
  };
  Place place;
  for (int i = 0; i < n && PickSection(fits, &place); ++i) {
    std::vector<Section>& sections = layout_->articles[place.article].sections;
    Section& first = sections[place.section];
    const std::vector<size_t> points = SplitPoints(first);
    const size_t at = points[writer_->Below(points.size())];
    Section second = first;
    std::string& body = first.units[0].body;
    second.units[0].body = body.substr(at);  // " Next sentence ...\n\n"
    body.resize(at);
    body += "\n\n";
    first.relation = second.relation = SectionRelation::kSplit;
    first.frozen = second.frozen = true;
    sections.insert(sections.begin() + place.section + 1, std::move(second));
    ++counts_->split_sections;
  }
}

void Editor::MergeSections(int n) {
  auto fits = [](const Article& article, size_t s) {
    return s + 1 < article.sections.size() && Mergeable(article.sections[s]) &&
           Mergeable(article.sections[s + 1]);
  };
  Place place;
  for (int i = 0; i < n && PickSection(fits, &place); ++i) {
    std::vector<Section>& sections = layout_->articles[place.article].sections;
    Section& first = sections[place.section];
    Section& second = sections[place.section + 1];
    std::string& body = first.units[0].body;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    body += second.units[0].body;  // starts with " "
    first.origins.insert(first.origins.end(), second.origins.begin(),
                         second.origins.end());
    first.relation = SectionRelation::kMerged;
    first.frozen = true;
    sections.erase(sections.begin() + place.section + 1);
    counts_->changed_words += 1;  // the second point's number
    ++counts_->merged_sections;
  }
}

void Editor::InsertSections(int n) {
  if (layout_->articles.empty()) return;
  for (int i = 0; i < n; ++i) {
    Article& article =
        layout_->articles[writer_->Below(layout_->articles.size())];
    Section section;
    TreatyUnit point;
    point.kind = TreatyUnit::Kind::kPoint;
    point.russian = article.russian;
    point.depth = 1;
    const int sentences = 1 + static_cast<int>(writer_->Below(3));
    point.body =
        " " +
        writer_->Paragraph(article.russian ? TreatyWriter::Language::kRussian
                                           : TreatyWriter::Language::kEnglish,
                           sentences) +
        "\n\n";
    section.units.push_back(std::move(point));
    section.relation = SectionRelation::kAdded;
    section.frozen = true;
    counts_->changed_words += CountWords(section) + 1;  // and its number
    std::vector<Section>& sections = article.sections;
    sections.insert(sections.begin() + writer_->Below(sections.size() + 1),
                    std::move(section));
    ++counts_->inserted_sections;
  }
}

std::vector<Editor::Slot> Editor::Slots(bool sentences) const {
  std::vector<Slot> slots;
  for (size_t a = 0; a < layout_->articles.size(); ++a) {
    const Article& article = layout_->articles[a];
    for (size_t s = 0; s < article.sections.size(); ++s) {
      const Section& section = article.sections[s];
      if (section.origins.empty() || (sentences && section.moved)) continue;
      for (size_t u = 0; u < section.units.size(); ++u) {
        const TreatyUnit::Kind kind = section.units[u].kind;
        if (sentences && kind != TreatyUnit::Kind::kPoint &&
            kind != TreatyUnit::Kind::kSubNumber) {
          continue;
        }
        slots.push_back(
            {static_cast<int>(a), static_cast<int>(s), static_cast<int>(u)});
      }
    }
  }
  return slots;
}

// Makes up to `n` edits with `edit(body, russian)`, each in a unit drawn with
// probability proportional to its words, so that edits spread evenly over
// the text.
template <typename Edit>
void Editor::EditSlots(int n, bool sentences, int* made, Edit edit) {
  const std::vector<Slot> slots = Slots(sentences);
  std::vector<long long> cumulative;
  long long total = 0;
  for (const Slot& slot : slots) {
    const TreatyUnit& unit =
        layout_->articles[slot.article].sections[slot.section].units[slot.unit];
    total += CountWords(unit.body);
    cumulative.push_back(total);
  }
  if (total == 0) return;
  constexpr int kAttempts = 50;
  for (int i = 0; i < n; ++i) {
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      const long long r = static_cast<long long>(writer_->Below(total));
      const size_t k =
          std::upper_bound(cumulative.begin(), cumulative.end(), r) -
          cumulative.begin();
      const Slot& slot = slots[k];
      Section& section = layout_->articles[slot.article].sections[slot.section];
      TreatyUnit& unit = section.units[slot.unit];
      const int words = edit(&unit.body, unit.russian);
      if (words == 0) continue;
      counts_->changed_words += words;
      ++section.edits;
      ++*made;
      break;
    }
  }
}

void Editor::EditText(const EditPlan& plan) {
  TreatyWriter* w = writer_;
  EditSlots(plan.deleted_sentences, true, &counts_->deleted_sentences,
            [w](std::string* body, bool) { return DeleteSentence(body, w); });
  EditSlots(plan.inserted_sentences, true, &counts_->inserted_sentences,
            [w](std::string* body, bool russian) {
              return InsertSentence(body, russian, w);
            });
  EditSlots(plan.substituted_words, false, &counts_->substituted_words,
            [w](std::string* body, bool) { return SubstituteWord(body, w); });
  EditSlots(plan.inserted_words, false, &counts_->inserted_words,
            [w](std::string* body, bool) { return InsertWord(body, w); });
  EditSlots(plan.deleted_words, false, &counts_->deleted_words,
            [w](std::string* body, bool) { return DeleteWord(body, w); });
  EditSlots(plan.swapped_pairs, false, &counts_->swapped_pairs,
            [w](std::string* body, bool) { return SwapWords(body, w); });
}

}  // namespace treaty_edit
}  // namespace redline
