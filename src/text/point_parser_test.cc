#include <gtest/gtest.h>

#include <string>

#include "redline/points.h"

namespace redline {
namespace {

// One line per point: indentation by depth, id, then the printed number.
std::string Outline(std::string_view text,
                    const ParseOptions& options = ParseOptions()) {
  const Document doc = ParsePoints(text, options);
  std::string out;
  for (const Point& point : doc.points) {
    out += std::string(point.depth * 2, ' ') + point.id + " [" + point.number +
           "]\n";
  }
  return out;
}

TEST(PointParserTest, EmptyTextIsAnEmptyPreamble) {
  const Document doc = ParsePoints("");
  EXPECT_EQ(doc.preamble_end, 0u);
  EXPECT_TRUE(doc.points.empty());
  EXPECT_TRUE(doc.roots.empty());
}

TEST(PointParserTest, TextWithoutPointsIsAllPreamble) {
  const std::string text = "A letter.\n\nIt has no numbered points at all.\n";
  const Document doc = ParsePoints(text);
  EXPECT_EQ(doc.preamble_end, text.size());
  EXPECT_TRUE(doc.points.empty());
}

TEST(PointParserTest, DecimalPointsWithPreambleTileTheText) {
  const std::string text =
      "Framework for Peace\n\nThe Parties agree:\n"
      "1. First point.\n"
      "A second paragraph of the first point.\n"
      "2. Second point.\n"
      "3. Third point.";
  const Document doc = ParsePoints(text);
  ASSERT_EQ(doc.points.size(), 3u);
  EXPECT_EQ(doc.preamble_end, text.find("1. First"));
  EXPECT_EQ(doc.points[0].id, "1");
  EXPECT_EQ(doc.points[0].number, "1.");
  EXPECT_EQ(doc.points[0].begin, doc.preamble_end);
  EXPECT_EQ(doc.points[0].end, text.find("2. Second"));
  EXPECT_EQ(doc.points[1].end, text.find("3. Third"));
  EXPECT_EQ(doc.points[2].end, text.size());
  EXPECT_EQ(doc.points[2].body_end, text.size());
  EXPECT_EQ(doc.roots, (std::vector<int>{0, 1, 2}));
}

TEST(PointParserTest, NumberStylesWithBrackets) {
  EXPECT_EQ(Outline("1) One\n2) Two\n"), "1 [1)]\n2 [2)]\n");
  EXPECT_EQ(Outline("(1) One\n(2) Two\n"), "1 [(1)]\n2 [(2)]\n");
  EXPECT_EQ(Outline("a. One\nb. Two\n"), "a [a.]\nb [b.]\n");
  EXPECT_EQ(Outline("A. One\nB. Two\n"), "a [A.]\nb [B.]\n");
  EXPECT_EQ(Outline("I. One\nII. Two\nIII. Three\nIV. Four\n"),
            "i [I.]\nii [II.]\niii [III.]\niv [IV.]\n");
}

TEST(PointParserTest, NestedLettersAndRomanNumerals) {
  EXPECT_EQ(Outline("1. Withdrawal:\n"
                    "(a) infantry;\n"
                    "(b) armour:\n"
                    "(i) tanks;\n"
                    "(ii) artillery;\n"
                    "(c) aviation.\n"
                    "2. Next.\n"),
            "1 [1.]\n"
            "  1.a [(a)]\n"
            "  1.b [(b)]\n"
            "    1.b.i [(i)]\n"
            "    1.b.ii [(ii)]\n"
            "  1.c [(c)]\n"
            "2 [2.]\n");
}

TEST(PointParserTest, LetterIAfterHIsALetterNotARomanNumeral) {
  const Document doc = ParsePoints(
      "1. List:\n(a) a\n(b) b\n(c) c\n(d) d\n(e) e\n(f) f\n(g) g\n(h) h\n"
      "(i) i\n(j) j\n");
  ASSERT_EQ(doc.points.size(), 11u);
  EXPECT_EQ(doc.points[9].id, "1.i");
  EXPECT_EQ(doc.points[9].depth, 1);
  EXPECT_EQ(doc.points[10].id, "1.j");
  EXPECT_EQ(doc.points[10].depth, 1);
}

TEST(PointParserTest, HierarchicalNumbers) {
  EXPECT_EQ(Outline("1. Scope\n1.1 Terms\n1.2 Use\n1.2.1 Detail\n1.2.2. More\n"
                    "1.3 Last\n2. Next\n2.1 Sub\n"),
            "1 [1.]\n"
            "  1.1 [1.1]\n"
            "  1.2 [1.2]\n"
            "    1.2.1 [1.2.1]\n"
            "    1.2.2 [1.2.2.]\n"
            "  1.3 [1.3]\n"
            "2 [2.]\n"
            "  2.1 [2.1]\n");
}

TEST(PointParserTest, HierarchicalNumbersWithoutParentsKeepTheirNumber) {
  EXPECT_EQ(Outline("1.1 Terms\n1.2 Use\n"), "1.1 [1.1]\n1.2 [1.2]\n");
}

TEST(PointParserTest, ContractStyleLetterUnderHierarchicalNumber) {
  EXPECT_EQ(
      Outline("3. Payment\n3.1 Amount\n3.2 Terms\n(a) first\n(b) second\n"),
      "3 [3.]\n"
      "  3.1 [3.1]\n"
      "  3.2 [3.2]\n"
      "    3.2.a [(a)]\n"
      "    3.2.b [(b)]\n");
}

TEST(PointParserTest, KeywordPoints) {
  EXPECT_EQ(Outline("Article 1\nText.\nArticle 2. Title\nArticle 3 — Title\n"),
            "Article 1 [Article 1]\nArticle 2 [Article 2.]\n"
            "Article 3 [Article 3]\n");
  EXPECT_EQ(Outline("Art. 5 Scope\nArt. 6 Use\n"),
            "Art. 5 [Art. 5]\nArt. 6 [Art. 6]\n");
  EXPECT_EQ(Outline("Point 5\nPoint 6: Title\n"),
            "Point 5 [Point 5]\nPoint 6 [Point 6]\n");
  EXPECT_EQ(Outline("Section 5\nSection 6\n"),
            "Section 5 [Section 5]\nSection 6 [Section 6]\n");
  EXPECT_EQ(Outline("SECTION 1. SHORT TITLE.\nSEC. 2. FINDINGS.\n"),
            "SECTION 1 [SECTION 1.]\nSEC. 2 [SEC. 2.]\n");
  EXPECT_EQ(Outline("§ 5 Scope\n§6 Use\n"), "§ 5 [§ 5]\n§ 6 [§6]\n");
  EXPECT_EQ(Outline("Статья 5. Прекращение огня\nСтатья 6\n"),
            "Статья 5 [Статья 5.]\nСтатья 6 [Статья 6]\n");
  EXPECT_EQ(Outline("Стаття 5\nСтаття 6\n"),
            "Стаття 5 [Стаття 5]\nСтаття 6 [Стаття 6]\n");
  EXPECT_EQ(Outline("Пункт 5\nПункт 6\n"),
            "Пункт 5 [Пункт 5]\nПункт 6 [Пункт 6]\n");
  EXPECT_EQ(Outline("СТАТЬЯ 7\n"), "СТАТЬЯ 7 [СТАТЬЯ 7]\n");
  EXPECT_EQ(Outline("Section 1001. Findings\nSection 1002. Purpose\n"),
            "Section 1001 [Section 1001.]\nSection 1002 [Section 1002.]\n");
}

TEST(PointParserTest, NumberedParagraphsInsideArticles) {
  EXPECT_EQ(Outline("Статья 1. Предмет\n1. Первый.\n2. Второй:\nа) один;\n"
                    "б) два.\nСтатья 2. Срок\n1. Первый.\n"),
            "Статья 1 [Статья 1.]\n"
            "  Статья 1.1 [1.]\n"
            "  Статья 1.2 [2.]\n"
            "    Статья 1.2.а [а)]\n"
            "    Статья 1.2.б [б)]\n"
            "Статья 2 [Статья 2.]\n"
            "  Статья 2.1 [1.]\n");
}

TEST(PointParserTest, ChaptersHoldArticles) {
  EXPECT_EQ(Outline("Chapter I\nArticle 1\nArticle 2\nChapter II\nArticle 3\n"
                    "Annex A\n"),
            "Chapter I [Chapter I]\n"
            "  Chapter I.Article 1 [Article 1]\n"
            "  Chapter I.Article 2 [Article 2]\n"
            "Chapter II [Chapter II]\n"
            "  Chapter II.Article 3 [Article 3]\n"
            "Annex A [Annex A]\n");
}

TEST(PointParserTest, ArticleSubdivisionsUseHierarchicalIds) {
  EXPECT_EQ(Outline("Article 5\n5.1 Scope\n5.2 Use\n(i) a\n(ii) b\n"
                    "(iii) c\n(iv) d\n"),
            "Article 5 [Article 5]\n"
            "  Article 5.1 [5.1]\n"
            "  Article 5.2 [5.2]\n"
            "    Article 5.2.i [(i)]\n"
            "    Article 5.2.ii [(ii)]\n"
            "    Article 5.2.iii [(iii)]\n"
            "    Article 5.2.iv [(iv)]\n");
}

TEST(PointParserTest, MarkdownListsAndNumberedHeadings) {
  EXPECT_EQ(
      Outline("# Framework for Peace\n\nPreamble text.\n\n"
              "## 1. Ceasefire\n\n1. All fire stops.\n2. Lines freeze.\n\n"
              "## 2. Prisoners\n\n- all for all\n- within 30 days\n"),
      "1 [1.]\n"
      "  1.1 [1.]\n"
      "  1.2 [2.]\n"
      "2 [2.]\n"
      "  2.•1 [-]\n"
      "  2.•2 [-]\n");
  EXPECT_EQ(Outline("## Article 3\n### 3.1 Scope\n### 3.2 Use\n## Article 4\n"),
            "Article 3 [Article 3]\n"
            "  Article 3.1 [3.1]\n"
            "  Article 3.2 [3.2]\n"
            "Article 4 [Article 4]\n");
}

TEST(PointParserTest, MarkdownNestedListsByIndentation) {
  EXPECT_EQ(Outline("1. One\n   1. One-one\n   2. One-two\n2. Two\n"),
            "1 [1.]\n  1.1 [1.]\n  1.2 [2.]\n2 [2.]\n");
}

TEST(PointParserTest, MarkdownBoldNumbersAndCodeBlocks) {
  EXPECT_EQ(Outline("**1.** First\n```\n2. not a point\n```\n**2.** Second\n"),
            "1 [1.]\n2 [2.]\n");
  EXPECT_EQ(Outline("**Article 1.** First\n**Article 2.** Second\n"),
            "Article 1 [Article 1.]\nArticle 2 [Article 2.]\n");
}

TEST(PointParserTest, BulletsAreUnnumberedSubPoints) {
  EXPECT_EQ(Outline("1. Weapons:\n- tanks;\n* guns;\n• drones.\n2. Next\n"),
            "1 [1.]\n  1.•1 [-]\n  1.•2 [*]\n  1.•3 [•]\n2 [2.]\n");
  EXPECT_EQ(Outline("1. Weapons:\n- heavy:\n  - tanks;\n  - guns;\n- light\n"),
            "1 [1.]\n  1.•1 [-]\n    1.•1.•1 [-]\n    1.•1.•2 [-]\n"
            "  1.•2 [-]\n");
  EXPECT_EQ(Outline("1. Weapons:\n- tanks;\n- guns;\n2. Next\n- one\n"),
            "1 [1.]\n  1.•1 [-]\n  1.•2 [-]\n2 [2.]\n  2.•1 [-]\n");
}

TEST(PointParserTest, BulletsOutsidePointsAreText) {
  const std::string text =
      "The Parties,\n- recalling the talks,\n- determined to end the war,\n"
      "agree:\n1. First.\n";
  const Document doc = ParsePoints(text);
  ASSERT_EQ(doc.points.size(), 1u);
  EXPECT_EQ(doc.points[0].id, "1");
  EXPECT_EQ(doc.preamble_end, text.find("1. First"));
}

TEST(PointParserTest, BulletsCanBeTurnedOff) {
  ParseOptions options;
  options.bullets = false;
  EXPECT_EQ(Outline("1. Weapons:\n- tanks;\n- guns;\n", options), "1 [1.]\n");
}

TEST(PointParserTest, SentencesStartingWithNumbersAreNotPoints) {
  EXPECT_EQ(Outline("1. Refugees shall return.\n"
                    "1.5 million people were displaced.\n"
                    "2026 will be the year of return.\n"
                    "2026. A year of return.\n"
                    "150. Not a point after 1.\n"
                    "2. Next.\n"),
            "1 [1.]\n2 [2.]\n");
}

TEST(PointParserTest, ReferencesInsideSentencesAreNotPoints) {
  EXPECT_EQ(Outline("1. First.\n2. As set out in point 2(a), the Parties\n"
                    "3. Third, see Article 5 and § 4.\n"),
            "1 [1.]\n2 [2.]\n3 [3.]\n");
  EXPECT_EQ(Outline("1. First.\nArticle 5 of the Charter applies.\n"
                    "Point 2 is disputed.\n"),
            "1 [1.]\n");
}

TEST(PointParserTest, LowerCaseSubNumbersNeedTheirParent) {
  EXPECT_EQ(Outline("2. Withdrawal:\n2.1 within ten days, infantry;\n"
                    "2.2 within thirty days, armour.\n"
                    "3. Refugees.\n3.5 million remain abroad.\n"),
            "2 [2.]\n  2.1 [2.1]\n  2.2 [2.2]\n3 [3.]\n");
}

TEST(PointParserTest, RepeatedAndSkippedNumbersAreKeptAndMadeUnique) {
  EXPECT_EQ(Outline("1. a\n2. b\n2. c\n4. d\n2. e\n"),
            "1 [1.]\n2 [2.]\n2~2 [2.]\n4 [4.]\n2~3 [2.]\n");
  EXPECT_EQ(Outline("1. a\n(a) x\n2. b\n1. c\n(a) y\n"),
            "1 [1.]\n  1.a [(a)]\n2 [2.]\n1~2 [1.]\n  1~2.a [(a)]\n");
}

TEST(PointParserTest, NestedListsMustStartAtTheirFirstValue) {
  EXPECT_EQ(Outline("1. First.\n(c) not a list item\n"), "1 [1.]\n");
  EXPECT_EQ(Outline("1. First.\n(a) item\n"), "1 [1.]\n  1.a [(a)]\n");
}

TEST(PointParserTest, TopLevelListMayStartAnywhere) {
  EXPECT_EQ(Outline("17. Seventeenth.\n18. Eighteenth.\n"),
            "17 [17.]\n18 [18.]\n");
}

TEST(PointParserTest, CyrillicLetterItems) {
  EXPECT_EQ(Outline("1. Перечень:\nа) первое;\nб) второе;\nв) третье.\n"),
            "1 [1.]\n  1.а [а)]\n  1.б [б)]\n  1.в [в)]\n");
}

TEST(PointParserTest, LineEndingsAndBom) {
  const std::string lf = "Title\n1. One\n(a) x\n2. Two\n";
  const std::string crlf = "Title\r\n1. One\r\n(a) x\r\n2. Two\r\n";
  const std::string cr = "Title\r1. One\r(a) x\r2. Two\r";
  const std::string mixed = "Title\r\n1. One\n(a) x\r2. Two\n";
  EXPECT_EQ(Outline(lf), "1 [1.]\n  1.a [(a)]\n2 [2.]\n");
  EXPECT_EQ(Outline(crlf), Outline(lf));
  EXPECT_EQ(Outline(cr), Outline(lf));
  EXPECT_EQ(Outline(mixed), Outline(lf));
  const Document doc = ParsePoints(crlf);
  EXPECT_EQ(doc.points[0].begin, crlf.find("1. One"));
  EXPECT_EQ(doc.points[0].end, crlf.find("2. Two"));

  const std::string bom =
      "\xEF\xBB\xBF"
      "1. One\n2. Two\n";
  const Document with_bom = ParsePoints(bom);
  ASSERT_EQ(with_bom.points.size(), 2u);
  EXPECT_EQ(with_bom.preamble_end, 0u);
  EXPECT_EQ(with_bom.points[0].begin, 0u);
  EXPECT_EQ(with_bom.points[0].number, "1.");
}

TEST(PointParserTest, BodyEndStopsAtTheFirstChild) {
  const std::string text = "1. Intro\nmore\n(a) x\n(b) y\n";
  const Document doc = ParsePoints(text);
  ASSERT_EQ(doc.points.size(), 3u);
  EXPECT_EQ(doc.points[0].body_end, text.find("(a)"));
  EXPECT_EQ(doc.points[0].end, text.size());
  EXPECT_EQ(doc.points[0].children, (std::vector<int>{1, 2}));
  EXPECT_EQ(doc.points[1].parent, 0);
  EXPECT_EQ(doc.Find("1.b"), &doc.points[2]);
  EXPECT_EQ(doc.Find("1.c"), nullptr);
}

TEST(PointParserTest, ThousandsOfRepeatedNumbersStayUnique) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "1. again\n";
  const Document doc = ParsePoints(text);
  ASSERT_EQ(doc.points.size(), 5000u);
  EXPECT_EQ(doc.points[0].id, "1");
  EXPECT_EQ(doc.points[4999].id, "1~5000");
}

TEST(PointParserTest, NestingDepthIsBounded) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += std::string(2 * i, ' ') + "1. x\n";
  const Document doc = ParsePoints(text);
  ASSERT_EQ(doc.points.size(), 24u);
  EXPECT_EQ(doc.points.back().depth, 23);
  EXPECT_EQ(doc.points.back().end, text.size());
}

}  // namespace
}  // namespace redline
