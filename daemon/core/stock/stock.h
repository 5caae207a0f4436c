/* Stock on hand, from the append-only movement ledger. */
#ifndef POSD_STOCK_H
#define POSD_STOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;

struct stock_level {
        char location[CODE_MAX_LEN + 1];
        char location_name[NAME_MAX_LEN + 1];
        int64_t qty; /* milli-units */
};

struct stock_info {
        int64_t total;    /* milli-units over all locations */
        int64_t avg_cost; /* per unit */
        int64_t value;    /* what the stock is worth in the books, minor units */
};

int stock_of(struct ledger *l, int64_t product_id, struct stock_info *ret);

/* On hand per location (every location, zero included), at most max written; returns
 * the number of locations. */
int stock_levels(struct ledger *l, int64_t product_id, struct stock_level *levels, size_t max);

/* Products at or below their reorder point (with one set); fn per product; returns the
 * count or fn's non-zero value. */
struct product;
int stock_each_low(struct ledger *l, int (*fn)(const struct product *, int64_t on_hand, void *),
                   void *ud);

/* Products at or below their reorder point and, with over_max_too, above their maximum
 * level (with one set); fn per product with which it is; the count. */
enum stock_alert { STOCK_LOW, STOCK_OVER_MAX };
int stock_each_alert(struct ledger *l, bool over_max_too,
                     int (*fn)(const struct product *, int64_t on_hand, enum stock_alert kind, void *), void *ud);

struct adjust_line_in {
        const char *sku;
        int64_t qty; /* signed milli-units */
};

struct adjust_in {
        struct doc_head h;
        const char *reason; /* required */
        const struct adjust_line_in *lines;
        size_t nlines;
};

/* Stock corrected by hand (damage, count, found goods) at the average cost; refuses to
 * leave a location below zero. */
int post_adjustment(struct ledger *l, const struct adjust_in *in, struct doc_result *ret);

#endif
