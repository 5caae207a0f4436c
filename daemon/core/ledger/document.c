/* The document kinds (see document.h) and reading documents back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/document.h"

#define MOVEMENTS \
        "SELECT product_id, location_id, qty, unit_cost, at FROM stock_movements WHERE doc_type = ?2 AND doc_id = ?1 ORDER BY id"

/* HQ takes a document's movements with what they moved in value, which the journal's
 * digest leaves out (a digest once written never changes), so that HQ values each
 * store's stock as the store does. */
#define MOVEMENTS_FOR_HQ \
        "SELECT product_id, location_id, qty, unit_cost, at, value FROM stock_movements WHERE doc_type = ?2 AND doc_id = ?1" \
        " ORDER BY id"

const char *doc_part_for_hq(const char *digest)
{
        return strcmp(digest, MOVEMENTS) ? digest : MOVEMENTS_FOR_HQ;
}

static const struct doc_kind kinds[DOC__COUNT] = {
        [DOC_SALE] = {
                .type = "sale", .table = "sales", .prefix = "S", .noun = "sale",
                .unknown = "UNKNOWN_SALE",
                .result = "SELECT number, total, tax, cost, paid, change, rounding FROM sales WHERE id = ?1",
                .digest = { "SELECT number, at, lane, user, location_id, total, tax, cost, paid, change, shift_id, rounding "
                  "FROM sales WHERE id = ?1",
                  "SELECT line, product_id, qty, unit_price, discount, amount, tax_rate_bp, tax, unit_cost, cost "
                  "FROM sale_lines WHERE sale_id = ?1 ORDER BY line",
                  "SELECT seq, method, amount FROM sale_payments WHERE sale_id = ?1 ORDER BY seq", MOVEMENTS },
                .inventory = "-cost",
                .inventory_lines = "SELECT sale_id AS doc, product_id AS product, -sum(cost) AS value FROM sale_lines"
                                   " GROUP BY 1, 2" },
        [DOC_RETURN] = {
                .type = "return", .table = "returns", .prefix = "R", .noun = "return",
                .unknown = "UNKNOWN_RETURN",
                .result = "SELECT number, total, tax, cost, refunded, 0, 0 FROM returns WHERE id = ?1",
                .digest = { "SELECT number, at, sale_id, lane, user, approved_by, reason, location_id, total, tax, cost, refunded,"
                  " shift_id "
                  "FROM returns WHERE id = ?1",
                  "SELECT line, sale_line, product_id, qty, amount, tax, unit_cost, cost "
                  "FROM return_lines WHERE return_id = ?1 ORDER BY line",
                  "SELECT seq, method, amount FROM return_refunds WHERE return_id = ?1 ORDER BY seq", MOVEMENTS },
                .inventory = "cost",
                .inventory_lines = "SELECT return_id AS doc, product_id AS product, sum(cost) AS value FROM return_lines"
                                   " GROUP BY 1, 2" },
        [DOC_RECEIPT] = {
                .type = "receipt", .table = "goods_receipts", .prefix = "GR", .noun = "goods receipt",
                .unknown = "UNKNOWN_RECEIPT",
                .result = "SELECT number, total_cost, 0, total_cost, 0, 0, 0 FROM goods_receipts WHERE id = ?1",
                .digest = { "SELECT number, at, user, supplier, reference, location_id, total_cost FROM goods_receipts WHERE id = ?1",
                  "SELECT line, product_id, qty, unit_cost, amount FROM goods_receipt_lines "
                  "WHERE receipt_id = ?1 ORDER BY line",
                  MOVEMENTS },
                .total = "UPDATE goods_receipts SET total_cost = ?2 WHERE id = ?1", .inventory = "total_cost",
                .inventory_lines = "SELECT receipt_id AS doc, product_id AS product, sum(amount) AS value"
                                   " FROM goods_receipt_lines GROUP BY 1, 2" },
        [DOC_CASH] = {
                .type = "cash", .table = "cash_movements", .prefix = "C", .noun = "cash movement",
                .unknown = "UNKNOWN_CASH_MOVEMENT",
                .result = "SELECT number, CASE kind WHEN 'pay_in' THEN amount ELSE -amount END, 0, 0, 0, 0, 0 "
                "FROM cash_movements WHERE id = ?1",
                .digest = { "SELECT number, at, shift_id, kind, amount, reason, user FROM cash_movements WHERE id = ?1" } },
        [DOC_ADJUSTMENT] = {
                .type = "adjustment", .table = "adjustments", .prefix = "ADJ", .noun = "adjustment",
                .unknown = "UNKNOWN_ADJUSTMENT",
                .result = "SELECT number, value, 0, value, 0, 0, 0 FROM adjustments WHERE id = ?1",
                .digest = { "SELECT number, at, user, reason, location_id, value FROM adjustments WHERE id = ?1", MOVEMENTS },
                .total = "UPDATE adjustments SET value = ?2 WHERE id = ?1", .inventory = "value" },
        [DOC_TRANSFER] = {
                .type = "transfer", .table = "transfers", .prefix = "T", .noun = "transfer",
                .unknown = "UNKNOWN_TRANSFER",
                .result = "SELECT number, value, 0, value, 0, 0, 0 FROM transfers WHERE id = ?1",
                .digest = { "SELECT number, at, user, location_id, to_location_id, note, value FROM transfers WHERE id = ?1",
                  "SELECT line, product_id, qty, unit_cost FROM transfer_lines WHERE transfer_id = ?1 ORDER BY line",
                  MOVEMENTS },
                .total = "UPDATE transfers SET value = ?2 WHERE id = ?1", .inventory = "-value" },
        [DOC_TRANSFER_IN] = {
                .type = "transfer_in", .table = "transfer_receipts", .prefix = "TI", .noun = "transfer receipt",
                .unknown = "UNKNOWN_TRANSFER_RECEIPT",
                .result = "SELECT number, value, 0, value + short_value, 0, 0, 0 FROM transfer_receipts WHERE id = ?1",
                .digest = { "SELECT number, at, user, transfer_id, location_id, note, value, short_value "
                  "FROM transfer_receipts WHERE id = ?1",
                  "SELECT line, product_id, sent, received, unit_cost FROM transfer_receipt_lines "
                  "WHERE receipt_id = ?1 ORDER BY line",
                  MOVEMENTS },
                .inventory = "value" },
        [DOC_SUPPLIER_INVOICE] = {
                .type = "supplier_invoice", .table = "supplier_invoices", .prefix = "PI", .noun = "supplier invoice",
                .unknown = "UNKNOWN_INVOICE",
                .result = "SELECT number, amount, 0, 0, 0, 0, 0 FROM supplier_invoices WHERE id = ?1",
                .digest = { "SELECT number, at, user, supplier_id, reference, po_id, due_at, amount, note FROM supplier_invoices "
                  "WHERE id = ?1" } },
        [DOC_SUPPLIER_PAYMENT] = {
                .type = "supplier_payment", .table = "supplier_payments", .prefix = "PAY", .noun = "supplier payment",
                .unknown = "UNKNOWN_PAYMENT",
                .result = "SELECT number, amount, 0, 0, amount, 0, 0 FROM supplier_payments WHERE id = ?1",
                .digest = { "SELECT number, at, user, supplier_id, method, amount, reference FROM supplier_payments WHERE id = ?1" } },
        [DOC_SHIPMENT] = {
                .type = "shipment", .table = "shipments", .prefix = "SH", .noun = "shipment",
                .unknown = "UNKNOWN_SHIPMENT",
                .result = "SELECT number, 0, 0, cost, 0, 0, 0 FROM shipments WHERE id = ?1",
                .digest = { "SELECT number, at, user, so_id, location_id, cost FROM shipments WHERE id = ?1",
                  "SELECT line, product_id, qty, unit_cost, cost FROM shipment_lines WHERE shipment_id = ?1 ORDER BY line",
                  MOVEMENTS },
                .total = "UPDATE shipments SET cost = ?2 WHERE id = ?1", .inventory = "-cost",
                .inventory_lines = "SELECT shipment_id AS doc, product_id AS product, -sum(cost) AS value"
                                   " FROM shipment_lines GROUP BY 1, 2" },
        [DOC_CUSTOMER_INVOICE] = {
                .type = "customer_invoice", .table = "customer_invoices", .prefix = "INV", .noun = "invoice",
                .unknown = "UNKNOWN_INVOICE",
                .result = "SELECT number, total, tax, 0, 0, 0, 0 FROM customer_invoices WHERE id = ?1",
                .digest = { "SELECT number, at, user, customer_id, so_id, due_at, total, tax FROM customer_invoices WHERE id = ?1",
                  /* what it bills: the order's lines as they were priced */
                  "SELECT ol.line, ol.product_id, ol.qty, ol.unit_price, ol.amount, ol.tax_rate_bp, ol.tax "
                  "FROM sales_order_lines ol JOIN customer_invoices i ON i.so_id = ol.so_id WHERE i.id = ?1 ORDER BY ol.line" } },
        [DOC_CREDIT_NOTE] = {
                .type = "credit_note", .table = "credit_notes", .prefix = "CN", .noun = "credit note",
                .unknown = "UNKNOWN_CREDIT_NOTE",
                .result = "SELECT number, total, tax, cost, 0, 0, 0 FROM credit_notes WHERE id = ?1",
                .digest = { "SELECT number, at, user, customer_id, so_id, location_id, reason, total, tax, cost FROM credit_notes "
                  "WHERE id = ?1",
                  "SELECT line, so_line, product_id, qty, amount, tax, unit_cost, cost FROM credit_note_lines "
                  "WHERE credit_id = ?1 ORDER BY line",
                  MOVEMENTS },
                .inventory = "cost",
                .inventory_lines = "SELECT credit_id AS doc, product_id AS product, sum(cost) AS value"
                                   " FROM credit_note_lines GROUP BY 1, 2" },
        [DOC_SUPPLIER_RETURN] = {
                .type = "supplier_return", .table = "supplier_returns", .prefix = "SR", .noun = "supplier return",
                .unknown = "UNKNOWN_SUPPLIER_RETURN",
                .result = "SELECT number, value, 0, cost, 0, 0, 0 FROM supplier_returns WHERE id = ?1",
                .digest = { "SELECT number, at, user, supplier_id, location_id, reason, value FROM supplier_returns WHERE id = ?1",
                  "SELECT line, product_id, qty, unit_cost, amount FROM supplier_return_lines WHERE return_id = ?1 "
                  "ORDER BY line",
                  MOVEMENTS },
                .total = "UPDATE supplier_returns SET value = ?2 WHERE id = ?1", .inventory = "-cost" },
        [DOC_CUSTOMER_PAYMENT] = {
                .type = "customer_payment", .table = "customer_payments", .prefix = "RCV", .noun = "customer payment",
                .unknown = "UNKNOWN_PAYMENT",
                .result = "SELECT number, amount, 0, 0, amount, 0, 0 FROM customer_payments WHERE id = ?1",
                .digest = { "SELECT number, at, user, customer_id, method, amount, reference FROM customer_payments WHERE id = ?1" } },
        [DOC_STORE_TRANSFER] = {
                .type = "store_transfer", .table = "store_transfers", .prefix = "TS", .noun = "transfer",
                .unknown = "UNKNOWN_TRANSFER",
                .result = "SELECT number, value, 0, value, 0, 0, 0 FROM store_transfers WHERE id = ?1",
                .digest = { "SELECT number, at, user, location_id, to_store, note, value FROM store_transfers WHERE id = ?1",
                  "SELECT line, product_id, sku, qty, unit_cost, value FROM store_transfer_lines WHERE transfer_id = ?1 "
                  "ORDER BY line",
                  MOVEMENTS },
                .total = "UPDATE store_transfers SET value = ?2 WHERE id = ?1", .inventory = "-value",
                .inventory_lines = "SELECT transfer_id AS doc, product_id AS product, -sum(value) AS value"
                                   " FROM store_transfer_lines GROUP BY 1, 2" },
        [DOC_STORE_RECEIPT] = {
                .type = "store_receipt", .table = "store_receipts", .prefix = "TR", .noun = "transfer receipt",
                .unknown = "UNKNOWN_TRANSFER_RECEIPT",
                .result = "SELECT number, value, 0, value + short_value, 0, 0, 0 FROM store_receipts WHERE id = ?1",
                .digest = { "SELECT number, at, user, expected_id, from_store, transfer_number, location_id, note, value,"
                  " short_value, approved_by FROM store_receipts WHERE id = ?1",
                  "SELECT line, product_id, sent, received, unit_cost FROM store_receipt_lines "
                  "WHERE receipt_id = ?1 ORDER BY line",
                  MOVEMENTS },
                .inventory = "value" },
        [DOC_PURCHASE_ORDER] = { .type = "po", .table = "purchase_orders", .prefix = "P",
                                 .noun = "purchase order", .unknown = "UNKNOWN_PO" },
        [DOC_SALES_ORDER] = { .type = "sales_order", .table = "sales_orders", .prefix = "SO",
                                 .noun = "sales order", .unknown = "UNKNOWN_SO" },
        [DOC_STOCKTAKE] = { .type = "stocktake", .table = "stocktakes", .prefix = "ST",
                                 .noun = "stocktake", .unknown = "UNKNOWN_STOCKTAKE" },
};

const struct doc_kind *doc_kind(enum doc_type t)
{
        return &kinds[t];
}

const struct doc_kind *doc_kind_find(const char *type)
{
        for (size_t i = 0; i < DOC__COUNT; i++)
                if (strcmp(kinds[i].type, type) == 0)
                        return &kinds[i];
        return NULL;
}

void doc_number_of(enum doc_type t, int64_t n, char ret[static DOC_NUMBER_MAX + 1])
{
        snprintf(ret, DOC_NUMBER_MAX + 1, "%s%0*lld", kinds[t].prefix, DOC_NUMBER_DIGITS, (long long)n);
}

int doc_number(struct ledger *l, enum doc_type t, char ret[static DOC_NUMBER_MAX + 1])
{
        int64_t n;
        int r = doc_next_number(l, kinds[t].type, &n);

        if (r < 0)
                return r;
        doc_number_of(t, n, ret);
        return 0;
}

int doc_last_number(struct ledger *l, enum doc_type t, int64_t *ret)
{
        sqlite3_stmt *st = stmt(l, "SELECT last FROM doc_sequences WHERE doc_type = ?1");
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, kinds[t].type, -1, SQLITE_STATIC);
        if ((r = step_one(l, st, "reading a number sequence")) >= 0)
                *ret = r ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

int doc_load_result(struct ledger *l, const char *doc_type, int64_t doc_id, struct doc_result *ret)
{
        const struct doc_kind *k = doc_kind_find(doc_type);
        sqlite3_stmt *st;
        struct doc_result d;
        int rc;

        if (!k || !k->result)
                return fail(l, -EINVAL, "UNKNOWN_DOCUMENT_TYPE", "unknown document type '%s'", doc_type);
        if (!(st = stmt(l, k->result)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, doc_id);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                memset(&d, 0, sizeof(d));
                d.id = doc_id;
                snprintf(d.number, sizeof(d.number), "%s", (const char *)sqlite3_column_text(st, 0));
                d.total = sqlite3_column_int64(st, 1);
                d.tax = sqlite3_column_int64(st, 2);
                d.cost = sqlite3_column_int64(st, 3);
                d.paid = sqlite3_column_int64(st, 4);
                d.change = sqlite3_column_int64(st, 5);
                d.rounding = sqlite3_column_int64(st, 6);
                *ret = d;
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
                return fail(l, -ENOENT, "UNKNOWN_DOCUMENT", "no %s with id %lld", doc_type, (long long)doc_id);
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading a document");
}

int doc_set_total(struct ledger *l, enum doc_type t, int64_t doc_id, int64_t total)
{
        sqlite3_stmt *st;

        char what[64];

        if (!kinds[t].total) /* a posting that closes a kind without one is a mistake of ours */
                return fail(l, -EINVAL, "NO_TOTAL", "a %s has no total to set", kinds[t].noun);
        if (!(st = stmt(l, kinds[t].total)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_int64(st, 2, total);
        snprintf(what, sizeof(what), "recording the total of a %s", kinds[t].noun);
        return step_done(l, st, what);
}

/* ---- reading documents back ---- */

void *doc_free(const struct doc_view *v, void *doc)
{
        void *lines;

        if (doc && v->lines) {
                memcpy(&lines, (char *)doc + v->lines_off, sizeof(lines));
                free(lines);
        }
        free(doc);
        return NULL;
}

static int read_lines(struct ledger *l, const struct doc_view *v, void *doc)
{
        sqlite3_stmt *st = stmt(l, v->lines);
        unsigned char *lines = NULL;
        size_t n = 0, cap = 0;
        char what[64];
        int64_t id;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        memcpy(&id, (char *)doc + v->id_off, sizeof(id));
        sqlite3_bind_int64(st, 1, id);
        /* no cap here: each kind's postings cap its lines, and a document read in part
         * would be acted on as if whole */
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if ((r = grow(l, (void **)&lines, &cap, n, v->line.size)) < 0)
                        break;
                row_read(st, &v->line, lines + n++ * v->line.size);
        }
        sqlite3_reset(st);
        /* the header owns what was read so far, whatever happens next */
        memcpy((char *)doc + v->lines_off, &lines, sizeof(lines));
        memcpy((char *)doc + v->nlines_off, &n, sizeof(n));
        if (r < 0)
                return r;
        snprintf(what, sizeof(what), "reading the lines of a %s", kinds[v->type].noun);
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, what);
}

int doc_get(struct ledger *l, const struct doc_view *v, const char *number, void **ret)
{
        const struct doc_kind *k = &kinds[v->type];
        void *doc = calloc(1, v->head.size);
        sqlite3_stmt *st;
        char what[64];
        int r;

        if (!doc)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        if (!number)
                number = "";
        if (!(st = stmt(l, v->by_number))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        snprintf(what, sizeof(what), "reading a %s", k->noun);
        if ((r = step_one(l, st, what)) == 1)
                row_read(st, &v->head, doc);
        sqlite3_reset(st);
        if (r == 0)
                r = fail(l, -ENOENT, k->unknown, "no %s %.40s", k->noun, number);
        if (r < 0 || (v->lines && (r = read_lines(l, v, doc)) < 0))
                goto fail;
        *ret = doc;
        return 0;
fail:
        doc_free(v, doc);
        return r;
}

int doc_rows(struct ledger *l, const struct doc_view *v, sqlite3_stmt *st, int (*fn)(const void *, void *), void *ud,
             const char *what)
{
        void *row = malloc(v->head.size);
        int rc = SQLITE_DONE, r = 0;

        if (!row)
                r = fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        else
                while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                        row_read(st, &v->head, row);
                        if ((r = fn(row, ud)) != 0)
                                break;
                }
        sqlite3_finalize(st);
        free(row);
        if (r)
                return r;
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, what);
}
