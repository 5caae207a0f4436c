/* Goods in: posting a goods receipt (see ledger/posting.h). */
#ifndef POSD_GOODS_IN_H
#define POSD_GOODS_IN_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/posting.h"

struct receipt_line_in {
        const char *sku;
        int64_t qty;        /* milli-units, > 0 */
        int64_t unit_cost;  /* minor units per unit, >= 0 */
        const char *lot;    /* the batch it comes in as; NULL: named by its expiry, or none */
        int64_t expires_at; /* ms; 0: none */
};

struct receipt_in {
        struct doc_head h;
        const char *supplier; /* free text until suppliers exist */
        const char *reference;
        const struct receipt_line_in *lines;
        size_t nlines;
};

/* Goods in: stock up at the given costs, moving average updated. */
int post_goods_receipt(struct ledger *l, const struct receipt_in *in, struct doc_result *ret);

#endif
