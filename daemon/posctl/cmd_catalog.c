/* posctl import, export, stock. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "ledger/money.h"
#include "posctl.h"
#include "stock/stock.h"

#define BAR_WIDTH 30

static void progress_bar(void *ud, uint64_t done, uint64_t total)
{
        unsigned pct = total ? (unsigned)(done * 100 / total) : 0;
        int filled = (int)(pct * BAR_WIDTH / 100);

        (void)ud;
        printf("\r[%.*s%*s] %3u%%", filled, "##############################", BAR_WIDTH - filled, "", pct);
        fflush(stdout);
}

/* how far the writing got, for a failure's last word */
static void written(void *ud, unsigned long line, long added, long skipped)
{
        unsigned long *upto = ud;

        if (added || skipped)
                *upto = line;
}

int cmd_import(struct posctl *pc, int argc, char **argv)
{
        unsigned long upto = 0;
        struct import_opts o = { .written = written, .ud = &upto };
        struct ledger *l;
        struct stat sb;
        FILE *f;
        int n, r = EXIT_OK;

        if (argc != 3 || strcmp(argv[1], "products") != 0)
                return EXIT_USAGE;
        f = strcmp(argv[2], "-") == 0 ? stdin : fopen(argv[2], "re");
        if (!f) {
                fprintf(stderr, "posctl: %s: %s\n", argv[2], strerror(errno));
                return EXIT_FAILED;
        }
        if (isatty(STDOUT_FILENO) && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
                o.progress = progress_bar;
                o.total_bytes = (uint64_t)sb.st_size;
        }
        if (!(l = posctl_open(pc, 0))) {
                r = EXIT_FAILED;
                goto out;
        }
        n = catalog_import_csv(l, f, &o);
        if (o.progress)
                printf("\r%*s\r", BAR_WIDTH + 8, "");
        if (n < 0) {
                if (!upto)
                        fprintf(stderr, "posctl: import %s: %s; nothing was imported\n", argv[2], ledger_errmsg(l));
                else
                        fprintf(stderr, "posctl: import %s: %s; lines up to %lu are in: the same file sent again "
                                "finishes it\n", argv[2], ledger_errmsg(l), upto);
                r = EXIT_FAILED;
        } else {
                printf("imported %d products from %s\n", n, argv[2]);
        }
        ledger_close(l);
out:
        if (f != stdin)
                fclose(f);
        return r;
}

int cmd_export(struct posctl *pc, int argc, char **argv)
{
        struct ledger *l;
        FILE *f = stdout;
        int n, r = EXIT_OK;

        if ((argc != 2 && argc != 3) || (strcmp(argv[1], "products") && strcmp(argv[1], "stock") && strcmp(argv[1], "ledger")))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (argc == 3 && strcmp(argv[2], "-") && !(f = fopen(argv[2], "wxe"))) {
                fprintf(stderr, "posctl: %s: %s\n", argv[2], strerror(errno));
                ledger_close(l);
                return EXIT_FAILED;
        }
        n = !strcmp(argv[1], "products") ? catalog_export_products(l, f)
          : !strcmp(argv[1], "stock")    ? catalog_export_stock(l, f)
                                         : ledger_export_journal(l, f);
        if (n < 0)
                r = posctl_fail(l, "export");
        if (f != stdout && fclose(f) != 0) {
                fprintf(stderr, "posctl: %s: %s\n", argv[2], strerror(errno));
                r = EXIT_FAILED;
        }
        if (n >= 0 && f != stdout)
                fprintf(stderr, "exported %d rows to %s\n", n, argv[2]);
        ledger_close(l);
        return r;
}

static int print_low(const struct product *p, int64_t on_hand, void *ud)
{
        char a[32], b[32];

        (void)ud;
        printf("%-12s %10s / %-10s %s %s\n", p->sku, qty_str(on_hand, a), qty_str(p->reorder_point, b), p->name, p->spec);
        return 0;
}

static int show_stock(struct ledger *l, const char *sku)
{
        struct stock_level levels[64];
        struct store_info store;
        struct stock_info s;
        struct product p;
        char a[32], b[32];
        int n;

        if (store_get(l, &store) < 0 || product_get_by_sku(l, sku, &p) < 0 || stock_of(l, p.id, &s) < 0 ||
            (n = stock_levels(l, p.id, levels, 64)) < 0)
                return posctl_fail(l, "stock");
        printf("%s  %s %s (%s)\n", p.sku, p.name, p.spec, p.unit);
        for (int i = 0; i < n && i < 64; i++)
                printf("  %-10s %12s  %s\n", levels[i].location, qty_str(levels[i].qty, a), levels[i].location_name);
        printf("  %-10s %12s\n", "total", qty_str(s.total, a));
        printf("average cost %s, value %s\n", money_str(s.avg_cost, store.minor_unit, a),
               money_str(s.value, store.minor_unit, b));
        if (p.reorder_point > 0)
                printf("reorder point %s: %s\n", qty_str(p.reorder_point, a),
                       s.total <= p.reorder_point ? "BELOW - reorder" : "ok");
        if (p.max_level > 0 && s.total > p.max_level)
                printf("above the max level of %s\n", qty_str(p.max_level, a));
        return EXIT_OK;
}

int cmd_stock(struct posctl *pc, int argc, char **argv)
{
        struct ledger *l;
        int r = EXIT_OK, n;

        if (argc != 2)
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (strcmp(argv[1], "--low") == 0) {
                printf("%-12s %10s / %-10s %s\n", "sku", "on hand", "reorder", "product");
                if ((n = stock_each_low(l, print_low, NULL)) < 0)
                        r = posctl_fail(l, "stock --low");
        } else {
                r = show_stock(l, argv[1]);
        }
        ledger_close(l);
        return r;
}
