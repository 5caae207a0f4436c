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
        /* two days of the past it makes (ninety under sanitizers would take a minute) */
        snprintf(cmd, sizeof(cmd), "POSD_PORT=0 POSD_DEMO_DAYS=2 exec %s/tools/demo %s %s %s/demo %s", getenv("SRCDIR"), getenv("POSCTL"),
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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_demo_scans_and_prints),
        };
        return cmocka_run_group_tests_name("the demo store", tests, NULL, NULL);
}
