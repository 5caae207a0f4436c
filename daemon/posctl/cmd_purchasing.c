/* posctl supplier add|list, posctl po list|show: buying from the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "till/checkout.h"
#include "posctl.h"
#include "buying/purchasing.h"
#include "ledger/store.h"

/* who acts from the command line: whoever may run posctl on the store's file */
static const struct actor posctl_actor = { "posctl", NULL, NULL, true };

static int print_supplier(const struct supplier *s, void *ud)
{
        (void)ud;
        printf("%-12s %-30s %-20s lead %d d, terms %d d%s\n", s->code, s->name, s->contact, s->lead_days, s->terms_days,
               s->active ? "" : ", not in use");
        return 0;
}

int cmd_supplier(struct posctl *pc, int argc, char **argv)
{
        static const struct option opts[] = {
                { "contact", required_argument, NULL, 'c' }, { "phone", required_argument, NULL, 'p' },
                { "lead-days", required_argument, NULL, 'l' }, { "terms-days", required_argument, NULL, 't' },
                { 0, 0, 0, 0 },
        };
        struct supplier_input in = { 0 };
        struct supplier s;
        struct ledger *l;
        char *end;
        int c, r = EXIT_OK;

        optind = 0;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (c) {
                case 'c': in.contact = optarg; break;
                case 'p': in.phone = optarg; break;
                case 'l': in.lead_days = (int)strtol(optarg, &end, 10); if (*end) return EXIT_USAGE; break;
                case 't': in.terms_days = (int)strtol(optarg, &end, 10); if (*end) return EXIT_USAGE; break;
                default: return EXIT_USAGE;
                }
        }
        if (optind + 1 == argc && !strcmp(argv[optind], "list")) {
                if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                        return EXIT_FAILED;
                if (supplier_each(l, print_supplier, NULL) < 0)
                        r = posctl_fail(l, "supplier list");
                ledger_close(l);
                return r;
        }
        if (optind + 3 != argc || strcmp(argv[optind], "add"))
                return EXIT_USAGE;
        in.code = argv[optind + 1];
        in.name = argv[optind + 2];
        if (!(l = posctl_open(pc, 0)))
                return EXIT_FAILED;
        if (supplier_add(l, &posctl_actor, &in, &s) < 0)
                r = posctl_fail(l, "supplier add");
        else
                printf("added supplier %s %s\n", s.code, s.name);
        ledger_close(l);
        return r;
}

static int print_po(const struct purchase_order *po, void *ud)
{
        char total[32], when[32];

        ledger_format_time(po->expected_at, when);
        printf("%-10s %-16s %-30s %12s  expected %s\n", po->number, po->state, po->supplier_name,
               money_str(po->total, *(int *)ud, total), when);
        return 0;
}

static int po_show(struct ledger *l, const char *number, int minor)
{
        struct purchase_order *po = NULL;
        char q[32], got[32], cost[32];

        if (po_get(l, number, &po) < 0)
                return posctl_fail(l, "po show");
        (void)print_po(po, &minor);
        for (size_t i = 0; i < po->nlines; i++) {
                const struct po_line *ln = &po->lines[i];
                printf("  %3d  %-12s %-30s %10s %-4s at %10s, received %s\n", ln->line, ln->sku, ln->name,
                       qty_str(ln->qty, q), ln->unit, money_str(ln->unit_cost, minor, cost), qty_str(ln->received, got));
        }
        po_free(po);
        return EXIT_OK;
}

int cmd_po(struct posctl *pc, int argc, char **argv)
{
        struct store_info si;
        struct ledger *l;
        int r = EXIT_OK;

        if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "show")) || (!strcmp(argv[1], "show") && argc != 3) ||
            (!strcmp(argv[1], "list") && argc > 3))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (store_get(l, &si) < 0)
                r = posctl_fail(l, "po");
        else if (!strcmp(argv[1], "show"))
                r = po_show(l, argv[2], si.minor_unit);
        else if (po_each(l, argc == 3 ? argv[2] : NULL, 1000, print_po, &si.minor_unit) < 0)
                r = posctl_fail(l, "po list");
        ledger_close(l);
        return r;
}
