#include "redline/align_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "redline/points.h"

namespace redline {
namespace {

TEST(AlignJsonTest, FollowsTheContract) {
  const std::string old_text =
      "Plan\n1. Ceasefire now.\n2. Prisoners go home.\n";
  const std::string new_text =
      "Plan\n1. Prisoners go home.\n2. Ceasefire now.\n";
  const Document old_doc = ParsePoints(old_text);
  const Document new_doc = ParsePoints(new_text);
  const VersionText old_version{"A", old_text, &old_doc};
  const VersionText new_version{"B", new_text, &new_doc};
  std::ostringstream out;
  WriteAlignJson(old_version, new_version,
                 AlignPoints(old_text, old_doc, new_text, new_doc), out);
  const nlohmann::json json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["old"]["label"], "A");
  EXPECT_EQ(json["old"]["points"],
            nlohmann::json::parse(R"(["preamble", "1", "2"])"));
  ASSERT_EQ(json["pairs"].size(), 3u);
  EXPECT_EQ(json["pairs"][0]["old"], nlohmann::json::parse(R"(["preamble"])"));
  EXPECT_EQ(json["pairs"][0]["relation"], "same");
  EXPECT_EQ(json["pairs"][1]["old"], nlohmann::json::parse(R"(["2"])"));
  EXPECT_EQ(json["pairs"][1]["new"], nlohmann::json::parse(R"(["1"])"));
  EXPECT_EQ(json["pairs"][1]["renumbered"], true);
}

// Versions parsed from texts, with hand-built alignments and synopses:
// they pin down exactly what a renderer gets, whatever AlignPoints and
// BuildSynopsis would make of the texts.
class Versions {
 public:
  Versions(std::vector<std::string> labels, std::vector<std::string> texts)
      : texts_(std::move(texts)) {
    for (const std::string& text : texts_) docs_.push_back(ParsePoints(text));
    for (size_t v = 0; v < texts_.size(); ++v) {
      versions_.push_back(VersionText{labels[v], texts_[v], &docs_[v]});
    }
  }

  const VersionText& operator[](size_t v) const { return versions_[v]; }
  const std::vector<VersionText>& all() const { return versions_; }

 private:
  std::vector<std::string> texts_;
  std::vector<Document> docs_;
  std::vector<VersionText> versions_;
};

AlignedPair Pair(std::vector<int> old_points, std::vector<int> new_points,
                 Relation relation, double similarity, bool renumbered = false,
                 bool moved = false) {
  AlignedPair pair;
  pair.old_points = std::move(old_points);
  pair.new_points = std::move(new_points);
  pair.relation = relation;
  pair.similarity = similarity;
  pair.renumbered = renumbered;
  pair.moved = moved;
  return pair;
}

// A preamble, a point renumbered and moved, a point reworded, one removed,
// one added.
class AlignFormatTest : public testing::Test {
 protected:
  AlignFormatTest()
      : versions_({"A", "B"},
                  {"Plan\n\n1. Ceasefire now.\n\n2. Prisoners go home.\n\n"
                   "3. Mines cleared.\n",
                   "Plan\n\n1. Prisoners go home soon.\n\n2. Ceasefire now.\n\n"
                   "3. Elections held.\n"}) {
    alignment_.pairs = {
        Pair({kPreamble}, {kPreamble}, Relation::kSame, 1),
        Pair({0}, {1}, Relation::kSame, 1, true, true),
        Pair({1}, {0}, Relation::kModified, 0.8, true),
        Pair({2}, {}, Relation::kRemoved, 0),
        Pair({}, {2}, Relation::kAdded, 0),
    };
  }

  std::string Text(bool color) const {
    DiffRenderOptions render;
    render.color = color;
    std::ostringstream out;
    WriteAlignText(versions_[0], versions_[1], alignment_, render, out);
    return out.str();
  }
  std::string Html() const {
    std::ostringstream out;
    WriteAlignHtml(versions_[0], versions_[1], alignment_, out);
    return out.str();
  }
  std::string Markdown() const {
    std::ostringstream out;
    WriteAlignMarkdown(versions_[0], versions_[1], alignment_, out);
    return out.str();
  }

  Versions versions_;
  Alignment alignment_;
};

TEST_F(AlignFormatTest, TextShowsEachPairAndTheRedlineOfChangedOnes) {
  EXPECT_EQ(Text(false),
            "A \u2192 B\n"
            "preamble \u2192 preamble  same  1.00\n"
            "1 \u2192 2  same  renumbered  moved  1.00\n"
            "2 \u2192 1  modified  renumbered  0.80\n"
            "    Prisoners go home{+ soon+}.\n"
            "3 \u2192 \u2014  removed  0.00\n"
            "    [-Mines cleared.-]\n"
            "\u2014 \u2192 3  added  0.00\n"
            "    {+Elections held.+}\n");
}

TEST_F(AlignFormatTest, TextInColour) {
  EXPECT_EQ(Text(true),
            "A \u2192 B\n"
            "\x1b[1mpreamble \u2192 preamble  same  1.00\x1b[0m\n"
            "\x1b[1m1 \u2192 2  same  renumbered  moved  1.00\x1b[0m\n"
            "\x1b[1m2 \u2192 1  modified  renumbered  0.80\x1b[0m\n"
            "    Prisoners go home\x1b[32;4m soon\x1b[0m.\n"
            "\x1b[1m3 \u2192 \u2014  removed  0.00\x1b[0m\n"
            "    \x1b[31;9mMines cleared.\x1b[0m\n"
            "\x1b[1m\u2014 \u2192 3  added  0.00\x1b[0m\n"
            "    \x1b[32;4mElections held.\x1b[0m\n");
}

TEST_F(AlignFormatTest, MarkdownIsATableWithTheRedlines) {
  EXPECT_EQ(Markdown(),
            "# A \u2192 B\n\n"
            "5 pairs: 2 same, 1 modified, 1 removed, 1 added. ~~Deleted~~ and "
            "**inserted** text against A; moved text is marked at both of its "
            "places.\n\n"
            "| A | B | Relation | Text |\n"
            "| --- | --- | --- | --- |\n"
            "| preamble | preamble | same \u00B7 1.00 | Plan |\n"
            "| 1 | 2 | same \u00B7 renumbered \u00B7 moved \u00B7 1.00 | "
            "Ceasefire now. |\n"
            "| 2 | 1 | modified \u00B7 renumbered \u00B7 0.80 | "
            "Prisoners go home **soon**. |\n"
            "| 3 | \u2014 | removed \u00B7 0.00 | ~~Mines cleared.~~ |\n"
            "| \u2014 | 3 | added \u00B7 0.00 | **Elections held.** |\n");
}

TEST_F(AlignFormatTest, HtmlIsOnePageWithATableRowPerPair) {
  const std::string html = Html();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html>\n<head>\n", 0), 0u);
  EXPECT_NE(html.find("<title>Alignment: A \u2192 B</title>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"summary\">5 pairs: 2 same, 1 modified, 1 "
                      "removed, 1 added.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td><span class=\"ids\">2</span></td><td><span "
                      "class=\"ids\">1</span></td><td><span class=\"badge "
                      "modified\">modified</span> <span class=\"badge "
                      "renumbered\">renumbered</span> <span "
                      "class=\"similarity\">0.80</span></td><td "
                      "class=\"text\">Prisoners go home<ins> "
                      "soon</ins>.</td></tr>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td><span class=\"ids\">3</span></td><td "
                      "class=\"empty\">\u2014</td><td><span class=\"badge "
                      "removed\">removed</span> <span "
                      "class=\"similarity\">0.00</span></td><td "
                      "class=\"text\"><del>Mines cleared.</del></td></tr>\n"),
            std::string::npos);
  for (const char* needle :
       {"thead { display: table-header-group; }", "tr { break-inside: avoid;",
        "position: sticky; top: 0;", ".text { white-space: pre-wrap;"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  // Standalone: no scripts, nothing fetched.
  for (const char* needle : {"<script", "<link", "src=", "url(", "@import"}) {
    EXPECT_EQ(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_TRUE(html.ends_with("</tbody>\n</table>\n</body>\n</html>\n"));
}

// A label and a text that would run a script or break a format.
constexpr std::string_view kHostileLabel = "<script>alert(1)</script> & co";
constexpr std::string_view kHostileText =
    "1. Norland & Kestria <script>x</script> agree.\n"
    "2. Pipes | stars * under_scores `ticks` [links] \\ and\nlines.\n";

TEST(AlignHtmlTest, EscapesLabelsAndTexts) {
  const Versions versions({std::string(kHostileLabel), "B\"'"},
                          {"", std::string(kHostileText)});
  Alignment alignment;
  alignment.pairs = {Pair({}, {0}, Relation::kAdded, 0),
                     Pair({}, {1}, Relation::kAdded, 0)};
  std::ostringstream out;
  WriteAlignHtml(versions[0], versions[1], alignment, out);
  const std::string html = out.str();
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co "
                      "\u2192 B&quot;&#39;</h1>"),
            std::string::npos);
  EXPECT_NE(html.find("<title>Alignment: &lt;script&gt;alert(1)&lt;/"
                      "script&gt; &amp; co \u2192 B&quot;&#39;</title>"),
            std::string::npos);
  EXPECT_NE(html.find("<ins>Norland &amp; Kestria &lt;script&gt;x&lt;/"
                      "script&gt; agree.</ins>"),
            std::string::npos);
}

TEST(AlignMarkdownTest, EscapesLabelsAndTextsInCells) {
  const Versions versions({"a|b*c", "B"}, {"", std::string(kHostileText)});
  Alignment alignment;
  alignment.pairs = {Pair({}, {0}, Relation::kAdded, 0),
                     Pair({}, {1}, Relation::kAdded, 0)};
  std::ostringstream out;
  WriteAlignMarkdown(versions[0], versions[1], alignment, out);
  EXPECT_EQ(
      out.str(),
      "# a\\|b\\*c \u2192 B\n\n"
      "2 pairs: 2 added. ~~Deleted~~ and **inserted** text against "
      "a\\|b\\*c; moved text is marked at both of its places.\n\n"
      "| a\\|b\\*c | B | Relation | Text |\n"
      "| --- | --- | --- | --- |\n"
      "| \u2014 | 1 | added \u00B7 0.00 | **Norland \\& Kestria "
      "\\<script\\>x\\</script\\> agree.** |\n"
      "| \u2014 | 2 | added \u00B7 0.00 | **Pipes \\| stars \\* "
      "under\\_scores \\`ticks\\` \\[links\\] \\\\ and**<br>**lines.** |\n");
}

TEST(AlignTextTest, ControlCharactersNeverReachTheTerminal) {
  const Versions versions(
      {"A\x1b[2J", "B"}, {"1. Cease\x1b]0;fire.\n", "1. Ceasefire\x07 now.\n"});
  Alignment alignment;
  alignment.pairs = {Pair({0}, {0}, Relation::kModified, 0.5)};
  std::ostringstream out;
  WriteAlignText(versions[0], versions[1], alignment, DiffRenderOptions(), out);
  EXPECT_EQ(out.str().find_first_of("\x1b\x07"), std::string::npos);
  EXPECT_EQ(out.str().rfind("A\u241b[2J \u2192 B\n", 0), 0u);
}

// One point split in two, two merged into one.
class SplitMergeTest : public testing::Test {
 protected:
  SplitMergeTest()
      : versions_({"A", "B"},
                  {"1. Withdraw troops and open roads.\n\n2. Free "
                   "prisoners.\n\n3. Free civilians.\n",
                   "1. Withdraw troops.\n\n2. Open roads.\n\n3. Free "
                   "prisoners and civilians.\n"}) {
    alignment_.pairs = {Pair({0}, {0, 1}, Relation::kSplit, 0.9),
                        Pair({1, 2}, {2}, Relation::kMerged, 0.7, true)};
  }

  Versions versions_;
  Alignment alignment_;
};

TEST_F(SplitMergeTest, TextShowsThePartsOneALine) {
  std::ostringstream out;
  WriteAlignText(versions_[0], versions_[1], alignment_, DiffRenderOptions(),
                 out);
  EXPECT_EQ(out.str(),
            "A \u2192 B\n"
            "1 \u2192 1, 2  split  0.90\n"
            "    Withdraw troops[- and open-]{+.+}\n"
            "    {+Open+} roads.\n"
            "2, 3 \u2192 3  merged  renumbered  0.70\n"
            "    Free prisoners[-.-]\n"
            "    [-Free-]{+ and+} civilians.\n");
}

TEST_F(SplitMergeTest, MarkdownJoinsLinesWithBr) {
  std::ostringstream out;
  WriteAlignMarkdown(versions_[0], versions_[1], alignment_, out);
  const std::string md = out.str();
  EXPECT_NE(md.find("| 1 | 1, 2 | split \u00B7 0.90 | Withdraw troops ~~and "
                    "open~~\u200A**.**<br>**Open** roads. |\n| 2, 3 | 3 | "
                    "merged \u00B7 renumbered \u00B7 0.70 | Free "
                    "prisoners\u200A~~.~~<br>~~Free~~ **and** civilians. |\n"),
            std::string::npos)
      << md;
}

TEST(AlignHtmlTest, MovesInsideAPairLinkTheirTwoPlaces) {
  const std::string moved =
      "The Guarantors shall convene within three days at the request of "
      "either Party.";
  const std::string staying =
      "Talks between the Parties shall resume in Valmoria within one month "
      "of the ceasefire entering into force.";
  const Versions versions({"A", "B"}, {"1. " + moved + " " + staying + "\n",
                                       "1. " + staying + " " + moved + "\n"});
  Alignment alignment;
  alignment.pairs = {Pair({0}, {0}, Relation::kModified, 0.9),
                     Pair({0}, {0}, Relation::kModified, 0.9)};
  std::ostringstream out;
  WriteAlignHtml(versions[0], versions[1], alignment, out);
  const std::string html = out.str();
  // Each pair's ids are its own, so that links stay within the pair.
  for (const char* needle :
       {"<a class=\"move-tag\" href=\"#p1-move-1-to\">(moved below)</a>"
        "<del class=\"move\" id=\"p1-move-1-from\">",
        "<a class=\"move-tag\" href=\"#p1-move-1-from\">(moved from above)"
        "</a><ins class=\"move\" id=\"p1-move-1-to\">",
        "id=\"p2-move-1-from\"", "id=\"p2-move-1-to\""}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle << "\n" << html;
  }
}

// The base A with a preamble and two points; B rewords a point and adds
// one; C keeps only the first point.
class SynopsisFormatTest : public testing::Test {
 protected:
  SynopsisFormatTest()
      : versions_({"A", "B", "C"},
                  {"Intro\n\n1. Ceasefire now.\n\n2. Prisoners go home.\n",
                   "1. Ceasefire now.\n\n2. Prisoners go home today.\n\n"
                   "3. Elections.\n",
                   "1. Ceasefire now.\n"}) {
    synopsis_.base = 0;
    synopsis_.rows = {
        Row({Cell({kPreamble}, Relation::kSame), Cell({}, Relation::kSame),
             Cell({}, Relation::kSame)}),
        Row({Cell({0}, Relation::kSame), Cell({0}, Relation::kSame),
             Cell({0}, Relation::kSame)}),
        Row({Cell({1}, Relation::kSame), Cell({1}, Relation::kModified),
             Cell({}, Relation::kSame)}),
        Row({Cell({}, Relation::kSame), Cell({2}, Relation::kAdded),
             Cell({}, Relation::kSame)}),
    };
    synopsis_.closeness = {{0, 1, 0.67, 0.33, 0.8}, {0, 2, 0.33, 0.33, 0.4},
                           {1, 0, 0.67, 0.33, 0.8}, {1, 2, 0.33, 0.33, 0.5},
                           {2, 0, 1, 1, 0.4},       {2, 1, 1, 1, 0.5}};
  }

  static SynopsisCell Cell(std::vector<int> points, Relation relation) {
    SynopsisCell cell;
    cell.points = std::move(points);
    cell.relation = relation;
    return cell;
  }
  static SynopsisRow Row(std::vector<SynopsisCell> cells) {
    return SynopsisRow{std::move(cells)};
  }

  Versions versions_;
  Synopsis synopsis_;
};

TEST_F(SynopsisFormatTest, TextShowsClosenessThenEachRow) {
  std::ostringstream out;
  WriteSynopsisText(versions_.all(), synopsis_, DiffRenderOptions(), out);
  EXPECT_EQ(out.str(),
            "Closeness: how much of each version (row) each other (column) "
            "keeps\n"
            "   A                                 B                        "
            "         C\n"
            "A  \u2014                                 kept 67% \u00B7 same "
            "33% \u00B7 sim 0.80    kept 33% \u00B7 same 33% \u00B7 sim "
            "0.40\n"
            "B  kept 67% \u00B7 same 33% \u00B7 sim 0.80    \u2014         "
            "                        kept 33% \u00B7 same 33% \u00B7 sim "
            "0.50\n"
            "C  kept 100% \u00B7 same 100% \u00B7 sim 0.40  kept 100% \u00B7 "
            "same 100% \u00B7 sim 0.50  \u2014\n"
            "\n"
            "A (base): preamble\n"
            "B: \u2014\n"
            "C: \u2014\n"
            "\n"
            "A (base): 1\n"
            "B: 1  same\n"
            "C: 1  same\n"
            "\n"
            "A (base): 2\n"
            "B: 2  modified\n"
            "    Prisoners go home{+ today+}.\n"
            "C: \u2014\n"
            "\n"
            "A (base): \u2014\n"
            "B: 3  added\n"
            "    {+Elections.+}\n"
            "C: \u2014\n");
}

TEST_F(SynopsisFormatTest,
       MarkdownHasTheClosenessTableThenOneColumnPerVersion) {
  std::ostringstream out;
  WriteSynopsisMarkdown(versions_.all(), synopsis_, out);
  EXPECT_EQ(out.str(),
            "# Synopsis\n\n"
            "3 versions, 4 rows; the base is A. ~~Deleted~~ and **inserted** "
            "text against the base; moved text is marked at both of its "
            "places.\n\n"
            "## Closeness\n\n"
            "How much of each version (row) each other version (column) "
            "keeps: the share of its points kept, the share kept unchanged, "
            "and the similarity of the two texts.\n\n"
            "|  | A | B | C |\n"
            "| --- | --- | --- | --- |\n"
            "| **A** | \u2014 | kept 67% \u00B7 unchanged 33% \u00B7 similar "
            "80% | kept 33% \u00B7 unchanged 33% \u00B7 similar 40% |\n"
            "| **B** | kept 67% \u00B7 unchanged 33% \u00B7 similar 80% | "
            "\u2014 | kept 33% \u00B7 unchanged 33% \u00B7 similar 50% |\n"
            "| **C** | kept 100% \u00B7 unchanged 100% \u00B7 similar 40% | "
            "kept 100% \u00B7 unchanged 100% \u00B7 similar 50% | \u2014 |\n"
            "\n## Points\n\n"
            "| A (base) | B | C |\n"
            "| --- | --- | --- |\n"
            "| preamble<br>Intro | \u2014 | \u2014 |\n"
            "| 1<br>Ceasefire now. | 1 \u00B7 *same*<br>Ceasefire now. | 1 "
            "\u00B7 *same*<br>Ceasefire now. |\n"
            "| 2<br>Prisoners go home. | 2 \u00B7 *modified*<br>Prisoners go "
            "home **today**. | \u2014 |\n"
            "| \u2014 | 3 \u00B7 *added*<br>**Elections.** | \u2014 |\n");
}

TEST_F(SynopsisFormatTest, HtmlIsTheFourColumnDocument) {
  std::ostringstream out;
  WriteSynopsisHtml(versions_.all(), synopsis_, out);
  const std::string html = out.str();
  for (const char* needle : {
           "<thead>\n<tr><th scope=\"col\" class=\"base\">A <span "
           "class=\"badge base\">base</span></th><th scope=\"col\">B</th><th "
           "scope=\"col\">C</th></tr>\n</thead>",
           "<tr>\n<td class=\"base\"><span class=\"ids\">2</span><div "
           "class=\"text\">Prisoners go home.</div></td>\n<td><span "
           "class=\"ids\">2</span> <span class=\"badge "
           "modified\">modified</span><div class=\"text\">Prisoners go "
           "home<ins> today</ins>.</div></td>\n<td "
           "class=\"empty\">\u2014</td>\n</tr>\n",
           "<tr>\n<td class=\"base empty\">\u2014</td>\n",
           "<tr><th scope=\"row\">C</th><td>kept 100%<br>unchanged "
           "100%<br>similar 40%</td><td>kept 100%<br>unchanged 100%<br>similar "
           "50%</td><td class=\"empty\">\u2014</td></tr>\n",
           "@page { size: landscape;",
           "thead { display: table-header-group; }",
           "tr { break-inside: avoid;",
           "position: sticky; top: 0;",
       }) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(SynopsisHtmlTest, EscapesLabelsAndTexts) {
  const Versions versions({std::string(kHostileLabel), "B & C"},
                          {"1. Peace.\n", std::string(kHostileText)});
  Synopsis synopsis;
  SynopsisCell base;
  base.points = {0};
  SynopsisCell other;
  other.points = {0};
  other.relation = Relation::kModified;
  synopsis.rows = {SynopsisRow{{base, other}}};
  synopsis.closeness = {{0, 1, 1, 0, 0.1}, {1, 0, 0.5, 0, 0.1}};
  std::ostringstream out;
  WriteSynopsisHtml(versions.all(), synopsis, out);
  const std::string html = out.str();
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\" class=\"base\">&lt;script&gt;alert("
                      "1)&lt;/script&gt; &amp; co <span class=\"badge "
                      "base\">base</span></th><th scope=\"col\">B &amp; "
                      "C</th>"),
            std::string::npos);
  EXPECT_NE(html.find("<ins>Norland &amp; Kestria &lt;script&gt;x&lt;/"
                      "script&gt; agree</ins>"),
            std::string::npos)
      << html;
}

TEST(SynopsisMarkdownTest, EscapesLabelsAndTexts) {
  const Versions versions({"a|b", "c_d"}, {"1. Peace.\n", "1. [x] | y\n"});
  Synopsis synopsis;
  SynopsisCell base;
  base.points = {0};
  SynopsisCell other;
  other.points = {0};
  other.relation = Relation::kModified;
  synopsis.rows = {SynopsisRow{{base, other}}};
  std::ostringstream out;
  WriteSynopsisMarkdown(versions.all(), synopsis, out);
  const std::string md = out.str();
  EXPECT_NE(
      md.find("| a\\|b (base) | c\\_d |\n| --- | --- |\n| 1<br>Peace. | "
              "1 \u00B7 *modified*<br>~~Peace.~~\u200A**\\[x\\] \\| y** |\n"),
      std::string::npos)
      << md;
}

}  // namespace
}  // namespace redline
