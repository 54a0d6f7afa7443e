// How the commands find and open the store, and read a text that may be a
// file or a stored version. Private to src/cli.

#ifndef REDLINE_CLI_STORE_ACCESS_H_
#define REDLINE_CLI_STORE_ACCESS_H_

#include <memory>
#include <string>

#include "redline/status.h"
#include "redline/store.h"
#include "redline/text.h"

namespace redline {

// --db and --negotiation, as every record command takes them.
struct StoreArgs {
  std::string db;           // a path or a postgresql:// URL; "" to search
  std::string negotiation;  // "" for the only one
};

// The location of the store: --db, or else .redline/redline.db in the
// current directory or the nearest parent that has a .redline/ directory.
// kNotFound when there is none.
Result<std::string> FindStoreLocation(const StoreArgs& args);

// Opens the store FindStoreLocation finds (not creating it).
Result<std::unique_ptr<Store>> OpenFoundStore(const StoreArgs& args);

// The time now, UTC, ISO 8601 to the second. REDLINE_NOW overrides it (for
// tests and replays of a record).
std::string Now();

// Who is recording: REDLINE_USER, else USER, else "unknown".
std::string CurrentUser();

// A text for diff, align or synopsis: the file at `reference` when it
// exists ("-" is standard input), else a stored version (an exact label,
// then a unique id prefix) of the negotiation in the store that
// FindStoreLocation finds. *label is the file name or the version's label.
Result<InputText> ReadTextOrVersion(const std::string& reference,
                                    const StoreArgs& store,
                                    const TextLimits& limits,
                                    std::string* label);

}  // namespace redline

#endif  // REDLINE_CLI_STORE_ACCESS_H_
