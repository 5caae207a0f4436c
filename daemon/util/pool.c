/* The connection pool. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cond.h"
#include "log.h"
#include "pool.h"

#define POOL_MAX 64
#define WRITER_WAIT_MS 5000 /* as long as SQLite's busy timeout: then STORE_BUSY */
#define CHECKPOINT_EVERY_MS 200

/* One waiting writer, on its thread's stack. */
struct waiter {
        struct waiter *next;
};

struct pool {
        pthread_mutex_t lock;
        pthread_cond_t freed;
        unsigned size, nfree;
        struct ledger *all[POOL_MAX];
        struct ledger *free[POOL_MAX];
        /* the write turn of the pool's handles: taken in the order asked for, so that a
         * long run of batches (an import) lets in every till that queued meanwhile */
        pthread_mutex_t turn_lock;
        pthread_cond_t turn_free;
        bool writing;
        struct waiter *head, *tail;
        unsigned waiting;
        /* commits whose turn was given back: every one of them is in the WAL file; and a
         * commit under way, which others may read already */
        uint64_t turns;
        bool committing;
        /* Group commit: commits are written with no fsync, and each durable one waits
         * until an fsync begun after it ends. One writer syncs at a time; those who
         * committed meanwhile wait for it, then one of them syncs for them all. */
        pthread_mutex_t sync_lock;
        pthread_cond_t sync_done;
        uint64_t synced; /* turns whose commits are on the disk */
        bool syncing;
        /* the WAL is copied into the store by a thread of its own, so that no commit of
         * a till pays for it (SQLite's own checkpoints run inside a COMMIT, all of it) */
        struct ledger *copier;
        pthread_t copier_thread;
        pthread_cond_t stop_copier;
        bool copying, stopping;
};

/* The turn, in the order asked, within timeout_ms: 0, or -EBUSY. Counted: a handle's
 * writer (pool_writers_waiting), not the WAL's copier. */
static int turn_wait(struct pool *p, int timeout_ms, bool counted)
{
        struct waiter me = { NULL };
        struct timespec until;
        int r = 0;

        cond_deadline(&until, timeout_ms);
        pthread_mutex_lock(&p->turn_lock);
        if (p->tail)
                p->tail->next = &me;
        else
                p->head = &me;
        p->tail = &me;
        p->waiting += counted;
        while (r == 0 && (p->writing || p->head != &me))
                r = cond_wait_until(&p->turn_free, &p->turn_lock, &until);
        if (r != 0 && (p->writing || p->head != &me)) {
                struct waiter **w = &p->head, *prev = NULL;
                while (*w != &me) {
                        prev = *w;
                        w = &(*w)->next;
                }
                *w = me.next;
                if (p->tail == &me)
                        p->tail = prev;
                p->waiting -= counted;
                pthread_cond_broadcast(&p->turn_free); /* the one behind may be first now */
                pthread_mutex_unlock(&p->turn_lock);
                return -EBUSY;
        }
        p->head = me.next;
        if (!p->head)
                p->tail = NULL;
        p->waiting -= counted;
        p->writing = true;
        pthread_mutex_unlock(&p->turn_lock);
        return 0;
}

static int turn_take(void *ud) { return turn_wait(ud, WRITER_WAIT_MS, true); }

static void turn_give(void *ud)
{
        struct pool *p = ud;

        pthread_mutex_lock(&p->turn_lock);
        p->writing = false;
        p->turns += p->committing;
        p->committing = false;
        pthread_cond_broadcast(&p->turn_free);
        pthread_mutex_unlock(&p->turn_lock);
}

static void turn_committing(void *ud)
{
        struct pool *p = ud;

        pthread_mutex_lock(&p->turn_lock);
        p->committing = true;
        pthread_mutex_unlock(&p->turn_lock);
}

/* The commits made so far, once in the WAL file: one others may read already, though
 * its COMMIT has not returned, is waited for. */
static uint64_t commits_written(struct pool *p)
{
        uint64_t n;

        pthread_mutex_lock(&p->turn_lock);
        n = p->turns + p->committing;
        while (p->turns < n)
                pthread_cond_wait(&p->turn_free, &p->turn_lock);
        pthread_mutex_unlock(&p->turn_lock);
        return n;
}

void pool_sync(struct pool *p, struct ledger *l)
{
        uint64_t want = commits_written(p), upto;

        pthread_mutex_lock(&p->sync_lock);
        while (p->synced < want) {
                if (p->syncing) {
                        pthread_cond_wait(&p->sync_done, &p->sync_lock);
                        continue;
                }
                p->syncing = true;
                upto = commits_written(p);
                pthread_mutex_unlock(&p->sync_lock);
                if (ledger_sync_wal(l) < 0) {
                        /* Others may have read these commits, and Linux may have dropped
                         * the pages it could not write while keeping them readable: no
                         * answer may go out now. Stop; on the next start SQLite reads
                         * what the disk holds. */
                        log_err("the store's disk failed to save (%s): posd stops, so that nothing unsaved is "
                                "taken for saved", ledger_errmsg(l));
                        _exit(EXIT_FAILURE);
                }
                pthread_mutex_lock(&p->sync_lock);
                p->syncing = false;
                if (upto > p->synced)
                        p->synced = upto;
                pthread_cond_broadcast(&p->sync_done);
        }
        pthread_mutex_unlock(&p->sync_lock);
}

static int sync_commits(void *ud, struct ledger *l)
{
        pool_sync(ud, l);
        return 0;
}

static void *copy_wal(void *arg)
{
        struct pool *p = arg;
        struct timespec until;

        pthread_mutex_lock(&p->lock);
        while (!p->stopping) {
                cond_deadline(&until, CHECKPOINT_EVERY_MS);
                while (!p->stopping && cond_wait_until(&p->stop_copier, &p->lock, &until) != ETIMEDOUT)
                        ;
                if (p->stopping)
                        break;
                pthread_mutex_unlock(&p->lock);
                /* Most of it beside the writers; then the rest, new since, in a turn of
                 * its own: the WAL starts again from its beginning only once all of it is
                 * in the store, and with commits coming all the time it never would be.
                 * One that fails is tried again. */
                (void)ledger_checkpoint(p->copier, false);
                if (turn_wait(p, CHECKPOINT_EVERY_MS, false) == 0) {
                        (void)ledger_checkpoint(p->copier, false);
                        turn_give(p);
                }
                pthread_mutex_lock(&p->lock);
        }
        pthread_mutex_unlock(&p->lock);
        return NULL;
}

int pool_new(const char *db_path, unsigned size, struct pool **ret, struct ledger_error *err)
{
        struct pool *p;
        int r;

        if (size == 0 || size > POOL_MAX)
                return -EINVAL;
        if (!(p = calloc(1, sizeof(*p))))
                return -ENOMEM;
        pthread_mutex_init(&p->lock, NULL);
        cond_init_monotonic(&p->freed); /* deadlines a wall-clock change cannot move */
        pthread_mutex_init(&p->turn_lock, NULL);
        cond_init_monotonic(&p->turn_free);
        pthread_mutex_init(&p->sync_lock, NULL);
        pthread_cond_init(&p->sync_done, NULL);
        cond_init_monotonic(&p->stop_copier);
        for (p->size = 0; p->size < size; p->size++) {
                /* the first one upgrades the store; the others find it ready */
                if ((r = ledger_open(db_path, 0, &p->all[p->size], err)) < 0) {
                        pool_free(p);
                        return r;
                }
                ledger_set_writer(p->all[p->size],
                                  &(struct ledger_writer){ turn_take, turn_committing, turn_give, sync_commits, p });
                ledger_set_autocheckpoint(p->all[p->size], 0);
                p->free[p->nfree++] = p->all[p->size];
        }
        if ((r = ledger_open(db_path, 0, &p->copier, err)) < 0) {
                pool_free(p);
                return r;
        }
        /* What the WAL holds goes into the store, synced, before anything is served: after
         * a failed fsync stopped posd, the page cache may still show commits the disk never
         * got, which Linux will not try to write again. Another process reading the store
         * may keep it from being whole: what it read, it synced itself. */
        if ((r = ledger_checkpoint(p->copier, true)) < 0 && r != -EBUSY) {
                if (err) {
                        err->num = r;
                        snprintf(err->code, sizeof(err->code), "%s", ledger_errcode(p->copier));
                        snprintf(err->msg, sizeof(err->msg), "%s", ledger_errmsg(p->copier));
                }
                pool_free(p);
                return r;
        }
        if ((r = -pthread_create(&p->copier_thread, NULL, copy_wal, p)) < 0) {
                pool_free(p);
                return r;
        }
        p->copying = true;
        *ret = p;
        return 0;
}

struct pool *pool_free(struct pool *p)
{
        if (!p)
                return NULL;
        if (p->copying) {
                pthread_mutex_lock(&p->lock);
                p->stopping = true;
                pthread_cond_signal(&p->stop_copier);
                pthread_mutex_unlock(&p->lock);
                pthread_join(p->copier_thread, NULL);
        }
        ledger_close(p->copier);
        for (unsigned i = 0; i < p->size; i++)
                ledger_close(p->all[i]);
        pthread_cond_destroy(&p->freed);
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->turn_free);
        pthread_mutex_destroy(&p->turn_lock);
        pthread_cond_destroy(&p->stop_copier);
        pthread_cond_destroy(&p->sync_done);
        pthread_mutex_destroy(&p->sync_lock);
        free(p);
        return NULL;
}

struct ledger *pool_get(struct pool *p, int timeout_ms)
{
        struct ledger *l = NULL;
        struct timespec until;

        cond_deadline(&until, timeout_ms);
        pthread_mutex_lock(&p->lock);
        while (p->nfree == 0)
                if (cond_wait_until(&p->freed, &p->lock, &until) == ETIMEDOUT)
                        break;
        if (p->nfree)
                l = p->free[--p->nfree];
        pthread_mutex_unlock(&p->lock);
        return l;
}

void pool_put(struct pool *p, struct ledger *l)
{
        if (!l)
                return;
        ledger_reset(l); /* never hand on an open transaction */
        pthread_mutex_lock(&p->lock);
        p->free[p->nfree++] = l;
        pthread_cond_signal(&p->freed);
        pthread_mutex_unlock(&p->lock);
}

unsigned pool_writers_waiting(struct pool *p)
{
        unsigned n;

        pthread_mutex_lock(&p->turn_lock);
        n = p->waiting;
        pthread_mutex_unlock(&p->turn_lock);
        return n;
}
