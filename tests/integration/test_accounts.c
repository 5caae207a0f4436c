/* Money owed both ways: a supplier's invoice and payments with ageing, and a customer's
 * sales order from order to invoice on account, goods back on a credit note, and the
 * account paid off. Wrong steps change nothing; the books balance; verify stays ok. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define DAY (24LL * 3600 * 1000)

static void get(struct posd *p, const char *tok, const char *path, json_t **ret)
{
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, ret), 200);
}

static void test_payables(void **state)
{
        struct posd p;
        const char *maria, *alice;
        char path[128];
        json_t *o = NULL;
        int64_t now;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        maria = login(&p, "maria", "5678");
        alice = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/suppliers", maria, NULL,
                              "{\"code\":\"S1\",\"name\":\"Master Kong\",\"terms_days\":30}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/suppliers", maria, NULL, "{\"code\":\"S2\",\"name\":\"Other\"}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/purchase-orders", maria, NULL,
                              "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"A1\",\"qty\":10,\"unit_cost\":900}]}", NULL), 201);
        assert_int_equal(http(&p, "POST", "/purchase-orders/P00000001/approve", maria, NULL, NULL, NULL), 200);
        assert_int_equal(http(&p, "POST", "/purchase-orders/P00000001/receive", alice, NULL,
                              "{\"lines\":[{\"line\":1,\"qty\":10}]}", NULL), 201);

        /* the supplier's invoice for it; wrong ones are refused */
        expect_error(&p, "POST", "/supplier-invoices", alice, "{\"supplier\":\"S1\",\"reference\":\"F-1\",\"amount\":9000}",
                     403, "FORBIDDEN");
        expect_error(&p, "POST", "/supplier-invoices", maria, "{\"supplier\":\"NOPE\",\"reference\":\"F-1\",\"amount\":9000}",
                     422, "UNKNOWN_SUPPLIER");
        expect_error(&p, "POST", "/supplier-invoices", maria,
                     "{\"supplier\":\"S2\",\"reference\":\"F-1\",\"amount\":9000,\"po\":\"P00000001\"}", 422,
                     "PO_OF_ANOTHER_SUPPLIER");
        expect_error(&p, "POST", "/supplier-invoices", maria, "{\"supplier\":\"S1\",\"reference\":\"F-1\",\"amount\":-5}",
                     422, "BAD_AMOUNT");
        assert_int_equal(http(&p, "POST", "/supplier-invoices", maria, "pi1",
                              "{\"supplier\":\"S1\",\"reference\":\"F-1\",\"amount\":9000,\"po\":\"P00000001\"}", &o), 201);
        assert_string_equal(jstr(o, "number"), "PI00000001");
        json_decref(o);
        expect_error(&p, "POST", "/supplier-invoices", maria, "{\"supplier\":\"S1\",\"reference\":\"F-1\",\"amount\":100}",
                     409, "INVOICE_EXISTS");

        /* more than is owed is refused; part of it is paid */
        expect_error(&p, "POST", "/suppliers/S1/payments", maria, "{\"method\":\"bank\",\"amount\":9001}", 422,
                     "PAYMENT_EXCEEDS_BALANCE");
        expect_error(&p, "POST", "/suppliers/S1/payments", maria, "{\"method\":\"cheque\",\"amount\":100}", 422,
                     "BAD_METHOD");
        expect_error(&p, "POST", "/suppliers/NOPE/payments", maria, "{\"method\":\"bank\",\"amount\":100}", 404,
                     "UNKNOWN_SUPPLIER");
        assert_int_equal(http(&p, "POST", "/suppliers/S1/payments", maria, "pay1",
                              "{\"method\":\"bank\",\"amount\":4000,\"reference\":\"TX 77\"}", &o), 201);
        assert_string_equal(jstr(o, "number"), "PAY00000001");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/suppliers/S1/payments", maria, "pay1",
                              "{\"method\":\"bank\",\"amount\":4000,\"reference\":\"TX 77\"}", NULL), 201);

        /* goods in without an order need a manager; two juices go back damaged */
        expect_error(&p, "POST", "/goods-receipts", alice,
                     "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"B2\",\"qty\":6,\"unit_cost\":300}]}", 403,
                     "APPROVAL_REQUIRED");
        expect_error(&p, "POST", "/goods-receipts", maria,
                     "{\"supplier\":\"NOPE\",\"lines\":[{\"sku\":\"B2\",\"qty\":6,\"unit_cost\":300}]}", 422,
                     "UNKNOWN_SUPPLIER");
        assert_int_equal(http(&p, "POST", "/goods-receipts", alice, NULL,
                              "{\"supplier\":\"S1\",\"reference\":\"van sale\",\"lines\":[{\"sku\":\"B2\",\"qty\":6,"
                              "\"unit_cost\":300}],\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", &o), 201);
        assert_int_equal(jint(o, "cost"), 1800);
        json_decref(o);
        assert_int_equal(stock_total(&p, alice, "B2"), 56);
        expect_error(&p, "POST", "/supplier-returns", maria,
                     "{\"supplier\":\"S1\",\"reason\":\"damaged\",\"lines\":[{\"sku\":\"A1\",\"qty\":500}]}", 422,
                     "INSUFFICIENT_STOCK");
        assert_int_equal(http(&p, "POST", "/supplier-returns", maria, NULL,
                              "{\"supplier\":\"S1\",\"reason\":\"damaged\",\"lines\":[{\"sku\":\"A1\",\"qty\":2,"
                              "\"unit_cost\":900}]}", &o), 201);
        assert_string_equal(jstr(o, "number"), "SR00000001");
        assert_int_equal(jint(o, "value"), 1800);
        json_decref(o);
        assert_int_equal(stock_total(&p, alice, "A1"), 108);

        get(&p, maria, "/suppliers/S1/account", &o);
        assert_int_equal(jint(o, "summary.invoiced"), 9000);
        assert_int_equal(jint(o, "summary.paid"), 4000);
        assert_int_equal(jint(o, "summary.credited"), 1800);
        assert_int_equal(jint(o, "summary.balance"), 3200);
        assert_int_equal(jint(o, "summary.ageing.current"), 3200);
        assert_int_equal(jint(o, "summary.overdue"), 0);
        assert_string_equal(jstr(o, "entries.1.reference"), "TX 77");
        assert_int_equal(jint(o, "entries.1.balance"), 5000);
        assert_string_equal(jstr(o, "entries.2.kind"), "credit");
        assert_int_equal(jint(o, "entries.2.balance"), 3200);
        now = jint(o, "entries.0.at");
        json_decref(o);
        /* 45 days on, what is left is 15 days overdue */
        snprintf(path, sizeof(path), "/suppliers/S1/account?at=%lld", (long long)(now + 45 * DAY));
        get(&p, maria, path, &o);
        assert_int_equal(jint(o, "summary.ageing.1_30"), 3200);
        assert_int_equal(jint(o, "summary.overdue"), 3200);
        assert_int_equal(jint(o, "entries.0.open"), 3200);
        assert_int_equal(jint(o, "entries.0.days_overdue"), 16);
        json_decref(o);
        get(&p, maria, "/payables", &o);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
        assert_string_equal(jstr(o, "items.0.party"), "S1");
        assert_int_equal(jint(o, "items.0.balance"), 3200);
        json_decref(o);
        posd_stop(&p);
        verify_ok(&p);
        {
                const char *books = books_export(&p);
                assert_int_equal(books_balance(books, "Liabilities:Suppliers"), -3200);
                /* the van's goods are not invoiced yet */
                assert_int_equal(books_balance(books, "Liabilities:Goods received not invoiced"), -1800);
                assert_int_equal(books_balance(books, "Assets:Bank"), -4000);
        }
        posd_cleanup(&p);
}

static void so_step(struct posd *p, const char *tok, const char *number, const char *step, int status, json_t **ret)
{
        char path[96];

        snprintf(path, sizeof(path), "/sales-orders/%s/%s", number, step);
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, ret), status);
}

static void test_receivables(void **state)
{
        struct posd p;
        const char *maria, *alice;
        json_t *o = NULL;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        maria = login(&p, "maria", "5678");
        alice = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/customers", alice, NULL, "{\"name\":\"Golden Dragon 餐厅\",\"phone\":\"5550101\"}",
                              &o), 201);
        assert_int_equal(jint(o, "id"), 1);
        json_decref(o);

        /* no account yet: a cashier's order is refused; a manager opens one */
        expect_error(&p, "POST", "/sales-orders", alice, "{\"customer\":1,\"lines\":[{\"sku\":\"A1\",\"qty\":10}]}", 403,
                     "CREDIT_LIMIT");
        expect_error(&p, "PATCH", "/customers/1", alice, "{\"credit_limit\":50000}", 403, "FORBIDDEN");
        assert_int_equal(http(&p, "PATCH", "/customers/1", maria, NULL,
                              "{\"credit_limit\":30000,\"terms_days\":14,\"contact\":\"Mr Wong\"}", &o), 200);
        assert_int_equal(jint(o, "credit_limit"), 30000);
        json_decref(o);
        expect_error(&p, "POST", "/sales-orders", alice, "{\"customer\":9,\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", 422,
                     "UNKNOWN_CUSTOMER");
        expect_error(&p, "POST", "/sales-orders", alice, "{\"customer\":1,\"lines\":[{\"sku\":\"A1\",\"qty\":1,"
                     "\"unit_price\":-3}]}", 422, "BAD_AMOUNT");
        /* a price of null is the shelf price, as one left out is: shown by the order's total
         * below, 10 at 12.00 and 2 kg of bananas at 8.80 */

        /* 10 apple juice at 12.00 and 2 kg of bananas at the shelf price: 137.60; below the
         * shelf price is a manager's to say, as at the till */
        expect_error(&p, "POST", "/sales-orders", alice, "{\"customer\":1,\"lines\":[{\"sku\":\"A1\",\"qty\":10,"
                     "\"unit_price\":1200}]}", 403, "APPROVAL_REQUIRED");
        assert_int_equal(http(&p, "POST", "/sales-orders", alice, NULL,
                              "{\"customer\":1,\"note\":\"by phone\",\"lines\":[{\"sku\":\"A1\",\"qty\":10,\"unit_price\":1200},"
                              "{\"sku\":\"K1\",\"qty\":2,\"unit_price\":null}],"
                              "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", &o), 201);
        assert_string_equal(jstr(o, "number"), "SO00000001");
        assert_string_equal(jstr(o, "state"), "ordered");
        assert_int_equal(jint(o, "total"), 12000 + 1760);
        json_decref(o);
        /* a second order would take it over its limit: a manager's approval lets it through */
        expect_error(&p, "POST", "/sales-orders", alice, "{\"customer\":1,\"lines\":[{\"sku\":\"B2\",\"qty\":30}]}", 403,
                     "CREDIT_LIMIT");
        assert_int_equal(http(&p, "POST", "/sales-orders", alice, NULL,
                              "{\"customer\":1,\"lines\":[{\"sku\":\"B2\",\"qty\":60}],"
                              "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", &o), 201);
        assert_string_equal(jstr(o, "approved_by"), "maria");
        json_decref(o);

        /* steps in order only */
        so_step(&p, alice, "SO00000001", "ship", 409, NULL);
        so_step(&p, alice, "SO00000001", "pick", 200, NULL);
        so_step(&p, maria, "SO00000001", "invoice", 409, NULL);
        so_step(&p, alice, "SO00000002", "pick", 200, NULL);
        expect_error(&p, "POST", "/sales-orders/SO00000002/ship", alice, NULL, 422, "INSUFFICIENT_STOCK");
        assert_int_equal(stock_total(&p, alice, "B2"), 50);
        so_step(&p, maria, "SO00000002", "cancel", 200, NULL);

        /* shipped: the stock leaves; invoiced: the customer owes it, due in 14 days */
        so_step(&p, alice, "SO00000001", "ship", 201, &o);
        assert_string_equal(jstr(o, "shipment.number"), "SH00000001");
        assert_int_equal(jint(o, "shipment.cost"), 10 * 800 + 2 * 500);
        assert_string_equal(jstr(o, "order.state"), "shipped");
        json_decref(o);
        assert_int_equal(stock_total(&p, alice, "A1"), 90);
        so_step(&p, maria, "SO00000001", "cancel", 409, NULL);
        so_step(&p, maria, "SO00000001", "invoice", 201, &o);
        assert_string_equal(jstr(o, "invoice.number"), "INV00000001");
        json_decref(o);

        /* two juices come back broken */
        expect_error(&p, "POST", "/sales-orders/SO00000001/returns", maria,
                     "{\"reason\":\"broken\",\"lines\":[{\"line\":1,\"qty\":11}]}", 422, "RETURN_EXCEEDS_ORDER");
        assert_int_equal(http(&p, "POST", "/sales-orders/SO00000001/returns", maria, "cn1",
                              "{\"reason\":\"broken\",\"lines\":[{\"line\":1,\"qty\":2}]}", &o), 201);
        assert_string_equal(jstr(o, "credit_note.number"), "CN00000001");
        assert_int_equal(jint(o, "credit_note.total"), 2400);
        assert_int_equal(jint(o, "order.lines.0.returned"), 2);
        json_decref(o);
        assert_int_equal(stock_total(&p, alice, "A1"), 92);

        /* the account: 137.60 invoiced, 24.00 credited; paid off in two goes */
        get(&p, alice, "/customers/1/account", &o);
        assert_int_equal(jint(o, "summary.balance"), 13760 - 2400);
        assert_int_equal(jint(o, "summary.credited"), 2400);
        assert_string_equal(jstr(o, "entries.0.reference"), "SO00000001");
        assert_int_equal(jint(o, "entries.0.due_at") - jint(o, "entries.0.at"), 14 * DAY);
        json_decref(o);
        expect_error(&p, "POST", "/customers/1/payments", alice, "{\"method\":\"cash\",\"amount\":20000}", 422,
                     "PAYMENT_EXCEEDS_BALANCE");
        expect_error(&p, "POST", "/customers/77/payments", alice, "{\"method\":\"cash\",\"amount\":100}", 404,
                     "UNKNOWN_CUSTOMER");
        /* money on account passes through no till: a manager records it, or approves it */
        expect_error(&p, "POST", "/customers/1/payments", alice, "{\"method\":\"bank\",\"amount\":5000}", 403,
                     "APPROVAL_REQUIRED");
        assert_int_equal(http(&p, "POST", "/customers/1/payments", alice, NULL, "{\"method\":\"cash\",\"amount\":5000,"
                              "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", &o), 201);
        assert_string_equal(jstr(o, "number"), "RCV00000001");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/customers/1/payments", maria, NULL,
                              "{\"method\":\"bank\",\"amount\":6360,\"reference\":\"wire 9\"}", NULL), 201);
        get(&p, maria, "/receivables", &o);
        assert_int_equal(jint(o, "items.0.balance"), 0);
        assert_int_equal(jint(o, "items.0.paid"), 11360);
        json_decref(o);
        get(&p, alice, "/sales-orders?customer=1", &o);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
        json_decref(o);
        /* its purchase history: the two orders, the newest first */
        get(&p, alice, "/customers/1/purchases", &o);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
        assert_string_equal(jstr(o, "items.0.number"), "SO00000002");
        assert_string_equal(jstr(o, "items.0.state"), "cancelled");
        assert_int_equal(jint(o, "items.1.total"), 13760);
        json_decref(o);
        posd_stop(&p);
        verify_ok(&p);
        {
                const char *books = books_export(&p);
                assert_int_equal(books_balance(books, "Assets:Receivables"), 0);
                assert_int_equal(books_balance(books, "Assets:Cash"), 5000);
                assert_int_equal(books_balance(books, "Assets:Bank"), 6360);
                /* 8 juices at 8.00 and 2 kg at 5.00 went for good */
                assert_int_equal(books_balance(books, "Expenses:Cost of goods sold"), 8 * 800 + 2 * 500);
        }
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_payables),
                cmocka_unit_test(test_receivables),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
