// The Markdown views of alignments and synopses (align_format.h): tables
// as GitHub renders them, the redlines marked as in the redline's Markdown
// view (diff_markdown.cc), each display line of a cell ending in "<br>".

#include <ostream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "formats/align_render.h"
#include "formats/diff_render.h"
#include "redline/align_format.h"

namespace redline {

namespace {

constexpr std::string_view kNone = "\u2014";   // "—": no points
constexpr std::string_view kDot = " \u00B7 ";  // " · "

std::string Escaped(std::string_view text) {
  MarkdownLineBuilder md;
  md.Text(text);
  return md.line();
}

// A table row of `cells`, which are Markdown already.
void WriteRow(const std::vector<std::string>& cells, std::ostream& out) {
  out << '|';
  for (const std::string& cell : cells) out << ' ' << cell << " |";
  out << '\n';
}

// The header row of a table and the line under it.
void WriteHeader(const std::vector<std::string>& cells, std::ostream& out) {
  WriteRow(cells, out);
  out << '|';
  for (size_t c = 0; c < cells.size(); ++c) out << " --- |";
  out << '\n';
}

// The ids of `points` and the words for their relation, `badges`: "11 ·
// *merged* · *renumbered*".
std::string CellHead(const Document& doc, const std::vector<int>& points,
                     const std::vector<std::string_view>& badges) {
  MarkdownLineBuilder md;
  md.Text(IdText(doc, points));
  for (std::string_view badge : badges) {
    md.Text(kDot);
    md.Marked("*", badge, false);
  }
  return md.line();
}

// The redline of `shown`, its display lines joined by "<br>".
std::string RedlineCell(const ShownRedline& shown) {
  std::string cell;
  bool first = true;
  ForEachLine(shown.input(), shown.redline(), [&](const Line& line) {
    if (!first) cell += "<br>";
    first = false;
    cell += MarkdownLine(line, [&shown](const Segment& piece) {
      return piece.kind == SegmentKind::kMovedFrom
                 ? shown.MovedTo(piece.move)
                 : shown.MovedFrom(piece.move);
    });
  });
  return cell;
}

std::string IdsCell(const Document& doc, const std::vector<int>& points) {
  return points.empty() ? std::string(kNone) : Escaped(IdText(doc, points));
}

std::string Legend(std::string_view other) {
  MarkdownLineBuilder md;
  md.Marked("~~", "Deleted", false);
  md.Text(" and ");
  md.Marked("**", "inserted", false);
  md.Text(
      fmt::format(" text against {}; moved text is marked at both of its "
                  "places.",
                  other));
  return md.line();
}

void WriteClosenessTable(const std::vector<VersionText>& versions,
                         const Synopsis& synopsis, std::ostream& out) {
  out << "\n## Closeness\n\nHow much of each version (row) each other "
         "version (column) keeps: the share of its points kept, the share "
         "kept unchanged, and the similarity of the two texts.\n\n";
  std::vector<std::string> cells = {""};
  for (const VersionText& version : versions) {
    cells.push_back(Escaped(version.label));
  }
  WriteHeader(cells, out);
  for (size_t of = 0; of < versions.size(); ++of) {
    MarkdownLineBuilder label;
    label.Marked("**", versions[of].label, false);
    cells = {label.line()};
    for (size_t in = 0; in < versions.size(); ++in) {
      const Closeness* closeness =
          FindCloseness(synopsis, static_cast<int>(of), static_cast<int>(in));
      cells.push_back(closeness == nullptr
                          ? std::string(kNone)
                          : fmt::format("kept {}{}unchanged {}{}similar {}",
                                        Percent(closeness->kept), kDot,
                                        Percent(closeness->unchanged), kDot,
                                        Percent(closeness->similarity)));
    }
    WriteRow(cells, out);
  }
}

}  // namespace

void WriteAlignMarkdown(const VersionText& old_version,
                        const VersionText& new_version,
                        const Alignment& alignment, std::ostream& out) {
  out << "# " << Escaped(old_version.label + " \u2192 " + new_version.label)
      << "\n\n"
      << Escaped(AlignSummary(alignment) + ".") << ' '
      << Legend(old_version.label) << "\n\n";
  WriteHeader({Escaped(old_version.label), Escaped(new_version.label),
               "Relation", "Text"},
              out);
  for (const AlignedPair& pair : alignment.pairs) {
    std::string relation;
    for (std::string_view badge :
         Badges(pair.relation, pair.renumbered, pair.moved)) {
      relation += badge;
      relation += kDot;
    }
    relation += Decimal2(pair.similarity);
    const ShownRedline shown(old_version, pair.old_points, new_version,
                             pair.new_points);
    WriteRow({IdsCell(*old_version.doc, pair.old_points),
              IdsCell(*new_version.doc, pair.new_points), relation,
              RedlineCell(shown)},
             out);
  }
}

void WriteSynopsisMarkdown(const std::vector<VersionText>& versions,
                           const Synopsis& synopsis, std::ostream& out) {
  const VersionText& base = versions[synopsis.base];
  out << "# Synopsis\n\n"
      << Escaped(SynopsisSummary(versions, synopsis) + ".") << ' '
      << Legend("the base") << '\n';
  WriteClosenessTable(versions, synopsis, out);
  out << "\n## Points\n\n";
  std::vector<std::string> cells;
  for (size_t v = 0; v < versions.size(); ++v) {
    cells.push_back(Escaped(versions[v].label) +
                    (static_cast<int>(v) == synopsis.base ? " (base)" : ""));
  }
  WriteHeader(cells, out);
  for (const SynopsisRow& row : synopsis.rows) {
    const std::vector<int>& base_points = row.cells[synopsis.base].points;
    cells.clear();
    for (size_t v = 0; v < row.cells.size(); ++v) {
      const SynopsisCell& cell = row.cells[v];
      if (cell.points.empty()) {
        cells.emplace_back(kNone);
        continue;
      }
      const bool is_base = static_cast<int>(v) == synopsis.base;
      const ShownRedline shown(base, base_points, versions[v], cell.points);
      cells.push_back(CellHead(*versions[v].doc, cell.points,
                               is_base ? std::vector<std::string_view>()
                                       : Badges(cell.relation, cell.renumbered,
                                                cell.moved)) +
                      "<br>" + RedlineCell(shown));
    }
    WriteRow(cells, out);
  }
}

}  // namespace redline
