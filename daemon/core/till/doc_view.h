/* Reading posted sales and returns back: header, lines and tenders. */
#ifndef POSD_DOC_VIEW_H
#define POSD_DOC_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;

struct sale_view_line {
        int line;
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char spec[SPEC_MAX_LEN + 1]; /* 500ml beside 2L */
        char unit[CODE_MAX_LEN + 1];
        int64_t qty, unit_price, discount, amount, tax, returned;
        int tax_rate_bp;
};

struct sale_view {
        struct doc_result d;
        int64_t at;
        char lane[CODE_MAX_LEN + 1];
        char user[NAME_MAX_LEN + 1];
        int64_t customer_id; /* 0: none */
        char customer[NAME_MAX_LEN + 1];
        size_t nlines, npayments;
        struct sale_view_line *lines;
        struct payment payments[DOC_PAYMENTS_MAX];
};

int sale_view_get(struct ledger *l, const char *number, struct sale_view **ret);
struct sale_view *sale_view_free(struct sale_view *v);

/* A sale in a list of them, to find one to return. */
struct sale_row {
        char number[DOC_NUMBER_MAX + 1];
        int64_t at;
        char lane[CODE_MAX_LEN + 1];
        char user[NAME_MAX_LEN + 1];
        int64_t total;
        bool returnable; /* some of a line is not returned yet */
};

#define SALE_LIST_MAX 100
#define SALE_ENDING_MAX 12 /* digits */

/* Whether s is the end of a sale's number to look for: 1 to SALE_ENDING_MAX digits. */
bool sale_ending_ok(const char *s);

/* The sales last rung up, the last first (numbers follow the order sales are made in),
 * at most limit (1 to SALE_LIST_MAX); with ends, only those whose number ends in those
 * digits ("123": S00000123, S00001123, ...; "0123" too; never a number with fewer
 * digits than given). Each goes to fn, whose non-zero answer stops the list and is
 * returned. Returns how many were listed, or BAD_DIGITS (-EINVAL). Every row is read
 * by the number's index (the numbers are gap-free): at most limit rows are read. */
int sale_list(struct ledger *l, const char *ends, int limit, int (*fn)(const struct sale_row *, void *), void *ud);


/* A posted return, read back for its receipt. */
struct return_view {
        struct doc_result d;
        int64_t at;
        char sale_number[DOC_NUMBER_MAX + 1];
        char user[NAME_MAX_LEN + 1];
        char reason[NAME_MAX_LEN + 1];
        size_t nlines, nrefunds;
        struct sale_view_line *lines; /* qty, amount, tax per line; unit_price is amount / qty */
        struct payment refunds[DOC_PAYMENTS_MAX];
};

int return_view_get(struct ledger *l, const char *number, struct return_view **ret);
struct return_view *return_view_free(struct return_view *v);

#endif
