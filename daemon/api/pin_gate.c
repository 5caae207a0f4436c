/* The PIN gate: a counting limit on hashes at once, and wrong PINs counted per user and
 * client address, in memory. */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "cond.h"
#include "pin_gate.h"

/* The count of an address whatever the user: no user name is empty */
#define ANY_USER_KEY ""
#define ANY_USER_FAILURES (4 * USER_MAX_FAILURES)

struct tries {
        char name[USER_NAME_MAX + 1];
        uint32_t addr;
        int failures, lockouts;
        int64_t locked_until, last; /* monotonic ms */
};

struct pin_gate {
        pthread_mutex_t lock;
        unsigned hashing;
        size_t n;
        struct tries t[PIN_GATE_ENTRIES];
};

int pin_gate_new(struct pin_gate **ret)
{
        struct pin_gate *g = calloc(1, sizeof(*g));

        if (!g)
                return -ENOMEM;
        pthread_mutex_init(&g->lock, NULL);
        *ret = g;
        return 0;
}

struct pin_gate *pin_gate_free(struct pin_gate *g)
{
        if (!g)
                return NULL;
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
}

static uint32_t client_addr(struct req *r)
{
        const union MHD_ConnectionInfo *i = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = i ? i->client_addr : NULL;

        return sa && sa->sa_family == AF_INET ? ((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr : 0;
}

/* Under g->lock. */
static struct tries *find(struct pin_gate *g, const char *name, uint32_t addr)
{
        for (size_t i = 0; i < g->n; i++)
                if (g->t[i].addr == addr && !strcmp(g->t[i].name, name))
                        return &g->t[i];
        return NULL;
}

/* Under g->lock: a new count. When the table is full it takes the place of the count
 * touched longest ago that refuses nobody, or else of the refusal that ends first, so
 * failing on other names cannot wash a refusal out early. */
static struct tries *add(struct pin_gate *g, const char *name, uint32_t addr, int64_t now)
{
        struct tries *t = NULL;

        if (g->n < PIN_GATE_ENTRIES)
                t = &g->t[g->n++];
        for (size_t i = 0; !t && i < g->n; i++)
                if (g->t[i].locked_until <= now && (!t || g->t[i].last < t->last))
                        t = &g->t[i];
        for (size_t i = 0; !t && i < g->n; i++)
                if (!t || g->t[i].locked_until < t->locked_until)
                        t = &g->t[i];
        memset(t, 0, sizeof(*t));
        snprintf(t->name, sizeof(t->name), "%s", name);
        t->addr = addr;
        return t;
}

/* Seconds this address must still wait for this user, or 0. */
static unsigned locked_for(struct pin_gate *g, const char *name, uint32_t addr, int64_t now)
{
        struct tries *t;
        unsigned s = 0;

        pthread_mutex_lock(&g->lock);
        for (int k = 0; k < 2; k++)
                if ((t = find(g, k ? ANY_USER_KEY : name, addr)) && t->locked_until > now &&
                    (unsigned)((t->locked_until - now + 999) / 1000) > s)
                        s = (unsigned)((t->locked_until - now + 999) / 1000);
        pthread_mutex_unlock(&g->lock);
        return s;
}

/* Under g->lock. A right PIN wipes the slate; the max-th wrong one in a row refuses the
 * address for USER_LOCK_MS, each next refusal in a row twice as long, up to a day. */
static void count(struct pin_gate *g, const char *name, uint32_t addr, bool matched, int max, int64_t now)
{
        struct tries *t = find(g, name, addr);

        if (matched) {
                if (t)
                        *t = g->t[--g->n];
                return;
        }
        if (!t)
                t = add(g, name, addr, now);
        t->last = now;
        if (++t->failures >= max) {
                int64_t ms = (int64_t)USER_LOCK_MS << (t->lockouts < 10 ? t->lockouts : 10);
                t->locked_until = now + (ms < DAY_MS ? ms : DAY_MS);
                t->lockouts++;
                t->failures = 0;
        }
}

/* Counted for the user from this address, and for the address whatever the user: one
 * address trying name after name is refused too. */
static void note(struct pin_gate *g, const char *name, uint32_t addr, bool matched, int64_t now)
{
        pthread_mutex_lock(&g->lock);
        count(g, name, addr, matched, USER_MAX_FAILURES, now);
        count(g, ANY_USER_KEY, addr, matched, ANY_USER_FAILURES, now);
        pthread_mutex_unlock(&g->lock);
}

static bool enter(struct pin_gate *g, unsigned max)
{
        bool in;

        pthread_mutex_lock(&g->lock);
        if ((in = g->hashing < max))
                g->hashing++;
        pthread_mutex_unlock(&g->lock);
        return in;
}

static void leave(struct pin_gate *g)
{
        pthread_mutex_lock(&g->lock);
        g->hashing--;
        pthread_mutex_unlock(&g->lock);
}

void pin_attempt(struct req *r, const char *name, const char *pin, struct pin_attempt *ret)
{
        struct pin_gate *g = r->api->gate;
        uint32_t addr = client_addr(r);
        struct ledger *l;
        int rc;

        memset(ret, 0, sizeof(*ret));
        ret->retry_s = 1;
        ret->verdict = PIN_BUSY;
        if ((ret->retry_s = locked_for(g, name, addr, mono_ms()))) {
                ret->verdict = PIN_LOCKED;
                return;
        }
        ret->retry_s = 1;
        if (!enter(g, r->cfg.max_pin_hashes))
                return;
        ret->verdict = PIN_NO_STORE;
        if ((l = pool_get(r->api->pool, POOL_WAIT_MS))) {
                rc = user_pin_read(l, name, &ret->c);
                pool_put(r->api->pool, l);
                if (rc == 0) {
                        ret->matched = pin_matches(&ret->c, pin);
                        ret->verdict = PIN_CHECKED;
                }
        }
        leave(g);
        if (ret->verdict == PIN_CHECKED)
                note(g, name, addr, ret->matched, mono_ms());
}

void approval_ask(struct req *r)
{
        json_t *a = r->in ? json_object_get(r->in, "approved_by") : NULL;
        json_t *u = json_object_get(a, "user"), *p = json_object_get(a, "pin");

        /* only for one who shows a session: a stranger gets no hash out of posd this way */
        if (!json_is_object(a) || !json_is_string(u) || !json_is_string(p) ||
            !MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION))
                return;
        pin_attempt(r, json_string_value(u), json_string_value(p), &r->approval);
        r->approval_asked = true;
}
