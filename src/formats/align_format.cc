// Alignments and synopses as JSON (align_format.h); the other views are in
// align_text.cc, align_html.cc and align_markdown.cc.

#include "redline/align_format.h"

#include <cstdio>
#include <sstream>
#include <string>

#include "formats/align_render.h"
#include "formats/json_string.h"
#include "redline/diff.h"

namespace redline {

namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string IdList(const Document& doc, const std::vector<int>& points) {
  std::string out = "[";
  for (size_t k = 0; k < points.size(); ++k) {
    if (k > 0) out += ", ";
    out += JsonString(PointId(doc, points[k]));
  }
  return out + "]";
}

// The JSON redline of two pieces of text, without the final line break.
std::string DiffJson(const std::string& old_own, const std::string& new_own) {
  DiffInput input;
  input.old_text = old_own;
  input.new_text = new_own;
  std::ostringstream diff;
  WriteDiffJson(input, Compare(old_own, new_own), diff);
  std::string json = diff.str();
  while (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

}  // namespace

void WriteAlignJson(const VersionText& old_version,
                    const VersionText& new_version, const Alignment& alignment,
                    std::ostream& out) {
  out << "{\"old\": {\"label\": " << JsonString(old_version.label)
      << ", \"points\": "
      << IdList(*old_version.doc,
                AlignedIndices(old_version.text, *old_version.doc))
      << "},\n \"new\": {\"label\": " << JsonString(new_version.label)
      << ", \"points\": "
      << IdList(*new_version.doc,
                AlignedIndices(new_version.text, *new_version.doc))
      << "},\n \"pairs\": [";
  for (size_t k = 0; k < alignment.pairs.size(); ++k) {
    const AlignedPair& pair = alignment.pairs[k];
    out << (k > 0 ? ",\n  " : "\n  ")
        << "{\"old\": " << IdList(*old_version.doc, pair.old_points)
        << ", \"new\": " << IdList(*new_version.doc, pair.new_points)
        << ", \"relation\": \"" << RelationName(pair.relation)
        << "\", \"renumbered\": " << (pair.renumbered ? "true" : "false")
        << ", \"moved\": " << (pair.moved ? "true" : "false")
        << ", \"similarity\": " << Number(pair.similarity) << ", \"diff\": "
        << DiffJson(OwnTexts(old_version, pair.old_points),
                    OwnTexts(new_version, pair.new_points))
        << "}";
  }
  out << "]}\n";
}

void WriteSynopsisJson(const std::vector<VersionText>& versions,
                       const Synopsis& synopsis, std::ostream& out) {
  out << "{\"versions\": [";
  for (size_t v = 0; v < versions.size(); ++v) {
    out << (v > 0 ? ",\n  " : "\n  ")
        << "{\"label\": " << JsonString(versions[v].label) << ", \"points\": "
        << IdList(*versions[v].doc,
                  AlignedIndices(versions[v].text, *versions[v].doc))
        << "}";
  }
  out << "],\n \"base\": " << synopsis.base << ",\n \"rows\": [";
  const VersionText& base = versions[synopsis.base];
  for (size_t r = 0; r < synopsis.rows.size(); ++r) {
    const SynopsisRow& row = synopsis.rows[r];
    const std::string base_own =
        OwnTexts(base, row.cells[synopsis.base].points);
    out << (r > 0 ? ",\n  " : "\n  ") << "{\"cells\": [";
    for (size_t v = 0; v < row.cells.size(); ++v) {
      const SynopsisCell& cell = row.cells[v];
      if (v > 0) out << ", ";
      if (cell.points.empty()) {
        out << "null";
        continue;
      }
      out << "{\"points\": " << IdList(*versions[v].doc, cell.points)
          << ", \"relation\": \"" << RelationName(cell.relation)
          << "\", \"renumbered\": " << (cell.renumbered ? "true" : "false")
          << ", \"moved\": " << (cell.moved ? "true" : "false")
          << ", \"similarity\": " << Number(cell.similarity) << ", \"diff\": "
          << DiffJson(base_own, OwnTexts(versions[v], cell.points)) << "}";
    }
    out << "]}";
  }
  out << "],\n \"closeness\": [";
  for (size_t c = 0; c < synopsis.closeness.size(); ++c) {
    const Closeness& closeness = synopsis.closeness[c];
    out << (c > 0 ? ",\n  " : "\n  ") << "{\"of\": " << closeness.of
        << ", \"in\": " << closeness.in
        << ", \"kept\": " << Number(closeness.kept)
        << ", \"unchanged\": " << Number(closeness.unchanged)
        << ", \"similarity\": " << Number(closeness.similarity) << "}";
  }
  out << "]}\n";
}

}  // namespace redline
