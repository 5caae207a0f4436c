/* The kinds of document the ledger holds, one descriptor each: its table, the prefix of
 * its numbers, the figures a posting answers with, the rows the journal digests. The
 * numbering, postings, the journal, verify, the exports and the document readers all
 * read these; a new kind is one more entry (document.c) and the posting that writes it.
 *
 * A document reader (struct doc_view) is the other half: how one of the core's structs
 * reads a document's header and lines back, by column maps (row.h). */
#ifndef POSD_DOCUMENT_H
#define POSD_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger_int.h"
#include "ledger/posting.h"
#include "ledger/row.h"

enum doc_type {
        /* posted and journalled */
        DOC_SALE,
        DOC_RETURN,
        DOC_RECEIPT,
        DOC_CASH,
        DOC_ADJUSTMENT,
        DOC_TRANSFER,
        DOC_TRANSFER_IN,
        DOC_SUPPLIER_INVOICE,
        DOC_SUPPLIER_PAYMENT,
        DOC_SHIPMENT,
        DOC_CUSTOMER_INVOICE,
        DOC_CREDIT_NOTE,
        DOC_SUPPLIER_RETURN,
        DOC_CUSTOMER_PAYMENT,
        DOC_STORE_TRANSFER,
        DOC_STORE_RECEIPT,
        /* working documents: numbered, changed as they go, never journalled */
        DOC_PURCHASE_ORDER,
        DOC_SALES_ORDER,
        DOC_STOCKTAKE,
        DOC__COUNT
};

#define DOC_DIGEST_PARTS 4

struct doc_kind {
        const char *type;    /* its name in the journal, stock movements and number sequences */
        const char *table;   /* the header: id, number, at */
        const char *prefix;  /* of its numbers: "T" numbers T00000001 on */
        const char *noun;    /* in messages: "no transfer T00000009" */
        const char *unknown; /* the error code of a number not found */
        /* SQL by id ?1: number, total, tax, cost, paid, change, rounding; NULL: not posted */
        const char *result;
        /* SQL of the rows the journal digests, by id ?1 (and doc_type ?2 where it takes
         * one); none: not journalled. Changing one breaks the chain of every store. */
        const char *digest[DOC_DIGEST_PARTS];
        /* SQL setting the header's total ?2 by id ?1 once its lines are in; NULL: none */
        const char *total;
        /* SQL expression over the header: what the document adds to the books' inventory,
         * which its stock movements' values add up to; NULL: it moves no stock */
        const char *inventory;
        /* SQL of the same product by product, from its journalled lines: doc, product,
         * value for every document of the kind; NULL: its lines carry no value */
        const char *inventory_lines;
};

const struct doc_kind *doc_kind(enum doc_type t);
/* The SQL of a digested part as HQ takes it: the same rows, with what HQ needs beyond
 * the digest (a movement's value). */
const char *doc_part_for_hq(const char *digest);
/* By its name; NULL when there is no such kind. */
const struct doc_kind *doc_kind_find(const char *type);
static inline bool doc_journalled(const struct doc_kind *k) { return k->digest[0] != NULL; }

/* The next number of a kind: prefix + zero-padded gap-free sequence ("S00000042"),
 * inside a transaction. */
int doc_number(struct ledger *l, enum doc_type t, char ret[static DOC_NUMBER_MAX + 1]);

/* A number's digits after its prefix: at least this many, zero-padded; more from 10^8. */
#define DOC_NUMBER_DIGITS 8
/* Number n of a kind as doc_number writes it (n 1 to 10^15). */
void doc_number_of(enum doc_type t, int64_t n, char ret[static DOC_NUMBER_MAX + 1]);
/* The last number a kind was given; 0 before its first. */
int doc_last_number(struct ledger *l, enum doc_type t, int64_t *ret);

/* Set a document's total once its lines are in (NO_TOTAL for a kind without one). */
int doc_set_total(struct ledger *l, enum doc_type t, int64_t doc_id, int64_t total);

/* The stored figures of a posted document (UNKNOWN_DOCUMENT, -ENOENT). */
int doc_load_result(struct ledger *l, const char *doc_type, int64_t doc_id, struct doc_result *ret);

/* How a struct of the core reads a document back: its header by number, and its lines
 * into an array the header points at. */
struct doc_view {
        enum doc_type type;
        const char *by_number;  /* SQL: the header's columns, by number ?1 */
        struct row_shape head;
        const char *lines;      /* SQL: the lines' columns by the header's id ?1; NULL: none */
        struct row_shape line;
        size_t id_off;          /* in the header: its id (int64_t) */
        size_t lines_off, nlines_off; /* ... the lines (a pointer) and their count (size_t) */
};

/* A document by number, all its lines too, in a header the caller frees with doc_free.
 * The kind's unknown code (-ENOENT) when there is none. */
int doc_get(struct ledger *l, const struct doc_view *v, const char *number, void **ret);
/* Free a header doc_get made, with its lines; NULL is fine. Returns NULL. */
void *doc_free(const struct doc_view *v, void *doc);
/* Each row of st (the caller's own, prepared with stmt_own and bound; finalized here)
 * read as a header without lines, to fn; stops at fn's first non-zero and returns it. */
int doc_rows(struct ledger *l, const struct doc_view *v, sqlite3_stmt *st, int (*fn)(const void *, void *), void *ud,
             const char *what);

#endif
