#include "align/term_vectors.h"

#include <gtest/gtest.h>

#include <string>

#include "redline/points.h"

namespace redline {
namespace {

// The cosine of the term vectors of the only point of each text.
double PointCosine(const std::string& old_text, const std::string& new_text) {
  const Document old_doc = ParsePoints(old_text);
  const Document new_doc = ParsePoints(new_text);
  const PointTerms terms =
      BuildPointTerms(old_text, old_doc, new_text, new_doc);
  EXPECT_EQ(terms.old_vectors.size(), 1u);
  EXPECT_EQ(terms.new_vectors.size(), 1u);
  if (terms.old_vectors.size() != 1 || terms.new_vectors.size() != 1) return 0;
  return Cosine(terms.old_vectors[0], terms.new_vectors[0]);
}

// The stemmer is loaded on first use: inflected forms must still meet.
TEST(TermVectorsTest, InflectedEnglishWordsShareTheirTerms) {
  EXPECT_NEAR(PointCosine("1. The parties withdraw their forces.\n",
                          "1. the party withdraws its force.\n"),
              PointCosine("1. The parties withdraw their forces.\n",
                          "1. the parties withdraw its forces.\n"),
              1e-12);
  EXPECT_NEAR(PointCosine("1. parties withdrawing forces\n",
                          "1. party withdrawing force\n"),
              1.0, 1e-12);
}

TEST(TermVectorsTest, InflectedRussianWordsShareTheirTerms) {
  EXPECT_NEAR(PointCosine("1. Стороны подписали договоры.\n",
                          "1. стороне подписать договора.\n"),
              1.0, 1e-12);
}

TEST(TermVectorsTest, DifferentWordsDoNot) {
  EXPECT_LT(PointCosine("1. parties withdrawing forces\n",
                        "1. envoys returning hostages\n"),
            0.01);
}

}  // namespace
}  // namespace redline
