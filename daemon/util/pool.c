/* The connection pool. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "cond.h"
#include "pool.h"

#define POOL_MAX 64

struct pool {
        pthread_mutex_t lock;
        pthread_cond_t freed;
        unsigned size, nfree;
        struct ledger *all[POOL_MAX];
        struct ledger *free[POOL_MAX];
};

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
        for (p->size = 0; p->size < size; p->size++) {
                /* the first one upgrades the store; the others find it ready */
                if ((r = ledger_open(db_path, 0, &p->all[p->size], err)) < 0) {
                        pool_free(p);
                        return r;
                }
                p->free[p->nfree++] = p->all[p->size];
        }
        *ret = p;
        return 0;
}

struct pool *pool_free(struct pool *p)
{
        if (!p)
                return NULL;
        for (unsigned i = 0; i < p->size; i++)
                ledger_close(p->all[i]);
        pthread_cond_destroy(&p->freed);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
}

struct ledger *pool_get(struct pool *p, int timeout_ms)
{
        struct ledger *l = NULL;
        struct timespec until;

        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&p->lock);
        while (p->nfree == 0)
                if (pthread_cond_timedwait(&p->freed, &p->lock, &until) == ETIMEDOUT)
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
