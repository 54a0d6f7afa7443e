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

}  // namespace
}  // namespace redline
