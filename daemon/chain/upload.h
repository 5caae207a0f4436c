/* The store's journal to HQ (chain/hq.sql): what HQ lacks, in order, in batches. */
#ifndef POSD_UPLOAD_H
#define POSD_UPLOAD_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pool;
struct journal_sync;
struct catalogue_mark;

/* Where the store's journal stands with HQ (journal_sync_get) on a handle of the pool
 * held only for the reading; why in err on failure. */
int upload_sync_get(struct pool *pool, struct journal_sync *ret, char *err, size_t errsize);

/* The next batch as JSON text, as hq.ingest (or hq.catalogue) takes it: at most batch
 * journal entries after `at`, or (catalogue) products changed after the mark HQ has, and
 * the mark after them in *mark; how many (0, *ret NULL: nothing waits). Read on a handle
 * held only for the reading. */
int upload_batch(struct pool *pool, int64_t at, bool catalogue, int batch, char **ret, struct catalogue_mark *mark,
                 char *err, size_t errsize);

/* One pass, signed in to HQ with the store's own role: HQ's cursor first (a batch HQ
 * committed before the store could note it is not sent again), then batches of at most `batch` entries through hq.ingest(), each
 * with its document's rows, until HQ holds the whole journal. The store notes what HQ
 * holds only after HQ committed it. A store handle is held only to read a batch or note
 * one, never while HQ is asked. Returns how many entries HQ took; -EIO when HQ
 * could not be reached or refused a batch (why in err), or a store error. */
int upload_pass(struct pool *pool, PGconn *hq, int batch, char *err, size_t errsize);

#endif
