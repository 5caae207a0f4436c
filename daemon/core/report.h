/* Reports over the posted documents. */
#ifndef POSD_REPORT_H
#define POSD_REPORT_H

#include <stdint.h>

#include "store.h"

struct ledger;

#define REPORT_BUCKETS_MAX 1000

/* Sales and returns in one time slot. Money in minor units. */
struct sales_bucket {
        int64_t start;        /* ms */
        int64_t sales, returns;
        int64_t gross;        /* the sales' totals with their cash rounding */
        int64_t refunds;      /* the value of the goods returned */
        int64_t tax;          /* on sales less on returns */
        int64_t cost;         /* of the goods sold less of those returned, as recorded when posted */
};

/* Buckets of bucket_ms from `from` (included) to `to` (excluded), every one of them, empty
 * ones too. -EINVAL for an empty range, a bucket under a minute or over
 * REPORT_BUCKETS_MAX buckets. out (room for REPORT_BUCKETS_MAX) is scratch until 0 is
 * returned. */
int report_sales(struct ledger *l, int64_t from, int64_t to, int64_t bucket_ms, struct sales_bucket *out,
                 int *ret_n);

/* Purchases from `from` to `to`: per supplier the orders placed and their amount, the
 * goods in (at cost), and what its open orders still owe; per product what came in
 * against orders. Money in minor units, quantities in milli-units. */
struct purchase_by_supplier {
        char code[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        int orders;
        int64_t ordered, received, outstanding;
};

struct purchase_by_product {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        int64_t qty, amount;
};

struct purchase_report_fns {
        int (*supplier)(const struct purchase_by_supplier *, void *);
        int (*product)(const struct purchase_by_product *, void *);
};

/* BAD_RANGE (-EINVAL) when to is not after from. */
int report_purchases(struct ledger *l, int64_t from, int64_t to, const struct purchase_report_fns *fns, void *ud);

#endif
