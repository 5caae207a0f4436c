/* A whole day at a till, over HTTP against a real posd: open the shift, sell with every
 * tender and a split, weighed goods, discounts, an override refused and then approved,
 * suspend and resume, returns, a pay-out, and close. The Z is checked against figures
 * this test adds up itself. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "ledger/money.h"
#include "ledger/journal.h"

struct day {
        struct posd p;
        const char *alice, *maria;
        int64_t gross, tax, refunds, refund_tax, sales, returns;
        int64_t by[3]; /* cash, card, other: taken less change less refunds */
        int64_t float_, pay_in, pay_out;
};

static const char *methods[] = { "cash", "card", "other" };

static json_t *call(struct day *d, int expect, const char *method, const char *path, const char *body)
{
        json_t *o = NULL;
        int st = http(&d->p, method, path, d->alice, NULL, body, &o);

        if (st != expect)
                fail_msg("%s %s %s: expected %d, got %d: %s", method, path, body ? body : "", expect, st,
                         o ? json_dumps(o, JSON_COMPACT) : "(no body)");
        return o;
}

static char *new_ticket(struct day *d, char id[32])
{
        json_t *t = call(d, 201, "POST", "/tickets", NULL);
        snprintf(id, 32, "%s", jstr(t, "id"));
        json_decref(t);
        return id;
}

static json_t *on_ticket(struct day *d, int expect, const char *method, const char *id, const char *sub, const char *body)
{
        char path[128];
        snprintf(path, sizeof(path), "/tickets/%s%s", id, sub);
        return call(d, expect, method, path, body);
}

/* Pay and complete; the figures go into the day's own sums. */
static json_t *finish(struct day *d, const char *id, const int64_t pay[3])
{
        char body[96];
        json_t *s;

        /* card and other first, cash last: cash is what gives change */
        for (int k = 0, m = 1; k < 3; k++, m = (m + 1) % 3)
                if (pay[m]) {
                        snprintf(body, sizeof(body), "{\"method\":\"%s\",\"amount\":%lld}", methods[m], (long long)pay[m]);
                        json_decref(on_ticket(d, 201, "POST", id, "/payments", body));
                }
        s = on_ticket(d, 201, "POST", id, "/complete", NULL);
        d->sales++;
        d->gross += jint(s, "sale.total");
        d->tax += jint(s, "sale.tax");
        for (int m = 0; m < 3; m++)
                d->by[m] += pay[m];
        d->by[0] -= jint(s, "sale.change");
        return s;
}

/* The day exported for an accountant reads the same in ledger-cli as in the Z. */
static void books_agree(struct day *d)
{
        const char *journal = books_export(&d->p);

        assert_int_equal(books_balance(journal, "Assets:Cash"), d->by[0] - d->pay_out);
        assert_int_equal(books_balance(journal, "Assets:Card receivable"), d->by[1]);
        assert_int_equal(books_balance(journal, "Assets:Other tenders"), d->by[2]);
        assert_int_equal(books_balance(journal, "Liabilities:VAT"), -(d->tax - d->refund_tax));
        assert_int_equal(books_balance(journal, "Income:Sales"), -((d->gross - d->tax) - (d->refunds - d->refund_tax)));
}

static void test_day(void **state)
{
        struct day d;
        char id[32], id2[32], s1[32], s4[32];
        json_t *o, *t;
        (void)state;
        memset(&d, 0, sizeof(d));
        posd_store(&d.p);
        posd_start(&d.p, NULL);
        d.alice = login(&d.p, "alice", "1111");
        d.maria = login(&d.p, "maria", "5678");

        /* no shift, no ticket */
        json_decref(call(&d, 409, "POST", "/tickets", NULL));
        json_decref(call(&d, 201, "POST", "/shifts", "{\"opening_float\":20000}"));
        d.float_ = 20000;
        json_decref(call(&d, 409, "POST", "/shifts", "{\"opening_float\":100}"));

        /* 1: cash with change. 2 x A1 at 12.50 = 25.00, tax 13% inclusive 2.88 */
        new_ticket(&d, id);
        t = on_ticket(&d, 201, "POST", id, "/lines", "{\"barcode\":\"6901234567892\"}");
        json_decref(t);
        t = on_ticket(&d, 201, "POST", id, "/lines", "{\"barcode\":\"6901234567892\"}");
        assert_int_equal(json_array_size(json_object_get(t, "lines")), 1); /* the same item again: one line of 2 */
        assert_int_equal(jint(t, "total"), 2500);
        json_decref(t);
        o = finish(&d, id, (int64_t[]){ 3000, 0, 0 });
        assert_int_equal(jint(o, "sale.total"), 2500);
        assert_int_equal(jint(o, "sale.tax"), 288);
        assert_int_equal(jint(o, "sale.change"), 500);
        snprintf(s1, sizeof(s1), "%s", jstr(o, "sale.number"));
        json_decref(o);

        /* 2: card. 3: other */
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"B2\"}"));
        json_decref(finish(&d, id, (int64_t[]){ 0, 599, 0 }));
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"C3\",\"qty\":2}"));
        json_decref(finish(&d, id, (int64_t[]){ 0, 0, 600 }));

        /* 4: weighed bananas from a scale label (1.250 kg at 8.80 = 11.00) and a split tender */
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"A1\"}"));
        t = on_ticket(&d, 201, "POST", id, "/lines", "{\"barcode\":\"2100101012501\"}");
        assert_int_equal(jint(t, "lines.1.amount"), 1100);
        assert_int_equal(jint(t, "total"), 2350);
        json_decref(t);
        /* a card may not pay more than is due */
        json_decref(on_ticket(&d, 422, "POST", id, "/payments", "{\"method\":\"card\",\"amount\":9999}"));
        o = finish(&d, id, (int64_t[]){ 2000, 1000, 0 });
        assert_int_equal(jint(o, "sale.change"), 650);
        snprintf(s4, sizeof(s4), "%s", jstr(o, "sale.number"));
        json_decref(o);

        /* 5: discounts within the cashier's limit, and beyond it with a manager */
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"A1\",\"qty\":4}"));
        t = on_ticket(&d, 200, "PATCH", id, "/lines/1", "{\"discount\":{\"percent\":10}}");
        assert_int_equal(jint(t, "total"), 4500);
        json_decref(t);
        json_decref(on_ticket(&d, 403, "PATCH", id, "", "{\"discount\":{\"percent\":20}}"));
        json_decref(on_ticket(&d, 403, "PATCH", id, "",
                              "{\"discount\":{\"percent\":20},\"approved_by\":{\"user\":\"maria\",\"pin\":\"0000\"}}"));
        t = on_ticket(&d, 200, "PATCH", id, "", "{\"discount\":{\"amount\":500},\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}");
        assert_int_equal(jint(t, "total"), 4000);
        json_decref(t);
        json_decref(finish(&d, id, (int64_t[]){ 4000, 0, 0 }));

        /* 6: a price override refused without approval, accepted with it */
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"B2\"}"));
        json_decref(on_ticket(&d, 403, "PATCH", id, "/lines/1", "{\"price\":450}"));
        t = on_ticket(&d, 200, "PATCH", id, "/lines/1", "{\"price\":450,\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}");
        assert_int_equal(jint(t, "total"), 450);
        assert_true(json_is_true(json_object_get(json_array_get(json_object_get(t, "lines"), 0), "price_overridden")));
        json_decref(t);
        json_decref(finish(&d, id, (int64_t[]){ 0, 450, 0 }));

        /* 7: suspend one ticket, ring up and finish another, resume the first */
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"C3\"}"));
        json_decref(on_ticket(&d, 200, "POST", id, "/suspend", NULL));
        o = call(&d, 200, "GET", "/tickets?state=suspended", NULL);
        assert_string_equal(jstr(o, "items.0.id"), id);
        json_decref(o);
        new_ticket(&d, id2);
        json_decref(on_ticket(&d, 201, "POST", id2, "/lines", "{\"sku\":\"A1\"}"));
        json_decref(on_ticket(&d, 409, "POST", id, "/resume", NULL)); /* one open ticket per lane */
        json_decref(finish(&d, id2, (int64_t[]){ 1250, 0, 0 }));
        json_decref(on_ticket(&d, 200, "POST", id, "/resume", NULL));
        json_decref(finish(&d, id, (int64_t[]){ 300, 0, 0 }));

        /* a voided line and a voided ticket leave no sale */
        new_ticket(&d, id);
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"A1\"}"));
        json_decref(on_ticket(&d, 201, "POST", id, "/lines", "{\"sku\":\"B2\"}"));
        t = on_ticket(&d, 200, "DELETE", id, "/lines/1", NULL);
        assert_int_equal(jint(t, "total"), 599);
        json_decref(t);
        json_decref(on_ticket(&d, 200, "DELETE", id, "", NULL));

        /* returns: part of sale 1 in cash; more than is left is refused */
        {
                char body[256];
                snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                                             "\"refunds\":[{\"method\":\"cash\",\"amount\":1250}],\"reason\":\"damaged\"}", s1);
                o = call(&d, 201, "POST", "/returns", body);
                assert_int_equal(jint(o, "refunded"), 1250);
                d.refund_tax += jint(o, "tax");
                json_decref(o);
                d.returns++;
                d.refunds += 1250;
                d.by[0] -= 1250;
                snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":2}],"
                                             "\"refunds\":[{\"method\":\"cash\",\"amount\":2500}]}", s1);
                json_decref(call(&d, 422, "POST", "/returns", body));
                /* the weighed line of sale 4 back to the card it was paid with, in part */
                snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":2,\"qty\":0.5}],"
                                             "\"refunds\":[{\"method\":\"card\",\"amount\":440}]}", s4);
                o = call(&d, 201, "POST", "/returns", body);
                assert_int_equal(jint(o, "total"), 440);
                d.refund_tax += jint(o, "tax");
                json_decref(o);
                d.returns++;
                d.refunds += 440;
                d.by[1] -= 440;
        }

        /* a pay-out for the window cleaner: cash out of the drawer is the manager's to say */
        o = call(&d, 403, "POST", "/cash-movements", "{\"kind\":\"pay_out\",\"amount\":500,\"reason\":\"window cleaner\"}");
        json_decref(o);
        /* its reason is free text, which must not break the exported books' lines */
        o = call(&d, 201, "POST", "/cash-movements", "{\"kind\":\"pay_out\",\"amount\":500,"
                 "\"reason\":\"window cleaner;  ; paid  ;comment\","
                 "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}");
        json_decref(o);
        d.pay_out += 500;

        /* X, then Z with a cash count 1.00 short */
        {
                int64_t expected = d.float_ + d.by[0] + d.pay_in - d.pay_out;
                char body[64];
                o = call(&d, 200, "GET", "/shifts/current", NULL);
                assert_int_equal(jint(o, "expected_cash"), expected);
                json_decref(o);
                snprintf(body, sizeof(body), "{\"counted_cash\":%lld}", (long long)(expected - 100));
                o = call(&d, 200, "POST", "/shifts/current/close", body);
                assert_int_equal(jint(o, "sales_count"), d.sales);
                assert_int_equal(jint(o, "returns_count"), d.returns);
                assert_int_equal(jint(o, "gross"), d.gross);
                assert_int_equal(jint(o, "money_refunded"), d.refunds);
                assert_int_equal(jint(o, "net"), d.gross - d.refunds);
                assert_int_equal(jint(o, "tax"), d.tax - d.refund_tax);
                assert_int_equal(jint(o, "by_method.cash"), d.by[0]);
                assert_int_equal(jint(o, "by_method.card"), d.by[1]);
                assert_int_equal(jint(o, "by_method.other"), d.by[2]);
                assert_int_equal(jint(o, "expected_cash"), expected);
                assert_int_equal(jint(o, "counted_cash"), expected - 100);
                assert_int_equal(jint(o, "variance"), -100);
                json_decref(o);
        }
        /* the shift is closed: no more sales until a new one */
        json_decref(call(&d, 409, "POST", "/tickets", NULL));
        /* the audit log holds the sensitive acts and who approved them */
        {
                json_t *a = NULL;
                size_t i;
                json_t *e;
                int override = 0, voids = 0, refunds = 0, z = 0;
                assert_int_equal(http(&d.p, "GET", "/audit", d.maria, NULL, NULL, &a), 200);
                json_array_foreach(json_object_get(a, "items"), i, e) {
                        const char *act = json_string_value(json_object_get(e, "action"));
                        override += !strcmp(act, "price_override") &&
                                    !strcmp(json_string_value(json_object_get(e, "approved_by")), "maria");
                        voids += !strcmp(act, "void_line") || !strcmp(act, "void_ticket");
                        refunds += !strcmp(act, "refund");
                        z += !strcmp(act, "shift_close");
                }
                assert_int_equal(override, 1);
                assert_int_equal(voids, 2);
                assert_int_equal(refunds, 2);
                assert_int_equal(z, 1);
                json_decref(a);
                assert_int_equal(http(&d.p, "GET", "/audit", d.alice, NULL, NULL, NULL), 403);
        }
        posd_stop(&d.p);
        books_agree(&d);
        {
                struct ledger *l = NULL;
                struct ledger_error e;
                assert_int_equal(ledger_open(d.p.store.path, LEDGER_OPEN_READONLY, &l, &e), 0);
                assert_ok(l, ledger_verify(l, NULL, NULL));
                ledger_close(l);
        }
        posd_cleanup(&d.p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_day),
        };
        return cmocka_run_group_tests_name("checkout day", tests, NULL, NULL);
}
