// The HTML pages of alignments and synopses (align_format.h): standalone,
// no scripts, no external resources, printable, the redlines marked as on
// the redline's page (diff_html.cc).

#include <ostream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "formats/align_render.h"
#include "formats/diff_render.h"
#include "redline/align_format.h"

namespace redline {

namespace {

// Tables of bordered cells, texts wrapped as written, small sans-serif
// badges coloured by relation. The header row of the main table stays in
// view on screen and repeats on every printed page; its rows are not split
// across pages where they fit on one.
constexpr std::string_view kStyle = R"(body {
  font-family: Georgia, "Times New Roman", serif;
  margin: 1em; color: #111; background: #fff; line-height: 1.4;
}
h1 { font-size: 1.4em; }
h2 { font-size: 1.1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top;
  text-align: left; }
th { background: #eee; font: bold 0.85em sans-serif; overflow-wrap: anywhere; }
table.main { width: 100%; table-layout: fixed; }
.text { white-space: pre-wrap; overflow-wrap: break-word; }
.ids { font: bold 0.85em sans-serif; }
.empty { color: #888; text-align: center; }
.base { background: #f6f6f6; }
th.base { background: #e4e4e4; }
.badge { font: 0.7em sans-serif; border: 1px solid; border-radius: 0.6em;
  padding: 0 0.4em; white-space: nowrap; }
.badge.same { color: #555; }
.badge.modified { color: #a60; }
.badge.split, .badge.merged { color: #05a; }
.badge.added { color: #060; }
.badge.removed { color: #b00; }
.badge.renumbered, .badge.moved, .badge.base { color: #639; }
.similarity { font: 0.75em sans-serif; color: #555; }
.closeness td { font: 0.85em sans-serif; }
.legend { font-size: 0.9em; }
.legend ul { list-style: none; padding: 0; }
.legend li { display: inline-block; margin-right: 1em; }
col.ids { width: 7em; }
col.relation { width: 9em; }
)";

// After the redline's rules (kHtmlRedlineStyle), so as to override them.
constexpr std::string_view kMediaStyle = R"(@media screen {
  table.main thead th { position: sticky; top: 0; z-index: 1;
    box-shadow: inset 0 -1px #bbb; }
}
@media print {
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  del, ins, del.move, ins.move { background: none; }
  a { color: inherit; text-decoration: none; }
  .move-tag { color: #639; font-style: italic; }
}
)";

// Many columns need the width of a landscape page.
constexpr std::string_view kLandscape =
    "@page { size: landscape; margin: 1cm; }\n";

void WriteHead(std::string_view title, bool landscape, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>"
      << HtmlEscaped(title) << "</title>\n<style>\n"
      << kStyle << kHtmlRedlineStyle << kMediaStyle
      << (landscape ? kLandscape : "") << "</style>\n</head>\n<body>\n";
}

// What a relation or flag means, relative to `other` ("OLD", "the base");
// `removed_from` names the version without the removed points.
std::string Meaning(std::string_view badge, std::string_view other,
                    std::string_view removed_from) {
  if (badge == "same") return fmt::format("as in {}", other);
  if (badge == "modified") return "reworded";
  if (badge == "split") {
    return fmt::format("one point of {} made several", other);
  }
  if (badge == "merged") {
    return fmt::format("several points of {} made one", other);
  }
  if (badge == "removed") return fmt::format("not in {}", removed_from);
  if (badge == "added") return fmt::format("not in {}", other);
  if (badge == "renumbered") return "its number changed";
  return "its place among its neighbours changed";  // moved
}

void WriteLegend(const std::vector<std::string_view>& badges,
                 std::string_view other, std::string_view removed_from,
                 std::ostream& out) {
  out << "<div class=\"legend\">\n<p>Text: <del>deleted</del> "
         "<ins>inserted</ins> <del class=\"move\">moved away</del> "
         "<ins class=\"move\">moved here</ins>, against "
      << HtmlEscaped(other) << ".</p>\n<ul>\n";
  for (std::string_view badge : badges) {
    out << "<li><span class=\"badge " << badge << "\">" << badge << "</span> "
        << HtmlEscaped(Meaning(badge, other, removed_from)) << "</li>\n";
  }
  out << "</ul>\n</div>\n";
}

// The badges of a pair or cell, a space apart.
std::string BadgeHtml(Relation relation, bool renumbered, bool moved) {
  std::string html;
  for (std::string_view badge : Badges(relation, renumbered, moved)) {
    if (!html.empty()) html += ' ';
    html += fmt::format("<span class=\"badge {0}\">{0}</span>", badge);
  }
  return html;
}

// The redline of `shown` as HTML; its moves' ids start with `id_prefix`.
std::string RedlineHtml(const ShownRedline& shown,
                        const std::string& id_prefix) {
  HtmlMoveTags tags;
  tags.id_prefix = id_prefix;
  tags.moved_to = [&shown](int move) { return shown.MovedTo(move); };
  tags.moved_from = [&shown](int move) { return shown.MovedFrom(move); };
  std::string html;
  for (const DiffOp& op : shown.redline().ops) {
    AppendHtmlOp(shown.input(), op, tags, &html);
  }
  return html;
}

std::string IdsHtml(const Document& doc, const std::vector<int>& points) {
  return "<span class=\"ids\">" + HtmlEscaped(IdText(doc, points)) + "</span>";
}

// A cell of the ids of `points`, or "—" for none.
std::string IdsCell(const Document& doc, const std::vector<int>& points) {
  if (points.empty()) return "<td class=\"empty\">\u2014</td>";
  return "<td>" + IdsHtml(doc, points) + "</td>";
}

void WriteClosenessTable(const std::vector<VersionText>& versions,
                         const Synopsis& synopsis, std::ostream& out) {
  out << "<h2>Closeness</h2>\n<p>How much of each version (row) each other "
         "version (column) keeps: the share of its points kept, the share "
         "kept unchanged, and the similarity of the two texts.</p>\n"
         "<table class=\"closeness\">\n<thead>\n<tr><td></td>";
  for (const VersionText& version : versions) {
    out << "<th scope=\"col\">" << HtmlEscaped(version.label) << "</th>";
  }
  out << "</tr>\n</thead>\n<tbody>\n";
  for (size_t of = 0; of < versions.size(); ++of) {
    out << "<tr><th scope=\"row\">" << HtmlEscaped(versions[of].label)
        << "</th>";
    for (size_t in = 0; in < versions.size(); ++in) {
      const Closeness* closeness =
          FindCloseness(synopsis, static_cast<int>(of), static_cast<int>(in));
      if (closeness == nullptr) {
        out << "<td class=\"empty\">\u2014</td>";
        continue;
      }
      out << "<td>kept " << Percent(closeness->kept) << "<br>unchanged "
          << Percent(closeness->unchanged) << "<br>similar "
          << Percent(closeness->similarity) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

// The cell of version `v` in row `r`: its points' ids and relation, and
// their text with the redline against the base.
std::string SynopsisCellHtml(const std::vector<VersionText>& versions,
                             const Synopsis& synopsis, size_t r, size_t v) {
  const SynopsisCell& cell = synopsis.rows[r].cells[v];
  const bool is_base = static_cast<int>(v) == synopsis.base;
  if (cell.points.empty()) {
    return is_base ? "<td class=\"base empty\">\u2014</td>"
                   : "<td class=\"empty\">\u2014</td>";
  }
  std::string html = is_base ? "<td class=\"base\">" : "<td>";
  html += IdsHtml(*versions[v].doc, cell.points);
  if (!is_base) {
    html += ' ';
    html += BadgeHtml(cell.relation, cell.renumbered, cell.moved);
  }
  const std::vector<int>& base_points =
      synopsis.rows[r].cells[synopsis.base].points;
  const ShownRedline shown(versions[synopsis.base], base_points, versions[v],
                           cell.points);
  html += "<div class=\"text\">";
  html += RedlineHtml(shown, fmt::format("r{}v{}-", r + 1, v + 1));
  return html + "</div></td>";
}

}  // namespace

void WriteAlignHtml(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    std::ostream& out) {
  const std::string title = old_version.label + " \u2192 " + new_version.label;
  WriteHead("Alignment: " + title, false, out);
  out << "<header>\n<h1>" << HtmlEscaped(title)
      << "</h1>\n<p class=\"summary\">" << HtmlEscaped(AlignSummary(alignment))
      << ".</p>\n";
  WriteLegend({"same", "modified", "split", "merged", "removed", "added",
               "renumbered", "moved"},
              old_version.label, new_version.label, out);
  out << "</header>\n<table class=\"main\">\n<colgroup><col class=\"ids\">"
         "<col class=\"ids\"><col class=\"relation\"><col></colgroup>\n"
         "<thead>\n<tr><th scope=\"col\">"
      << HtmlEscaped(old_version.label) << "</th><th scope=\"col\">"
      << HtmlEscaped(new_version.label)
      << "</th><th scope=\"col\">Relation</th><th scope=\"col\">Text</th>"
         "</tr>\n</thead>\n<tbody>\n";
  for (size_t k = 0; k < alignment.pairs.size(); ++k) {
    const AlignedPair& pair = alignment.pairs[k];
    const ShownRedline shown(old_version, pair.old_points, new_version,
                             pair.new_points);
    out << "<tr>" << IdsCell(*old_version.doc, pair.old_points)
        << IdsCell(*new_version.doc, pair.new_points) << "<td>"
        << BadgeHtml(pair.relation, pair.renumbered, pair.moved)
        << " <span class=\"similarity\">" << Decimal2(pair.similarity)
        << "</span></td><td class=\"text\">"
        << RedlineHtml(shown, fmt::format("p{}-", k + 1)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</body>\n</html>\n";
}

void WriteSynopsisHtml(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis, std::ostream& out) {
  std::string labels;
  for (const VersionText& version : versions) {
    labels += labels.empty() ? "" : " \u00B7 ";
    labels += version.label;
  }
  WriteHead("Synopsis: " + labels, true, out);
  out << "<header>\n<h1>Synopsis</h1>\n<p class=\"summary\">"
      << HtmlEscaped(SynopsisSummary(versions, synopsis)) << ".</p>\n";
  WriteClosenessTable(versions, synopsis, out);
  WriteLegend(
      {"same", "modified", "split", "merged", "added", "renumbered", "moved"},
      "the base", "", out);
  out << "</header>\n<table class=\"main\">\n<thead>\n<tr>";
  for (size_t v = 0; v < versions.size(); ++v) {
    if (static_cast<int>(v) == synopsis.base) {
      out << "<th scope=\"col\" class=\"base\">"
          << HtmlEscaped(versions[v].label)
          << " <span class=\"badge base\">base</span></th>";
    } else {
      out << "<th scope=\"col\">" << HtmlEscaped(versions[v].label) << "</th>";
    }
  }
  out << "</tr>\n</thead>\n<tbody>\n";
  for (size_t r = 0; r < synopsis.rows.size(); ++r) {
    out << "<tr>\n";
    for (size_t v = 0; v < versions.size(); ++v) {
      out << SynopsisCellHtml(versions, synopsis, r, v) << '\n';
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n</body>\n</html>\n";
}

}  // namespace redline
