/* A store's journal at HQ, exactly once, against a real PostgreSQL started by the test:
 * chain/hq.sql's hq.ingest() takes batches that follow on from the store's last entry,
 * ignores what it has, refuses a gap, a forged hash and a forked history whole, and keeps
 * the store's cursor in the same transaction; an immediate stop of PostgreSQL mid-stream
 * loses and doubles nothing once the store sends again from HQ's cursor. The rule after
 * every batch: HQ holds the store's entries 1..cursor, each once, chained as the store
 * chained them. */
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "every_kind.h"
#include "harness.h"
#include "ledger/journal.h"
#include "hq_test.h"
#include "pool.h"
#include "upload.h"

#define ENTRIES_MAX 64

struct entry {
        long long seq, doc_id, at;
        char doc_type[32], number[32], digest[65], prev_hash[65], hash[65];
};

static struct pg pg;
static PGconn *db, *store; /* HQ's superuser, for the checks; store S1's own role */
static struct entry entries[ENTRIES_MAX];
static int nentries;

static PGconn *connect_as(const char *role)
{
        PGconn *c = PQconnectdb(pg_as(&pg, role));

        if (PQstatus(c) != CONNECTION_OK)
                fail_msg("connecting to HQ as %s: %s", role ? role : "hq", PQerrorMessage(c));
        return c;
}

static void connect_hq(void)
{
        db = connect_as(NULL);
        store = connect_as("store_s1");
}

static long long one(const char *sql)
{
        return pg_one(db, sql);
}

/* The store's journal as it would send it. */
static void read_journal(const char *path)
{
        sqlite3 *h;
        sqlite3_stmt *st;

        assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h, "SELECT id, doc_type, doc_id, number, at, digest, prev_hash, hash"
                                               " FROM journal ORDER BY id", -1, &st, NULL),
                         SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW && nentries < ENTRIES_MAX) {
                struct entry *e = &entries[nentries++];
                e->seq = sqlite3_column_int64(st, 0);
                snprintf(e->doc_type, sizeof(e->doc_type), "%s", (const char *)sqlite3_column_text(st, 1));
                e->doc_id = sqlite3_column_int64(st, 2);
                snprintf(e->number, sizeof(e->number), "%s", (const char *)sqlite3_column_text(st, 3));
                e->at = sqlite3_column_int64(st, 4);
                snprintf(e->digest, sizeof(e->digest), "%s", (const char *)sqlite3_column_text(st, 5));
                snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", (const char *)sqlite3_column_text(st, 6));
                snprintf(e->hash, sizeof(e->hash), "%s", (const char *)sqlite3_column_text(st, 7));
                assert_int_equal(e->seq, nentries);
        }
        sqlite3_finalize(st);
        sqlite3_close(h);
        assert_true(nentries >= 12);
}

/* Entries [from, to) as a batch sent as the role of c, with changes: returns what
 * hq.ingest said (-1: refused). */
static long long send_as(PGconn *c, int from, int to, const char *forge_hash_of, bool *refused)
{
        json_t *a = json_array();
        const char *params[1];
        PGresult *r;
        long long v = -1;
        char *text;

        for (int i = from; i < to; i++) {
                const struct entry *e = &entries[i];
                /* a document that names tables and columns of its own: HQ makes none of them */
                json_array_append_new(a, json_pack("{s:I,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:{s:[s,s],s:[[{s:s}],[{s:i,s:s}]]}}",
                                                   "seq", (json_int_t)e->seq, "doc_type", e->doc_type, "doc_id",
                                                   (json_int_t)e->doc_id, "number", e->number, "at", (json_int_t)e->at,
                                                   "digest", e->digest, "prev_hash", e->prev_hash, "hash",
                                                   forge_hash_of && !strcmp(forge_hash_of, e->number) ? "00ff" : e->hash,
                                                   "doc", "tables", "sales_202701", "credit_notes", "parts", "x", "1",
                                                   "reason", 5, "evil", "y"));
        }
        text = json_dumps(a, JSON_COMPACT);
        params[0] = text;
        r = PQexecParams(c, "SELECT hq.ingest($1::jsonb)", 1, NULL, params, NULL, NULL, 0);
        *refused = PQresultStatus(r) != PGRES_TUPLES_OK;
        if (!*refused)
                v = atoll(PQgetvalue(r, 0, 0));
        PQclear(r);
        free(text);
        json_decref(a);
        return v;
}

static long long send(int from, int to, const char *forge_hash_of, bool *refused)
{
        return send_as(store, from, to, forge_hash_of, refused);
}

/* The rule: entries 1..cursor, each once, the store's own, chained. */
static void check_hq(int cursor)
{
        char sql[256];

        assert_int_equal(one("SELECT last_seq FROM hq.stores WHERE code = 'S1'"), cursor);
#define S1 "(SELECT id FROM hq.stores WHERE code = 'S1')"
        assert_int_equal(one("SELECT count(*) FROM hq.journal WHERE store_id = " S1), cursor);
        assert_int_equal(one("SELECT coalesce(max(seq), 0) FROM hq.journal WHERE store_id = " S1), cursor);
        /* chained as the store chained them: each follows on from the one before, and hashes */
        assert_int_equal(one("SELECT count(*) FROM hq.journal j LEFT JOIN hq.journal b ON b.store_id = j.store_id"
                             " AND b.seq = j.seq - 1 WHERE j.prev_hash IS DISTINCT FROM coalesce(b.hash, repeat('0', 64))"
                             " OR j.hash <> hq.chain_hash(j.prev_hash, j.doc_type, j.doc_id, j.number, j.at, j.digest)"),
                         0);
        for (int i = 0; i < cursor; i++) {
                snprintf(sql, sizeof(sql), "SELECT count(*) FROM hq.journal WHERE store_id = " S1 " AND seq = %lld"
                         " AND hash = '%s'",
                         entries[i].seq, entries[i].hash);
                assert_int_equal(one(sql), 1);
        }
#undef S1
}

/* A PostgreSQL with HQ's schema and store S1; the store's journal read. */
static void hq_with_store(struct tstore *t)
{
        every_kind(t);
        read_journal(t->path);
        pg_start(&pg);
        hq_init(&pg); /* posctl hq init, as HQ is set up */
        db = connect_as(NULL);
        PQclear(PQexec(db, "SELECT hq.add_store('S1', 'store_s1')"));
        store = connect_as("store_s1");
}

static void test_exactly_once(void **state)
{
        struct tstore t;
        PGresult *r;
        bool refused;
        int cursor = 0;
        (void)state;

        nentries = 0;
        hq_with_store(&t);

        /* in order, three at a time */
        for (; cursor + 3 <= nentries / 2; cursor += 3) {
                assert_int_equal(send(cursor, cursor + 3, NULL, &refused), cursor + 3);
                check_hq(cursor + 3);
        }
        /* the last batch again, and one that overlaps what HQ has: nothing doubles */
        assert_int_equal(send(cursor - 3, cursor, NULL, &refused), cursor);
        assert_int_equal(send(cursor - 2, cursor + 2, NULL, &refused), cursor + 2);
        cursor += 2;
        check_hq(cursor);
        /* a gap, a forged hash, and an entry HQ has sent again otherwise: refused whole */
        send(cursor + 1, cursor + 3, NULL, &refused);
        assert_true(refused);
        send(cursor, cursor + 2, entries[cursor + 1].number, &refused);
        assert_true(refused);
        send(cursor - 1, cursor + 1, entries[cursor - 1].number, &refused);
        assert_true(refused);
        check_hq(cursor);
        /* PostgreSQL stopped at once mid-stream: the batch in flight is lost or taken,
         * and the store sends again from HQ's cursor */
        assert_int_equal(send(cursor, cursor + 2, NULL, &refused), cursor + 2);
        pg_stop(&pg, true);
        send(cursor + 2, cursor + 4, NULL, &refused);
        assert_true(refused);
        PQfinish(db);
        PQfinish(store);
        pg_restart(&pg);
        connect_hq();
        cursor = (int)one("SELECT last_seq FROM hq.stores WHERE code = 'S1'");
        while (cursor < nentries) {
                int to = cursor + 4 < nentries ? cursor + 4 : nentries;
                assert_int_equal(send(cursor, to, NULL, &refused), to);
                cursor = to;
                check_hq(cursor);
        }
        /* the tables and columns a store named are not HQ's: its rows went where posd's
         * kinds file them, nowhere else */
        /* (sales_202701 may be HQ's own partition of a month to come: it holds nothing) */
        assert_int_equal(one("SELECT count(*) FROM pg_class c WHERE relname = 'sales_202701' AND NOT EXISTS"
                             " (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid AND i.inhparent = 'doc.sales'::regclass)"),
                         0);
        assert_int_equal(one("SELECT count(*) FROM doc.sales WHERE entry_at >= 1798761600000"), 0);
        assert_int_equal(one("SELECT count(*) FROM pg_attribute WHERE attname = 'evil'"), 0);
        assert_int_equal(one("SELECT count(*) FROM doc.credit_notes WHERE reason = '5'"), nentries);
        /* a store's role can do nothing but send its own entries: no table, no other
         * store's rows; what store S2 sends is S2's, whatever it says */
        {
                static const char *const refused_sql[] = {
                        "SELECT count(*) FROM hq.journal", "DELETE FROM hq.journal",
                        "UPDATE hq.stores SET last_seq = 0", "SELECT hq.add_store('S9', 'store_s9')",
                };
                PGconn *s2;
                for (size_t i = 0; i < sizeof(refused_sql) / sizeof(refused_sql[0]); i++) {
                        r = PQexec(store, refused_sql[i]);
                        if (PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK)
                                fail_msg("store S1's role may: %s", refused_sql[i]);
                        PQclear(r);
                }
                PQclear(PQexec(db, "SELECT hq.add_store('S2', 'store_s2')"));
                s2 = connect_as("store_s2");
                assert_int_equal(send_as(s2, 0, 4, NULL, &refused), 4);
                check_hq(nentries);
                assert_int_equal(one("SELECT count(*) FROM hq.journal j JOIN hq.stores s ON s.id = j.store_id"
                                     " WHERE s.code = 'S2'"), 4);
                PQfinish(s2);
                /* a role that is no store's sends nothing */
                PQclear(PQexec(db, "CREATE ROLE nobody_here LOGIN; GRANT USAGE ON SCHEMA hq TO nobody_here;"
                                   "GRANT EXECUTE ON FUNCTION hq.ingest(jsonb) TO nobody_here"));
                s2 = connect_as("nobody_here");
                send_as(s2, 0, 1, NULL, &refused);
                assert_true(refused);
                PQfinish(s2);
        }
        PQfinish(store);
        PQfinish(db);
        pg_cleanup(&pg);
        tstore_close(&t);
}

/* A number from the store. */
static long long store_one(struct tstore *t, const char *sql)
{
        return tsql_int(t->path, sql);
}

/* Every document's rows in HQ's tables for analysts, each once: each part's rows in the
 * table of its name, as many as the entry brought; a header row for every document of a
 * kind; the store's catalogue; and the summaries equal to the store's own sums. */
static void check_documents(struct tstore *t)
{
        PGresult *r = PQexec(db, "SELECT DISTINCT name FROM hq.journal,"
                                 " jsonb_array_elements_text(doc->'tables') name ORDER BY 1");
        char sql[512];

        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        assert_true(PQntuples(r) >= 20);
        for (int i = 0; i < PQntuples(r); i++) {
                const char *name = PQgetvalue(r, i, 0);
                snprintf(sql, sizeof(sql),
                         "SELECT (SELECT count(*) FROM doc.%s) - (SELECT coalesce(sum(jsonb_array_length(doc->'parts'->"
                         "(t.i::int - 1))), 0) FROM hq.journal, jsonb_array_elements_text(doc->'tables') WITH ORDINALITY"
                         " t(name, i) WHERE t.name = '%s')",
                         name, name);
                if (one(sql) != 0)
                        fail_msg("doc.%s holds other rows than the entries brought", name);
        }
        PQclear(r);
        /* a header for each document: the sale's, say, with its number and total */
        assert_int_equal(one("SELECT count(*) FROM doc.sales s JOIN hq.journal j ON j.store_id = s.store_id"
                             " AND j.seq = s.entry AND j.number = s.number"),
                         store_one(t, "SELECT count(*) FROM sales"));
        assert_int_equal(one("SELECT sum(total) FROM doc.sales"), store_one(t, "SELECT sum(total) FROM sales"));
        assert_int_equal(one("SELECT count(*) FROM doc.stock_movements"), store_one(t, "SELECT count(*) FROM stock_movements"));
        assert_int_equal(one("SELECT sum(qty) FROM doc.stock_movements"), store_one(t, "SELECT sum(qty) FROM stock_movements"));
        /* by month: the sale lines are in partitions */
        assert_true(one("SELECT count(*) FROM pg_inherits WHERE inhparent = 'doc.sale_lines'::regclass") >= 1);
        /* the catalogue */
        assert_int_equal(one("SELECT count(*) FROM hq.store_products"), store_one(t, "SELECT count(*) FROM products"));
        assert_int_equal(one("SELECT count(*) FROM hq.store_products h WHERE h.category IS NOT NULL"),
                         store_one(t, "SELECT count(*) FROM products WHERE category_id IS NOT NULL"));
        /* the summaries: sales less returns */
        assert_int_equal(one("SELECT sum(amount) FROM hq.sales_daily"),
                         store_one(t, "SELECT (SELECT sum(amount) FROM sale_lines) - (SELECT sum(amount) FROM return_lines)"));
        assert_int_equal(one("SELECT sum(cost) FROM hq.sales_daily"),
                         store_one(t, "SELECT (SELECT sum(cost) FROM sale_lines) - (SELECT sum(cost) FROM return_lines)"));
        assert_int_equal(one("SELECT sum(total) FROM hq.store_days"),
                         store_one(t, "SELECT (SELECT sum(total) FROM sales) - (SELECT sum(total) FROM returns)"));
        assert_int_equal(one("SELECT sum(sales) FROM hq.store_days"), store_one(t, "SELECT count(*) FROM sales"));
        assert_int_equal(one("SELECT sum(returns) FROM hq.store_days"), store_one(t, "SELECT count(*) FROM returns"));
        /* a transfer to a store HQ lacks stays at HQ, passed to no one; a receipt of a
         * transfer HQ never saw sent to the store tells no one it arrived, and is kept for
         * HQ to look into */
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE to_store = 'S2' AND to_store_id IS NULL"
                             " AND refused = 'no such store' AND receipt IS NULL"),
                         store_one(t, "SELECT count(*) FROM store_transfers"));
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE arrival IS NOT NULL"), 0);
        assert_int_equal(one("SELECT count(*) FROM hq.transfer_anomalies WHERE why LIKE 'no transfer%'"),
                         store_one(t, "SELECT count(*) FROM store_receipts"));
}

/* The store's uploader: HQ down, then up; every document with its rows, each once; a
 * store that lost its note of what HQ holds sends nothing twice. */
static void test_uploader(void **state)
{
        struct tstore t;
        struct ledger_error e;
        struct pool *pool = NULL;
        char err[512] = "", sql[256];
        struct journal_sync js;
        (void)state;

        nentries = 0;
        hq_with_store(&t);
        /* the uploader takes the store's handles from posd's pool, one at a time */
        if (pool_new(t.path, 1, &pool, &e) < 0)
                fail_msg("pool: %s", e.msg);
        pg_stop(&pg, true);
        assert_int_equal(upload_pass(pool, store, 4, err, sizeof(err)), -EIO);
        assert_true(err[0] != '\0');
        assert_ok(t.l, journal_sync_get(t.l, &js));
        assert_int_equal(js.sent, 0);
        assert_int_equal(js.last, nentries);
        assert_int_equal(js.waiting_since, entries[0].at);
        PQfinish(db);
        PQfinish(store);
        pg_restart(&pg);
        connect_hq();
        if (upload_pass(pool, store, 4, err, sizeof(err)) != nentries)
                fail_msg("upload: %s", err);
        check_hq(nentries);
        assert_ok(t.l, journal_sync_get(t.l, &js));
        assert_int_equal(js.sent, nentries);
        assert_int_equal(js.waiting_since, 0);
        /* each document with its rows: the sale's lines and tenders as the store has them */
        snprintf(sql, sizeof(sql), "SELECT jsonb_array_length(doc->'parts'->1) FROM hq.journal WHERE doc_type = 'sale'");
        assert_int_equal(one(sql), tsql_int(t.path, "SELECT count(*) FROM sale_lines"));
        assert_int_equal(one("SELECT count(*) FROM hq.journal WHERE doc->'parts'->0->0->>'number' = number"), nentries);
        check_documents(&t);
        /* the store forgets what HQ holds (it stopped before noting it): nothing goes twice */
        assert_int_equal(tsql_exec(t.path, "DELETE FROM hq_sync"), 0);
        assert_int_equal(upload_pass(pool, store, 4, err, sizeof(err)), 0);
        check_hq(nentries);
        assert_ok(t.l, journal_sync_get(t.l, &js));
        assert_int_equal(js.sent, nentries);
        assert_int_equal(js.waiting_since, 0);
        pool_free(pool);
        PQfinish(store);
        PQfinish(db);
        pg_cleanup(&pg);
        tstore_close(&t);
}

/* A store's chain as a dishonest store could build it: entries that hash as HQ checks,
 * their documents whatever the store likes (HQ does not check them against the digest). */
struct forger {
        PGconn *c;
        long long seq;
        char prev[65];
};

static void forger_start(struct forger *f, const char *code, const char *role)
{
        char sql[128];

        snprintf(sql, sizeof(sql), "SELECT hq.add_store('%s', '%s')", code, role);
        PQclear(PQexec(db, sql));
        f->c = connect_as(role);
        f->seq = 0;
        memset(f->prev, '0', 64);
        f->prev[64] = '\0';
}

/* One entry of doc_type and number with doc (JSON), dated at (Unix ms; 0: now), through
 * hq.ingest: refused or not. */
static bool forge_at(struct forger *f, const char *doc_type, const char *number, const char *doc, long long when)
{
        char seq[24], at[24], hash[65];
        const char *hp[6] = { f->prev, doc_type, seq, number, at, "forged" };
        const char *params[1];
        json_t *e;
        char *text;
        PGresult *r;
        bool ok;

        snprintf(seq, sizeof(seq), "%lld", ++f->seq);
        snprintf(at, sizeof(at), "%lld", when ? when : wall_ms());
        r = PQexecParams(db, "SELECT hq.chain_hash($1, $2, $3::bigint, $4, $5::bigint, $6)", 6, NULL, hp, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        snprintf(hash, sizeof(hash), "%s", PQgetvalue(r, 0, 0));
        PQclear(r);
        e = json_pack("[{s:I,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:o}]", "seq", (json_int_t)f->seq, "doc_type", doc_type, "doc_id",
                      (json_int_t)f->seq, "number", number, "at", (json_int_t)wall_ms(), "digest", "forged", "prev_hash",
                      f->prev, "hash", hash, "doc", json_loads(doc, 0, NULL));
        /* the time is HQ's to hash: the one sent is the one hashed */
        json_object_set_new(json_array_get(e, 0), "at", json_integer(atoll(at)));
        text = json_dumps(e, JSON_COMPACT);
        params[0] = text;
        r = PQexecParams(f->c, "SELECT hq.ingest($1::jsonb)", 1, NULL, params, NULL, NULL, 0);
        ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        if (ok)
                memcpy(f->prev, hash, sizeof(hash));
        else
                f->seq--;
        PQclear(r);
        free(text);
        json_decref(e);
        return ok;
}

static bool forge(struct forger *f, const char *doc_type, const char *number, const char *doc)
{
        return forge_at(f, doc_type, number, doc, 0);
}

/* A transfer to S2 of `lines` (the lines part), worth value, its movements taking moved. */
static bool send_transfer(struct forger *f, const char *number, const char *note, const char *value, const char *lines,
                          const char *moved)
{
        char doc[2048];

        snprintf(doc, sizeof(doc),
                 "{\"tables\": [\"store_transfers\", \"store_transfer_lines\", \"stock_movements\"], \"parts\": ["
                 "[{\"number\": \"%s\", \"to_store\": \"S2\", \"note\": \"%s\", \"value\": \"%s\", \"location_id\": \"1\"}],"
                 " [%s], [{\"product_id\": \"1\", \"location_id\": \"1\", \"qty\": \"-2000\", \"value\": \"%s\"}]]}",
                 number, note, value, lines, moved);
        return forge(f, "store_transfer", number, doc);
}

/* A receipt at f's store of S1's transfer. */
static bool send_receipt(struct forger *f, const char *number, const char *transfer, const char *value,
                         const char *short_value, const char *received)
{
        char doc[1024];

        snprintf(doc, sizeof(doc),
                 "{\"tables\": [\"store_receipts\", \"store_receipt_lines\"], \"parts\": ["
                 "[{\"number\": \"%s\", \"from_store\": \"S1\", \"transfer_number\": \"%s\", \"value\": \"%s\","
                 " \"short_value\": \"%s\"}], [{\"line\": \"1\", \"received\": \"%s\"}]]}",
                 number, transfer, value, short_value, received);
        return forge(f, "store_receipt", number, doc);
}

static long long taken(struct forger *f, const char *json)
{
        const char *params[1] = { json };
        PGresult *r = PQexecParams(f->c, "SELECT hq.transfers_taken($1::jsonb)", 1, NULL, params, NULL, NULL, 0);
        long long n = PQresultStatus(r) == PGRES_TUPLES_OK ? atoll(PQgetvalue(r, 0, 0)) : -1;

        PQclear(r);
        return n;
}

/* Transfers between stores, as dishonest stores would send them: HQ passes on only a
 * transfer posd could have sent, adding up to what its movements took; a receipt counts
 * only at the store the transfer was sent to, adding up to what was sent, line by line,
 * each valued as it left; no store takes, refuses or clears what is not its own. */
static void test_transfers_between_stores(void **state)
{
        static const char line[] = "{\"line\": \"1\", \"sku\": \"A1\", \"qty\": \"2000\", \"unit_cost\": \"800\","
                                   " \"value\": \"1600\"}";
        struct forger s1, s2, s3;
        char note[320];
        (void)state;

        pg_start(&pg);
        hq_init(&pg);
        db = connect_as(NULL);
        forger_start(&s1, "S1", "store_s1");
        forger_start(&s2, "S2", "store_s2");
        forger_start(&s3, "S3", "store_s3");
        assert_true(send_transfer(&s1, "TS00000001", "", "1600", line, "-1600"));
        /* worth more than its movements took; a note past posd's limit; a line of nothing */
        assert_true(send_transfer(&s1, "TS00000002", "", "99999",
                                  "{\"line\": \"1\", \"sku\": \"A1\", \"qty\": \"2000\", \"unit_cost\": \"800\","
                                  " \"value\": \"99999\"}", "-1600"));
        memset(note, 'n', 300);
        note[300] = '\0';
        assert_true(send_transfer(&s1, "TS00000003", note, "1600", line, "-1600"));
        assert_true(send_transfer(&s1, "TS00000004", "", "0", "{\"line\": \"1\", \"sku\": \"A1\"}", "0"));
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE refused IS NULL"), 1);
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE refused = 'values that do not add up'"), 1);
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE refused = 'a note or user posd does not write'"), 1);
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE refused = 'a line that is not one posd writes'"), 1);
        /* S2 is passed the one, and no other store anything */
        assert_int_equal(pg_one(s2.c, "SELECT count(*) FROM hq.transfers_for(100)"), 1);
        assert_int_equal(pg_one(s3.c, "SELECT count(*) FROM hq.transfers_for(100)"), 0);
        /* no store takes or clears another's: S3 takes S2's, S2 takes the one HQ refused */
        assert_int_equal(taken(&s3, "{\"transfers\": [\"S1-TS00000001\"], \"arrivals\": [], \"refused\": []}"), 0);
        assert_int_equal(taken(&s2, "{\"transfers\": [\"S1-TS00000002\"], \"arrivals\": [], \"refused\": []}"), 0);
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE refused = 'values that do not add up'"), 1);
        assert_int_equal(pg_one(s2.c, "SELECT count(*) FROM hq.transfers_for(100)"), 1);
        /* receipts: at a store it was not sent to; of one HQ refused; not valued as it left;
         * more than was sent */
        assert_true(send_receipt(&s3, "TR00000001", "TS00000001", "1600", "0", "2000"));
        assert_true(send_receipt(&s2, "TR00000001", "TS00000002", "99999", "0", "2000"));
        assert_true(send_receipt(&s2, "TR00000002", "TS00000001", "1600", "0", "0"));
        assert_true(send_receipt(&s2, "TR00000003", "TS00000001", "1600", "0", "5000"));
        assert_int_equal(one("SELECT count(*) FROM hq.transfer_anomalies"), 4);
        assert_int_equal(one("SELECT count(*) FROM hq.transfers WHERE receipt IS NOT NULL OR arrival IS NOT NULL"), 0);
        /* S2 takes it, receives it half short, and S1 hears so once */
        assert_int_equal(taken(&s2, "{\"transfers\": [\"S1-TS00000001\"], \"arrivals\": [], \"refused\": []}"), 1);
        assert_int_equal(pg_one(s2.c, "SELECT count(*) FROM hq.transfers_for(100)"), 0);
        assert_true(send_receipt(&s2, "TR00000004", "TS00000001", "800", "800", "1000"));
        assert_int_equal(one("SELECT count(*) FROM hq.transfer_anomalies"), 4);
        assert_int_equal(pg_one(s1.c, "SELECT count(*) FROM hq.transfers_for(100) WHERE kind = 'transfer_arrived'"
                                      " AND data->>'receipt' = 'S2-TR00000004' AND (data->>'short_value')::int = 800"), 1);
        assert_int_equal(taken(&s3, "{\"transfers\": [], \"arrivals\": [\"TS00000001\"], \"refused\": []}"), 0);
        assert_int_equal(taken(&s1, "{\"transfers\": [], \"arrivals\": [\"TS00000001\"], \"refused\": []}"), 1);
        assert_int_equal(pg_one(s1.c, "SELECT count(*) FROM hq.transfers_for(100)"), 0);
        /* received once */
        assert_true(send_receipt(&s2, "TR00000005", "TS00000001", "800", "800", "1000"));
        assert_int_equal(one("SELECT count(*) FROM hq.transfer_anomalies WHERE why LIKE 'received before%'"), 1);
        /* a store that holds its batch open, of a month HQ has no partition for, holds up no
         * other store: its rows go to the default partition, and no store makes a table */
        {
                double t0;
                PQclear(PQexec(s3.c, "BEGIN"));
                assert_true(forge_at(&s3, "sale", "S00000001",
                                     "{\"tables\": [\"sales\"], \"parts\": [[{\"number\": \"S00000001\", \"total\": \"1\"}]]}",
                                     1581000000000LL)); /* February 2020 */
                t0 = (double)wall_ms();
                assert_true(forge(&s1, "sale", "S00000001",
                                  "{\"tables\": [\"sales\"], \"parts\": [[{\"number\": \"S00000001\", \"total\": \"1\"}]]}"));
                assert_true((double)wall_ms() - t0 < 5000);
                PQclear(PQexec(s3.c, "ROLLBACK"));
                assert_int_equal(one("SELECT count(*) FROM pg_class WHERE relname LIKE '%_202002'"), 0);
        }
        PQfinish(s1.c);
        PQfinish(s2.c);
        PQfinish(s3.c);
        PQfinish(db);
        pg_cleanup(&pg);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_exactly_once),
                cmocka_unit_test(test_uploader),
                cmocka_unit_test(test_transfers_between_stores),
        };
        return cmocka_run_group_tests_name("a store's journal at HQ", tests, NULL, NULL);
}
