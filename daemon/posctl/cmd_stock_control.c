/* posctl stocktake list|show, posctl transfer list|show: stock control at a glance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posctl.h"
#include "stock/stocktake.h"
#include "stock/transfer.h"

static int print_stocktake(const struct stocktake *s, void *ud)
{
        char when[32], gain[32], loss[32];

        ledger_format_time(s->started_at, when);
        printf("%-12s %-10s %-8s %-20s started %s, %lld of %lld counted, gain %s, loss %s%s%s\n", s->number, s->state,
               s->location, s->category[0] ? s->category : "(all)", when, (long long)s->counted, (long long)s->lines,
               money_str(s->gain, *(int *)ud, gain), money_str(s->loss, *(int *)ud, loss),
               s->adjustment[0] ? ", posted as " : "", s->adjustment);
        return 0;
}

static int print_count(const struct stocktake_line *ln, void *ud)
{
        char exp[32], got[32], var[32], value[32];

        printf("  %-12s %-30s expected %10s %-4s counted %10s variance %10s %12s\n", ln->sku, ln->name,
               qty_str(ln->expected, exp), ln->unit, ln->counted ? qty_str(ln->qty, got) : "-",
               qty_str(ln->variance, var), money_str(ln->value, *(int *)ud, value));
        return 0;
}

static int print_transfer(const struct transfer *t, void *ud)
{
        char when[32], value[32], lost[32];

        ledger_format_time(t->at, when);
        printf("%-10s %-10s %s -> %s  %s  %12s", t->number, t->state, t->from, t->to, when,
               money_str(t->value, *(int *)ud, value));
        if (t->receipt[0])
                printf("  received as %s, short %s", t->receipt, money_str(t->short_value, *(int *)ud, lost));
        putchar('\n');
        return 0;
}

static int transfer_show(struct ledger *l, const char *number, int minor)
{
        struct transfer *t = NULL;
        char q[32], got[32];

        if (transfer_get(l, number, &t) < 0)
                return posctl_fail(l, "transfer show");
        (void)print_transfer(t, &minor);
        for (size_t i = 0; i < t->nlines; i++)
                printf("  %3d  %-12s %-30s sent %10s %-4s received %s\n", t->lines[i].line, t->lines[i].sku,
                       t->lines[i].name, qty_str(t->lines[i].qty, q), t->lines[i].unit,
                       t->lines[i].received < 0 ? "-" : qty_str(t->lines[i].received, got));
        transfer_free(t);
        return EXIT_OK;
}

static int stocktake_show(struct ledger *l, const char *number, bool variance_only, int minor)
{
        struct stocktake s;

        if (stocktake_get(l, number, &s) < 0)
                return posctl_fail(l, "stocktake show");
        (void)print_stocktake(&s, &minor);
        if (stocktake_lines(l, number, variance_only ? STOCKTAKE_VARIANCE : STOCKTAKE_ALL, INT32_MAX, 0, print_count,
                            &minor) < 0)
                return posctl_fail(l, "stocktake show");
        return EXIT_OK;
}

/* list [STATE] | show NUMBER [--variance] */
static int run(struct posctl *pc, int argc, char **argv, bool is_stocktake)
{
        bool show, variance = argc == 4 && !strcmp(argv[3], "--variance") && is_stocktake;
        struct store_info si;
        struct ledger *l;
        int r = EXIT_OK;

        if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "show")))
                return EXIT_USAGE;
        show = !strcmp(argv[1], "show");
        if ((show && argc != 3 && !variance) || (!show && argc > 3))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (store_get(l, &si) < 0)
                r = posctl_fail(l, argv[0]);
        else if (show)
                r = is_stocktake ? stocktake_show(l, argv[2], variance, si.minor_unit)
                                 : transfer_show(l, argv[2], si.minor_unit);
        else if ((is_stocktake ? stocktake_each(l, argc == 3 ? argv[2] : NULL, 1000, print_stocktake, &si.minor_unit)
                               : transfer_each(l, argc == 3 ? argv[2] : NULL, 1000, print_transfer, &si.minor_unit)) < 0)
                r = posctl_fail(l, argv[0]);
        ledger_close(l);
        return r;
}

int cmd_stocktake(struct posctl *pc, int argc, char **argv) { return run(pc, argc, argv, true); }
int cmd_transfer(struct posctl *pc, int argc, char **argv) { return run(pc, argc, argv, false); }
