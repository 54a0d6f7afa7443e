#include <charconv>
#include <iostream>

#include "cli/commands.h"
#include "fmt/format.h"
#include "redline/align_format.h"
#include "redline/points.h"
#include "redline/synopsis.h"

namespace redline {

namespace {

// The version --base names: an exact label first, then a 1-based position.
Result<int> FindBase(const std::string& base,
                     const std::vector<VersionText>& versions) {
  if (base.empty()) return 0;
  for (size_t v = 0; v < versions.size(); ++v) {
    if (versions[v].label == base) return static_cast<int>(v);
  }
  int position = 0;
  const auto [rest, error] =
      std::from_chars(base.data(), base.data() + base.size(), position);
  if (error == std::errc() && rest == base.data() + base.size() &&
      position >= 1 && position <= static_cast<int>(versions.size())) {
    return position - 1;
  }
  std::string labels;
  for (const VersionText& version : versions) {
    labels += labels.empty() ? "" : ", ";
    labels += version.label;
  }
  return Status::Usage(fmt::format(
      "--base {}: no version has that label, and it is not a position from "
      "1 to {} (labels: {})",
      base, versions.size(), labels));
}

}  // namespace

int RunSynopsis(const SynopsisArgs& args) {
  const size_t k = args.files.size();
  if (k < 2 || k > static_cast<size_t>(kMaxSynopsisVersions)) {
    return ReportError(Status::Usage(fmt::format(
        "a synopsis takes 2 to {} versions, not {}", kMaxSynopsisVersions, k)));
  }
  if (args.labels.size() > k) {
    return ReportError(Status::Usage(fmt::format(
        "--label is given {} times for {} versions", args.labels.size(), k)));
  }
  size_t from_stdin = 0;
  for (const std::string& file : args.files) from_stdin += file == "-";
  if (from_stdin > 1) {
    return ReportError(
        Status::Usage("only one version can be read from standard input"));
  }
  std::vector<InputText> texts;
  std::vector<std::string> found_labels(k);
  texts.reserve(k);
  for (size_t v = 0; v < k; ++v) {
    Result<InputText> text = ReadTextOrVersion(args.files[v], args.store,
                                               args.limits, &found_labels[v]);
    if (!text.ok()) return ReportError(text.status());
    texts.push_back(std::move(*text));
  }
  std::vector<Document> docs;
  docs.reserve(k);
  std::vector<VersionText> versions;
  for (size_t v = 0; v < k; ++v) {
    docs.push_back(ParsePoints(texts[v].view()));
    std::string label =
        v < args.labels.size() ? args.labels[v] : found_labels[v];
    versions.push_back(VersionText{std::move(label), texts[v].view(), nullptr});
  }
  for (size_t v = 0; v < k; ++v) versions[v].doc = &docs[v];
  const Result<int> base = FindBase(args.base, versions);
  if (!base.ok()) return ReportError(base.status());

  const Synopsis synopsis = BuildSynopsis(versions, *base);
  if (args.format == "json") {
    WriteSynopsisJson(versions, synopsis, std::cout);
  } else if (args.format == "html") {
    WriteSynopsisHtml(versions, synopsis, std::cout);
  } else if (args.format == "md") {
    WriteSynopsisMarkdown(versions, synopsis, std::cout);
  } else {
    DiffRenderOptions render;
    render.color = UseColor(args.color);
    WriteSynopsisText(versions, synopsis, render, std::cout);
  }
  std::cout.flush();
  if (!std::cout) {
    return ReportError(Status::Internal("cannot write to standard output"));
  }
  for (const SynopsisRow& row : synopsis.rows) {
    for (const SynopsisCell& cell : row.cells) {
      if (cell.points.empty() || cell.relation != Relation::kSame) return 1;
    }
  }
  return 0;
}

}  // namespace redline
