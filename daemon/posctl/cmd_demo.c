/* posctl demo history: months of plausible trading before today, so that a demo store's
 * reports, charts and dashboard have something to show. Counter sales every day, busier at
 * lunch, after work and at weekends, a few bestsellers and a long tail, weighed goods by
 * the gram; now and then a return; each Monday, orders to three suppliers for what ran low
 * (at its reorder point, or out), received the same morning. Everything goes through the core's own postings, dated in the
 * past; the same seed makes the same history. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buying/purchasing.h"
#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/money.h"
#include "posctl.h"
#include "stock/stock.h"
#include "till/sale.h"

#define HISTORY_PRODUCTS 2000
#define HOUR_MS (3600LL * 1000)

struct item {
        struct product p;
        int64_t on_hand; /* milli-units, as the history goes */
        int supplier;    /* index in suppliers[] */
};

/* who sends what: a category's name starting so goes to the supplier; the last takes the rest */
static const struct {
        const char *code, *name, *categories[4];
} suppliers[] = {
        { "DRK", "华润饮料配送 Drinks Distribution", { "饮料", "乳制品", "烟酒", NULL } },
        { "FRS", "城郊农场 Green Farm", { "生鲜", "肉类", "水产", "烘焙" } },
        { "GEN", "百联批发 General Wholesale", { NULL } },
};
enum { N_SUPPLIERS = sizeof(suppliers) / sizeof(suppliers[0]) };

struct history {
        struct ledger *l;
        struct item *items;
        size_t n;
        uint64_t rng;
        bool inclusive;
        int sales, returns, receipts;
};

static uint64_t next(struct history *h)
{
        h->rng ^= h->rng << 13;
        h->rng ^= h->rng >> 7;
        h->rng ^= h->rng << 17;
        return h->rng;
}

static int below(struct history *h, int n) { return (int)(next(h) % (uint64_t)n); }

static int supplier_of(const char *category)
{
        for (int s = 0; s < N_SUPPLIERS - 1; s++)
                for (int c = 0; c < 4 && suppliers[s].categories[c]; c++)
                        if (!strncmp(category, suppliers[s].categories[c], strlen(suppliers[s].categories[c])))
                                return s;
        return N_SUPPLIERS - 1;
}

static int keep(const struct product *p, void *ud)
{
        struct history *h = ud;

        if (h->n < HISTORY_PRODUCTS && p->active && p->price > 0)
                h->items[h->n++] = (struct item){ .p = *p, .supplier = supplier_of(p->category) };
        return 0;
}

/* A product: a few sell far more than the rest (the catalogue's order shuffled once). */
static struct item *pick(struct history *h)
{
        double u = (double)(next(h) % 1000000) / 1e6;
        return &h->items[(size_t)((double)h->n * u * u * u)];
}

static int64_t qty_of(struct history *h, const struct item *it)
{
        int r = below(h, 100);

        if (it->p.measured) /* 0.2 to 1.8 kg (or l, m), to 5 g; in grams for one sold by the gram */
                return (200 + 5 * below(h, 320)) * (strcmp(it->p.unit, "g") ? 1 : 1000);
        return r < 80 ? 1000 : r < 95 ? 2000 : 3000;
}

/* sales in an hour of the day (8 to 21), out of 100 */
static const int hour_weight[24] = { [8] = 3, [9] = 5, [10] = 6, [11] = 10, [12] = 12, [13] = 8, [14] = 5,
                                     [15] = 5, [16] = 7, [17] = 11, [18] = 12, [19] = 9, [20] = 5, [21] = 2 };

static int64_t time_in_day(struct history *h, int64_t day)
{
        int r = below(h, 100), hour = 8;

        for (int acc = 0; hour < 22 && (acc += hour_weight[hour]) <= r; hour++)
                ;
        return day + hour * HOUR_MS + below(h, 3600) * 1000LL;
}

static int sell(struct history *h, int64_t at)
{
        struct sale_line_in lines[5];
        struct item *its[5];
        struct payment pay;
        struct sale_in in;
        struct doc_result d;
        int64_t due = 0;
        int n = 1 + (below(h, 4) ? below(h, 3) : below(h, 5)), r;

        for (int i = 0; i < n; i++) {
                struct line_price lp;
                its[i] = pick(h);
                lines[i] = (struct sale_line_in){ its[i]->p.sku, qty_of(h, its[i]), -1, 0 };
                if ((r = price_line(lines[i].qty, its[i]->p.price, 0, its[i]->p.tax_rate_bp, h->inclusive, &lp)) < 0)
                        return r;
                due += lp.amount; /* tax on top already where prices exclude it */
        }
        /* card for the exact sum, or cash rounded up to what a customer hands over */
        pay = below(h, 100) < 55 ? (struct payment){ TENDER_CARD, due }
                                 : (struct payment){ TENDER_CASH, (due + 999) / 1000 * 1000 };
        in = (struct sale_in){ .h = { NULL, "alice", "1", NULL, at }, .lines = lines, .nlines = (size_t)n,
                               .payments = &pay, .npayments = 1, .cash_step = 1 };
        ledger_set_clock(h->l, at);
        if ((r = post_sale(h->l, &in, &d)) < 0)
                return r;
        for (int i = 0; i < n; i++)
                its[i]->on_hand -= lines[i].qty;
        h->sales++;
        /* one in a hundred comes back within the hour: its first line, in cash */
        if (below(h, 100) == 0 && pay.method == TENDER_CASH) {
                struct return_line_in back = { 1, NULL, lines[0].qty, 0 };
                struct line_price lp;
                struct payment refund;
                struct return_in ret;
                struct doc_result back_d;
                if ((r = price_line(lines[0].qty, its[0]->p.price, 0, its[0]->p.tax_rate_bp, h->inclusive, &lp)) < 0)
                        return r;
                refund = (struct payment){ TENDER_CASH, lp.amount };
                ret = (struct return_in){ .h = { NULL, "maria", "1", NULL, at + 20 * 60 * 1000 },
                                          .sale_number = d.number, .reason = "顾客改变主意 changed mind",
                                          .lines = &back, .nlines = 1, .refunds = &refund, .nrefunds = 1 };
                ledger_set_clock(h->l, ret.h.at_ms);
                if ((r = post_return(h->l, &ret, &back_d)) < 0)
                        return r;
                its[0]->on_hand += lines[0].qty;
                h->returns++;
        }
        return 0;
}

/* Monday morning: an order to each supplier for what is at or below its reorder point, up
 * to its maximum level (or twice the point), approved, sent and taken in at its cost. */
static int restock(struct history *h, int64_t at)
{
        const struct actor a = { "maria", NULL, NULL, true };
        struct po_line_in *lines = calloc(h->n, sizeof(*lines));
        struct po_receive_line *got = calloc(h->n, sizeof(*got));
        int r = lines && got ? 0 : -ENOMEM;

        for (int s = 0; s < N_SUPPLIERS && r == 0; s++) {
                struct purchase_order *po = NULL, *approved = NULL, *sent = NULL, *after = NULL;
                struct doc_result d;
                struct item **of = calloc(h->n, sizeof(*of));
                size_t n = 0;
                if (!of) {
                        r = -ENOMEM;
                        break;
                }
                for (size_t i = 0; i < h->n; i++) {
                        struct item *it = &h->items[i];
                        /* one without a reorder point when it has run out, up to ten */
                        int64_t up_to = it->p.max_level     ? it->p.max_level
                                        : it->p.reorder_point ? 2 * it->p.reorder_point
                                                              : 10000;
                        if (it->supplier != s || it->on_hand > it->p.reorder_point || up_to <= it->on_hand)
                                continue;
                        of[n] = it;
                        /* whole units of what is counted */
                        lines[n] = (struct po_line_in){ it->p.sku,
                                                        it->p.measured ? up_to - it->on_hand
                                                                       : (up_to - it->on_hand + 999) / 1000 * 1000,
                                                        it->p.cost };
                        n++;
                }
                ledger_set_clock(h->l, at);
                if (n && (r = po_create(h->l, &a, &(struct po_input){ suppliers[s].code, lines, n, at, NULL }, &po)) == 0 &&
                    (r = po_act(h->l, &a, po->number, PO_APPROVE, &approved)) == 0 &&
                    (r = po_act(h->l, &a, po->number, PO_SEND, &sent)) == 0) {
                        for (size_t i = 0; i < n; i++)
                                got[i] = (struct po_receive_line){ (int)i + 1, lines[i].qty, 0, NULL, 0 };
                        ledger_set_clock(h->l, at + HOUR_MS);
                        if ((r = po_receive(h->l, &a, NULL, NULL, po->number, got, n, &d, &after)) == 0) {
                                for (size_t i = 0; i < n; i++)
                                        of[i]->on_hand += lines[i].qty;
                                h->receipts++;
                        }
                }
                po_free(po);
                po_free(approved);
                po_free(sent);
                po_free(after);
                free(of);
        }
        free(lines);
        free(got);
        return r;
}

static int suppliers_there(struct ledger *l)
{
        const struct actor a = { "maria", NULL, NULL, true };
        int r = 0;

        for (int s = 0; s < N_SUPPLIERS && r == 0; s++) {
                struct supplier_input in = { suppliers[s].code, suppliers[s].name, "", "", 30, 1 };
                struct supplier made;
                r = supplier_put(l, &a, &in, &made);
        }
        return r;
}

/* local midnight, days before today's */
static int64_t midnight_before(int days)
{
        time_t now = time(NULL);
        struct tm tm;

        localtime_r(&now, &tm);
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_mday -= days;
        tm.tm_isdst = -1;
        return (int64_t)mktime(&tm) * 1000;
}

static int history(struct history *h, int days)
{
        struct store_info info;
        int r;

        if ((r = store_get(h->l, &info)) < 0 || (r = suppliers_there(h->l)) < 0 ||
            (r = catalog_search(h->l, NULL, HISTORY_PRODUCTS, 0, keep, h)) < 0)
                return r;
        h->inclusive = info.prices_include_tax;
        for (size_t i = h->n; i > 1; i--) { /* which products sell best */
                size_t j = (size_t)below(h, (int)i);
                struct item t = h->items[i - 1];
                h->items[i - 1] = h->items[j];
                h->items[j] = t;
        }
        for (size_t i = 0; i < h->n; i++) {
                struct stock_info s;
                if ((r = stock_of(h->l, h->items[i].p.id, &s)) < 0)
                        return r;
                h->items[i].on_hand = s.total;
        }
        for (int d = days; d >= 1 && r == 0 && h->n; d--) {
                int64_t day = midnight_before(d);
                struct tm tm;
                time_t t = (time_t)(day / 1000);
                int sales;
                localtime_r(&t, &tm);
                /* more at weekends, and a little more each week */
                sales = 60 + below(h, 30) + (tm.tm_wday == 0 || tm.tm_wday == 6 ? 35 : 0) + (days - d) / 7 * 2;
                if ((r = ledger_begin(h->l)) < 0)
                        break;
                if (tm.tm_wday == 1 || d == days)
                        r = restock(h, day + 7 * HOUR_MS);
                for (int i = 0; i < sales && r == 0; i++)
                        r = sell(h, time_in_day(h, day));
                if (r < 0)
                        ledger_rollback(h->l); /* the day, not half of it */
                else
                        r = ledger_commit(h->l);
        }
        ledger_set_clock(h->l, 0);
        return r;
}

int cmd_demo(struct posctl *pc, int argc, char **argv)
{
        static const struct option opts[] = { { "days", required_argument, NULL, 'd' },
                                               { "seed", required_argument, NULL, 's' },
                                               { NULL, 0, NULL, 0 } };
        struct history h = { .rng = 20261207 };
        long days = 90;
        char *end;
        int c, r = EXIT_OK;

        optind = 0;
        if (argc < 2 || strcmp(argv[1], "history"))
                return EXIT_USAGE;
        while ((c = getopt_long(argc - 1, argv + 1, "+", opts, NULL)) != -1) {
                switch (c) {
                case 'd':
                        days = strtol(optarg, &end, 10);
                        if (*end || days < 1 || days > 3660)
                                return EXIT_USAGE;
                        break;
                case 's':
                        h.rng = strtoull(optarg, &end, 10);
                        if (*end || !h.rng)
                                return EXIT_USAGE;
                        break;
                default: return EXIT_USAGE;
                }
        }
        if (optind != argc - 1)
                return EXIT_USAGE;
        if (!(h.items = calloc(HISTORY_PRODUCTS, sizeof(*h.items))))
                return EXIT_FAILED;
        if (!(h.l = posctl_open(pc, 0)))
                r = EXIT_FAILED;
        else if (history(&h, (int)days) < 0)
                r = posctl_fail(h.l, "demo history");
        else
                printf("%ld day%s of history: %d sales, %d returns, %d deliveries\n", days, days == 1 ? "" : "s", h.sales, h.returns,
                       h.receipts);
        ledger_close(h.l);
        free(h.items);
        return r;
}
