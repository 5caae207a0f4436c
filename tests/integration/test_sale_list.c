/* Finding a sale to return without its receipt: GET /sales lists the sales last rung up,
 * and with ends=DIGITS only those whose number ends so. Over random sales at two lanes,
 * some of them returned in part or whole, every answer is held to a model kept here: the
 * very sales whose number ends in the digits, the last first, no more than the limit,
 * with what is left to return; and bad queries are refused. Once with numbers from
 * S00000001, once across S99999999 to S100000000, where numbers grow a digit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SALES_MAX 160
#define LINES_MAX 3

struct sold {
        char number[32], lane[4], user[8];
        int64_t at, total;
        int nlines;
        int64_t qty[LINES_MAX], returned[LINES_MAX]; /* whole units */
};

static struct sold sold[SALES_MAX];
static int nsold;
static uint64_t rng;

static int below(int n)
{
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return (int)(rng % (uint64_t)n);
}

static bool returnable(const struct sold *s)
{
        for (int i = 0; i < s->nlines; i++)
                if (s->returned[i] < s->qty[i])
                        return true;
        return false;
}

/* One sale of one to three lines of A1, B2 and C3, paid by card, at the lane of tok. */
static void sell_random(struct posd *p, const char *tok, const char *lane, const char *user)
{
        static const char *const skus[] = { "A1", "B2", "C3" }; /* a line each: the same twice is one line */
        struct sold *s = &sold[nsold++];
        json_t *tk = NULL, *o = NULL;
        char path[96], body[96];
        int first = below(3);

        assert_true(nsold <= SALES_MAX);
        memset(s, 0, sizeof(*s));
        snprintf(s->lane, sizeof(s->lane), "%s", lane);
        snprintf(s->user, sizeof(s->user), "%s", user);
        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &tk), 201);
        s->nlines = 1 + below(LINES_MAX);
        for (int i = 0; i < s->nlines; i++) {
                s->qty[i] = 1 + below(3);
                snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(tk, "id"));
                snprintf(body, sizeof(body), "{\"sku\":\"%s\",\"qty\":%lld}", skus[(first + i) % 3], (long long)s->qty[i]);
                json_decref(o);
                assert_int_equal(http(p, "POST", path, tok, NULL, body, &o), 201);
        }
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(tk, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"card\",\"amount\":%lld}", (long long)jint(o, "total"));
        assert_int_equal(http(p, "POST", path, tok, NULL, body, NULL), 201);
        json_decref(o);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(tk, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, &o), 201);
        snprintf(s->number, sizeof(s->number), "%s", jstr(o, "sale.number"));
        s->at = jint(o, "sale.at");
        s->total = jint(o, "sale.total");
        json_decref(o);
        json_decref(tk);
}

/* Some of a line of an earlier sale back, or all of the sale. */
static void return_random(struct posd *p, const char *tok)
{
        struct sold *s = &sold[below(nsold)];
        char body[256];
        size_t n = 0;
        int all = below(2), lines = 0;

        n += (size_t)snprintf(body + n, sizeof(body) - n, "{\"sale\":\"%s\",\"lines\":[", s->number);
        for (int i = 0; i < s->nlines; i++) {
                int64_t q = s->qty[i] - s->returned[i];
                if (!q || (!all && below(2)))
                        continue;
                if (!all)
                        q = 1 + below((int)q);
                n += (size_t)snprintf(body + n, sizeof(body) - n, "%s{\"line\":%d,\"qty\":%lld}", lines ? "," : "",
                                      i + 1, (long long)q);
                s->returned[i] += q;
                lines++;
        }
        snprintf(body + n, sizeof(body) - n, "]}");
        if (lines) { /* else nothing was left, or nothing picked */
                json_t *o = NULL;
                if (http(p, "POST", "/returns", tok, NULL, body, &o) != 201)
                        fail_msg("%s: %s", body, json_dumps(o, 0));
                json_decref(o);
        }
}

static bool ends_in(const char *number, const char *digits)
{
        size_t n = strlen(number), k = strlen(digits);

        return k < n && !strcmp(number + n - k, digits);
}

/* GET /sales with ends (NULL: none) and limit (0: none) answers as the model says. */
static void list_is(struct posd *p, const char *tok, const char *ends, int limit)
{
        char path[96];
        json_t *o = NULL, *items;
        int want = 0, most = limit ? (limit > 100 ? 100 : limit) : 20;
        size_t got;

        snprintf(path, sizeof(path), "/sales?%s%s%s", ends ? "ends=" : "", ends ? ends : "", ends && limit ? "&" : "");
        if (limit)
                snprintf(path + strlen(path), sizeof(path) - strlen(path), "limit=%d", limit);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        items = json_object_get(o, "items");
        got = json_array_size(items);
        for (int i = nsold - 1; i >= 0 && want < most; i--) {
                const struct sold *s = &sold[i];
                json_t *it = json_array_get(items, (size_t)want);
                if (ends && !ends_in(s->number, ends))
                        continue;
                if (!it)
                        fail_msg("%s: %zu sales, %s missing after them", path, got, s->number);
                if (strcmp(json_string_value(json_object_get(it, "number")), s->number))
                        fail_msg("%s: item %d is %s, not %s", path, want, json_string_value(json_object_get(it, "number")),
                                 s->number);
                assert_int_equal(json_integer_value(json_object_get(it, "at")), s->at);
                assert_int_equal(json_integer_value(json_object_get(it, "total")), s->total);
                assert_string_equal(json_string_value(json_object_get(it, "lane")), s->lane);
                assert_string_equal(json_string_value(json_object_get(it, "user")), s->user);
                if (json_is_true(json_object_get(it, "returnable")) != returnable(s))
                        fail_msg("%s: %s returnable is %d", path, s->number, returnable(s));
                want++;
        }
        if (got != (size_t)want)
                fail_msg("%s: %zu sales, the model has %d", path, got, want);
        json_decref(o);
}

/* Random endings: of a sale's number (1 to 9 last digits) or any digits (1 to 12). */
static void random_lists(struct posd *p, const char *tok, int n)
{
        char ends[16];

        for (int q = 0; q < n; q++) {
                int k = 1 + below(q % 2 ? 9 : 12), limit = below(4) ? 1 + below(25) : 0;
                if (q % 2) {
                        const char *num = sold[below(nsold)].number;
                        size_t len = strlen(num);
                        snprintf(ends, sizeof(ends), "%s", num + len - ((size_t)k < len - 1 ? (size_t)k : len - 1));
                } else {
                        for (int i = 0; i < k; i++) /* mostly zeros, as numbers start */
                                ends[i] = (char)('0' + (i >= k - 2 || !below(4) ? below(10) : 0));
                        ends[k] = '\0';
                }
                list_is(p, tok, ends, limit);
        }
}

/* Where the digits meet the zeros a number is padded with, and where it grows a digit. */
static void edge_lists(struct posd *p, const char *tok)
{
        static const char *const edges[] = { "0",         "00000000",   "000000000",   "1",           "00000001",
                                             "000000001", "99999999",   "099999999",   "100000000",   "0100000000",
                                             "20",        "000000020",  "100000020",   "999999999999" };

        for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
                list_is(p, tok, edges[i], 100);
}

static void bad_queries(struct posd *p, const char *tok)
{
        static const char *const bad_ends[] = { "", "12a", "-1", "%2012", "1.5", "0x1", "S00000001", "1234567890123" };

        for (size_t i = 0; i < sizeof(bad_ends) / sizeof(bad_ends[0]); i++) {
                char path[64];
                snprintf(path, sizeof(path), "/sales?ends=%s", bad_ends[i]);
                expect_error(p, "GET", path, tok, NULL, 400, "BAD_DIGITS");
        }
        expect_error(p, "GET", "/sales?limit=0", tok, NULL, 400, "BAD_QUERY");
        expect_error(p, "GET", "/sales?limit=x", tok, NULL, 400, "BAD_QUERY");
        expect_error(p, "GET", "/sales?ends=1&limit=-3", tok, NULL, 400, "BAD_QUERY");
        expect_error(p, "GET", "/sales", NULL, NULL, 401, "NO_SESSION");
}

/* n random sales numbered after `start`, then the lists checked. */
static void sales_from(uint64_t seed, int64_t start, int n)
{
        struct posd p;
        char arg[256], sql[128];
        const char *alice, *bob;
        json_t *s = NULL;

        rng = seed;
        nsold = 0;
        posd_store(&p);
        twrite(&p.store, "posd.conf", "[checkout]\nlanes = 1, 2\n");
        snprintf(sql, sizeof(sql), "INSERT INTO doc_sequences(doc_type, last) VALUES ('sale', %lld)", (long long)start);
        if (start)
                assert_int_equal(tsql_exec(p.store.path, sql), 0);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);
        posd_start(&p, arg);
        alice = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL, "{\"user\":\"bob\",\"pin\":\"2222\",\"lane\":\"2\"}", &s),
                         201);
        bob = jstr(s, "token");
        assert_int_equal(http(&p, "POST", "/shifts", alice, NULL, "{\"opening_float\":0}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/shifts", bob, NULL, "{\"opening_float\":0}", NULL), 201);
        list_is(&p, alice, NULL, 0); /* none yet */
        list_is(&p, alice, "1", 0);
        for (int i = 0; i < n; i++) {
                int at_2 = below(3) == 0;
                sell_random(&p, at_2 ? bob : alice, at_2 ? "2" : "1", at_2 ? "bob" : "alice");
                if (below(4) == 0)
                        return_random(&p, below(2) ? bob : alice);
        }
        print_message("seed %llu: %d sales from %s to %s\n", (unsigned long long)seed, nsold, sold[0].number,
                      sold[nsold - 1].number);
        list_is(&p, alice, NULL, 0);
        list_is(&p, bob, NULL, 7);
        list_is(&p, alice, NULL, 500); /* shortened to 100 */
        random_lists(&p, bob, 80);
        edge_lists(&p, bob);
        bad_queries(&p, alice);
        json_decref(s);
        posd_stop(&p);
        posd_cleanup(&p);
}

static uint64_t seed(void)
{
        const char *s = getenv("SEED");

        return s ? strtoull(s, NULL, 10) : 20261207;
}

static void test_numbers_from_one(void **state)
{
        (void)state;
        sales_from(seed(), 0, 130);
}

static void test_numbers_growing_a_digit(void **state)
{
        (void)state;
        sales_from(seed() + 1, 99999970, 50);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_numbers_from_one),
                cmocka_unit_test(test_numbers_growing_a_digit),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
