#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/journal.h"
#include "pool.h"
#include "upload.h"

#define STORE_WAIT_MS 5000

/* A batch being built: the entries, the current one's document parts. */
struct batch {
        json_t *entries, *parts;
        int64_t last;
};

static int on_entry(void *ud, const struct journal_entry *e)
{
        struct batch *b = ud;
        json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:{s:[]}}", "seq", (json_int_t)e->seq, "doc_type",
                              e->doc_type, "doc_id", (json_int_t)e->doc_id, "number", e->number, "at",
                              (json_int_t)e->at, "digest", e->digest, "prev_hash", e->prev_hash, "hash", e->hash,
                              "doc", "parts");

        if (!o || json_array_append_new(b->entries, o) < 0)
                return -ENOMEM;
        b->parts = json_object_get(json_object_get(o, "doc"), "parts");
        b->last = e->seq;
        return 0;
}

static int on_row(void *ud, int part, int ncols, const char *const *names, const char *const *values)
{
        struct batch *b = ud;
        json_t *row = json_object();

        while ((int)json_array_size(b->parts) <= part)
                json_array_append_new(b->parts, json_array());
        for (int c = 0; row && c < ncols; c++)
                json_object_set_new(row, names[c], values[c] ? json_string(values[c]) : json_null());
        return row && json_array_append_new(json_array_get(b->parts, (size_t)part), row) == 0 ? 0 : -ENOMEM;
}

/* HQ's cursor for the store, or -1 with why in err. */
static long long hq_cursor(PGconn *hq, char *err, size_t errsize)
{
        PGresult *r = PQexec(hq, "SELECT hq.cursor()");
        long long v = -1;

        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
                v = atoll(PQgetvalue(r, 0, 0));
        else
                snprintf(err, errsize, "%s", PQresultStatus(r) == PGRES_TUPLES_OK ? "HQ knows no store of this role"
                                                                                   : PQerrorMessage(hq));
        PQclear(r);
        return v;
}

/* Note that HQ holds entries up to seq, in a transaction of its own (a pool's handle
 * writes only inside one). */
static int note_sent(struct pool *pool, int64_t seq, char *err, size_t errsize)
{
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        int r = -EBUSY;

        /* pool_put rolls back what a failure left open */
        if (l && (r = ledger_begin(l)) == 0 && (r = journal_set_sent(l, seq)) == 0)
                r = ledger_commit(l);
        if (r < 0)
                snprintf(err, errsize, "%s", l ? ledger_errmsg(l) : "the store is busy");
        pool_put(pool, l);
        return r;
}

/* The next batch after `at` as JSON text (NULL and 0: none waits), read on a handle
 * held only for the reading. */
static int next_batch(struct pool *pool, int64_t at, int batch, char **ret, char *err, size_t errsize)
{
        struct batch b = { json_array(), NULL, at };
        const struct journal_reader rd = { on_entry, on_row, &b };
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        int n = !l ? -EBUSY : !b.entries ? -ENOMEM : journal_read(l, at, batch, &rd);

        if (n < 0)
                snprintf(err, errsize, "%s", l && n != -ENOMEM ? ledger_errmsg(l) : strerror(-n));
        pool_put(pool, l);
        *ret = NULL;
        if (n > 0 && !(*ret = json_dumps(b.entries, JSON_COMPACT)))
                n = -ENOMEM;
        json_decref(b.entries);
        return n;
}

int upload_pass(struct pool *pool, PGconn *hq, int batch, char *err, size_t errsize)
{
        long long at = hq_cursor(hq, err, errsize);
        int taken = 0, r = 0;

        if (at < 0)
                return -EIO;
        /* HQ's cursor may be ahead of the store's note: a batch committed, then the store
         * stopped before it noted it */
        if ((r = note_sent(pool, at, err, errsize)) < 0)
                return r;
        for (;;) {
                const char *params[1];
                PGresult *res;
                char *text;
                int n = next_batch(pool, at, batch, &text, err, errsize);

                if (n <= 0) {
                        r = n;
                        break;
                }
                params[0] = text;
                res = PQexecParams(hq, "SELECT hq.ingest($1::jsonb)", 1, NULL, params, NULL, NULL, 0);
                free(text);
                if (PQresultStatus(res) != PGRES_TUPLES_OK) {
                        snprintf(err, errsize, "%s", PQerrorMessage(hq));
                        PQclear(res);
                        r = -EIO;
                        break;
                }
                at = atoll(PQgetvalue(res, 0, 0));
                PQclear(res);
                taken += n;
                /* only now, HQ having committed */
                if ((r = note_sent(pool, at, err, errsize)) < 0)
                        break;
        }
        return r < 0 ? r : taken;
}
