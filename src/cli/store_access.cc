#include "cli/store_access.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "fmt/format.h"
#include "redline/record.h"
#include "util/utc_time.h"

namespace redline {

namespace {

bool IsDirectory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool Exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

}  // namespace

Result<std::string> FindStoreLocation(const StoreArgs& args) {
  if (!args.db.empty()) return args.db;
  char buffer[4096];
  if (::getcwd(buffer, sizeof buffer) == nullptr) {
    return Status::Storage("cannot read the current directory");
  }
  for (std::string dir = buffer;;) {
    if (IsDirectory(dir + "/.redline")) return dir + "/.redline/redline.db";
    if (dir.empty() || dir == "/") break;
    const size_t slash = dir.rfind('/');
    dir = slash == 0 ? "/" : dir.substr(0, slash);
  }
  return Status::NotFound(
      "no store: no .redline/ here or in a parent directory (run redline "
      "init, or give --db)");
}

Result<std::unique_ptr<Store>> OpenFoundStore(const StoreArgs& args) {
  Result<std::string> location = FindStoreLocation(args);
  if (!location.ok()) return location.status();
  return OpenStore(*location, StoreOptions());
}

std::string Now() {
  const char* fixed = std::getenv("REDLINE_NOW");
  if (fixed != nullptr && *fixed != '\0') return fixed;
  return UtcNow();
}

std::string CurrentUser() {
  for (const char* name : {"REDLINE_USER", "USER"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return "unknown";
}

Result<InputText> ReadTextOrVersion(const std::string& reference,
                                    const StoreArgs& store,
                                    const TextLimits& limits,
                                    std::string* label) {
  if (reference == "-" || Exists(reference)) {
    *label = reference == "-" ? "<stdin>" : reference;
    return ReadText(reference, limits);
  }
  Result<std::string> location = FindStoreLocation(store);
  if (!location.ok()) {
    return Status::NotFound(fmt::format(
        "{}: cannot open: No such file or directory (and there is no store "
        "to look for a version of that name)",
        reference));
  }
  Result<std::unique_ptr<Store>> opened = OpenStore(*location, StoreOptions());
  if (!opened.ok()) return opened.status();
  std::string text;
  const Status status =
      (*opened)->Transact(false, [&](Transaction& txn) -> Status {
        Result<Negotiation> negotiation =
            FindNegotiation(txn, store.negotiation);
        if (!negotiation.ok()) return negotiation.status();
        Result<Version> version =
            ResolveVersion(txn, negotiation->id, reference);
        if (!version.ok()) {
          return Status::NotFound(fmt::format(
              "{}: cannot open: No such file or directory (nor is it a "
              "stored version: {})",
              reference, version.status().message()));
        }
        *label = version->label;
        text = std::move(version->text);
        return Status::Ok();
      });
  if (!status.ok()) return status;
  return InputText(std::move(text));
}

}  // namespace redline
