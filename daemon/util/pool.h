/* A fixed set of store connections shared by the request threads: SQLite connections
 * are not shared between threads at once, and opening one per request would waste
 * the prepared statements each keeps. */
#ifndef POSD_POOL_H
#define POSD_POOL_H

#include "ledger/ledger.h"

struct pool;

int pool_new(const char *db_path, unsigned size, struct pool **ret, struct ledger_error *err);
struct pool *pool_free(struct pool *p);

/* A connection, waiting at most timeout_ms for one; NULL if none came free. */
struct ledger *pool_get(struct pool *p, int timeout_ms);
void pool_put(struct pool *p, struct ledger *l);
/* How many of the pool's handles wait for the write turn, which they take in the order
 * they asked (ledger_set_writer). */
unsigned pool_writers_waiting(struct pool *p);
/* Wait until every commit made so far through the pool is on the disk, syncing the WAL
 * through l (one of the pool's handles) if no other writer is: before an answer or a
 * receipt built from what a handle read goes out. Commits call it themselves. A failed
 * fsync stops the process: what others saw cannot be taken back. */
void pool_sync(struct pool *p, struct ledger *l);

#endif
