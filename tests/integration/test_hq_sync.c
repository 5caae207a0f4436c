/* A store in a chain, as it is set up and run: posctl hq init and add-store against a
 * PostgreSQL of the test's own that asks every store's role for its password, then posd
 * with [hq] sending its journal by itself. The till never waits for HQ: it sells while
 * HQ is down, and HQ has every entry once when it is back. The rule checked after each
 * step: HQ holds entries 1..n of the store's journal, each once, n = what the store says
 * HQ holds; a manager sees where it stands, a cashier does not. */
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hq_test.h"

static struct pg pg;

/* HQ holds 1..n of the store's entries, each once, the last with the store's hash (the
 * chain, which HQ checks on the way in, vouches for those before it). */
static void check_hq(struct posd *p, long long n)
{
        char sql[256], hash[65];

        assert_int_equal(hq_one(&pg, "SELECT count(DISTINCT seq) FROM hq.journal"), n);
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.journal"), n);
        assert_int_equal(hq_one(&pg, "SELECT coalesce(max(seq), 0) FROM hq.journal"), n);
        assert_int_equal(hq_one(&pg, "SELECT last_seq FROM hq.stores WHERE code = 'S1'"), n);
        store_hash(p, n, hash);
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM hq.journal WHERE seq = %lld AND hash = '%s'", n, hash);
        assert_int_equal(hq_one(&pg, sql), 1);
}

/* HQ's schema and store S1's role at HQ, its credentials in p's folder (cred). */
static void hq_with_store(struct posd *p, char cred[256])
{
        hq_init(&pg);
        hq_add_store(&pg, p, "S1", cred);
}

/* posd sending to HQ on its socket as role, every second. */
static void start_in_chain(struct posd *p, const char *role, const char *cred)
{
        char conf[1024], args[320];

        snprintf(conf, sizeof(conf),
                 "[hq]\nhost = %s\nport = %d\ndatabase = postgres\nrole = %s\ncredentials = %s\nevery_seconds = 1\n",
                 pg.dir, pg.port, role, cred);
        snprintf(args, sizeof(args), "-c %s", twrite(&p->store, "posd.conf", conf));
        posd_start(p, args);
}

/* posd with [hq] over TCP (tls, ca; "" for none) until HQ holds its whole journal, or
 * HQ's refusal: the error /sync shows (NULL when all went). */
static char *over_tcp(struct posd *p, const char *cred, const char *tls, const char *ca)
{
        char conf[1024], args[256], number[32];
        static char err[256];
        const char *tok, *manager;
        long long n;

        snprintf(conf, sizeof(conf),
                 "[hq]\nhost = localhost\nport = %d\ndatabase = postgres\nrole = store_s1\ncredentials = %s\n"
                 "tls = %s\n%s%s\nevery_seconds = 1\n",
                 pg.port, cred, tls, ca[0] ? "ca = " : "", ca);
        twrite(&p->store, "posd.conf", conf);
        snprintf(args, sizeof(args), "-c %s/posd.conf", p->store.dir);
        posd_start(p, args);
        tok = login(p, "alice", "1111");
        manager = login(p, "maria", "5678");
        if (http(p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL) != 201)
                assert_int_equal(http(p, "GET", "/shifts/current", tok, NULL, NULL, NULL), 200);
        sell(p, tok, "cash", number);
        err[0] = '\0';
        for (int i = 0; i < 300; i++) {
                json_t *o = sync_state(p, manager);
                const char *e = json_string_value(json_object_get(o, "error"));
                if (e)
                        snprintf(err, sizeof(err), "%s", e);
                n = jint(o, "waiting");
                json_decref(o);
                if (e || n == 0)
                        break;
                usleep(100000);
        }
        posd_stop(p);
        return err[0] ? err : NULL;
}

/* An HQ on another machine: TLS, HQ's certificate checked against the CA posd is given. */
static void test_tls(void **state)
{
        struct posd p;
        char cred[256], ca[256], other[256];
        const char *err;
        (void)state;

        pg.passwords = pg.tls = true;
        pg_start(&pg);
        posd_store(&p);
        hq_with_store(&p, cred);
        snprintf(ca, sizeof(ca), "%s/ca.pem", pg.dir);
        snprintf(other, sizeof(other), "%s/other-ca.pem", pg.dir);
        /* a certificate no CA of posd's signed: refused, nothing sent */
        err = over_tcp(&p, cred, "verify-full", other);
        assert_non_null(err);
        assert_non_null(strstr(err, "certificate verify failed"));
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.journal"), 0);
        /* without TLS HQ does not let the store in (hostssl only) */
        err = over_tcp(&p, cred, "off", "");
        assert_non_null(err);
        assert_non_null(strstr(err, "no encryption"));
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.journal"), 0);
        /* the right CA: HQ has it all */
        err = over_tcp(&p, cred, "verify-full", ca);
        if (err)
                fail_msg("over TLS: %s", err);
        check_hq(&p, tsql_int(p.store.path, "SELECT count(*) FROM journal"));
        posd_cleanup(&p);
        pg_cleanup(&pg);
        pg.tls = false;
}

/* A product's price at the store. */
static long long price_of(struct posd *p, const char *tok, const char *sku)
{
        char path[64];
        json_t *o = NULL;
        long long v;

        snprintf(path, sizeof(path), "/products/%s", sku);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        v = jint(o, "price");
        json_decref(o);
        return v;
}

/* HQ's changes reach the store, each batch in one transaction: a product with its
 * barcode and category, a supplier, a user with HQ's hash of a PIN, a price now and one
 * at a time to come; the one to come changes on time with HQ down; a change the store
 * refuses is left out and said, and the rest go on; HQ sees which store has which price. */
static void test_changes_from_hq(void **state)
{
        struct posd p;
        char cred[256], args[1024], out[2048], lines[1024];
        const char *manager;
        long long switch_at, last;
        json_t *o = NULL;
        (void)state;

        pg.passwords = true;
        pg_start(&pg);
        posd_store(&p);
        hq_with_store(&p, cred);
        start_in_chain(&p, "store_s1", cred);
        manager = login(&p, "maria", "5678");
        assert_int_equal(price_of(&p, manager, "A1"), 1250);

        hq_publish(&pg, "product", "{\"sku\": \"HQ1\", \"name\": \"Oolong tea 500ml\", \"unit\": \"pcs\","
                           " \"category\": \"Tea\", \"price\": 650, \"cost\": 300, \"barcodes\": [\"5901234123457\"]}\n");
        /* a change that names only what changes leaves the rest as it was */
        hq_publish(&pg, "product", "{\"sku\": \"HQ1\", \"name\": \"Oolong tea 0.5 L\"}\n");
        hq_publish(&pg, "supplier", "{\"code\": \"TEA\", \"name\": \"Tea Co\", \"lead_days\": 3}\n");
        /* a short PIN would be a short guess for whoever holds any store's copy of its hash */
        snprintf(args, sizeof(args), "echo 4321 | %s hq user '%s' zoe --role manager 2>&1", getenv("POSCTL"),
                 pg_as(&pg, NULL));
        assert_int_not_equal(trun(args, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "a PIN of 8 to 12 digits"));
        snprintf(args, sizeof(args), "echo 43214321 | %s hq user '%s' zoe --role manager 2>&1", getenv("POSCTL"),
                 pg_as(&pg, NULL));
        if (trun(args, out, sizeof(out)) != 0)
                fail_msg("hq user: %s", out);
        /* a price for now, one the store refuses (no such product), one at a time to come */
        switch_at = wall_ms() + 4000;
        snprintf(lines, sizeof(lines),
                 "{\"sku\": \"B2\", \"price\": 990}\n{\"sku\": \"NOSUCH\", \"price\": 100}\n"
                 "{\"sku\": \"A1\", \"price\": 1199, \"effective_at\": %lld}\n", switch_at);
        hq_publish(&pg, "price", lines);
        last = hq_one(&pg, "SELECT max(id) FROM hq.changes");

        caught_up(&p, manager, last);
        /* the pass that applied them counts what it refused once it is over */
        for (int i = 0; i < 50 && jint(o = sync_state(&p, manager), "changes_refused") != 1; i++) {
                json_decref(o);
                usleep(100000);
        }
        if (jint(o, "changes_refused") != 1) {
                char sql[64];
                snprintf(sql, sizeof(sql), "SELECT detail FROM audit_log WHERE action = 'hq_refused'");
                snprintf(args, sizeof(args), "sqlite3 %s \"%s\"", p.store.path, sql);
                trun(args, out, sizeof(out));
                fail_msg("refused: %s; %s", out, json_dumps(o, JSON_COMPACT));
        }
        json_decref(o);
        /* HQ hears the version the store applied */
        for (int i = 0; i < 50 && hq_one(&pg, "SELECT applied FROM hq.stores WHERE code = 'S1'") != last; i++)
                usleep(100000);
        assert_int_equal(hq_one(&pg, "SELECT applied FROM hq.stores WHERE code = 'S1'"), last);
        assert_int_equal(price_of(&p, manager, "HQ1"), 650);
        assert_int_equal(http(&p, "GET", "/barcodes/5901234123457", manager, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "product.sku"), "HQ1");
        assert_string_equal(jstr(o, "product.name"), "Oolong tea 0.5 L");
        assert_int_equal(tsql_int(p.store.path, "SELECT cost FROM products WHERE sku = 'HQ1'"), 300);
        assert_string_equal(jstr(o, "product.category"), "Tea");
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/suppliers/TEA", manager, NULL, NULL, &o), 200);
        assert_int_equal(jint(o, "lead_days"), 3);
        json_decref(o);
        login(&p, "zoe", "43214321");
        assert_int_equal(price_of(&p, manager, "B2"), 990);
        assert_int_equal(price_of(&p, manager, "A1"), 1250);
        assert_int_equal(tsql_int(p.store.path, "SELECT count(*) FROM audit_log WHERE action = 'hq_refused'"
                                                " AND detail LIKE '%NOSUCH%'"), 1);
        /* HQ sees the prices the store has: B2's, and A1's from before HQ priced it */
        assert_int_equal(hq_one(&pg, "SELECT price FROM hq.store_prices WHERE store = 'S1' AND sku = 'B2'"), 990);
        /* a price the store refused is no price it has */
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.store_prices WHERE sku = 'NOSUCH'"), 0);
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.refusals"), 1);
        assert_int_equal(hq_one(&pg, "SELECT count(*) FROM hq.store_prices WHERE store = 'S1' AND sku = 'A1'"), 0);

        /* HQ goes down before the switch: the store changes A1's price on time all the same */
        pg_stop(&pg, true);
        while (wall_ms() < switch_at - 500)
                usleep(100000);
        assert_int_equal(price_of(&p, manager, "A1"), 1250);
        while (wall_ms() < switch_at + 1500)
                usleep(100000);
        assert_int_equal(price_of(&p, manager, "A1"), 1199);
        assert_int_equal(tsql_int(p.store.path, "SELECT count(*) FROM audit_log WHERE action = 'price'"
                                                " AND detail LIKE 'A1 1250 -> 1199 (as planned)'"), 1);
        pg_restart(&pg);
        assert_int_equal(hq_one(&pg, "SELECT price FROM hq.store_prices WHERE store = 'S1' AND sku = 'A1'"), 1199);
        posd_stop(&p);
        posd_cleanup(&p);
        pg_cleanup(&pg);
}

/* GET path as tok until its answer's member at key is want (or 15 s): the answer. */
static json_t *await(struct posd *p, const char *path, const char *tok, const char *key, const char *want)
{
        json_t *o = NULL;

        for (int i = 0; i < 150; i++) {
                json_decref(o);
                o = NULL;
                if (http(p, "GET", path, tok, NULL, NULL, &o) == 200 && json_is_string(jget(o, key)) &&
                    !strcmp(json_string_value(jget(o, key)), want))
                        return o;
                usleep(100000);
        }
        fail_msg("GET %s: %s is not %s in %s", path, key, want, o ? json_dumps(o, JSON_COMPACT) : "(no answer)");
        return NULL;
}

/* A transfer from store S1 to S2 through HQ: S1 learns of S2 from HQ, sends; S2 expects
 * it, receives it short; S1 hears it arrived; HQ's office shows it in transit, then
 * received, and each store's stock at HQ is the store's. */
static void transfer_between_stores(struct posd *s1, const char *m1, struct posd *office, const char *boss)
{
        struct posd s2;
        char cred[256];
        const char *m2;
        json_t *o;

        posd_store(&s2);
        hq_add_store(&pg, &s2, "S2", cred);
        start_in_chain(&s2, "store_s2", cred);
        m2 = login(&s2, "maria", "5678");
        json_decref(await(s1, "/locations", m1, "stores.0.code", "S2"));
        /* a store knows itself, and sends nothing to itself or to a store the chain lacks */
        json_decref(await(&s2, "/locations", m2, "stores.0.code", "S1"));
        assert_int_equal(http(&s2, "POST", "/transfers", m2, NULL, "{\"to_store\": \"S2\", \"lines\": [{\"sku\": \"A1\", \"qty\": 1}]}",
                              &o), 422);
        assert_string_equal(jstr(o, "error.code"), "SAME_STORE");
        json_decref(o);
        assert_int_equal(http(s1, "POST", "/transfers", m1, NULL, "{\"to_store\": \"S9\", \"lines\": [{\"sku\": \"A1\", \"qty\": 1}]}",
                              &o), 422);
        assert_string_equal(jstr(o, "error.code"), "UNKNOWN_STORE");
        json_decref(o);
        assert_int_equal(http(s1, "POST", "/transfers", m1, NULL,
                              "{\"to_store\": \"S2\", \"note\": \"for the weekend\", \"lines\": [{\"sku\": \"A1\", \"qty\": 2},"
                              " {\"sku\": \"B2\", \"qty\": 3}]}", &o),
                     201);
        assert_string_equal(jstr(o, "number"), "TS00000001");
        assert_string_equal(jstr(o, "kind"), "outgoing");
        assert_string_equal(jstr(o, "state"), "in_transit");
        json_decref(o);

        o = await(&s2, "/transfers/S1-TS00000001", m2, "state", "in_transit");
        assert_string_equal(jstr(o, "kind"), "incoming");
        assert_string_equal(jstr(o, "from"), "S1");
        assert_string_equal(jstr(o, "note"), "for the weekend");
        json_decref(o);
        o = await(office, "/chain/transfers", boss, "rows.0.state", "in_transit");
        assert_string_equal(jstr(o, "rows.0.from_store"), "S1");
        assert_string_equal(jstr(o, "rows.0.to_store"), "S2");
        assert_int_equal(jint(o, "rows.0.value"), tsql_int(s1->store.path, "SELECT value FROM store_transfers"));
        json_decref(o);
        /* received at S2, one juice short; the sender cannot receive it */
        assert_int_equal(http(s1, "POST", "/transfers/TS00000001/receive", m1, NULL, "{}", NULL), 422);
        assert_int_equal(http(&s2, "POST", "/transfers/S1-TS00000001/receive", m2, NULL,
                              "{\"lines\": [{\"line\": 1, \"received\": 1}]}", &o), 201);
        assert_string_equal(jstr(o, "state"), "received");
        assert_string_equal(jstr(o, "receipt"), "TR00000001");
        json_decref(o);
        o = await(s1, "/transfers/TS00000001", m1, "state", "received");
        assert_string_equal(jstr(o, "receipt"), "S2-TR00000001");
        assert_int_equal(jqty(o, "lines.0.received"), 1000);
        assert_int_equal(jqty(o, "lines.1.received"), 3000);
        assert_int_equal(jint(o, "short_value"), tsql_int(s2.store.path, "SELECT short_value FROM store_receipts"));
        assert_true(jint(o, "short_value") > 0);
        json_decref(o);
        o = await(office, "/chain/transfers?by=all", boss, "rows.0.state", "received");
        assert_int_equal(jint(o, "rows.0.received_value") + jint(o, "rows.0.short_value"), jint(o, "rows.0.value"));
        json_decref(o);
        assert_int_equal(http(office, "GET", "/chain/transfers", boss, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "rows")), 0);
        json_decref(o);
        /* HQ's stock of each store is the store's */
        caught_up(&s2, m2, 0);
        caught_up(s1, m1, 0);
        assert_int_equal(hq_one(&pg, "SELECT sum(value) FROM hq.stock_levels k JOIN hq.stores s ON s.id = k.store_id"
                                     " WHERE s.code = 'S2'"),
                         tsql_int(s2.store.path, "SELECT sum(value) FROM stock_on_hand"));
        assert_int_equal(hq_one(&pg, "SELECT sum(value) FROM hq.stock_levels k JOIN hq.stores s ON s.id = k.store_id"
                                     " WHERE s.code = 'S1'"),
                         tsql_int(s1->store.path, "SELECT sum(value) FROM stock_on_hand"));
        posd_stop(&s2);
        posd_cleanup(&s2);
}

/* HQ's reports, from a posd at HQ's office that serves them as a reader: each store's
 * sync, sales by store and product, stock and its value, against the store's own; as
 * CSV; for managers only; refused by a posd that serves none. Then a transfer to a
 * second store, in transit and received. */
static void test_hq_reports(void **state)
{
        struct posd store, office;
        char cred[256], conf[1024], args[1024], out[4096], number[32], body[256];
        const char *tok, *manager, *boss;
        char *csv;
        json_t *o = NULL;
        long long last;
        int status;
        (void)state;

        pg.passwords = true;
        pg_start(&pg);
        posd_store(&store);
        hq_with_store(&store, cred);
        start_in_chain(&store, "store_s1", cred);
        tok = login(&store, "alice", "1111");
        assert_int_equal(http(&store, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        for (int i = 0; i < 3; i++)
                sell(&store, tok, "card", number);
        snprintf(body, sizeof(body), "{\"sale\": \"%s\", \"lines\": [{\"line\": 1, \"qty\": 1}],"
                 " \"refunds\": [{\"method\": \"card\", \"amount\": 1250}]}", number);
        assert_int_equal(http(&store, "POST", "/returns", tok, NULL, body, NULL), 201);
        manager = login(&store, "maria", "5678");
        last = caught_up(&store, manager, 0);

        /* HQ's office: a reader's role and credentials, and a posd serving the reports */
        posd_store(&office);
        snprintf(cred, sizeof(cred), "%s/reader.pass", office.store.dir);
        snprintf(args, sizeof(args), "hq add-reader '%s' office %s", pg_as(&pg, NULL), cred);
        if (posctl_run(args, out, sizeof(out)) != 0)
                fail_msg("posctl %s: %s", args, out);
        assert_non_null(strstr(out, "role = reader_office\ncredentials = "));
        assert_non_null(strstr(out, "serve = reports\n"));
        snprintf(conf, sizeof(conf),
                 "[hq]\nhost = %s\nport = %d\ndatabase = postgres\nrole = reader_office\ncredentials = %s\n"
                 "serve = reports\n",
                 pg.dir, pg.port, cred);
        snprintf(args, sizeof(args), "-c %s", twrite(&office.store, "posd.conf", conf));
        posd_start(&office, args);
        boss = login(&office, "maria", "5678");
        assert_int_equal(http(&office, "GET", "/health", NULL, NULL, NULL, &o), 200);
        assert_true(json_is_true(json_object_get(o, "hq_reports")));
        json_decref(o);

        assert_int_equal(http(&office, "GET", "/chain/stores", boss, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "rows.0.store"), "S1");
        assert_int_equal(jint(o, "rows.0.received"), last);
        assert_int_equal(jint(o, "rows.0.journal"), last);
        assert_int_equal(jint(o, "rows.0.waiting"), 0);
        assert_int_equal(jint(o, "rows.0.changes_waiting"), 0);
        json_decref(o);
        assert_int_equal(http(&office, "GET", "/chain/sales?from=2000-01-01&to=2099-12-31&by=store", boss, NULL, NULL, &o),
                         200);
        assert_int_equal(jint(o, "rows.0.amount"), tsql_int(store.store.path, "SELECT (SELECT sum(amount) FROM sale_lines)"
                                                                              " - (SELECT sum(amount) FROM return_lines)"));
        assert_int_equal(jint(o, "rows.0.margin"), jint(o, "rows.0.amount") - jint(o, "rows.0.tax") - jint(o, "rows.0.cost"));
        json_decref(o);
        assert_int_equal(http(&office, "GET", "/chain/sales?from=2000-01-01&to=2099-12-31&by=product", boss, NULL, NULL, &o),
                         200);
        assert_string_equal(jstr(o, "rows.0.key"), "A1");
        assert_int_equal(jqty(o, "rows.0.qty"), 2000); /* three sold, one back */
        json_decref(o);
        assert_int_equal(http(&office, "GET", "/chain/stock?by=store", boss, NULL, NULL, &o), 200);
        assert_int_equal(jint(o, "rows.0.value"), tsql_int(store.store.path, "SELECT sum(value) FROM stock_on_hand"));
        assert_int_equal(jqty(o, "rows.0.qty"), tsql_int(store.store.path, "SELECT sum(qty) FROM stock_on_hand"));
        json_decref(o);
        csv = http_text(&office, "/chain/sales?from=2000-01-01&to=2099-12-31&by=category&format=csv", boss, &status);
        assert_int_equal(status, 200);
        if (!strstr(csv, "\"key\",\"name\",\"qty\",\"amount\",\"tax\",\"cost\",\"margin\"\r\n\"饮料 Drinks\",\"\",2,2500,"))
                fail_msg("the CSV: %s", csv);
        free(csv);
        /* asked wrong, by a cashier, or of a posd that serves no reports */
        assert_int_equal(http(&office, "GET", "/chain/sales?from=2000-01-01&to=2099-12-31&by=colour", boss, NULL, NULL, NULL),
                         422);
        assert_int_equal(http(&office, "GET", "/chain/sales?from=yesterday&to=2099-12-31", boss, NULL, NULL, NULL), 422);
        assert_int_equal(http(&office, "GET", "/chain/stores", login(&office, "alice", "1111"), NULL, NULL, NULL), 403);
        assert_int_equal(http(&store, "GET", "/chain/stores", manager, NULL, NULL, NULL), 404);
        /* the reader reads and writes nothing */
        {
                char ci[512];
                PGconn *c;
                PGresult *r;
                snprintf(ci, sizeof(ci), "%s passfile=%s", pg_as(&pg, "reader_office"), cred);
                c = PQconnectdb(ci);
                assert_int_equal(PQstatus(c), CONNECTION_OK);
                r = PQexec(c, "UPDATE hq.stores SET last_seq = 0");
                assert_int_not_equal(PQresultStatus(r), PGRES_COMMAND_OK);
                PQclear(r);
                PQfinish(c);
        }
        transfer_between_stores(&store, manager, &office, boss);
        posd_stop(&office);
        posd_stop(&store);
        posd_cleanup(&office);
        posd_cleanup(&store);
        pg_cleanup(&pg);
}

static void test_store_in_a_chain(void **state)
{
        struct posd p;
        char args[1024], posd_args[256], out[4096], conf[1024], cred[256], number[32];
        const char *tok, *manager;
        struct stat s;
        json_t *o = NULL;
        long long n;
        (void)state;

        pg.passwords = true;
        pg_start(&pg);
        posd_store(&p);

        /* HQ's schema, twice: the second run changes nothing */
        snprintf(args, sizeof(args), "hq init '%s'", pg_as(&pg, NULL));
        if (posctl_run(args, out, sizeof(out)) != 0 || posctl_run(args, out, sizeof(out)) != 0)
                fail_msg("posctl %s: %s", args, out);
        assert_non_null(strstr(out, "HQ's schema is in postgres"));
        /* the store's role and its credentials, in a new file only its owner reads */
        snprintf(cred, sizeof(cred), "%s/hq.pass", p.store.dir);
        snprintf(args, sizeof(args), "hq add-store '%s' S1 %s", pg_as(&pg, NULL), cred);
        if (posctl_run(args, out, sizeof(out)) != 0)
                fail_msg("posctl %s: %s", args, out);
        assert_non_null(strstr(out, "role = store_s1\ncredentials = "));
        assert_int_equal(stat(cred, &s), 0);
        assert_int_equal(s.st_mode & 0777, 0600);
        /* a store HQ has already, and a file that is there already, are refused */
        assert_int_not_equal(posctl_run(args, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "is there already"));
        snprintf(args, sizeof(args), "hq add-store '%s' S1 %s/other.pass", pg_as(&pg, NULL), p.store.dir);
        assert_int_not_equal(posctl_run(args, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "is at HQ already"));
        snprintf(args, sizeof(args), "%s/other.pass", p.store.dir);
        assert_int_equal(access(args, F_OK), -1);
        /* without the password the role signs in to nothing */
        {
                char ci[512];
                PGconn *c;
                const char *empty = twrite(&p.store, "empty.pass", "");
                chmod(empty, 0600);
                snprintf(ci, sizeof(ci), "%s passfile=%s", pg_as(&pg, "store_s1"), empty);
                c = PQconnectdb(ci);
                assert_int_not_equal(PQstatus(c), CONNECTION_OK);
                PQfinish(c);
        }

        snprintf(conf, sizeof(conf),
                 "[checkout]\nlanes = 1\n[hq]\nhost = %s\nport = %d\ndatabase = postgres\nrole = store_s1\n"
                 "credentials = %s\nevery_seconds = 1\nbatch = 3\n",
                 pg.dir, pg.port, cred);
        /* a credentials file others can read: posd will not start */
        chmod(cred, 0644);
        twrite(&p.store, "posd.conf", conf);
        snprintf(args, sizeof(args), "timeout 20 %s -c %s/posd.conf --db %s --listen 127.0.0.1:0 2>&1", getenv("POSD"),
                 p.store.dir, p.store.path);
        assert_int_equal(trun(args, out, sizeof(out)), 1);
        assert_non_null(strstr(out, "no one else can read (chmod 600)"));
        chmod(cred, 0600);
        /* nor without TLS to an HQ elsewhere: anyone on the way could play HQ */
        {
                char bad[512], cmd[1024];
                snprintf(bad, sizeof(bad), "[hq]\nhost = hq.example.com\nrole = store_s1\ncredentials = %s\ntls = off\n",
                         cred);
                snprintf(cmd, sizeof(cmd), "timeout 20 %s -c %s --db %s --listen 127.0.0.1:0 2>&1", getenv("POSD"),
                         twrite(&p.store, "bad.conf", bad), p.store.path);
                assert_int_equal(trun(cmd, out, sizeof(out)), 1);
                assert_non_null(strstr(out, "tls = off is for an HQ on this machine only"));
        }
        snprintf(posd_args, sizeof(posd_args), "-c %s/posd.conf", p.store.dir);

        posd_start(&p, posd_args);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        manager = login(&p, "maria", "5678");
        for (int i = 0; i < 4; i++)
                sell(&p, tok, "cash", number);
        n = caught_up(&p, manager, 0);
        assert_true(n >= 4);
        check_hq(&p, n);
        o = sync_state(&p, manager);
        assert_true(json_is_true(json_object_get(o, "configured")));
        assert_true(json_is_true(json_object_get(o, "connected")));
        assert_int_equal(jint(o, "at_hq"), n);
        assert_int_equal(jint(o, "waiting_since"), 0);
        assert_true(jint(o, "last_ok_at") > 0);
        assert_null(json_object_get(o, "error"));
        json_decref(o);
        /* health: the sync state for a manager only; /sync not for a cashier */
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, &o), 200);
        assert_null(json_object_get(o, "sync"));
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/health", tok, NULL, NULL, &o), 200);
        assert_null(json_object_get(o, "sync"));
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/health", manager, NULL, NULL, &o), 200);
        assert_int_equal(jint(o, "sync.at_hq"), n);
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/sync", tok, NULL, NULL, NULL), 403);

        /* HQ down: the till sells on; the manager sees what waits, since when, and why */
        pg_stop(&pg, true);
        for (int i = 0; i < 3; i++)
                sell(&p, tok, "card", number);
        for (int i = 0; i < 100; i++) {
                o = sync_state(&p, manager);
                if (json_object_get(o, "error"))
                        break;
                json_decref(o);
                o = NULL;
                usleep(100000);
        }
        assert_non_null(o);
        assert_int_equal(jint(o, "waiting"), 3);
        assert_true(jint(o, "waiting_since") > 0);
        assert_true(json_is_false(json_object_get(o, "connected")));
        assert_true(jint(o, "failures") >= 1);
        assert_true(jint(o, "next_try_at") > jint(o, "last_try_at"));
        json_decref(o);
        /* ... and posctl on the store says the same */
        snprintf(args, sizeof(args), "--db %s sync status", p.store.path);
        assert_int_equal(posctl_run(args, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "waiting     3\nsince       "));

        /* HQ back: each entry once; then posd killed and started again sends nothing twice */
        pg_restart(&pg);
        n = caught_up(&p, manager, 0);
        check_hq(&p, n);
        posd_kill(&p);
        assert_int_equal(tsql_exec(p.store.path, "DELETE FROM hq_sync"), 0);
        posd_start(&p, posd_args);
        tok = login(&p, "alice", "1111");
        manager = login(&p, "maria", "5678");
        sell(&p, tok, "cash", number);
        n = caught_up(&p, manager, 0);
        check_hq(&p, n);
        posd_stop(&p);
        verify_ok(&p);

        posd_cleanup(&p);
        pg_cleanup(&pg);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_store_in_a_chain),
                cmocka_unit_test(test_tls),
                cmocka_unit_test(test_changes_from_hq),
                cmocka_unit_test(test_hq_reports),
        };
        return cmocka_run_group_tests_name("a store in a chain", tests, NULL, NULL);
}
