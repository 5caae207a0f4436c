/* Batches: see batch.h. Each allocation is a row of movement_batches beside its stock
 * movement, and batch_stock follows it in the same transaction. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "money.h"
#include "posting_int.h"

/* qty (signed) of a movement in or out of a batch at a location; src names the document
 * it is put back for, or is NULL */
static int allocate(struct ledger *l, int64_t movement_id, int64_t batch_id, int64_t location_id, int64_t qty,
                    const char *src_type, int64_t src_id)
{
        static const char ins[] =
                "INSERT INTO movement_batches(movement_id, batch_id, qty, src_type, src_id) VALUES (?1, ?2, ?3, ?4, ?5)";
        static const char upd[] =
                "INSERT INTO batch_stock(batch_id, location_id, qty) VALUES (?1, ?2, ?3) "
                "ON CONFLICT(batch_id, location_id) DO UPDATE SET qty = qty + excluded.qty";
        sqlite3_stmt *st = stmt(l, ins);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, movement_id);
        sqlite3_bind_int64(st, 2, batch_id);
        sqlite3_bind_int64(st, 3, qty);
        bind_text_or_null(st, 4, src_type);
        if (src_type)
                sqlite3_bind_int64(st, 5, src_id);
        else
                sqlite3_bind_null(st, 5);
        if ((r = step_done(l, st, "recording a batch movement")) < 0 || !(st = stmt(l, upd)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, batch_id);
        sqlite3_bind_int64(st, 2, location_id);
        sqlite3_bind_int64(st, 3, qty);
        return step_done(l, st, "updating batch stock");
}

#define SPREAD_PAGE 64

/* Walk the candidate batches (batch id, quantity available) st gives, in its order,
 * taking up to *qty (sign: the direction of the allocation), a page at a time until no
 * candidate is left. What no batch holds stays outside batches. */
static int spread(struct ledger *l, sqlite3_stmt *st, int64_t movement_id, int64_t location_id, int64_t qty, int sign,
                  const char *src_type, int64_t src_id)
{
        int64_t ids[SPREAD_PAGE], avail[SPREAD_PAGE];
        int n, rc, r = 0;

        do {
                /* read a page first: the allocations write to the tables being read */
                for (n = 0; n < SPREAD_PAGE && (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
                        ids[n] = sqlite3_column_int64(st, 0);
                        avail[n] = sqlite3_column_int64(st, 1);
                }
                if (n < SPREAD_PAGE && rc != SQLITE_DONE)
                        r = fail_sql(l, rc, "reading batches");
                sqlite3_reset(st);
                for (int i = 0; r == 0 && i < n && qty > 0; i++) {
                        int64_t q = avail[i] < qty ? avail[i] : qty;
                        if (q > 0 && (r = allocate(l, movement_id, ids[i], location_id, sign * q, src_type, src_id)) == 0)
                                qty -= q;
                }
        } while (r == 0 && n == SPREAD_PAGE && qty > 0);
        return r;
}

int batch_take(struct ledger *l, int64_t movement_id, int64_t product_id, int64_t location_id, int64_t qty)
{
        static const char sql[] =
                "SELECT b.id, bs.qty FROM batches b JOIN batch_stock bs ON bs.batch_id = b.id AND bs.location_id = ?2 "
                "WHERE b.product_id = ?1 AND bs.qty > 0 ORDER BY b.expires_at IS NULL, b.expires_at, b.id LIMIT 64";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, location_id);
        return spread(l, st, movement_id, location_id, qty, -1, NULL, 0);
}

int batch_put(struct ledger *l, int64_t movement_id, int64_t batch_id, int64_t location_id, int64_t qty)
{
        return allocate(l, movement_id, batch_id, location_id, qty, NULL, 0);
}

int batch_put_back(struct ledger *l, int64_t movement_id, int64_t product_id, int64_t location_id, int64_t qty,
                   const char *doc_type, int64_t doc_id)
{
        /* what the document took from each batch, less what was put back for it before;
         * the latest-expiring first: under earliest-first they were the last taken */
        static const char sql[] =
                "SELECT t.batch_id, t.taken - coalesce(r.back, 0) FROM"
                " (SELECT mb.batch_id, -sum(mb.qty) AS taken FROM movement_batches mb"
                "  JOIN stock_movements m ON m.id = mb.movement_id"
                "  WHERE m.doc_type = ?1 AND m.doc_id = ?2 AND m.product_id = ?3"
                "  GROUP BY mb.batch_id HAVING sum(mb.qty) < 0) t"
                " JOIN batches b ON b.id = t.batch_id"
                " LEFT JOIN (SELECT batch_id, sum(qty) AS back FROM movement_batches"
                "  WHERE src_type = ?1 AND src_id = ?2 GROUP BY batch_id) r ON r.batch_id = t.batch_id "
                "WHERE t.taken - coalesce(r.back, 0) > 0 "
                "ORDER BY b.expires_at IS NULL DESC, b.expires_at DESC, b.id DESC LIMIT 64";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, doc_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, doc_id);
        sqlite3_bind_int64(st, 3, product_id);
        return spread(l, st, movement_id, location_id, qty, 1, doc_type, doc_id);
}

int batch_find(struct ledger *l, int64_t product_id, const char *lot, int64_t expires_at, int64_t *ret_id)
{
        static const char find[] = "SELECT id, coalesce(expires_at, 0) FROM batches WHERE product_id = ?1 AND lot = ?2";
        static const char add[] =
                "INSERT INTO batches(product_id, lot, expires_at, created_at) VALUES (?1, ?2, nullif(?3, 0), ?4)";
        sqlite3_stmt *st = stmt(l, find);
        int64_t had = 0;
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_text(st, 2, lot, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding a batch")) == 1) {
                *ret_id = sqlite3_column_int64(st, 0);
                had = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        if (r < 0)
                return r;
        if (r == 1)
                return expires_at && had != expires_at
                               ? fail(l, -EINVAL, "BATCH_EXPIRY_MISMATCH", "lot %s came in before with another expiry", lot)
                               : 0;
        if (!(st = stmt(l, add)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_text(st, 2, lot, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, expires_at);
        sqlite3_bind_int64(st, 4, ledger_now_ms(l));
        if ((r = step_done(l, st, "adding a batch")) < 0)
                return r;
        *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

/* ---- reading ---- */

#define LEVEL_FIELDS                                                                                            \
        "SELECT p.sku, p.name, p.unit, b.lot, loc.code, coalesce(b.expires_at, 0), bs.qty, p.avg_cost "         \
        "FROM batch_stock bs JOIN batches b ON b.id = bs.batch_id JOIN products p ON p.id = b.product_id "     \
        "JOIN locations loc ON loc.id = bs.location_id "

static int levels(struct ledger *l, sqlite3_stmt *st, int (*fn)(const struct batch_level *, void *), void *ud)
{
        struct batch_level b;
        int rc, r = 0;

        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&b, 0, sizeof(b));
                snprintf(b.sku, sizeof(b.sku), "%s", (const char *)sqlite3_column_text(st, 0));
                snprintf(b.name, sizeof(b.name), "%s", (const char *)sqlite3_column_text(st, 1));
                snprintf(b.unit, sizeof(b.unit), "%s", (const char *)sqlite3_column_text(st, 2));
                snprintf(b.lot, sizeof(b.lot), "%s", (const char *)sqlite3_column_text(st, 3));
                snprintf(b.location, sizeof(b.location), "%s", (const char *)sqlite3_column_text(st, 4));
                b.expires_at = sqlite3_column_int64(st, 5);
                b.qty = sqlite3_column_int64(st, 6);
                if (line_amount(b.qty, sqlite3_column_int64(st, 7), &b.value) < 0)
                        b.value = 0;
                if ((r = fn(&b, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "reading batches");
}

int batch_levels(struct ledger *l, int64_t product_id, int (*fn)(const struct batch_level *, void *), void *ud)
{
        static const char sql[] = LEVEL_FIELDS "WHERE b.product_id = ?1 AND bs.qty <> 0 "
                                               "ORDER BY b.expires_at IS NULL, b.expires_at, b.id, loc.id";
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        return levels(l, st, fn, ud);
}

int batch_expiring(struct ledger *l, int64_t before, int limit, int (*fn)(const struct batch_level *, void *),
                   void *ud)
{
        static const char sql[] = LEVEL_FIELDS "WHERE b.expires_at < ?1 AND bs.qty > 0 "
                                               "ORDER BY b.expires_at, p.sku, loc.id LIMIT ?2";
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, before);
        sqlite3_bind_int(st, 2, limit);
        return levels(l, st, fn, ud);
}
