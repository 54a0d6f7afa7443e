#include <iostream>

#include "cli/commands.h"
#include "redline/points.h"
#include "redline/points_format.h"

namespace redline {

int ReportError(const Status& status) {
  std::cerr << "redline: " << status.message() << '\n';
  return ExitCode(status);
}

Result<TwoTexts> ReadTwoTexts(const std::string& old_path,
                              const std::string& new_path,
                              const std::vector<std::string>& labels,
                              const TextLimits& limits) {
  if (old_path == "-" && new_path == "-") {
    return Status::Usage("only one of OLD and NEW can be standard input");
  }
  if (labels.size() > 2) {
    return Status::Usage("--label is given at most twice");
  }
  Result<InputText> old_text = ReadText(old_path, limits);
  if (!old_text.ok()) return old_text.status();
  Result<InputText> new_text = ReadText(new_path, limits);
  if (!new_text.ok()) return new_text.status();
  const auto label_of = [](const std::string& path) -> std::string {
    return path == "-" ? "<stdin>" : path;
  };
  TwoTexts texts;
  texts.old_text = std::move(*old_text);
  texts.new_text = std::move(*new_text);
  texts.old_label = !labels.empty() ? labels[0] : label_of(old_path);
  texts.new_label = labels.size() > 1 ? labels[1] : label_of(new_path);
  return texts;
}

int RunPoints(const PointsArgs& args) {
  if (args.format == "json" && args.files.size() != 1) {
    return ReportError(Status::Usage("--format json takes exactly one file"));
  }
  for (size_t i = 0; i < args.files.size(); ++i) {
    const std::string& file = args.files[i];
    Result<InputText> text = ReadText(file, args.limits);
    if (!text.ok()) return ReportError(text.status());
    const Document doc = ParsePoints(text->view());
    if (args.format == "json") {
      WritePointsJson(text->view(), doc, std::cout);
    } else {
      if (i > 0) std::cout << '\n';
      WritePointsText(file == "-" ? "<stdin>" : file, text->view(), doc,
                      std::cout);
    }
  }
  std::cout.flush();
  if (!std::cout) {
    return ReportError(Status::Internal("cannot write to standard output"));
  }
  return 0;
}

}  // namespace redline
