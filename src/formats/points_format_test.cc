#include "redline/points_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace redline {
namespace {

TEST(PointsJsonTest, FollowsTheContract) {
  const std::string text = "Intro\n1. One\n(a) \"x\"\n2. Два\n";
  const Document doc = ParsePoints(text);
  std::ostringstream out;
  WritePointsJson(text, doc, out);
  EXPECT_EQ(out.str(),
            "{\"preamble\":{\"end\":6,\"id\":\"preamble\",\"start\":0,"
            "\"text\":\"Intro\\n\"},\"points\":["
            "{\"children\":[{\"children\":[],\"depth\":1,\"end\":21,"
            "\"id\":\"1.a\",\"number\":\"(a)\",\"start\":13,"
            "\"text\":\"(a) \\\"x\\\"\\n\"}],"
            "\"depth\":0,\"end\":21,\"id\":\"1\",\"number\":\"1.\","
            "\"start\":6,\"text\":\"1. One\\n(a) \\\"x\\\"\\n\"},"
            "{\"children\":[],\"depth\":0,\"end\":31,\"id\":\"2\","
            "\"number\":\"2.\",\"start\":21,\"text\":\"2. Два\\n\"}]}\n");
}

TEST(PointsJsonTest, PreambleAndTopLevelTextsRebuildTheInput) {
  const std::string text = "\xEF\xBB\xBFTitle\r\n1. One\r\n- x\r\n2. Two";
  std::ostringstream out;
  WritePointsJson(text, ParsePoints(text), out);
  const nlohmann::json json = nlohmann::json::parse(out.str());
  std::string rebuilt = json["preamble"]["text"].get<std::string>();
  for (const auto& point : json["points"]) {
    rebuilt += point["text"].get<std::string>();
  }
  EXPECT_EQ(rebuilt, text);
}

TEST(PointsTextTest, ShowsTheTreeWithExcerpts) {
  const std::string text =
      "Preamble.\n1. The Parties shall   cease fire\non all fronts.\n"
      "(a) at once;\n";
  std::ostringstream out;
  WritePointsText("plan.txt", text, ParsePoints(text), out);
  EXPECT_EQ(out.str(),
            "plan.txt: 1 top-level point, 2 in all; preamble 10 bytes\n"
            "1      1.        The Parties shall cease fire on all fronts.\n"
            "  1.a  (a)       at once;\n");
}

}  // namespace
}  // namespace redline
