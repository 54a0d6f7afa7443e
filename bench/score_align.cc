// score_align: scores a point alignment against a pair's truth.json
// (make_pair) the way AlignQualityTest (src/align/align_test.cc) scores the
// hand-written cases: every (old id, new id) pair of an aligned group is a
// link, removed and added groups give none, links that involve the
// "preamble" are not scored, and precision, recall and F1 are over links.
//
//   score_align align OLD NEW TRUTH.json ALIGN.json
//       ALIGN is `redline align OLD NEW --format json`. Also scores the naive
//       baseline: every old point linked to the new point of the same id.
//   score_align synopsis OLD NEW TRUTH.json SYNOPSIS.json COLUMN
//       SYNOPSIS is `redline synopsis ... --format json` whose base version
//       is OLD; a row links the base's points to those of column COLUMN
//       (0-based), whose text is NEW.
//
// The truth names sections by the generator's ids ("A12.3") and records
// articles and their numbered points, not sub-points ("(a)", "3.1",
// bullets). Each section is mapped to the point of redline's parser
// (ParsePoints) that begins at the same byte, at depth 0 for an article and
// 1 for a point; sections without one are counted as "unmapped" and their
// links can only be missed. Only what the truth records is scored: a found
// link counts when at least one of its ends is a mapped section, so a link
// between two sub-points is left out and one between a section and a
// sub-point is wrong.
//
// Prints one "name value" pair a line. Exit status 0, 2 on bad arguments, 3
// when an input cannot be read or parsed.

#include <charconv>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "redline/points.h"
#include "redline/text.h"

namespace redline {
namespace {

using nlohmann::json;
using Link = std::pair<std::string, std::string>;

bool ReadFile(const char* path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "score_align: cannot read %s\n", path);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = std::move(buffer).str();
  return true;
}

// Reads a JSON file without the "diff" members of redline's alignment and
// synopsis output, which are most of its bytes and not scored.
bool ReadJson(const char* path, json* out) {
  std::string text;
  if (!ReadFile(path, &text)) return false;
  try {
    *out = json::parse(
        text, [](int /*depth*/, json::parse_event_t event, json& parsed) {
          return event != json::parse_event_t::key || parsed != "diff";
        });
  } catch (const json::exception& error) {
    std::fprintf(stderr, "score_align: %s: %s\n", path, error.what());
    return false;
  }
  return true;
}

// One text, its points, and the truth's sections mapped onto them.
struct Side {
  InputText text;
  Document doc;
  std::unordered_map<std::string, std::string> point_of;  // section -> point
  std::unordered_map<std::string, std::string> level_of;  // point -> level
  int sections = 0;
  int unmapped = 0;
  int end_differs = 0;  // mapped, but the point ends elsewhere

  // The point id of a truth section id; "?" + the section id when unmapped,
  // which no found link can equal.
  std::string PointOf(const std::string& section) const {
    const auto it = point_of.find(section);
    return it == point_of.end() ? "?" + section : it->second;
  }
  bool Scored(const std::string& point) const {
    return level_of.count(point) > 0;
  }
};

bool LoadSide(const char* path, const json& sections, const char* name,
              Side* side) {
  Result<InputText> text = ReadText(path, TextLimits());
  if (!text.ok()) {
    std::fprintf(stderr, "score_align: %s\n", text.status().message().c_str());
    return false;
  }
  side->text = std::move(*text);
  side->doc = ParsePoints(side->text.view());
  std::unordered_map<uint32_t, std::vector<int>> at;  // begin -> points
  for (size_t i = 0; i < side->doc.points.size(); ++i) {
    at[side->doc.points[i].begin].push_back(static_cast<int>(i));
  }
  for (const json& section : sections) {
    const std::string& id = section.at("id").get_ref<const std::string&>();
    const std::string& level =
        section.at("level").get_ref<const std::string&>();
    const int depth = level == "article" ? 0 : 1;
    const auto begin = section.at("begin").get<uint32_t>();
    const Point* match = nullptr;
    for (int p : at[begin]) {
      if (side->doc.points[p].depth == depth) match = &side->doc.points[p];
    }
    ++side->sections;
    if (match == nullptr) {
      if (++side->unmapped <= 5) {
        std::fprintf(stderr, "score_align: %s %s %s at byte %u: no point\n",
                     name, level.c_str(), id.c_str(), begin);
      }
      continue;
    }
    side->point_of[id] = match->id;
    side->level_of[match->id] = level;
    if (match->end != section.at("end").get<uint32_t>()) ++side->end_differs;
  }
  return true;
}

// A link of the truth, and what the generator did to its section.
struct TruthLink {
  std::string level;
  std::string relation;
  bool moved = false;
  bool renumbered = false;
  int entry = 0;  // index in section_map
};

std::map<Link, TruthLink> TruthLinks(const json& truth, const Side& old_side,
                                     const Side& new_side) {
  std::map<Link, TruthLink> links;
  const json& map = truth.at("section_map");
  for (size_t e = 0; e < map.size(); ++e) {
    const json& entry = map[e];
    TruthLink link;
    link.level = entry.at("level").get<std::string>();
    link.relation = entry.at("relation").get<std::string>();
    link.moved = entry.value("moved", false);
    link.renumbered = entry.value("renumbered", false);
    link.entry = static_cast<int>(e);
    for (const json& old_id : entry.at("old")) {
      for (const json& new_id : entry.at("new")) {
        links[{old_side.PointOf(old_id.get<std::string>()),
               new_side.PointOf(new_id.get<std::string>())}] = link;
      }
    }
  }
  return links;
}

// Groups of old and new point ids, as an alignment or synopsis gives them.
struct Group {
  std::vector<std::string> old_ids;
  std::vector<std::string> new_ids;
};

// The scored links of `groups` (see the file comment); counts the others.
std::set<Link> FoundLinks(const std::vector<Group>& groups,
                          const Side& old_side, const Side& new_side,
                          int* unscored) {
  std::set<Link> links;
  for (const Group& group : groups) {
    for (const std::string& o : group.old_ids) {
      for (const std::string& n : group.new_ids) {
        if (o == "preamble" || n == "preamble") continue;
        if (old_side.Scored(o) || new_side.Scored(n)) {
          links.emplace(o, n);
        } else {
          ++*unscored;
        }
      }
    }
  }
  return links;
}

struct Score {
  long long found = 0;
  long long correct = 0;
  long long truth = 0;

  double Precision() const {
    return found == 0 ? 1 : static_cast<double>(correct) / found;
  }
  double Recall() const {
    return truth == 0 ? 1 : static_cast<double>(correct) / truth;
  }
  double F1() const {
    const double p = Precision();
    const double r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

void PrintScore(const std::string& prefix, const Score& score) {
  std::printf("%sfound_links %lld\n", prefix.c_str(), score.found);
  std::printf("%scorrect_links %lld\n", prefix.c_str(), score.correct);
  std::printf("%sprecision %.4f\n", prefix.c_str(), score.Precision());
  std::printf("%srecall %.4f\n", prefix.c_str(), score.Recall());
  std::printf("%sf1 %.4f\n", prefix.c_str(), score.F1());
}

// Prints the missed truth links, and the section map entries whose links
// were all found, by what the generator did to the section.
void PrintMissed(const std::string& prefix, const std::set<Link>& found,
                 const std::map<Link, TruthLink>& truth) {
  std::map<std::string, long long> total;
  std::map<std::string, long long> missed;
  std::map<int, bool> entry_whole;
  std::map<int, std::string> entry_relation;
  for (const auto& [link, info] : truth) {
    const bool hit = found.count(link) > 0;
    std::vector<std::string> kinds = {info.level + "_" + info.relation};
    if (info.moved) kinds.push_back(info.level + "_moved");
    if (info.renumbered) kinds.push_back(info.level + "_renumbered");
    for (const std::string& kind : kinds) {
      ++total[kind];
      missed[kind] += hit ? 0 : 1;
    }
    entry_relation[info.entry] = info.level + "_" + info.relation;
    const auto whole = entry_whole.find(info.entry);
    entry_whole[info.entry] =
        hit && (whole == entry_whole.end() || whole->second);
  }
  for (const auto& [kind, count] : total) {
    std::printf("%slinks_%s %lld\n", prefix.c_str(), kind.c_str(), count);
    std::printf("%smissed_%s %lld\n", prefix.c_str(), kind.c_str(),
                missed[kind]);
  }
  std::map<std::string, std::pair<int, int>> entries;  // whole, all
  for (const auto& [entry, whole] : entry_whole) {
    auto& counts = entries[entry_relation[entry]];
    counts.first += whole ? 1 : 0;
    ++counts.second;
  }
  for (const auto& [kind, counts] : entries) {
    std::printf("%sentries_%s %d\n", prefix.c_str(), kind.c_str(),
                counts.second);
    std::printf("%sentries_whole_%s %d\n", prefix.c_str(), kind.c_str(),
                counts.first);
  }
}

// Scores `found` against the truth, overall and per level, under names
// starting with `prefix`; with `details`, also says which truth links were
// missed and why found ones were wrong.
void ScoreLinks(const std::string& prefix, const std::set<Link>& found,
                const std::map<Link, TruthLink>& truth, const Side& old_side,
                const Side& new_side, bool details) {
  std::map<std::string, Score> by_level;  // "" is all levels
  for (const auto& [link, info] : truth) {
    ++by_level[""].truth;
    ++by_level[info.level].truth;
  }
  std::map<std::string, long long> wrong;
  for (const Link& link : found) {
    const auto old_level = old_side.level_of.find(link.first);
    const std::string& level = old_level != old_side.level_of.end()
                                   ? old_level->second
                                   : new_side.level_of.at(link.second);
    const bool correct = truth.count(link) > 0;
    for (const std::string& key : {std::string(), level}) {
      ++by_level[key].found;
      by_level[key].correct += correct ? 1 : 0;
    }
    if (correct) continue;
    if (!old_side.Scored(link.first) || !new_side.Scored(link.second)) {
      ++wrong["subpoint"];  // one end is a point the truth does not record
    } else if (old_side.level_of.at(link.first) !=
               new_side.level_of.at(link.second)) {
      ++wrong["cross_level"];
    } else {
      ++wrong["other"];
    }
  }
  PrintScore(prefix, by_level[""]);
  std::printf("%struth_links %lld\n", prefix.c_str(), by_level[""].truth);
  for (const char* level : {"article", "point"}) {
    const Score& score = by_level[level];
    std::printf("%s%s_truth_links %lld\n", prefix.c_str(), level, score.truth);
    std::printf("%s%s_found_links %lld\n", prefix.c_str(), level, score.found);
    std::printf("%s%s_f1 %.4f\n", prefix.c_str(), level, score.F1());
  }
  if (!details) return;
  for (const char* kind : {"subpoint", "cross_level", "other"}) {
    std::printf("%swrong_%s %lld\n", prefix.c_str(), kind, wrong[kind]);
  }
  PrintMissed(prefix, found, truth);
}

void PrintSide(const char* name, const Side& side) {
  int depths[3] = {0, 0, 0};
  for (const Point& point : side.doc.points) {
    ++depths[point.depth < 2 ? point.depth : 2];
  }
  std::printf("%s_bytes %zu\n", name, side.text.view().size());
  std::printf("%s_points %zu\n", name, side.doc.points.size());
  std::printf("%s_points_depth0 %d\n", name, depths[0]);
  std::printf("%s_points_depth1 %d\n", name, depths[1]);
  std::printf("%s_points_deeper %d\n", name, depths[2]);
  std::printf("%s_sections %d\n", name, side.sections);
  std::printf("%s_unmapped %d\n", name, side.unmapped);
  std::printf("%s_end_differs %d\n", name, side.end_differs);
}

std::vector<std::string> Ids(const json& list) {
  std::vector<std::string> ids;
  for (const json& id : list) ids.push_back(id.get<std::string>());
  return ids;
}

std::vector<Group> AlignGroups(const json& alignment) {
  std::vector<Group> groups;
  for (const json& pair : alignment.at("pairs")) {
    groups.push_back({Ids(pair.at("old")), Ids(pair.at("new"))});
  }
  return groups;
}

std::vector<Group> SynopsisGroups(const json& synopsis, size_t column) {
  const auto base = synopsis.at("base").get<size_t>();
  std::vector<Group> groups;
  for (const json& row : synopsis.at("rows")) {
    const json& cells = row.at("cells");
    if (cells.at(base).is_null() || cells.at(column).is_null()) continue;
    groups.push_back(
        {Ids(cells.at(base).at("points")), Ids(cells.at(column).at("points"))});
  }
  return groups;
}

// Every old point linked to the new point of the same id.
std::vector<Group> NaiveGroups(const Side& old_side, const Side& new_side) {
  std::vector<Group> groups;
  for (const Point& point : old_side.doc.points) {
    if (new_side.doc.Find(point.id) != nullptr) {
      groups.push_back({{point.id}, {point.id}});
    }
  }
  return groups;
}

// mode "align" or "synopsis"; `column` only for a synopsis.
int Run(std::string_view mode, const char* old_path, const char* new_path,
        const char* truth_path, const char* output_path, size_t column) {
  json truth;
  json output;
  if (!ReadJson(truth_path, &truth) || !ReadJson(output_path, &output)) {
    return 3;
  }
  Side old_side;
  Side new_side;
  try {
    if (!LoadSide(old_path, truth.at("old_sections"), "old", &old_side) ||
        !LoadSide(new_path, truth.at("new_sections"), "new", &new_side)) {
      return 3;
    }
    const std::map<Link, TruthLink> truth_links =
        TruthLinks(truth, old_side, new_side);
    const std::vector<Group> groups =
        mode == "align" ? AlignGroups(output) : SynopsisGroups(output, column);
    PrintSide("old", old_side);
    PrintSide("new", new_side);
    int unscored = 0;
    ScoreLinks("", FoundLinks(groups, old_side, new_side, &unscored),
               truth_links, old_side, new_side, true);
    std::printf("unscored_links %d\n", unscored);
    int naive_unscored = 0;
    ScoreLinks("naive_",
               FoundLinks(NaiveGroups(old_side, new_side), old_side, new_side,
                          &naive_unscored),
               truth_links, old_side, new_side, false);
  } catch (const json::exception& error) {
    std::fprintf(stderr, "score_align: %s or %s: %s\n", truth_path, output_path,
                 error.what());
    return 3;
  }
  return 0;
}

bool ParseIndex(std::string_view text, size_t* value) {
  const char* end = text.data() + text.size();
  auto [rest, error] = std::from_chars(text.data(), end, *value);
  return error == std::errc() && rest == end && !text.empty();
}

}  // namespace
}  // namespace redline

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  size_t column = 0;
  try {
    if (mode == "align" && argc == 6) {
      return redline::Run(mode, argv[2], argv[3], argv[4], argv[5], 0);
    }
    if (mode == "synopsis" && argc == 7 &&
        redline::ParseIndex(argv[6], &column)) {
      return redline::Run(mode, argv[2], argv[3], argv[4], argv[5], column);
    }
  } catch (const std::exception& error) {  // bad_alloc, out_of_range
    std::fprintf(stderr, "score_align: %s\n", error.what());
    return 3;
  }
  std::fprintf(stderr,
               "usage: score_align align OLD NEW TRUTH.json ALIGN.json\n"
               "       score_align synopsis OLD NEW TRUTH.json SYNOPSIS.json "
               "COLUMN\n");
  return 2;
}
