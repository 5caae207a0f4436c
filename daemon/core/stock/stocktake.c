/* Stocktakes: see stocktake.h. The lines are working data until posting; what is posted
 * is an ordinary adjustment, journalled like any other. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/money.h"
#include "stock/stock_int.h"
#include "stock/stocktake.h"

/* What the counting and posting need beyond struct stocktake. */
struct head {
        int64_t id, location_id, category_id, last_movement;
        char state[16];
        char location[CODE_MAX_LEN + 1];
};

/* A line's variance, counted - frozen - moved, and the cost it is valued at. */
#define VARIANCE "(sl.counted - sl.frozen - sl.moved)"
#define COST "coalesce(sl.unit_cost, p.avg_cost)"

#define STOCKTAKE_FIELDS                                                                                  \
        "SELECT s.id, s.number, l.code, coalesce(c.name, ''), s.state, s.note, coalesce(s.started_by, ''),"  \
        " coalesce(s.closed_by, ''), coalesce(a.number, ''), s.started_at, coalesce(s.closed_at, 0),"       \
        " count(sl.product_id), count(sl.counted),"                                                          \
        " coalesce(sum(sl.counted IS NOT NULL AND " VARIANCE " <> 0), 0),"                                  \
        " coalesce(sum(CASE WHEN " VARIANCE " > 0 THEN " SQL_LINE_AMOUNT(VARIANCE, COST) " END), 0),"        \
        " coalesce(sum(CASE WHEN " VARIANCE " < 0 THEN " SQL_LINE_AMOUNT(VARIANCE, COST) " END), 0) "        \
        "FROM stocktakes s JOIN locations l ON l.id = s.location_id "                                        \
        "LEFT JOIN categories c ON c.id = s.category_id LEFT JOIN adjustments a ON a.id = s.adjustment_id "   \
        "LEFT JOIN stocktake_lines sl ON sl.stocktake_id = s.id LEFT JOIN products p ON p.id = sl.product_id "

#define S struct stocktake
static const struct col stocktake_cols[] = {
        COL_I64(S, id),            COL_TEXT(S, number),    COL_TEXT(S, location),   COL_TEXT(S, category),
        COL_TEXT(S, state),        COL_TEXT(S, note),      COL_TEXT(S, started_by), COL_TEXT(S, closed_by),
        COL_TEXT(S, adjustment),   COL_I64(S, started_at), COL_I64(S, closed_at),   COL_I64(S, lines),
        COL_I64(S, counted),       COL_I64(S, variance_lines), COL_I64(S, gain),    COL_I64(S, loss),
};
static const struct doc_view stocktake_view = {
        DOC_STOCKTAKE, STOCKTAKE_FIELDS "WHERE s.number = ?1 GROUP BY s.id", ROW_SHAPE(S, stocktake_cols),
        .lines = NULL,
};
#undef S

int stocktake_get(struct ledger *l, const char *number, struct stocktake *ret)
{
        void *s = NULL;
        int r = doc_get(l, &stocktake_view, number, &s);

        if (r == 0)
                memcpy(ret, s, sizeof(*ret));
        free(s);
        return r;
}

struct stocktake_each { int (*fn)(const struct stocktake *, void *); void *ud; };
static int stocktake_row(const void *row, void *ud) { const struct stocktake_each *e = ud; return e->fn(row, e->ud); }

int stocktake_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct stocktake *, void *),
                   void *ud)
{
        static const char sql[] =
                STOCKTAKE_FIELDS "WHERE ?1 = '' OR s.state = ?1 GROUP BY s.id ORDER BY s.id DESC LIMIT ?2";
        struct stocktake_each e = { fn, ud };
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, state ? state : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, limit);
        return doc_rows(l, &stocktake_view, st, stocktake_row, &e, "listing stocktakes");
}

static const struct col head_cols[] = {
        COL_I64(struct head, id),            COL_I64(struct head, location_id), COL_I64(struct head, category_id),
        COL_I64(struct head, last_movement), COL_TEXT(struct head, state),      COL_TEXT(struct head, location),
};
static const struct row_shape head_row = ROW_SHAPE(struct head, head_cols);

static int head_get(struct ledger *l, const char *number, struct head *ret)
{
        static const char sql[] =
                "SELECT s.id, s.location_id, coalesce(s.category_id, 0), s.last_movement, s.state, l.code "
                "FROM stocktakes s JOIN locations l ON l.id = s.location_id WHERE s.number = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number ? number : "", -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a stocktake")) == 1)
                row_read(st, &head_row, ret);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_STOCKTAKE", "no stocktake %.40s", number ? number : "");
        if (r == 1 && strcmp(ret->state, "counting"))
                return fail(l, -EBUSY, "STOCKTAKE_CLOSED", "stocktake %.40s is already %s", number,
                            ret->state);
        return r < 0 ? r : 0;
}

int stocktake_start(struct ledger *l, const struct actor *a, const char *location, const char *category,
                    const char *note, struct stocktake *ret)
{
        static const char ins[] =
                "INSERT INTO stocktakes(number, location_id, category_id, note, last_movement, started_at, started_by) "
                "VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(id), 0) FROM stock_movements), ?5, ?6)";
        /* Products at zero are left off: one counted later joins with zero frozen. */
        static const char freeze[] =
                "INSERT INTO stocktake_lines(stocktake_id, product_id, frozen) "
                "SELECT ?1, s.product_id, s.qty FROM stock_on_hand s JOIN products p ON p.id = s.product_id "
                "WHERE s.location_id = ?2 AND s.qty <> 0 AND (?3 = 0 OR p.category_id = ?3)";
        char number[DOC_NUMBER_MAX + 1];
        int64_t loc, cat = 0, id;
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = need_manager(l, a, "starting a stocktake")) < 0 ||
            (r = check_text(l, "note", note, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "category", category, NAME_MAX_LEN, false)) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = location_find(l, location, &loc)) < 0 || (category && *category && (r = category_find(l, category, &cat)) < 0) ||
            (r = doc_number(l, DOC_STOCKTAKE, number)) < 0)
                goto fail;
        if (!(st = stmt(l, ins))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, loc);
        if (cat)
                sqlite3_bind_int64(st, 3, cat);
        else
                sqlite3_bind_null(st, 3);
        sqlite3_bind_text(st, 4, note ? note : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, ledger_now_ms(l));
        sqlite3_bind_text(st, 6, a->user, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "starting a stocktake")) < 0) {
                if (r == -EEXIST)
                        r = fail(l, -EBUSY, "STOCKTAKE_OPEN",
                                 "a stocktake of this location is being counted: post or cancel it first");
                goto fail;
        }
        id = sqlite3_last_insert_rowid(l->db);
        if (!(st = stmt(l, freeze))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, loc);
        sqlite3_bind_int64(st, 3, cat);
        if ((r = step_done(l, st, "freezing the books for a stocktake")) < 0 ||
            (r = audit_add(l, a, "stocktake_start", "%s%s%s", number, cat ? " of " : "", cat ? category : "")) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return stocktake_get(l, number, ret);
fail:
        tx_rollback(l);
        return r;
}

static void line_from_row(sqlite3_stmt *st, struct stocktake_line *ln)
{
        memset(ln, 0, sizeof(*ln));
        utf8_cut(ln->sku, sizeof(ln->sku), (const char *)sqlite3_column_text(st, 0));
        utf8_cut(ln->name, sizeof(ln->name), (const char *)sqlite3_column_text(st, 1));
        utf8_cut(ln->unit, sizeof(ln->unit), (const char *)sqlite3_column_text(st, 2));
        ln->frozen = sqlite3_column_int64(st, 3);
        ln->moved = sqlite3_column_int64(st, 4);
        ln->expected = ln->frozen + ln->moved;
        ln->counted = sqlite3_column_type(st, 5) != SQLITE_NULL;
        ln->qty = sqlite3_column_int64(st, 5);
        ln->unit_cost = sqlite3_column_int64(st, 6);
        if (ln->counted) {
                ln->variance = ln->qty - ln->expected;
                if (line_amount(ln->variance, ln->unit_cost, &ln->value) < 0)
                        ln->value = 0;
        }
}

#define LINE_FIELDS                                                                                          \
        "SELECT p.sku, p.name, p.unit, sl.frozen, sl.moved, sl.counted, " COST " "                         \
        "FROM stocktake_lines sl JOIN products p ON p.id = sl.product_id "

int stocktake_lines(struct ledger *l, const char *number, enum stocktake_filter f, int limit, int offset,
                    int (*fn)(const struct stocktake_line *, void *), void *ud)
{
        static const char sql[] =
                LINE_FIELDS "JOIN stocktakes s ON s.id = sl.stocktake_id WHERE s.number = ?1 AND (?2 = 0"
                " OR (?2 = 1 AND sl.counted IS NOT NULL) OR (?2 = 2 AND sl.counted IS NULL)"
                " OR (?2 = 3 AND sl.counted IS NOT NULL AND " VARIANCE " <> 0)) "
                "ORDER BY p.sku LIMIT ?3 OFFSET ?4";
        struct stocktake_line ln;
        sqlite3_stmt *st = stmt_own(l, sql);
        int rc, r = 0, n = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, (int)f);
        sqlite3_bind_int(st, 3, limit);
        sqlite3_bind_int(st, 4, offset);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                line_from_row(st, &ln);
                if ((r = fn(&ln, ud)) != 0)
                        break;
                n++;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? n : fail_sql(l, rc, "reading a stocktake");
}

/* The product a counted code names, the quantity the code itself carries (0: none), and
 * a case's contents (0: a single item). */
static int resolve(struct ledger *l, const char *code, struct product *ret, int64_t *ret_qty, int64_t *ret_pack)
{
        struct scan_result sr;
        int r = catalog_lookup_barcode(l, code, &sr);

        if (r == 0) {
                *ret = sr.product;
                *ret_qty = sr.has_qty ? sr.qty : 0;
                *ret_pack = sr.pack;
                return 0;
        }
        clear_err(l);
        *ret_qty = *ret_pack = 0;
        if ((r = product_get_by_sku(l, code, ret)) == -ENOENT)
                return fail(l, -ENOENT, "UNKNOWN_CODE", "no product with barcode or SKU %.48s", code);
        return r;
}

static int moved_since(struct ledger *l, const struct head *h, int64_t product_id, int64_t *ret)
{
        static const char sql[] =
                "SELECT coalesce(sum(qty), 0) FROM stock_movements "
                "WHERE product_id = ?1 AND location_id = ?2 AND id > ?3";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, h->location_id);
        sqlite3_bind_int64(st, 3, h->last_movement);
        if ((r = step_one(l, st, "reading what moved during a stocktake")) == 1)
                *ret = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

static int product_in_category(struct ledger *l, int64_t product_id, int64_t category_id)
{
        static const char sql[] = "SELECT category_id IS ?2 FROM products WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, category_id);
        if ((r = step_one(l, st, "checking a category")) == 1)
                r = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        return r;
}

static int line_get(struct ledger *l, int64_t stocktake_id, int64_t product_id, struct stocktake_line *ret)
{
        static const char sql[] = LINE_FIELDS "WHERE sl.stocktake_id = ?1 AND sl.product_id = ?2";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, stocktake_id);
        sqlite3_bind_int64(st, 2, product_id);
        if ((r = step_one(l, st, "reading a stocktake line")) == 1)
                line_from_row(st, ret);
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

int stocktake_count(struct ledger *l, const struct actor *a, const char *number, const char *code, int64_t qty,
                    bool set, struct stocktake_line *ret)
{
        static const char upsert[] =
                "INSERT INTO stocktake_lines(stocktake_id, product_id, frozen, counted, moved, counted_at, counted_by) "
                "VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6) ON CONFLICT(stocktake_id, product_id) DO UPDATE SET "
                " counted = CASE WHEN ?7 THEN excluded.counted ELSE coalesce(counted, 0) + excluded.counted END,"
                " moved = excluded.moved, counted_at = excluded.counted_at, counted_by = excluded.counted_by "
                "RETURNING counted";
        struct head h;
        struct product pr;
        struct unit_info unit;
        int64_t code_qty, pack, moved = 0;
        sqlite3_stmt *st;
        int r, rc;

        clear_err(l);
        if ((r = check_text(l, "code", code, GS1_MAX, true)) < 0)
                return r;
        if (qty < 0 || qty > QTY_MAX)
                return fail(l, -EINVAL, "BAD_QUANTITY", "a count is 0 or more, at most %lld",
                            (long long)(QTY_MAX / 1000));
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = head_get(l, number, &h)) < 0 || (r = resolve(l, code, &pr, &code_qty, &pack)) < 0 ||
            (r = unit_get(l, pr.unit, &unit)) < 0)
                goto fail;
        if (!set && qty == 0)
                qty = code_qty ? code_qty : 1000;
        /* cases counted, whole: their contents */
        if (pack && qty % 1000) {
                r = fail(l, -EINVAL, "BAD_QUANTITY", "%s is a case of %s: cases are counted whole", code, pr.sku);
                goto fail;
        }
        if (pack && (muldiv_round(qty, pack, 1000, &qty) < 0 || qty > QTY_MAX)) {
                r = fail(l, -EINVAL, "BAD_QUANTITY", "too many cases of %s", pr.sku);
                goto fail;
        }
        if (!unit_qty_ok(&unit, qty)) {
                r = fail(l, -EINVAL, "BAD_QUANTITY", "%s is counted in whole %s", pr.sku, pr.unit);
                goto fail;
        }
        if (h.category_id && (r = product_in_category(l, pr.id, h.category_id)) <= 0) {
                if (r == 0)
                        r = fail(l, -EINVAL, "NOT_IN_STOCKTAKE", "%s (%s) is not in the category being counted",
                                 pr.sku, pr.name);
                goto fail;
        }
        if ((r = moved_since(l, &h, pr.id, &moved)) < 0 || !(st = stmt(l, upsert))) {
                r = r < 0 ? r : l->e.num;
                goto fail;
        }
        sqlite3_bind_int64(st, 1, h.id);
        sqlite3_bind_int64(st, 2, pr.id);
        sqlite3_bind_int64(st, 3, qty);
        sqlite3_bind_int64(st, 4, moved);
        sqlite3_bind_int64(st, 5, ledger_now_ms(l));
        sqlite3_bind_text(st, 6, a->user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 7, set);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > QTY_MAX)
                rc = SQLITE_CONSTRAINT;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW) {
                r = rc == SQLITE_CONSTRAINT ? fail(l, -EINVAL, "BAD_QUANTITY", "the count of %s is out of range", pr.sku)
                                            : fail_sql(l, rc, "recording a count");
                goto fail;
        }
        if ((r = line_get(l, h.id, pr.id, ret)) < 0)
                goto fail;
        return tx_commit(l);
fail:
        tx_rollback(l);
        return r;
}

/* Lines not counted are taken as none left, as of now. */
static int zero_uncounted_lines(struct ledger *l, const struct head *h, const struct posting *p)
{
        static const char sql[] =
                "UPDATE stocktake_lines SET counted = 0, counted_at = ?4, counted_by = ?5, moved = "
                " (SELECT coalesce(sum(m.qty), 0) FROM stock_movements m WHERE m.product_id = stocktake_lines.product_id"
                "  AND m.location_id = ?2 AND m.id > ?3) "
                "WHERE stocktake_id = ?1 AND counted IS NULL";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, h->id);
        sqlite3_bind_int64(st, 2, h->location_id);
        sqlite3_bind_int64(st, 3, h->last_movement);
        sqlite3_bind_int64(st, 4, p->at);
        bind_text_or_null(st, 5, p->h->user);
        return step_done(l, st, "taking uncounted lines as none");
}

/* The variances as an adjustment (of no lines when nothing differs: its key is recorded
 * all the same, so a repeat answers as the first did). */
static int post_variances(struct ledger *l, const struct head *h, struct posting *p, const char *number,
                          int64_t *ret_id)
{
        static const char costs[] =
                "UPDATE stocktake_lines SET unit_cost = (SELECT avg_cost FROM products WHERE id = product_id) "
                "WHERE stocktake_id = ?1";
        static const char diffs[] =
                "SELECT sl.product_id, " VARIANCE " FROM stocktake_lines sl "
                "WHERE sl.stocktake_id = ?1 AND sl.counted IS NOT NULL AND " VARIANCE " <> 0 ORDER BY sl.product_id";
        char reason[64];
        struct product pr;
        int64_t id = 0, value = 0;
        sqlite3_stmt *st = stmt(l, costs);
        size_t line = 0;
        int r, rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, h->id);
        if ((r = step_done(l, st, "recording costs on a stocktake")) < 0)
                return r;
        if (!(st = stmt_own(l, diffs)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, h->id);
        snprintf(reason, sizeof(reason), "stocktake %s", number);
        if ((r = adjust_start(l, p, reason, &id)) < 0) {
                sqlite3_finalize(st);
                return r;
        }
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if ((r = product_get(l, sqlite3_column_int64(st, 0), &pr)) < 0 ||
                    (r = adjust_product(l, p, id, ++line, &pr, sqlite3_column_int64(st, 1), true, &value)) < 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r < 0)
                return r;
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "reading stocktake variances");
        if ((r = doc_set_total(l, DOC_ADJUSTMENT, id, value)) < 0)
                return r;
        *ret_id = id;
        return 0;
}

static int close_as(struct ledger *l, int64_t id, const char *state, int64_t at, const char *by, int64_t adjustment_id)
{
        static const char sql[] =
                "UPDATE stocktakes SET state = ?2, closed_at = ?3, closed_by = ?4, adjustment_id = ?5 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, at);
        sqlite3_bind_text(st, 4, by, -1, SQLITE_TRANSIENT);
        if (adjustment_id)
                sqlite3_bind_int64(st, 5, adjustment_id);
        else
                sqlite3_bind_null(st, 5);
        return step_done(l, st, "closing a stocktake");
}

int stocktake_post(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
                   bool zero_uncounted, struct doc_result *ret_adj, struct stocktake *ret)
{
        struct posting p;
        struct doc_result d = { 0 };
        struct doc_head dh = { idem_key, a->user, NULL, NULL, 0 };
        struct head h;
        const char *by = a->approver ? a->approver : a->user;
        int64_t adj = 0;
        int r;

        if ((r = need_manager(l, a, "posting a stocktake")) < 0 || (r = posting_init(l, &p, DOC_ADJUSTMENT, &dh)) < 0)
                return r;
        req_str(&p, "stocktake");
        req_str(&p, number);
        req_int(&p, zero_uncounted);
        if ((r = posting_begin(l, &p, &d)) < 0)
                return r;
        if (r == 0) {
                if ((r = head_get(l, number, &h)) < 0)
                        return posting_abort(l, r);
                /* the adjustment posts where the stocktake counted */
                p.location_id = h.location_id;
                if ((zero_uncounted && (r = zero_uncounted_lines(l, &h, &p)) < 0) ||
                    (r = post_variances(l, &h, &p, number, &adj)) < 0 ||
                    (r = close_as(l, h.id, "posted", p.at, by, adj)) < 0 ||
                    (r = audit_add(l, a, "stocktake_post", "%s", number)) < 0)
                        return posting_abort(l, r);
                if ((r = posting_end(l, &p, adj, &d)) < 0)
                        return r;
        }
        if ((r = stocktake_get(l, number, ret)) < 0)
                return r;
        *ret_adj = d;
        return 0;
}

int stocktake_cancel(struct ledger *l, const struct actor *a, const char *number, struct stocktake *ret)
{
        struct head h;
        int r;

        clear_err(l);
        if ((r = need_manager(l, a, "cancelling a stocktake")) < 0 || (r = tx_begin(l)) < 0)
                return r;
        if ((r = head_get(l, number, &h)) < 0 ||
            (r = close_as(l, h.id, "cancelled", ledger_now_ms(l), a->approver ? a->approver : a->user, 0)) < 0 ||
            (r = audit_add(l, a, "stocktake_cancel", "%s", number)) < 0) {
                tx_rollback(l);
                return r;
        }
        if ((r = tx_commit(l)) < 0)
                return r;
        return stocktake_get(l, number, ret);
}
