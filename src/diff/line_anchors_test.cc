#include "diff/line_anchors.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redline {
namespace {

// The anchored lines, as the old text's bytes.
std::vector<std::string> Anchored(const std::string& old_text,
                                  const std::string& new_text) {
  const LineAnchors anchors = AnchorLines(old_text, new_text);
  std::vector<std::string> lines;
  for (uint32_t k = 0; k < anchors.size(); ++k) {
    const std::string line =
        old_text.substr(anchors.old_begin[k], anchors.length(k));
    EXPECT_EQ(new_text.substr(anchors.new_begin[k], anchors.length(k)), line);
    if (k > 0) {
      EXPECT_GE(anchors.old_begin[k], anchors.old_end[k - 1]);
      EXPECT_GE(anchors.new_begin[k],
                anchors.new_begin[k - 1] + anchors.length(k - 1));
    }
    lines.push_back(line);
  }
  return lines;
}

const std::string kCeasefire = "The Parties shall observe a ceasefire.\n";
const std::string kWithdrawal = "Forces shall withdraw fifteen kilometres.\n";
const std::string kMission = "A Monitoring Mission shall be deployed.\n";

TEST(LineAnchorsTest, EqualLongLinesInOrderAreAnchored) {
  EXPECT_EQ(
      Anchored(
          kCeasefire + "Changed line, long enough to count.\n" + kWithdrawal,
          kCeasefire + "Another line, long enough to count.\n" + kWithdrawal),
      (std::vector<std::string>{kCeasefire, kWithdrawal}));
}

TEST(LineAnchorsTest, ShortLinesAreLeftToTheWordDiff) {
  // Blank lines and headings recur everywhere: never anchors.
  EXPECT_EQ(
      Anchored("Article 1\n\n" + kCeasefire, "Article 1\n\n" + kCeasefire),
      (std::vector<std::string>{kCeasefire}));
}

TEST(LineAnchorsTest, LastLineWithoutBreakCountsAsALine) {
  const std::string last = "The Treaty enters into force on signature.";
  EXPECT_EQ(Anchored(kCeasefire + last, kMission + kCeasefire + last),
            (std::vector<std::string>{kCeasefire, last}));
  // The same words with and without the final break are different lines.
  EXPECT_EQ(Anchored(last, last + "\n"), std::vector<std::string>{});
}

TEST(LineAnchorsTest, SwappedLinesAnchorOnlyOneOrder) {
  const std::vector<std::string> anchored = Anchored(
      kCeasefire + kWithdrawal + kMission, kWithdrawal + kMission + kCeasefire);
  // The longest common order: the two lines that kept theirs.
  EXPECT_EQ(anchored, (std::vector<std::string>{kWithdrawal, kMission}));
}

TEST(LineAnchorsTest, CrlfLinesAreComparedAsWritten) {
  EXPECT_EQ(Anchored("One line of the treaty text.\r\n",
                     "One line of the treaty text.\n"),
            std::vector<std::string>{});
  EXPECT_EQ(Anchored("One line of the treaty text.\r\n",
                     "One line of the treaty text.\r\n"),
            std::vector<std::string>{"One line of the treaty text.\r\n"});
}

// A reworded paragraph: its unchanged start and end are anchored, cut
// before a word at least 64 bytes short of the change, so that only the
// words around the change are tokenized.
TEST(LineAnchorsTest, UnchangedStartAndEndOfARewordedLineAreAnchored) {
  const std::string start =
      "1. The Parties shall complete the withdrawal of all heavy weapons "
      "from the line of contact and shall notify the Monitoring Mission of "
      "each movement no later than ";
  const std::string end =
      " days before it begins, in the form the Mission sets out, and shall "
      "give its observers access to every site named in Annex 2 of this "
      "Agreement.\n";
  const std::string old_line = start + "seven" + end;
  const std::string new_line = start + "nine" + end;
  const std::vector<std::string> anchored =
      Anchored(kCeasefire + old_line, kCeasefire + new_line);
  ASSERT_EQ(anchored.size(), 3u);
  EXPECT_EQ(anchored[0], kCeasefire);
  // The start, up to a word boundary 64 or more bytes before "seven".
  EXPECT_EQ(start.substr(0, anchored[1].size()), anchored[1]);
  EXPECT_GE(start.size() - anchored[1].size(), 64u);
  EXPECT_LT(start.size() - anchored[1].size(), 64u + 16u);
  EXPECT_EQ(anchored[1].back(), ' ');
  // The end, from a word boundary 64 or more bytes after it.
  ASSERT_LE(anchored[2].size(), end.size());
  EXPECT_EQ(end.substr(end.size() - anchored[2].size()), anchored[2]);
  EXPECT_GE(end.size() - anchored[2].size(), 64u);
  EXPECT_LT(end.size() - anchored[2].size(), 64u + 16u);
  EXPECT_NE(anchored[2].front(), ' ');
}

TEST(LineAnchorsTest, LinesSharingOnlyAStockEndingAreNotTrimmed) {
  const std::string ending =
      " Nothing in this Agreement shall be read as a change in the status "
      "of the territories concerned.\n";
  EXPECT_EQ(
      Anchored(kCeasefire +
                   "4. The Guarantor States shall support the confidence-"
                   "building measures within a zone fifty kilometres wide, "
                   "without prejudice to the rights of third states, and "
                   "shall exchange prisoners of war." +
                   ending,
               kCeasefire +
                   "5. Each Party shall restore the protection of critical "
                   "civilian infrastructure by 19 March 2030, in "
                   "consultation with the Mediation Group." +
                   ending),
      std::vector<std::string>{kCeasefire});
}

}  // namespace
}  // namespace redline
