/* The journal: an entry per posted document, chained by SHA-256. An entry's digest covers
 * the document's rows as stored (header, lines, payments, stock movements), so verify
 * notices a document edited after posting as well as an edited or missing entry. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "journal_int.h"
#include "ledger_int.h"

static const char movements_sql[] =
        "SELECT product_id, location_id, qty, unit_cost, at FROM stock_movements "
        "WHERE doc_type = ?2 AND doc_id = ?1 ORDER BY id";

static const struct doc_kind {
        const char *type;
        const char *table; /* holds number and at */
        const char *parts[4];
} kinds[] = {
        { "sale", "sales",
          { "SELECT number, at, lane, user, location_id, total, tax, cost, paid, change, shift_id, rounding "
            "FROM sales WHERE id = ?1",
            "SELECT line, product_id, qty, unit_price, discount, amount, tax_rate_bp, tax, unit_cost, cost "
            "FROM sale_lines WHERE sale_id = ?1 ORDER BY line",
            "SELECT seq, method, amount FROM sale_payments WHERE sale_id = ?1 ORDER BY seq", movements_sql } },
        { "return", "returns",
          { "SELECT number, at, sale_id, lane, user, approved_by, reason, location_id, total, tax, cost, refunded,"
            " shift_id "
            "FROM returns WHERE id = ?1",
            "SELECT line, sale_line, product_id, qty, amount, tax, unit_cost, cost "
            "FROM return_lines WHERE return_id = ?1 ORDER BY line",
            "SELECT seq, method, amount FROM return_refunds WHERE return_id = ?1 ORDER BY seq", movements_sql } },
        { "receipt", "goods_receipts",
          { "SELECT number, at, user, supplier, reference, location_id, total_cost FROM goods_receipts WHERE id = ?1",
            "SELECT line, product_id, qty, unit_cost, amount FROM goods_receipt_lines "
            "WHERE receipt_id = ?1 ORDER BY line",
            movements_sql, NULL } },
        { "cash", "cash_movements",
          { "SELECT number, at, shift_id, kind, amount, reason, user FROM cash_movements WHERE id = ?1", NULL, NULL,
            NULL } },
        { "adjustment", "adjustments",
          { "SELECT number, at, user, reason, location_id, value FROM adjustments WHERE id = ?1", movements_sql,
            NULL, NULL } },
        { "transfer", "transfers",
          { "SELECT number, at, user, location_id, to_location_id, note, value FROM transfers WHERE id = ?1",
            "SELECT line, product_id, qty, unit_cost FROM transfer_lines WHERE transfer_id = ?1 ORDER BY line",
            movements_sql, NULL } },
        { "transfer_in", "transfer_receipts",
          { "SELECT number, at, user, transfer_id, location_id, note, value, short_value "
            "FROM transfer_receipts WHERE id = ?1",
            "SELECT line, product_id, sent, received, unit_cost FROM transfer_receipt_lines "
            "WHERE receipt_id = ?1 ORDER BY line",
            movements_sql, NULL } },
        { "supplier_invoice", "supplier_invoices",
          { "SELECT number, at, user, supplier_id, reference, po_id, due_at, amount, note FROM supplier_invoices "
            "WHERE id = ?1", NULL, NULL, NULL } },
        { "supplier_payment", "supplier_payments",
          { "SELECT number, at, user, supplier_id, method, amount, reference FROM supplier_payments WHERE id = ?1", NULL,
            NULL, NULL } },
        { "shipment", "shipments",
          { "SELECT number, at, user, so_id, location_id, cost FROM shipments WHERE id = ?1",
            "SELECT line, product_id, qty, unit_cost, cost FROM shipment_lines WHERE shipment_id = ?1 ORDER BY line",
            movements_sql, NULL } },
        { "customer_invoice", "customer_invoices",
          { "SELECT number, at, user, customer_id, so_id, due_at, total, tax FROM customer_invoices WHERE id = ?1",
            /* what it bills: the order's lines as they were priced */
            "SELECT ol.line, ol.product_id, ol.qty, ol.unit_price, ol.amount, ol.tax_rate_bp, ol.tax "
            "FROM sales_order_lines ol JOIN customer_invoices i ON i.so_id = ol.so_id WHERE i.id = ?1 ORDER BY ol.line",
            NULL, NULL } },
        { "credit_note", "credit_notes",
          { "SELECT number, at, user, customer_id, so_id, location_id, reason, total, tax, cost FROM credit_notes "
            "WHERE id = ?1",
            "SELECT line, so_line, product_id, qty, amount, tax, unit_cost, cost FROM credit_note_lines "
            "WHERE credit_id = ?1 ORDER BY line",
            movements_sql, NULL } },
        { "supplier_return", "supplier_returns",
          { "SELECT number, at, user, supplier_id, location_id, reason, value FROM supplier_returns WHERE id = ?1",
            "SELECT line, product_id, qty, unit_cost, amount FROM supplier_return_lines WHERE return_id = ?1 "
            "ORDER BY line",
            movements_sql, NULL } },
        { "customer_payment", "customer_payments",
          { "SELECT number, at, user, customer_id, method, amount, reference FROM customer_payments WHERE id = ?1", NULL,
            NULL, NULL } },
};

static const struct doc_kind *doc_kind(const char *type)
{
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
                if (strcmp(kinds[i].type, type) == 0)
                        return &kinds[i];
        return NULL;
}

size_t doc_kind_count(void) { return sizeof(kinds) / sizeof(kinds[0]); }
const char *doc_kind_type(size_t i) { return kinds[i].type; }
const char *doc_kind_table(size_t i) { return kinds[i].table; }

static void hex(const unsigned char *h, char out[static JOURNAL_HASH_HEX])
{
        sodium_bin2hex(out, JOURNAL_HASH_HEX, h, crypto_hash_sha256_BYTES);
}

static void feed_row(crypto_hash_sha256_state *s, sqlite3_stmt *st)
{
        static const unsigned char us = 0x1f, rs = 0x1e, null = 0x00;
        int n = sqlite3_column_count(st);

        for (int c = 0; c < n; c++) {
                if (sqlite3_column_type(st, c) == SQLITE_NULL)
                        crypto_hash_sha256_update(s, &null, 1);
                else
                        crypto_hash_sha256_update(s, sqlite3_column_text(st, c), (size_t)sqlite3_column_bytes(st, c));
                crypto_hash_sha256_update(s, &us, 1);
        }
        crypto_hash_sha256_update(s, &rs, 1);
}

int journal_digest(struct ledger *l, const char *doc_type, int64_t doc_id, char ret[static JOURNAL_HASH_HEX])
{
        const struct doc_kind *k = doc_kind(doc_type);
        crypto_hash_sha256_state s;
        unsigned char h[crypto_hash_sha256_BYTES];
        int rc = SQLITE_DONE;

        if (!k)
                return fail(l, -EINVAL, "UNKNOWN_DOCUMENT_TYPE", "unknown document type '%s'", doc_type);
        crypto_hash_sha256_init(&s);
        for (int i = 0; i < 4 && k->parts[i]; i++) {
                sqlite3_stmt *st = stmt(l, k->parts[i]);
                if (!st)
                        return l->e.num;
                sqlite3_bind_int64(st, 1, doc_id);
                if (k->parts[i] == movements_sql)
                        sqlite3_bind_text(st, 2, doc_type, -1, SQLITE_STATIC);
                while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                        feed_row(&s, st);
                sqlite3_reset(st);
                if (rc != SQLITE_DONE)
                        return fail_sql(l, rc, "reading a document for the journal");
                crypto_hash_sha256_update(&s, (const unsigned char *)"\x1d", 1);
        }
        crypto_hash_sha256_final(&s, h);
        hex(h, ret);
        return 0;
}

void journal_chain_hash(const char *prev, const char *doc_type, int64_t doc_id, const char *number, int64_t at,
                        const char *digest, char ret[static JOURNAL_HASH_HEX])
{
        crypto_hash_sha256_state s;
        unsigned char h[crypto_hash_sha256_BYTES];
        char buf[64];

        crypto_hash_sha256_init(&s);
        crypto_hash_sha256_update(&s, (const unsigned char *)prev, strlen(prev));
        crypto_hash_sha256_update(&s, (const unsigned char *)doc_type, strlen(doc_type) + 1);
        snprintf(buf, sizeof(buf), "%lld|%lld|", (long long)doc_id, (long long)at);
        crypto_hash_sha256_update(&s, (const unsigned char *)buf, strlen(buf));
        crypto_hash_sha256_update(&s, (const unsigned char *)number, strlen(number) + 1);
        crypto_hash_sha256_update(&s, (const unsigned char *)digest, strlen(digest));
        crypto_hash_sha256_final(&s, h);
        hex(h, ret);
}

int journal_append(struct ledger *l, const char *doc_type, int64_t doc_id, const char *number, int64_t at)
{
        static const char last[] = "SELECT hash FROM journal ORDER BY id DESC LIMIT 1";
        static const char ins[] =
                "INSERT INTO journal(at, doc_type, doc_id, number, digest, prev_hash, hash) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        char prev[JOURNAL_HASH_HEX], digest[JOURNAL_HASH_HEX], hash[JOURNAL_HASH_HEX];
        sqlite3_stmt *st;
        int r, rc;

        if ((r = journal_digest(l, doc_type, doc_id, digest)) < 0)
                return r;
        if (!(st = stmt(l, last)))
                return l->e.num;
        rc = sqlite3_step(st);
        snprintf(prev, sizeof(prev), "%s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : JOURNAL_GENESIS);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return fail_sql(l, rc, "reading the journal");
        journal_chain_hash(prev, doc_type, doc_id, number, at, digest, hash);
        if (!(st = stmt(l, ins)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, at);
        sqlite3_bind_text(st, 2, doc_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, doc_id);
        sqlite3_bind_text(st, 4, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, digest, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, hash, -1, SQLITE_TRANSIENT);
        return step_done(l, st, "writing the journal");
}
