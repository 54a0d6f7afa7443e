// The PostgreSQL backend of the store (store.h), over libpq. Private to
// src/store: OpenStore picks it for a postgresql:// URL.

#ifndef REDLINE_STORE_POSTGRES_STORE_H_
#define REDLINE_STORE_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "redline/store.h"

namespace redline {

// Connects to the database at `url` (a libpq connection URI), creates or
// migrates the schema (docs/store.md) and returns the store. kStorage when
// the server cannot be reached or refuses (the message names the server,
// never the password); kStorage for a schema newer than kSchemaVersion.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const StoreOptions& options);

}  // namespace redline

#endif  // REDLINE_STORE_POSTGRES_STORE_H_
