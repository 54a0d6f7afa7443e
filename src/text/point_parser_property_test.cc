// Properties of the point parser on random and mutated texts.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "redline/points.h"
#include "redline/text.h"

namespace redline {
namespace {

// Lines that open points in every style the parser knows, and lines that
// only look like it.
const std::vector<std::string>& MarkerTemplates() {
  static const std::vector<std::string> templates = {
      "#. ",        "#) ",        "(#) ",         "a) ",
      "(b) ",       "c. ",        "i. ",          "(ii) ",
      "(iv) ",      "#.1 ",       "#.2 ",         "#.1.1 ",
      "#.2. ",      "Article # ", "Art. #. ",     "§ # ",
      "Статья #. ", "Пункт # ",   "SEC. #. ",     "- ",
      "• ",         "* ",         "  - ",         "## #. ",
      "### #.1 ",   "   1. ",     "**#.** ",      "а) ",
      "б) ",        "Chapter I ", "#.5 million ", "2026 will ",
      "2026. ",     "# Title ",   "```",          "Article # of the ",
  };
  return templates;
}

const std::vector<std::string>& Words() {
  static const std::vector<std::string> words = {
      "The",       "Parties", "shall",        "cease",  "fire",  "within",
      "days",      "Мир",     "стороны",      "Статья", "point", "2(a)",
      "600,000",   "1.5",     "«мир»",        "—",      "e.g.",  "\t",
      "Ukraine's", "💥",       "\xEF\xBB\xBF",
  };
  return words;
}

rc::Gen<std::string> GenLine() {
  return rc::gen::apply(
      [](bool marked, size_t template_index, int number,
         std::vector<size_t> word_indexes) {
        std::string line;
        if (marked) {
          std::string marker =
              MarkerTemplates()[template_index % MarkerTemplates().size()];
          const size_t hash = marker.find('#');
          if (hash != std::string::npos && marker[0] != '#') {
            marker.replace(hash, 1, std::to_string(number));
          } else if (marker.starts_with("## ") || marker.starts_with("### ")) {
            const size_t inner = marker.find('#', marker.find(' '));
            if (inner != std::string::npos) {
              marker.replace(inner, 1, std::to_string(number));
            }
          }
          line += marker;
        }
        if (word_indexes.size() > 8) word_indexes.resize(8);
        for (size_t index : word_indexes) {
          if (!line.empty() && line.back() != ' ') line += ' ';
          line += Words()[index % Words().size()];
        }
        return line;
      },
      rc::gen::arbitrary<bool>(), rc::gen::arbitrary<size_t>(),
      rc::gen::inRange(0, 30),
      rc::gen::container<std::vector<size_t>>(rc::gen::arbitrary<size_t>()));
}

rc::Gen<std::string> GenText() {
  return rc::gen::apply(
      [](std::vector<std::string> lines, std::vector<int> endings) {
        static const char* kEndings[] = {"\n",   "\n", "\n",
                                         "\r\n", "\r", "\n\n"};
        std::string text;
        for (size_t i = 0; i < lines.size(); ++i) {
          text += lines[i];
          if (i < endings.size()) text += kEndings[endings[i] % 6];
        }
        return text;
      },
      rc::gen::container<std::vector<std::string>>(GenLine()),
      rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 6)));
}

// Asserts the structural invariants of a parsed document.
void CheckInvariants(std::string_view text, const Document& doc) {
  std::set<std::string> ids;
  for (const Point& point : doc.points) {
    RC_ASSERT(ids.insert(point.id).second);  // ids are unique
    RC_ASSERT(point.begin < point.end);
    RC_ASSERT(point.begin <= point.body_end);
    RC_ASSERT(point.body_end <= point.end);
    RC_ASSERT(point.end <= text.size());
    RC_ASSERT(text.substr(point.begin).find(point.number) !=
              std::string_view::npos);
    uint32_t at = point.body_end;
    for (int child_index : point.children) {
      const Point& child = doc.points[child_index];
      RC_ASSERT(child.begin == at);  // children tile the rest of the parent
      RC_ASSERT(child.depth == point.depth + 1);
      RC_ASSERT(&doc.points[child.parent] == &point);
      RC_ASSERT(child.id.starts_with(point.id + "."));
      at = child.end;
    }
    if (!point.children.empty()) RC_ASSERT(at == point.end);
  }
  uint32_t at = doc.preamble_end;
  for (int root : doc.roots) {
    RC_ASSERT(doc.points[root].begin == at);
    RC_ASSERT(doc.points[root].depth == 0);
    at = doc.points[root].end;
  }
  RC_ASSERT(at == text.size());  // lossless: preamble + points == text
}

std::vector<std::string> Ids(const Document& doc) {
  std::vector<std::string> ids;
  for (const Point& point : doc.points) ids.push_back(point.id);
  return ids;
}

std::string WithLineEnding(std::string_view text, std::string_view ending) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += ending;
    } else {
      out += text[i];
    }
  }
  return out;
}

RC_GTEST_PROP(PointParserProperty, InvariantsHoldOnRandomTexts, ()) {
  const std::string text = *GenText();
  RC_PRE(ValidateUtf8(text).ok());
  CheckInvariants(text, ParsePoints(text));
}

RC_GTEST_PROP(PointParserProperty, LineEndingsDoNotChangeIds, ()) {
  const std::string text = *GenText();
  const std::vector<std::string> lf =
      Ids(ParsePoints(WithLineEnding(text, "\n")));
  RC_ASSERT(Ids(ParsePoints(WithLineEnding(text, "\r\n"))) == lf);
  RC_ASSERT(Ids(ParsePoints(WithLineEnding(text, "\r"))) == lf);
}

RC_GTEST_PROP(PointParserProperty, ReparsingAPointGivesTheSameSubtree, ()) {
  const std::string text = *GenText();
  const Document doc = ParsePoints(text);
  for (size_t i = 0; i < doc.points.size(); ++i) {
    const Point& point = doc.points[i];
    const std::string_view slice =
        std::string_view(text).substr(point.begin, point.end - point.begin);
    const Document part = ParsePoints(slice);
    if (part.points.empty() || part.points[0].begin != 0) {
      // Only a bare sub-number before a lower-case word ("2.1 within") needs
      // its parent to be read as a point.
      RC_ASSERT(point.number.find_first_not_of("0123456789.") ==
                std::string::npos);
      RC_ASSERT(point.number.back() != '.');
      continue;
    }
    RC_ASSERT(part.roots.size() == 1u);
    // The subtree: the same points, with ids relative to the point.
    size_t count = 1;
    for (size_t j = i + 1;
         j < doc.points.size() && doc.points[j].begin < point.end; ++j) {
      ++count;
    }
    RC_ASSERT(part.points.size() == count);
    const std::string& root_id = part.points[0].id;
    for (size_t k = 0; k < count; ++k) {
      const Point& original = doc.points[i + k];
      const Point& again = part.points[k];
      RC_ASSERT(again.number == original.number);
      RC_ASSERT(again.depth == original.depth - point.depth);
      RC_ASSERT(again.begin + point.begin == original.begin);
      RC_ASSERT(again.end + point.begin == original.end);
      if (original.id.find('~') == std::string::npos) {
        std::string expected = point.id;
        expected.append(again.id, root_id.size());
        RC_ASSERT(expected == original.id);
      }
    }
  }
}

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(REDLINE_SOURCE_DIR) + "/examples/" + name,
                   std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

RC_GTEST_PROP(PointParserProperty, InvariantsHoldOnMutatedExamples, ()) {
  static const std::vector<std::string> examples = {
      ReadExample("plan-mediator.txt"), ReadExample("plan-norland.txt"),
      ReadExample("plan-kestria.txt"), ReadExample("agreement-ru-v1.txt")};
  std::string text = *rc::gen::elementOf(examples);
  RC_PRE(!text.empty());
  // Mutations cut at code point boundaries, so the text stays UTF-8.
  const auto boundary = [&text](size_t pos) {
    while (pos < text.size() && (text[pos] & 0xC0) == 0x80) ++pos;
    return pos;
  };
  const int mutations = *rc::gen::inRange(1, 8);
  for (int m = 0; m < mutations; ++m) {
    const size_t at = boundary(*rc::gen::inRange<size_t>(0, text.size()));
    const size_t length = boundary(at + *rc::gen::inRange<size_t>(0, 200)) - at;
    switch (*rc::gen::inRange(0, 4)) {
      case 0:  // delete a range
        text.erase(at, length);
        break;
      case 1:  // duplicate a range
        text.insert(at, text.substr(at, length));
        break;
      case 2:  // insert a marker-like line
        text.insert(at, '\n' + *GenLine() + '\n');
        break;
      default:  // insert random characters
        text.insert(at, *rc::gen::container<std::string>(
                            *rc::gen::inRange<size_t>(0, 8),
                            rc::gen::elementOf(std::string(
                                "0123456789.()-*#\r\n\t abcivxAIV"))));
        break;
    }
  }
  RC_ASSERT(ValidateUtf8(text).ok());
  CheckInvariants(text, ParsePoints(text));
}

}  // namespace
}  // namespace redline
