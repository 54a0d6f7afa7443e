// The SQLite backend of the store (store.h): one file, the embedded
// default. Private to src/store: OpenStore picks it for a path.

#ifndef REDLINE_STORE_SQLITE_STORE_H_
#define REDLINE_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "redline/store.h"

namespace redline {

// Opens (or, with options.create, creates) the SQLite file at `path`,
// creates or migrates the schema (docs/store.md) and returns the store.
// kNotFound when the file does not exist and options.create is false;
// kStorage when it cannot be opened or written (a read-only file, a
// directory that does not exist) or holds a newer schema.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOptions& options);

}  // namespace redline

#endif  // REDLINE_STORE_SQLITE_STORE_H_
