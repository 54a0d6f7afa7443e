#include <sys/stat.h>

#include <exception>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/store_access.h"
#include "redline/points.h"
#include "redline/points_format.h"
#include "util/parallel.h"

namespace redline {

int ReportError(const Status& status) {
  std::cerr << "redline: " << status.message() << '\n';
  return ExitCode(status);
}

namespace {

// Below this many bytes together, reading the second text on a thread of
// its own costs more than it saves.
constexpr int64_t kParallelReadMinBytes = 256 << 10;

// The size of a regular file, or -1 when `path` is not one.
int64_t FileSize(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)
             ? info.st_size
             : -1;
}

}  // namespace

Result<TwoTexts> ReadTwoTexts(const std::string& old_path,
                              const std::string& new_path,
                              const std::vector<std::string>& labels,
                              const StoreArgs& store,
                              const TextLimits& limits) {
  if (old_path == "-" && new_path == "-") {
    return Status::Usage("only one of OLD and NEW can be standard input");
  }
  if (labels.size() > 2) {
    return Status::Usage("--label is given at most twice");
  }
  // Reading is mostly checking the UTF-8: two long files are read side by
  // side. A reference that is no file is a stored version.
  std::string old_label, new_label;
  std::optional<Result<InputText>> old_text, new_text;
  const int64_t old_size = FileSize(old_path);
  const int64_t new_size = FileSize(new_path);
  if (old_size >= 0 && new_size >= 0 &&
      old_size + new_size >= kParallelReadMinBytes) {
    new_label = new_path;
    RunInParallel([&] { new_text.emplace(ReadText(new_path, limits)); },
                  [&] {
                    old_text.emplace(
                        ReadTextOrVersion(old_path, store, limits, &old_label));
                  });
  } else {
    old_text.emplace(ReadTextOrVersion(old_path, store, limits, &old_label));
    new_text.emplace(ReadTextOrVersion(new_path, store, limits, &new_label));
  }
  if (!old_text->ok()) return old_text->status();
  if (!new_text->ok()) return new_text->status();
  TwoTexts texts;
  texts.old_text = std::move(**old_text);
  texts.new_text = std::move(**new_text);
  texts.old_label = !labels.empty() ? labels[0] : old_label;
  texts.new_label = labels.size() > 1 ? labels[1] : new_label;
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
