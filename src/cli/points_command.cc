#include <sys/stat.h>

#include <exception>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "redline/points.h"
#include "redline/points_format.h"

namespace redline {

int ReportError(const Status& status) {
  std::cerr << "redline: " << status.message() << '\n';
  return ExitCode(status);
}

namespace {

// Below this many bytes together, reading the second text on a thread of
// its own costs more than it saves.
constexpr int64_t kParallelReadMinBytes = 256 << 10;

int64_t FileSize(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_size : 0;
}

}  // namespace

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
  // Reading is mostly checking the UTF-8: long texts are read side by side.
  std::optional<Result<InputText>> new_text;
  std::exception_ptr failure;
  std::thread worker;
  if (old_path != "-" && new_path != "-" &&
      FileSize(old_path) + FileSize(new_path) >= kParallelReadMinBytes) {
    worker = std::thread([&] {
      try {
        new_text.emplace(ReadText(new_path, limits));
      } catch (...) {
        failure = std::current_exception();
      }
    });
  }
  Result<InputText> old_text = ReadText(old_path, limits);
  if (worker.joinable()) {
    worker.join();
    if (failure) std::rethrow_exception(failure);
  } else {
    new_text.emplace(ReadText(new_path, limits));
  }
  if (!old_text.ok()) return old_text.status();
  if (!new_text->ok()) return new_text->status();
  const auto label_of = [](const std::string& path) -> std::string {
    return path == "-" ? "<stdin>" : path;
  };
  TwoTexts texts;
  texts.old_text = std::move(*old_text);
  texts.new_text = std::move(**new_text);
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
