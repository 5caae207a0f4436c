/* verify proves the store whole and names the first row that is not: an edited
 * document, an edited or deleted journal entry, a cached balance that drifted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/journal.h"
#include "ledger/posting.h"
#include "testlib.h"
#include "till/sale.h"
#include "buying/goods_in.h"
#include "stock/stock.h"

static void day_of_trade(struct tstore *t)
{
        const struct sale_line_in lines[] = { { "A1", 2000, -1, 0 }, { "K1", 750, -1, 0 } };
        const struct payment pay = { TENDER_CASH, 5000 };
        const struct receipt_line_in rl = { "C3", 24000, 110, NULL, 0 };
        const struct adjust_line_in al = { "B2", -1000 };
        struct doc_result r;
        char key[16];

        for (int i = 0; i < 3; i++) {
                struct sale_in s = { { key, "alice", "1", NULL, 0 }, lines, 2, &pay, 1, 0, NULL, 0, 0, NULL, false, NULL, NULL };
                snprintf(key, sizeof(key), "s-%d", i);
                assert_ok(t->l, post_sale(t->l, &s, &r));
        }
        {
                const struct return_line_in ret = { 1, NULL, 1000, -1 };
                const struct payment refund = { TENDER_CASH, 1250 };
                const struct return_in in = { { "r-1", NULL, NULL, NULL, 0 }, "S00000002", NULL, NULL, &ret, 1, &refund, 1, 0, NULL, false, NULL };
                assert_ok(t->l, post_return(t->l, &in, &r));
        }
        {
                const struct receipt_in in = { { "g-1", NULL, NULL, NULL, 0 }, "Acme", NULL, &rl, 1 };
                assert_ok(t->l, post_goods_receipt(t->l, &in, &r));
        }
        {
                const struct adjust_in in = { { "a-1", NULL, NULL, NULL, 0 }, "breakage", &al, 1 };
                assert_ok(t->l, post_adjustment(t->l, &in, &r));
        }
}

static int setup(void **state)
{
        static struct tstore t;
        tstore_open(&t);
        day_of_trade(&t);
        *state = &t;
        return 0;
}

static int teardown(void **state)
{
        tstore_close(*state);
        return 0;
}

static void expect_broken(struct tstore *t, const char *needle)
{
        assert_int_equal(ledger_verify(t->l, NULL, NULL), -EUCLEAN);
        if (!strstr(ledger_errmsg(t->l), needle))
                fail_msg("verify said '%s', expected it to name '%s'", ledger_errmsg(t->l), needle);
}

/* The day's breakage, the last adjustment: the import's opening stock came first, in one
 * adjustment a batch, and a slow machine may make more than one. */
static const char *breakage(struct tstore *t)
{
        static char name[48];
        snprintf(name, sizeof(name), "adjustment ADJ%08lld", (long long)tsql_int(t->path, "SELECT count(*) FROM adjustments"));
        return name;
}

static void test_intact_store_verifies(void **state)
{
        struct tstore *t = *state;
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
        /* the import, 3 sales, a return, a receipt, an adjustment */
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM journal"),
                         tsql_int(t->path, "SELECT count(*) FROM adjustments") - 1 + 6);
}

static void test_edited_sale_detected(void **state)
{
        struct tstore *t = *state;
        assert_int_equal(tsql_exec(t->path, "UPDATE sales SET total = total - 100 WHERE number = 'S00000002'"), 0);
        expect_broken(t, "sale S00000002");
        assert_int_equal(tsql_exec(t->path, "UPDATE sales SET total = total + 100 WHERE number = 'S00000002'"), 0);
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
}

static void test_edited_sale_line_detected(void **state)
{
        struct tstore *t = *state;
        assert_int_equal(tsql_exec(t->path, "UPDATE sale_lines SET qty = 1000 WHERE sale_id = 3 AND line = 1"), 0);
        expect_broken(t, "sale S00000003");
        assert_int_equal(tsql_exec(t->path, "UPDATE sale_lines SET qty = 2000 WHERE sale_id = 3 AND line = 1"), 0);
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
}

static void test_edited_journal_entry_detected(void **state)
{
        struct tstore *t = *state;
        assert_int_equal(tsql_exec(t->path, "UPDATE journal SET at = at + 1 WHERE id = 3"), 0);
        expect_broken(t, "journal entry 3");
        assert_int_equal(tsql_exec(t->path, "UPDATE journal SET at = at - 1 WHERE id = 3"), 0);
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
}

static void test_drifted_on_hand_detected(void **state)
{
        struct tstore *t = *state;
        assert_int_equal(tsql_exec(t->path, "UPDATE stock_on_hand SET qty = qty + 1000"
                                            " WHERE product_id = (SELECT id FROM products WHERE sku = 'K1')"), 0);
        expect_broken(t, "stock on hand of K1 at SHOP");
        assert_int_equal(tsql_exec(t->path, "UPDATE stock_on_hand SET qty = qty - 1000"
                                            " WHERE product_id = (SELECT id FROM products WHERE sku = 'K1')"), 0);
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
        /* the stock's worth is the books' inventory: a cent more is found */
        assert_int_equal(tsql_exec(t->path, "UPDATE stock_on_hand SET value = value + 1"
                                            " WHERE product_id = (SELECT id FROM products WHERE sku = 'K1')"), 0);
        expect_broken(t, "stock value of K1 at SHOP");
        assert_int_equal(tsql_exec(t->path, "UPDATE stock_on_hand SET value = value - 1"
                                            " WHERE product_id = (SELECT id FROM products WHERE sku = 'K1')"), 0);
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
}

/* A movement's value rewritten past its guard, with the stock's value to match: the sale
 * books another cost to inventory than its stock took. */
static void test_movement_value_forged_detected(void **state)
{
        struct tstore u;
        (void)state;
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DROP TRIGGER stock_movements_no_update;"
                                            "UPDATE stock_movements SET value = value + 1 WHERE id ="
                                            " (SELECT min(id) FROM stock_movements WHERE doc_type = 'sale');"
                                            "UPDATE stock_on_hand SET value = value + 1 WHERE (product_id, location_id) ="
                                            " (SELECT product_id, location_id FROM stock_movements WHERE id ="
                                            "  (SELECT min(id) FROM stock_movements WHERE doc_type = 'sale'))"), 0);
        expect_broken(&u, "sale S00000001 books");
        tstore_close(&u);
        /* a cent moved from the juice to the bananas of one sale, their stock to match:
         * the sale's lines say what each was worth */
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DROP TRIGGER stock_movements_no_update;"
                                           "UPDATE stock_movements SET value = value + CASE product_id"
                                           " WHEN (SELECT id FROM products WHERE sku = 'A1') THEN 1 ELSE -1 END"
                                           " WHERE doc_type = 'sale' AND doc_id = 1;"
                                           "UPDATE stock_on_hand SET value = (SELECT sum(value) FROM stock_movements m"
                                           " WHERE m.product_id = stock_on_hand.product_id"
                                           " AND m.location_id = stock_on_hand.location_id)"), 0);
        expect_broken(&u, "sale S00000001 books -1600 to inventory for A1");
        tstore_close(&u);
        /* a movement stripped of its value */
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DROP TRIGGER stock_movements_no_update;"
                                           "UPDATE stock_movements SET value = NULL WHERE id = 1"), 0);
        expect_broken(&u, "stock");
        tstore_close(&u);
}

static void test_movement_forged_past_the_trigger_detected(void **state)
{
        struct tstore *t = *state;
        /* someone with the sqlite3 shell drops the guard and rewrites a movement and the cache */
        assert_int_equal(tsql_exec(t->path, "DROP TRIGGER IF EXISTS stock_movements_no_update;"
                                            "UPDATE stock_movements SET qty = -1 WHERE doc_type = 'adjustment' AND qty = -1000;"
                                            "UPDATE stock_on_hand SET qty = qty + 999"
                                            " WHERE product_id = (SELECT id FROM products WHERE sku = 'B2')"), 0);
        expect_broken(t, breakage(t));
}

static void test_deleted_journal_entry_detected(void **state)
{
        struct tstore *t = *state;
        /* a fresh store: deleting an entry in the middle breaks the chain */
        struct tstore u;
        (void)t;
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DELETE FROM journal WHERE id = 4"), 0);
        expect_broken(&u, "has no journal entry");
        tstore_close(&u);
        /* the last entry deleted: its document stands without one */
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DELETE FROM journal WHERE id = (SELECT max(id) FROM journal)"), 0);
        {
                char want[96];
                snprintf(want, sizeof(want), "%s (id %lld) has no journal entry", breakage(&u),
                         (long long)tsql_int(u.path, "SELECT count(*) FROM adjustments"));
                expect_broken(&u, want);
        }
        tstore_close(&u);
        /* an entry deleted together with its document: its stock movements remain */
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DELETE FROM journal WHERE doc_type = 'sale' AND doc_id = 1;"
                                           "DELETE FROM sale_payments WHERE sale_id = 1;"
                                           "DELETE FROM sale_lines WHERE sale_id = 1; DELETE FROM sales WHERE id = 1"), 0);
        expect_broken(&u, "stock movements of sale id 1 remain but the sale was deleted");
        tstore_close(&u);
        /* the last sale deleted with its entry and its movements' guard: numbering shows it */
        tstore_open(&u);
        day_of_trade(&u);
        assert_int_equal(tsql_exec(u.path, "DROP TRIGGER stock_movements_no_delete;"
                                           "DELETE FROM stock_movements WHERE doc_type = 'sale' AND doc_id = 3;"
                                           "UPDATE stock_on_hand SET (qty, value) = (SELECT sum(qty), sum(value)"
                                           "  FROM stock_movements m WHERE m.product_id = stock_on_hand.product_id"
                                           "  AND m.location_id = stock_on_hand.location_id);"
                                           "DELETE FROM journal WHERE doc_type = 'sale' AND doc_id = 3;"
                                           "DELETE FROM sale_payments WHERE sale_id = 3; DELETE FROM sale_lines WHERE sale_id = 3;"
                                           "DELETE FROM sales WHERE id = 3"), 0);
        expect_broken(&u, "3 sale documents were numbered but 2 are stored: some were deleted");
        tstore_close(&u);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_intact_store_verifies),
                cmocka_unit_test(test_edited_sale_detected),
                cmocka_unit_test(test_edited_sale_line_detected),
                cmocka_unit_test(test_edited_journal_entry_detected),
                cmocka_unit_test(test_drifted_on_hand_detected),
                cmocka_unit_test(test_movement_forged_past_the_trigger_detected),
                cmocka_unit_test(test_deleted_journal_entry_detected),
                cmocka_unit_test(test_movement_value_forged_detected),
        };
        return cmocka_run_group_tests_name("verify", tests, setup, teardown);
}
