#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "changes.h"
#include "connect.h"
#include "cond.h"
#include "log.h"
#include "pool.h"
#include "upload.h"
#include "uploader.h"

#define BACKOFF_MAX_S 300 /* the longest wait between tries while HQ fails */
#define STORE_WAIT_MS 5000

struct uploader {
        struct hq_config c;
        struct pool *pool;
        PGconn *hq;
        pthread_t th;
        pthread_mutex_t lock;
        pthread_cond_t wake;
        bool stop;
        struct sync_state st; /* under lock */
};

static int64_t wall_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One try: sign in if need be, send what HQ lacks, apply what HQ changed. After a
 * failure the next try signs in afresh: libpq may not yet know that a connection it lost
 * is gone. How many entries HQ took. */
static int try_once(struct uploader *u, int *refused, char *err, size_t errsize)
{
        int r, changed = 0;

        if (!u->hq && !(u->hq = hq_connect(&u->c, err, errsize)))
                return -EIO;
        if ((r = upload_pass(u->pool, u->hq, u->c.batch, err, errsize)) < 0 ||
            (changed = changes_pass(u->pool, u->hq, u->c.batch, refused, err, errsize)) < 0) {
                PQfinish(u->hq);
                u->hq = NULL;
                return r < 0 ? r : changed;
        }
        if (changed)
                log_info("applied %d of HQ's changes", changed);
        return r;
}

/* Set the prices whose time has come: when the next is due (wall ms; 0: none). Done by
 * the store on its own clock, HQ reachable or not. */
static int64_t prices_due(struct uploader *u)
{
        struct ledger *l = pool_get(u->pool, STORE_WAIT_MS);
        int64_t next = 0;
        int n = 0;

        if (l && prices_apply_due(l, &hq_actor, &n, &next) < 0) {
                log_warn("setting the prices due: %s", ledger_errmsg(l));
                next = wall_ms() + 1000; /* try again soon */
        } else if (n) {
                log_info("%d prices changed as planned", n);
        }
        pool_put(u->pool, l);
        return l ? next : wall_ms() + 1000;
}

/* What a try came to, in the state (under lock). */
static void note_try(struct uploader *u, int r, int refused, char *err)
{
        u->st.last_try_ms = wall_ms();
        u->st.connected = u->hq != NULL;
        u->st.refused += refused;
        if (r >= 0) {
                if (u->st.failures)
                        log_info("HQ takes the journal again (%s)", u->st.hq);
                u->st.last_ok_ms = u->st.last_try_ms;
                u->st.taken += r;
                u->st.failures = 0;
                u->st.error[0] = '\0';
                return;
        }
        /* the newline libpq ends its messages with is no use in a status */
        err[strcspn(err, "\n")] = '\0';
        if (!u->st.failures || strcmp(err, u->st.error))
                log_warn("HQ (%s): %s", u->st.hq, err);
        snprintf(u->st.error, sizeof(u->st.error), "%s", err);
        u->st.failures++;
}

/* Milliseconds to the next try: the interval while HQ takes what it is sent; after failures,
 * twice as long each time up to BACKOFF_MAX_S, with a jitter so that a thousand stores
 * cut off together do not come back together. */
static int64_t next_wait_ms(const struct uploader *u)
{
        int64_t ms = (int64_t)u->c.every_seconds * 1000;

        for (int i = 0; i < u->st.failures && ms < BACKOFF_MAX_S * 1000; i++)
                ms *= 2;
        if (ms > BACKOFF_MAX_S * 1000)
                ms = BACKOFF_MAX_S * 1000;
        return u->st.failures ? ms / 2 + randombytes_uniform((uint32_t)(ms / 2) + 1) : ms;
}

static void *run(void *arg)
{
        struct uploader *u = arg;
        int64_t next_try = 0; /* monotonic ms */

        pthread_mutex_lock(&u->lock);
        while (!u->stop) {
                char err[sizeof(u->st.error)] = "";
                struct timespec until;
                int64_t wait_ms, due;
                int r, refused = 0;

                pthread_mutex_unlock(&u->lock);
                if (mono_ms() >= next_try) {
                        r = try_once(u, &refused, err, sizeof(err));
                        pthread_mutex_lock(&u->lock);
                        note_try(u, r, refused, err);
                        wait_ms = next_wait_ms(u);
                        u->st.next_try_ms = u->st.last_try_ms + wait_ms;
                        next_try = mono_ms() + wait_ms;
                        pthread_mutex_unlock(&u->lock);
                }
                due = prices_due(u);
                pthread_mutex_lock(&u->lock);
                wait_ms = next_try - mono_ms();
                if (due && due - wall_ms() < wait_ms)
                        wait_ms = due - wall_ms();
                if (wait_ms > 0) {
                        cond_deadline(&until, (int)(wait_ms < INT32_MAX ? wait_ms : INT32_MAX));
                        while (!u->stop && cond_wait_until(&u->wake, &u->lock, &until) != ETIMEDOUT)
                                ;
                }
        }
        pthread_mutex_unlock(&u->lock);
        PQfinish(u->hq);
        u->hq = NULL;
        return NULL;
}

int uploader_start(const struct hq_config *c, struct pool *pool, struct uploader **ret, char *err, size_t errsize)
{
        struct uploader *u;
        int r;

        if ((r = hq_check_credentials(c->credentials, err, errsize)) < 0)
                return r;
        if (!(u = calloc(1, sizeof(*u))))
                return -ENOMEM;
        u->c = *c;
        u->pool = pool;
        snprintf(u->st.hq, sizeof(u->st.hq), "%s@%s:%d/%s", c->role, c->host, c->port, c->database);
        pthread_mutex_init(&u->lock, NULL);
        cond_init_monotonic(&u->wake);
        if (pthread_create(&u->th, NULL, run, u) != 0) {
                snprintf(err, errsize, "no thread for the uploader");
                pthread_cond_destroy(&u->wake);
                pthread_mutex_destroy(&u->lock);
                free(u);
                return -EAGAIN;
        }
        *ret = u;
        return 0;
}

void uploader_state(struct uploader *u, struct sync_state *ret)
{
        pthread_mutex_lock(&u->lock);
        *ret = u->st;
        pthread_mutex_unlock(&u->lock);
}

struct uploader *uploader_stop(struct uploader *u)
{
        if (!u)
                return NULL;
        pthread_mutex_lock(&u->lock);
        u->stop = true;
        pthread_cond_broadcast(&u->wake);
        pthread_mutex_unlock(&u->lock);
        pthread_join(u->th, NULL);
        pthread_cond_destroy(&u->wake);
        pthread_mutex_destroy(&u->lock);
        free(u);
        return NULL;
}
