#include "redline/diff.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace redline {
namespace {

// "=[kept]-[deleted]+[inserted]", moves as "-1[...]" and "+1[...]", with an
// edited move's inner redline in braces after it.
std::string Show(std::string_view old_text, std::string_view new_text,
                 const std::vector<DiffOp>& ops) {
  std::string out;
  for (const DiffOp& op : ops) {
    const std::string_view old_part =
        old_text.substr(op.old_begin, op.old_end - op.old_begin);
    const std::string_view new_part =
        new_text.substr(op.new_begin, op.new_end - op.new_begin);
    const std::string move = op.move ? std::to_string(op.move) : "";
    switch (op.kind) {
      case OpKind::kEqual:
        out += "=[" + std::string(old_part) + "]";
        if (old_part != new_part) out += "(" + std::string(new_part) + ")";
        break;
      case OpKind::kDelete:
        out += "-" + move + "[" + std::string(old_part) + "]";
        break;
      case OpKind::kInsert:
        out += "+" + move + "[" + std::string(new_part) + "]";
        if (!op.edits.empty()) {
          out += "{" + Show(old_text, new_text, op.edits) + "}";
        }
        break;
    }
  }
  return out;
}

std::string Show(std::string_view old_text, std::string_view new_text,
                 const DiffOptions& options = DiffOptions()) {
  return Show(old_text, new_text, Compare(old_text, new_text, options).ops);
}

TEST(CompareTest, IdenticalTextsAreOneEqualRun) {
  const Redline redline = Compare("1. Peace now.\n", "1. Peace now.\n");
  EXPECT_TRUE(redline.same());
  ASSERT_EQ(redline.ops.size(), 1u);
  EXPECT_EQ(redline.stats.inserted_words + redline.stats.deleted_words, 0u);
  EXPECT_TRUE(Compare("", "").ops.empty());
}

TEST(CompareTest, WholeWordsChange) {
  EXPECT_EQ(Show("The cat sat.", "The dog sat."),
            "=[The ]-[cat]+[dog]=[ sat.]");
  EXPECT_EQ(Show("within 30 days", "within 60 days"),
            "=[within ]-[30]+[60]=[ days]");
}

// Long reworded lines are tokenized only around their changes (see
// line_anchors.h): the redline is the same word change, in Latin and
// Cyrillic, with the options that fold units together too.
TEST(CompareTest, ChangesInsideLongLinesAreWholeWords) {
  const std::string english_start =
      "3. The Parties shall complete the withdrawal of all heavy weapons "
      "from the line of contact and notify the Monitoring Mission of each "
      "movement no later than ";
  const std::string english_end =
      " days before it begins, and give its observers access to every "
      "site named in Annex 2.\n";
  const std::string russian_start =
      "4. Стороны завершают отвод всех тяжёлых вооружений от линии "
      "соприкосновения и уведомляют Миссию о каждом перемещении не позднее "
      "чем за ";
  const std::string russian_end =
      " дней до его начала и предоставляют её наблюдателям доступ ко всем "
      "объектам, указанным в Приложении 2.\n";
  const std::string old_text = english_start + "seven" + english_end +
                               russian_start + "семь" + russian_end;
  const std::string new_text = english_start + "nine" + english_end +
                               russian_start + "девять" + russian_end;
  for (const bool ignore : {false, true}) {
    DiffOptions options;
    options.ignore_whitespace = ignore;
    options.ignore_punctuation = ignore;
    options.ignore_renumbering = ignore;
    const Redline redline = Compare(old_text, new_text, options);
    std::string changes;
    for (const DiffOp& op : redline.ops) {
      if (op.kind == OpKind::kDelete) {
        changes +=
            "-" + old_text.substr(op.old_begin, op.old_end - op.old_begin);
      } else if (op.kind == OpKind::kInsert) {
        changes +=
            "+" + new_text.substr(op.new_begin, op.new_end - op.new_begin);
      }
    }
    // Ignored white space goes with the word after it.
    EXPECT_EQ(changes, ignore ? "- seven+ nine- семь+ девять"
                              : "-seven+nine-семь+девять");
    EXPECT_EQ(redline.stats.deleted_words, 2u);
    EXPECT_EQ(redline.stats.inserted_words, 2u);
  }
}

TEST(CompareTest, NoTinyIslandsBetweenChanges) {
  EXPECT_EQ(Show("the red cat sat", "a blue dog sat"),
            "-[the red cat]+[a blue dog]=[ sat]");
}

TEST(CompareTest, EmptyAgainstText) {
  EXPECT_EQ(Show("", "Peace."), "+[Peace.]");
  EXPECT_EQ(Show("Peace.", ""), "-[Peace.]");
  const Redline redline = Compare("", "Lasting peace.");
  EXPECT_EQ(redline.stats.inserted_words, 2u);
  EXPECT_FALSE(redline.same());
}

TEST(CompareTest, CyrillicWords) {
  EXPECT_EQ(
      Show("Стороны прекращают огонь.", "Стороны немедленно прекращают огонь."),
      "=[Стороны ]+[немедленно ]=[прекращают огонь.]");
}

TEST(CompareTest, CountsWordsAsWdiffDoes) {
  const Redline redline =
      Compare("one two three four", "one 2 three four five six");
  EXPECT_EQ(redline.stats.deleted_words, 1u);
  EXPECT_EQ(redline.stats.inserted_words, 3u);
  EXPECT_EQ(redline.stats.moved_words, 0u);
}

TEST(CompareTest, IgnoreCase) {
  DiffOptions options;
  options.ignore_case = true;
  EXPECT_EQ(Show("Peace NOW", "peace now", options), "=[Peace NOW](peace now)");
  EXPECT_TRUE(Compare("СТАТЬЯ", "статья", options).same());
}

TEST(CompareTest, IgnorePunctuation) {
  DiffOptions options;
  options.ignore_punctuation = true;
  EXPECT_TRUE(Compare("peace, and order.", "peace and order", options).same());
  // The ignored full stop stays equal (to nothing), never a change.
  EXPECT_EQ(Show("peace, and order.", "peace and chaos", options),
            "=[peace, and ](peace and )-[order]+[chaos]=[.]()");
}

TEST(CompareTest, IgnoreWhitespaceIncludingWrappingAndLineEnds) {
  DiffOptions options;
  options.ignore_whitespace = true;
  EXPECT_TRUE(
      Compare("a lasting\r\npeace", "a  lasting peace\n", options).same());
  EXPECT_FALSE(Compare("a lasting\r\npeace", "a  lasting peace\n").same());
}

TEST(CompareTest, IgnoreRenumbering) {
  const std::string old_text = "7. Ceasefire.\n8. Prisoners.\n";
  const std::string new_text = "8. Ceasefire.\n9. Prisoners.\n";
  DiffOptions options;
  options.ignore_renumbering = true;
  EXPECT_TRUE(Compare(old_text, new_text, options).same());
  EXPECT_FALSE(Compare(old_text, new_text).same());
}

const char kPlan[] =
    "1. The Parties shall observe a complete ceasefire on land, at sea and in "
    "the air.\n"
    "2. Heavy weapons shall be withdrawn to storage sites fifty kilometres "
    "from the line.\n"
    "3. Prisoners of war shall be exchanged on the principle of all for all.\n"
    "4. A monitoring mission shall be deployed within thirty days.\n";

TEST(CompareTest, MovedParagraphIsAMove) {
  const std::string old_text = kPlan;
  const std::string new_text =
      "1. The Parties shall observe a complete ceasefire on land, at sea and "
      "in the air.\n"
      "3. Prisoners of war shall be exchanged on the principle of all for "
      "all.\n"
      "4. A monitoring mission shall be deployed within thirty days.\n"
      "2. Heavy weapons shall be withdrawn to storage sites fifty kilometres "
      "from the line.\n";
  const Redline redline = Compare(old_text, new_text);
  int deletes = 0, inserts = 0;
  for (const DiffOp& op : redline.ops) {
    if (op.kind == OpKind::kDelete) {
      ++deletes;
      EXPECT_EQ(op.move, 1);
    }
    if (op.kind == OpKind::kInsert) {
      ++inserts;
      EXPECT_EQ(op.move, 1);
      EXPECT_TRUE(op.edits.empty());
    }
  }
  EXPECT_EQ(deletes, 1);
  EXPECT_EQ(inserts, 1);
  EXPECT_EQ(redline.stats.moved_words, 14u);
}

TEST(CompareTest, EditedMoveWithNewNumberShowsItsEdits) {
  const std::string old_text = kPlan;
  const std::string new_text =
      "1. The Parties shall observe a complete ceasefire on land, at sea and "
      "in the air.\n"
      "2. Prisoners of war shall be exchanged on the principle of all for "
      "all.\n"
      "3. A monitoring mission shall be deployed within thirty days.\n"
      "4. Heavy weapons shall be withdrawn to storage sites forty kilometres "
      "from the line.\n";
  const Redline redline = Compare(old_text, new_text);
  const DiffOp* moved = nullptr;
  for (const DiffOp& op : redline.ops) {
    if (op.kind == OpKind::kInsert && op.move != 0) moved = &op;
  }
  ASSERT_NE(moved, nullptr);
  // "2. " stays matched to the point that is now number 2; the move carries
  // its new number as an edit.
  EXPECT_EQ(Show(old_text, new_text, moved->edits),
            "+[4. ]=[Heavy weapons shall be withdrawn to storage sites ]"
            "-[fifty]+[forty]=[ kilometres from the line.\n]");
}

TEST(CompareTest, NoMovesWhenTurnedOff) {
  const std::string new_text =
      std::string(kPlan).substr(std::string(kPlan).find("2.")) +
      std::string(kPlan).substr(0, std::string(kPlan).find("2."));
  DiffOptions options;
  options.moves = false;
  for (const DiffOp& op : Compare(kPlan, new_text, options).ops) {
    EXPECT_EQ(op.move, 0);
  }
}

// Found by fuzz/diff_fuzz: a move grown over its neighbour's edges left
// the neighbouring move overlapping it.
TEST(CompareTest, MovesNeverOverlap) {
  std::ifstream in(
      std::string(REDLINE_SOURCE_DIR) + "/fuzz/corpus/diff/overlapping_moves",
      std::ios::binary);
  const std::string input((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  ASSERT_GT(input.size(), 1u);
  const size_t split = input.find('\0', 1);
  ASSERT_NE(split, std::string::npos);
  const std::string old_text = input.substr(1, split - 1);
  const std::string new_text = input.substr(split + 1);
  DiffOptions options;
  options.move_min_words = 1;
  const Redline redline = Compare(old_text, new_text, options);
  uint32_t old_at = 0, new_at = 0;
  for (const DiffOp& op : redline.ops) {
    EXPECT_EQ(op.old_begin, old_at);
    EXPECT_EQ(op.new_begin, new_at);
    old_at = op.old_end;
    new_at = op.new_end;
  }
  EXPECT_EQ(old_at, old_text.size());
  EXPECT_EQ(new_at, new_text.size());
}

// Found by fuzz/diff_fuzz: under --ignore-punctuation a Markdown "__" glued
// to a point number swallowed the number's first token, and the bytes
// before the number fell out of every op.
TEST(CompareTest, PointNumberAfterIgnoredPunctuationKeepsItsBytes) {
  DiffOptions options;
  options.ignore_punctuation = true;
  options.ignore_renumbering = true;
  EXPECT_EQ(Show("__1. Peace\n", "", options), "-[__1. Peace\n]");
  EXPECT_TRUE(Compare("__1. Peace\n", "__2. Peace\n", options).same());
}

// Properties: both texts are rebuilt exactly from the ops.
rc::Gen<std::string> GenText() {
  static const std::vector<std::string> pieces = {
      "peace", "Peace", "war",    "the",     "shall", "1.", "2.",
      "(a)",   " ",     "  ",     "\n",      "\r\n",  ",",  ".",
      "—",     "мир",   "Статья", "600,000", "«",     "»",  "\t"};
  return rc::gen::map(rc::gen::container<std::vector<size_t>>(
                          rc::gen::inRange<size_t>(0, pieces.size())),
                      [](const std::vector<size_t>& indexes) {
                        std::string text;
                        for (size_t i : indexes) text += pieces[i];
                        return text;
                      });
}

rc::Gen<std::string> GenEdited(const std::string& text) {
  return rc::gen::map(
      rc::gen::pair(GenText(), rc::gen::inRange<size_t>(0, text.size() + 1)),
      [text](const std::pair<std::string, size_t>& edit) {
        std::string edited = text;
        size_t at = edit.second;
        while (at < edited.size() && (edited[at] & 0xC0) == 0x80) ++at;
        edited.insert(at, edit.first);
        return edited;
      });
}

DiffOptions GenOptions() {
  DiffOptions options;
  options.ignore_case = *rc::gen::arbitrary<bool>();
  options.ignore_punctuation = *rc::gen::arbitrary<bool>();
  options.ignore_whitespace = *rc::gen::arbitrary<bool>();
  options.ignore_renumbering = *rc::gen::arbitrary<bool>();
  options.moves = *rc::gen::arbitrary<bool>();
  options.move_min_words = *rc::gen::inRange(1, 8);
  return options;
}

void CheckRebuilds(const std::string& old_text, const std::string& new_text,
                   const Redline& redline) {
  std::string old_again, new_again;
  for (const DiffOp& op : redline.ops) {
    RC_ASSERT(op.old_begin == old_again.size());
    RC_ASSERT(op.new_begin == new_again.size());
    if (op.kind != OpKind::kInsert) {
      old_again += old_text.substr(op.old_begin, op.old_end - op.old_begin);
    } else {
      RC_ASSERT(op.old_end == op.old_begin);
    }
    if (op.kind != OpKind::kDelete) {
      new_again += new_text.substr(op.new_begin, op.new_end - op.new_begin);
    } else {
      RC_ASSERT(op.new_end == op.new_begin);
    }
  }
  RC_ASSERT(old_again == old_text);
  RC_ASSERT(new_again == new_text);
}

RC_GTEST_PROP(CompareProperty, RebuildsBothTexts, ()) {
  const std::string old_text = *GenText();
  const std::string new_text = *rc::gen::oneOf(GenText(), GenEdited(old_text));
  const DiffOptions options = GenOptions();
  CheckRebuilds(old_text, new_text, Compare(old_text, new_text, options));
}

RC_GTEST_PROP(CompareProperty, ATextAgainstItselfIsAllEqual, ()) {
  const std::string text = *GenText();
  const Redline redline = Compare(text, text, GenOptions());
  RC_ASSERT(redline.same());
  RC_ASSERT(redline.ops.size() <= 1u);
}

RC_GTEST_PROP(CompareProperty, MovesArePairedOnceEach, ()) {
  const std::string old_text = *GenText();
  const std::string new_text = *GenEdited(old_text);
  const Redline redline = Compare(old_text, new_text, GenOptions());
  std::map<int, std::pair<int, int>> moves;
  for (const DiffOp& op : redline.ops) {
    if (op.move == 0) continue;
    RC_ASSERT(op.kind != OpKind::kEqual);
    (op.kind == OpKind::kDelete ? moves[op.move].first
                                : moves[op.move].second)++;
  }
  for (const auto& [number, counts] : moves) {
    RC_ASSERT(counts.first == 1);
    RC_ASSERT(counts.second == 1);
  }
}

}  // namespace
}  // namespace redline
