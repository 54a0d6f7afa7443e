#include "text/point_marker.h"

#include <gtest/gtest.h>

namespace redline {
namespace {

TEST(RomanValueTest, CanonicalNumeralsOnly) {
  EXPECT_EQ(RomanValue("i"), 1);
  EXPECT_EQ(RomanValue("iv"), 4);
  EXPECT_EQ(RomanValue("IX"), 9);
  EXPECT_EQ(RomanValue("xiv"), 14);
  EXPECT_EQ(RomanValue("MCMXCIV"), 1994);
  EXPECT_EQ(RomanValue("iiii"), 0);
  EXPECT_EQ(RomanValue("vx"), 0);
  EXPECT_EQ(RomanValue("Iv"), 0);
  EXPECT_EQ(RomanValue("ab"), 0);
  EXPECT_EQ(RomanValue(""), 0);
}

TEST(RecognizeMarkerTest, ListNumbers) {
  std::optional<Marker> m = RecognizeMarker("  (iv) text", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, MarkerKind::kRoman);
  EXPECT_EQ(m->enclosure, Enclosure::kBoth);
  EXPECT_EQ(m->value, 4);
  EXPECT_EQ(m->label, "iv");
  EXPECT_EQ(m->indent, 2);
  EXPECT_EQ(m->number_begin, 2u);
  EXPECT_EQ(m->number_end, 6u);

  m = RecognizeMarker("1.2.3. Scope", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, MarkerKind::kHierarchical);
  EXPECT_EQ(m->path, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(m->label, "1.2.3");
  EXPECT_FALSE(m->weak);

  m = RecognizeMarker("i) one", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, MarkerKind::kRoman);
  EXPECT_EQ(m->letter_value, 9);  // may also be the letter after "h)"

  m = RecognizeMarker("б) второе", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, MarkerKind::kLetter);
  EXPECT_TRUE(m->cyrillic);
  EXPECT_EQ(m->value, 2);
  EXPECT_EQ(m->label, "б");

  m = RecognizeMarker("Б) второе", true);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->upper_case);
  EXPECT_EQ(m->label, "б");
}

TEST(RecognizeMarkerTest, Keywords) {
  std::optional<Marker> m = RecognizeMarker("SEC. 5. FINDINGS.", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, MarkerKind::kKeyword);
  EXPECT_EQ(m->keyword, "section");
  EXPECT_EQ(m->label, "SEC. 5");
  EXPECT_EQ(m->number_end, 7u);
  EXPECT_EQ(m->keyword_rank, 2);

  m = RecognizeMarker("Стаття 12 — Прикінцеві положення", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->keyword, "стаття");
  EXPECT_EQ(m->label, "Стаття 12");
  EXPECT_EQ(m->path, (std::vector<uint32_t>{12}));

  m = RecognizeMarker("Article  5a", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->label, "Article 5a");
}

TEST(RecognizeMarkerTest, HeadingsAndBullets) {
  std::optional<Marker> m = RecognizeMarker("### 3.1 Scope", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->heading_level, 3);
  EXPECT_EQ(m->label, "3.1");
  EXPECT_EQ(m->number_begin, 4u);

  EXPECT_FALSE(RecognizeMarker("# Framework for Peace", true));
  EXPECT_FALSE(RecognizeMarker("####### 7. Too deep", true));

  m = RecognizeMarker("• item", true);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, MarkerKind::kBullet);
  EXPECT_EQ(m->keyword, "•");
  EXPECT_FALSE(RecognizeMarker("• item", false));
  EXPECT_FALSE(RecognizeMarker("---", true));
  EXPECT_FALSE(RecognizeMarker("- ", true));
}

TEST(RecognizeMarkerTest, SentencesAreNotMarkers) {
  EXPECT_FALSE(RecognizeMarker("2026 will be the year", true));
  EXPECT_FALSE(RecognizeMarker("2026. A year", true));
  EXPECT_FALSE(RecognizeMarker("Article 5 of the Charter", true));
  EXPECT_FALSE(RecognizeMarker("Статья 5 настоящего Соглашения", true));
  EXPECT_FALSE(RecognizeMarker("Part of the text", true));
  EXPECT_FALSE(RecognizeMarker("e.g. this", true));
  EXPECT_FALSE(RecognizeMarker("(Note) this", true));
  EXPECT_FALSE(RecognizeMarker("1.Five", true));
  EXPECT_FALSE(RecognizeMarker("", true));
  EXPECT_FALSE(RecognizeMarker("   ", true));
  std::optional<Marker> m = RecognizeMarker("1.5 million people", true);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->weak);  // only the parser, seeing point 1's sub-list, may
                         // take it
}

}  // namespace
}  // namespace redline
