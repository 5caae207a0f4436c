/* Posting business documents: what every posting shares (a sale, a return, a goods
 * receipt, an adjustment, ... each declared by its domain).
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

#endif
