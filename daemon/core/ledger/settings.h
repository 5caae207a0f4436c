/* The store's own settings, changed in the back office and audited: its name, the
 * receipt's texts, the discount a cashier may give, cash rounding, a blind count. Those
 * posd.conf also sets stay posd.conf's until a manager sets them here, and go back to it
 * when cleared. */
#ifndef POSD_SETTINGS_H
#define POSD_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/audit.h"
#include "ledger/store.h"

#define SETTINGS_TEXT_MAX 511 /* bytes of a receipt's header or footer */
#define SETTINGS_TEXT_LINES 8
#define CASH_STEP_MAX 10000

struct store_settings {
        char name[NAME_MAX_LEN + 1];
        char receipt_header[SETTINGS_TEXT_MAX + 1], receipt_footer[SETTINGS_TEXT_MAX + 1];
        bool has_header, has_footer; /* false: posd.conf's */
        int max_discount_bp;         /* -1: posd.conf's */
        int64_t cash_step;           /* 0: posd.conf's */
        bool blind_count;            /* cashiers count the drawer without being told what to expect */
};

int store_settings_get(struct ledger *l, struct store_settings *ret);

/* One setting in a change: left as it is, set, or given back to posd.conf. */
enum setting_how { SETTING_KEEP, SETTING_SET, SETTING_CONF };
struct setting_text {
        enum setting_how how;
        const char *v;
};
struct setting_int {
        enum setting_how how;
        int64_t v;
};

struct settings_change {
        const char *name; /* NULL: unchanged */
        struct setting_text receipt_header, receipt_footer;
        struct setting_int max_discount_bp, cash_step;
        int blind_count; /* -1: unchanged */
};

/* A manager's change, all of it or none, each setting that changed in the audit log;
 * *ret the settings after it. */
int store_settings_change(struct ledger *l, const struct actor *a, const struct settings_change *c,
                          struct store_settings *ret);

#endif
