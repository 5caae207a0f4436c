/* One document of every journalled kind, on a pinned clock, so that two builds of posd
 * write the same journal entry for entry. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buying/purchasing.h"
#include "every_kind.h"
#include "ledger/ledger.h"
#include "people/customers.h"
#include "selling/accounts.h"
#include "selling/sales_order.h"
#include "stock/stock.h"
#include "stock/transfer.h"
#include "till/checkout.h"

#define EVERY_KIND_T0 INT64_C(1793610000000) /* 2026-11-02 09:00 UTC */

static struct ledger *every_kind_store(struct tstore *t)
{
        struct store_setup s = { "Test store", "CNY", -1, false };
        struct ledger_error e;

        tstore_dir(t);
        if (ledger_open(t->path, LEDGER_OPEN_CREATE, &t->l, &e) < 0)
                fail_msg("open: %s", e.msg);
        ledger_set_clock(t->l, EVERY_KIND_T0);
        assert_ok(t->l, store_init(t->l, &s));
        assert_int_equal(timport(t->l, tseed_csv), 5);
        return t->l;
}

static void till_documents(struct ledger *l, const struct actor *a)
{
        const struct sale_line_in sl[] = { { "A1", 2000, -1, 0 }, { "K1", 750, -1, 0 } };
        const struct payment pay = { TENDER_CASH, 5000 };
        const struct sale_in sale = { { "sale-1", "maria", "1", NULL, 0 }, sl, 2, &pay, 1, 0, NULL, 0, 0, NULL, false,
                                      NULL, NULL };
        const struct return_line_in rl = { 1, NULL, 1000, -1 };
        const struct payment refund = { TENDER_CASH, 1250 };
        const struct return_in ret = { { "return-1", "maria", "1", NULL, 0 }, "S00000001", NULL, "broken seal", &rl, 1,
                                       &refund, 1, 0, NULL, false, NULL };
        struct shift_report sh;
        struct doc_result r;

        assert_ok(l, shift_open(l, a, 20000, &sh));
        assert_ok(l, cash_move(l, a, "cash-1", CASH_PAY_IN, 5000, "change from the bank", &r));
        assert_ok(l, post_sale(l, &sale, &r));
        assert_ok(l, post_return(l, &ret, &r));
}

static void stock_documents(struct ledger *l)
{
        const struct receipt_line_in gl = { "C3", 24000, 110, "L-7", EVERY_KIND_T0 + 90 * INT64_C(86400000) };
        const struct receipt_in gr = { { "receipt-1", "maria", NULL, NULL, 0 }, "Acme", "DN-1", &gl, 1 };
        const struct adjust_line_in al = { "B2", -1000 };
        const struct adjust_in adj = { { "adjust-1", "maria", NULL, NULL, 0 }, "breakage", &al, 1 };
        const struct transfer_line_in tl = { "C3", 6000 };
        const struct transfer_in tr = { { "transfer-1", "maria", NULL, NULL, 0 }, "BACK", NULL, "to the back", &tl, 1 };
        const struct transfer_receive_line trl = { 1, 5000 };
        struct doc_result r;
        char number[DOC_NUMBER_MAX + 1];

        assert_ok(l, post_goods_receipt(l, &gr, &r));
        assert_ok(l, post_adjustment(l, &adj, &r));
        assert_ok(l, post_transfer(l, &tr, &r));
        snprintf(number, sizeof(number), "%s", r.number);
        assert_ok(l, post_transfer_receipt(l, "transfer-in-1", &(struct actor){ "maria", NULL, NULL, true }, number, &trl, 1, "one short", &r));
}

static void supplier_documents(struct ledger *l, const struct actor *a)
{
        static const struct supplier_input s1 = { "S1", "Acme", "", "", 30, 2 };
        const struct supplier_invoice_in inv = { { "pinv-1", "maria", NULL, NULL, 0 }, "S1", "INV-77", NULL, 5000, 0, "" };
        const struct account_payment_in pay = { { "ppay-1", "maria", NULL, NULL, 0 }, "bank", 2000, "wire 1" };
        const struct supplier_return_line srl = { "C3", 2000, -1 };
        const struct supplier_return_in sr = { { "sret-1", "maria", NULL, NULL, 0 }, "S1", "dented", &srl, 1 };
        struct supplier s;
        struct doc_result r;

        assert_ok(l, supplier_add(l, a, &s1, &s));
        assert_ok(l, post_supplier_invoice(l, &inv, &r));
        assert_ok(l, post_supplier_payment(l, "S1", &pay, &r));
        assert_ok(l, post_supplier_return(l, &sr, &r));
}

static void customer_documents(struct ledger *l, const struct actor *a)
{
        const struct so_line_in sol = { "A1", 3000, -1 };
        struct so_input so_in = { 0, NULL, "phone order", &sol, 1 };
        const struct so_return_line back = { 1, 1000 };
        const struct account_payment_in pay = { { "cpay-1", "maria", NULL, NULL, 0 }, "bank", 1000, "transfer 1" };
        struct sales_order *so = NULL;
        char number[DOC_NUMBER_MAX + 1];
        struct customer c;
        struct doc_result r;

        assert_ok(l, customer_add(l, a, "Golden Dragon", "5550101", &c));
        so_in.customer_id = c.id;
        assert_ok(l, so_create(l, a, &so_in, &so));
        snprintf(number, sizeof(number), "%s", so->number);
        so = so_free(so);
        assert_ok(l, so_act(l, a, number, SO_PICK, &so));
        so = so_free(so);
        assert_ok(l, so_ship(l, a, "ship-1", number, &r, &so));
        so = so_free(so);
        assert_ok(l, so_invoice(l, a, "cinv-1", number, &r, &so));
        so = so_free(so);
        assert_ok(l, so_return(l, a, "credit-1", number, &back, 1, "one bottle broken", &r, &so));
        so_free(so);
        assert_ok(l, post_customer_payment(l, a, c.id, &pay, &r));
}

/* Kinds added since the fixture was written come after its documents: a transfer sent to
 * another store of a chain, and one received from it. */
static void chain_documents(struct ledger *l, const struct actor *a)
{
        const struct transfer_line_in tl = { "A1", 2000 };
        const struct transfer_in tr = { { "store-transfer-1", "maria", NULL, NULL, 0 }, NULL, "S2", "to the new store", &tl, 1 };
        const struct transfer_expected_line el = { "B2", 4000, 300, 1200 };
        const struct transfer_expected ex = { "S2", "TS00000007", "li", "bread back", EVERY_KIND_T0, 1200, &el, 1 };
        const struct transfer_receive_line got = { 1, 3000 };
        struct doc_result r;

        assert_ok(l, chain_store_put(l, "S1", "Main street", true));
        assert_ok(l, chain_store_put(l, "S2", "Harbour", false));
        assert_ok(l, post_transfer(l, &tr, &r));
        assert_ok(l, transfer_expect(l, &ex));
        assert_ok(l, post_transfer_receipt(l, "store-receipt-1", a, "S2-TS00000007", &got, 1, "one loaf short", &r));
}

void every_kind(struct tstore *t)
{
        static const struct actor maria = { "maria", "1", NULL, true };
        struct ledger *l = every_kind_store(t);

        till_documents(l, &maria);
        stock_documents(l);
        supplier_documents(l, &maria);
        customer_documents(l, &maria);
        chain_documents(l, &maria);
}
