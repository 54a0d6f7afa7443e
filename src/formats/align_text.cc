// The terminal views of alignments and synopses (align_format.h), with the
// markers and colours of the redline's text view (diff_text.cc).

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "formats/align_render.h"
#include "formats/diff_render.h"
#include "redline/align_format.h"

namespace redline {

namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kIndent = "    ";
constexpr std::string_view kNone = "\u2014";  // "—": no points

std::string Visible(std::string_view text) {
  std::string visible;
  AppendVisible(text, &visible);
  return visible;
}

// The ids of `points`, or "—".
std::string Ids(const Document& doc, const std::vector<int>& points) {
  return points.empty() ? std::string(kNone) : Visible(IdText(doc, points));
}

// "  merged  renumbered": the badges, each after two spaces.
std::string BadgeText(Relation relation, bool renumbered, bool moved) {
  std::string text;
  for (std::string_view badge : Badges(relation, renumbered, moved)) {
    text += "  ";
    text += badge;
  }
  return text;
}

// Writes the redline's display lines, indented.
void WriteRedline(const ShownRedline& shown, bool color, std::ostream& out) {
  ForEachLine(shown.input(), shown.redline(), [&](const Line& line) {
    const std::string text = TextLine(line, color);
    if (!text.empty()) out << kIndent << text;
    out << '\n';
  });
}

// The number of code points of `text`: its width on a terminal, but for
// wide and combining characters.
size_t Width(std::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (c & 0xC0) != 0x80; });
}

// Writes `cells` padded to `widths`, two spaces apart, without trailing
// white space.
void WriteTableLine(const std::vector<std::string>& cells,
                    const std::vector<size_t>& widths, std::ostream& out) {
  std::string line;
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) line.append(widths[c - 1] - Width(cells[c - 1]) + 2, ' ');
    line += cells[c];
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << '\n';
}

void WriteClosenessTable(const std::vector<VersionText>& versions,
                         const Synopsis& synopsis, std::ostream& out) {
  out << "Closeness: how much of each version (row) each other (column) "
         "keeps\n";
  const size_t k = versions.size();
  std::vector<std::vector<std::string>> table(k + 1,
                                              std::vector<std::string>(k + 1));
  for (size_t v = 0; v < k; ++v) {
    table[0][v + 1] = table[v + 1][0] = Visible(versions[v].label);
  }
  for (size_t of = 0; of < k; ++of) {
    for (size_t in = 0; in < k; ++in) {
      const Closeness* closeness =
          FindCloseness(synopsis, static_cast<int>(of), static_cast<int>(in));
      table[of + 1][in + 1] =
          closeness == nullptr
              ? std::string(kNone)
              : fmt::format("kept {} \u00B7 same {} \u00B7 sim {}",
                            Percent(closeness->kept),
                            Percent(closeness->unchanged),
                            Decimal2(closeness->similarity));
    }
  }
  std::vector<size_t> widths(k + 1, 0);
  for (const auto& row : table) {
    for (size_t c = 0; c <= k; ++c) {
      widths[c] = std::max(widths[c], Width(row[c]));
    }
  }
  for (const auto& row : table) WriteTableLine(row, widths, out);
}

}  // namespace

void WriteAlignText(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    const DiffRenderOptions& render, std::ostream& out) {
  out << Visible(old_version.label) << " \u2192 " << Visible(new_version.label)
      << '\n';
  for (const AlignedPair& pair : alignment.pairs) {
    const std::string line =
        Ids(*old_version.doc, pair.old_points) + " \u2192 " +
        Ids(*new_version.doc, pair.new_points) +
        BadgeText(pair.relation, pair.renumbered, pair.moved) + "  " +
        Decimal2(pair.similarity);
    out << Styled(render.color, kBold, line) << '\n';
    if (pair.relation == Relation::kSame) continue;
    const ShownRedline shown(old_version, pair.old_points, new_version,
                             pair.new_points);
    WriteRedline(shown, render.color, out);
  }
}

void WriteSynopsisText(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis,
                       const DiffRenderOptions& render, std::ostream& out) {
  WriteClosenessTable(versions, synopsis, out);
  const VersionText& base = versions[synopsis.base];
  for (const SynopsisRow& row : synopsis.rows) {
    out << '\n';
    const std::vector<int>& base_points = row.cells[synopsis.base].points;
    for (size_t v = 0; v < row.cells.size(); ++v) {
      const SynopsisCell& cell = row.cells[v];
      const bool is_base = static_cast<int>(v) == synopsis.base;
      std::string line = Visible(versions[v].label) +
                         (is_base ? " (base): " : ": ") +
                         Ids(*versions[v].doc, cell.points);
      if (!is_base && !cell.points.empty()) {
        line += BadgeText(cell.relation, cell.renumbered, cell.moved);
      }
      out << Styled(render.color, kBold, line) << '\n';
      if (is_base || cell.points.empty()) continue;
      const ShownRedline shown(base, base_points, versions[v], cell.points);
      // A cell may be the same as some of the row's base points but lack
      // others (another version merges them): its redline shows that.
      if (cell.relation != Relation::kSame || !shown.redline().same()) {
        WriteRedline(shown, render.color, out);
      }
    }
  }
}

}  // namespace redline
