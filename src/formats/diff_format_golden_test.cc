// Golden files: tests/golden/diff/<case>/ holds old.txt and new.txt and the
// expected renderings of Compare()'s redline of them (docs/diff.md). Run the
// tests with REDLINE_UPDATE_GOLDEN=1 to rewrite the expected files, then
// review the changes to them by eye before committing.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "redline/diff.h"
#include "redline/diff_format.h"

namespace redline {
namespace {

struct GoldenCase {
  std::string name;
  DiffOptions options;
};

void PrintTo(const GoldenCase& golden, std::ostream* out) {
  *out << golden.name;
}

std::vector<GoldenCase> GoldenCases() {
  DiffOptions ignore_case;
  ignore_case.ignore_case = true;
  return {{"reworded_word", {}},
          {"inserted_sentence", {}},
          {"deleted_point", {}},
          {"moved_paragraph", {}},
          {"moved_paragraph_edited", {}},
          {"cyrillic", {}},
          {"crlf", {}},
          {"empty_vs_text", {}},
          {"identical", {}},
          {"ignore_case_new_text", ignore_case}};
}

std::string GoldenPath(const std::string& name, const std::string& file) {
  return std::string(REDLINE_SOURCE_DIR) + "/tests/golden/diff/" + name + "/" +
         file;
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

class DiffGoldenTest : public testing::TestWithParam<GoldenCase> {
 protected:
  void SetUp() override {
    old_text_ = ReadFile(GoldenPath(GetParam().name, "old.txt"));
    new_text_ = ReadFile(GoldenPath(GetParam().name, "new.txt"));
    redline_ = Compare(old_text_, new_text_, GetParam().options);
  }
  DiffInput Input() const {
    return DiffInput{old_text_, new_text_, "old.txt", "new.txt"};
  }

  std::string old_text_;
  std::string new_text_;
  Redline redline_;
};

TEST_P(DiffGoldenTest, RenderingsMatchTheGoldenFiles) {
  std::ostringstream json, text, color, markdown, html;
  WriteDiffJson(Input(), redline_, json);
  DiffRenderOptions options;
  WriteDiffText(Input(), redline_, options, text);
  WriteDiffMarkdown(Input(), redline_, options, markdown);
  options.color = true;
  WriteDiffText(Input(), redline_, options, color);
  WriteDiffHtml(Input(), redline_, html);
  const std::pair<const char*, std::string> outputs[] = {
      {"expected.json", json.str()},
      {"expected.txt", text.str()},
      {"expected-color.txt", color.str()},
      {"expected.md", markdown.str()},
      {"expected.html", html.str()}};
  for (const auto& [file, output] : outputs) {
    const std::string path = GoldenPath(GetParam().name, file);
    if (UpdatingGolden()) {
      std::ofstream(path, std::ios::binary) << output;
      continue;
    }
    EXPECT_EQ(output, ReadFile(path))
        << path << " differs; REDLINE_UPDATE_GOLDEN=1 rewrites it";
  }
}

// Checks the JSON contract (docs/diff.md) of `json`, written for the texts
// `old_text` and `new_text`: equal and delete texts give OLD; equal
// (new_text if any) and insert texts give NEW; each move is one delete and
// one insert; the edits of a moved insert rebuild both of its sides.
// Returns what is wrong, or "".
std::string JsonContractError(const std::string& written,
                              const std::string& old_text,
                              const std::string& new_text) {
  const nlohmann::json json = nlohmann::json::parse(written);
  std::string rebuilt_old, rebuilt_new;
  std::map<int, std::string> deleted, inserted, edits_old;
  for (const auto& op : json["ops"]) {
    const std::string kind = op["op"];
    const std::string text = op["text"];
    if (kind != "insert") rebuilt_old += text;
    if (kind == "equal") rebuilt_new += op.value("new_text", text);
    if (kind == "insert") rebuilt_new += text;
    if (!op.contains("move")) continue;
    const int move = op["move"];
    if (!(kind == "delete" ? deleted : inserted).emplace(move, text).second) {
      return "move " + std::to_string(move) + " has two " + kind + " ops";
    }
    if (!op.contains("edits")) continue;
    std::string edit_new;
    for (const auto& edit : op["edits"]) {
      const std::string edit_text = edit["text"];
      if (edit["op"] != "insert") edits_old[move] += edit_text;
      if (edit["op"] == "equal") edit_new += edit.value("new_text", edit_text);
      if (edit["op"] == "insert") edit_new += edit_text;
    }
    if (edit_new != text) return "edits of move " + std::to_string(move);
  }
  if (rebuilt_old != old_text) return "OLD not rebuilt: " + rebuilt_old;
  if (rebuilt_new != new_text) return "NEW not rebuilt: " + rebuilt_new;
  for (const auto& [move, text] : deleted) {
    if (!inserted.contains(move)) return "move " + std::to_string(move);
  }
  if (deleted.size() != inserted.size()) return "a move without its delete";
  for (const auto& [move, text] : edits_old) {
    if (text != deleted[move]) return "edits of move " + std::to_string(move);
  }
  return "";
}

TEST_P(DiffGoldenTest, JsonRebuildsBothTexts) {
  std::ostringstream out;
  WriteDiffJson(Input(), redline_, out);
  EXPECT_EQ(JsonContractError(out.str(), old_text_, new_text_), "");
}

INSTANTIATE_TEST_SUITE_P(Cases, DiffGoldenTest,
                         testing::ValuesIn(GoldenCases()),
                         [](const testing::TestParamInfo<GoldenCase>& info) {
                           return info.param.name;
                         });

TEST(DiffGoldenCasesTest, ShowWhatTheyAreNamedFor) {
  // Guards the golden cases against an engine change that would make a case
  // stop showing its feature.
  auto redline = [](const std::string& name, const DiffOptions& options) {
    return Compare(ReadFile(GoldenPath(name, "old.txt")),
                   ReadFile(GoldenPath(name, "new.txt")), options);
  };
  EXPECT_TRUE(redline("identical", {}).same());
  EXPECT_EQ(redline("moved_paragraph", {}).stats.moved_words, 14u);
  bool edited = false;
  for (const DiffOp& op : redline("moved_paragraph_edited", {}).ops) {
    edited = edited || !op.edits.empty();
  }
  EXPECT_TRUE(edited);
  DiffOptions ignore_case;
  ignore_case.ignore_case = true;
  bool new_text = false;
  const std::string old_text =
      ReadFile(GoldenPath("ignore_case_new_text", "old.txt"));
  const std::string new_text_bytes =
      ReadFile(GoldenPath("ignore_case_new_text", "new.txt"));
  for (const DiffOp& op : Compare(old_text, new_text_bytes, ignore_case).ops) {
    new_text =
        new_text ||
        (op.kind == OpKind::kEqual &&
         old_text.substr(op.old_begin, op.old_end - op.old_begin) !=
             new_text_bytes.substr(op.new_begin, op.new_end - op.new_begin));
  }
  EXPECT_TRUE(new_text);
}

// Texts made of pieces that stress the renderers: line breaks of every
// kind, control characters, Markdown and HTML syntax, points, Cyrillic.
rc::Gen<std::vector<std::string>> GenPieces() {
  static const std::vector<std::string> pieces = {
      "The",   "Parties", "shall",  "peace", "мир",  "Статья", "\n1. ",
      "\n2. ", "(a) ",    "\n(b) ", " ",     "  ",   "\n",     "\r\n",
      "\r",    "\t",      ",",      ".",     "*",    "~~",     "<b>",
      "&",     "\x1b[2J", "#",      "\n- ",  "\n\n", "¶",      "\"q\"",
  };
  return rc::gen::container<std::vector<std::string>>(
      rc::gen::elementOf(pieces));
}

std::string Join(const std::vector<std::string>& pieces) {
  std::string text;
  for (const std::string& piece : pieces) text += piece;
  return text;
}

RC_GTEST_PROP(DiffFormatProperty, RenderingsOfAnyRedlineHoldTheirContracts,
              ()) {
  const std::vector<std::string> old_pieces = *GenPieces();
  // The new text: the old one with a run moved, some pieces dropped and
  // some added, so that the redline has every kind of op.
  std::vector<std::string> new_pieces = old_pieces;
  if (!new_pieces.empty()) {
    const size_t from = *rc::gen::inRange<size_t>(0, new_pieces.size());
    const size_t length =
        *rc::gen::inRange<size_t>(0, new_pieces.size() - from + 1);
    std::vector<std::string> run(new_pieces.begin() + from,
                                 new_pieces.begin() + from + length);
    new_pieces.erase(new_pieces.begin() + from,
                     new_pieces.begin() + from + length);
    const size_t to = *rc::gen::inRange<size_t>(0, new_pieces.size() + 1);
    new_pieces.insert(new_pieces.begin() + to, run.begin(), run.end());
  }
  const std::vector<std::string> added = *GenPieces();
  const size_t at = *rc::gen::inRange<size_t>(0, new_pieces.size() + 1);
  new_pieces.insert(new_pieces.begin() + at, added.begin(), added.end());
  const std::string old_text = Join(old_pieces);
  const std::string new_text = Join(new_pieces);
  DiffOptions options;
  options.ignore_case = *rc::gen::arbitrary<bool>();
  options.ignore_whitespace = *rc::gen::arbitrary<bool>();
  options.move_min_words = *rc::gen::inRange(1, 4);
  const Redline redline = Compare(old_text, new_text, options);
  const DiffInput input{old_text, new_text, "old", "new"};

  std::ostringstream json, text, markdown, html;
  WriteDiffJson(input, redline, json);
  RC_ASSERT(JsonContractError(json.str(), old_text, new_text) == "");
  DiffRenderOptions render;
  render.context = *rc::gen::inRange(-1, 3);
  WriteDiffText(input, redline, render, text);
  WriteDiffMarkdown(input, redline, render, markdown);
  WriteDiffHtml(input, redline, html);
  for (const std::string& shown : {text.str(), markdown.str(), html.str()}) {
    RC_ASSERT(shown.find_first_of("\r\x1b") == std::string::npos);
  }
  RC_ASSERT((text.str().find("no differences") != std::string::npos) ==
            redline.same());
}

}  // namespace
}  // namespace redline
