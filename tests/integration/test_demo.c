/* The demo store as `make run` starts it (tools/demo): a scan through `posctl scan` lands
 * on the open ticket, and the sale's receipt lands in the simulated printer's folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static void test_demo_scans_and_prints(void **state)
{
        struct posd p;
        char cmd[2048], out[1024], path[512], body[96], number[32];
        const char *tok, *text;
        json_t *o;
        (void)state;

        posd_store(&p); /* for its directory and log */
        snprintf(cmd, sizeof(cmd), "POSD_PORT=0 exec %s/tools/demo %s %s %s/demo %s", getenv("SRCDIR"), getenv("POSCTL"),
                 getenv("POSD"), p.store.dir, getenv("DEMO_CSV"));
        posd_run(&p, cmd);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        snprintf(cmd, sizeof(cmd), "%s -c %s/demo/posd.conf scan 6995530339277 2>&1", getenv("POSCTL"), p.store.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        o = ticket_with_lines(&p, tok, 1);
        assert_non_null(strstr(jstr(o, "lines.0.name"), "Coca-Cola"));
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(o, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"cash\",\"amount\":%lld}", (long long)jint(o, "total"));
        assert_int_equal(http(&p, "POST", path, tok, NULL, body, NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(o, "id"));
        json_decref(o);
        assert_int_equal(http(&p, "POST", path, tok, NULL, NULL, &o), 201);
        snprintf(number, sizeof(number), "%s", jstr(o, "sale.number"));
        json_decref(o);
        snprintf(path, sizeof(path), "%s/demo/receipts", p.store.dir);
        text = sim_receipt(path, 1);
        assert_non_null(strstr(text, number));
        assert_non_null(strstr(text, "Coca-Cola"));
        assert_non_null(strstr(text, "[drawer]")); /* a cash sale opens the demo's drawer */

        /* the receipt's QR code scanned at the till opens no ticket (a scan is taken within
         * milliseconds: a second is ample) */
        snprintf(cmd, sizeof(cmd), "%s -c %s/demo/posd.conf scan %s 2>&1", getenv("POSCTL"), p.store.dir, number);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        /* nor does a code the catalogue does not know */
        snprintf(cmd, sizeof(cmd), "%s -c %s/demo/posd.conf scan 6901234567892 2>&1", getenv("POSCTL"), p.store.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        sleep(1);
        assert_int_equal(http(&p, "GET", "/tickets/current", tok, NULL, NULL, NULL), 404);
        snprintf(cmd, sizeof(cmd), "%s -c %s/demo/posd.conf scan 6995530339277 2>&1", getenv("POSCTL"), p.store.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        o = ticket_with_lines(&p, tok, 1);
        assert_int_equal(json_array_size(json_object_get(o, "lines")), 1);
        json_decref(o);
        /* a case of 24 cans scanned after the can: the line holds 25 */
        snprintf(cmd, sizeof(cmd), "%s -c %s/demo/posd.conf scan 16995530339274 2>&1", getenv("POSCTL"), p.store.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        for (int i = 0; i < 250; i++) {
                o = ticket_with_lines(&p, tok, 1);
                if (jqty(o, "lines.0.qty") == 25000)
                        break;
                json_decref(o);
                o = NULL;
                usleep(20000);
        }
        assert_non_null(o);
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* A sale of one sku, paid in cash. */
static void sell_one(struct posd *p, const char *tok, const char *sku)
{
        char path[64], body[96];
        json_t *o = NULL;

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &o), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        snprintf(body, sizeof(body), "{\"sku\":\"%s\"}", sku);
        json_decref(o);
        assert_int_equal(http(p, "POST", path, tok, NULL, body, &o), 201);
        json_decref(o);
        o = ticket_with_lines(p, tok, 1);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(o, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"cash\",\"amount\":%lld}", (long long)jint(o, "total"));
        assert_int_equal(http(p, "POST", path, tok, NULL, body, NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(o, "id"));
        json_decref(o);
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, NULL), 201);
}

/* The demo chain as `make run-chain` starts it (tools/chain-demo): three stores, each
 * sending what it posts to HQ's PostgreSQL, which the script started and stops. */
static void test_demo_chain(void **state)
{
        struct posd p;
        char cmd[2048], hq[128] = "", sql[512], out[1024];
        const char *tok, *manager;
        FILE *f;
        int base = 20000 + (int)(getpid() % 20000);
        (void)state;

        posd_store(&p); /* for its directory and log */
        snprintf(cmd, sizeof(cmd), "POSD_PORT=%d exec %s/tools/chain-demo %s %s %s/chain %s", base, getenv("SRCDIR"),
                 getenv("POSCTL"), getenv("POSD"), p.store.dir, getenv("DEMO_CSV"));
        posd_run(&p, cmd);
        assert_int_equal(p.port, base + 3); /* the last listed: HQ's office */
        /* a sale at each store reaches HQ */
        for (int i = 0; i < 3; i++) {
                p.port = base + i;
                tok = login(&p, "alice", "1111");
                assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
                manager = login(&p, "maria", "5678");
                for (int k = 0; k < 600; k++) {
                        json_t *o = NULL;
                        assert_int_equal(http(&p, "GET", "/products?q=D0001", tok, NULL, NULL, NULL), 200);
                        assert_int_equal(http(&p, "GET", "/sync", manager, NULL, NULL, &o), 200);
                        if (json_is_true(json_object_get(o, "connected")) && jint(o, "waiting") == 0 && k > 0) {
                                json_decref(o);
                                break;
                        }
                        json_decref(o);
                        if (k == 0)
                                sell_one(&p, tok, "D0001");
                        usleep(100000);
                }
        }
        f = fopen(p.log, "r");
        assert_non_null(f);
        while (fgets(cmd, sizeof(cmd), f))
                if (sscanf(cmd, "HQ is PostgreSQL in %127[^;]", hq) == 1)
                        break;
        fclose(f);
        assert_true(hq[0] != '\0');
        snprintf(sql, sizeof(sql), "psql -h %s -U hq hq -Atc \"SELECT string_agg(code || ':' || (last_seq > 0)::text, ' '"
                 " ORDER BY code) FROM hq.stores\" 2>&1", hq);
        assert_int_equal(trun(sql, out, sizeof(out)), 0);
        assert_string_equal(out, "S1:true S2:true S3:true\n");
        /* HQ's office shows every store in the chain's reports */
        p.port = base + 3;
        manager = login(&p, "maria", "5678");
        {
                json_t *o = NULL;
                assert_int_equal(http(&p, "GET", "/chain/stores", manager, NULL, NULL, &o), 200);
                assert_int_equal(json_array_size(json_object_get(o, "rows")), 3);
                assert_string_equal(jstr(o, "rows.2.store"), "S3");
                json_decref(o);
        }
        /* stopped, it leaves no PostgreSQL behind */
        posd_stop(&p);
        assert_int_equal(access(hq, F_OK), -1);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_demo_scans_and_prints),
                cmocka_unit_test(test_demo_chain),
        };
        return cmocka_run_group_tests_name("the demo store", tests, NULL, NULL);
}
