/* posctl report sales-by|stock|expiring|finance, posctl owed suppliers|customers, posctl
 * so list|show: the back office's figures from the command line. Days are local dates. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "selling/accounts.h"
#include "stock/batch.h"
#include "posctl.h"
#include "reports/report.h"
#include "selling/sales_order.h"


/* local midnight of YYYY-MM-DD, in ms; -1 when it is not a date */
static int64_t day_ms(const char *s)
{
        struct tm tm = { 0 };
        char *end = strptime(s, "%Y-%m-%d", &tm);
        time_t t;

        if (!end || *end)
                return -1;
        tm.tm_isdst = -1;
        t = mktime(&tm);
        return t == (time_t)-1 ? -1 : (int64_t)t * 1000;
}

struct opts {
        int64_t from, to; /* ms; to is the end of its day */
        const char *location;
        int days;
        bool slow;
};

/* --from DAY --to DAY (default: this month, today included), --location, --days, --slow */
static int parse(int argc, char **argv, struct opts *o)
{
        static const struct option opts[] = {
                { "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
                { "location", required_argument, NULL, 'l' }, { "days", required_argument, NULL, 'd' },
                { "slow", no_argument, NULL, 's' }, { 0, 0, 0, 0 },
        };
        time_t now = time(NULL);
        struct tm tm;
        char *end;
        int c;

        localtime_r(&now, &tm);
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_isdst = -1;
        tm.tm_mday++;
        o->to = (int64_t)mktime(&tm) * 1000;
        localtime_r(&now, &tm);
        tm.tm_mday = 1;
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_isdst = -1;
        o->from = (int64_t)mktime(&tm) * 1000;
        optind = 0;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (c) {
                case 'f': if ((o->from = day_ms(optarg)) < 0) return -1; break;
                case 't': if ((o->to = day_ms(optarg)) < 0) return -1; o->to += DAY_MS; break;
                case 'l': o->location = optarg; break;
                case 'd': o->days = (int)strtol(optarg, &end, 10); if (*end) return -1; break;
                case 's': o->slow = true; break;
                default: return -1;
                }
        }
        return 0;
}

static int print_by(const struct sales_by_row *b, void *ud)
{
        char g[32], r[32], n[32], c[32], q[32];
        int minor = *(int *)ud;

        printf("%-24s %-30s %10s %12s %12s %12s %12s\n", b->key, b->name, qty_str(b->sold - b->returned, q),
               money_str(b->gross, minor, g), money_str(b->refunds, minor, r), money_str(b->gross - b->refunds, minor, n),
               money_str(b->cost, minor, c));
        return 0;
}

static int print_stock(const struct stock_row *s, void *ud)
{
        char q[32], v[32], sold[32];

        printf("%-12s %-30s %10s %-4s %12s %10s %6s\n", s->sku, s->name, qty_str(s->on_hand, q), s->unit,
               money_str(s->value, *(int *)ud, v), qty_str(s->sold, sold),
               s->cover_days < 0 ? "-" : (snprintf(q, sizeof(q), "%lld", (long long)s->cover_days), q));
        return 0;
}

static int print_batch(const struct batch_level *b, void *ud)
{
        char when[32], q[32], v[32];

        ledger_format_time(b->expires_at, when);
        printf("%-12s %-30s %-16s %-8s %s %10s %12s\n", b->sku, b->name, b->lot, b->location, when, qty_str(b->qty, q),
               money_str(b->value, *(int *)ud, v));
        return 0;
}

static void print_finance(const struct finance_report *f, int minor)
{
        const struct {
                const char *name;
                int64_t v;
        } rows[] = {
                { "counter sales", f->counter_sales }, { "goods returned", f->goods_returned },
                { "money refunded", f->money_refunded }, { "kept on returns", f->kept_on_returns },
                { "sales on account", f->account_sales }, { "credit notes", f->credit_notes },
                { "net sales", f->net_sales }, { "tax", f->tax }, { "cost of goods", f->cost_of_goods },
                { "gross profit", f->gross_profit }, { "paid in", f->pay_ins }, { "paid out", f->pay_outs },
                { "stock counted or written off", f->adjustments }, { "lost in transit", f->transit_losses },
                { "supplier invoices", f->supplier_invoices }, { "paid to suppliers", f->supplier_payments },
                { "returned to suppliers", f->supplier_returns }, { "paid by customers", f->customer_payments },
                { "owed to suppliers", f->payables }, { "owed by customers", f->receivables },
                { "stock value", f->stock_value },
        };
        char v[32];

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
                printf("%-30s %14s\n", rows[i].name, money_str(rows[i].v, minor, v));
}

int cmd_report(struct posctl *pc, int argc, char **argv)
{
        static const char *const by[] = { "product", "category", "cashier", "method" };
        struct opts o = { 0, 0, NULL, 0, false };
        struct store_info si;
        struct ledger *l;
        int r = 0, k = -1;

        if (argc < 2 || parse(argc - 1, argv + 1, &o) < 0)
                return EXIT_USAGE;
        if (!strcmp(argv[1], "sales-by")) {
                for (int i = 0; i < 4 && optind + 1 < argc; i++)
                        if (!strcmp(argv[optind + 1], by[i]))
                                k = i;
                if (k < 0)
                        return EXIT_USAGE;
        } else if (strcmp(argv[1], "stock") && strcmp(argv[1], "expiring") && strcmp(argv[1], "finance")) {
                return EXIT_USAGE;
        }
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if ((r = store_get(l, &si)) < 0)
                goto out;
        if (k >= 0) {
                r = report_sales_by(l, o.from, o.to, (enum sales_by)k, 1000, print_by, &si.minor_unit);
        } else if (!strcmp(argv[1], "stock")) {
                struct stock_report rep;
                char v[32];
                if ((r = report_stock(l, o.location, o.days ? o.days : 28, o.slow, 1000, 0, print_stock, &si.minor_unit,
                                      &rep)) == 0)
                        printf("stock value %s, turnover %lld.%02lld a year\n", money_str(rep.value, si.minor_unit, v),
                               (long long)(rep.turnover_x100 / 100), (long long)(rep.turnover_x100 % 100));
        } else if (!strcmp(argv[1], "expiring")) {
                r = batch_expiring(l, ledger_now_ms(l) + (int64_t)(o.days ? o.days : 7) * DAY_MS, 100000, print_batch,
                                   &si.minor_unit);
        } else {
                struct finance_report f;
                if ((r = report_finance(l, o.from, o.to, &f)) == 0)
                        print_finance(&f, si.minor_unit);
        }
out:
        if (r < 0)
                posctl_fail(l, "report");
        ledger_close(l);
        return r < 0 ? EXIT_FAILED : EXIT_OK;
}

static int print_owed(const char *party, const char *name, const struct account_summary *s, void *ud)
{
        char b[32], a[AGE__COUNT][32];
        int minor = *(int *)ud;

        for (int i = 0; i < AGE__COUNT; i++)
                money_str(s->ageing[i], minor, a[i]);
        printf("%-12s %-30s %12s  now %s, 1-30 %s, 31-60 %s, 61-90 %s, over 90 %s\n", party, name,
               money_str(s->balance, minor, b), a[AGE_CURRENT], a[AGE_1_30], a[AGE_31_60], a[AGE_61_90],
               a[AGE_OVER_90]);
        return 0;
}

int cmd_owed(struct posctl *pc, int argc, char **argv)
{
        struct store_info si;
        struct ledger *l;
        int r;

        if (argc != 2 || (strcmp(argv[1], "suppliers") && strcmp(argv[1], "customers")))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if ((r = store_get(l, &si)) == 0)
                r = (!strcmp(argv[1], "suppliers") ? payables_each : receivables_each)(l, ledger_now_ms(l), print_owed,
                                                                                        &si.minor_unit);
        if (r < 0)
                posctl_fail(l, "owed");
        ledger_close(l);
        return r < 0 ? EXIT_FAILED : EXIT_OK;
}

static int print_so(const struct sales_order *so, void *ud)
{
        char when[32], total[32];

        ledger_format_time(so->created_at, when);
        printf("%-12s %-10s %-30s %12s  %s%s%s\n", so->number, so->state, so->customer,
               money_str(so->total, *(int *)ud, total), when, so->invoice[0] ? "  invoiced as " : "", so->invoice);
        return 0;
}

int cmd_so(struct posctl *pc, int argc, char **argv)
{
        struct sales_order *so = NULL;
        struct store_info si;
        struct ledger *l;
        int r;

        if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "show")) || (!strcmp(argv[1], "show") && argc != 3) ||
            (!strcmp(argv[1], "list") && argc > 3))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if ((r = store_get(l, &si)) == 0 && !strcmp(argv[1], "list"))
                r = so_each(l, argc == 3 ? argv[2] : NULL, 0, 1000, print_so, &si.minor_unit);
        else if (r == 0 && (r = so_get(l, argv[2], &so)) == 0) {
                (void)print_so(so, &si.minor_unit);
                for (size_t i = 0; i < so->nlines; i++) {
                        char q[32], price[32], back[32];
                        printf("  %3d  %-12s %-30s %10s %-4s at %10s, returned %s\n", so->lines[i].line, so->lines[i].sku,
                               so->lines[i].name, qty_str(so->lines[i].qty, q), so->lines[i].unit,
                               money_str(so->lines[i].unit_price, si.minor_unit, price),
                               qty_str(so->lines[i].returned, back));
                }
                so_free(so);
        }
        if (r < 0)
                posctl_fail(l, "so");
        ledger_close(l);
        return r < 0 ? EXIT_FAILED : EXIT_OK;
}
