#include "treaty_edit.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "treaty_edit_internal.h"
#include "treaty_text.h"

namespace redline {

const char* SectionLevelName(SectionLevel level) {
  return level == SectionLevel::kArticle ? "article" : "point";
}

const char* SectionRelationName(SectionRelation relation) {
  switch (relation) {
    case SectionRelation::kSame:
      return "same";
    case SectionRelation::kModified:
      return "modified";
    case SectionRelation::kSplit:
      return "split";
    case SectionRelation::kMerged:
      return "merged";
    case SectionRelation::kRemoved:
      return "removed";
    case SectionRelation::kAdded:
      return "added";
  }
  return "?";
}

namespace treaty_edit {
namespace {

// "Article 12" or "Статья 12." -> "A12"; in protocol 2, "P2.A12".
std::string ArticleId(int protocol, std::string_view number) {
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  std::string id = protocol > 0 ? "P" + std::to_string(protocol) + "." : "";
  return id + "A" + digits;
}

size_t UnitBytes(const TreatyUnit& unit) {
  return unit.number.size() + unit.body.size();
}

// Drops units from the end until the rendering fits in `bytes`, and then
// any protocol heading or article left without points.
void Trim(size_t bytes, TreatyDraft* draft) {
  size_t size = RenderTreaty(*draft).size();
  while (!draft->units.empty() && size > bytes) {
    size -= UnitBytes(draft->units.back());
    draft->units.pop_back();
  }
  while (!draft->units.empty() &&
         (draft->units.back().kind == TreatyUnit::Kind::kHeading ||
          draft->units.back().kind == TreatyUnit::Kind::kArticle)) {
    draft->units.pop_back();
  }
}

}  // namespace

Layout ToLayout(TreatyDraft draft) {
  Layout layout;
  layout.head = std::move(draft.head);
  layout.tail = std::move(draft.tail);
  std::vector<TreatyUnit> pending;  // a protocol heading before its article
  int protocol = 0;
  for (TreatyUnit& unit : draft.units) {
    if (unit.kind == TreatyUnit::Kind::kHeading) {
      ++protocol;
      pending.push_back(std::move(unit));
    } else if (unit.kind == TreatyUnit::Kind::kArticle) {
      Article article;
      article.id = ArticleId(protocol, unit.number);
      article.russian = unit.russian;
      article.lead = std::move(pending);
      pending.clear();
      article.lead.push_back(std::move(unit));
      layout.articles.push_back(std::move(article));
    } else if (unit.kind == TreatyUnit::Kind::kPoint) {
      Section section;
      section.units.push_back(std::move(unit));
      layout.articles.back().sections.push_back(std::move(section));
    } else {
      layout.articles.back().sections.back().units.push_back(std::move(unit));
    }
  }
  return layout;
}

std::string Render(const Layout& layout, std::vector<SectionSpan>* spans) {
  std::string text = layout.head;
  for (const Article& article : layout.articles) {
    size_t article_begin = text.size();
    for (const TreatyUnit& unit : article.lead) {
      if (unit.kind == TreatyUnit::Kind::kArticle) article_begin = text.size();
      text += unit.number;
      text += unit.body;
    }
    const size_t article_span = spans->size();
    spans->push_back({article.id, SectionLevel::kArticle, article_begin, 0});
    for (size_t i = 0; i < article.sections.size(); ++i) {
      const size_t begin = text.size();
      for (const TreatyUnit& unit : article.sections[i].units) {
        text += unit.number;
        text += unit.body;
      }
      spans->push_back({article.id + "." + std::to_string(i + 1),
                        SectionLevel::kPoint, begin, text.size()});
    }
    (*spans)[article_span].end = text.size();
  }
  text += layout.tail;
  return text;
}

std::string Content(const Section& section) {
  std::string content;
  for (const TreatyUnit& unit : section.units) {
    if (unit.kind == TreatyUnit::Kind::kLetter ||
        unit.kind == TreatyUnit::Kind::kBullet) {
      content += unit.number;
    }
    content += unit.body;
  }
  return content;
}

int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = IsSpace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

int CountWords(const Section& section) {
  int words = 0;
  for (const TreatyUnit& unit : section.units) {
    words += CountWords(unit.number) + CountWords(unit.body);
  }
  return words;
}

// Numbers the points of each article 1, 2, ... in order, and their
// sub-numbers ("3.1" under point 3) to match.
void Renumber(Layout* layout, TreatyEditCounts* counts) {
  for (Article& article : layout->articles) {
    for (size_t i = 0; i < article.sections.size(); ++i) {
      Section& section = article.sections[i];
      const std::string number = std::to_string(i + 1);
      // A moved section's and an added one's words count as changed already.
      const bool counted = section.moved || section.origins.empty();
      if (section.units[0].number != number + "." && !counted) {
        counts->changed_words += 2;
        if (section.relation == SectionRelation::kSame) {
          ++counts->renumbered_sections;
        }
      }
      section.units[0].number = number + ".";
      for (TreatyUnit& unit : section.units) {
        if (unit.kind != TreatyUnit::Kind::kSubNumber) continue;
        std::string renumbered =
            number + unit.number.substr(unit.number.find('.'));
        if (renumbered != unit.number && !counted) counts->changed_words += 2;
        unit.number = std::move(renumbered);
      }
    }
  }
}

namespace {

// The record of what became of the old points, built from the edited
// layout.
class Recorder {
 public:
  Recorder(const std::vector<std::string>& old_contents,
           const std::vector<size_t>& old_point_spans, TreatyPair* pair)
      : old_contents_(old_contents),
        old_point_spans_(old_point_spans),
        pair_(pair) {}

  void Record(const Layout& layout) {
    for (const SectionSpan& span : pair_->new_sections) {
      if (span.level == SectionLevel::kPoint) new_spans_.push_back(&span);
    }
    for (const Article& article : layout.articles) {
      for (const Section& section : article.sections) {
        new_points_.push_back(&section);
      }
    }
    std::vector<std::vector<int>> new_of_old(old_contents_.size());
    for (size_t n = 0; n < new_points_.size(); ++n) {
      for (int origin : new_points_[n]->origins) {
        new_of_old[origin].push_back(static_cast<int>(n));
      }
    }
    RecordArticles();
    for (size_t old = 0; old < new_of_old.size(); ++old) {
      RecordOldPoint(static_cast<int>(old), new_of_old[old]);
    }
    for (size_t n = 0; n < new_points_.size(); ++n) {
      if (!new_points_[n]->origins.empty()) continue;
      SectionMapEntry entry;
      entry.new_ids = {new_spans_[n]->id};
      entry.relation = SectionRelation::kAdded;
      pair_->section_map.push_back(std::move(entry));
    }
    RecordMoves();
  }

 private:
  std::string_view OldText(const SectionSpan& span) const {
    return std::string_view(pair_->old_text)
        .substr(span.begin, span.end - span.begin);
  }
  std::string_view NewText(const SectionSpan& span) const {
    return std::string_view(pair_->new_text)
        .substr(span.begin, span.end - span.begin);
  }
  const SectionSpan& OldPoint(int old) const {
    return pair_->old_sections[old_point_spans_[old]];
  }
  // The number a point had: "3" for "A12.3".
  static std::string_view Number(std::string_view id) {
    return id.substr(id.rfind('.') + 1);
  }

  // Articles are never removed or moved, so their ids match in order.
  void RecordArticles() {
    std::vector<const SectionSpan*> old_articles;
    for (const SectionSpan& span : pair_->old_sections) {
      if (span.level == SectionLevel::kArticle) old_articles.push_back(&span);
    }
    size_t i = 0;
    for (const SectionSpan& span : pair_->new_sections) {
      if (span.level != SectionLevel::kArticle) continue;
      const SectionSpan& old = *old_articles[i++];
      SectionMapEntry entry;
      entry.level = SectionLevel::kArticle;
      entry.old_ids = {old.id};
      entry.new_ids = {span.id};
      entry.relation = OldText(old) == NewText(span)
                           ? SectionRelation::kSame
                           : SectionRelation::kModified;
      pair_->section_map.push_back(std::move(entry));
    }
  }

  void RecordOldPoint(int old, const std::vector<int>& news) {
    SectionMapEntry entry;
    entry.old_ids = {OldPoint(old).id};
    if (news.empty()) {
      entry.relation = SectionRelation::kRemoved;
      pair_->section_map.push_back(std::move(entry));
      return;
    }
    const Section& first = *new_points_[news[0]];
    for (int n : news) entry.new_ids.push_back(new_spans_[n]->id);
    if (first.relation == SectionRelation::kMerged) {
      if (first.origins[0] != old) return;  // listed at its first old point
      entry.old_ids.clear();
      for (int origin : first.origins) {
        entry.old_ids.push_back(OldPoint(origin).id);
      }
    }
    entry.relation = first.relation;
    if (first.relation == SectionRelation::kSame) {
      entry.moved = first.moved;
      entry.renumbered = Number(entry.old_ids[0]) != Number(entry.new_ids[0]);
      if (Content(first) != old_contents_[old]) {
        entry.relation = SectionRelation::kModified;
      }
    }
    pair_->section_map.push_back(std::move(entry));
  }

  void RecordMoves() {
    for (size_t n = 0; n < new_points_.size(); ++n) {
      const Section& section = *new_points_[n];
      if (!section.moved) continue;
      const SectionSpan& old = OldPoint(section.origins[0]);
      const SectionSpan& now = *new_spans_[n];
      SectionMove move;
      move.old_id = old.id;
      move.new_id = now.id;
      move.old_begin = old.begin;
      move.old_end = old.end;
      move.new_begin = now.begin;
      move.new_end = now.end;
      move.words = CountWords(NewText(now));
      move.edits = section.edits;
      pair_->moves.push_back(std::move(move));
    }
  }

  const std::vector<std::string>& old_contents_;
  const std::vector<size_t>& old_point_spans_;
  TreatyPair* pair_;
  std::vector<const SectionSpan*> new_spans_;  // points, new document order
  std::vector<const Section*> new_points_;     // the same points
};

// Drafts the old text with `drafter` and edits it with `editor_writer`
// (which may be the same generator).
TreatyPair MakePair(size_t bytes, TreatyWriter* drafter,
                    TreatyWriter* editor_writer, const TreatyEditRates& rates) {
  TreatyDraft draft = drafter->Draft(bytes);
  Trim(bytes, &draft);
  Layout layout = ToLayout(std::move(draft));

  TreatyPair pair;
  pair.old_text = Render(layout, &pair.old_sections);
  std::vector<std::string> old_contents;
  for (Article& article : layout.articles) {
    for (Section& section : article.sections) {
      section.origins = {static_cast<int>(old_contents.size())};
      old_contents.push_back(Content(section));
    }
  }
  std::vector<size_t> old_point_spans;
  for (size_t i = 0; i < pair.old_sections.size(); ++i) {
    if (pair.old_sections[i].level == SectionLevel::kPoint) {
      old_point_spans.push_back(i);
    }
  }

  const double mib = static_cast<double>(pair.old_text.size()) / 1048576.0;
  auto count = [mib](double per_mib) {
    return std::max(1, static_cast<int>(std::lround(per_mib * mib)));
  };
  Editor editor(editor_writer, &layout, &pair.counts);
  // Structure first, so that word edits can land in moved sections too.
  editor.DeleteSections(count(rates.deleted_sections));
  editor.MoveSections(count(rates.moved_sections));
  editor.SplitSections(count(rates.split_sections));
  editor.MergeSections(count(rates.merged_sections));
  editor.InsertSections(count(rates.inserted_sections));
  EditPlan plan;
  plan.substituted_words = count(rates.substituted_words);
  plan.inserted_words = count(rates.inserted_words);
  plan.deleted_words = count(rates.deleted_words);
  plan.swapped_pairs = count(rates.swapped_pairs);
  plan.inserted_sentences = count(rates.inserted_sentences);
  plan.deleted_sentences = count(rates.deleted_sentences);
  editor.EditText(plan);
  Renumber(&layout, &pair.counts);

  pair.new_text = Render(layout, &pair.new_sections);
  Recorder(old_contents, old_point_spans, &pair).Record(layout);
  return pair;
}

}  // namespace
}  // namespace treaty_edit

TreatyPair MakeTreatyPair(size_t bytes, uint64_t seed,
                          const TreatyEditRates& rates) {
  TreatyWriter writer(seed);
  return treaty_edit::MakePair(bytes, &writer, &writer, rates);
}

TreatyPair MakeTreatyPair(size_t bytes, uint64_t text_seed, uint64_t edit_seed,
                          const TreatyEditRates& rates) {
  TreatyWriter drafter(text_seed);
  TreatyWriter editor_writer(edit_seed);
  return treaty_edit::MakePair(bytes, &drafter, &editor_writer, rates);
}

}  // namespace redline
