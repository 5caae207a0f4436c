/* A month of a small shop, through the API, on a clock the test moves (libfaketime):
 * a supplier and an order received in parts with a refusal and an approved over-receipt,
 * its invoices and a payment; a sale every day at the counter and a return; a sales order
 * on account paid off; a transfer with a loss in transit; a stocktake with a variance; a
 * batch near its expiry. Every report is checked against sums the test keeps itself, by
 * its own moving-average costs and stock worth; wrong requests change nothing; verify
 * stays ok; the books' inventory is the stock's worth to the cent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define DAY (24LL * 3600 * 1000)
#define NOV2 1793577600000LL /* 2026-11-02 00:00 UTC, the month's first day */

enum { A1, B2, K1, NPROD };
static const char *const sku[NPROD] = { "A1", "B2", "K1" };

struct shop {
        struct posd p;
        char clock[256];
        const char *alice, *maria;
        int64_t on_hand[NPROD], avg[NPROD]; /* milli-units over all locations; minor units */
        /* at SHOP and BACK: quantities, and what they are worth in the books */
        int64_t here[NPROD][2], worth[NPROD][2];
        int64_t sales, gross, tax, cost, cash, card; /* counter sales */
        int64_t refunds, refund_tax, refund_cost, cash_back; /* refunds: the goods' value */
        int64_t kept; /* what refunds short of the goods' value kept */
        json_t *finance; /* the month's finance report, for the books to agree with */
        int64_t account, account_tax, account_cost;
        int64_t adjustments, transit_loss;
        int64_t invoiced, paid_out, sent_back; /* sent_back: what the supplier credited */
        int64_t variance; /* what goods sent back were worth, less what the supplier credited */
        int64_t sold_a1; /* milli-units, counter and account */
        int64_t a1_cost, a1_back; /* the cost the last sale recorded for its juices; of it come back */
        char last_sale[32];
};

static int64_t round_div(int64_t a, int64_t b)
{
        return (a >= 0 ? a + b / 2 : a - b / 2) / b;
}

static int64_t worth(const struct shop *s, int k)
{
        return s->worth[k][0] + s->worth[k][1];
}

/* goods in at loc worth value: the location's worth grows by it; the average is the
 * product's worth over what there is (what came into no stock comes at its own cost) */
static void came_in(struct shop *s, int k, int loc, int64_t qty, int64_t cost, int64_t value)
{
        s->avg[k] = s->on_hand[k] > 0 ? round_div((worth(s, k) + value) * 1000, s->on_hand[k] + qty) : cost;
        s->worth[k][loc] += value;
        s->here[k][loc] += qty;
        s->on_hand[k] += qty;
}

static void received(struct shop *s, int k, int64_t qty, int64_t cost)
{
        came_in(s, k, 0, qty, cost, round_div(qty * cost, 1000));
}

/* goods out of the shop floor: their share of what its stock is worth while some stays,
 * else all of it, leaving what it is short of at the average; the value that went */
static int64_t went(struct shop *s, int k, int64_t qty)
{
        int64_t h = s->here[k][0], w = s->worth[k][0];
        int64_t v = h > qty ? round_div(w * qty, h) : w - round_div((h - qty) * s->avg[k], 1000);

        s->worth[k][0] -= v;
        s->here[k][0] -= qty;
        s->on_hand[k] -= qty;
        return v;
}

static void at(struct shop *s, int day, const char *hhmm)
{
        FILE *f = fopen(s->clock, "w");
        int64_t ms = NOV2 + (day - 1) * DAY;
        time_t t = (time_t)(ms / 1000);
        struct tm tm;
        char date[16];

        gmtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%d", &tm);
        assert_non_null(f);
        fprintf(f, "@%s %s:00\n", date, hhmm);
        fclose(f);
        s->alice = login(&s->p, "alice", "1111"); /* a sign-in lasts the day */
        s->maria = login(&s->p, "maria", "5678");
}

static void post(struct shop *s, const char *tok, const char *path, const char *body, int status, json_t **ret)
{
        json_t *o = NULL;
        int got = http(&s->p, "POST", path, tok, NULL, body, &o);

        if (got != status)
                fail_msg("POST %s %s: %d %s", path, body ? body : "", got, o ? json_dumps(o, JSON_COMPACT) : "");
        if (ret)
                *ret = o;
        else
                json_decref(o);
}

static json_t *get(struct shop *s, const char *path)
{
        json_t *o = NULL;

        assert_int_equal(http(&s->p, "GET", path, s->maria, NULL, NULL, &o), 200);
        return o;
}

/* the day at the counter: open, two juices and a bread, close */
/* One juice of the last sale back at the counter, refunded in cash; tax, the share of the
 * sale's tax it takes back. It comes back at the cost its sale recorded, averaged in. */
static void juice_back(struct shop *s, int64_t refund, int64_t tax)
{
        char body[160];
        json_t *o = NULL;
        int64_t v;

        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                 "\"refunds\":[{\"method\":\"cash\",\"amount\":%lld}]}", s->last_sale, (long long)refund);
        post(s, s->alice, "/returns", body, 201, &o);
        assert_int_equal(jint(o, "total"), 1250);
        assert_int_equal(jint(o, "tax"), tax);
        json_decref(o);
        s->refunds += 1250;
        s->kept += 1250 - refund;
        s->refund_tax += tax;
        s->cash_back += refund;
        /* half the line's cost, the rest with the second */
        v = s->a1_back ? s->a1_cost - s->a1_back : round_div(s->a1_cost, 2);
        s->a1_back += v;
        s->refund_cost += v;
        came_in(s, A1, 0, 1000, s->avg[A1], v);
}

static void counter_day(struct shop *s, int day)
{
        const char *method = day % 2 ? "cash" : "card";
        char path[96], body[96];
        json_t *t = NULL, *o = NULL;

        at(s, day, "10:00");
        post(s, s->alice, "/shifts", "{\"opening_float\":10000}", 201, NULL);
        post(s, s->alice, "/tickets", NULL, 201, &t);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(t, "id"));
        post(s, s->alice, path, "{\"sku\":\"A1\",\"qty\":2}", 201, NULL);
        post(s, s->alice, path, "{\"sku\":\"B2\"}", 201, NULL);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(t, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"%s\",\"amount\":%d}", method, day % 2 ? 5000 : 3099);
        post(s, s->alice, path, body, 201, NULL);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(t, "id"));
        post(s, s->alice, path, NULL, 201, &o);
        /* 2 x 12.50 at 13 % and 5.99 at 9 %, both within the prices */
        assert_int_equal(jint(o, "sale.total"), 3099);
        assert_int_equal(jint(o, "sale.tax"), 288 + 49);
        snprintf(s->last_sale, sizeof(s->last_sale), "%s", jstr(o, "sale.number"));
        json_decref(o);
        json_decref(t);
        s->sales++;
        s->gross += 3099;
        s->tax += 337;
        s->a1_cost = went(s, A1, 2000);
        s->a1_back = 0;
        s->cost += s->a1_cost + went(s, B2, 1000);
        *(day % 2 ? &s->cash : &s->card) += 3099;
        s->sold_a1 += 2000;
        at(s, day, "18:00");
        snprintf(body, sizeof(body), "{\"counted_cash\":%d}", 10000 + (day % 2 ? 3099 : 0));
        post(s, s->alice, "/shifts/current/close", body, 200, NULL);
}

static void check_unchanged(struct shop *s, const char *finance_before)
{
        char path[128];
        json_t *o;
        char *now;

        snprintf(path, sizeof(path), "/reports/finance?from=0&to=%lld", NOV2 + 40 * DAY);
        o = get(s, path);
        now = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        if (strcmp(now, finance_before))
                fail_msg("a refused request changed the books:\n%s\n%s", finance_before, now);
        free(now);
        json_decref(o);
        for (int k = 0; k < NPROD; k++) {
                char q[64];
                snprintf(q, sizeof(q), "/stock?sku=%s", sku[k]);
                o = get(s, q);
                assert_int_equal(jqty(o, "total"), s->on_hand[k]);
                json_decref(o);
        }
}

/* bad input on a busy day: refused with a clear error, and nothing changes */
static void refusals(struct shop *s)
{
        char path[128], *before;
        json_t *o;

        snprintf(path, sizeof(path), "/reports/finance?from=0&to=%lld", NOV2 + 40 * DAY);
        o = get(s, path);
        before = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(o);
        expect_error(&s->p, "POST", "/purchase-orders", s->alice,
                     "{\"supplier\":\"NOPE\",\"lines\":[{\"sku\":\"A1\",\"qty\":1,\"unit_cost\":800}]}", 422,
                     "UNKNOWN_SUPPLIER");
        expect_error(&s->p, "POST", "/purchase-orders", s->alice,
                     "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"A1\",\"qty\":1,\"unit_cost\":-800}]}", 422, "BAD_COST");
        expect_error(&s->p, "POST", "/sales-orders", s->alice,
                     "{\"customer\":1,\"lines\":[{\"sku\":\"A1\",\"qty\":1,\"unit_price\":-100}]}", 422, "BAD_AMOUNT");
        expect_error(&s->p, "POST", "/transfers", s->maria,
                     "{\"from\":\"BACK\",\"to\":\"SHOP\",\"lines\":[{\"sku\":\"A1\",\"qty\":100}]}", 422,
                     "INSUFFICIENT_STOCK");
        expect_error(&s->p, "POST", "/supplier-invoices", s->maria,
                     "{\"supplier\":\"NOPE\",\"reference\":\"X\",\"amount\":100}", 422, "UNKNOWN_SUPPLIER");
        check_unchanged(s, before);
        free(before);
}

static void test_month(void **state)
{
        struct shop *s = calloc(1, sizeof(*s));
        char body[512], path[256];
        json_t *o = NULL;
        int64_t v;
        (void)state;

        assert_non_null(s);
        s->on_hand[A1] = s->here[A1][0] = 100000, s->avg[A1] = 800, s->worth[A1][0] = 80000;
        s->on_hand[B2] = s->here[B2][0] = 50000, s->avg[B2] = 300, s->worth[B2][0] = 15000;
        s->on_hand[K1] = s->here[K1][0] = 20500, s->avg[K1] = 500, s->worth[K1][0] = 10250;
        posd_store(&s->p);
        snprintf(s->clock, sizeof(s->clock), "%s/clock", s->p.store.dir);
        {
                FILE *f = fopen(s->clock, "w");
                assert_non_null(f);
                fputs("@2026-11-02 08:00:00\n", f);
                fclose(f);
        }
        posd_start_clock(&s->p, s->clock, NULL);

        /* day 1: a supplier, an account customer, an order */
        at(s, 1, "08:00");
        post(s, s->maria, "/suppliers", "{\"code\":\"S1\",\"name\":\"统一 Uni-President\",\"terms_days\":30,\"lead_days\":2}",
             201, NULL);
        post(s, s->alice, "/customers", "{\"name\":\"Golden Dragon 餐厅\",\"phone\":\"5550101\"}", 201, NULL);
        assert_int_equal(http(&s->p, "PATCH", "/customers/1", s->maria, NULL, "{\"credit_limit\":200000,\"terms_days\":14}",
                              NULL), 200);
        post(s, s->maria, "/purchase-orders",
             "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"A1\",\"qty\":100,\"unit_cost\":850},"
             "{\"sku\":\"B2\",\"qty\":60,\"unit_cost\":300}]}", 201, NULL);
        post(s, s->maria, "/purchase-orders/P00000001/approve", NULL, 200, NULL);
        post(s, s->maria, "/purchase-orders/P00000001/send", NULL, 200, NULL);
        counter_day(s, 1);
        counter_day(s, 2);

        /* day 3: part of it in; juice of a lot that expires in five days; bread refused */
        at(s, 3, "09:00");
        expect_error(&s->p, "POST", "/purchase-orders/P00000001/receive", s->alice,
                     "{\"lines\":[{\"line\":1,\"qty\":101}]}", 422, "RECEIVE_EXCEEDS_ORDER");
        snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"qty\":60,\"lot\":\"A-EARLY\",\"expires_at\":%lld},"
                 "{\"line\":2,\"qty\":40,\"rejected\":5}]}", NOV2 + 7 * DAY);
        post(s, s->alice, "/purchase-orders/P00000001/receive", body, 201, NULL);
        received(s, A1, 60000, 850);
        received(s, B2, 40000, 300);
        counter_day(s, 3);
        /* day 4: the supplier's invoice for what came */
        at(s, 4, "09:00");
        post(s, s->maria, "/supplier-invoices", "{\"supplier\":\"S1\",\"reference\":\"F-1001\",\"amount\":63000,"
             "\"po\":\"P00000001\"}", 201, NULL);
        s->invoiced += 63000;
        counter_day(s, 4);

        /* day 5: the early lot is an alert: 60 in, two sold on each of two days */
        at(s, 5, "09:00");
        o = get(s, "/alerts");
        {
                json_t *a;
                size_t i;
                int n = 0;
                json_array_foreach(json_object_get(o, "items"), i, a)
                        if (!strcmp(jstr(a, "kind"), "expiring")) {
                                assert_string_equal(jstr(a, "lot"), "A-EARLY");
                                assert_int_equal(jint(a, "qty"), 56);
                                n++;
                        }
                assert_int_equal(n, 1);
        }
        json_decref(o);
        counter_day(s, 5);

        /* day 6: the rest of the juice, five more than ordered, approved */
        at(s, 6, "09:00");
        snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"qty\":45,\"lot\":\"A-LATE\",\"expires_at\":%lld}],"
                 "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", NOV2 + 49 * DAY);
        post(s, s->alice, "/purchase-orders/P00000001/receive", body, 201, &o);
        assert_string_equal(jstr(o, "order.state"), "partly_received"); /* bread is still owed */
        json_decref(o);
        received(s, A1, 45000, 850);
        post(s, s->maria, "/supplier-invoices", "{\"supplier\":\"S1\",\"reference\":\"F-1002\",\"amount\":38250}", 201,
             NULL);
        s->invoiced += 38250;
        counter_day(s, 6);
        counter_day(s, 7);
        verify_ok(&s->p);

        /* day 8: ten loaves to the back room; nine arrive the next day */
        at(s, 8, "09:00");
        refusals(s);
        post(s, s->maria, "/transfers", "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"B2\",\"qty\":10}]}", 201, &o);
        v = went(s, B2, 10000); /* in transit is in no location's stock */
        assert_int_equal(jint(o, "value"), v);
        json_decref(o);
        counter_day(s, 8);
        at(s, 9, "09:00");
        /* one came squashed: writing it off is the manager's to say */
        post(s, s->alice, "/transfers/T00000001/receive", "{\"lines\":[{\"line\":1,\"received\":9}],\"note\":\"one squashed\","
             "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", 201, &o);
        came_in(s, B2, 1, 9000, s->avg[B2], round_div(v * 9, 10));
        assert_int_equal(jint(o, "short_value"), v - round_div(v * 9, 10));
        json_decref(o);
        s->transit_loss += v - round_div(v * 9, 10);
        for (int d = 9; d <= 11; d++)
                counter_day(s, d);

        /* day 12: the restaurant orders by phone: 20 juices at 11.00 (the manager agrees the
         * price) and 5 kg of bananas */
        at(s, 12, "09:00");
        post(s, s->alice, "/sales-orders", "{\"customer\":1,\"note\":\"by phone\",\"lines\":[{\"sku\":\"A1\",\"qty\":20,"
             "\"unit_price\":1100},{\"sku\":\"K1\",\"qty\":5}],\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}",
             201, &o);
        assert_int_equal(jint(o, "total"), 22000 + 4400);
        v = jint(o, "tax");
        assert_int_equal(v, round_div(22000 * 1300, 11300) + round_div(4400 * 900, 10900));
        json_decref(o);
        post(s, s->alice, "/sales-orders/SO00000001/pick", NULL, 200, NULL);
        post(s, s->alice, "/sales-orders/SO00000001/ship", NULL, 201, &o);
        {
                int64_t cost = went(s, A1, 20000);
                cost += went(s, K1, 5000);
                assert_int_equal(jint(o, "shipment.cost"), cost);
                s->account_cost += cost;
        }
        json_decref(o);
        s->sold_a1 += 20000;
        post(s, s->maria, "/sales-orders/SO00000001/invoice", NULL, 201, NULL);
        s->account += 26400;
        s->account_tax += v;
        for (int d = 12; d <= 14; d++)
                counter_day(s, d);
        verify_ok(&s->p);

        /* day 15: the drinks counted; three juices missing; posted once */
        at(s, 15, "08:00");
        post(s, s->maria, "/stocktakes", "{\"category\":\"饮料 Drinks\",\"note\":\"mid-month\"}", 201, NULL);
        o = get(s, "/stocktakes/ST00000001?only=all");
        assert_string_equal(jstr(o, "items.0.sku"), "A1");
        v = jqty(o, "items.0.expected");
        assert_int_equal(v, s->on_hand[A1]); /* the shop holds all the juice */
        json_decref(o);
        snprintf(body, sizeof(body), "{\"code\":\"6901234567892\",\"qty\":%lld,\"set\":true}", (long long)(v / 1000 - 3));
        post(s, s->alice, "/stocktakes/ST00000001/counts", body, 200, NULL);
        post(s, s->maria, "/stocktakes/ST00000001/post", NULL, 201, &o);
        v = went(s, A1, 3000);
        assert_int_equal(jint(o, "adjustment.value"), -v);
        json_decref(o);
        expect_error(&s->p, "POST", "/stocktakes/ST00000001/post", s->maria, NULL, 409, "STOCKTAKE_CLOSED");
        s->adjustments -= v;
        for (int d = 15; d <= 19; d++)
                counter_day(s, d);

        /* day 20: the first invoice paid; day 21 a juice comes back at the counter */
        at(s, 20, "09:00");
        post(s, s->maria, "/suppliers/S1/payments", "{\"method\":\"bank\",\"amount\":63000,\"reference\":\"TT 20\"}", 201,
             NULL);
        s->paid_out += 63000;
        counter_day(s, 20);
        counter_day(s, 21);
        at(s, 21, "19:00");
        post(s, s->alice, "/shifts", "{\"opening_float\":5000}", 201, NULL);
        juice_back(s, 1250, round_div(2500 * 1300, 11300) - round_div(1250 * 1300, 11300));
        /* the other one comes back opened: 10.00 of its 12.50 refunded, 2.50 kept */
        juice_back(s, 1000, round_div(1250 * 1300, 11300));
        post(s, s->alice, "/shifts/current/close", "{\"counted_cash\":2750}", 200, &o);
        assert_int_equal(jint(o, "goods_returned"), 2500);
        assert_int_equal(jint(o, "money_refunded"), 2250);
        assert_int_equal(jint(o, "kept_on_returns"), 250);
        assert_int_equal(jint(o, "variance"), 0);
        json_decref(o);
        for (int d = 22; d <= 25; d++)
                counter_day(s, d);
        verify_ok(&s->p);

        /* day 26: the restaurant pays its invoice */
        at(s, 26, "09:00");
        expect_error(&s->p, "POST", "/customers/1/payments", s->alice, "{\"method\":\"bank\",\"amount\":26401}", 422,
                     "PAYMENT_EXCEEDS_BALANCE");
        post(s, s->maria, "/customers/1/payments", "{\"method\":\"bank\",\"amount\":26400,\"reference\":\"wire\"}", 201,
             NULL);
        /* and two juices back to the supplier, credited at 9.00 each, whatever they are worth */
        at(s, 26, "09:30");
        post(s, s->maria, "/supplier-returns", "{\"supplier\":\"S1\",\"reason\":\"dented cans\","
             "\"lines\":[{\"sku\":\"A1\",\"qty\":2,\"unit_cost\":900}]}", 201, &o);
        assert_int_equal(jint(o, "value"), 1800);
        json_decref(o);
        s->sent_back += 1800;
        s->variance += went(s, A1, 2000) - 1800;
        for (int d = 26; d <= 28; d++)
                counter_day(s, d);

        /* the month's reports, from the 2nd to the 30th */
        at(s, 29, "09:00");
        snprintf(path, sizeof(path), "/reports/sales?from=%lld&to=%lld&bucket=day", NOV2, NOV2 + 28 * DAY);
        o = get(s, path);
        assert_int_equal(json_array_size(json_object_get(o, "buckets")), 28);
        assert_int_equal(jint(o, "totals.sales"), 28);
        assert_int_equal(jint(o, "totals.returns"), 2);
        assert_int_equal(jint(o, "totals.gross"), s->gross);
        assert_int_equal(jint(o, "totals.refunds"), s->refunds);
        assert_int_equal(jint(o, "totals.tax"), s->tax - s->refund_tax);
        assert_int_equal(jint(o, "totals.cost"), s->cost - s->refund_cost);
        assert_int_equal(jint(o, "buckets.20.returns"), 2);
        json_decref(o);

        snprintf(path, sizeof(path), "/reports/sales-by?from=%lld&to=%lld&by=method", NOV2, NOV2 + 28 * DAY);
        o = get(s, path);
        {
                json_t *row;
                size_t i;
                json_array_foreach(json_object_get(o, "rows"), i, row) {
                        const char *m = jstr(row, "key");
                        int64_t want = !strcmp(m, "cash") ? s->cash : !strcmp(m, "card") ? s->card : s->account;
                        assert_int_equal(jint(row, "gross"), want);
                        assert_int_equal(jint(row, "refunds"), !strcmp(m, "cash") ? s->cash_back : 0);
                }
                assert_int_equal(json_array_size(json_object_get(o, "rows")), 3);
        }
        json_decref(o);
        snprintf(path, sizeof(path), "/reports/sales-by?from=%lld&to=%lld&by=product", NOV2, NOV2 + 28 * DAY);
        o = get(s, path);
        assert_string_equal(jstr(o, "rows.0.key"), "A1");
        assert_int_equal(jqty(o, "rows.0.sold"), s->sold_a1);
        assert_int_equal(jqty(o, "rows.0.returned"), 2000);
        assert_int_equal(jint(o, "rows.0.gross"), 28 * 2500 + 22000);
        json_decref(o);

        snprintf(path, sizeof(path), "/reports/finance?from=%lld&to=%lld", NOV2, NOV2 + 28 * DAY);
        o = get(s, path);
        assert_int_equal(jint(o, "counter_sales"), s->gross);
        assert_int_equal(jint(o, "goods_returned"), s->refunds);
        assert_int_equal(jint(o, "account_sales"), s->account);
        assert_int_equal(jint(o, "net_sales"), s->gross - s->refunds + s->account);
        assert_int_equal(jint(o, "tax"), s->tax - s->refund_tax + s->account_tax);
        v = s->cost - s->refund_cost + s->account_cost;
        assert_int_equal(jint(o, "cost_of_goods"), v);
        assert_int_equal(jint(o, "money_refunded"), s->refunds - s->kept);
        assert_int_equal(jint(o, "kept_on_returns"), s->kept);
        assert_int_equal(jint(o, "gross_profit"), s->gross - s->refunds + s->account - jint(o, "tax") - v + s->kept);
        s->finance = json_incref(o);
        assert_int_equal(jint(o, "adjustments"), s->adjustments);
        assert_int_equal(jint(o, "transit_losses"), s->transit_loss);
        assert_int_equal(jint(o, "supplier_invoices"), s->invoiced);
        assert_int_equal(jint(o, "supplier_payments"), s->paid_out);
        assert_int_equal(jint(o, "customer_payments"), 26400);
        assert_int_equal(jint(o, "supplier_returns"), s->sent_back);
        assert_int_equal(jint(o, "payables"), s->invoiced - s->paid_out - s->sent_back);
        assert_int_equal(jint(o, "receivables"), 0);
        json_decref(o);

        snprintf(path, sizeof(path), "/reports/purchases?from=%lld&to=%lld", NOV2, NOV2 + 28 * DAY);
        o = get(s, path);
        assert_string_equal(jstr(o, "suppliers.0.code"), "S1");
        assert_int_equal(jint(o, "suppliers.0.ordered"), 100 * 850 + 60 * 300);
        assert_int_equal(jint(o, "suppliers.0.received"), 105 * 850 + 40 * 300);
        assert_int_equal(jint(o, "suppliers.0.outstanding"), 20 * 300);
        assert_int_equal(jint(o, "suppliers.0.open_orders"), 1);
        v = jint(o, "suppliers.0.lead_ms") - (2 * DAY + 3600 * 1000); /* day 1 08:00 to day 3 09:00 */
        assert_true(v > -60000 && v < 60000);
        json_decref(o);

        o = get(s, "/reports/stock?location=SHOP");
        {
                json_t *row;
                size_t i;
                int seen = 0;
                json_array_foreach(json_object_get(o, "rows"), i, row)
                        if (!strcmp(jstr(row, "sku"), "A1")) {
                                assert_int_equal(jqty(row, "on_hand"), s->on_hand[A1]);
                                assert_int_equal(jint(row, "value"), s->worth[A1][0]);
                                seen = 1;
                        }
                assert_true(seen);
        }
        json_decref(o);
        o = get(s, "/stock?sku=B2");
        assert_int_equal(jqty(o, "total"), s->on_hand[B2]);
        json_decref(o);
        o = get(s, "/reports/stock");
        assert_int_equal(jint(o, "value"), worth(s, A1) + worth(s, B2) + worth(s, K1));
        /* the back room holds the nine loaves that came, worth what they brought */
        assert_int_equal(jint(o, "locations.1.value"), s->worth[B2][1]);
        json_decref(o);
        o = get(s, "/suppliers/S1/account");
        assert_int_equal(jint(o, "summary.balance"), 38250 - s->sent_back);
        json_decref(o);
        o = get(s, "/customers/1/account");
        assert_int_equal(jint(o, "summary.balance"), 0);
        json_decref(o);
        /* the month as a spreadsheet */
        {
                int status = 0;
                char *csv;
                snprintf(path, sizeof(path), "/reports/sales?from=%lld&to=%lld&bucket=day&format=csv", NOV2,
                         NOV2 + 28 * DAY);
                csv = http_text(&s->p, path, s->maria, &status);
                assert_int_equal(status, 200);
                if (strncmp(csv, "\"start\",\"sales\",\"returns\",\"gross\"", 33))
                        fail_msg("csv: %.200s", csv);
                free(csv);
        }
        posd_stop(&s->p);
        verify_ok(&s->p);
        {
                const char *books = books_export(&s->p);
                assert_int_equal(books_balance(books, "Assets:Receivables"), 0);
                assert_int_equal(books_balance(books, "Liabilities:Suppliers"), -(s->invoiced - s->paid_out - s->sent_back));
                /* what went back was worth other than its credit: the difference, apart */
                assert_true(s->variance != 0);
                assert_int_equal(books_balance(books, "Expenses:Purchase price variance"), s->variance);
                assert_int_equal(books_balance(books, "Liabilities:Goods received not invoiced"), 0);
                assert_int_equal(books_balance(books, "Expenses:Transfer losses"), s->transit_loss);
                /* the inventory account is the stock's worth, to the cent */
                assert_int_equal(books_balance(books, "Assets:Inventory"), worth(s, A1) + worth(s, B2) + worth(s, K1));
                assert_int_equal(books_balance(books, "Assets:Inventory in transit"), 0);
                /* the books and the finance report agree on every figure they share, the
                 * return refunded short among them */
                json_t *f = s->finance;
                int64_t income = -(books_balance(books, "Income:Sales") + books_balance(books, "Income:Cash rounding"));
                assert_int_equal(income, jint(f, "net_sales") - jint(f, "tax"));
                assert_int_equal(-books_balance(books, "Liabilities:VAT"), jint(f, "tax"));
                assert_int_equal(-books_balance(books, "Income:Kept on returns"), jint(f, "kept_on_returns"));
                assert_int_equal(books_balance(books, "Expenses:Cost of goods sold"), jint(f, "cost_of_goods"));
                assert_int_equal(income - books_balance(books, "Income:Kept on returns") -
                                         books_balance(books, "Expenses:Cost of goods sold"),
                                 jint(f, "gross_profit"));
                assert_int_equal(-books_balance(books, "Expenses:Stock adjustments"), jint(f, "adjustments"));
                assert_int_equal(-books_balance(books, "Liabilities:Suppliers"), jint(f, "payables"));
                assert_int_equal(books_balance(books, "Assets:Receivables"), jint(f, "receivables"));
                json_decref(s->finance);
        }
        posd_cleanup(&s->p);
        free(s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_month),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
