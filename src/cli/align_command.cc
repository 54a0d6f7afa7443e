#include <iostream>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "redline/align.h"
#include "redline/diff_format.h"
#include "redline/points.h"

namespace redline {

namespace {

// A JSON string literal of valid UTF-8 `text`.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string IdList(const Document& doc, const std::vector<int>& points) {
  std::string out = "[";
  for (size_t k = 0; k < points.size(); ++k) {
    if (k > 0) out += ", ";
    out += Quote(doc.points[points[k]].id);
  }
  return out + "]";
}

std::vector<int> AllPoints(const Document& doc) {
  std::vector<int> all(doc.points.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return all;
}

// The own texts of `points`, one after another.
std::string OwnTexts(std::string_view text, const Document& doc,
                     const std::vector<int>& points) {
  std::string out;
  for (int p : points) {
    out += OwnText(text, doc.points[p]);
  }
  return out;
}

struct Side {
  std::string_view text;
  const Document* doc;
  std::string label;
};

void WriteJson(const Side& old_side, const Side& new_side,
               const Alignment& alignment, std::ostream& out) {
  out << "{\"old\": {\"label\": " << Quote(old_side.label)
      << ", \"points\": " << IdList(*old_side.doc, AllPoints(*old_side.doc))
      << "},\n \"new\": {\"label\": " << Quote(new_side.label)
      << ", \"points\": " << IdList(*new_side.doc, AllPoints(*new_side.doc))
      << "},\n \"pairs\": [";
  for (size_t k = 0; k < alignment.pairs.size(); ++k) {
    const AlignedPair& pair = alignment.pairs[k];
    const std::string old_own =
        OwnTexts(old_side.text, *old_side.doc, pair.old_points);
    const std::string new_own =
        OwnTexts(new_side.text, *new_side.doc, pair.new_points);
    DiffInput input;
    input.old_text = old_own;
    input.new_text = new_own;
    std::ostringstream diff;
    WriteDiffJson(input, Compare(old_own, new_own), diff);
    std::string diff_json = diff.str();
    while (!diff_json.empty() && diff_json.back() == '\n') diff_json.pop_back();
    char similarity[32];
    std::snprintf(similarity, sizeof similarity, "%.4g", pair.similarity);
    out << (k > 0 ? ",\n  " : "\n  ")
        << "{\"old\": " << IdList(*old_side.doc, pair.old_points)
        << ", \"new\": " << IdList(*new_side.doc, pair.new_points)
        << ", \"relation\": \"" << RelationName(pair.relation)
        << "\", \"renumbered\": " << (pair.renumbered ? "true" : "false")
        << ", \"moved\": " << (pair.moved ? "true" : "false")
        << ", \"similarity\": " << similarity << ", \"diff\": " << diff_json
        << "}";
  }
  out << "]}\n";
}

std::string IdText(const Document& doc, const std::vector<int>& points) {
  if (points.empty()) return "-";
  std::string out;
  for (size_t k = 0; k < points.size(); ++k) {
    if (k > 0) out += ", ";
    out += doc.points[points[k]].id;
  }
  return out;
}

void WriteText(const Side& old_side, const Side& new_side,
               const Alignment& alignment, std::ostream& out) {
  out << old_side.label << " \u2192 " << new_side.label << '\n';
  for (const AlignedPair& pair : alignment.pairs) {
    char similarity[32];
    std::snprintf(similarity, sizeof similarity, "%.2f", pair.similarity);
    out << IdText(*old_side.doc, pair.old_points) << " \u2192 "
        << IdText(*new_side.doc, pair.new_points) << "  "
        << RelationName(pair.relation)
        << (pair.renumbered ? "  renumbered" : "")
        << (pair.moved ? "  moved" : "") << "  " << similarity << '\n';
  }
}

}  // namespace

int RunAlign(const AlignArgs& args) {
  Result<TwoTexts> texts =
      ReadTwoTexts(args.old_path, args.new_path, args.labels, args.limits);
  if (!texts.ok()) return ReportError(texts.status());

  const Document old_doc = ParsePoints(texts->old_text.view());
  const Document new_doc = ParsePoints(texts->new_text.view());
  const Alignment alignment = AlignPoints(texts->old_text.view(), old_doc,
                                          texts->new_text.view(), new_doc);
  const Side old_side{texts->old_text.view(), &old_doc, texts->old_label};
  const Side new_side{texts->new_text.view(), &new_doc, texts->new_label};
  if (args.format == "json") {
    WriteJson(old_side, new_side, alignment, std::cout);
  } else {
    WriteText(old_side, new_side, alignment, std::cout);
  }
  std::cout.flush();
  if (!std::cout) {
    return ReportError(Status::Internal("cannot write to standard output"));
  }
  for (const AlignedPair& pair : alignment.pairs) {
    if (pair.relation != Relation::kSame) return 1;
  }
  return 0;
}

}  // namespace redline
