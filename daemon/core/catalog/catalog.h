/* Products and their barcodes. */
#ifndef POSD_CATALOG_H
#define POSD_CATALOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog/barcode.h"
#include "catalog/gs1.h"
#include "ledger/store.h"

struct ledger;

#define SPEC_MAX_LEN 200
#define BARCODES_PER_PRODUCT 16

struct product {
        int64_t id;
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char spec[SPEC_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        char category[NAME_MAX_LEN + 1];
        int64_t price;         /* minor units per unit */
        int64_t cost;          /* list cost per unit, minor units */
        int64_t avg_cost;      /* moving-average cost per unit */
        int tax_rate_bp;
        int64_t reorder_point; /* milli-units */
        int64_t max_level;     /* milli-units; 0: none */
        bool active;
        bool measured; /* its unit is weighed or measured (kg), not counted */
};

/* A new or updated product: fields as in struct product; barcodes as given. */
struct product_input {
        const char *sku, *name, *spec, *unit, *category;
        int64_t price, cost;
        int tax_rate_bp;
        int64_t reorder_point, max_level;
        bool active;
        const char *const *barcodes;
        size_t nbarcodes;
};

int product_add(struct ledger *l, const struct product_input *in, int64_t *ret_id);
/* Whether product_add would take in now, writing nothing: its errors, or 0 with its unit
 * and its barcodes normalized into keys (in->nbarcodes of them). Its SKU is not looked
 * up. */
int product_check(struct ledger *l, const struct product_input *in, struct unit_info *unit,
                  char keys[][BARCODE_MAX + 1]);
int product_get_by_sku(struct ledger *l, const char *sku, struct product *ret);
int product_get(struct ledger *l, int64_t id, struct product *ret);
int product_add_barcode(struct ledger *l, const char *sku, const char *code);

/* Change a product: every field of `in` is taken (read the product first to keep one);
 * the barcodes replace the product's own. The SKU stays. */
int product_update(struct ledger *l, const char *sku, const struct product_input *in);

struct actor;
/* The product's price from effective_at (Unix ms): now when that has passed, else kept
 * until then (a later call for the same time replaces it). The price in force is the one
 * from the latest time that has come: one from a time before the current price's is left
 * out (audited as price_stale). Audited as a's act. */
int price_set_at(struct ledger *l, const struct actor *a, const char *sku, int64_t price, int64_t effective_at);
/* Set every price whose time has come, oldest first (audited as a's act): how many in
 * *ret_n, and when the next is due in *ret_next (0: none waits). */
int prices_apply_due(struct ledger *l, const struct actor *a, int *ret_n, int64_t *ret_next);

/* Products that match q, best first (catalog/search.c says how): the one whose SKU or
 * barcode q is; those whose name or spec hold its words whole, then those with words
 * that start so, each active ones first, then by name and SKU; then those whose SKU, or
 * else a barcode, starts with q, in that SKU's or barcode's order. q empty or NULL: all,
 * active first, by name and SKU. limit of them
 * after the first offset; fn per product. Returns how many were passed, or what fn
 * returned when not 0; BAD_QUERY for a q longer than NAME_MAX_LEN bytes. */
int catalog_search(struct ledger *l, const char *q, int limit, int offset,
                   int (*fn)(const struct product *, void *), void *ud);

/* Barcodes of a product as listed (a case's with its pack, "10012345678902*24"),
 * normalized, in the order they were added; returns the count. */
int product_barcodes(struct ledger *l, int64_t id, char codes[][BARCODE_ENTRY_MAX + 1], size_t max);

/* What a scanned code means: the product, for a case's code how much of it the case
 * holds, and for a variable-measure code the weight (qty, milli-units) or the price
 * embedded in it (price, minor units; qty then follows from the unit price). -ENOENT:
 * unknown code; -EBADMSG: bad check digit; -EINVAL: not a barcode. */
struct scan_result {
        struct product product;
        bool has_qty, has_price;
        int64_t qty;   /* a weight label's; a price label's, the quantity the price buys */
        int64_t price; /* a price label's, in minor units */
        int64_t pack;  /* a case's contents, milli-units; 0: a single item */
        char lot[GS1_LOT_MAX + 1]; /* a GS1 label's lot; "" without */
        char expires_on[11];       /* a GS1 label's expiry (else best-before) date, YYYY-MM-DD; "" without */
};
int catalog_lookup_barcode(struct ledger *l, const char *code, struct scan_result *ret);

/* CSV import of products: see posctl(1). The whole file is checked first: without
 * row_error the first bad row ends it, with it every bad row is told (up to
 * IMPORT_MAX_ERRORS) and the import then fails (IMPORT_ERRORS); either way nothing is
 * written. Then it is written in batches of a fraction of a second, each committed, the
 * store's write lock let go between them. A row whose product was in the store before,
 * exactly as the row has it, is skipped, so that the same file sent again after an import
 * that stopped half-way finishes it. progress(ud, done, total) is called now and then
 * (done runs up to total over both readings of the file); written(ud, line, added,
 * skipped) once when the writing begins and after every batch written; stop(ud), when
 * set, is asked between batches and ends the import (IMPORT_STOPPED). Returns the number
 * of products added. */
#define IMPORT_MAX_ERRORS 100
struct import_opts {
        void (*progress)(void *ud, uint64_t done, uint64_t total);
        void (*row_error)(void *ud, unsigned long line, const char *code, const char *message);
        void *ud;
        uint64_t total_bytes;
        void (*written)(void *ud, unsigned long line, long added, long skipped);
        bool (*stop)(void *ud);
};
int catalog_import_csv(struct ledger *l, FILE *in, const struct import_opts *o);

/* CSV exports (UTF-8, header row). products: the columns import reads; stock: on hand
 * per product and location with its value at average cost. */
int catalog_export_products(struct ledger *l, FILE *out);
int catalog_export_stock(struct ledger *l, FILE *out);

/* Every posted document as a ledger-cli transaction (posctl export ledger); returns the
 * number of documents. */
int ledger_export_journal(struct ledger *l, FILE *out);

/* The store's variable-measure rules, at most `max`; returns how many. */
int measure_rules_load(struct ledger *l, struct measure_rule *rules, size_t max);
int measure_rule_add(struct ledger *l, const struct measure_rule *r);

#endif
