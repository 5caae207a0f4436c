/* posd's uploader: a thread of its own that sends the store's journal to HQ ([hq] in
 * posd.conf) and applies HQ's changes every few seconds, reconnecting and backing off
 * while HQ cannot be reached; and, on the store's own clock, sets the prices HQ planned
 * when they are due. The till never waits for it: it holds a store handle only to read
 * a batch, apply one, or note what HQ took. */
#ifndef POSD_UPLOADER_H
#define POSD_UPLOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct pool;
struct uploader;

/* What the uploader last knew, for health and the back office. */
struct sync_state {
        char hq[CONFIG_NAME_MAX * 9];   /* role@host:port/database */
        bool connected;                 /* signed in to HQ after the last try */
        int64_t last_try_ms, last_ok_ms; /* wall clock; 0: not yet */
        int64_t next_try_ms;
        int64_t taken;                  /* entries HQ took from this posd since it started */
        int failures;                   /* tries failed in a row */
        int refused;                    /* HQ's changes the store refused since it started */
        char error[256];                /* why the last try failed; "" when it worked */
};

/* Check the credentials file (a libpq password file: a regular file of posd's user that
 * no one else may read) and start the thread. -EPERM or -ENOENT with why in err when the
 * file will not do; -EAGAIN when there is no thread to be had. */
int uploader_start(const struct hq_config *c, struct pool *pool, struct uploader **ret, char *err, size_t errsize);
void uploader_state(struct uploader *u, struct sync_state *ret);
/* Stop the thread: a pass in flight ends at its next step (HQ's answer or its timeout,
 * at most HQ_TIMEOUT_S, connect.h). NULL is fine; returns NULL. */
struct uploader *uploader_stop(struct uploader *u);

#endif
