/* Stocktakes: the books frozen at the start while the shop keeps selling, counts entered
 * by scanning or typing, a variance report, and the variance posted by a manager as one
 * adjustment. A line's expected quantity is what was frozen plus what moved between the
 * start and its latest count, so a sale during the count is not a variance. */
#ifndef POSD_STOCKTAKE_H
#define POSD_STOCKTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;
struct actor;

struct stocktake {
        int64_t id;
        char number[DOC_NUMBER_MAX + 1];
        char location[CODE_MAX_LEN + 1];
        char category[NAME_MAX_LEN + 1]; /* "": every product */
        char state[16];                  /* counting, posted, cancelled */
        char note[NAME_MAX_LEN + 1];
        char started_by[NAME_MAX_LEN + 1], closed_by[NAME_MAX_LEN + 1];
        char adjustment[DOC_NUMBER_MAX + 1]; /* "" until a variance is posted */
        int64_t started_at, closed_at;
        int64_t lines, counted; /* products on the list, and how many were counted */
        int64_t variance_lines; /* counted with a variance */
        int64_t gain, loss;     /* value of the counted variances at average cost, loss <= 0 */
};

struct stocktake_line {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        int64_t frozen;   /* on hand at the start */
        int64_t moved;    /* sold, received, moved between the start and the count */
        int64_t expected; /* frozen + moved */
        bool counted;
        int64_t qty;       /* counted, when counted */
        int64_t variance;  /* qty - expected; 0 when not counted */
        int64_t unit_cost; /* average cost */
        int64_t value;     /* variance at unit_cost */
};

/* Start counting a location (NULL: the default one), every product or one category's.
 * One stocktake at a time per location (STOCKTAKE_OPEN, -EBUSY). A manager's task
 * (APPROVAL_REQUIRED). Numbered ST00000001 on. Audited. */
int stocktake_start(struct ledger *l, const struct actor *a, const char *location, const char *category,
                    const char *note, struct stocktake *ret);
/* UNKNOWN_STOCKTAKE (-ENOENT). */
int stocktake_get(struct ledger *l, const char *number, struct stocktake *ret);
/* Newest first, in a state ("" or NULL: any), at most limit. */
int stocktake_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct stocktake *, void *),
                   void *ud);

enum stocktake_filter { STOCKTAKE_ALL, STOCKTAKE_COUNTED, STOCKTAKE_UNCOUNTED, STOCKTAKE_VARIANCE };
/* The variance report: lines by SKU, limit of them after offset; the count passed (none
 * for an unknown number: stocktake_get tells that). */
int stocktake_lines(struct ledger *l, const char *number, enum stocktake_filter f, int limit, int offset,
                    int (*fn)(const struct stocktake_line *, void *), void *ud);

/* A count: code is a barcode (a weight or price code carries its quantity) or a SKU.
 * add: qty more were found (0: one unit, or the code's own quantity); set: qty is the
 * whole count. A product outside the stocktake's category is NOT_IN_STOCKTAKE. *ret is
 * the line as counted now. */
int stocktake_count(struct ledger *l, const struct actor *a, const char *number, const char *code, int64_t qty,
                    bool set, struct stocktake_line *ret);

/* Post the counted variances as one adjustment ("stocktake ST…"), by a manager, in one
 * transaction with the stocktake's state. zero_uncounted: what was not counted is taken
 * as none left. A stocktake is posted once (STOCKTAKE_CLOSED, -EBUSY); a repeat with the
 * same idempotency key returns the first result. When nothing differed the adjustment
 * has no lines and a value of 0. */
int stocktake_post(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
                   bool zero_uncounted, struct doc_result *ret_adj, struct stocktake *ret);
/* Give up counting: nothing is posted. */
int stocktake_cancel(struct ledger *l, const struct actor *a, const char *number, struct stocktake *ret);

#endif
