/* What every posting shares. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "money.h"
#include "checkout_int.h"

const char *tender_name(enum tender t)
{
        static const char *const names[] = { "cash", "card", "other" };
        return (unsigned)t < TENDER__COUNT ? names[t] : "?";
}

int tender_parse(const char *s, enum tender *ret)
{
        for (int t = 0; t < TENDER__COUNT; t++)
                if (s && strcmp(s, tender_name((enum tender)t)) == 0) {
                        *ret = (enum tender)t;
                        return 0;
                }
        return -EINVAL;
}

void req_str(struct posting *p, const char *s)
{
        unsigned char z = 0x1f;

        if (s)
                crypto_hash_sha256_update(&p->req, (const unsigned char *)s, strlen(s));
        crypto_hash_sha256_update(&p->req, &z, 1);
}

void req_int(struct posting *p, int64_t v)
{
        char buf[24];

        snprintf(buf, sizeof(buf), "%lld", (long long)v);
        req_str(p, buf);
}

int check_qty(struct ledger *l, int64_t qty, size_t line, bool allow_negative)
{
        if ((qty <= 0 && !allow_negative) || qty == 0 || qty > QTY_MAX || qty < -QTY_MAX)
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: quantity must be %s and at most %lld", line,
                            allow_negative ? "non-zero" : "positive", (long long)(QTY_MAX / 1000));
        return 0;
}

int posting_init(struct ledger *l, struct posting *p, enum doc_type type, const struct doc_head *h)
{
        int r;

        clear_err(l);
        memset(p, 0, sizeof(*p));
        p->type = type;
        p->doc_type = doc_kind(type)->type;
        p->h = h;
        if ((r = check_text(l, "idempotency key", h->idem_key, IDEM_KEY_MAX, false)) < 0 ||
            (r = check_text(l, "user", h->user, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "lane", h->lane, CODE_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "location", h->location, CODE_MAX_LEN, false)) < 0)
                return r;
        if (h->at_ms < 0 || h->at_ms > TIME_MAX_MS)
                return fail(l, -EINVAL, "BAD_TIME", "a document's time is between 1970 and the year 9999");
        p->at = h->at_ms ? h->at_ms : ledger_now_ms(l);
        crypto_hash_sha256_init(&p->req);
        req_str(p, p->doc_type);
        req_str(p, h->user);
        req_str(p, h->lane);
        req_str(p, h->location);
        return 0;
}

int posting_abort(struct ledger *l, int r)
{
        tx_rollback(l);
        return r;
}

/* 1 and the document id if the key is known, 0 if not. */
static int idem_find(struct ledger *l, struct posting *p, int64_t *ret_id)
{
        static const char sql[] = "SELECT doc_type, doc_id, request_hash FROM idempotency WHERE key = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int rc, r = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, p->h->idem_key, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const void *hash = sqlite3_column_blob(st, 2);
                if (strcmp((const char *)sqlite3_column_text(st, 0), p->doc_type) != 0 ||
                    sqlite3_column_bytes(st, 2) != (int)sizeof(p->req_hash) ||
                    memcmp(hash, p->req_hash, sizeof(p->req_hash)) != 0)
                        r = fail(l, -EEXIST, "IDEMPOTENCY_KEY_REUSED",
                                 "idempotency key '%s' was already used for a different request", p->h->idem_key);
                else {
                        *ret_id = sqlite3_column_int64(st, 1);
                        r = 1;
                }
        } else if (rc != SQLITE_DONE) {
                r = fail_sql(l, rc, "looking up the idempotency key");
        }
        sqlite3_reset(st);
        return r;
}

int posting_begin(struct ledger *l, struct posting *p, struct doc_result *ret)
{
        int64_t id = 0;
        int r;

        crypto_hash_sha256_final(&p->req, p->req_hash);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = location_find(l, p->h->location, &p->location_id)) < 0)
                return posting_abort(l, r);
        if (!p->h->idem_key || !*p->h->idem_key)
                return 0;
        if ((r = idem_find(l, p, &id)) <= 0)
                return r < 0 ? posting_abort(l, r) : 0;
        r = doc_load_result(l, p->doc_type, id, ret);
        tx_rollback(l);
        if (r < 0)
                return r;
        ret->replayed = true;
        return 1;
}

static int idem_record(struct ledger *l, struct posting *p, int64_t doc_id)
{
        static const char sql[] =
                "INSERT INTO idempotency(key, doc_type, doc_id, request_hash, at) VALUES (?1, ?2, ?3, ?4, ?5)";
        sqlite3_stmt *st;

        if (!p->h->idem_key || !*p->h->idem_key)
                return 0;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, p->h->idem_key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, p->doc_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, doc_id);
        sqlite3_bind_blob(st, 4, p->req_hash, sizeof(p->req_hash), SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, p->at);
        return step_done(l, st, "recording the idempotency key");
}

/* COMMIT failed and was rolled back: the document is there only if the key says so. */
static int settle(struct ledger *l, struct posting *p, int commit_err, struct doc_result *ret)
{
        struct ledger_error first = l->e;
        int64_t id = 0;
        int r;

        if (!p->h->idem_key || !*p->h->idem_key)
                return fail(l, commit_err, "OUTCOME_UNKNOWN",
                            "%s; without an idempotency key it cannot be told whether it was posted", first.msg);
        r = idem_find(l, p, &id);
        if (r == 0) {
                l->e = first;
                return commit_err; /* not posted: the client may retry */
        }
        if (r < 0)
                return fail(l, -EIO, "OUTCOME_UNKNOWN",
                            "%s; retry with the same idempotency key once storage is back", first.msg);
        if ((r = doc_load_result(l, p->doc_type, id, ret)) < 0)
                return r;
        clear_err(l);
        return 0;
}

int posting_end(struct ledger *l, struct posting *p, int64_t doc_id, struct doc_result *ret)
{
        struct doc_result res;
        int r;

        if ((r = idem_record(l, p, doc_id)) < 0 || (r = doc_load_result(l, p->doc_type, doc_id, &res)) < 0 ||
            (r = journal_append(l, p->doc_type, doc_id, res.number, p->at)) < 0)
                return posting_abort(l, r);
        if ((r = tx_commit(l)) < 0)
                return settle(l, p, r, ret);
        *ret = res;
        return 0;
}

int shift_still_open(struct ledger *l, int64_t shift_id)
{
        static const char sql[] = "SELECT 1 FROM shifts WHERE id = ?1 AND closed_at IS NULL";
        sqlite3_stmt *st;
        int r;

        if (!shift_id)
                return 0;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, shift_id);
        r = step_one(l, st, "checking the shift");
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "NO_OPEN_SHIFT", "the shift was closed: open a new one first");
        return r < 0 ? r : 0;
}

int stock_move(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
               int64_t unit_cost, int64_t *ret_on_hand)
{
        return stock_move_batch(l, p, doc_id, product_id, qty, unit_cost, NULL, ret_on_hand);
}

int stock_move_batch(struct ledger *l, const struct posting *p, int64_t doc_id, int64_t product_id, int64_t qty,
                     int64_t unit_cost, const struct batch_src *src, int64_t *ret_on_hand)
{
        static const char ins[] =
                "INSERT INTO stock_movements(product_id, location_id, qty, unit_cost, doc_type, doc_id, at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        static const char upd[] =
                "INSERT INTO stock_on_hand(product_id, location_id, qty) VALUES (?1, ?2, ?3) "
                "ON CONFLICT(product_id, location_id) DO UPDATE SET qty = qty + excluded.qty RETURNING qty";
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
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && ret_on_hand)
                *ret_on_hand = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "updating stock on hand");
}

int avg_cost_receive(struct ledger *l, int64_t product_id, int64_t qty, int64_t unit_cost)
{
        static const char get[] =
                "SELECT p.avg_cost, coalesce((SELECT sum(qty) FROM stock_on_hand WHERE product_id = p.id), 0) "
                "FROM products p WHERE p.id = ?1";
        static const char set[] = "UPDATE products SET avg_cost = ?2 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, get);
        int64_t avg, on_hand, value_before, value_in, total;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        rc = sqlite3_step(st);
        avg = sqlite3_column_int64(st, 0);
        on_hand = sqlite3_column_int64(st, 1);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading the average cost");
        /* Stock at or below zero carries no value to average with. */
        if (on_hand > 0 && line_amount(on_hand, avg, &value_before) == 0 &&
            line_amount(qty, unit_cost, &value_in) == 0) {
                total = on_hand + qty;
                if (muldiv_round(value_before + value_in, 1000, total, &avg) < 0)
                        avg = unit_cost;
        } else {
                avg = unit_cost;
        }
        if (!(st = stmt(l, set)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, avg < 0 ? 0 : avg);
        return step_done(l, st, "updating the average cost");
}

int sale_id_by_number(struct ledger *l, const char *number, int64_t *ret_id)
{
        static const char sql[] = "SELECT id FROM sales WHERE number = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number ? number : "", -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding a sale")) == 1)
                *ret_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_SALE", "no sale numbered %.40s", number ? number : "");
        return r < 0 ? r : 0;
}

int sale_result_by_number(struct ledger *l, const char *number, struct doc_result *ret)
{
        int64_t id;
        int r = sale_id_by_number(l, number, &id);

        return r < 0 ? r : doc_load_result(l, "sale", id, ret);
}
