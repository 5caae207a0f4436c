/* The sales report: per hour, what was sold and returned, its tax, cost and margin,
 * against figures worked out here. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static int64_t now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_sales_by_hour(void **state)
{
        struct posd p;
        const char *alice, *maria;
        char s1[32], s2[32], path[128], body[256];
        int64_t hour = 3600 * 1000, from = (now_ms() / hour - 2) * hour;
        json_t *o = NULL, *b;
        (void)state;

        alice = posd_open_lane(&p, "");
        maria = login(&p, "maria", "5678");
        sell(&p, alice, "cash", s1); /* A1 at 12.50, cost 8.00, 13 % tax within: 1.44 */
        sell(&p, alice, "card", s2);
        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                 "\"refunds\":[{\"method\":\"card\",\"amount\":1250}]}", s2);
        assert_int_equal(http(&p, "POST", "/returns", alice, NULL, body, NULL), 201);

        snprintf(path, sizeof(path), "/reports/sales?from=%lld&to=%lld&bucket=hour", (long long)from,
                 (long long)(from + 4 * hour));
        assert_int_equal(http(&p, "GET", path, alice, NULL, NULL, NULL), 403);
        assert_int_equal(http(&p, "GET", path, maria, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "buckets")), 4);
        assert_int_equal(jint(o, "totals.sales"), 2);
        assert_int_equal(jint(o, "totals.returns"), 1);
        assert_int_equal(jint(o, "totals.gross"), 2500);
        assert_int_equal(jint(o, "totals.refunds"), 1250);
        assert_int_equal(jint(o, "totals.net"), 1250);
        assert_int_equal(jint(o, "totals.tax"), 144);
        assert_int_equal(jint(o, "totals.cost"), 800);
        assert_int_equal(jint(o, "totals.margin"), 1250 - 144 - 800);
        /* it all happened in the third hour: the others are there, and empty */
        b = json_array_get(json_object_get(o, "buckets"), 2);
        assert_int_equal(json_integer_value(json_object_get(b, "start")), from + 2 * hour);
        assert_int_equal(json_integer_value(json_object_get(b, "sales")), 2);
        assert_int_equal(jint(o, "buckets.0.sales"), 0);
        assert_int_equal(jint(o, "buckets.3.net"), 0);
        json_decref(o);

        snprintf(path, sizeof(path), "/reports/sales?from=%lld&to=%lld&bucket=week", (long long)from,
                 (long long)(from + hour));
        assert_int_equal(http(&p, "GET", path, maria, NULL, NULL, NULL), 400);
        snprintf(path, sizeof(path), "/reports/sales?from=%lld&to=%lld", (long long)from, (long long)from);
        assert_int_equal(http(&p, "GET", path, maria, NULL, NULL, &o), 422);
        assert_string_equal(jstr(o, "error.code"), "BAD_RANGE");
        json_decref(o);
        snprintf(path, sizeof(path), "/reports/sales?from=0&to=%lld", (long long)from);
        assert_int_equal(http(&p, "GET", path, maria, NULL, NULL, NULL), 422);
        assert_int_equal(http(&p, "GET", "/reports/sales?from=x&to=1", maria, NULL, NULL, NULL), 400);
        /* a range that would overflow the count of slots */
        assert_int_equal(http(&p, "GET", "/reports/sales?from=0&to=9223372036854775807", maria, NULL, NULL, NULL), 422);
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, NULL), 200);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sales_by_hour),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
