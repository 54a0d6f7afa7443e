#include "formats/align_render.h"

#include <array>

#include "fmt/format.h"

namespace redline {

std::string OwnTexts(const VersionText& version,
                     const std::vector<int>& points) {
  std::string out;
  for (int p : points) out += OwnText(version.text, *version.doc, p);
  return out;
}

std::string IdText(const Document& doc, const std::vector<int>& points) {
  std::string out;
  for (size_t k = 0; k < points.size(); ++k) {
    if (k > 0) out += ", ";
    out += PointId(doc, points[k]);
  }
  return out;
}

namespace {

std::string ShownTexts(const VersionText& version,
                       const std::vector<int>& points) {
  static constexpr std::string_view kSpace = " \t\r\n\f\v";
  std::string out;
  for (size_t k = 0; k < points.size(); ++k) {
    std::string_view own = OwnText(version.text, *version.doc, points[k]);
    const size_t begin = own.find_first_not_of(kSpace);
    own = begin == std::string_view::npos ? std::string_view()
                                          : own.substr(begin);
    own = own.substr(0, own.find_last_not_of(kSpace) + 1);
    if (k > 0) out += '\n';
    out += own;
  }
  return out;
}

}  // namespace

ShownRedline::ShownRedline(const VersionText& old_version,
                           const std::vector<int>& old_points,
                           const VersionText& new_version,
                           const std::vector<int>& new_points)
    : old_text_(ShownTexts(old_version, old_points)),
      new_text_(ShownTexts(new_version, new_points)) {
  input_.old_text = old_text_;
  input_.new_text = new_text_;
  input_.old_label = old_version.label;
  input_.new_label = new_version.label;
  redline_ = Compare(old_text_, new_text_);
  std::map<int, uint32_t> deleted_at;
  for (const DiffOp& op : redline_.ops) {
    if (op.move > 0 && op.kind == OpKind::kDelete) {
      deleted_at[op.move] = op.new_begin;
    }
  }
  for (const DiffOp& op : redline_.ops) {
    if (op.move > 0 && op.kind == OpKind::kInsert) {
      moved_down_[op.move] = deleted_at[op.move] <= op.new_begin;
    }
  }
}

std::string ShownRedline::MovedTo(int move) const {
  const auto it = moved_down_.find(move);
  return it != moved_down_.end() && it->second ? "moved below" : "moved above";
}

std::string ShownRedline::MovedFrom(int move) const {
  const auto it = moved_down_.find(move);
  return it != moved_down_.end() && it->second ? "moved from above"
                                               : "moved from below";
}

std::vector<std::string_view> Badges(Relation relation, bool renumbered,
                                     bool moved) {
  std::vector<std::string_view> badges = {RelationName(relation)};
  if (renumbered) badges.emplace_back("renumbered");
  if (moved) badges.emplace_back("moved");
  return badges;
}

std::string AlignSummary(const Alignment& alignment) {
  static constexpr std::array<Relation, 6> kRelations = {
      Relation::kSame,   Relation::kModified, Relation::kSplit,
      Relation::kMerged, Relation::kRemoved,  Relation::kAdded};
  std::array<size_t, kRelations.size()> counts{};
  for (const AlignedPair& pair : alignment.pairs) {
    ++counts[static_cast<size_t>(pair.relation)];
  }
  std::string summary = fmt::format("{} pair{}", alignment.pairs.size(),
                                    alignment.pairs.size() == 1 ? "" : "s");
  const char* separator = ": ";
  for (size_t r = 0; r < kRelations.size(); ++r) {
    if (counts[r] == 0) continue;
    summary += fmt::format("{}{} {}", separator, counts[r],
                           RelationName(kRelations[r]));
    separator = ", ";
  }
  return summary;
}

std::string SynopsisSummary(const std::vector<VersionText>& versions,
                            const Synopsis& synopsis) {
  return fmt::format("{} version{}, {} row{}; the base is {}", versions.size(),
                     versions.size() == 1 ? "" : "s", synopsis.rows.size(),
                     synopsis.rows.size() == 1 ? "" : "s",
                     versions[synopsis.base].label);
}

const Closeness* FindCloseness(const Synopsis& synopsis, int of, int in) {
  for (const Closeness& closeness : synopsis.closeness) {
    if (closeness.of == of && closeness.in == in) return &closeness;
  }
  return nullptr;
}

std::string Percent(double share) {
  return fmt::format("{:.0f}%", share * 100);
}

std::string Decimal2(double value) { return fmt::format("{:.2f}", value); }

}  // namespace redline
