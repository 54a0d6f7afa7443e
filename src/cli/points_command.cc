#include <iostream>

#include "cli/commands.h"
#include "redline/points.h"
#include "redline/points_format.h"

namespace redline {

int ReportError(const Status& status) {
  std::cerr << "redline: " << status.message() << '\n';
  return ExitCode(status);
}

int RunPoints(const PointsArgs& args) {
  if (args.format == "json" && args.files.size() != 1) {
    return ReportError(Status::Usage("--format json takes exactly one file"));
  }
  for (size_t i = 0; i < args.files.size(); ++i) {
    const std::string& file = args.files[i];
    Result<std::string> text = ReadText(file, args.limits);
    if (!text.ok()) return ReportError(text.status());
    const Document doc = ParsePoints(*text);
    if (args.format == "json") {
      WritePointsJson(*text, doc, std::cout);
    } else {
      if (i > 0) std::cout << '\n';
      WritePointsText(file == "-" ? "<stdin>" : file, *text, doc, std::cout);
    }
  }
  std::cout.flush();
  if (!std::cout) {
    return ReportError(Status::Internal("cannot write to standard output"));
  }
  return 0;
}

}  // namespace redline
