#include "redline/synopsis.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <tuple>

#include "redline/diff.h"

namespace redline {

namespace {

// A place in a version's item order: kPreamble before point 0.
int Slot(int index) { return index + 1; }

// Groups of base items that some version merges into one point: a small
// union-find over slots.
class MergedGroups {
 public:
  explicit MergedGroups(size_t slots) : parent_(slots) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  int Find(int slot) {
    while (parent_[slot] != slot) {
      parent_[slot] = parent_[parent_[slot]];
      slot = parent_[slot];
    }
    return slot;
  }
  // Keeps the smaller slot as the root, so a group's root is its first.
  void Join(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<int> parent_;
};

// The cell of `version` for the base items `group`, from the pairs of the
// alignment of the base with that version that hold them.
SynopsisCell CellOf(const std::vector<int>& group,
                    const std::vector<const AlignedPair*>& pairs) {
  SynopsisCell cell;
  bool all_same = true;
  bool partial = false;  // some base point of the row has no counterpart
  double weighted = 0;
  size_t weight = 0;
  for (const AlignedPair* pair : pairs) {
    weighted += pair->similarity * pair->old_points.size();
    weight += pair->old_points.size();
    if (pair->new_points.empty()) {  // removed in this version
      partial = true;
      continue;
    }
    cell.points.insert(cell.points.end(), pair->new_points.begin(),
                       pair->new_points.end());
    all_same = all_same && pair->relation == Relation::kSame;
    cell.renumbered = cell.renumbered || pair->renumbered;
    cell.moved = cell.moved || pair->moved;
  }
  if (cell.points.empty()) return cell;
  std::sort(cell.points.begin(), cell.points.end());
  cell.points.erase(std::unique(cell.points.begin(), cell.points.end()),
                    cell.points.end());
  cell.similarity = weight > 0 ? weighted / weight : 0;
  // Part of the row gone here (partial) is neither the same text nor a
  // clean split or merge of it: modified, as when the counts are equal.
  if (pairs.size() == 1) {
    cell.relation = pairs[0]->relation;
  } else if (!partial && all_same) {
    cell.relation = Relation::kSame;
  } else if (!partial && cell.points.size() > group.size()) {
    cell.relation = Relation::kSplit;
  } else if (!partial && cell.points.size() < group.size()) {
    cell.relation = Relation::kMerged;
  } else {
    cell.relation = Relation::kModified;
  }
  return cell;
}

// kept and unchanged of one side of an alignment: the shares of its items in
// same or modified pairs, and in same pairs.
void Shares(const Alignment& alignment, bool old_side, size_t items,
            double* kept, double* unchanged) {
  size_t kept_count = 0, same_count = 0;
  for (const AlignedPair& pair : alignment.pairs) {
    const size_t n = old_side ? pair.old_points.size() : pair.new_points.size();
    if (pair.relation == Relation::kSame) same_count += n;
    if (pair.relation == Relation::kSame ||
        pair.relation == Relation::kModified) {
      kept_count += n;
    }
  }
  *kept = items == 0 ? 0 : static_cast<double>(kept_count) / items;
  *unchanged = items == 0 ? 0 : static_cast<double>(same_count) / items;
}

// The share of the words of both texts that their redline keeps (equal or
// moved).
double WordSimilarity(std::string_view a, std::string_view b) {
  const uint64_t words = WordCount(a) + WordCount(b);
  if (words == 0) return 1;
  const DiffStats stats = Compare(a, b).stats;
  // Deleted and inserted words include both ends of each move, which keeps
  // its words.
  const double changed = static_cast<double>(stats.deleted_words) +
                         static_cast<double>(stats.inserted_words) -
                         2.0 * static_cast<double>(stats.moved_words);
  return std::clamp(1.0 - changed / static_cast<double>(words), 0.0, 1.0);
}

}  // namespace

Synopsis BuildSynopsis(const std::vector<VersionText>& versions, int base,
                       const AlignOptions& options) {
  assert(!versions.empty() &&
         versions.size() <= static_cast<size_t>(kMaxSynopsisVersions));
  assert(base >= 0 && base < static_cast<int>(versions.size()));
  const int k = static_cast<int>(versions.size());
  const VersionText& b = versions[base];
  Synopsis synopsis;
  synopsis.base = base;

  // The alignment of every pair of versions, the lower index as old.
  std::vector<std::vector<Alignment>> alignments(k, std::vector<Alignment>(k));
  for (int i = 0; i < k; ++i) {
    for (int j = i + 1; j < k; ++j) {
      alignments[i][j] =
          AlignPoints(versions[i].text, *versions[i].doc, versions[j].text,
                      *versions[j].doc, options);
    }
  }
  // The alignment of the base with version v, the base as old, and the
  // pairs of it that hold each base item and each item of v. (When v comes
  // before the base, its stored alignment has v as old: swap the sides.)
  std::vector<Alignment> with_base(k);
  for (int v = 0; v < k; ++v) {
    if (v == base) continue;
    if (base < v) {
      with_base[v] = alignments[base][v];
    } else {
      with_base[v] = alignments[v][base];
      for (AlignedPair& pair : with_base[v].pairs) {
        std::swap(pair.old_points, pair.new_points);
        if (pair.relation == Relation::kSplit) {
          pair.relation = Relation::kMerged;
        } else if (pair.relation == Relation::kMerged) {
          pair.relation = Relation::kSplit;
        } else if (pair.relation == Relation::kRemoved) {
          pair.relation = Relation::kAdded;
        } else if (pair.relation == Relation::kAdded) {
          pair.relation = Relation::kRemoved;
        }
      }
    }
  }

  // Base rows: one per group of base items merged anywhere.
  const std::vector<int> base_items = AlignedIndices(b.text, *b.doc);
  const size_t base_slots = b.doc->points.size() + 1;
  MergedGroups groups(base_slots);
  for (int v = 0; v < k; ++v) {
    for (const AlignedPair& pair : with_base[v].pairs) {
      for (size_t m = 1; m < pair.old_points.size(); ++m) {
        groups.Join(Slot(pair.old_points[0]), Slot(pair.old_points[m]));
      }
    }
  }
  // Rows are ordered by (base slot, version, that version's slot): a base
  // row has version -1; a row added by version v follows the row of the
  // nearest point before it that v aligns with the base (slot -1: none).
  using Key = std::tuple<int, int, int>;
  std::vector<std::pair<Key, SynopsisRow>> keyed;
  std::vector<std::vector<int>> members(base_slots);
  for (int item : base_items) members[groups.Find(Slot(item))].push_back(item);
  std::vector<std::vector<std::vector<const AlignedPair*>>> pairs_of(k);
  for (int v = 0; v < k; ++v) {
    if (v == base) continue;
    pairs_of[v].resize(base_slots);
    for (const AlignedPair& pair : with_base[v].pairs) {
      for (int item : pair.old_points) pairs_of[v][Slot(item)].push_back(&pair);
    }
  }
  for (int root = 0; root < static_cast<int>(base_slots); ++root) {
    const std::vector<int>& group = members[root];
    if (group.empty()) continue;
    SynopsisRow row;
    row.cells.resize(k);
    row.cells[base].points = group;
    for (int v = 0; v < k; ++v) {
      if (v == base) continue;
      std::vector<const AlignedPair*> pairs;
      for (int item : group) {
        for (const AlignedPair* pair : pairs_of[v][Slot(item)]) {
          if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) {
            pairs.push_back(pair);
          }
        }
      }
      row.cells[v] = CellOf(group, pairs);
    }
    keyed.emplace_back(Key{root, -1, 0}, std::move(row));
  }
  // Rows of points the base lacks.
  for (int v = 0; v < k; ++v) {
    if (v == base) continue;
    const size_t slots = versions[v].doc->points.size() + 1;
    std::vector<int> base_row_of(slots, -1);  // root slot of the base row
    for (const AlignedPair& pair : with_base[v].pairs) {
      if (pair.old_points.empty()) continue;
      const int root = groups.Find(Slot(pair.old_points[0]));
      for (int item : pair.new_points) base_row_of[Slot(item)] = root;
    }
    for (const AlignedPair& pair : with_base[v].pairs) {
      if (!pair.old_points.empty()) continue;
      const int first = Slot(pair.new_points[0]);
      int anchor = -1;
      for (int s = first - 1; s >= 0 && anchor < 0; --s)
        anchor = base_row_of[s];
      SynopsisRow row;
      row.cells.resize(k);
      SynopsisCell& cell = row.cells[v];
      cell.points = pair.new_points;
      cell.relation = Relation::kAdded;
      cell.similarity = 0;
      keyed.emplace_back(Key{anchor, v, first}, std::move(row));
    }
  }
  std::stable_sort(
      keyed.begin(), keyed.end(),
      [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& entry : keyed) synopsis.rows.push_back(std::move(entry.second));

  // Closeness of every ordered pair.
  std::vector<size_t> item_count(k);
  for (int v = 0; v < k; ++v)
    item_count[v] = AlignedIndices(versions[v].text, *versions[v].doc).size();
  for (int of = 0; of < k; ++of) {
    for (int in = 0; in < k; ++in) {
      if (of == in) continue;
      Closeness c;
      c.of = of;
      c.in = in;
      const int low = std::min(of, in), high = std::max(of, in);
      Shares(alignments[low][high], /*old_side=*/of == low, item_count[of],
             &c.kept, &c.unchanged);
      synopsis.closeness.push_back(c);
    }
  }
  // The word similarity is symmetric: one redline per unordered pair.
  for (Closeness& c : synopsis.closeness) {
    if (c.of > c.in) continue;
    c.similarity = WordSimilarity(versions[c.of].text, versions[c.in].text);
    for (Closeness& mirror : synopsis.closeness) {
      if (mirror.of == c.in && mirror.in == c.of) {
        mirror.similarity = c.similarity;
      }
    }
  }
  return synopsis;
}

}  // namespace redline
