#include "redline/points_format.h"

#include <nlohmann/json.hpp>

#include "fmt/format.h"
#include "fmt/ostream.h"

namespace redline {

namespace {

using nlohmann::json;

json PointJson(std::string_view text, const Document& doc, int index) {
  const Point& point = doc.points[index];
  json children = json::array();
  for (int child : point.children) {
    children.push_back(PointJson(text, doc, child));
  }
  return json{{"id", point.id},
              {"number", point.number},
              {"depth", point.depth},
              {"text", text.substr(point.begin, point.end - point.begin)},
              {"start", point.begin},
              {"end", point.end},
              {"children", std::move(children)}};
}

std::string Dump(const json& value) {
  // The text was validated as UTF-8; replacing is a guard, never expected.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The first words of a point's own text, after its number, on one line.
std::string Excerpt(std::string_view text, const Point& point,
                    size_t max_code_points) {
  std::string_view body =
      text.substr(point.begin, point.body_end - point.begin);
  const size_t number_at = body.find(point.number);
  if (number_at != std::string_view::npos) {
    body.remove_prefix(number_at + point.number.size());
  }
  std::string excerpt;
  size_t code_points = 0;
  bool space = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !excerpt.empty();
      continue;
    }
    const bool starts_code_point =
        (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_code_point) {
      if (code_points + (space ? 1 : 0) >= max_code_points) {
        excerpt += "\u2026";
        return excerpt;
      }
      if (space) {
        excerpt += ' ';
        ++code_points;
        space = false;
      }
      ++code_points;
    }
    excerpt += c;
  }
  return excerpt;
}

}  // namespace

void WritePointsJson(std::string_view text, const Document& doc,
                     std::ostream& out) {
  const json preamble{{"id", "preamble"},
                      {"text", text.substr(0, doc.preamble_end)},
                      {"start", 0},
                      {"end", doc.preamble_end}};
  out << "{\"preamble\":" << Dump(preamble) << ",\"points\":[";
  for (size_t i = 0; i < doc.roots.size(); ++i) {
    if (i > 0) out << ',';
    out << Dump(PointJson(text, doc, doc.roots[i]));
  }
  out << "]}\n";
}

void WritePointsText(std::string_view label, std::string_view text,
                     const Document& doc, std::ostream& out) {
  fmt::print(out, "{}: {} top-level point{}, {} in all; preamble {} bytes\n",
             label, doc.roots.size(), doc.roots.size() == 1 ? "" : "s",
             doc.points.size(), doc.preamble_end);
  size_t id_width = 0;
  for (const Point& point : doc.points) {
    id_width = std::max(id_width, point.depth * 2 + point.id.size());
  }
  id_width = std::min<size_t>(id_width, 24);
  for (const Point& point : doc.points) {
    const std::string indented = std::string(point.depth * 2, ' ') + point.id;
    fmt::print(out, "{:<{}}  {:<8}  {}\n", indented, id_width, point.number,
               Excerpt(text, point, 60));
  }
}

}  // namespace redline
