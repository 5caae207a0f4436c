/* Batches (lots) of a product with their expiry: what came in together, and where each
 * batch's stock is. Stock that leaves a location takes the earliest-expiring batch there
 * first; stock that comes back (a return, a transfer's receipt) goes into the batches its
 * document took from. Stock received without a batch is simply not in one. */
#ifndef POSD_BATCH_H
#define POSD_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/store.h"

struct ledger;

#define LOT_MAX_LEN 40

struct batch_level {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        char lot[LOT_MAX_LEN + 1];
        char location[CODE_MAX_LEN + 1];
        int64_t expires_at; /* 0: none */
        int64_t qty;        /* milli-units at the location */
        int64_t value;      /* at the product's average cost */
};

/* A product's batches with stock, per location, earliest expiry first. */
int batch_levels(struct ledger *l, int64_t product_id, int (*fn)(const struct batch_level *, void *), void *ud);
/* Batches with stock that expire before `before` (ms), earliest first, at most limit. */
int batch_expiring(struct ledger *l, int64_t before, int limit, int (*fn)(const struct batch_level *, void *),
                   void *ud);

#endif
