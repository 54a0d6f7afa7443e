#include "redline/synopsis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redline {
namespace {

// Versions of one short plan, each point on a subject of its own.
const char kMediator[] =
    "Draft framework for the Lake Orva settlement\n"
    "1. A ceasefire along the whole line of contact takes effect at noon on "
    "the day of signature.\n"
    "2. All prisoners of war are exchanged on the all-for-all principle "
    "within thirty days.\n"
    "3. Civilian detainees are released and returned to their families.\n"
    "4. A joint commission supervises the reopening of the Orva river "
    "crossings.\n";

// Renumbered: the prisoner and detainee points merged, a new point on
// de-mining added, the rest reworded a little.
const char kNorland[] =
    "Draft framework for the Lake Orva settlement\n"
    "1. A ceasefire along the whole line of contact takes effect at noon on "
    "the day of signature.\n"
    "2. All prisoners of war are exchanged on the all-for-all principle "
    "within thirty days, and civilian detainees are released and returned "
    "to their families.\n"
    "3. Mine clearance teams of both sides work together on the river "
    "banks.\n"
    "4. A joint commission supervises the reopening of all Orva river "
    "crossings.\n";

// Keeps everything but the crossings, in another order.
const char kKestria[] =
    "Draft framework for the Lake Orva settlement\n"
    "1. Civilian detainees are released and returned to their families.\n"
    "2. A ceasefire along the whole line of contact takes effect at noon on "
    "the day of signature.\n"
    "3. All prisoners of war are exchanged on the all-for-all principle "
    "within thirty days.\n";

struct Fixture {
  explicit Fixture(std::vector<std::string> texts) : texts_(std::move(texts)) {
    docs_.reserve(texts_.size());
    for (const std::string& text : texts_) docs_.push_back(ParsePoints(text));
    for (size_t v = 0; v < texts_.size(); ++v) {
      versions.push_back(
          VersionText{"v" + std::to_string(v), texts_[v], &docs_[v]});
    }
  }

  // The ids of a cell, "-" when empty, joined by "+", then the relation.
  std::string Cell(const Synopsis& synopsis, size_t row, int v) const {
    const SynopsisCell& cell = synopsis.rows[row].cells[v];
    if (cell.points.empty()) return "-";
    std::string out;
    for (int p : cell.points) {
      if (!out.empty()) out += "+";
      out += PointId(docs_[v], p);
    }
    return out + " " + RelationName(cell.relation);
  }

  // Every row as "cell | cell | cell".
  std::vector<std::string> Rows(const Synopsis& synopsis) const {
    std::vector<std::string> rows;
    for (size_t r = 0; r < synopsis.rows.size(); ++r) {
      std::string line;
      for (size_t v = 0; v < versions.size(); ++v) {
        if (v > 0) line += " | ";
        line += Cell(synopsis, r, static_cast<int>(v));
      }
      rows.push_back(line);
    }
    return rows;
  }

  const Closeness& Of(const Synopsis& synopsis, int of, int in) const {
    for (const Closeness& c : synopsis.closeness) {
      if (c.of == of && c.in == in) return c;
    }
    ADD_FAILURE() << "no closeness of " << of << " in " << in;
    return synopsis.closeness.front();
  }

  std::vector<VersionText> versions;

 private:
  std::vector<std::string> texts_;
  std::vector<Document> docs_;
};

TEST(SynopsisTest, OneRowPerProvisionAcrossVersions) {
  const Fixture f({kMediator, kNorland, kKestria});
  const Synopsis synopsis = BuildSynopsis(f.versions, 0);
  EXPECT_EQ(synopsis.base, 0);
  EXPECT_EQ(f.Rows(synopsis),
            (std::vector<std::string>{
                "preamble same | preamble same | preamble same",
                "1 same | 1 same | 2 same",
                // Norland merged 2 and 3: one row holds both base points.
                "2+3 same | 2 merged | 1+3 same",
                // Added by Norland, after the row of its point 2.
                "- | 3 added | -",
                "4 same | 4 modified | -",
            }));
}

TEST(SynopsisTest, AnotherBaseComparesEveryoneWithIt) {
  const Fixture f({kMediator, kNorland, kKestria});
  const Synopsis synopsis = BuildSynopsis(f.versions, 1);
  EXPECT_EQ(synopsis.base, 1);
  EXPECT_EQ(f.Rows(synopsis),
            (std::vector<std::string>{
                "preamble same | preamble same | preamble same",
                "1 same | 1 same | 2 same",
                "2+3 split | 2 same | 1+3 split",
                "- | 3 same | -",
                "4 modified | 4 same | -",
            }));
}

TEST(SynopsisTest, ClosenessOfEveryOrderedPair) {
  const Fixture f({kMediator, kNorland, kKestria});
  const Synopsis synopsis = BuildSynopsis(f.versions, 0);
  EXPECT_EQ(synopsis.closeness.size(), 6u);
  // The mediator's five items (preamble and four points) in Kestria's
  // version: preamble, 1, 2 and 3 unchanged, 4 dropped.
  const Closeness& mediator_in_kestria = f.Of(synopsis, 0, 2);
  EXPECT_DOUBLE_EQ(mediator_in_kestria.kept, 4.0 / 5);
  EXPECT_DOUBLE_EQ(mediator_in_kestria.unchanged, 4.0 / 5);
  // Kestria's four items are all in the mediator's text, unchanged.
  const Closeness& kestria_in_mediator = f.Of(synopsis, 2, 0);
  EXPECT_DOUBLE_EQ(kestria_in_mediator.kept, 1.0);
  EXPECT_DOUBLE_EQ(kestria_in_mediator.unchanged, 1.0);
  // In Norland's version the merged points count as neither kept nor
  // unchanged; point 4 was reworded.
  const Closeness& mediator_in_norland = f.Of(synopsis, 0, 1);
  EXPECT_DOUBLE_EQ(mediator_in_norland.kept, 3.0 / 5);
  EXPECT_DOUBLE_EQ(mediator_in_norland.unchanged, 2.0 / 5);
  // Word similarity is symmetric and below 1 for different texts.
  EXPECT_EQ(mediator_in_kestria.similarity, kestria_in_mediator.similarity);
  EXPECT_GT(mediator_in_kestria.similarity, 0.5);
  EXPECT_LT(mediator_in_kestria.similarity, 1.0);
}

TEST(SynopsisTest, CellMissingPartOfItsRowIsModified) {
  // Kestria merges the mediator's 2 and 3 into one row; Norland keeps 2
  // word for word but drops 3: its cell is not the same as the row.
  const char kPartial[] =
      "Draft framework for the Lake Orva settlement\n"
      "1. A ceasefire along the whole line of contact takes effect at noon "
      "on the day of signature.\n"
      "2. All prisoners of war are exchanged on the all-for-all principle "
      "within thirty days.\n"
      "3. A joint commission supervises the reopening of the Orva river "
      "crossings.\n";
  const char kMerging[] =
      "Draft framework for the Lake Orva settlement\n"
      "1. A ceasefire along the whole line of contact takes effect at noon "
      "on the day of signature.\n"
      "2. All prisoners of war are exchanged on the all-for-all principle "
      "within thirty days, and civilian detainees are released and "
      "returned to their families.\n";
  const Fixture f({kMediator, kPartial, kMerging});
  const Synopsis synopsis = BuildSynopsis(f.versions, 0);
  EXPECT_EQ(f.Rows(synopsis)[2], "2+3 same | 2 modified | 2 merged");
}

TEST(SynopsisTest, IdenticalVersionsAreAllSameAndFullyClose) {
  const Fixture f({kMediator, kMediator});
  const Synopsis synopsis = BuildSynopsis(f.versions, 0);
  for (const SynopsisRow& row : synopsis.rows) {
    EXPECT_EQ(row.cells[1].relation, Relation::kSame);
  }
  for (const Closeness& c : synopsis.closeness) {
    EXPECT_EQ(c.kept, 1.0);
    EXPECT_EQ(c.unchanged, 1.0);
    EXPECT_EQ(c.similarity, 1.0);
  }
}

TEST(SynopsisTest, TextWithoutPointsAlignsAsOneBlock) {
  // An unnumbered counter-proposal: its preamble (the whole text) is one
  // block, which takes in the points it rephrases.
  const Fixture f(
      {kMediator,
       "A ceasefire along the whole line of contact takes effect at noon on "
       "the day of signature. All prisoners of war are exchanged on the "
       "all-for-all principle within thirty days.\n"});
  const Synopsis synopsis = BuildSynopsis(f.versions, 1);
  EXPECT_EQ(f.Rows(synopsis), (std::vector<std::string>{
                                  // The mediator's title matches nothing.
                                  "preamble added | -",
                                  "1+2 split | preamble same",
                                  "3 added | -",
                                  "4 added | -",
                              }));
}

}  // namespace
}  // namespace redline
