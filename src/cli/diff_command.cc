#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "redline/diff_format.h"

namespace redline {

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr &&
         (term == nullptr || std::string(term) != "dumb");
}

int RunDiff(const DiffArgs& args) {
  Result<TwoTexts> texts = ReadTwoTexts(args.old_path, args.new_path,
                                        args.labels, args.store, args.limits);
  if (!texts.ok()) return ReportError(texts.status());

  const Redline redline =
      Compare(texts->old_text.view(), texts->new_text.view(), args.options);
  DiffInput input;
  input.old_text = texts->old_text.view();
  input.new_text = texts->new_text.view();
  input.old_label = texts->old_label;
  input.new_label = texts->new_label;
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
