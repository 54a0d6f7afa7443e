#include "redline/align_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

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

}  // namespace
}  // namespace redline
