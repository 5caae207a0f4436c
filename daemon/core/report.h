/* Reports over the posted documents. */
#ifndef POSD_REPORT_H
#define POSD_REPORT_H

#include <stdint.h>

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

#endif
