/* The machinery every posting shares: one transaction, the idempotency key, stock
 * movements, the journal entry, and settling a failed COMMIT. */
#ifndef POSD_POSTING_INT_H
#define POSD_POSTING_INT_H

#include <sodium.h>

#include "ledger/document.h"
#include "ledger/ledger_int.h"
#include "ledger/posting.h"

struct posting {
        enum doc_type type;
        const char *doc_type; /* its kind's name */
        const struct doc_head *h;
        crypto_hash_sha256_state req; /* fingerprint of the request, fed by the caller */
        unsigned char req_hash[crypto_hash_sha256_BYTES];
        int64_t at;
        int64_t location_id;
};

/* Fingerprint helpers: feed the request's fields in a fixed order. */
void req_str(struct posting *p, const char *s);
void req_int(struct posting *p, int64_t v);

/* Validate the header, start the fingerprint. */
int posting_init(struct ledger *l, struct posting *p, enum doc_type type, const struct doc_head *h);

/* Finish the fingerprint, BEGIN IMMEDIATE and look the key up. Returns 0 when the
 * caller should post, 1 when *ret holds the first result of a repeat (the transaction is
 * closed then), or an error (closed too). */
int posting_begin(struct ledger *l, struct posting *p, struct doc_result *ret);

/* Record the key and the journal entry, COMMIT, and fill *ret from the stored document.
 * On any failure the transaction is rolled back; a failed COMMIT is settled by the key. */
int posting_end(struct ledger *l, struct posting *p, int64_t doc_id, struct doc_result *ret);

/* The end of a document with lines: its total set (doc_set_total), then posting_end;
 * rolled back on failure. */
int posting_close(struct ledger *l, struct posting *p, int64_t doc_id, int64_t total, struct doc_result *ret);

/* Abandon: roll back, keep the error. */
int posting_abort(struct ledger *l, int r);

/* Where stock coming in goes: into one batch, or back into the batches the document
 * doc_type/doc_id took from (a return's sale, a transfer's dispatch). */
struct batch_src {
        int64_t batch_id;
        const char *doc_type;
        int64_t doc_id;
};

/* Stock moves with its value. Each location's stock keeps its value beside its quantity,
 * the exact sum of what its movements moved, so that the stock's worth and the books'
 * inventory are one figure. Stock in brings the value its document books (src: NULL, or
 * the batches it goes into); the product's average cost is then its worth over its
 * stock. Stock out (qty > 0) takes its share of what the location's stock is worth while
 * some stays, else all of it, leaving what the location is short of at the average.
 * *ret_value: what went; *ret_on_hand (may be NULL): the location's level after. Stock
 * out takes the location's batches, earliest expiry first. */
int stock_in(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
             int64_t unit_cost, int64_t value, const struct batch_src *src, int64_t *ret_on_hand);
int stock_out(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
              int64_t *ret_value, int64_t *ret_on_hand);

/* batch.c: a movement's share of batches (see batch.h). take: qty > 0 out, earliest
 * expiry first; put: into one batch; put back: into those doc_type/doc_id took from. */
int batch_take(struct ledger *l, int64_t movement_id, int64_t product_id, int64_t location_id, int64_t qty);
int batch_put(struct ledger *l, int64_t movement_id, int64_t batch_id, int64_t location_id, int64_t qty);
int batch_put_back(struct ledger *l, int64_t movement_id, int64_t product_id, int64_t location_id, int64_t qty,
                   const char *doc_type, int64_t doc_id);
/* A product's batch by lot, added when new; the same lot with another expiry is
 * BATCH_EXPIRY_MISMATCH. expires_at 0: none. */
int batch_find(struct ledger *l, int64_t product_id, const char *lot, int64_t expires_at, int64_t *ret_id);

/* Journal entry for a document inside the posting's transaction. */
int journal_append(struct ledger *l, const char *doc_type, int64_t doc_id, const char *number, int64_t at);

/* The id of a sale by its number (UNKNOWN_SALE). */
int sale_id_by_number(struct ledger *l, const char *number, int64_t *ret_id);

/* Check a quantity or amount from a request: -EINVAL naming what and the line. */
int check_qty(struct ledger *l, int64_t qty, size_t line, bool allow_negative);

#endif
