/* Stock movements, the ledger of stock: each one appended with its document and its
 * value, the cached level and value and the batches it moves kept in the same
 * transaction. Each allocation is a row of movement_batches beside its movement, and
 * batch_stock follows it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/money.h"
#include "ledger/posting_int.h"

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

/* A product's average cost, and its stock over every location and at one: quantities
 * and what they are worth. */
struct holding {
        int64_t avg, qty, value, here_qty, here_value;
};

static int holding(struct ledger *l, int64_t product_id, int64_t location_id, struct holding *ret)
{
        static const char sql[] =
                "SELECT p.avg_cost, coalesce(sum(h.qty), 0), coalesce(sum(h.value), 0),"
                " coalesce(sum(h.qty) FILTER (WHERE h.location_id = ?2), 0),"
                " coalesce(sum(h.value) FILTER (WHERE h.location_id = ?2), 0) "
                "FROM products p LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, location_id);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW)
                *ret = (struct holding){ sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                         sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                                         sqlite3_column_int64(st, 4) };
        sqlite3_reset(st);
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading the stock's value");
}

/* Append the movement, spread it over batches, keep the location's level and value. */
static int record(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
                  int64_t unit_cost, int64_t value, const struct batch_src *src, int64_t *ret_on_hand)
{
        static const char ins[] =
                "INSERT INTO stock_movements(product_id, location_id, qty, unit_cost, doc_type, doc_id, at, value) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        static const char upd[] =
                "INSERT INTO stock_on_hand(product_id, location_id, qty, value) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT(product_id, location_id) DO UPDATE SET qty = qty + excluded.qty, "
                "value = value + excluded.value RETURNING qty";
        sqlite3_stmt *st;
        int64_t mid;
        int r, rc;

        if (!(st = stmt(l, ins)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, p->location_id);
        sqlite3_bind_int64(st, 3, qty);
        sqlite3_bind_int64(st, 4, unit_cost);
        sqlite3_bind_text(st, 5, p->doc_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, doc_id);
        sqlite3_bind_int64(st, 7, p->at);
        sqlite3_bind_int64(st, 8, value);
        if ((r = step_done(l, st, "recording a stock movement")) < 0)
                return r;
        mid = sqlite3_last_insert_rowid(l->db);
        if (qty < 0)
                r = batch_take(l, mid, product_id, p->location_id, -qty);
        else if (src && src->batch_id)
                r = batch_put(l, mid, src->batch_id, p->location_id, qty);
        else if (src && src->doc_type)
                r = batch_put_back(l, mid, product_id, p->location_id, qty, src->doc_type, src->doc_id);
        if (r < 0)
                return r;
        if (!(st = stmt(l, upd)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, p->location_id);
        sqlite3_bind_int64(st, 3, qty);
        sqlite3_bind_int64(st, 4, value);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && ret_on_hand)
                *ret_on_hand = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "updating stock on hand");
}

int stock_in(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
             int64_t unit_cost, int64_t value, const struct batch_src *src, int64_t *ret_on_hand)
{
        static const char set[] = "UPDATE products SET avg_cost = ?2 WHERE id = ?1";
        struct holding h;
        sqlite3_stmt *st;
        int64_t avg;
        int r;

        if ((r = holding(l, product_id, p->location_id, &h)) < 0 ||
            (r = record(l, p, doc_id, product_id, qty, unit_cost, value, src, ret_on_hand)) < 0)
                return r;
        /* stock at or below zero has no value of its own to average with */
        if (h.qty <= 0 || muldiv_round(h.value + value, 1000, h.qty + qty, &avg) < 0)
                avg = unit_cost;
        if (avg < 0)
                avg = 0;
        if (avg == h.avg)
                return 0;
        if (!(st = stmt(l, set)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, avg);
        return step_done(l, st, "updating the average cost");
}

int stock_out(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
              int64_t *ret_value, int64_t *ret_on_hand)
{
        struct holding h;
        int64_t value, short_by;
        int r;

        if ((r = holding(l, product_id, p->location_id, &h)) < 0)
                return r;
        /* while the location keeps some, its share of what its stock is worth; else all it
         * is worth, leaving what it is short of at the average: no rounding stays behind,
         * and what a sale ahead of the goods was valued at comes right with the next */
        if (h.here_qty > qty)
                r = muldiv_round(h.here_value, qty, h.here_qty, &value);
        else if ((r = line_amount(h.here_qty - qty, h.avg, &short_by)) == 0)
                value = h.here_value - short_by;
        if (r < 0 || value > MONEY_MAX || value < -MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the value of the stock moved is out of range");
        if ((r = record(l, p, doc_id, product_id, -qty, h.avg, -value, NULL, ret_on_hand)) < 0)
                return r;
        *ret_value = value;
        return 0;
}
