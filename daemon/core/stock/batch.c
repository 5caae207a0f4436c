/* Batches: see batch.h. Stock moves in and out of them with its movements (ledger). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "stock/batch.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"

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
                utf8_cut(b.sku, sizeof(b.sku), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(b.name, sizeof(b.name), (const char *)sqlite3_column_text(st, 1));
                utf8_cut(b.unit, sizeof(b.unit), (const char *)sqlite3_column_text(st, 2));
                utf8_cut(b.lot, sizeof(b.lot), (const char *)sqlite3_column_text(st, 3));
                utf8_cut(b.location, sizeof(b.location), (const char *)sqlite3_column_text(st, 4));
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
