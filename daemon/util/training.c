/* The training store, made when first needed. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/backup.h"
#include "log.h"
#include "training.h"

struct training {
        pthread_mutex_t lock;
        char path[PATH_MAX];
        struct pool *pool;
};

int training_new(const char *db_path, struct training **ret)
{
        struct training *t = calloc(1, sizeof(*t));

        if (!t)
                return -ENOMEM;
        if (snprintf(t->path, sizeof(t->path), "%s.training", db_path) >= (int)sizeof(t->path)) {
                free(t);
                return -ENAMETOOLONG;
        }
        pthread_mutex_init(&t->lock, NULL);
        *ret = t;
        return 0;
}

void training_free(struct training *t)
{
        if (!t)
                return;
        pool_free(t->pool);
        pthread_mutex_destroy(&t->lock);
        free(t);
}

int training_pool(struct training *t, struct ledger *from, struct pool **ret, struct ledger_error *err)
{
        int r = 0;

        pthread_mutex_lock(&t->lock);
        if (!t->pool && access(t->path, F_OK) != 0) {
                if ((r = ledger_training_copy(from, t->path)) < 0) {
                        snprintf(err->code, sizeof(err->code), "%s", ledger_errcode(from));
                        snprintf(err->msg, sizeof(err->msg), "%s", ledger_errmsg(from));
                } else {
                        log_info("training store made: %s", t->path);
                }
        }
        if (!t->pool && r == 0)
                r = pool_new(t->path, TRAINING_CONNECTIONS, &t->pool, err);
        if (r == 0)
                *ret = t->pool;
        pthread_mutex_unlock(&t->lock);
        return r;
}

struct pool *training_open_pool(struct training *t)
{
        struct pool *p;

        if (!t)
                return NULL;
        pthread_mutex_lock(&t->lock);
        p = t->pool;
        pthread_mutex_unlock(&t->lock);
        return p;
}
