#include "redline/diff_format.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "redline/diff.h"

namespace redline {
namespace {

// One run of a hand-built redline. Hand-built redlines pin down exactly
// what a renderer gets, whatever Compare() would make of the texts.
struct Run {
  char kind;             // '=' equal, '-' delete, '+' insert
  std::string old_text;  // the run's bytes in the old text
  std::string new_text;  // its bytes in the new text
  int move;
  std::vector<Run> edits;  // of a moved insert: its redline
};

Run Eq(const std::string& text) { return {'=', text, text, 0, {}}; }
Run EqAs(const std::string& old_text, const std::string& new_text) {
  return {'=', old_text, new_text, 0, {}};
}
Run Del(const std::string& text, int move = 0) {
  return {'-', text, "", move, {}};
}
Run Ins(const std::string& text, int move = 0) {
  return {'+', "", text, move, {}};
}
Run MovedEdited(int move, std::vector<Run> edits) {
  return {'+', "", "", move, std::move(edits)};
}

// Whitespace-separated words, the unit of DiffStats.
uint64_t Words(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

struct Built {
  std::string old_text;
  std::string new_text;
  Redline redline;
};

// Appends the runs' bytes to both texts and their ops to `ops`. The edits of
// a moved insert take their old bytes from the moved delete, which must come
// first (`moved_from` maps the move to where its old bytes begin).
void Append(const std::vector<Run>& runs, Built* built,
            std::map<int, uint32_t>* moved_from, uint32_t* edit_old,
            std::vector<DiffOp>* ops) {
  for (const Run& run : runs) {
    DiffOp op;
    op.kind = run.kind == '='   ? OpKind::kEqual
              : run.kind == '-' ? OpKind::kDelete
                                : OpKind::kInsert;
    op.move = run.move;
    op.old_begin = edit_old != nullptr ? *edit_old : built->old_text.size();
    op.new_begin = built->new_text.size();
    if (run.move > 0 && run.kind == '-') {
      (*moved_from)[run.move] = op.old_begin;
    }
    if (!run.edits.empty()) {
      uint32_t old_at = (*moved_from)[run.move];
      Append(run.edits, built, moved_from, &old_at, &op.edits);
    }
    if (edit_old != nullptr) {
      *edit_old += run.old_text.size();
    } else {
      built->old_text += run.old_text;
    }
    built->new_text += run.new_text;
    op.old_end = edit_old != nullptr ? *edit_old : built->old_text.size();
    op.new_end = built->new_text.size();
    if (op.kind == OpKind::kInsert) op.old_end = op.old_begin;
    if (edit_old == nullptr) {
      const std::string_view inserted(built->new_text.data() + op.new_begin,
                                      op.new_end - op.new_begin);
      const uint64_t words = Words(run.old_text) + Words(inserted);
      if (op.kind == OpKind::kDelete)
        built->redline.stats.deleted_words += words;
      if (op.kind == OpKind::kInsert)
        built->redline.stats.inserted_words += words;
      if (op.kind == OpKind::kInsert && op.move > 0) {
        built->redline.stats.moved_words += words;
      }
    }
    ops->push_back(std::move(op));
  }
}

Built Build(const std::vector<Run>& runs) {
  Built built;
  std::map<int, uint32_t> moved_from;
  Append(runs, &built, &moved_from, nullptr, &built.redline.ops);
  return built;
}

DiffInput Input(const Built& built) {
  return DiffInput{built.old_text, built.new_text, "old.txt", "new.txt"};
}

std::string Text(const Built& built, int context = 2, bool color = false) {
  DiffRenderOptions options;
  options.context = context;
  options.color = color;
  std::ostringstream out;
  WriteDiffText(Input(built), built.redline, options, out);
  return out.str();
}

std::string Markdown(const Built& built, int context = 2) {
  DiffRenderOptions options;
  options.context = context;
  std::ostringstream out;
  WriteDiffMarkdown(Input(built), built.redline, options, out);
  return out.str();
}

std::string Json(const Built& built) {
  std::ostringstream out;
  WriteDiffJson(Input(built), built.redline, out);
  return out.str();
}

std::string Html(const Built& built) {
  std::ostringstream out;
  WriteDiffHtml(Input(built), built.redline, out);
  return out.str();
}

// The <main> part of the HTML page: the text with its changes.
std::string HtmlText(const Built& built) {
  std::string html = Html(built);
  const size_t begin = html.find("<main class=\"text\">");
  const size_t end = html.find("</main>");
  if (begin == std::string::npos || end == std::string::npos) return html;
  return html.substr(begin + 19, end - begin - 19);
}

TEST(DiffJsonTest, FollowsTheContract) {
  const Built built = Build({Eq("1. The \"Parties\" "), Del("shall"),
                             Ins("will"), EqAs(" Agree.\n", " agree.\n")});
  EXPECT_EQ(Json(built),
            "{\"ops\":[{\"op\":\"equal\",\"text\":\"1. The \\\"Parties\\\" \"},"
            "{\"op\":\"delete\",\"text\":\"shall\"},"
            "{\"op\":\"insert\",\"text\":\"will\"},"
            "{\"op\":\"equal\",\"text\":\" Agree.\\n\","
            "\"new_text\":\" agree.\\n\"}],"
            "\"stats\":{\"inserted_words\":1,\"deleted_words\":1,"
            "\"moved_words\":0}}\n");
}

TEST(DiffJsonTest, EditedMoveCarriesItsEdits) {
  const Built built =
      Build({Del("A b c.\n", 1), Eq("X.\n"),
             MovedEdited(1, {Eq("A "), Del("b"), Ins("B"), Eq(" c.\n")})});
  EXPECT_EQ(built.old_text, "A b c.\nX.\n");
  EXPECT_EQ(built.new_text, "X.\nA B c.\n");
  EXPECT_EQ(Json(built),
            "{\"ops\":[{\"op\":\"delete\",\"text\":\"A b c.\\n\",\"move\":1},"
            "{\"op\":\"equal\",\"text\":\"X.\\n\"},"
            "{\"op\":\"insert\",\"text\":\"A B c.\\n\",\"move\":1,\"edits\":["
            "{\"op\":\"equal\",\"text\":\"A \"},"
            "{\"op\":\"delete\",\"text\":\"b\"},"
            "{\"op\":\"insert\",\"text\":\"B\"},"
            "{\"op\":\"equal\",\"text\":\" c.\\n\"}]}],"
            "\"stats\":{\"inserted_words\":3,\"deleted_words\":3,"
            "\"moved_words\":3}}\n");
}

TEST(DiffJsonTest, OpSplittingACharacterStillGivesValidJson) {
  // Misuse: ops cutting "é" (C3 A9) in two. The writer must not emit half a
  // character; the halves come out as U+FFFD.
  Built built;
  built.old_text = "\xC3\xA9t\xC3\xA9";
  built.new_text = built.old_text;
  DiffOp first;
  first.kind = OpKind::kEqual;
  first.old_end = first.new_end = 1;
  DiffOp rest;
  rest.kind = OpKind::kEqual;
  rest.old_begin = rest.new_begin = 1;
  rest.old_end = rest.new_end = 5;
  built.redline.ops = {first, rest};
  EXPECT_EQ(Json(built),
            "{\"ops\":[{\"op\":\"equal\",\"text\":\"\xEF\xBF\xBD\"},"
            "{\"op\":\"equal\",\"text\":\"\xEF\xBF\xBDt\xC3\xA9\"}],"
            "\"stats\":{\"inserted_words\":0,\"deleted_words\":0,"
            "\"moved_words\":0}}\n");
}

TEST(DiffTextTest, PlainMarkersForMovesAndTheirEdits) {
  const Built built =
      Build({Eq("1. One.\n"), Del("A b c.\n", 1), Eq("2. Two.\n"),
             MovedEdited(1, {Eq("A "), Del("b"), Ins("B"), Eq(" c.\n")})});
  EXPECT_EQ(Text(built),
            "old.txt \u2192 new.txt: 3 words inserted, 3 deleted, 3 moved\n"
            "\u2500\u2500 point 1 \u2500\u2500\n"
            "1. One.\n"
            "[<1:A b c.-]\n"
            "\u2500\u2500 point 2 \u2500\u2500\n"
            "2. Two.\n"
            "{+1:A [-b-]{+B+} c.>}\n");
}

TEST(DiffTextTest, ColorMarksEveryKindOfChange) {
  const Built built =
      Build({Eq("x "), Del("old"), Ins("new"), Eq(" "), Del("gone here", 1),
             Eq(" y "), Ins("gone here", 1), Eq("\n")});
  EXPECT_EQ(Text(built, 2, true),
            "old.txt \u2192 new.txt: 3 words inserted, 3 deleted, 2 moved\n"
            "\x1b[1m\u2500\u2500 preamble \u2500\u2500\x1b[0m\n"
            "x \x1b[31;9mold\x1b[0m\x1b[32;4mnew\x1b[0m "
            "\x1b[36m[<1:\x1b[0m\x1b[36;9mgone here\x1b[0m\x1b[36m-]\x1b[0m"
            " y \x1b[36m{+1:\x1b[0m\x1b[36;4mgone here\x1b[0m"
            "\x1b[36m>}\x1b[0m\n");
}

TEST(DiffTextTest, ContextElidesUnchangedStretches) {
  const Built built = Build({Eq("a\nb\nc\nd\n"), Del("e"), Ins("E"),
                             Eq("\nf\ng\nh\ni\nj\n"), Ins("k\n")});
  EXPECT_EQ(Text(built, 1),
            "old.txt \u2192 new.txt: 2 words inserted, 1 deleted, 0 moved\n"
            "\u2026\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "d\n[-e-]{+E+}\nf\n\u2026\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "j\n{+k+}\n");
  EXPECT_EQ(Text(built, 0),
            "old.txt \u2192 new.txt: 2 words inserted, 1 deleted, 0 moved\n"
            "\u2026\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "[-e-]{+E+}\n\u2026\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "{+k+}\n");
  EXPECT_EQ(Text(built, 4),
            "old.txt \u2192 new.txt: 2 words inserted, 1 deleted, 0 moved\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "a\nb\nc\nd\n[-e-]{+E+}\nf\ng\nh\ni\nj\n{+k+}\n");
  EXPECT_EQ(Text(built, -1), Text(built, 4));
}

TEST(DiffTextTest, DeletedAndInsertedLineBreaksShowAsPilcrows) {
  // "a\r\nb" -> "a b": the break (CRLF is one break) was replaced by a space.
  const Built built = Build({Eq("a"), Del("\r\n"), Ins(" "), Eq("b\n")});
  EXPECT_EQ(Text(built),
            "old.txt \u2192 new.txt: 0 words inserted, 0 deleted, 0 moved\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "a[-\u00B6-]\n{+ +}b\n");
}

TEST(DiffTextTest, CrlfSplitBetweenEqualOpsIsOneBreak) {
  const Built built = Build({Eq("a\r"), Eq("\nb "), Ins("c"), Eq("\n")});
  EXPECT_EQ(Text(built, -1),
            "old.txt \u2192 new.txt: 1 word inserted, 0 deleted, 0 moved\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "a\nb {+c+}\n");
}

TEST(DiffTextTest, ControlCharactersCannotDriveTheTerminal) {
  const Built built = Build({Eq("a\x1b[2J"), Ins("\x07"), Eq("\n")});
  EXPECT_EQ(Text(built),
            "old.txt \u2192 new.txt: 1 word inserted, 0 deleted, 0 moved\n"
            "\u2500\u2500 preamble \u2500\u2500\n"
            "a\u241B[2J{+\u2407+}\n");
}

TEST(DiffTextTest, HeadersFollowThePointsOfTheNewText) {
  // A deleted line belongs to the point before it; a second change in
  // another point gets its header where that point begins.
  const Built built = Build({Eq("Intro.\n1. One.\n(a) x;\n"), Del("(b) y;\n"),
                             Eq("2. Two.\nz "), Ins("w"), Eq("\n")});
  EXPECT_EQ(Text(built),
            "old.txt \u2192 new.txt: 1 word inserted, 2 deleted, 0 moved\n"
            "\u2026\n"
            "1. One.\n"
            "\u2500\u2500 point 1.a \u2500\u2500\n"
            "(a) x;\n[-(b) y;-]\n"
            "\u2500\u2500 point 2 \u2500\u2500\n"
            "2. Two.\nz {+w+}\n");
}

TEST(DiffTextTest, SameTextsSayNoDifferences) {
  const Built built = Build({EqAs("A\n", "a\n")});
  EXPECT_EQ(Text(built), "old.txt \u2192 new.txt: no differences\n");
}

TEST(DiffMarkdownTest, EscapesTheTextAndKeepsMarkersTight) {
  const Built built =
      Build({Eq("1. *Not* _bold_ [x](y) <b> ~~z~~ a|b &amp; #\n"), Del("- "),
             Eq("2. The"), Del(" old"), Ins(" new "), Eq("one.\n"), Del("  "),
             Ins(" "), Eq("   x\n  1) - + "), Ins("1. x"), Eq("\n")});
  EXPECT_EQ(Markdown(built),
            "# old.txt \u2192 new.txt\n\n"
            "3 words inserted, 2 deleted, 0 moved.\n\n"
            "1\\. \\*Not\\* \\_bold\\_ \\[x\\](y) \\<b\\> \\~\\~z\\~\\~ "
            "a\\|b \\&amp; \\#  \n\n"
            "## point 2\n\n"
            "~~-~~ 2. The ~~old~~ **new** one.  \n"
            "~~\u2423\u2423~~\u200A**\u2423**   x  \n\n"
            "## point 2.1\n\n"
            "&nbsp;&nbsp;1\\) - + **1. x**  \n");
}

TEST(DiffMarkdownTest, HairSpacesLetMarkersNextToPunctuationWork) {
  // "points~~, which~~" would not open: CommonMark wants white space or
  // punctuation outside a delimiter that has punctuation inside.
  const Built built = Build({Eq("points"), Del(", which"), Ins("."), Eq("The "),
                             Del("old"), Ins("new"), Eq(" one.\n")});
  EXPECT_EQ(Markdown(built),
            "# old.txt \u2192 new.txt\n\n"
            "2 words inserted, 3 deleted, 0 moved.\n\n"
            "## preamble\n\n"
            "points\u200A~~, which~~\u200A**.**\u200AThe ~~old~~**new** one.  "
            "\n");
}

TEST(DiffMarkdownTest, MovesNameTheirOtherPlace) {
  const Built built =
      Build({Eq("1. One.\n"), Del("A b c.\n", 1), Eq("2. Two.\n"),
             MovedEdited(1, {Eq("A "), Del("b"), Ins("B"), Eq(" c.\n")})});
  EXPECT_EQ(Markdown(built, -1),
            "# old.txt \u2192 new.txt\n\n"
            "3 words inserted, 3 deleted, 3 moved.\n\n"
            "## point 1\n\n"
            "1\\. One.  \n"
            "~~A b c.~~ *(moved to point 2)*  \n\n"
            "## point 2\n\n"
            "2\\. Two.  \n"
            "**A** ~~b~~***B*** **c.** *(moved from point 1)*  \n");
}

TEST(DiffHtmlTest, EscapesAndLinksMoves) {
  const Built built = Build(
      {Eq("1. <One> & \"two\"\n"), Del("A b c.\n", 1), Eq("2. Two.\n"),
       MovedEdited(1, {Eq("A "), Del("b"), Ins("B"), Eq(" c.\n")}), Del("\n")});
  EXPECT_EQ(HtmlText(built),
            "1. &lt;One&gt; &amp; &quot;two&quot;\n"
            "<span id=\"change-1\"></span>"
            "<a class=\"move-tag\" href=\"#move-1-to\">(moved to point 2)</a>"
            "<del class=\"move\" id=\"move-1-from\">A b c.\n</del>"
            "2. Two.\n"
            "<span id=\"change-2\"></span>"
            "<a class=\"move-tag\" href=\"#move-1-from\">(moved from point "
            "1)</a>"
            "<ins class=\"move\" id=\"move-1-to\">A <del>b</del><ins>B</ins>"
            " c.\n</ins>"
            "<del><span class=\"br\">\u00B6</span>\n</del>");
}

}  // namespace
}  // namespace redline
