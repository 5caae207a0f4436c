/* Posting sales, returns, goods receipts and adjustments: one transaction each,
 * idempotent, and refusing bad documents without changing anything. */
#include <errno.h>
#include <string.h>

#include <stdio.h>

#include "catalog/catalog.h"
#include "ledger/journal.h"
#include "ledger/ledger_int.h"
#include "ledger/posting.h"
#include "stock/stock.h"
#include "testlib.h"
#include "people/users.h"
#include "till/sale.h"
#include "buying/goods_in.h"
#include "reports/report.h"
#include "ledger/replies.h"

static int64_t on_hand(struct tstore *t, const char *sku)
{
        struct product p;
        struct stock_info s;
        assert_ok(t->l, product_get_by_sku(t->l, sku, &p));
        assert_ok(t->l, stock_of(t->l, p.id, &s));
        return s.total;
}

static int64_t avg_cost(struct tstore *t, const char *sku)
{
        struct product p;
        assert_ok(t->l, product_get_by_sku(t->l, sku, &p));
        return p.avg_cost;
}

/* Every table a posting touches, counted: a refused posting must leave this unchanged. */
static int64_t footprint(struct tstore *t)
{
        return tsql_int(t->path, "SELECT (SELECT count(*) FROM sales) * 1000000 + (SELECT count(*) FROM sale_lines) * 100000"
                                 " + (SELECT count(*) FROM stock_movements) * 1000 + (SELECT count(*) FROM journal) * 10"
                                 " + (SELECT count(*) FROM returns) + (SELECT count(*) FROM idempotency) * 100"
                                 " + (SELECT coalesce(sum(last), 0) FROM doc_sequences) * 7"
                                 " + (SELECT sum(qty) FROM stock_on_hand)");
}

static int setup(void **state)
{
        static struct tstore t;
        tstore_open(&t);
        *state = &t;
        return 0;
}

static int teardown(void **state)
{
        tstore_close(*state);
        return 0;
}

static int sell(struct tstore *t, const char *key, const struct sale_line_in *lines, size_t n,
                const struct payment *pay, size_t np, struct doc_result *res)
{
        struct sale_in in = { { key, "alice", "1", NULL, 0 }, lines, n, pay, np, 0, NULL, 0, 0, NULL, false, NULL, NULL };
        return post_sale(t->l, &in, res);
}

static void test_sale_totals_tax_cost_and_stock(void **state)
{
        struct tstore *t = *state;
        const struct sale_line_in lines[] = {
                { "A1", 2000, -1, 0 },    /* 2 x 12.50 = 25.00, 13% incl: 2.88 */
                { "B2", 1000, -1, 99 },   /* 5.99 - 0.99 = 5.00, 9% incl: 0.41 */
                { "K1", 1235, -1, 0 },    /* 1.235 kg x 8.80 = 10.87, 9% incl: 0.90 */
        };
        const struct payment pay[] = { { TENDER_CARD, 1000 }, { TENDER_CASH, 5000 } };
        struct doc_result r;

        assert_ok(t->l, sell(t, "k-1", lines, 3, pay, 2, &r));
        assert_string_equal(r.number, "S00000001");
        assert_int_equal(r.total, 2500 + 500 + 1087);
        assert_int_equal(r.tax, 288 + 41 + 90);
        assert_int_equal(r.paid, 6000);
        assert_int_equal(r.change, 6000 - 4087);
        /* cost of goods at the moving average (the imported cost): 2 x 8.00 + 3.00 + 1.235 x 5.00 */
        assert_int_equal(r.cost, 1600 + 300 + 618);
        assert_false(r.replayed);
        assert_int_equal(on_hand(t, "A1"), 98000);
        assert_int_equal(on_hand(t, "K1"), 20500 - 1235);
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM journal WHERE doc_type = 'sale'"), 1);
}

static void test_sale_exclusive_tax(void **state)
{
        struct store_setup s = { "US store", "USD", -1, true };
        const struct sale_line_in line = { "A1", 1000, -1, 0 };
        const struct payment pay = { TENDER_CARD, 1413 };
        struct doc_result r;
        struct tstore t;
        struct ledger_error e;
        (void)state;
        tstore_dir(&t);
        assert_int_equal(ledger_open(t.path, LEDGER_OPEN_CREATE, &t.l, &e), 0);
        assert_ok(t.l, store_init(t.l, &s));
        assert_int_equal(timport(t.l, tseed_csv), 5);
        /* 12.50 + 13% = 14.125 -> tax 1.63, total 14.13 */
        assert_ok(t.l, sell(&t, NULL, &line, 1, &pay, 1, &r));
        assert_int_equal(r.tax, 163);
        assert_int_equal(r.total, 1413);
        tstore_close(&t);
}

static void test_idempotent_repeat(void **state)
{
        struct tstore *t = *state;
        const struct sale_line_in line = { "C3", 1000, -1, 0 };
        const struct payment pay = { TENDER_CASH, 500 };
        struct doc_result a, b;
        int64_t before;

        assert_ok(t->l, sell(t, "same-key", &line, 1, &pay, 1, &a));
        before = footprint(t);
        assert_ok(t->l, sell(t, "same-key", &line, 1, &pay, 1, &b));
        assert_true(b.replayed);
        assert_string_equal(a.number, b.number);
        assert_int_equal(a.total, b.total);
        assert_int_equal(a.change, b.change);
        assert_int_equal(footprint(t), before);
}

static void test_key_reused_for_other_request(void **state)
{
        struct tstore *t = *state;
        const struct sale_line_in line = { "C3", 1000, -1, 0 }, other = { "C3", 2000, -1, 0 };
        const struct payment pay = { TENDER_CASH, 1000 };
        struct doc_result r;
        int64_t before;

        assert_ok(t->l, sell(t, "reuse", &line, 1, &pay, 1, &r));
        before = footprint(t);
        assert_int_equal(sell(t, "reuse", &other, 1, &pay, 1, &r), -EEXIST);
        assert_string_equal(ledger_errcode(t->l), "IDEMPOTENCY_KEY_REUSED");
        assert_int_equal(footprint(t), before);
}

static void test_refused_sales_change_nothing(void **state)
{
        struct tstore *t = *state;
        const struct sale_line_in good = { "A1", 1000, -1, 0 };
        const struct sale_line_in unknown[] = { { "A1", 1000, -1, 0 }, { "NOPE", 1000, -1, 0 } };
        const struct sale_line_in half_bread = { "B2", 500, -1, 0 };
        const struct sale_line_in inactive = { "Z9", 1000, -1, 0 };
        const struct sale_line_in absurd = { "A1", INT64_C(1) << 60, -1, 0 };
        const struct sale_line_in too_much_off = { "A1", 1000, -1, 1251 };
        const struct payment short_pay = { TENDER_CASH, 1000 }, card_over = { TENDER_CARD, 2000 };
        const struct payment enough = { TENDER_CASH, 5000 };
        struct doc_result r;
        int64_t before = footprint(t);

        assert_int_equal(sell(t, "x1", &good, 1, &short_pay, 1, &r), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "TENDER_SHORT");
        assert_non_null(strstr(ledger_errmsg(t->l), "10.00 do not cover the total of 12.50"));
        assert_int_equal(sell(t, "x2", &good, 1, &card_over, 1, &r), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "OVERPAID");
        assert_int_equal(sell(t, "x3", unknown, 2, &enough, 1, &r), -ENOENT);
        assert_string_equal(ledger_errcode(t->l), "UNKNOWN_PRODUCT");
        assert_int_equal(sell(t, "x4", &half_bread, 1, &enough, 1, &r), -EINVAL);
        assert_int_equal(sell(t, "x5", &inactive, 1, &enough, 1, &r), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "PRODUCT_INACTIVE");
        assert_int_equal(sell(t, "x6", &absurd, 1, &enough, 1, &r), -EINVAL);
        assert_int_equal(sell(t, "x7", &too_much_off, 1, &enough, 1, &r), -EINVAL);
        assert_int_equal(sell(t, "x8", &good, 0, &enough, 1, &r), -EINVAL);
        assert_int_equal(footprint(t), before);
        /* numbers stay gap-free: the next sale takes the next number */
        assert_ok(t->l, sell(t, "x9", &good, 1, &enough, 1, &r));
        assert_int_equal(tsql_int(t->path, "SELECT max(CAST(substr(number, 2) AS INTEGER)) = count(*) FROM sales"), 1);
}

static void test_weighed_and_price_embedded_labels(void **state)
{
        struct tstore *t = *state;
        struct scan_result s;

        assert_ok(t->l, catalog_lookup_barcode(t->l, "2100101012501", &s));
        assert_string_equal(s.product.sku, "K1");
        assert_true(s.has_qty);
        assert_int_equal(s.qty, 1250);
        /* a UPC-A label scanned as 12 digits or as 13 finds the same product */
        assert_ok(t->l, catalog_lookup_barcode(t->l, "036000291452", &s));
        assert_string_equal(s.product.sku, "C3");
        assert_ok(t->l, catalog_lookup_barcode(t->l, "0036000291452", &s));
        assert_string_equal(s.product.sku, "C3");
        assert_ok(t->l, catalog_lookup_barcode(t->l, "96385074", &s));
        assert_string_equal(s.product.sku, "B2");
        assert_int_equal(catalog_lookup_barcode(t->l, "6901234567891", &s), -EBADMSG);
        assert_string_equal(ledger_errcode(t->l), "BAD_CHECK_DIGIT");
        assert_int_equal(catalog_lookup_barcode(t->l, "6900000000014", &s), -ENOENT);
        assert_string_equal(ledger_errcode(t->l), "UNKNOWN_BARCODE");
}

static void test_price_label(void **state)
{
        struct tstore *t = *state;
        struct scan_result s;
        /* rule 22: price 11.00 embedded, bananas at 8.80/kg -> 1.250 kg */
        assert_ok(t->l, product_add_barcode(t->l, "K1", "2200101"));
        assert_ok(t->l, catalog_lookup_barcode(t->l, "2200101011006", &s));
        assert_true(s.has_price);
        assert_int_equal(s.price, 1100);
        assert_int_equal(s.qty, 1250);
}

static void test_return_partial_and_limits(void **state)
{
        struct tstore *t = *state;
        const struct sale_line_in lines[] = { { "A1", 3000, -1, 0 }, { "B2", 1000, -1, 0 } };
        const struct payment pay[] = { { TENDER_CARD, 2000 }, { TENDER_CASH, 3000 } };
        struct doc_result sale, r;
        int64_t a1_before, cost_before;

        assert_ok(t->l, sell(t, "r-sale", lines, 2, pay, 2, &sale)); /* 37.50 + 5.99 = 43.49, change 6.51 */
        a1_before = on_hand(t, "A1");
        cost_before = avg_cost(t, "A1");
        {
                const struct return_line_in rl = { 1, NULL, 1000, -1 };
                const struct payment refund = { TENDER_CASH, 1250 };
                const struct return_in in = { { "ret-1", "alice", "1", NULL, 0 }, sale.number, NULL, "damaged",
                                              &rl, 1, &refund, 1, 0, NULL, false, NULL };
                assert_ok(t->l, post_return(t->l, &in, &r));
                assert_string_equal(r.number, "R00000001");
                assert_int_equal(r.total, 1250);
                assert_int_equal(r.paid, 1250);
                assert_int_equal(on_hand(t, "A1"), a1_before + 1000);
                assert_int_equal(avg_cost(t, "A1"), cost_before); /* back at the recorded cost */
                /* the same request again: the first answer, nothing posted */
                assert_ok(t->l, post_return(t->l, &in, &r));
                assert_true(r.replayed);
                assert_int_equal(on_hand(t, "A1"), a1_before + 1000);
        }
        {
                /* 2 more of A1 may go back, not 3 */
                const struct return_line_in rl = { 1, NULL, 3000, -1 };
                const struct payment refund = { TENDER_CARD, 100 };
                const struct return_in in = { { "ret-2", NULL, NULL, NULL, 0 }, sale.number, NULL, NULL, &rl, 1, &refund, 1, 0, NULL, false, NULL };
                int64_t before = footprint(t);
                assert_int_equal(post_return(t->l, &in, &r), -EINVAL);
                assert_string_equal(ledger_errcode(t->l), "RETURN_EXCEEDS_SALE");
                assert_non_null(strstr(ledger_errmsg(t->l), "only 2 of the 3"));
                assert_int_equal(footprint(t), before);
        }
        {
                /* refund more than the goods were worth */
                const struct return_line_in rl = { 2, NULL, 1000, -1 };
                const struct payment refund = { TENDER_CARD, 600 };
                const struct return_in in = { { "ret-3", NULL, NULL, NULL, 0 }, sale.number, NULL, NULL, &rl, 1, &refund, 1, 0, NULL, false, NULL };
                int64_t before = footprint(t);
                assert_int_equal(post_return(t->l, &in, &r), -EINVAL);
                assert_string_equal(ledger_errcode(t->l), "REFUND_EXCEEDS_PAID");
                assert_int_equal(footprint(t), before);
        }
        {
                /* the last two units take exactly what is left of the line: 37.50 - 12.50 */
                const struct return_line_in rl = { 1, NULL, 2000, -1 };
                const struct payment refund[] = { { TENDER_CARD, 2000 }, { TENDER_CASH, 500 } };
                const struct return_in in = { { "ret-4", NULL, NULL, NULL, 0 }, sale.number, NULL, NULL, &rl, 1, refund, 2, 0, NULL, false, NULL };
                assert_ok(t->l, post_return(t->l, &in, &r));
                assert_int_equal(r.total, 2500);
        }
        {
                /* card took 20.00 and has refunded 20.00: no more to card */
                const struct return_line_in rl = { 2, NULL, 1000, -1 };
                const struct payment refund = { TENDER_CARD, 100 };
                const struct return_in in = { { "ret-5", NULL, NULL, NULL, 0 }, sale.number, NULL, NULL, &rl, 1, &refund, 1, 0, NULL, false, NULL };
                assert_int_equal(post_return(t->l, &in, &r), -EINVAL);
                assert_non_null(strstr(ledger_errmsg(t->l), "in card"));
        }
}

static void test_return_without_receipt_needs_manager(void **state)
{
        struct tstore *t = *state;
        const struct return_line_in rl = { 0, "C3", 1000, -1 };
        const struct payment refund = { TENDER_CASH, 300 };
        struct return_in in = { { "nr-1", "alice", "1", NULL, 0 }, NULL, NULL, "no receipt", &rl, 1, &refund, 1, 0, NULL, false, NULL };
        struct doc_result r;
        int64_t before = footprint(t);

        assert_ok(t->l, user_add(t->l, "carol", ROLE_CASHIER, "1111", NULL));
        assert_ok(t->l, user_add(t->l, "maria", ROLE_MANAGER, "2222", NULL));
        assert_int_equal(post_return(t->l, &in, &r), -EPERM);
        in.approved_by = "carol";
        in.h.idem_key = "nr-2";
        assert_int_equal(post_return(t->l, &in, &r), -EPERM);
        assert_string_equal(ledger_errcode(t->l), "APPROVAL_REQUIRED");
        assert_int_equal(footprint(t), before);
        in.approved_by = "maria";
        in.h.idem_key = "nr-3";
        assert_ok(t->l, post_return(t->l, &in, &r));
        assert_int_equal(r.total, 300);
}

static void test_goods_receipt_moving_average(void **state)
{
        struct tstore *t = *state;
        /* A1: on hand (100 less what other tests sold) at 8.00; receive 100 at 9.00 */
        int64_t before = on_hand(t, "A1"), avg0 = avg_cost(t, "A1"), expect;
        const struct receipt_line_in rl = { "A1", 100000, 900, NULL, 0 };
        const struct receipt_in in = { { "gr-1", "maria", NULL, "BACK", 0 }, "Fresh Foods Ltd", "INV-7", &rl, 1 };
        struct doc_result r;

        assert_ok(t->l, post_goods_receipt(t->l, &in, &r));
        assert_string_equal(r.number, "GR00000001");
        assert_int_equal(r.total, 90000);
        assert_int_equal(on_hand(t, "A1"), before + 100000);
        expect = (before * avg0 + 100000 * 900 + (before + 100000) / 2) / (before + 100000);
        assert_int_equal(avg_cost(t, "A1"), expect);
        assert_int_equal(tsql_int(t->path, "SELECT qty FROM stock_on_hand h JOIN locations l ON l.id = h.location_id"
                                           " JOIN products p ON p.id = h.product_id WHERE l.code = 'BACK' AND p.sku = 'A1'"),
                         100000);
        /* receiving into a location that does not exist changes nothing */
        {
                const struct receipt_in bad = { { "gr-2", NULL, NULL, "MARS", 0 }, NULL, NULL, &rl, 1 };
                int64_t fp = footprint(t);
                assert_int_equal(post_goods_receipt(t->l, &bad, &r), -ENOENT);
                assert_int_equal(footprint(t), fp);
        }
}

static void test_adjustment(void **state)
{
        struct tstore *t = *state;
        const struct adjust_line_in down = { "B2", -2000 }, too_far = { "B2", -999000 };
        struct adjust_in in = { { "adj-1", "maria", NULL, NULL, 0 }, "breakage", &down, 1 };
        struct doc_result r;
        int64_t b2 = on_hand(t, "B2"), before;

        assert_ok(t->l, post_adjustment(t->l, &in, &r));
        assert_int_equal(on_hand(t, "B2"), b2 - 2000);
        assert_int_equal(r.total, -600); /* 2 x 3.00 at average cost */
        before = footprint(t);
        in = (struct adjust_in){ { "adj-2", NULL, NULL, NULL, 0 }, "count", &too_far, 1 };
        assert_int_equal(post_adjustment(t->l, &in, &r), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "INSUFFICIENT_STOCK");
        in = (struct adjust_in){ { "adj-3", NULL, NULL, NULL, 0 }, NULL, &down, 1 };
        assert_int_equal(post_adjustment(t->l, &in, &r), -EINVAL);
        assert_int_equal(footprint(t), before);
}

static void test_line_returned_unit_by_unit_adds_up(void **state)
{
        struct tstore *t = *state;
        /* 20 at 0.15 incl. 13%: the line's tax is 0.35; returned one by one, the parts
         * never go negative and add up to exactly the line */
        const struct sale_line_in line = { "P15", 20000, -1, 0 };
        const struct payment pay = { TENDER_CASH, 300 };
        struct doc_result sale, r;
        int64_t tax = 0, refunded = 0;
        char key[32];

        assert_int_equal(timport(t->l, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                                       "P15,Sweet,,0.15,0.05,13,pcs,Misc,100\n"), 1);
        assert_ok(t->l, sell(t, "p15-sale", &line, 1, &pay, 1, &sale));
        assert_int_equal(sale.total, 300);
        assert_int_equal(sale.tax, 35);
        for (int i = 0; i < 20; i++) {
                const struct return_line_in rl = { 1, NULL, 1000, -1 };
                const struct payment refund = { TENDER_CASH, 15 };
                const struct return_in in = { { key, NULL, NULL, NULL, 0 }, sale.number, NULL, NULL, &rl, 1, &refund, 1, 0, NULL, false, NULL };
                snprintf(key, sizeof(key), "p15-ret-%d", i);
                assert_ok(t->l, post_return(t->l, &in, &r));
                assert_true(r.tax >= 0);
                assert_int_equal(r.total, 15);
                tax += r.tax;
                refunded += r.paid;
        }
        assert_int_equal(tax, 35);
        assert_int_equal(refunded, 300);
}

static void test_discounted_line_returned_unit_by_unit(void **state)
{
        struct tstore *t = *state;
        /* 10 x 12.50 with 124.85 off: the line charged 0.15 */
        const struct sale_line_in line = { "A1", 10000, -1, 12485 };
        const struct payment pay = { TENDER_CASH, 15 };
        struct doc_result sale, r;
        int64_t total = 0;
        char key[32];

        assert_ok(t->l, sell(t, "disc-sale", &line, 1, &pay, 1, &sale));
        assert_int_equal(sale.total, 15);
        for (int i = 0; i < 10; i++) {
                const struct return_line_in rl = { 1, NULL, 1000, -1 };
                const struct return_in in = { { key, NULL, NULL, NULL, 0 }, sale.number, NULL, NULL, &rl, 1, NULL, 0, 0, NULL, false, NULL };
                snprintf(key, sizeof(key), "disc-ret-%d", i);
                assert_ok(t->l, post_return(t->l, &in, &r));
                assert_true(r.total >= 0 && r.total <= 2);
                total += r.total;
        }
        assert_int_equal(total, 15);
}

static void test_fingerprint_tells_lists_apart(void **state)
{
        struct tstore *t = *state;
        /* two requests whose fields, run together, are the same bytes */
        const struct sale_line_in x_lines[] = { { "A1", 1000, -1, 0 }, { "1", 5000, 2, 1 } };
        const struct payment x_pay[] = { { TENDER_CASH, 1259 } };
        const struct sale_line_in y_lines[] = { { "A1", 1000, -1, 0 } };
        const struct payment y_pay[] = { { TENDER_CARD, 5000 }, { TENDER_OTHER, 1 }, { TENDER_CASH, 1259 } };
        struct doc_result r;

        assert_int_equal(timport(t->l, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                                       "1,One,,0.02,0.01,13,pcs,Misc,100\n"), 1);
        assert_ok(t->l, sell(t, "fp", x_lines, 2, x_pay, 1, &r));
        assert_int_equal(sell(t, "fp", y_lines, 1, y_pay, 3, &r), -EEXIST);
        assert_string_equal(ledger_errcode(t->l), "IDEMPOTENCY_KEY_REUSED");
}

static void test_product_add_is_all_or_nothing(void **state)
{
        struct tstore *t = *state;
        const char *codes[] = { "6901234567892" }; /* A1's */
        const struct product_input in = { "NEW1", "New thing", NULL, "pcs", "Brand new category", 100, 50, 1700, 0, 0,
                                          true, codes, 1 };

        assert_int_equal(product_add(t->l, &in, NULL), -EEXIST);
        assert_string_equal(ledger_errcode(t->l), "BARCODE_TAKEN");
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM products WHERE sku = 'NEW1'"), 0);
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM categories WHERE name = 'Brand new category'"), 0);
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM tax_rates WHERE rate_bp = 1700"), 0);
}

static int low_cb(const struct product *p, int64_t on_hand, void *ud)
{
        struct { struct ledger *l; int calls; } *c = ud;
        struct store_stats s;
        (void)p;
        (void)on_hand;
        /* calling back into the store mid-iteration must not restart the iteration */
        assert_int_equal(store_stats(c->l, &s), 0);
        return ++c->calls > 1000;
}

static void test_iteration_survives_reentry(void **state)
{
        struct tstore *t = *state;
        struct { struct ledger *l; int calls; } c = { t->l, 0 };
        int n = stock_each_low(t->l, low_cb, &c);

        assert_true(n > 0);
        assert_int_equal(c.calls, n);
}

static void test_statement_cache_has_room(void **state)
{
        struct tstore *t = *state;
        int used = 0;

        /* after a whole day's work through one handle the cache is far from full */
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
        for (int i = 0; i < STMT_CACHE_SIZE; i++)
                used += t->l->stmts[i].sql != NULL;
        assert_true(used > 20);
        assert_true(used < STMT_CACHE_SIZE / 4);
}

static void test_movements_are_append_only(void **state)
{
        struct tstore *t = *state;
        int64_t n = tsql_int(t->path, "SELECT count(*) FROM stock_movements");

        assert_true(n > 0);
        assert_int_not_equal(tsql_exec(t->path, "UPDATE stock_movements SET qty = qty + 1"), 0);
        assert_int_not_equal(tsql_exec(t->path, "DELETE FROM stock_movements WHERE id = 1"), 0);
        assert_int_not_equal(tsql_exec(t->path, "DELETE FROM stock_movements"), 0);
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM stock_movements"), n);
        assert_int_equal(tsql_int(t->path, "SELECT sum(qty) FROM stock_movements") ==
                                 tsql_int(t->path, "SELECT sum(qty) FROM stock_on_hand"), 1);
}

/* An answer to a keyed request is recorded with its effect or not at all: when SQLite
 * rolls the transaction back behind posd's back (an I/O error or out of memory on a read
 * after posting), the answer is refused rather than saved on its own. */
static void test_answer_only_with_its_effect(void **state)
{
        unsigned char hash[REPLY_HASH_BYTES] = { 1 };
        struct tstore t;
        (void)state;

        tstore_open(&t);
        assert_int_equal(reply_store(t.l, "alone", hash, 201, "{}"), -EIO);
        assert_int_equal(ledger_begin(t.l), 0);
        assert_int_equal(reply_store(t.l, "kept", hash, 201, "{}"), 0);
        assert_int_equal(ledger_commit(t.l), 0);
        assert_int_equal(ledger_begin(t.l), 0);
        assert_int_equal(sqlite3_exec(t.l->db, "INSERT INTO replies(key, request_hash, status, body, at) "
                                               "VALUES ('effect', x'00', 201, '', 0)", NULL, NULL, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_exec(t.l->db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK); /* as SQLite does on SQLITE_IOERR */
        assert_int_equal(reply_store(t.l, "dropped", hash, 201, "{}"), -EIO);
        assert_string_equal(ledger_errcode(t.l), "STORAGE_ERROR");
        assert_true(ledger_commit(t.l) < 0);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM replies"), 1);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM replies WHERE key = 'kept'"), 1);
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sale_totals_tax_cost_and_stock),
                cmocka_unit_test(test_sale_exclusive_tax),
                cmocka_unit_test(test_idempotent_repeat),
                cmocka_unit_test(test_key_reused_for_other_request),
                cmocka_unit_test(test_refused_sales_change_nothing),
                cmocka_unit_test(test_weighed_and_price_embedded_labels),
                cmocka_unit_test(test_price_label),
                cmocka_unit_test(test_return_partial_and_limits),
                cmocka_unit_test(test_return_without_receipt_needs_manager),
                cmocka_unit_test(test_goods_receipt_moving_average),
                cmocka_unit_test(test_adjustment),
                cmocka_unit_test(test_line_returned_unit_by_unit_adds_up),
                cmocka_unit_test(test_discounted_line_returned_unit_by_unit),
                cmocka_unit_test(test_fingerprint_tells_lists_apart),
                cmocka_unit_test(test_product_add_is_all_or_nothing),
                cmocka_unit_test(test_iteration_survives_reentry),
                cmocka_unit_test(test_statement_cache_has_room),
                cmocka_unit_test(test_movements_are_append_only),
                cmocka_unit_test(test_answer_only_with_its_effect),
        };
        /* one store for the group: the tests run in order, as a day in the shop would */
        return cmocka_run_group_tests_name("posting", tests, setup, teardown);
}
