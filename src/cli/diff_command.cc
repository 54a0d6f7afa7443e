#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "redline/diff_format.h"

namespace redline {

namespace {

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr &&
         (term == nullptr || std::string(term) != "dumb");
}

std::string LabelOf(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

}  // namespace

int RunDiff(const DiffArgs& args) {
  if (args.old_path == "-" && args.new_path == "-") {
    return ReportError(
        Status::Usage("only one of OLD and NEW can be standard input"));
  }
  if (args.labels.size() > 2) {
    return ReportError(Status::Usage("--label is given at most twice"));
  }
  Result<std::string> old_text = ReadText(args.old_path, args.limits);
  if (!old_text.ok()) return ReportError(old_text.status());
  Result<std::string> new_text = ReadText(args.new_path, args.limits);
  if (!new_text.ok()) return ReportError(new_text.status());

  const Redline redline = Compare(*old_text, *new_text, args.options);
  DiffInput input;
  input.old_text = *old_text;
  input.new_text = *new_text;
  input.old_label =
      !args.labels.empty() ? args.labels[0] : LabelOf(args.old_path);
  input.new_label =
      args.labels.size() > 1 ? args.labels[1] : LabelOf(args.new_path);
  DiffRenderOptions render;
  render.color = UseColor(args.color);
  render.context = args.context;
  if (args.format == "json") {
    WriteDiffJson(input, redline, std::cout);
  } else if (args.format == "html") {
    WriteDiffHtml(input, redline, std::cout);
  } else if (args.format == "md") {
    WriteDiffMarkdown(input, redline, render, std::cout);
  } else {
    WriteDiffText(input, redline, render, std::cout);
  }
  std::cout.flush();
  if (!std::cout) {
    return ReportError(Status::Internal("cannot write to standard output"));
  }
  return redline.same() ? 0 : 1;
}

}  // namespace redline
