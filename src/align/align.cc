#include "redline/align.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <tuple>

#include "align/term_vectors.h"

namespace redline {

namespace {

// One entry of the alignment while it is being built.
struct Group {
  std::vector<int> olds;
  std::vector<int> news;
};

// The most candidates per old point that get a full comparison.
constexpr size_t kMaxCandidates = 32;
// The most entries of one term's postings visited for one point.
constexpr size_t kMaxPostings = 256;

struct Candidate {
  int old_point;
  int new_point;
  double similarity;
  double score;
};

// Builds the entries of one alignment, depth by depth, so that the entries
// of parents are known when their sub-points are scored. Used once.
class Aligner {
 public:
  Aligner(const Document& old_doc, const Document& new_doc,
          const PointTerms& terms, const AlignOptions& options)
      : old_doc_(old_doc),
        new_doc_(new_doc),
        terms_(terms),
        options_(options),
        old_group_(old_doc.points.size(), -1),
        new_group_(new_doc.points.size(), -1) {
    for (const TermVector& v : terms.old_vectors) old_norms_.push_back(Norm(v));
    for (const TermVector& v : terms.new_vectors) new_norms_.push_back(Norm(v));
  }

  std::vector<Group> Run() {
    int max_depth = -1;
    for (const Point& p : old_doc_.points) {
      max_depth = std::max(max_depth, p.depth);
    }
    for (const Point& p : new_doc_.points) {
      max_depth = std::max(max_depth, p.depth);
    }
    for (int depth = 0; depth <= max_depth; ++depth) AlignDepth(depth);
    JoinAcrossDepths();
    for (size_t i = 0; i < old_group_.size(); ++i) {
      if (old_group_[i] < 0) NewGroup(static_cast<int>(i), -1);
    }
    for (size_t j = 0; j < new_group_.size(); ++j) {
      if (new_group_[j] < 0) NewGroup(-1, static_cast<int>(j));
    }
    return groups_;
  }

 private:
  static std::vector<int> AtDepth(const Document& doc, int depth) {
    std::vector<int> result;
    for (size_t i = 0; i < doc.points.size(); ++i) {
      if (doc.points[i].depth == depth) result.push_back(static_cast<int>(i));
    }
    return result;
  }

  void AlignDepth(int depth) {
    const std::vector<int> olds = AtDepth(old_doc_, depth);
    const std::vector<int> news = AtDepth(new_doc_, depth);
    if (olds.empty() || news.empty()) return;
    std::vector<Candidate> candidates = FindCandidates(olds, news);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) {
                       return a.score > b.score;
                     });
    // Best first: a free pair starts an entry, a free point may join the
    // entry of its partner as a part of a split or merge.
    for (const Candidate& c : candidates) {
      const int og = old_group_[c.old_point];
      const int ng = new_group_[c.new_point];
      if (og < 0 && ng < 0) {
        if (c.score >= options_.min_score) NewGroup(c.old_point, c.new_point);
      } else if (og < 0) {
        TryJoin(ng, c.old_point, /*old_side=*/true);
      } else if (ng < 0) {
        TryJoin(og, c.new_point, /*old_side=*/false);
      }
    }
    FillGaps(olds, news);
  }

  // Between two consecutive entries that keep their order, a lone free
  // point on each side is most likely one point reworded beyond what the
  // scores show (an independent translation): pair them on less shared
  // content than the scores ask for.
  void FillGaps(const std::vector<int>& olds, const std::vector<int>& news) {
    std::vector<std::pair<int, int>> anchors;  // last places in olds, news
    for (size_t k = 0; k < olds.size(); ++k) {
      const int g = old_group_[olds[k]];
      if (g < 0 || groups_[g].news.empty()) continue;
      const int last_new =
          *std::max_element(groups_[g].news.begin(), groups_[g].news.end());
      const int place = static_cast<int>(
          std::lower_bound(news.begin(), news.end(), last_new) - news.begin());
      if (!anchors.empty() && place <= anchors.back().second) continue;
      anchors.emplace_back(static_cast<int>(k), place);
    }
    anchors.emplace_back(static_cast<int>(olds.size()),
                         static_cast<int>(news.size()));
    std::pair<int, int> from{-1, -1};
    for (const auto& to : anchors) {
      const int i = LoneFree(olds, old_group_, from.first, to.first);
      const int j = LoneFree(news, new_group_, from.second, to.second);
      if (i >= 0 && j >= 0 &&
          Cosine(terms_.old_vectors[i], terms_.new_vectors[j]) >=
              options_.min_gap_similarity &&
          ParentsTogether(i, j)) {
        NewGroup(i, j);
      }
      from = to;
    }
  }

  // The one free point among points[from + 1, to), or -1 when there are
  // none or several, or when a taken point sits among them.
  static int LoneFree(const std::vector<int>& points,
                      const std::vector<int>& group_of, int from, int to) {
    if (to - from != 2) return -1;
    const int point = points[from + 1];
    return group_of[point] < 0 ? point : -1;
  }

  // True at the top level, and for sub-points of aligned parents.
  bool ParentsTogether(int i, int j) const {
    const int old_parent = old_doc_.points[i].parent;
    const int new_parent = new_doc_.points[j].parent;
    if (old_parent < 0 || new_parent < 0) return old_parent == new_parent;
    return old_group_[old_parent] >= 0 &&
           old_group_[old_parent] == new_group_[new_parent];
  }

  // Candidates share at least one term that is not common to most points
  // (or, for a point made only of common terms such as a short title, its
  // rarest term); common terms still count in the similarity computed for
  // them.
  std::vector<Candidate> FindCandidates(const std::vector<int>& olds,
                                        const std::vector<int>& news) {
    const size_t points = olds.size() + news.size();
    const uint32_t max_df =
        static_cast<uint32_t>(std::max<size_t>(64, points / 8));
    std::vector<std::vector<std::pair<int, double>>> index(
        terms_.document_frequency.size());
    for (int j : news) {
      for (const auto& [term, weight] :
           IndexTerms(terms_.new_vectors[j], max_df)) {
        index[term].emplace_back(j, weight);
      }
    }
    std::vector<Candidate> candidates;
    std::vector<double> partial(new_doc_.points.size(), 0);
    std::vector<std::pair<double, int>> touched;
    for (size_t rank = 0; rank < olds.size(); ++rank) {
      const int i = olds[rank];
      // Where point i would sit in the new version if nothing moved.
      const int expected =
          news.empty() ? 0 : news[rank * news.size() / olds.size()];
      std::vector<int> hits;
      for (const auto& [term, weight] :
           IndexTerms(terms_.old_vectors[i], max_df)) {
        // A term in very many points (a repeated title, a text of
        // identical points) is searched only near where point i would be:
        // otherwise each point would meet every other one.
        const auto& postings = index[term];
        auto first = postings.begin(), last = postings.end();
        if (postings.size() > kMaxPostings) {
          auto middle =
              std::lower_bound(postings.begin(), postings.end(), expected,
                               [](const std::pair<int, double>& p, int j) {
                                 return p.first < j;
                               });
          first = middle - std::min<std::ptrdiff_t>(kMaxPostings / 2,
                                                    middle - postings.begin());
          last = middle + std::min<std::ptrdiff_t>(kMaxPostings / 2,
                                                   postings.end() - middle);
        }
        for (auto it = first; it != last; ++it) {
          const auto& [j, new_weight] = *it;
          if (partial[j] == 0) hits.push_back(j);
          partial[j] += weight * new_weight;
        }
      }
      // Only the best few by their rare terms and the priors get a full
      // comparison: this keeps long texts with many loosely related points
      // (or many points with the same title) fast.
      touched.clear();
      for (int j : hits) {
        const double norms = old_norms_[i] * new_norms_[j];
        const double rare_similarity = norms > 0 ? partial[j] / norms : 0;
        touched.emplace_back(Score(i, j, rare_similarity), j);
        partial[j] = 0;
      }
      if (touched.size() > kMaxCandidates) {
        std::nth_element(touched.begin(), touched.begin() + kMaxCandidates,
                         touched.end(), std::greater<>());
        touched.resize(kMaxCandidates);
      }
      for (const auto& [rare_score, j] : touched) {
        const double similarity =
            Cosine(terms_.old_vectors[i], terms_.new_vectors[j]);
        if (similarity < options_.min_similarity) continue;
        candidates.push_back({i, j, similarity, Score(i, j, similarity)});
      }
    }
    AddWordless(olds, news, &candidates);
    return candidates;
  }

  // Points without words or numbers ("1." alone, a lone dash) have no terms
  // to index; they pair with wordless points of the same text.
  void AddWordless(const std::vector<int>& olds, const std::vector<int>& news,
                   std::vector<Candidate>* candidates) {
    constexpr int kMaxPerPoint = 16;  // bounds the work on runs of them
    std::map<std::vector<uint32_t>, std::vector<int>> by_keys;
    for (int j : news) {
      if (terms_.new_vectors[j].terms.empty()) {
        std::vector<int>& list = by_keys[terms_.new_keys[j]];
        if (list.size() < kMaxPerPoint) list.push_back(j);
      }
    }
    for (int i : olds) {
      if (!terms_.old_vectors[i].terms.empty()) continue;
      auto it = by_keys.find(terms_.old_keys[i]);
      if (it == by_keys.end()) continue;
      for (int j : it->second) candidates->push_back({i, j, 1, Score(i, j, 1)});
    }
  }

  // The terms of `vector` (with their weights) held by at most `max_df`
  // points, or if there are none, those of its rarest.
  std::vector<std::pair<uint32_t, double>> IndexTerms(const TermVector& vector,
                                                      uint32_t max_df) const {
    uint32_t rarest = UINT32_MAX;
    for (const auto& entry : vector.terms) {
      rarest = std::min(rarest, terms_.document_frequency[entry.first]);
    }
    const uint32_t limit = std::max(max_df, rarest);
    std::vector<std::pair<uint32_t, double>> result;
    for (const auto& entry : vector.terms) {
      if (terms_.document_frequency[entry.first] <= limit) {
        result.push_back(entry);
      }
    }
    return result;
  }

  double Score(int i, int j, double similarity) const {
    const Point& o = old_doc_.points[i];
    const Point& n = new_doc_.points[j];
    double score = similarity;
    if (o.id == n.id) score += options_.number_prior;
    const double old_place =
        (i + 0.5) / static_cast<double>(old_doc_.points.size());
    const double new_place =
        (j + 0.5) / static_cast<double>(new_doc_.points.size());
    score += options_.position_prior * (1.0 - std::fabs(old_place - new_place));
    // Sub-points usually stay under their parent's counterpart; one that
    // leaves it needs stronger evidence.
    if (o.parent >= 0 && n.parent >= 0) {
      score += ParentsTogether(i, j) ? options_.parent_prior
                                     : -options_.parent_prior;
    }
    return score;
  }

  // Adds `point` (of the old side if `old_side`) to entry `g` as a part of a
  // split or merge when the entry's other side is one point whose text
  // largely holds the part, and the parts together explain more of it.
  // `whole`, when given, stands for the whole's text instead of its own
  // (JoinAcrossDepths: its text with its sub-points'). Returns whether the
  // point joined.
  bool TryJoin(int g, int point, bool old_side,
               const TermVector* whole_text = nullptr) {
    Group& group = groups_[g];
    const std::vector<int>& whole_side = old_side ? group.news : group.olds;
    const std::vector<int>& parts = old_side ? group.olds : group.news;
    if (whole_side.size() != 1 || parts.empty()) return false;
    const auto& part_vectors =
        old_side ? terms_.old_vectors : terms_.new_vectors;
    const TermVector& whole = whole_text != nullptr ? *whole_text
                              : old_side ? terms_.new_vectors[whole_side[0]]
                                         : terms_.old_vectors[whole_side[0]];
    const TermVector& part = part_vectors[point];
    if (Containment(part, whole) < options_.min_containment) return false;
    std::vector<const TermVector*> before;
    before.reserve(parts.size() + 1);
    for (int p : parts) before.push_back(&part_vectors[p]);
    const double covered = Containment(whole, Sum(before));
    before.push_back(&part);
    const double covered_with = Containment(whole, Sum(before));
    if (covered_with - covered < options_.min_coverage_gain) return false;
    if (old_side) {
      group.olds.push_back(point);
      old_group_[point] = g;
    } else {
      group.news.push_back(point);
      new_group_[point] = g;
    }
    return true;
  }

  // A point left free at its depth may hold text that the other version
  // keeps one level up or down: a point whose sub-points became top-level
  // points, or top-level points folded into sub-points. It joins the entry
  // of a sibling next to it when that entry's other side is one point whose
  // text with its sub-points largely holds it, as a part of a split or
  // merge (the TryJoin rules, with that larger text as the whole). Only a
  // neighbour's entry: farther away, shared words are more often
  // coincidence than restructuring. New points go first (splits), then old
  // ones (merges).
  void JoinAcrossDepths() {
    for (const bool old_side : {false, true}) {
      const Document& side_doc = old_side ? old_doc_ : new_doc_;
      const Document& other_doc = old_side ? new_doc_ : old_doc_;
      const std::vector<int>& side_group = old_side ? old_group_ : new_group_;
      const auto& side_vectors =
          old_side ? terms_.old_vectors : terms_.new_vectors;
      const auto& other_vectors =
          old_side ? terms_.new_vectors : terms_.old_vectors;
      std::map<int, TermVector> subtree_text;  // by point of the other side
      for (size_t p = 0; p < side_doc.points.size(); ++p) {
        if (side_group[p] >= 0 || side_vectors[p].terms.empty()) continue;
        const int parent = side_doc.points[p].parent;
        const std::vector<int>& siblings =
            parent >= 0 ? side_doc.points[parent].children : side_doc.roots;
        const auto at =
            std::find(siblings.begin(), siblings.end(), static_cast<int>(p));
        std::vector<int> neighbours;
        if (at != siblings.begin()) neighbours.push_back(*(at - 1));
        if (at != siblings.end() && at + 1 != siblings.end()) {
          neighbours.push_back(*(at + 1));
        }
        int best = -1;
        double best_containment = options_.min_containment;
        for (int neighbour : neighbours) {
          const int g = side_group[neighbour];
          if (g < 0) continue;
          const std::vector<int>& hosts =
              old_side ? groups_[g].news : groups_[g].olds;
          if (hosts.size() != 1 ||
              other_doc.points[hosts[0]].children.empty()) {
            continue;
          }
          const int q = hosts[0];
          const double containment = Containment(
              side_vectors[p],
              SubtreeText(other_doc, other_vectors, q, &subtree_text));
          if (containment >= best_containment) {
            best_containment = containment;
            best = q;
          }
        }
        if (best < 0) continue;
        const int g = old_side ? new_group_[best] : old_group_[best];
        TryJoin(g, static_cast<int>(p), old_side, &subtree_text.at(best));
      }
    }
  }

  // The sum of the term vectors of point q and all points under it.
  static const TermVector& SubtreeText(const Document& doc,
                                       const std::vector<TermVector>& vectors,
                                       int q,
                                       std::map<int, TermVector>* cache) {
    auto found = cache->find(q);
    if (found != cache->end()) return found->second;
    std::vector<const TermVector*> parts;
    std::vector<int> stack = {q};
    while (!stack.empty()) {
      const int r = stack.back();
      stack.pop_back();
      parts.push_back(&vectors[r]);
      for (int child : doc.points[r].children) stack.push_back(child);
    }
    return cache->emplace(q, Sum(parts)).first->second;
  }

  void NewGroup(int old_point, int new_point) {
    Group group;
    const int g = static_cast<int>(groups_.size());
    if (old_point >= 0) {
      group.olds.push_back(old_point);
      old_group_[old_point] = g;
    }
    if (new_point >= 0) {
      group.news.push_back(new_point);
      new_group_[new_point] = g;
    }
    groups_.push_back(std::move(group));
  }

  const Document& old_doc_;
  const Document& new_doc_;
  const PointTerms& terms_;
  const AlignOptions& options_;
  std::vector<double> old_norms_;  // length of each old point's vector
  std::vector<double> new_norms_;
  std::vector<int> old_group_;  // entry of each old point, -1 while free
  std::vector<int> new_group_;
  std::vector<Group> groups_;
};

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Numbers(const Document& doc,
                                 const std::vector<int>& points) {
  std::vector<std::string> numbers;
  numbers.reserve(points.size());
  for (int p : points) numbers.push_back(Trimmed(doc.points[p].number));
  return numbers;
}

AlignedPair Describe(const Group& group, const Document& old_doc,
                     const Document& new_doc, const PointTerms& terms) {
  AlignedPair pair;
  pair.old_points = group.olds;
  pair.new_points = group.news;
  std::sort(pair.old_points.begin(), pair.old_points.end());
  std::sort(pair.new_points.begin(), pair.new_points.end());
  if (pair.new_points.empty()) {
    pair.relation = Relation::kRemoved;
    return pair;
  }
  if (pair.old_points.empty()) {
    pair.relation = Relation::kAdded;
    return pair;
  }
  pair.renumbered =
      Numbers(old_doc, pair.old_points) != Numbers(new_doc, pair.new_points);
  std::vector<const TermVector*> olds;
  std::vector<const TermVector*> news;
  for (int i : pair.old_points) olds.push_back(&terms.old_vectors[i]);
  for (int j : pair.new_points) news.push_back(&terms.new_vectors[j]);
  pair.similarity = Cosine(Sum(olds), Sum(news));
  if (pair.old_points.size() > 1) {
    pair.relation = Relation::kMerged;
  } else if (pair.new_points.size() > 1) {
    pair.relation = Relation::kSplit;
  } else if (terms.old_keys[pair.old_points[0]] ==
             terms.new_keys[pair.new_points[0]]) {
    pair.relation = Relation::kSame;
    pair.similarity = 1;
  } else {
    pair.relation = Relation::kModified;
  }
  // Cosine of identical texts can fall a rounding error short of 1.
  pair.similarity = std::round(pair.similarity * 1e6) / 1e6;
  return pair;
}

// Marks as moved the pairs of `level` (in old order) outside a longest run
// whose new places increase.
void MarkOutOfOrder(const std::vector<AlignedPair*>& level) {
  // Longest increasing subsequence of the new places, O(n log n).
  std::vector<int> tails;  // index into level of the tail of each length
  std::vector<int> previous(level.size(), -1);
  for (size_t k = 0; k < level.size(); ++k) {
    const int place = level[k]->new_points[0];
    auto it = std::lower_bound(
        tails.begin(), tails.end(), place,
        [&level](int t, int value) { return level[t]->new_points[0] < value; });
    if (it != tails.begin()) previous[k] = *(it - 1);
    if (it == tails.end()) {
      tails.push_back(static_cast<int>(k));
    } else {
      *it = static_cast<int>(k);
    }
  }
  for (AlignedPair* pair : level) pair->moved = true;
  for (int k = tails.empty() ? -1 : tails.back(); k >= 0; k = previous[k]) {
    level[k]->moved = false;
  }
}

// Marks as moved the pairs outside a longest run whose old and new orders
// agree, among sibling pairs: those whose first old points share a parent.
void MarkMoves(const Document& old_doc, std::vector<AlignedPair>* pairs) {
  std::vector<AlignedPair*> matched;
  for (AlignedPair& pair : *pairs) {
    if (!pair.old_points.empty() && !pair.new_points.empty()) {
      matched.push_back(&pair);
    }
  }
  auto parent_of = [&old_doc](const AlignedPair* pair) {
    return old_doc.points[pair->old_points[0]].parent;
  };
  std::sort(matched.begin(), matched.end(),
            [&parent_of](const AlignedPair* a, const AlignedPair* b) {
              return std::make_pair(parent_of(a), a->old_points[0]) <
                     std::make_pair(parent_of(b), b->old_points[0]);
            });
  for (size_t first = 0; first < matched.size();) {
    size_t last = first;
    while (last < matched.size() &&
           parent_of(matched[last]) == parent_of(matched[first])) {
      ++last;
    }
    const std::vector<AlignedPair*> level(matched.begin() + first,
                                          matched.begin() + last);
    first = last;
    MarkOutOfOrder(level);
  }
}

// New text order; a removed pair goes after the pair of the old point
// before it.
void Order(size_t old_points, std::vector<AlignedPair>* pairs) {
  std::vector<int> place_of_old(old_points, -1);
  for (const AlignedPair& pair : *pairs) {
    if (pair.new_points.empty()) continue;
    for (int i : pair.old_points) place_of_old[i] = pair.new_points[0];
  }
  using Key = std::tuple<int, int, int>;
  std::vector<std::pair<Key, AlignedPair>> keyed;
  for (AlignedPair& pair : *pairs) {
    Key key;
    if (!pair.new_points.empty()) {
      key = {pair.new_points[0], 0, 0};
    } else {
      int after = -1;
      for (int i = pair.old_points[0] - 1; i >= 0 && after < 0; --i) {
        after = place_of_old[i];
      }
      key = {after, 1, pair.old_points[0]};
    }
    keyed.emplace_back(key, std::move(pair));
  }
  std::stable_sort(
      keyed.begin(), keyed.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  pairs->clear();
  for (auto& entry : keyed) pairs->push_back(std::move(entry.second));
}

// `doc` with its preamble as a first top-level point, numbered "", when it
// is a block; the other points' indices shift by one.
Document WithPreamble(std::string_view text, const Document& doc, bool* added) {
  *added = PreambleIsBlock(text, doc);
  if (!*added) return doc;
  Document out;
  out.preamble_end = 0;
  Point preamble;
  preamble.id = "preamble";
  preamble.end = preamble.body_end = doc.preamble_end;
  out.points.reserve(doc.points.size() + 1);
  out.points.push_back(std::move(preamble));
  for (const Point& point : doc.points) {
    Point shifted = point;
    if (shifted.parent >= 0) ++shifted.parent;
    for (int& child : shifted.children) ++child;
    out.points.push_back(std::move(shifted));
  }
  out.roots.push_back(0);
  for (int root : doc.roots) out.roots.push_back(root + 1);
  return out;
}

}  // namespace

std::string_view OwnText(std::string_view text, const Document& doc,
                         int index) {
  if (index == kPreamble) {
    return text.substr(0, std::min<size_t>(doc.preamble_end, text.size()));
  }
  return OwnText(text, doc.points[index]);
}

std::string_view PointId(const Document& doc, int index) {
  if (index == kPreamble) return "preamble";
  return doc.points[index].id;
}

bool PreambleIsBlock(std::string_view text, const Document& doc) {
  const std::string_view preamble =
      text.substr(0, std::min<size_t>(doc.preamble_end, text.size()));
  return preamble.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos;
}

std::vector<int> AlignedIndices(std::string_view text, const Document& doc) {
  std::vector<int> indices;
  indices.reserve(doc.points.size() + 1);
  if (PreambleIsBlock(text, doc)) indices.push_back(kPreamble);
  for (size_t i = 0; i < doc.points.size(); ++i) {
    indices.push_back(static_cast<int>(i));
  }
  return indices;
}

const char* RelationName(Relation relation) {
  switch (relation) {
    case Relation::kSame:
      return "same";
    case Relation::kModified:
      return "modified";
    case Relation::kSplit:
      return "split";
    case Relation::kMerged:
      return "merged";
    case Relation::kRemoved:
      return "removed";
    case Relation::kAdded:
      return "added";
  }
  return "modified";
}

Alignment AlignPoints(std::string_view old_text, const Document& old_doc,
                      std::string_view new_text, const Document& new_doc,
                      const AlignOptions& options) {
  Alignment alignment;
  // Preambles take part as points numbered "" at the front; indices are
  // shifted back at the end, the preamble's to kPreamble.
  bool old_shift = false, new_shift = false;
  const Document olds = WithPreamble(old_text, old_doc, &old_shift);
  const Document news = WithPreamble(new_text, new_doc, &new_shift);
  if (olds.points.empty() && news.points.empty()) return alignment;
  const PointTerms terms = BuildPointTerms(old_text, olds, new_text, news);
  const std::vector<Group> groups = Aligner(olds, news, terms, options).Run();
  for (const Group& group : groups) {
    alignment.pairs.push_back(Describe(group, olds, news, terms));
  }
  MarkMoves(olds, &alignment.pairs);
  Order(olds.points.size(), &alignment.pairs);
  for (AlignedPair& pair : alignment.pairs) {
    if (old_shift) {
      for (int& i : pair.old_points) --i;
    }
    if (new_shift) {
      for (int& j : pair.new_points) --j;
    }
  }
  return alignment;
}

}  // namespace redline
