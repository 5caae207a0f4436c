/* Store setup: name, currency, tax mode, locations, tax rates, units and the
 * variable-measure barcode rules. */
#ifndef POSD_STORE_H
#define POSD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


struct ledger;

#define NAME_MAX_LEN 200 /* bytes of UTF-8 in any name */
#define CODE_MAX_LEN 32  /* sku, location code, unit code */

struct store_info {
        char name[NAME_MAX_LEN + 1];
        char currency[4];
        int minor_unit;          /* decimals of the currency: 2 for CNY, 0 for JPY */
        bool prices_include_tax; /* true: shelf prices include tax (China) */
        int64_t default_location;
};

struct store_setup {
        const char *name;
        const char *currency;  /* ISO 4217; NULL: CNY */
        int minor_unit;        /* -1: the currency's own */
        bool prices_exclude_tax;
};

/* Minor-unit decimals of a known ISO 4217 currency, or -ENOENT. */
int currency_minor_unit(const char *code);

/* Fill in the store row, the default locations (shop floor, back room), the standard
 * tax rates, units and measure rules of a new database. -EEXIST if already set up. */
int store_init(struct ledger *l, const struct store_setup *s);
int store_get(struct ledger *l, struct store_info *ret);

struct location {
        int64_t id;
        char code[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char kind[16]; /* shop, backroom, warehouse */
        bool is_default;
};

int location_add(struct ledger *l, const char *code, const char *name, const char *kind,
                 int64_t *ret_id);
int location_find(struct ledger *l, const char *code, int64_t *ret_id);
/* Calls fn for each location in id order; stops and returns fn's value if non-zero. */
int location_each(struct ledger *l, int (*fn)(const struct location *, void *), void *ud);

/* The id of the tax rate of rate_bp, created (named "13%") if the store has none yet. */
int tax_rate_ensure(struct ledger *l, int rate_bp, int64_t *ret_id);
/* 0 when rate_bp can be a tax rate, else BAD_TAX_RATE. */
int tax_rate_check(struct ledger *l, int rate_bp);

struct tax_rate {
        int64_t id;
        char name[NAME_MAX_LEN + 1];
        int rate_bp;
        bool is_default; /* a new product's, unless it says */
        int64_t products;
};

#define TAX_RATE_NAME_MAX 60

/* The store's rates by rate; stops and returns fn's value if non-zero. */
int tax_rate_each(struct ledger *l, int (*fn)(const struct tax_rate *, void *), void *ud);
/* The rate a new product gets when it names none. */
int tax_rate_default(struct ledger *l, int *ret_bp);
struct actor;
/* A manager adds a named rate (TAX_RATE_EXISTS if the store has one of rate_bp), or
 * renames one or makes it the default (name NULL: kept). Audited. */
int tax_rate_add(struct ledger *l, const struct actor *a, const char *name, int rate_bp, int64_t *ret_id);
int tax_rate_change(struct ledger *l, const struct actor *a, int64_t id, const char *name, bool make_default);

struct unit_info {
        char code[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        bool measured; /* fractional quantities allowed (kg, l, m) */
};

int unit_get(struct ledger *l, const char *code, struct unit_info *ret);
/* The one rule for a quantity of a unit, wherever goods move: whole units unless the
 * unit is measured. */
bool unit_qty_ok(const struct unit_info *u, int64_t qty_milli);
/* 0 when qty suits the unit of code; else BAD_QUANTITY (-EINVAL) naming line (0: none)
 * and sku, or the unit's own error. */
int unit_qty_check(struct ledger *l, const char *code, int64_t qty_milli, size_t line, const char *sku);
int unit_add(struct ledger *l, const char *code, const char *name, bool measured);




#endif
