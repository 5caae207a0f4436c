/* posctl: the admin command line over the core library. */
#ifndef POSCTL_H
#define POSCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "ledger/ledger.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

struct posctl {
        struct posd_config cfg;
        const char *db_path;
};

/* Open the store (or say why not on stderr); NULL on failure. */
struct ledger *posctl_open(const struct posctl *pc, unsigned flags);

/* Report a failed core call on stderr and return EXIT_FAILED. */
int posctl_fail(struct ledger *l, const char *what);

/* The first line of stdin (a PIN, at most PIN_MAX + 1 bytes with its end), without echo
 * on a terminal; -1 when it is too long. */
int posctl_read_pin(char *pin);

/* Format money in the store's minor unit. */
const char *money_str(int64_t v, int minor_unit, char buf[static 32]);
const char *qty_str(int64_t milli, char buf[static 32]);

int cmd_init(struct posctl *pc, int argc, char **argv);
int cmd_info(struct posctl *pc, int argc, char **argv);
int cmd_location(struct posctl *pc, int argc, char **argv);
int cmd_measure_rule(struct posctl *pc, int argc, char **argv);
int cmd_import(struct posctl *pc, int argc, char **argv);
int cmd_export(struct posctl *pc, int argc, char **argv);
int cmd_stock(struct posctl *pc, int argc, char **argv);
int cmd_user(struct posctl *pc, int argc, char **argv);
int cmd_verify(struct posctl *pc, int argc, char **argv);
int cmd_sync(struct posctl *pc, int argc, char **argv);
int cmd_hq(struct posctl *pc, int argc, char **argv);
int cmd_backup(struct posctl *pc, int argc, char **argv);
int cmd_restore(struct posctl *pc, int argc, char **argv);
int cmd_scan(struct posctl *pc, int argc, char **argv);
int cmd_devices(struct posctl *pc, int argc, char **argv);
int cmd_supplier(struct posctl *pc, int argc, char **argv);
int cmd_po(struct posctl *pc, int argc, char **argv);
int cmd_stocktake(struct posctl *pc, int argc, char **argv);
int cmd_transfer(struct posctl *pc, int argc, char **argv);
int cmd_report(struct posctl *pc, int argc, char **argv);
int cmd_owed(struct posctl *pc, int argc, char **argv);
int cmd_so(struct posctl *pc, int argc, char **argv);
int cmd_demo(struct posctl *pc, int argc, char **argv);

#endif
