/* Inside stock: what adjustments and stocktakes share. */
#ifndef POSD_STOCK_INT_H
#define POSD_STOCK_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/posting_int.h"
#include "stock/stock.h"

/* An adjustment's parts, for postings that correct stock (adjust.c, stocktake.c): its
 * header, one product's quantity corrected at the average cost (value added to *value;
 * leaving the location below zero refused unless allow_negative); doc_set_total sets
 * its value. */
struct product;
int adjust_start(struct ledger *l, struct posting *p, const char *reason, int64_t *ret_id);
int adjust_product(struct ledger *l, struct posting *p, int64_t doc_id, size_t line, const struct product *pr,
                   int64_t qty, bool allow_negative, int64_t *value);

#endif
