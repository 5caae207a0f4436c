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

/* The count of an address whatever the user: no user is named so, and a sign-in that
 * names nobody is counted here alone */
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

/* Which of two counts goes first when the table is full: one that refuses nobody and
 * remembers no refusal, touched longest ago; then one that only remembers; then the
 * refusal that ends first. Failing on other names can wash neither a refusal nor its
 * doubling out early. */
static bool goes_before(const struct tries *a, const struct tries *b, int64_t now)
{
        int ra = a->locked_until > now ? 2 : a->lockouts > 0, rb = b->locked_until > now ? 2 : b->lockouts > 0;

        if (ra != rb)
                return ra < rb;
        return ra == 2 ? a->locked_until < b->locked_until : a->last < b->last;
}

/* Under g->lock: a new count. */
static struct tries *add(struct pin_gate *g, const char *name, uint32_t addr, int64_t now)
{
        struct tries *t = &g->t[0];

        if (g->n < PIN_GATE_ENTRIES)
                t = &g->t[g->n++];
        else
                for (size_t i = 1; i < g->n; i++)
                        if (goes_before(&g->t[i], t, now))
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

/* Under g->lock. A right PIN wipes the wrong ones in a row, but not the refusals before
 * (a cashier's own sign-in must not reset the doubling of guesses at another's PIN); the
 * max-th wrong one in a row refuses the address for USER_LOCK_MS, each next refusal
 * twice as long, up to a day. */
static void count(struct pin_gate *g, const char *name, uint32_t addr, bool matched, int max, int64_t now)
{
        struct tries *t = find(g, name, addr);

        if (matched) {
                if (t && t->lockouts)
                        t->failures = 0;
                else if (t)
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
        if (strcmp(name, ANY_USER_KEY) != 0)
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

        if (!json_is_object(a) || !json_is_string(u) || !json_is_string(p))
                return;
        pin_attempt(r, json_string_value(u), json_string_value(p), &r->approval);
        r->approval_asked = true;
}
