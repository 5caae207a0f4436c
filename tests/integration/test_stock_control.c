/* Keeping stock right: a stocktake counted while the till keeps selling, its variance
 * report and posting; transfers between locations with a loss in transit. Every wrong
 * step is refused and changes nothing; posctl verify stays ok. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void count(struct posd *p, const char *tok, const char *body, json_t **ret)
{
        assert_int_equal(http(p, "POST", "/stocktakes/ST00000001/counts", tok, NULL, body, ret), 200);
}

static void test_stocktake(void **state)
{
        struct posd p;
        const char *alice, *maria;
        json_t *o = NULL;
        char sale[32];
        (void)state;

        alice = posd_open_lane(&p, "");
        maria = login(&p, "maria", "5678");

        expect_error(&p, "POST", "/stocktakes", alice, "{}", 403, "FORBIDDEN");
        assert_int_equal(http(&p, "POST", "/stocktakes", maria, NULL, "{\"note\":\"month end\"}", &o), 201);
        assert_string_equal(jstr(o, "number"), "ST00000001");
        assert_string_equal(jstr(o, "location"), "SHOP");
        assert_string_equal(jstr(o, "state"), "counting");
        assert_int_equal(jint(o, "lines"), 3); /* A1, B2, K1: what the shop holds */
        json_decref(o);
        expect_error(&p, "POST", "/stocktakes", maria, "{}", 409, "STOCKTAKE_OPEN");
        expect_error(&p, "POST", "/stocktakes", maria, "{\"location\":\"BACK\",\"category\":\"Nope\"}", 422,
                     "UNKNOWN_CATEGORY");

        /* a stocktake of one category elsewhere: other goods are not part of it */
        assert_int_equal(http(&p, "POST", "/stocktakes", maria, NULL, "{\"location\":\"BACK\",\"category\":\"Bakery\"}",
                              &o), 201);
        assert_string_equal(jstr(o, "number"), "ST00000002");
        assert_int_equal(jint(o, "lines"), 0);
        json_decref(o);
        expect_error(&p, "POST", "/stocktakes/ST00000002/counts", alice, "{\"code\":\"A1\"}", 422, "NOT_IN_STOCKTAKE");
        assert_int_equal(http(&p, "POST", "/stocktakes/ST00000002/cancel", maria, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "state"), "cancelled");
        json_decref(o);
        expect_error(&p, "POST", "/stocktakes/ST00000002/counts", alice, "{\"code\":\"B2\"}", 409, "STOCKTAKE_CLOSED");

        /* the till sells two apple juices before they are counted */
        sell(&p, alice, "cash", sale);
        sell(&p, alice, "card", sale);

        /* three scans, then a typed whole count */
        for (int i = 1; i <= 3; i++) {
                count(&p, alice, "{\"code\":\"6901234567892\"}", &o);
                assert_int_equal(jint(o, "counted"), i);
                json_decref(o);
        }
        count(&p, alice, "{\"code\":\"6901234567892\",\"qty\":97,\"set\":true}", &o);
        assert_int_equal(jint(o, "frozen"), 100);
        assert_int_equal(jint(o, "moved"), -2);
        assert_int_equal(jint(o, "expected"), 98);
        assert_int_equal(jint(o, "variance"), -1);
        assert_int_equal(jint(o, "value"), -800);
        json_decref(o);
        count(&p, alice, "{\"code\":\"B2\",\"qty\":52,\"set\":true}", NULL);
        count(&p, alice, "{\"code\":\"K1\",\"qty\":20,\"set\":true}", NULL);
        count(&p, alice, "{\"code\":\"036000291452\"}", &o); /* soap: none on the books */
        assert_int_equal(jint(o, "frozen"), 0);
        assert_int_equal(jint(o, "variance"), 1);
        json_decref(o);

        /* bad counts change nothing */
        expect_error(&p, "POST", "/stocktakes/ST00000001/counts", alice, "{\"code\":\"B2\",\"qty\":-1,\"set\":true}", 422,
                     "BAD_QUANTITY");
        expect_error(&p, "POST", "/stocktakes/ST00000001/counts", alice, "{\"code\":\"B2\",\"qty\":1.5}", 422,
                     "BAD_QUANTITY");
        expect_error(&p, "POST", "/stocktakes/ST00000001/counts", alice, "{\"code\":\"NOPE\"}", 422, "UNKNOWN_CODE");
        expect_error(&p, "POST", "/stocktakes/ST00000001/counts", alice, "{\"code\":\"B2\",\"set\":true}", 400,
                     "MISSING_FIELD");
        expect_error(&p, "POST", "/stocktakes/ST99/counts", alice, "{\"code\":\"B2\"}", 404, "UNKNOWN_STOCKTAKE");

        /* a sale after its count is not a variance */
        sell(&p, alice, "cash", sale);
        assert_int_equal(http(&p, "GET", "/stocktakes/ST00000001?only=variance", alice, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 4);
        assert_string_equal(jstr(o, "items.0.sku"), "A1");
        assert_int_equal(jint(o, "items.0.variance"), -1);
        assert_string_equal(jstr(o, "items.1.sku"), "B2");
        assert_int_equal(jint(o, "items.1.value"), 600);
        assert_string_equal(jstr(o, "items.2.sku"), "C3");
        assert_int_equal(jint(o, "items.2.value"), 120);
        assert_string_equal(jstr(o, "items.3.sku"), "K1");
        assert_int_equal(jqty(o, "items.3.variance"), -500);
        assert_int_equal(jint(o, "items.3.value"), -250);
        assert_int_equal(jint(o, "gain"), 600 + 120);
        assert_int_equal(jint(o, "loss"), -800 - 250);
        assert_int_equal(jint(o, "counted"), 4);
        json_decref(o);
        assert_int_equal(stock_at(&p, alice, "A1", "SHOP"), 97000);

        /* a manager posts it, once */
        expect_error(&p, "POST", "/stocktakes/ST00000001/post", alice, NULL, 403, "FORBIDDEN");
        assert_int_equal(http(&p, "POST", "/stocktakes/ST00000001/post", maria, "st1", NULL, &o), 201);
        assert_int_equal(jint(o, "adjustment.value"), 720 - 1050);
        assert_string_equal(jstr(o, "stocktake.state"), "posted");
        assert_string_equal(jstr(o, "stocktake.closed_by"), "maria");
        assert_string_equal(jstr(o, "stocktake.adjustment"), jstr(o, "adjustment.number"));
        json_decref(o);
        assert_int_equal(stock_at(&p, alice, "A1", "SHOP"), 96000); /* 97 counted, one sold since */
        assert_int_equal(stock_at(&p, alice, "B2", "SHOP"), 52000);
        assert_int_equal(stock_at(&p, alice, "C3", "SHOP"), 1000);
        assert_int_equal(stock_at(&p, alice, "K1", "SHOP"), 20000);
        assert_int_equal(http(&p, "POST", "/stocktakes/ST00000001/post", maria, "st1", NULL, &o), 201); /* the same answer */
        assert_int_equal(jint(o, "adjustment.value"), -330);
        json_decref(o);
        expect_error(&p, "POST", "/stocktakes/ST00000001/post", maria, NULL, 409, "STOCKTAKE_CLOSED");
        expect_error(&p, "POST", "/stocktakes/ST00000001/counts", alice, "{\"code\":\"B2\"}", 409, "STOCKTAKE_CLOSED");
        assert_int_equal(stock_at(&p, alice, "B2", "SHOP"), 52000);

        /* the location is free for the next one; the list shows all three */
        assert_int_equal(http(&p, "POST", "/stocktakes", maria, NULL, "{\"category\":\"饮料 Drinks\"}", &o), 201);
        assert_int_equal(jint(o, "lines"), 1);
        json_decref(o);
        /* posted with nothing counted: nothing differs, and the answer repeats */
        assert_int_equal(http(&p, "POST", "/stocktakes/ST00000003/post", maria, "st3", NULL, &o), 201);
        assert_int_equal(jint(o, "adjustment.value"), 0);
        assert_int_equal(jint(o, "stocktake.variance_lines"), 0);
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/stocktakes/ST00000003/post", maria, "st3", NULL, NULL), 201);
        assert_int_equal(stock_at(&p, alice, "A1", "SHOP"), 96000);
        assert_int_equal(http(&p, "GET", "/stocktakes", alice, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 3);
        assert_string_equal(jstr(o, "items.0.state"), "posted");
        assert_string_equal(jstr(o, "items.2.state"), "posted");
        json_decref(o);
        posd_stop(&p);
        verify_ok(&p);
        posd_cleanup(&p);
}

static void test_transfer(void **state)
{
        struct posd p;
        const char *alice, *maria;
        json_t *o = NULL;
        char cmd[512], out[16384];
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        alice = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");

        assert_int_equal(http(&p, "POST", "/locations", maria, NULL,
                              "{\"code\":\"WH\",\"name\":\"仓库 Warehouse\",\"kind\":\"warehouse\"}", NULL), 201);
        expect_error(&p, "POST", "/locations", maria, "{\"code\":\"WH\",\"name\":\"again\"}", 409, "LOCATION_EXISTS");
        assert_int_equal(http(&p, "GET", "/locations", alice, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 3);
        json_decref(o);

        /* wrong transfers are refused and move nothing */
        expect_error(&p, "POST", "/transfers", alice, "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", 403,
                     "FORBIDDEN");
        expect_error(&p, "POST", "/transfers", maria,
                     "{\"from\":\"BACK\",\"to\":\"SHOP\",\"lines\":[{\"sku\":\"B2\",\"qty\":1}]}", 422,
                     "INSUFFICIENT_STOCK");
        expect_error(&p, "POST", "/transfers", maria,
                     "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":10},{\"sku\":\"B2\",\"qty\":51}]}", 422,
                     "INSUFFICIENT_STOCK");
        expect_error(&p, "POST", "/transfers", maria, "{\"to\":\"SHOP\",\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", 422,
                     "SAME_LOCATION");
        expect_error(&p, "POST", "/transfers", maria, "{\"to\":\"MARS\",\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", 422,
                     "UNKNOWN_LOCATION");
        expect_error(&p, "POST", "/transfers", maria, "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":-1}]}", 422,
                     "BAD_QUANTITY");
        expect_error(&p, "POST", "/transfers", maria, "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":0.5}]}", 422,
                     "BAD_QUANTITY");
        assert_int_equal(stock_at(&p, alice, "A1", "SHOP"), 100000);
        assert_int_equal(stock_at(&p, alice, "B2", "SHOP"), 50000);

        /* dispatched: out of the shop, in transit */
        assert_int_equal(http(&p, "POST", "/transfers", maria, "t1",
                              "{\"to\":\"BACK\",\"note\":\"overflow\",\"lines\":[{\"sku\":\"A1\",\"qty\":30},"
                              "{\"sku\":\"K1\",\"qty\":2.5}]}", &o), 201);
        assert_string_equal(jstr(o, "number"), "T00000001");
        assert_string_equal(jstr(o, "state"), "in_transit");
        assert_int_equal(jint(o, "value"), 30 * 800 + 1250);
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/transfers", maria, "t1",
                              "{\"to\":\"BACK\",\"note\":\"overflow\",\"lines\":[{\"sku\":\"A1\",\"qty\":30},"
                              "{\"sku\":\"K1\",\"qty\":2.5}]}", &o), 201);
        assert_string_equal(jstr(o, "number"), "T00000001");
        json_decref(o);
        assert_int_equal(stock_at(&p, alice, "A1", "SHOP"), 70000);
        assert_int_equal(stock_at(&p, alice, "A1", "BACK"), 0);
        assert_int_equal(stock_at(&p, alice, "K1", "SHOP"), 18000);

        /* received with two broken: the loss recorded against what was sent */
        expect_error(&p, "POST", "/transfers/T00000001/receive", alice, "{\"lines\":[{\"line\":1,\"received\":31}]}", 422,
                     "RECEIVE_EXCEEDS_TRANSFER");
        expect_error(&p, "POST", "/transfers/T00000001/receive", alice, "{\"lines\":[{\"line\":9,\"received\":1}]}", 422,
                     "UNKNOWN_LINE");
        expect_error(&p, "POST", "/transfers/T99/receive", alice, NULL, 404, "UNKNOWN_TRANSFER");
        /* what did not arrive is written off: a manager's to say */
        expect_error(&p, "POST", "/transfers/T00000001/receive", alice, "{\"lines\":[{\"line\":1,\"received\":28}]}",
                     403, "APPROVAL_REQUIRED");
        assert_int_equal(http(&p, "POST", "/transfers/T00000001/receive", alice, "r1",
                              "{\"lines\":[{\"line\":1,\"received\":28}],\"note\":\"2 broken\","
                              "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", &o), 201);
        assert_string_equal(jstr(o, "state"), "received");
        assert_string_equal(jstr(o, "receipt"), "TI00000001");
        assert_string_equal(jstr(o, "received_by"), "alice");
        assert_int_equal(jint(o, "received_value"), 28 * 800 + 1250);
        assert_int_equal(jint(o, "short_value"), 2 * 800);
        assert_int_equal(jint(o, "lines.0.short"), 2);
        assert_int_equal(jqty(o, "lines.1.received"), 2500);
        json_decref(o);
        expect_error(&p, "POST", "/transfers/T00000001/receive", alice, NULL, 409, "TRANSFER_RECEIVED");
        assert_int_equal(stock_at(&p, alice, "A1", "BACK"), 28000);
        assert_int_equal(stock_at(&p, alice, "K1", "BACK"), 2500);
        assert_int_equal(stock_total(&p, alice, "A1"), 98);

        /* and some of it back */
        assert_int_equal(http(&p, "POST", "/transfers", maria, NULL,
                              "{\"from\":\"BACK\",\"to\":\"SHOP\",\"lines\":[{\"sku\":\"A1\",\"qty\":10}]}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/transfers/T00000002/receive", alice, NULL, "{}", NULL), 201);
        assert_int_equal(stock_at(&p, alice, "A1", "SHOP"), 80000);
        assert_int_equal(http(&p, "GET", "/transfers?state=received", alice, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
        json_decref(o);
        posd_stop(&p);
        verify_ok(&p);

        /* the books: inventory through transit, the loss an expense */
        snprintf(cmd, sizeof(cmd), "%s --db %s export ledger 2>&1", getenv("POSCTL"), p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        if (!strstr(out, "(T00000001) Transfer dispatched") || !strstr(out, "Expenses:Transfer losses") ||
            !strstr(out, "16.00 CNY") || !strstr(out, "(TI00000002) Transfer received"))
                fail_msg("export: %s", out);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_stocktake),
                cmocka_unit_test(test_transfer),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
