#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/journal.h"
#include "pool.h"
#include "upload.h"

#define STORE_WAIT_MS 5000

/* A batch being built: the entries (or the catalogue's rows), the current entry's
 * document, the catalogue's last row. */
struct batch {
        json_t *entries, *doc;
        struct catalogue_mark mark;
};

/* A row's columns by name, as text. */
static json_t *row_object(const struct journal_row *r)
{
        json_t *o = json_object();

        for (int c = 0; o && c < r->ncols; c++)
                json_object_set_new(o, r->names[c], r->values[c] ? json_string(r->values[c]) : json_null());
        return o;
}

static int on_entry(void *ud, const struct journal_entry *e)
{
        struct batch *b = ud;
        json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:{s:[],s:[]}}", "seq", (json_int_t)e->seq,
                              "doc_type", e->doc_type, "doc_id", (json_int_t)e->doc_id, "number", e->number, "at",
                              (json_int_t)e->at, "digest", e->digest, "prev_hash", e->prev_hash, "hash", e->hash,
                              "doc", "parts", "tables");

        if (!o || json_array_append_new(b->entries, o) < 0)
                return -ENOMEM;
        b->doc = json_object_get(o, "doc");
        return 0;
}

/* A document's row: its part made on its first row, with the table it comes from, so
 * that HQ files it in its table of that name. */
static int on_row(void *ud, const struct journal_row *r)
{
        struct batch *b = ud;
        json_t *parts = json_object_get(b->doc, "parts"), *row = row_object(r);

        while (row && (int)json_array_size(parts) <= r->part) {
                json_array_append_new(parts, json_array());
                json_array_append_new(json_object_get(b->doc, "tables"), json_string(r->table));
        }
        return row && json_array_append_new(json_array_get(parts, (size_t)r->part), row) == 0 ? 0 : -ENOMEM;
}

/* A product of the catalogue (id first, updated_at last), and where the next batch starts. */
static int on_product(void *ud, const struct journal_row *r)
{
        struct batch *b = ud;

        b->mark = (struct catalogue_mark){ strtoll(r->values[r->ncols - 1], NULL, 10), strtoll(r->values[0], NULL, 10) };
        return json_array_append_new(b->entries, row_object(r)) == 0 ? 0 : -ENOMEM;
}

int upload_sync_get(struct pool *pool, struct journal_sync *ret, char *err, size_t errsize)
{
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        int r = l ? journal_sync_get(l, ret) : -EBUSY;

        if (r < 0)
                snprintf(err, errsize, "%s", l ? ledger_errmsg(l) : "the store is busy");
        pool_put(pool, l);
        return r;
}

/* HQ's cursor for the store, or -1 with why in err; HQ hears how long the store's
 * journal is. */
static long long hq_cursor(struct pool *pool, PGconn *hq, char *err, size_t errsize)
{
        struct journal_sync js;
        char last[24];
        const char *params[1] = { last };
        PGresult *r;
        long long v = -1;

        if (upload_sync_get(pool, &js, err, errsize) < 0)
                return -1;
        snprintf(last, sizeof(last), "%lld", (long long)js.last);
        r = PQexecParams(hq, "SELECT hq.cursor($1)", 1, NULL, params, NULL, NULL, 0);

        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
                v = atoll(PQgetvalue(r, 0, 0));
        else
                snprintf(err, errsize, "%s", PQresultStatus(r) == PGRES_TUPLES_OK ? "HQ knows no store of this role"
                                                                                   : PQerrorMessage(hq));
        PQclear(r);
        return v;
}

/* Note what HQ holds: entries up to seq, or the catalogue up to *m (when m is given), in
 * a transaction of its own (a pool's handle writes only inside one). */
static int note(struct pool *pool, int64_t seq, const struct catalogue_mark *m, char *err, size_t errsize)
{
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        int r = -EBUSY;

        /* pool_put rolls back what a failure left open */
        if (l && (r = ledger_begin(l)) == 0 &&
            (r = m ? journal_set_catalogue_sent(l, m) : journal_set_sent(l, seq)) == 0)
                r = ledger_commit(l);
        if (r < 0)
                snprintf(err, errsize, "%s", l ? ledger_errmsg(l) : "the store is busy");
        pool_put(pool, l);
        return r;
}

int upload_batch(struct pool *pool, int64_t at, bool catalogue, int batch, char **ret, struct catalogue_mark *mark,
                      char *err, size_t errsize)
{
        struct batch b = { json_array(), NULL, { 0, 0 } };
        const struct journal_reader rd = { on_entry, catalogue ? on_product : on_row, &b };
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        struct journal_sync js;
        int n = !l ? -EBUSY : !b.entries ? -ENOMEM : 0;

        if (n == 0 && !catalogue)
                n = journal_read(l, at, batch, &rd);
        else if (n == 0 && (n = journal_sync_get(l, &js)) == 0)
                n = journal_catalogue_read(l, &js.catalogue, batch, &rd);
        if (n < 0)
                snprintf(err, errsize, "%s", l && n != -ENOMEM ? ledger_errmsg(l) : strerror(-n));
        pool_put(pool, l);
        *ret = NULL;
        *mark = b.mark;
        if (n > 0 && !(*ret = json_dumps(b.entries, JSON_COMPACT)))
                n = -ENOMEM;
        json_decref(b.entries);
        return n;
}

/* One batch (text, freed here) to HQ through sql: what HQ answers, a number (0 for
 * NULL), or -EIO with why in err. */
static int hq_send(PGconn *hq, const char *sql, char *text, long long *ret, char *err, size_t errsize)
{
        const char *params[1] = { text };
        PGresult *res = PQexecParams(hq, sql, 1, NULL, params, NULL, NULL, 0);
        int r = 0;

        free(text);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
                snprintf(err, errsize, "%s", PQerrorMessage(hq));
                r = -EIO;
        } else {
                *ret = PQgetisnull(res, 0, 0) ? 0 : atoll(PQgetvalue(res, 0, 0));
        }
        PQclear(res);
        return r;
}

/* The products HQ lacks, then what it has noted: before the entries, so that HQ knows
 * every product a document names. */
static int send_catalogue(struct pool *pool, PGconn *hq, int batch, char *err, size_t errsize)
{
        for (;;) {
                struct catalogue_mark m;
                char *text;
                long long ignored;
                int r, n = upload_batch(pool, 0, true, batch, &text, &m, err, errsize);

                if (n <= 0)
                        return n;
                if ((r = hq_send(hq, "SELECT hq.catalogue($1::jsonb)", text, &ignored, err, errsize)) < 0)
                        return r;
                if ((r = note(pool, 0, &m, err, errsize)) < 0)
                        return r;
        }
}

int upload_pass(struct pool *pool, PGconn *hq, int batch, char *err, size_t errsize)
{
        long long at = hq_cursor(pool, hq, err, errsize);
        int taken = 0, r = 0;

        if (at < 0)
                return -EIO;
        /* HQ's cursor may be ahead of the store's note: a batch committed, then the store
         * stopped before it noted it */
        if ((r = note(pool, at, NULL, err, errsize)) < 0 || (r = send_catalogue(pool, hq, batch, err, errsize)) < 0)
                return r;
        for (;;) {
                struct catalogue_mark unused;
                char *text;
                int n = upload_batch(pool, at, false, batch, &text, &unused, err, errsize);

                if (n <= 0 || (r = hq_send(hq, "SELECT hq.ingest($1::jsonb)", text, &at, err, errsize)) < 0) {
                        r = n < 0 ? n : r;
                        break;
                }
                taken += n;
                /* only now, HQ having committed */
                if ((r = note(pool, at, NULL, err, errsize)) < 0)
                        break;
        }
        return r < 0 ? r : taken;
}
