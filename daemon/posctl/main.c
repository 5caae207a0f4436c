/* posctl [-c FILE] [--db PATH] COMMAND [ARGS] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ledger/ledger.h"
#include "ledger/money.h"
#include "posctl.h"

static const struct command {
        const char *name;
        int (*fn)(struct posctl *, int, char **);
        const char *usage;
} commands[] = {
        { "init", cmd_init, "init [--name NAME] [--currency CODE] [--minor-unit N] [--tax-exclusive]" },
        { "info", cmd_info, "info" },
        { "location", cmd_location, "location add CODE NAME [--kind shop|backroom|warehouse] | location list" },
        { "measure-rule", cmd_measure_rule,
          "measure-rule list | measure-rule add PREFIX weight|price ITEM_DIGITS VALUE_DIGITS [SCALE]" },
        { "import", cmd_import, "import products FILE.csv" },
        { "export", cmd_export, "export products|stock|ledger [FILE]" },
        { "stock", cmd_stock, "stock SKU | stock --low" },
        { "supplier", cmd_supplier,
          "supplier add CODE NAME [--contact TEXT] [--phone TEXT] [--lead-days N] [--terms-days N] | supplier list" },
        { "po", cmd_po, "po list [STATE] | po show NUMBER  (purchase orders)" },
        { "stocktake", cmd_stocktake, "stocktake list [STATE] | stocktake show NUMBER [--variance]" },
        { "transfer", cmd_transfer, "transfer list [in_transit|received] | transfer show NUMBER" },
        { "so", cmd_so, "so list [STATE] | so show NUMBER  (sales orders)" },
        { "owed", cmd_owed, "owed suppliers|customers  (payables and receivables, aged)" },
        { "report", cmd_report,
          "report sales-by product|category|cashier|method | report finance  [--from DAY] [--to DAY]\n"
          "  report stock [--location CODE] [--days N] [--slow] | report expiring [--days N]" },
        { "user", cmd_user, "user add NAME --role cashier|manager|admin (PIN on stdin) | user list" },
        { "verify", cmd_verify, "verify" },
        { "sync", cmd_sync, "sync status  (what HQ holds of the journal, and what waits)" },
        { "hq", cmd_hq,
          "hq init CONNINFO  (HQ's schema on a PostgreSQL)\n"
          "  hq add-store CONNINFO CODE CREDENTIALS_FILE  (a store's role at HQ, its password in a new file)\n"
          "  hq add-reader CONNINFO NAME CREDENTIALS_FILE  (a role that reads HQ's reports, for a posd serving them)\n"
          "  hq publish CONNINFO product|price|supplier|user FILE|- [--store CODE]  (a JSON change a line)\n"
          "  hq user CONNINFO NAME --role cashier|manager|admin [--disabled] [--store CODE]  (PIN on stdin)" },
        { "backup", cmd_backup, "backup [FILE]" },
        { "restore", cmd_restore, "restore FILE" },
        { "devices", cmd_devices, "devices  (what this machine has, with the posd.conf lines to use)" },
        { "scan", cmd_scan, "scan CODE [--scanner NAME]  (into a simulated scanner of posd.conf)" },
        { "demo", cmd_demo, "demo history [--days N] [--seed N]  (months of trading before today, for a demo store)" },
};

static int usage(FILE *f)
{
        fprintf(f, "usage: posctl [-c FILE] [--db PATH] COMMAND [ARGS]\n\ncommands:\n");
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                fprintf(f, "  %s\n", commands[i].usage);
        fprintf(f, "\nSee posctl(1).\n");
        return f == stdout ? EXIT_OK : EXIT_USAGE;
}

struct ledger *posctl_open(const struct posctl *pc, unsigned flags)
{
        struct ledger *l = NULL;
        struct ledger_error e;

        if (ledger_open(pc->db_path, flags, &l, &e) < 0) {
                fprintf(stderr, "posctl: %s\n", e.msg);
                return NULL;
        }
        return l;
}

int posctl_fail(struct ledger *l, const char *what)
{
        fprintf(stderr, "posctl: %s: %s\n", what, ledger_errmsg(l));
        return EXIT_FAILED;
}

const char *money_str(int64_t v, int minor_unit, char buf[static 32])
{
        decimal_format(v, minor_unit, false, buf, 32);
        return buf;
}

const char *qty_str(int64_t milli, char buf[static 32])
{
        decimal_format(milli, QTY_SCALE, true, buf, 32);
        return buf;
}

int main(int argc, char **argv)
{
        static const struct option opts[] = {
                { "config", required_argument, NULL, 'c' },
                { "db", required_argument, NULL, 'd' },
                { "help", no_argument, NULL, 'h' },
                { 0, 0, 0, 0 },
        };
        struct posctl pc;
        const char *config = NULL;
        char err[512];
        int c;

        ledger_process_init();
        config_defaults(&pc.cfg);
        pc.db_path = NULL;
        /* "+": options after the command belong to the command */
        while ((c = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
                switch (c) {
                case 'c': config = optarg; break;
                case 'd': pc.db_path = optarg; break;
                case 'h': return usage(stdout);
                default: return usage(stderr);
                }
        }
        if (optind >= argc)
                return usage(stderr);
        if (!config && access(CONFIG_DEFAULT_PATH, F_OK) == 0)
                config = CONFIG_DEFAULT_PATH;
        if (config && config_load(config, &pc.cfg, err, sizeof(err)) < 0) {
                fprintf(stderr, "posctl: %s\n", err);
                return EXIT_FAILED;
        }
        if (!pc.db_path)
                pc.db_path = pc.cfg.db_path;
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(argv[optind], commands[i].name) == 0) {
                        /* the command sees itself as argv[0] and parses from optind = 0 */
                        int r = commands[i].fn(&pc, argc - optind, argv + optind);
                        if (r == EXIT_USAGE)
                                fprintf(stderr, "usage: posctl %s\n", commands[i].usage);
                        return r;
                }
        fprintf(stderr, "posctl: unknown command '%s'\n", argv[optind]);
        return usage(stderr);
}
