/* Three stores in a chain, each a posd of its own with its own ledger, reaching HQ's
 * PostgreSQL through a TCP proxy of the test's. They sell, take returns, receive goods and
 * send goods to each other while the network to one loses HQ's answers after HQ did the work (so batches arrive
 * twice), PostgreSQL is stopped at once and started again, one store is killed with
 * SIGKILL mid-upload, the network to another is slowed, and the third is cut off for a
 * day (its clock moved on) while HQ publishes a new price. Then, for every store, with
 * SQL: HQ has every journal entry once, chained and hashing as the store's; its documents,
 * counts and sums, and the summaries equal the store's; every transfer reached its store,
 * was received there once and told back to its sender, and none is in transit; and every
 * store has HQ's latest version, and the price it set. */
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hq_test.h"
#include "proxy.h"

#define STORES 3

static struct pg pg;

struct store {
        struct posd p;
        struct proxy px;
        char code[16], cred[256], args[256], clock[256];
        char tok[80], manager[80]; /* login's are kept in a few slots only */
        char last_sale[32];
};

static struct store stores[STORES];

static void sign_in(struct store *s)
{
        snprintf(s->tok, sizeof(s->tok), "%s", login(&s->p, "alice", "1111"));
        snprintf(s->manager, sizeof(s->manager), "%s", login(&s->p, "maria", "5678"));
}

static void start(struct store *s)
{
        if (s->clock[0])
                posd_start_clock(&s->p, s->clock, s->args);
        else
                posd_start(&s->p, s->args);
        sign_in(s);
        if (http(&s->p, "POST", "/shifts", s->tok, NULL, "{\"opening_float\":10000}", NULL) != 201)
                assert_int_equal(http(&s->p, "GET", "/shifts/current", s->tok, NULL, NULL, NULL), 200);
}

/* Business as usual: two sales, and now and then a return of the last, goods in and two
 * loaves sent to the next store. */
static void trade(struct store *s, bool more)
{
        char body[256];

        sell(&s->p, s->tok, "cash", s->last_sale);
        sell(&s->p, s->tok, "card", s->last_sale);
        if (!more)
                return;
        snprintf(body, sizeof(body),
                 "{\"sale\": \"%s\", \"lines\": [{\"line\": 1, \"qty\": 1}], \"refunds\": [{\"method\": \"card\","
                 " \"amount\": 1250}], \"reason\": \"changed her mind\"}",
                 s->last_sale);
        assert_int_equal(http(&s->p, "POST", "/returns", s->tok, NULL, body, NULL), 201);
        assert_int_equal(http(&s->p, "POST", "/goods-receipts", s->manager, NULL,
                              "{\"supplier\": \"TEA\", \"lines\": [{\"sku\": \"A1\", \"qty\": 5, \"unit_cost\": 700}]}",
                              NULL),
                         201);
        snprintf(body, sizeof(body), "{\"to_store\": \"S%d\", \"lines\": [{\"sku\": \"B2\", \"qty\": 2}]}",
                 (int)(s - stores + 1) % STORES + 1);
        assert_int_equal(http(&s->p, "POST", "/transfers", s->manager, NULL, body, NULL), 201);
}

/* Every store has what HQ published: its changes applied, the transfers to it among them. */
static long long all_caught_up(void)
{
        long long version = hq_one(&pg, "SELECT max(id) FROM hq.changes");

        for (int i = 0; i < STORES; i++)
                caught_up(&stores[i].p, stores[i].manager, version);
        return version;
}

/* Until HQ's count of sql is 0 (90 s): what HQ passes on, taken by the stores in their
 * own time. */
static void hq_none_left(const char *sql)
{
        for (int i = 0; i < 900 && hq_one(&pg, sql) != 0; i++)
                usleep(100000);
        assert_int_equal(hq_one(&pg, sql), 0);
}

/* Each store receives what other stores sent it: in full. */
static void receive_all(struct store *s)
{
        json_t *o = NULL, *t;
        char path[96];
        size_t i;

        assert_int_equal(http(&s->p, "GET", "/transfers?state=in_transit", s->manager, NULL, NULL, &o), 200);
        json_array_foreach(json_object_get(o, "items"), i, t) {
                if (strcmp(jstr(t, "kind"), "incoming"))
                        continue;
                snprintf(path, sizeof(path), "/transfers/%s/receive", jstr(t, "number"));
                assert_int_equal(http(&s->p, "POST", path, s->manager, NULL, "{}", NULL), 201);
        }
        json_decref(o);
}

static long long store_n(struct store *s, const char *sql)
{
        return tsql_int(s->p.store.path, sql);
}

/* HQ's figure for the store: sql with %d for its id at HQ. */
static long long hq_n(int id, const char *fmt)
{
        char sql[1024];

        snprintf(sql, sizeof(sql), fmt, id, id);
        return hq_one(&pg, sql);
}

/* What HQ has of a store (%d: its id at HQ) and what the store has. */
static const char *const same[][2] = {
        { "SELECT count(*) FROM doc.sales WHERE store_id = %d", "SELECT count(*) FROM sales" },
        { "SELECT sum(total) FROM doc.sales WHERE store_id = %d", "SELECT sum(total) FROM sales" },
        { "SELECT count(*) FROM doc.return_lines WHERE store_id = %d", "SELECT count(*) FROM return_lines" },
        { "SELECT coalesce(sum(total_cost), 0) FROM doc.goods_receipts WHERE store_id = %d",
          "SELECT coalesce(sum(total_cost), 0) FROM goods_receipts" },
        { "SELECT sum(qty) FROM doc.stock_movements WHERE store_id = %d", "SELECT sum(qty) FROM stock_movements" },
        { "SELECT sum(total) FROM hq.store_days WHERE store_id = %d",
          "SELECT (SELECT sum(total) FROM sales) - (SELECT coalesce(sum(total), 0) FROM returns)" },
        { "SELECT sum(sales) FROM hq.store_days WHERE store_id = %d", "SELECT count(*) FROM sales" },
        { "SELECT sum(amount) FROM hq.sales_daily WHERE store_id = %d",
          "SELECT (SELECT sum(amount) FROM sale_lines) - (SELECT coalesce(sum(amount), 0) FROM return_lines)" },
        { "SELECT sum(value) FROM hq.stock_levels WHERE store_id = %d", "SELECT sum(value) FROM stock_on_hand" },
        /* what it sent, each received and told back; what it received, each once */
        { "SELECT count(*) FROM hq.transfers WHERE store_id = %d AND receipt IS NOT NULL",
          "SELECT count(*) FROM store_transfers" },
        { "SELECT count(*) FROM hq.transfers WHERE store_id = %d", "SELECT count(*) FROM store_transfer_arrivals" },
        { "SELECT count(*) FROM hq.transfers WHERE to_store_id = %d", "SELECT count(*) FROM store_receipts" },
        { "SELECT count(*) FROM hq.transfers WHERE to_store_id = %d", "SELECT count(DISTINCT expected_id) FROM store_receipts" },
        { "SELECT coalesce(sum(value), 0) FROM hq.transfers WHERE to_store_id = %d",
          "SELECT coalesce(sum(value), 0) FROM store_receipts" },
};

static void check_store(struct store *s, long long version)
{
        char sql[256], hash[65];
        long long last = store_n(s, "SELECT max(id) FROM journal");
        int id;

        snprintf(sql, sizeof(sql), "SELECT id FROM hq.stores WHERE code = '%s'", s->code);
        id = (int)hq_one(&pg, sql);
        /* every entry once, 1..last, as the store chained them */
        assert_int_equal(hq_n(id, "SELECT count(*) FROM hq.journal WHERE store_id = %d"), last);
        assert_int_equal(hq_n(id, "SELECT count(DISTINCT seq) FROM hq.journal WHERE store_id = %d"), last);
        assert_int_equal(hq_n(id, "SELECT max(seq) FROM hq.journal WHERE store_id = %d"), last);
        assert_int_equal(hq_n(id, "SELECT last_seq FROM hq.stores WHERE id = %d"), last);
        assert_int_equal(hq_n(id, "SELECT count(*) FROM hq.journal j LEFT JOIN hq.journal p ON p.store_id = j.store_id"
                                  " AND p.seq = j.seq - 1 WHERE j.store_id = %d AND (j.hash <> hq.chain_hash(j.prev_hash,"
                                  " j.doc_type, j.doc_id, j.number, j.at, j.digest) OR (j.seq > 1 AND p.hash IS DISTINCT"
                                  " FROM j.prev_hash))"),
                         0);
        store_hash(&s->p, last, hash);
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM hq.journal WHERE store_id = %d AND seq = %lld AND hash = '%s'", id,
                 last, hash);
        assert_int_equal(hq_one(&pg, sql), 1);
        /* the documents and the summaries, against the store's own */
        for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
                if (hq_n(id, same[i][0]) != store_n(s, same[i][1]))
                        fail_msg("%s: HQ's %s is %lld, the store's %s %lld", s->code, same[i][0], hq_n(id, same[i][0]),
                                 same[i][1], store_n(s, same[i][1]));
        /* HQ's latest version, and the price it set */
        assert_int_equal(hq_n(id, "SELECT applied FROM hq.stores WHERE id = %d"), version);
        assert_int_equal(store_n(s, "SELECT price FROM products WHERE sku = 'B2'"), 777);
        snprintf(sql, sizeof(sql), "SELECT price FROM hq.store_prices WHERE store = '%s' AND sku = 'B2'", s->code);
        assert_int_equal(hq_one(&pg, sql), 777);
        verify_ok(&s->p);
}

static void test_three_stores(void **state)
{
        struct store *s3 = &stores[2];
        long long version;
        (void)state;

        pg.passwords = pg.tcp = true;
        pg_start(&pg);
        hq_init(&pg);
        for (int i = 0; i < STORES; i++) {
                struct store *s = &stores[i];
                char conf[1024];
                posd_store(&s->p);
                snprintf(s->code, sizeof(s->code), "S%d", i + 1);
                hq_add_store(&pg, &s->p, s->code, s->cred);
                proxy_start(&s->px, pg.port);
                snprintf(conf, sizeof(conf),
                         "[hq]\nhost = 127.0.0.1\nport = %d\ndatabase = postgres\nrole = store_s%d\ncredentials = %s\n"
                         "tls = off\nevery_seconds = 1\nbatch = 5\n",
                         s->px.port, i + 1, s->cred);
                snprintf(s->args, sizeof(s->args), "-c %s", twrite(&s->p.store, "posd.conf", conf));
        }
        /* the third store's clock is the test's to move */
        snprintf(s3->clock, sizeof(s3->clock), "%s/clock", s3->p.store.dir);
        twrite(&s3->p.store, "clock", "@2026-12-07 10:00:00");
        for (int i = 0; i < STORES; i++)
                start(&stores[i]);
        hq_publish(&pg, "supplier", "{\"code\": \"TEA\", \"name\": \"Tea Co\"}\n");
        all_caught_up();

        /* answers lost on the way back to store 1: HQ took batches the store never heard of */
        proxy_set(&stores[0].px, PROXY_LOSE_ANSWERS);
        for (int i = 0; i < STORES; i++)
                trade(&stores[i], i == 0);
        for (int i = 0; i < 50 && !atomic_load(&stores[0].px.lost); i++)
                usleep(100000);
        assert_true(atomic_load(&stores[0].px.lost) > 0);
        proxy_set(&stores[0].px, PROXY_PASS);

        /* PostgreSQL stopped at once while the stores trade, then started again */
        pg_stop(&pg, true);
        for (int i = 0; i < STORES; i++)
                trade(&stores[i], i == 1);
        usleep(1500 * 1000);
        pg_restart(&pg);

        /* store 2 killed mid-upload, and started again */
        for (int i = 0; i < 6; i++)
                sell(&stores[1].p, stores[1].tok, "cash", stores[1].last_sale);
        usleep(300 * 1000);
        posd_kill(&stores[1].p);
        start(&stores[1]);
        trade(&stores[1], true);

        /* store 3 cut off for a day, trading on; a slow network to store 2; HQ changes a price */
        proxy_set(&stores[1].px, PROXY_DELAY);
        proxy_set(&s3->px, PROXY_CUT);
        trade(s3, true);
        twrite(&s3->p.store, "clock", "@2026-12-08 10:00:00");
        /* a day on, the cashier signs in again */
        sign_in(s3);
        for (int i = 0; i < 5; i++)
                trade(s3, i == 0);
        hq_publish(&pg, "price", "{\"sku\": \"B2\", \"price\": 777}\n");
        version = hq_one(&pg, "SELECT max(id) FROM hq.changes");
        trade(&stores[0], true);
        trade(&stores[1], false);
        /* the store cut off neither sent nor heard a thing */
        assert_int_equal(hq_one(&pg, "SELECT (applied < (SELECT max(id) FROM hq.changes))::int FROM hq.stores WHERE code = 'S3'"), 1);
        assert_true(store_n(s3, "SELECT price FROM products WHERE sku = 'B2'") != 777);

        /* all back: what each store sent reaches the next, is received there, and the
         * sender hears it arrived */
        for (int i = 0; i < STORES; i++)
                proxy_set(&stores[i].px, PROXY_PASS);
        for (int i = 0; i < STORES; i++)
                caught_up(&stores[i].p, stores[i].manager, version);
        all_caught_up();
        hq_none_left("SELECT count(*) FROM hq.transfers WHERE passed_at IS NULL");
        for (int i = 0; i < STORES; i++)
                receive_all(&stores[i]);
        for (int i = 0; i < STORES; i++)
                caught_up(&stores[i].p, stores[i].manager, 0);
        hq_none_left("SELECT count(*) FROM hq.transfers WHERE told_at IS NULL");
        version = all_caught_up();
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.transfers WHERE receipt IS NULL OR refused IS NOT NULL"), 0);
        assert_true(hq_one(&pg, "SELECT count(*) FROM hq.transfers") >= STORES);
        /* the day offline is two days at HQ */
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.store_days d JOIN hq.stores s ON s.id = d.store_id"
                                     " WHERE s.code = 'S3'"),
                         2);
        for (int i = 0; i < STORES; i++) {
                posd_stop(&stores[i].p);
                proxy_stop(&stores[i].px);
                check_store(&stores[i], version);
        }
        for (int i = 0; i < STORES; i++)
                posd_cleanup(&stores[i].p);
        pg_cleanup(&pg);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_three_stores),
        };
        return cmocka_run_group_tests_name("three stores in a chain", tests, NULL, NULL);
}
