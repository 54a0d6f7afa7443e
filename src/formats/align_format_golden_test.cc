// Golden files: tests/golden/align/<case>/ holds old.txt and new.txt and
// the expected renderings of their alignment (align.txt, align.json,
// align.html, align.md); tests/golden/synopsis/<case>/ holds v1.txt, v2.txt
// and v3.txt and the expected renderings of their synopsis on v1
// (synopsis.txt, .json, .html, .md). Run the tests with
// REDLINE_UPDATE_GOLDEN=1 to rewrite the expected files, then review the
// changes to them by eye before committing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "redline/align.h"
#include "redline/align_format.h"
#include "redline/points.h"
#include "redline/synopsis.h"

namespace redline {
namespace {

std::string GoldenPath(const std::string& kind, const std::string& name,
                       const std::string& file) {
  return std::string(REDLINE_SOURCE_DIR) + "/tests/golden/" + kind + "/" +
         name + "/" + file;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool UpdatingGolden() {
  const char* update = std::getenv("REDLINE_UPDATE_GOLDEN");
  return update != nullptr && std::string_view(update) == "1";
}

// Compares each output with its golden file, or rewrites the file.
void ExpectGolden(
    const std::string& kind, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& outputs) {
  for (const auto& [file, output] : outputs) {
    const std::string path = GoldenPath(kind, name, file);
    if (UpdatingGolden()) {
      std::ofstream(path, std::ios::binary) << output;
      continue;
    }
    EXPECT_EQ(output, ReadFile(path))
        << path << " differs; REDLINE_UPDATE_GOLDEN=1 rewrites it";
  }
}

// The texts of a golden case, parsed, as the commands take them.
class GoldenVersions {
 public:
  GoldenVersions(const std::string& kind, const std::string& name,
                 const std::vector<std::string>& files) {
    texts_.reserve(files.size());
    docs_.reserve(files.size());
    for (const std::string& file : files) {
      texts_.push_back(ReadFile(GoldenPath(kind, name, file)));
      docs_.push_back(ParsePoints(texts_.back()));
    }
    for (size_t v = 0; v < files.size(); ++v) {
      versions_.push_back(VersionText{files[v], texts_[v], &docs_[v]});
    }
  }

  const std::vector<VersionText>& versions() const { return versions_; }

 private:
  std::vector<std::string> texts_;
  std::vector<Document> docs_;
  std::vector<VersionText> versions_;
};

Alignment AlignGolden(const GoldenVersions& golden) {
  const VersionText& old_version = golden.versions()[0];
  const VersionText& new_version = golden.versions()[1];
  return AlignPoints(old_version.text, *old_version.doc, new_version.text,
                     *new_version.doc);
}

class AlignGoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(AlignGoldenTest, RenderingsMatchTheGoldenFiles) {
  const GoldenVersions golden("align", GetParam(), {"old.txt", "new.txt"});
  const VersionText& old_version = golden.versions()[0];
  const VersionText& new_version = golden.versions()[1];
  const Alignment alignment = AlignGolden(golden);
  std::ostringstream json, text, html, markdown;
  WriteAlignJson(old_version, new_version, alignment, json);
  WriteAlignText(old_version, new_version, alignment, DiffRenderOptions(),
                 text);
  WriteAlignHtml(old_version, new_version, alignment, html);
  WriteAlignMarkdown(old_version, new_version, alignment, markdown);
  ExpectGolden("align", GetParam(),
               {{"align.json", json.str()},
                {"align.txt", text.str()},
                {"align.html", html.str()},
                {"align.md", markdown.str()}});
}

INSTANTIATE_TEST_SUITE_P(Cases, AlignGoldenTest,
                         testing::Values("renumbered_reworded", "split_merge",
                                         "added_removed_preamble"));

class SynopsisGoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(SynopsisGoldenTest, RenderingsMatchTheGoldenFiles) {
  const GoldenVersions golden("synopsis", GetParam(),
                              {"v1.txt", "v2.txt", "v3.txt"});
  const Synopsis synopsis = BuildSynopsis(golden.versions(), 0);
  std::ostringstream json, text, html, markdown;
  WriteSynopsisJson(golden.versions(), synopsis, json);
  WriteSynopsisText(golden.versions(), synopsis, DiffRenderOptions(), text);
  WriteSynopsisHtml(golden.versions(), synopsis, html);
  WriteSynopsisMarkdown(golden.versions(), synopsis, markdown);
  ExpectGolden("synopsis", GetParam(),
               {{"synopsis.json", json.str()},
                {"synopsis.txt", text.str()},
                {"synopsis.html", html.str()},
                {"synopsis.md", markdown.str()}});
}

INSTANTIATE_TEST_SUITE_P(Cases, SynopsisGoldenTest,
                         testing::Values("three_drafts", "added_preamble"));

// The relations (with "renumbered" and "moved") of a case's pairs.
std::set<std::string> AlignRelations(const std::string& name) {
  const GoldenVersions golden("align", name, {"old.txt", "new.txt"});
  std::set<std::string> relations;
  for (const AlignedPair& pair : AlignGolden(golden).pairs) {
    relations.insert(RelationName(pair.relation));
    if (pair.renumbered) relations.insert("renumbered");
    if (pair.moved) relations.insert("moved");
  }
  return relations;
}

std::set<std::string> SynopsisRelations(const std::string& name) {
  const GoldenVersions golden("synopsis", name, {"v1.txt", "v2.txt", "v3.txt"});
  std::set<std::string> relations;
  for (const SynopsisRow& row : BuildSynopsis(golden.versions(), 0).rows) {
    for (const SynopsisCell& cell : row.cells) {
      if (cell.points.empty()) relations.insert("empty");
      if (cell.points.empty()) continue;
      relations.insert(RelationName(cell.relation));
      if (cell.renumbered) relations.insert("renumbered");
      if (cell.moved) relations.insert("moved");
    }
  }
  return relations;
}

TEST(AlignGoldenCasesTest, ShowWhatTheyAreNamedFor) {
  // Guards the golden cases against an alignment change that would make a
  // case stop showing its feature.
  const std::set<std::string> renumbered =
      AlignRelations("renumbered_reworded");
  EXPECT_TRUE(renumbered.contains("renumbered"));
  EXPECT_TRUE(renumbered.contains("modified"));
  EXPECT_TRUE(renumbered.contains("moved"));
  const std::set<std::string> split_merge = AlignRelations("split_merge");
  EXPECT_TRUE(split_merge.contains("split"));
  EXPECT_TRUE(split_merge.contains("merged"));
  const std::set<std::string> added = AlignRelations("added_removed_preamble");
  EXPECT_TRUE(added.contains("added"));
  EXPECT_TRUE(added.contains("removed"));
  const GoldenVersions preamble("align", "added_removed_preamble",
                                {"old.txt", "new.txt"});
  EXPECT_EQ(AlignGolden(preamble).pairs.at(0).old_points,
            std::vector<int>{kPreamble});

  const std::set<std::string> drafts = SynopsisRelations("three_drafts");
  for (const char* relation :
       {"same", "modified", "split", "merged", "added", "empty"}) {
    EXPECT_TRUE(drafts.contains(relation)) << relation;
  }
  EXPECT_TRUE(SynopsisRelations("added_preamble").contains("added"));
}

}  // namespace
}  // namespace redline
