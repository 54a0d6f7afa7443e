// The PostgreSQL store's schema (docs/store.md), its migrations and the
// write lock that makes writers queue as in SQLite. Private to src/store.
//
// Thread-safety: the functions are thread-safe; the connection is not.

#ifndef REDLINE_STORE_POSTGRES_SCHEMA_H_
#define REDLINE_STORE_POSTGRES_SCHEMA_H_

#include "redline/status.h"
#include "store/pg_connection.h"

namespace redline {

// Begins a write transaction on `conn`: BEGIN, a lock timeout of
// `busy_timeout_ms`, and the transaction-level advisory lock every writer of
// the database takes. kBusy when another writer holds the lock longer than
// that (at once when `busy_timeout_ms` <= 0); kStorage when the database
// fails. On failure no transaction is left open.
// The kBusy message is the SQLite store's: "the store is busy: another
// redline is writing to it; retry".
Status BeginPostgresWrite(PgConnection& conn, int busy_timeout_ms);

// Brings the schema of `conn`'s database to kSchemaVersion, applying the
// missing migrations in one write transaction (nothing to do, and no lock
// taken, when it is current). kStorage "<store> was written by a newer
// redline (schema N, this build knows M)" when the database holds a newer
// schema, and then changes nothing; kBusy or kStorage as BeginPostgresWrite.
// Messages start with the store's name (conn.describe()).
Status MigratePostgresSchema(PgConnection& conn, int busy_timeout_ms);

}  // namespace redline

#endif  // REDLINE_STORE_POSTGRES_SCHEMA_H_
