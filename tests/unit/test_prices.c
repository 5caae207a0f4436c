/* Prices set from a time (a chain's HQ sets them ahead). The rule, checked after every
 * step of a seeded run of prices set for times past and to come, in any order, as the
 * clock moves and the store sets what is due: each product's price is the one set for
 * the latest time that has come (of two for one time, the later set), or its own before
 * any; the next one due is the earliest still to come. POSD_SEED repeats a run. */
#include <errno.h>
#include <stdlib.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "testlib.h"

#define STEPS 400
#define SET_MAX STEPS

static const struct actor hq = { "hq", "", NULL, true };
static uint64_t rng;

static unsigned next(unsigned n)
{
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        return (unsigned)(rng % n);
}

struct set {
        int product;
        int64_t at, price;
};

/* The model's price of product p at now: the latest time that has come, the later set of
 * two for one time; else its price before. */
static int64_t model_price(const struct set *s, int n, int p, int64_t now, int64_t before)
{
        int64_t at = INT64_MIN, price = before;

        for (int i = 0; i < n; i++)
                if (s[i].product == p && s[i].at <= now && s[i].at >= at) {
                        at = s[i].at;
                        price = s[i].price;
                }
        return price;
}

static void test_latest_time_wins(void **state)
{
        static const char *const skus[] = { "A1", "B2" };
        static struct set sets[SET_MAX];
        struct tstore t;
        int64_t before[2], now = 1798761600000; /* 2027-01-01 */
        const char *seed = getenv("POSD_SEED");
        int n = 0;
        (void)state;

        rng = seed ? strtoull(seed, NULL, 10) : 20261207;
        print_message("seed %llu\n", (unsigned long long)rng);
        rng = rng * 2654435761u + 1;
        tstore_open(&t);
        ledger_set_clock(t.l, now);
        for (int p = 0; p < 2; p++) {
                struct product pr;
                assert_int_equal(product_get_by_sku(t.l, skus[p], &pr), 0);
                before[p] = pr.price;
        }
        for (int step = 0; step < STEPS; step++) {
                int64_t next_due = 0, due = 0;
                int applied = 0;
                if (next(3) == 0) {
                        now += (int64_t)next(6) * 1000;
                        ledger_set_clock(t.l, now);
                } else {
                        struct set s = { (int)next(2), now + ((int64_t)next(41) - 20) * 1000, 1 + next(5000) };
                        assert_int_equal(price_set_at(t.l, &hq, skus[s.product], s.price, s.at), 0);
                        sets[n++] = s;
                }
                assert_int_equal(prices_apply_due(t.l, &hq, &applied, &due), 0);
                for (int p = 0; p < 2; p++) {
                        struct product pr;
                        assert_int_equal(product_get_by_sku(t.l, skus[p], &pr), 0);
                        if (pr.price != model_price(sets, n, p, now, before[p]))
                                fail_msg("step %d: %s is %lld, not %lld", step, skus[p], (long long)pr.price,
                                         (long long)model_price(sets, n, p, now, before[p]));
                }
                /* the next due: the earliest time to come among those set for one */
                for (int i = 0; i < n; i++)
                        if (sets[i].at > now && (!next_due || sets[i].at < next_due))
                                next_due = sets[i].at;
                assert_int_equal(due, next_due);
        }
        /* a price for no product, and one out of range, are refused */
        assert_int_equal(price_set_at(t.l, &hq, "NOSUCH", 100, now), -ENOENT);
        assert_int_equal(price_set_at(t.l, &hq, "A1", -1, now), -EINVAL);
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_latest_time_wins),
        };
        return cmocka_run_group_tests_name("prices from a time", tests, NULL, NULL);
}
