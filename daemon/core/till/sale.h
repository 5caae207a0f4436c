/* Posting sales and returns (see ledger/posting.h for what every posting promises). */
#ifndef POSD_SALE_H
#define POSD_SALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/posting.h"

struct sale_line_in {
        const char *sku;
        int64_t qty;        /* milli-units, > 0 */
        int64_t unit_price; /* minor units; < 0: the catalog price */
        int64_t discount;   /* minor units off the line, >= 0 */
};

struct sale_in {
        struct doc_head h;
        const struct sale_line_in *lines;
        size_t nlines;
        const struct payment *payments;
        size_t npayments;
        int64_t shift_id;      /* the till shift it belongs to; 0: none (back office) */
        const char *ticket_id; /* the open ticket it completes, marked completed with it */
        int64_t ticket_version; /* ... as it was read: a ticket changed since is not completed */
        int64_t cash_step;     /* cash rounding: the cash part is rounded to a multiple */
        const char *printer;   /* queue the receipt on it, in the sale's transaction; NULL: none */
        bool kick_drawer;      /* ... and open the drawer after printing when cash was taken */
        const char *drawer;    /* the drawer's own queue for that kick; NULL: the printer's */
        const char *approved_by; /* a manager approved what it takes off as it stands: audited with it */
};

/* Stock may go below zero through a sale: a till never refuses a customer because the
 * books say the shelf is empty; the next count puts it right. */
int post_sale(struct ledger *l, const struct sale_in *in, struct doc_result *ret);

/* The figures of a posted sale by its number (UNKNOWN_SALE). */
int sale_result_by_number(struct ledger *l, const char *number, struct doc_result *ret);

struct return_line_in {
        int line;           /* line number on the sale (1-based); 0 without receipt */
        const char *sku;    /* without receipt */
        int64_t qty;        /* milli-units, > 0 */
        int64_t unit_price; /* without receipt: < 0 for the catalog price */
};

struct return_in {
        struct doc_head h;
        const char *sale_number; /* NULL: a return without receipt */
        const char *approved_by; /* a manager; required without receipt */
        const char *reason;
        const struct return_line_in *lines;
        size_t nlines;
        const struct payment *refunds;
        size_t nrefunds;
        int64_t shift_id; /* the till shift whose drawer pays the cash back; 0: none */
        const char *printer; /* queue the return's receipt on it; NULL: none */
        bool kick_drawer;    /* ... opening the drawer when cash goes back */
        const char *drawer;  /* the drawer's own queue for that kick; NULL: the printer's */
};

int post_return(struct ledger *l, const struct return_in *in, struct doc_result *ret);

#endif
