/* posctl init, info, location. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posctl.h"
#include "catalog/catalog.h"
#include "ledger/store.h"
#include "reports/report.h"

int cmd_init(struct posctl *pc, int argc, char **argv)
{
        static const struct option opts[] = {
                { "name", required_argument, NULL, 'n' },
                { "currency", required_argument, NULL, 'C' },
                { "minor-unit", required_argument, NULL, 'm' },
                { "tax-exclusive", no_argument, NULL, 'x' },
                { 0, 0, 0, 0 },
        };
        struct store_setup s = { "posd store", "CNY", -1, false };
        struct store_info info;
        struct ledger *l;
        char *end;
        int c, r = EXIT_OK;

        optind = 0;
        while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
                switch (c) {
                case 'n': s.name = optarg; break;
                case 'C': s.currency = optarg; break;
                case 'x': s.prices_exclude_tax = true; break;
                case 'm':
                        s.minor_unit = (int)strtol(optarg, &end, 10);
                        if (*end || s.minor_unit < 0 || s.minor_unit > 4) {
                                fprintf(stderr, "posctl: --minor-unit takes 0 to 4\n");
                                return EXIT_USAGE;
                        }
                        break;
                default: return EXIT_USAGE;
                }
        }
        if (optind != argc)
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_CREATE)))
                return EXIT_FAILED;
        if (store_init(l, &s) < 0 || store_get(l, &info) < 0)
                r = posctl_fail(l, "init");
        else
                printf("created store '%s' (%s, %d decimals, prices %s tax) at %s\n", info.name, info.currency,
                       info.minor_unit, info.prices_include_tax ? "include" : "exclude", pc->db_path);
        ledger_close(l);
        return r;
}

int cmd_info(struct posctl *pc, int argc, char **argv)
{
        struct store_info info;
        struct store_stats s;
        struct ledger *l;
        char v[32];
        int r = EXIT_OK;

        (void)argv;
        if (argc != 1)
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (store_get(l, &info) < 0 || store_stats(l, &s) < 0) {
                r = posctl_fail(l, "info");
        } else {
                printf("store       %s (%s, prices %s tax)\n", info.name, info.currency,
                       info.prices_include_tax ? "include" : "exclude");
                printf("database    %s\n", pc->db_path);
                printf("products    %lld (%lld active)\n", (long long)s.products, (long long)s.active_products);
                printf("stock value %s at average cost\n", money_str(s.stock_value, info.minor_unit, v));
                printf("low stock   %lld products at or below their reorder point\n", (long long)s.low_stock);
                printf("documents   %lld sales, %lld returns, %lld goods receipts, %lld adjustments\n",
                       (long long)s.sales, (long long)s.returns, (long long)s.receipts, (long long)s.adjustments);
                printf("journal     %lld entries%s%.16s\n", (long long)s.journal_entries,
                       s.journal_head[0] ? ", head " : "", s.journal_head);
        }
        ledger_close(l);
        return r;
}

static int print_location(const struct location *loc, void *ud)
{
        (void)ud;
        printf("%-10s %-10s %s%s\n", loc->code, loc->kind, loc->name, loc->is_default ? "  (default)" : "");
        return 0;
}

int cmd_location(struct posctl *pc, int argc, char **argv)
{
        static const struct option opts[] = { { "kind", required_argument, NULL, 'k' }, { 0, 0, 0, 0 } };
        const char *kind = NULL;
        struct ledger *l;
        int c, r = EXIT_OK;

        optind = 0;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (c != 'k')
                        return EXIT_USAGE;
                kind = optarg;
        }
        if (optind < argc && strcmp(argv[optind], "list") == 0 && optind + 1 == argc) {
                if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                        return EXIT_FAILED;
                if (location_each(l, print_location, NULL) < 0)
                        r = posctl_fail(l, "location list");
        } else if (optind + 3 == argc && strcmp(argv[optind], "add") == 0) {
                if (!(l = posctl_open(pc, 0)))
                        return EXIT_FAILED;
                if (location_add(l, argv[optind + 1], argv[optind + 2], kind, NULL) < 0)
                        r = posctl_fail(l, "location add");
                else
                        printf("added location %s\n", argv[optind + 1]);
        } else {
                return EXIT_USAGE;
        }
        ledger_close(l);
        return r;
}

static void print_rule(const struct measure_rule *r)
{
        printf("%s  %-6s  %d item digits, %d value digits%s", r->prefix, r->kind == MEASURE_PRICE ? "price" : "weight",
               r->item_digits, r->value_digits, r->item_digits + r->value_digits == 9 ? ", price check digit" : "");
        if (r->kind == MEASURE_WEIGHT)
                printf(", %d milli-unit%s per count", r->value_scale, r->value_scale == 1 ? "" : "s");
        putchar('\n');
}

static int parse_digits(const char *s, int *ret)
{
        char *end;
        long v = strtol(s, &end, 10);

        if (*end || end == s || v < 0 || v > 1000000)
                return -1;
        *ret = (int)v;
        return 0;
}

/* measure-rule add PREFIX weight|price ITEM_DIGITS VALUE_DIGITS [SCALE] */
static int rule_add(struct ledger *l, int argc, char **argv)
{
        struct measure_rule m = { "", MEASURE_WEIGHT, 0, 0, 1 };

        if ((argc != 6 && argc != 7) || strlen(argv[2]) != 2)
                return EXIT_USAGE;
        memcpy(m.prefix, argv[2], 3);
        if (strcmp(argv[3], "price") == 0)
                m.kind = MEASURE_PRICE;
        else if (strcmp(argv[3], "weight") != 0)
                return EXIT_USAGE;
        if (parse_digits(argv[4], &m.item_digits) < 0 || parse_digits(argv[5], &m.value_digits) < 0 ||
            (argc == 7 && parse_digits(argv[6], &m.value_scale) < 0))
                return EXIT_USAGE;
        if (measure_rule_add(l, &m) < 0)
                return posctl_fail(l, "measure-rule add");
        print_rule(&m);
        return EXIT_OK;
}

int cmd_measure_rule(struct posctl *pc, int argc, char **argv)
{
        struct measure_rule rules[10];
        struct ledger *l;
        int n, r = EXIT_OK;

        if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "add")))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, strcmp(argv[1], "list") ? 0 : LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (strcmp(argv[1], "add") == 0) {
                r = rule_add(l, argc, argv);
        } else if ((n = measure_rules_load(l, rules, 10)) < 0) {
                r = posctl_fail(l, "measure-rule list");
        } else {
                for (int i = 0; i < n; i++)
                        print_rule(&rules[i]);
        }
        ledger_close(l);
        return r;
}
