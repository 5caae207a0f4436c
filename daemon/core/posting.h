/* Posting business documents: a sale, a return, a goods receipt, a stock adjustment.
 *
 * Each call is one transaction: the document, its lines, its stock movements, its journal
 * entry and its idempotency key commit together or not at all, and the call returns only
 * once the commit is durable. A repeat with the same idempotency key returns the first
 * result (replayed = true) and posts nothing; the same key with a different request is
 * refused (IDEMPOTENCY_KEY_REUSED). If COMMIT fails the outcome is settled by looking the
 * key up again, never by guessing: -EIO with OUTCOME_UNKNOWN means retry with the same
 * key once storage is back. */
#ifndef POSD_POSTING_H
#define POSD_POSTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ledger;

#define DOC_NUMBER_MAX 24
#define IDEM_KEY_MAX 128
#define REASON_MAX_LEN 200
#define DOC_LINES_MAX 1000 /* lines of one sale, return, receipt or adjustment */
#define DOC_PAYMENTS_MAX 16
#define TIME_MAX_MS INT64_C(253402300799999) /* a document's times end with the year 9999 */

enum tender { TENDER_CASH, TENDER_CARD, TENDER_OTHER, TENDER__COUNT };
const char *tender_name(enum tender t);
int tender_parse(const char *s, enum tender *ret);

struct payment {
        enum tender method;
        int64_t amount;
};

/* Common header of every posting request. */
struct doc_head {
        const char *idem_key; /* NULL: no idempotency */
        const char *user;     /* who posts it; recorded on the document */
        const char *lane;     /* till; NULL for back office */
        const char *location; /* location code; NULL: the default one */
        int64_t at_ms;        /* 0: now */
};

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
};

struct doc_result {
        int64_t id;
        char number[DOC_NUMBER_MAX + 1];
        int64_t total;  /* what the customer pays (sale) or gets back for the goods (return) */
        int64_t tax;
        int64_t cost;   /* cost of goods at the recorded unit costs */
        int64_t paid;   /* sale: tendered; return: refunded */
        int64_t change; /* sale: cash handed back */
        int64_t rounding; /* sale: cash rounding added to the total (may be negative) */
        bool replayed;
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
