/* One rule for a quantity of goods, wherever they move: whole units for an unmeasured
 * unit (pcs, box), any milli-unit for a measured one (kg, m). A seeded random run over
 * products of several units and quantities of every kind checks that a sale, a ticket
 * line, a return against the receipt and a return without one all take exactly what
 * unit_qty_ok takes, and that a refused return changes nothing. POSD_SEED=N runs
 * another seed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/journal.h"
#include "people/users.h"
#include "till/checkout.h"
#include "till/sale.h"
#include "testlib.h"

static unsigned seed = 7;

static unsigned rnd(unsigned n)
{
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) % n;
}

static int64_t returns_count(struct tstore *t)
{
        return tsql_int(t->path, "SELECT (SELECT count(*) FROM returns) * 1000 + (SELECT count(*) FROM stock_movements)");
}

static void test_one_rule_across_units(void **state)
{
        static const char *const skus[] = { "A1", "K1", "BX", "RP" }; /* pcs, kg, box, m */
        struct tstore t;
        const char *s = getenv("POSD_SEED");
        const struct actor alice = { "alice", "1", NULL, false };
        const struct payment cash = { TENDER_CASH, 100000 };
        char key[32];
        int taken = 0, refused = 0;
        unsigned first;
        (void)state;

        if (s)
                seed = (unsigned)strtoul(s, NULL, 10);
        first = seed;
        tstore_open(&t);
        assert_ok(t.l, timport(t.l, "sku,name,spec,barcode,price,cost,tax_rate,unit,category,stock,reorder_point,active\n"
                                        "BX,Tea box,,,20.00,12.00,13,box,Tea,50,0,1\nRP,Rope,,,1.50,0.80,13,m,Hardware,80,0,1\n"));
        assert_ok(t.l, user_add(t.l, "maria", ROLE_MANAGER, "2222", NULL));
        assert_ok(t.l, user_add(t.l, "alice", ROLE_CASHIER, "1111", NULL));
        {
                struct shift_report sh;
                assert_ok(t.l, shift_open(t.l, &alice, 0, &sh));
        }

        for (int step = 0; step < 120; step++) {
                const char *sku = skus[rnd(4)];
                struct product p;
                struct unit_info u;
                struct doc_result sale, r;
                struct ticket *tk = NULL;
                /* whole, half, a gram's worth, or just short of a whole unit */
                static const int64_t parts[] = { 0, 500, 1, 999, 250 };
                int64_t q = 1000 * (1 + rnd(3)) + parts[rnd(5)], before;
                bool ok;

                assert_ok(t.l, product_get_by_sku(t.l, sku, &p));
                assert_ok(t.l, unit_get(t.l, p.unit, &u));
                ok = unit_qty_ok(&u, q);
                assert_int_equal(ok, u.measured || q % 1000 == 0);

                /* a sale of q, and a ticket line of q, follow the rule */
                {
                        const struct sale_line_in ln = { sku, q, -1, 0 };
                        struct sale_in in = { { NULL, "alice", "1", NULL, 0 }, &ln, 1, &cash, 1, 0, NULL, 0, 0, NULL, false, NULL, NULL };
                        int rc = post_sale(t.l, &in, &sale);
                        if (ok != (rc == 0))
                                fail_msg("seed %u step %d: a sale of %lld %s: %s", first, step, (long long)q, p.unit,
                                         ledger_errmsg(t.l));
                }
                assert_ok(t.l, ticket_open(t.l, &alice, &tk));
                assert_int_equal(ticket_add(t.l, &alice, tk->id, NULL, sku, q, NULL) == 0, ok);
                assert_ok(t.l, ticket_void(t.l, &(struct actor){ "maria", "1", NULL, true }, tk->id, NULL));
                ticket_free(tk);

                /* three whole units sold; q of them back against the receipt */
                {
                        const struct sale_line_in ln = { sku, 3000, -1, 0 };
                        struct sale_in in = { { NULL, "alice", "1", NULL, 0 }, &ln, 1, &cash, 1, 0, NULL, 0, 0, NULL, false, NULL, NULL };
                        assert_ok(t.l, post_sale(t.l, &in, &sale));
                }
                if (q > 3000)
                        q -= 1000;
                ok = unit_qty_ok(&u, q);
                before = returns_count(&t);
                snprintf(key, sizeof(key), "r-%d", step);
                {
                        const struct return_line_in rl = { 1, NULL, q, -1 };
                        const struct return_in in = { { key, "alice", "1", NULL, 0 }, sale.number, NULL, NULL, &rl, 1,
                                                      NULL, 0, 0, NULL, false, NULL };
                        int rc = post_return(t.l, &in, &r);
                        if (ok != (rc == 0))
                                fail_msg("seed %u step %d: %lld %s back against the receipt: %s", first, step,
                                         (long long)q, p.unit, rc ? ledger_errmsg(t.l) : "taken");
                        if (!ok) {
                                assert_string_equal(ledger_errcode(t.l), "BAD_QUANTITY");
                                assert_int_equal(returns_count(&t), before);
                        }
                }
                /* and without the receipt, a manager approving */
                snprintf(key, sizeof(key), "n-%d", step);
                {
                        const struct return_line_in rl = { 0, sku, q, -1 };
                        const struct return_in in = { { key, "alice", "1", NULL, 0 }, NULL, "maria", NULL, &rl, 1,
                                                      NULL, 0, 0, NULL, false, NULL };
                        assert_int_equal(post_return(t.l, &in, &r) == 0, ok);
                }
                ok ? taken++ : refused++;
        }
        assert_true(taken > 10 && refused > 10);
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_one_rule_across_units),
        };
        return cmocka_run_group_tests_name("quantity_rule", tests, NULL, NULL);
}
