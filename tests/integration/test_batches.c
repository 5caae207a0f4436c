/* Batches: goods in as lots with their expiry, the till selling the earliest-expiring
 * first, a return and a transfer putting stock back into the batches it came from, and
 * the batch near its expiry among the alerts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define DAY (24LL * 3600 * 1000)

/* "lot@location=qty ..." of a product's batches, earliest expiry first */
static const char *batches(struct posd *p, const char *tok, const char *sku)
{
        static char out[256];
        char path[64];
        json_t *o = NULL, *b;
        size_t i, n = 0;

        snprintf(path, sizeof(path), "/stock?sku=%s", sku);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        out[0] = '\0';
        json_array_foreach(json_object_get(o, "batches"), i, b)
                n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s@%s=%lld", i ? " " : "", jstr(b, "lot"),
                                      jstr(b, "location"), (long long)jint(b, "qty"));
        json_decref(o);
        return out;
}

static void test_earliest_expiry_first(void **state)
{
        struct posd p;
        const char *alice, *maria;
        char body[256], path[96], sale[32];
        json_t *o = NULL, *t = NULL;
        int64_t now = (int64_t)time(NULL) * 1000;
        (void)state;

        alice = posd_open_lane(&p, "");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/suppliers", maria, NULL, "{\"code\":\"S1\",\"name\":\"Juice Co\"}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/purchase-orders", maria, NULL,
                              "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"A1\",\"qty\":30,\"unit_cost\":800}]}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/purchase-orders/P00000001/approve", maria, NULL, NULL, NULL), 200);

        /* two deliveries: a lot good for two months, then one that expires in three days */
        snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"qty\":10,\"lot\":\"L-LATE\",\"expires_at\":%lld}]}",
                 (long long)(now + 60 * DAY));
        assert_int_equal(http(&p, "POST", "/purchase-orders/P00000001/receive", alice, NULL, body, NULL), 201);
        snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"qty\":10,\"lot\":\"L-SOON\",\"expires_at\":%lld}]}",
                 (long long)(now + 3 * DAY));
        assert_int_equal(http(&p, "POST", "/purchase-orders/P00000001/receive", alice, NULL, body, NULL), 201);
        assert_string_equal(batches(&p, alice, "A1"), "L-SOON@SHOP=10 L-LATE@SHOP=10");
        /* the same lot cannot come in with another expiry */
        snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"qty\":1,\"lot\":\"L-SOON\",\"expires_at\":%lld}]}",
                 (long long)(now + 9 * DAY));
        expect_error(&p, "POST", "/purchase-orders/P00000001/receive", alice, body, 422, "BATCH_EXPIRY_MISMATCH");

        /* within the week: an alert */
        assert_int_equal(http(&p, "GET", "/alerts", alice, NULL, NULL, &o), 200);
        {
                json_t *a;
                size_t i;
                int found = 0;
                json_array_foreach(json_object_get(o, "items"), i, a)
                        if (!strcmp(jstr(a, "kind"), "expiring")) {
                                assert_string_equal(jstr(a, "lot"), "L-SOON");
                                assert_int_equal(jint(a, "qty"), 10);
                                assert_int_equal(jint(a, "value"), 10 * 800);
                                found++;
                        }
                assert_int_equal(found, 1);
        }
        json_decref(o);

        /* twelve sold: the ten that expire soonest, then two of the later lot */
        assert_int_equal(http(&p, "POST", "/tickets", alice, NULL, NULL, &t), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(t, "id"));
        assert_int_equal(http(&p, "POST", path, alice, NULL, "{\"sku\":\"A1\",\"qty\":12}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(t, "id"));
        assert_int_equal(http(&p, "POST", path, alice, NULL, "{\"method\":\"cash\",\"amount\":15000}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(t, "id"));
        assert_int_equal(http(&p, "POST", path, alice, NULL, NULL, &o), 201);
        snprintf(sale, sizeof(sale), "%s", jstr(o, "sale.number"));
        json_decref(o);
        json_decref(t);
        assert_string_equal(batches(&p, alice, "A1"), "L-LATE@SHOP=8");

        /* one comes back: into the later lot, the last it was taken from */
        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                 "\"refunds\":[{\"method\":\"cash\",\"amount\":1250}]}", sale);
        assert_int_equal(http(&p, "POST", "/returns", alice, NULL, body, NULL), 201);
        assert_string_equal(batches(&p, alice, "A1"), "L-LATE@SHOP=9");

        /* five to the back room: they arrive as the same lot */
        assert_int_equal(http(&p, "POST", "/transfers", maria, NULL,
                              "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":5}]}", NULL), 201);
        assert_string_equal(batches(&p, alice, "A1"), "L-LATE@SHOP=4");
        assert_int_equal(http(&p, "POST", "/transfers/T00000001/receive", alice, NULL, "{}", NULL), 201);
        assert_string_equal(batches(&p, alice, "A1"), "L-LATE@SHOP=4 L-LATE@BACK=5");

        /* the last of the order goes straight to the back room, without a lot */
        expect_error(&p, "POST", "/purchase-orders/P00000001/receive", alice,
                     "{\"location\":\"MARS\",\"lines\":[{\"line\":1,\"qty\":5}]}", 422, "UNKNOWN_LOCATION");
        assert_int_equal(http(&p, "POST", "/purchase-orders/P00000001/receive", alice, NULL,
                              "{\"location\":\"BACK\",\"lines\":[{\"line\":1,\"qty\":5}]}", NULL), 201);
        assert_int_equal(stock_at(&p, alice, "A1", "BACK"), 10000);
        assert_string_equal(batches(&p, alice, "A1"), "L-LATE@SHOP=4 L-LATE@BACK=5");

        /* two more juices back from the sale: the later lot gets the one it still lacks,
         * the early lot the other */
        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":2}],"
                 "\"refunds\":[{\"method\":\"cash\",\"amount\":2500}]}", sale);
        assert_int_equal(http(&p, "POST", "/returns", alice, NULL, body, NULL), 201);
        assert_string_equal(batches(&p, alice, "A1"), "L-SOON@SHOP=1 L-LATE@SHOP=5 L-LATE@BACK=5");

        /* what is near its expiry: that one can of the early lot */
        assert_int_equal(http(&p, "GET", "/alerts", alice, NULL, NULL, &o), 200);
        {
                char *all = json_dumps(o, JSON_COMPACT);
                if (!strstr(all, "\"kind\":\"expiring\"") || strstr(all, "L-LATE") ||
                    !strstr(all, "\"lot\":\"L-SOON\""))
                        fail_msg("alerts: %s", all);
                free(all);
        }
        json_decref(o);
        posd_stop(&p);
        verify_ok(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_earliest_expiry_first),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
