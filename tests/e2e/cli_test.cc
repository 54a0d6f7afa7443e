// End-to-end tests: run the real `redline` binary as a user would.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace {

using redline_e2e::CliTest;
using redline_e2e::Example;
using redline_e2e::Outcome;
using redline_e2e::ReadFile;
using redline_e2e::WriteFile;

TEST_F(CliTest, HelpListsTheCommands) {
  Outcome run = Redline("--help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("points"), std::string::npos);
  run = Redline("points --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--format"), std::string::npos);
  EXPECT_NE(run.out.find("--max-size"), std::string::npos);
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Redline("").exit_code, 2);
  EXPECT_EQ(Redline("frobnicate").exit_code, 2);
  EXPECT_EQ(Redline("points").exit_code, 2);
  Outcome run =
      Redline("points '" + Example("plan-mediator.txt") + "' --format xml");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--format"), std::string::npos);
  run = Redline("points - --max-size 12Q");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown unit 'Q'"), std::string::npos);
  run = Redline("points a.txt b.txt --format json");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "redline: --format json takes exactly one file\n");
}

TEST_F(CliTest, PointsJsonOfTheMediatorPlanFollowsTheContract) {
  const std::string path = Example("plan-mediator.txt");
  const Outcome run = Redline("points '" + path + "' --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const nlohmann::json json = nlohmann::json::parse(run.out);
  const std::string text = ReadFile(path);
  ASSERT_EQ(json["points"].size(), 28u);
  EXPECT_EQ(json["preamble"]["id"], "preamble");
  EXPECT_EQ(json["preamble"]["start"], 0);
  std::string rebuilt = json["preamble"]["text"];
  for (size_t i = 0; i < 28; ++i) {
    const nlohmann::json& point = json["points"][i];
    EXPECT_EQ(point["id"], std::to_string(i + 1));
    EXPECT_EQ(point["number"], std::to_string(i + 1) + ".");
    EXPECT_EQ(point["depth"], 0);
    const size_t start = point["start"];
    const size_t end = point["end"];
    EXPECT_EQ(point["text"], text.substr(start, end - start));
    rebuilt += point["text"].get<std::string>();
  }
  EXPECT_EQ(rebuilt, text);
  const nlohmann::json& two = json["points"][1];
  ASSERT_EQ(two["children"].size(), 3u);
  EXPECT_EQ(two["children"][1]["id"], "2.b");
  EXPECT_EQ(two["children"][1]["number"], "(b)");
  EXPECT_EQ(two["children"][1]["depth"], 1);
  // "1.5 million displaced persons" inside point 15 is not a point.
  EXPECT_NE(json["points"][14]["text"].get<std::string>().find("1.5 million"),
            std::string::npos);
  EXPECT_TRUE(json["points"][14]["children"].empty());
}

TEST_F(CliTest, PointsOfTheRussianAgreement) {
  const Outcome run =
      Redline("points '" + Example("agreement-ru-v1.txt") + "' --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["points"].size(), 10u);
  EXPECT_EQ(json["points"][0]["id"], "Статья 1");
  EXPECT_EQ(json["points"][1]["children"][1]["children"][0]["id"],
            "Статья 2.2.а");
  EXPECT_EQ(json["points"][1]["children"][1]["children"][0]["number"], "а)");
}

TEST_F(CliTest, ReadsStandardInput) {
  const Outcome run =
      Redline("points - --format json", "Intro\n1. One\n2. Two\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["preamble"]["text"], "Intro\n");
  EXPECT_EQ(json["points"][1]["id"], "2");
  const Outcome text = Redline("points -", "1. One\n");
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_EQ(text.out.substr(0, 8), "<stdin>:");
}

TEST_F(CliTest, TextFormatShowsEveryVersion) {
  const Outcome run = Redline("points '" + Example("plan-norland.txt") + "' '" +
                              Example("plan-kestria.txt") + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("plan-norland.txt: 21 top-level points"),
            std::string::npos);
  EXPECT_NE(run.out.find("plan-kestria.txt: 26 top-level points"),
            std::string::npos);
  EXPECT_NE(run.out.find("\n  2.1     2.1 "), std::string::npos);
}

TEST_F(CliTest, EmptyAndPointlessTextsAreValid) {
  Outcome run = Redline("points - --format json", "");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            "{\"preamble\":{\"end\":0,\"id\":\"preamble\",\"start\":0,"
            "\"text\":\"\"},\"points\":[]}\n");
  run = Redline("points - --format json", "Just a letter.\n");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(run.out)["preamble"]["end"], 15);
}

TEST_F(CliTest, BadInputExitsWithThreeAndSaysWhy) {
  WriteFile(dir_ + "/binary", std::string("PK\3\4\0\0", 6));
  Outcome run = Redline("points '" + dir_ + "/binary'");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "redline: " + dir_ +
                "/binary: binary data, not a text: NUL byte at byte 4\n");
  EXPECT_EQ(run.out, "");

  run = Redline("points -", "1. caf\xE9\n");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "redline: <stdin>: malformed UTF-8 at byte 6 (line 1, column 7): "
            "lead byte 0xe9 is followed by 0x0a, not a continuation byte\n");

  run = Redline("points - --max-size 1K", std::string(2000, 'x'));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "redline: <stdin>: text is larger than the limit of 1024 bytes "
            "(raise it with --max-size)\n");

  run = Redline("points '" + dir_ + "'");
  EXPECT_EQ(run.exit_code, 3);
}

TEST_F(CliTest, MissingFileExitsWithFour) {
  const Outcome run = Redline("points '" + dir_ + "/absent.txt'");
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_EQ(run.err,
            "redline: " + dir_ +
                "/absent.txt: cannot open: No such file or directory\n");
}

TEST_F(CliTest, CrlfAndLfGiveTheSameIds) {
  const std::string lf = ReadFile(Example("plan-kestria.txt"));
  std::string crlf;
  for (char c : lf) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const nlohmann::json a =
      nlohmann::json::parse(Redline("points - --format json", lf).out);
  const nlohmann::json b =
      nlohmann::json::parse(Redline("points - --format json", crlf).out);
  ASSERT_EQ(a["points"].size(), b["points"].size());
  for (size_t i = 0; i < a["points"].size(); ++i) {
    EXPECT_EQ(a["points"][i]["id"], b["points"][i]["id"]);
    EXPECT_EQ(a["points"][i]["children"].size(),
              b["points"][i]["children"].size());
  }
}

TEST_F(CliTest, DiffExitsZeroWhenEqualAndOneWhenDifferent) {
  const std::string plan = Example("plan-mediator.txt");
  Outcome run = Redline("diff '" + plan + "' '" + plan + "' --color never");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  run = Redline("diff '" + plan + "' '" + Example("plan-norland.txt") +
                "' --color never");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("[-"), std::string::npos);
  EXPECT_EQ(run.out.find("\x1b["), std::string::npos);  // never: no colour
  run = Redline("diff '" + plan + "' '" + Example("plan-norland.txt") +
                "' --color always");
  EXPECT_NE(run.out.find("\x1b["), std::string::npos);
}

TEST_F(CliTest, DiffJsonRebuildsBothTexts) {
  const std::string old_path = Example("plan-mediator.txt");
  const std::string new_path = Example("plan-kestria.txt");
  const Outcome run =
      Redline("diff '" + old_path + "' '" + new_path + "' --format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  std::string old_text, new_text;
  std::map<int, int> move_ops;
  for (const nlohmann::json& op : json["ops"]) {
    const std::string kind = op["op"];
    if (kind != "insert") old_text += op["text"].get<std::string>();
    if (kind == "insert") new_text += op["text"].get<std::string>();
    if (kind == "equal") {
      new_text += op.contains("new_text") ? op["new_text"].get<std::string>()
                                          : op["text"].get<std::string>();
    }
    if (op.contains("move")) ++move_ops[op["move"].get<int>()];
  }
  EXPECT_EQ(old_text, ReadFile(old_path));
  EXPECT_EQ(new_text, ReadFile(new_path));
  for (const auto& [move, count] : move_ops) EXPECT_EQ(count, 2) << move;
  EXPECT_GT(json["stats"]["inserted_words"].get<int>(), 0);
  EXPECT_GT(json["stats"]["deleted_words"].get<int>(), 0);
}

TEST_F(CliTest, DiffOptionsChangeWhatCountsAsEqual) {
  EXPECT_EQ(Redline("diff - '" + Example("plan-mediator.txt") + "'",
                    ReadFile(Example("plan-mediator.txt")))
                .exit_code,
            0);
  WriteFile(dir_ + "/old.txt", "7. Peace, NOW.\r\n8. Next\r\n");
  WriteFile(dir_ + "/new.txt", "8. peace now\n9. Next\n");
  const std::string files = "'" + dir_ + "/old.txt' '" + dir_ + "/new.txt'";
  EXPECT_EQ(Redline("diff " + files).exit_code, 1);
  EXPECT_EQ(Redline("diff " + files +
                    " --ignore-case --ignore-punctuation --ignore-whitespace "
                    "--ignore-renumbering")
                .exit_code,
            0);
}

TEST_F(CliTest, DiffFormatsHtmlAndMarkdown) {
  const std::string files = "'" + Example("plan-mediator.txt") + "' '" +
                            Example("plan-norland.txt") + "'";
  Outcome run = Redline("diff " + files + " --format html");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(run.out.find("<del"), std::string::npos);
  EXPECT_NE(run.out.find("<ins"), std::string::npos);
  run = Redline("diff " + files + " --format md");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("~~"), std::string::npos);
  EXPECT_NE(run.out.find("**"), std::string::npos);
}

TEST_F(CliTest, DiffErrors) {
  const std::string plan = "'" + Example("plan-mediator.txt") + "'";
  Outcome run = Redline("diff " + plan + " '" + dir_ + "/absent.txt'");
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_EQ(run.err, "redline: " + dir_ +
                         "/absent.txt: cannot open: No such file or directory "
                         "(and there is no "
                         "store to look for a version of that name)\n");
  run = Redline("diff - -", "x");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "redline: only one of OLD and NEW can be standard input\n");
  run = Redline("diff " + plan + " -", "caf\xE9\n");
  EXPECT_EQ(run.exit_code, 3);
  run = Redline("diff " + plan + " " + plan + " --format pdf");
  EXPECT_EQ(run.exit_code, 2);
  run = Redline("diff " + plan);
  EXPECT_EQ(run.exit_code, 2);
}

// The ids of one side of every pair of an `align --format json` output.
std::vector<std::string> AlignedIds(const nlohmann::json& json,
                                    const char* side) {
  std::vector<std::string> ids;
  for (const auto& pair : json["pairs"]) {
    for (const auto& id : pair[side]) ids.push_back(id.get<std::string>());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(CliTest, AlignJsonCoversEveryPointOnce) {
  Outcome run = Redline("align '" + Example("plan-mediator.txt") + "' '" +
                        Example("plan-norland.txt") +
                        "' --format json --label mediator --label norland");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["old"]["label"], "mediator");
  EXPECT_EQ(json["new"]["label"], "norland");
  for (const char* side : {"old", "new"}) {
    std::vector<std::string> all =
        json[side]["points"].get<std::vector<std::string>>();
    std::sort(all.begin(), all.end());
    EXPECT_EQ(AlignedIds(json, side), all) << side;
  }
  for (const auto& pair : json["pairs"]) {
    ASSERT_TRUE(pair["diff"]["ops"].is_array());
    ASSERT_TRUE(pair["diff"]["stats"].is_object());
  }
}

TEST_F(CliTest, AlignFindsTheDocumentedCorrespondences) {
  Outcome run = Redline("align '" + Example("plan-mediator.txt") + "' '" +
                        Example("plan-norland.txt") + "' --format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  std::map<std::string, nlohmann::json> by_new;
  std::vector<std::string> removed;
  for (const auto& pair : json["pairs"]) {
    if (pair["new"].empty()) {
      removed.push_back(pair["old"][0].get<std::string>());
    } else {
      by_new[pair["new"][0].get<std::string>()] = pair;
    }
  }
  // examples/README.md: Norland 4 is mediator 25, moved and unchanged.
  EXPECT_EQ(by_new["4"]["old"], nlohmann::json::array({"25"}));
  EXPECT_EQ(by_new["4"]["relation"], "same");
  EXPECT_EQ(by_new["4"]["renumbered"], true);
  EXPECT_EQ(by_new["4"]["moved"], true);
  EXPECT_EQ(by_new["6"]["old"], nlohmann::json::array({"5", "6", "7"}));
  EXPECT_EQ(by_new["6"]["relation"], "merged");
  EXPECT_EQ(by_new["8"]["old"], nlohmann::json::array({"9"}));
  EXPECT_EQ(by_new["8"]["new"], nlohmann::json::array({"8", "9"}));
  EXPECT_EQ(by_new["8"]["relation"], "split");
  EXPECT_EQ(by_new["10"]["relation"], "added");
  EXPECT_EQ(by_new["12"]["old"], nlohmann::json::array({"14"}));
  EXPECT_EQ(by_new["13"]["old"], nlohmann::json::array({"13", "24"}));
  EXPECT_EQ(by_new["21"]["old"], nlohmann::json::array({"28"}));
  for (const char* id : {"10", "11", "18", "22", "23", "26"}) {
    EXPECT_NE(std::find(removed.begin(), removed.end(), id), removed.end())
        << id;
  }
}

TEST_F(CliTest, AlignTextAndErrors) {
  const std::string plan = "'" + Example("plan-mediator.txt") + "'";
  Outcome run = Redline("align " + plan + " " + plan);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("25 \u2192 25  same  1.00\n"), std::string::npos);
  run = Redline("align " + plan + " '" + dir_ + "/absent.txt'");
  EXPECT_EQ(run.exit_code, 4);
  run = Redline("align - -", "x");
  EXPECT_EQ(run.exit_code, 2);
  run = Redline("align " + plan + " -", "caf\xE9\n");
  EXPECT_EQ(run.exit_code, 3);
  run = Redline("align " + plan + " -", "");
  EXPECT_EQ(run.exit_code, 1);
  run = Redline("align - -", "");
  EXPECT_EQ(run.exit_code, 2);
  run = Redline("align " + plan + " " + plan + " --format xml");
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(CliTest, SynopsisJsonOfTheThreeSamplePlans) {
  Outcome run = Redline("synopsis '" + Example("plan-mediator.txt") + "' '" +
                        Example("plan-norland.txt") + "' '" +
                        Example("plan-kestria.txt") +
                        "' --label mediator --label norland --label kestria "
                        "--format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["versions"].size(), 3u);
  EXPECT_EQ(json["versions"][1]["label"], "norland");
  EXPECT_EQ(json["base"], 0);
  // Every point of every version is in exactly one row.
  for (size_t v = 0; v < 3; ++v) {
    std::vector<std::string> listed =
        json["versions"][v]["points"].get<std::vector<std::string>>();
    std::vector<std::string> in_rows;
    for (const auto& row : json["rows"]) {
      ASSERT_EQ(row["cells"].size(), 3u);
      const auto& cell = row["cells"][v];
      if (cell.is_null()) continue;
      for (const auto& id : cell["points"]) {
        in_rows.push_back(id.get<std::string>());
      }
      EXPECT_TRUE(cell["diff"]["ops"].is_array());
    }
    std::sort(listed.begin(), listed.end());
    std::sort(in_rows.begin(), in_rows.end());
    EXPECT_EQ(in_rows, listed) << "version " << v;
  }
  // Norland merged mediator 5, 6 and 7 (examples/README.md): one row.
  bool merged_row = false;
  for (const auto& row : json["rows"]) {
    if (row["cells"][0].is_object() &&
        row["cells"][0]["points"] == nlohmann::json::array({"5", "6", "7"})) {
      merged_row = true;
      EXPECT_EQ(row["cells"][1]["relation"], "merged");
      EXPECT_EQ(row["cells"][1]["points"], nlohmann::json::array({"6"}));
    }
  }
  EXPECT_TRUE(merged_row);
  ASSERT_EQ(json["closeness"].size(), 6u);
  for (const auto& c : json["closeness"]) {
    EXPECT_NE(c["of"], c["in"]);
    for (const char* key : {"kept", "unchanged", "similarity"}) {
      EXPECT_GE(c[key].get<double>(), 0.0) << key;
      EXPECT_LE(c[key].get<double>(), 1.0) << key;
    }
    EXPECT_LE(c["unchanged"].get<double>(), c["kept"].get<double>());
  }
}

TEST_F(CliTest, SynopsisBaseAndFormats) {
  const std::string plans = "'" + Example("plan-mediator.txt") + "' '" +
                            Example("plan-norland.txt") + "'";
  Outcome run = Redline("synopsis " + plans + " --base 2 --format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["base"], 1);
  run = Redline("synopsis " + plans +
                " --label A --label B --base B --format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["base"], 1);
  for (const char* format : {"text", "html", "md"}) {
    run = Redline("synopsis " + plans + " --format " + format);
    EXPECT_EQ(run.exit_code, 1) << format << ": " << run.err;
    EXPECT_FALSE(run.out.empty()) << format;
  }
  const std::string plan = "'" + Example("plan-mediator.txt") + "'";
  run = Redline("synopsis " + plan + " " + plan + " --format json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST_F(CliTest, SynopsisErrors) {
  const std::string plan = "'" + Example("plan-mediator.txt") + "'";
  Outcome run = Redline("synopsis " + plan);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "redline: a synopsis takes 2 to 16 versions, not 1\n");
  std::string seventeen;
  for (int i = 0; i < 17; ++i) seventeen += " " + plan;
  run = Redline("synopsis" + seventeen);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "redline: a synopsis takes 2 to 16 versions, not 17\n");
  run = Redline("synopsis " + plan + " " + plan + " --base 3");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--base 3: no version has that label"),
            std::string::npos)
      << run.err;
  run = Redline("synopsis " + plan + " " + plan +
                " --label a --label b --label c");
  EXPECT_EQ(run.exit_code, 2);
  run = Redline("synopsis " + plan + " '" + dir_ + "/absent.txt'");
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_NE(run.err.find("absent.txt: cannot open"), std::string::npos);
  run = Redline("synopsis " + plan + " -", "caf\xE9\n");
  EXPECT_EQ(run.exit_code, 3);
  run = Redline("synopsis - - " + plan, "x");
  EXPECT_EQ(run.exit_code, 2);
  run = Redline("synopsis " + plan + " -", "");
  EXPECT_EQ(run.exit_code, 1);
}

}  // namespace
