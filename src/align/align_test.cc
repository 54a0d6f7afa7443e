#include "redline/align.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "redline/points.h"

namespace redline {
namespace {

std::string Ids(const Document& doc, const std::vector<int>& points) {
  if (points.empty()) return "-";
  std::string out;
  for (size_t k = 0; k < points.size(); ++k) {
    if (k > 0) out += ",";
    out += PointId(doc, points[k]);
  }
  return out;
}

// "old>new relation [renumbered] [moved]" per pair, joined by "; ".
std::string Show(std::string_view old_text, std::string_view new_text) {
  const Document old_doc = ParsePoints(old_text);
  const Document new_doc = ParsePoints(new_text);
  const Alignment alignment = AlignPoints(old_text, old_doc, new_text, new_doc);
  std::string out;
  for (const AlignedPair& pair : alignment.pairs) {
    if (!out.empty()) out += "; ";
    out += Ids(old_doc, pair.old_points) + ">" + Ids(new_doc, pair.new_points) +
           " " + RelationName(pair.relation);
    if (pair.renumbered) out += " renumbered";
    if (pair.moved) out += " moved";
  }
  return out;
}

// Checks that every point of both documents is in exactly one pair.
void ExpectEachPointOnce(std::string_view old_text, std::string_view new_text) {
  const Document old_doc = ParsePoints(old_text);
  const Document new_doc = ParsePoints(new_text);
  const Alignment alignment = AlignPoints(old_text, old_doc, new_text, new_doc);
  std::vector<int> old_seen(old_doc.points.size(), 0);
  std::vector<int> new_seen(new_doc.points.size(), 0);
  for (const AlignedPair& pair : alignment.pairs) {
    EXPECT_FALSE(pair.old_points.empty() && pair.new_points.empty());
    for (int i : pair.old_points) {
      if (i != kPreamble) ++old_seen.at(i);
    }
    for (int j : pair.new_points) {
      if (j != kPreamble) ++new_seen.at(j);
    }
    EXPECT_GE(pair.similarity, 0.0);
    EXPECT_LE(pair.similarity, 1.0);
  }
  for (int seen : old_seen) EXPECT_EQ(seen, 1);
  for (int seen : new_seen) EXPECT_EQ(seen, 1);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char kFruit[] =
    "1. Apples shall be picked in autumn by licensed growers.\n"
    "2. Bananas shall be imported through the southern harbour only.\n"
    "3. Cherries shall be sold at the spring market in the capital.\n";

TEST(AlignTest, IdenticalTextsAreSame) {
  EXPECT_EQ(Show(kFruit, kFruit), "1>1 same; 2>2 same; 3>3 same");
}

TEST(AlignTest, PreamblesAlignAsBlocks) {
  EXPECT_EQ(Show("", ""), "");
  EXPECT_EQ(Show(" \n\n", "\t\n"), "");  // white space is no block
  EXPECT_EQ(Show("Only a preamble.\n", "Another preamble.\n"),
            "preamble>preamble modified");
  EXPECT_EQ(Show("Fruit rules\n" + std::string(kFruit),
                 "Fruit rules\n" + std::string(kFruit)),
            "preamble>preamble same; 1>1 same; 2>2 same; 3>3 same");
}

TEST(AlignTest, TextWithoutPointsIsOneBlockThatPointsSplitFrom) {
  // An unnumbered counter-proposal restating two points in one paragraph.
  EXPECT_EQ(Show("Apples shall be picked in autumn by licensed growers, and "
                 "bananas imported through the southern harbour only.\n",
                 kFruit),
            "preamble>1,2 split renumbered; ->3 added");
}

TEST(AlignTest, OneSideWithoutPoints) {
  EXPECT_EQ(Show("No points here.\n", kFruit),
            "preamble>- removed; ->1 added; ->2 added; ->3 added");
  EXPECT_EQ(Show(kFruit, ""), "1>- removed; 2>- removed; 3>- removed");
}

TEST(AlignTest, RewordedPointIsModified) {
  EXPECT_EQ(Show(kFruit,
                 "1. Apples shall be picked in autumn by licensed growers.\n"
                 "2. Bananas may be imported through the southern harbour.\n"
                 "3. Cherries shall be sold at the spring market in the "
                 "capital.\n"),
            "1>1 same; 2>2 modified; 3>3 same");
}

TEST(AlignTest, CaseIsAChangeButNotANewPoint) {
  EXPECT_EQ(Show("1. Peace now.\n", "1. PEACE NOW.\n"), "1>1 modified");
}

TEST(AlignTest, ReorderedPointsAreRenumberedAndMoved) {
  EXPECT_EQ(Show(kFruit,
                 "1. Cherries shall be sold at the spring market in the "
                 "capital.\n"
                 "2. Apples shall be picked in autumn by licensed growers.\n"
                 "3. Bananas shall be imported through the southern harbour "
                 "only.\n"),
            "3>1 same renumbered moved; 1>2 same renumbered; "
            "2>3 same renumbered");
}

TEST(AlignTest, DroppedAndAddedPoints) {
  EXPECT_EQ(Show(kFruit,
                 "1. Apples shall be picked in autumn by licensed growers.\n"
                 "2. Cherries shall be sold at the spring market in the "
                 "capital.\n"
                 "3. Copper wire exports require a permit from the "
                 "ministry.\n"),
            "1>1 same; 2>- removed; 3>2 same renumbered; ->3 added");
}

TEST(AlignTest, OnePointSplitInThree) {
  EXPECT_EQ(Show("1. Ferries cross the strait hourly. Tolls on the bridge are "
                 "abolished. Pilots guide tankers through the narrows.\n"
                 "2. Lighthouses are staffed by both navies.\n",
                 "1. Ferries cross the strait hourly.\n"
                 "2. Tolls on the bridge are abolished.\n"
                 "3. Pilots guide tankers through the narrows.\n"
                 "4. Lighthouses are staffed by both navies.\n"),
            "1>1,2,3 split renumbered; 2>4 same renumbered");
}

TEST(AlignTest, ThreePointsMergedInOne) {
  EXPECT_EQ(Show("1. Ferries cross the strait hourly.\n"
                 "2. Tolls on the bridge are abolished.\n"
                 "3. Pilots guide tankers through the narrows.\n"
                 "4. Lighthouses are staffed by both navies.\n",
                 "1. Ferries cross the strait hourly. Tolls on the bridge are "
                 "abolished. Pilots guide tankers through the narrows.\n"
                 "2. Lighthouses are staffed by both navies.\n"),
            "1,2,3>1 merged renumbered; 4>2 same renumbered");
}

TEST(AlignTest, SubPointsThatBecamePointsJoinAcrossDepths) {
  // The new version turns the sub-points of 2 into two top-level points:
  // 3 holds text that the old version keeps a level down, so it is a part
  // of 2's split. Read the other way, it is a merge.
  const std::string nested =
      "1. Apples shall be picked in autumn by licensed growers.\n"
      "2. The border regime:\n"
      "(a) the northern crossings open to trucks at dawn;\n"
      "(b) the southern crossings stay closed to all traffic.\n";
  const std::string flat =
      "1. Apples shall be picked in autumn by licensed growers.\n"
      "2. The border regime: the northern crossings open to trucks at "
      "dawn.\n"
      "3. The southern crossings stay closed to all traffic.\n";
  EXPECT_EQ(Show(nested, flat),
            "1>1 same; 2>2,3 split renumbered; 2.a>- removed; 2.b>- removed");
  EXPECT_EQ(Show(flat, nested),
            "1>1 same; 2,3>2 merged renumbered; ->2.a added; ->2.b added");
}

TEST(AlignTest, SubPointsFollowTheirParents) {
  EXPECT_EQ(Show("1. Water rights on the river.\n"
                 "(a) Irrigation is limited.\n(b) Dams need consent.\n"
                 "2. Fishing on the lake.\n"
                 "(a) Nets are limited.\n",
                 "1. Fishing on the lake.\n"
                 "(a) Nets are limited.\n"
                 "2. Water rights on the river.\n"
                 "(a) Irrigation is limited.\n(b) Dams need consent.\n"),
            // Of two swapped points, the later one in the old text moved.
            "2>1 same renumbered; 2.a>1.a same; "
            "1>2 same renumbered moved; 1.a>2.a same; 1.b>2.b same");
}

TEST(AlignTest, WordlessPointsPairByTheirText) {
  EXPECT_EQ(Show("1.\n2. -\n3. Ravens nest here.\n",
                 "1.\n2. -\n3. Ravens nest here.\n"),
            "1>1 same; 2>2 same; 3>3 same");
}

TEST(AlignTest, DuplicateNumbersKeepTheirIds) {
  EXPECT_EQ(Show("1. Ravens nest here.\n1. Owls hunt at night.\n",
                 "1. Owls hunt at night.\n2. Ravens nest here.\n"),
            "1~2>1 same; 1>2 same renumbered moved");
}

TEST(AlignTest, EveryPointOnceOnTheExamples) {
  const std::string dir = std::string(REDLINE_SOURCE_DIR) + "/examples/";
  const std::string mediator = ReadFile(dir + "plan-mediator.txt");
  ExpectEachPointOnce(mediator, ReadFile(dir + "plan-norland.txt"));
  ExpectEachPointOnce(mediator, ReadFile(dir + "plan-kestria.txt"));
  ExpectEachPointOnce(ReadFile(dir + "agreement-ru-v1.txt"),
                      ReadFile(dir + "agreement-ru-v2.txt"));
  ExpectEachPointOnce(ReadFile(dir + "plan-norland.txt"), "");
}

using Links = std::set<std::pair<std::string, std::string>>;

Links ReadLinks(const std::string& path) {
  std::istringstream in(ReadFile(path));
  Links links;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    // Ids may hold spaces ("Article I"): the two ids are split at the space
    // that leaves a valid id on each side, tried from the left.
    links.emplace(line.substr(0, line.find(' ')),
                  line.substr(line.find(' ') + 1));
  }
  return links;
}

struct Score {
  int found = 0;
  int correct = 0;
  int truth = 0;
  double F1() const {
    if (found == 0 || truth == 0) return found == truth ? 1 : 0;
    const double precision = static_cast<double>(correct) / found;
    const double recall = static_cast<double>(correct) / truth;
    return precision + recall == 0
               ? 0
               : 2 * precision * recall / (precision + recall);
  }
  void Add(const Links& links, const Links& truth_links) {
    found += static_cast<int>(links.size());
    truth += static_cast<int>(truth_links.size());
    for (const auto& link : links) correct += truth_links.count(link);
  }
};

TEST(AlignQualityTest, LinksAgainstHandWrittenTruth) {
  const std::string root = std::string(REDLINE_SOURCE_DIR) + "/tests/align/";
  const char* kCases[] = {"reworded-new-numbering", "reordered",
                          "split-one-into-three",   "merge-three-into-one",
                          "dropped-and-added",      "two-translations"};
  Score total;
  Score naive_total;
  for (const char* name : kCases) {
    const std::string dir = root + name + "/";
    const std::string old_text = ReadFile(dir + "old.txt");
    const std::string new_text = ReadFile(dir + "new.txt");
    const Document old_doc = ParsePoints(old_text);
    const Document new_doc = ParsePoints(new_text);
    Links found;
    for (const AlignedPair& pair :
         AlignPoints(old_text, old_doc, new_text, new_doc).pairs) {
      // The truth links points; a preamble block is not one.
      for (int i : pair.old_points) {
        for (int j : pair.new_points) {
          if (i == kPreamble || j == kPreamble) continue;
          found.emplace(old_doc.points[i].id, new_doc.points[j].id);
        }
      }
    }
    Links naive;
    for (const Point& point : old_doc.points) {
      if (new_doc.Find(point.id) != nullptr) naive.emplace(point.id, point.id);
    }
    const Links truth = ReadLinks(dir + "links.txt");
    ASSERT_FALSE(truth.empty()) << name;
    Score score;
    score.Add(found, truth);
    Score naive_score;
    naive_score.Add(naive, truth);
    std::printf("%-24s F1 %.3f (%d found, %d correct, %d true)  naive %.3f\n",
                name, score.F1(), score.found, score.correct, score.truth,
                naive_score.F1());
    total.Add(found, truth);
    naive_total.Add(naive, truth);
  }
  std::printf("%-24s F1 %.3f  naive %.3f\n", "all", total.F1(),
              naive_total.F1());
  EXPECT_GE(total.F1(), 0.95);
  EXPECT_LE(naive_total.F1(), 0.7);
}

}  // namespace
}  // namespace redline
