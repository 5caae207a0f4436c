/* Transfers: see transfer.h. The state is derived (a receipt exists or not), so nothing
 * posted is ever changed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "stock/transfer.h"

static int check_note(struct ledger *l, const char *note)
{
        return check_text(l, "note", note, NAME_MAX_LEN, false);
}

static int transfer_validate(struct ledger *l, struct posting *p, const struct transfer_in *in)
{
        int r;

        if ((r = check_text(l, "destination", in->to, CODE_MAX_LEN, true)) < 0 || (r = check_note(l, in->note)) < 0)
                return r;
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a transfer has 1 to %d lines", DOC_LINES_MAX);
        req_str(p, in->to);
        req_str(p, in->note);
        for (size_t i = 0; i < in->nlines; i++) {
                if ((r = check_text(l, "sku", in->lines[i].sku, CODE_MAX_LEN, true)) < 0 ||
                    (r = check_qty(l, in->lines[i].qty, i + 1, false)) < 0)
                        return r;
                req_str(p, in->lines[i].sku);
                req_int(p, in->lines[i].qty);
        }
        return 0;
}

static int send_line(struct ledger *l, struct posting *p, int64_t id, size_t i, const struct transfer_line_in *ln,
                     int64_t *value)
{
        static const char sql[] =
                "INSERT INTO transfer_lines(transfer_id, line, product_id, qty, unit_cost, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        struct product pr;
        struct unit_info unit;
        int64_t on_hand = 0, v;
        sqlite3_stmt *st;
        int r;

        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = unit_get(l, pr.unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, ln->qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s goes in whole %s", i + 1, pr.sku, pr.unit);
        if ((r = stock_out(l, p, id, pr.id, ln->qty, &v, &on_hand)) < 0)
                return r;
        if (on_hand < 0) {
                char held[32], take[32];
                decimal_format(on_hand + ln->qty, QTY_SCALE, true, held, sizeof(held));
                decimal_format(ln->qty, QTY_SCALE, true, take, sizeof(take));
                return fail(l, -EINVAL, "INSUFFICIENT_STOCK", "line %zu: %s %s of %s cannot be sent: %s holds %s",
                            i + 1, take, pr.unit, pr.sku, p->h->location ? p->h->location : "the shop", held);
        }
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, pr.id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, pr.avg_cost);
        sqlite3_bind_int64(st, 6, v);
        *value += v;
        return step_done(l, st, "recording a transfer line");
}

int post_transfer(struct ledger *l, const struct transfer_in *in, struct doc_result *ret)
{
        static const char head[] =
                "INSERT INTO transfers(number, at, user, location_id, to_location_id, note, value) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)";
        struct posting p;
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, to, value = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, DOC_TRANSFER, &in->h)) < 0 || (r = transfer_validate(l, &p, in)) < 0)
                return r;
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = location_find(l, in->to, &to)) < 0)
                return posting_abort(l, r);
        if (to == p.location_id)
                return posting_abort(l, fail(l, -EINVAL, "SAME_LOCATION", "a transfer goes to another location"));
        if ((r = doc_number(l, DOC_TRANSFER, number)) < 0 || !(st = stmt(l, head)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.user);
        sqlite3_bind_int64(st, 4, p.location_id);
        sqlite3_bind_int64(st, 5, to);
        sqlite3_bind_text(st, 6, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "recording a transfer")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = send_line(l, &p, id, i, &in->lines[i], &value)) < 0)
                        return posting_abort(l, r);
        return posting_close(l, &p, id, value, ret);
}

/* ---- reading ---- */

#define TRANSFER_FIELDS                                                                                     \
        "SELECT t.id, t.number, f.code, d.code, CASE WHEN r.id IS NULL THEN 'in_transit' ELSE 'received' END,"  \
        " coalesce(t.user, ''), t.note, t.at, t.value,"                                                     \
        " coalesce(r.number, ''), coalesce(r.user, ''), coalesce(r.note, ''), coalesce(r.at, 0),"          \
        " coalesce(r.value, 0), coalesce(r.short_value, 0) "                                               \
        "FROM transfers t JOIN locations f ON f.id = t.location_id JOIN locations d ON d.id = t.to_location_id " \
        "LEFT JOIN transfer_receipts r ON r.transfer_id = t.id "

#define T struct transfer
#define LN struct transfer_line
static const struct col transfer_cols[] = {
        COL_I64(T, id),           COL_TEXT(T, number),      COL_TEXT(T, from),         COL_TEXT(T, to),
        COL_TEXT(T, state),       COL_TEXT(T, user),        COL_TEXT(T, note),         COL_I64(T, at),
        COL_I64(T, value),        COL_TEXT(T, receipt),     COL_TEXT(T, received_by),  COL_TEXT(T, receipt_note),
        COL_I64(T, received_at),  COL_I64(T, received_value), COL_I64(T, short_value),
};
static const struct col transfer_line_cols[] = {
        COL_INT(LN, line), COL_TEXT(LN, sku),       COL_TEXT(LN, name),     COL_TEXT(LN, unit),
        COL_I64(LN, qty),  COL_I64(LN, unit_cost),  COL_I64(LN, value),     COL_I64(LN, received),
};
static const struct doc_view transfer_view = {
        DOC_TRANSFER,
        TRANSFER_FIELDS "WHERE t.number = ?1",
        ROW_SHAPE(T, transfer_cols),
        "SELECT tl.line, p.sku, p.name, p.unit, tl.qty, tl.unit_cost,"
        " coalesce(tl.value, " SQL_LINE_AMOUNT("tl.qty", "tl.unit_cost") "), coalesce(rl.received, -1) "
        "FROM transfer_lines tl JOIN products p ON p.id = tl.product_id "
        "LEFT JOIN transfer_receipts r ON r.transfer_id = tl.transfer_id "
        "LEFT JOIN transfer_receipt_lines rl ON rl.receipt_id = r.id AND rl.line = tl.line "
        "WHERE tl.transfer_id = ?1 ORDER BY tl.line",
        ROW_SHAPE(LN, transfer_line_cols),
        offsetof(T, id), offsetof(T, lines), offsetof(T, nlines),
};
#undef LN
#undef T

struct transfer *transfer_free(struct transfer *t)
{
        return doc_free(&transfer_view, t);
}

int transfer_get(struct ledger *l, const char *number, struct transfer **ret)
{
        void *t;
        int r = doc_get(l, &transfer_view, number, &t);

        if (r == 0)
                *ret = t;
        return r;
}

struct transfer_each { int (*fn)(const struct transfer *, void *); void *ud; };
static int transfer_row(const void *row, void *ud) { const struct transfer_each *e = ud; return e->fn(row, e->ud); }

int transfer_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct transfer *, void *),
                  void *ud)
{
        static const char sql[] =
                TRANSFER_FIELDS "WHERE ?1 = '' OR (?1 = 'received') = (r.id IS NOT NULL) ORDER BY t.id DESC LIMIT ?2";
        struct transfer_each e = { fn, ud };
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, state ? state : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, limit);
        return doc_rows(l, &transfer_view, st, transfer_row, &e, "listing transfers");
}

/* ---- receiving ---- */

/* What arrived on each line of t: as given, or in full. */
static int arrived(struct ledger *l, const struct transfer *t, const struct transfer_receive_line *in, size_t n,
                   int64_t *out)
{
        struct unit_info unit;
        int r;

        for (size_t j = 0; j < t->nlines; j++)
                out[j] = t->lines[j].qty;
        for (size_t i = 0; i < n; i++) {
                size_t j = 0;
                while (j < t->nlines && t->lines[j].line != in[i].line)
                        j++;
                if (j == t->nlines)
                        return fail(l, -EINVAL, "UNKNOWN_LINE", "transfer %s has no line %d", t->number, in[i].line);
                for (size_t k = 0; k < i; k++)
                        if (in[k].line == in[i].line)
                                return fail(l, -EINVAL, "DUPLICATE_LINE", "line %d is given twice", in[i].line);
                if (in[i].received < 0 || in[i].received > t->lines[j].qty)
                        return fail(l, -EINVAL, "RECEIVE_EXCEEDS_TRANSFER",
                                    "line %d (%s): between none and what was sent can arrive", in[i].line,
                                    t->lines[j].sku);
                if ((r = unit_get(l, t->lines[j].unit, &unit)) < 0)
                        return r;
                if (!unit_qty_ok(&unit, in[i].received))
                        return fail(l, -EINVAL, "BAD_QUANTITY", "line %d: %s comes in whole %s", in[i].line,
                                    t->lines[j].sku, t->lines[j].unit);
                out[j] = in[i].received;
        }
        return 0;
}

static int receive_line(struct ledger *l, struct posting *p, int64_t id, const struct transfer *t, size_t j,
                        int64_t received, int64_t *value)
{
        static const char sql[] =
                "INSERT INTO transfer_receipt_lines(receipt_id, line, product_id, sent, received, unit_cost) "
                "VALUES (?1, ?2, (SELECT product_id FROM transfer_lines WHERE transfer_id = ?3 AND line = ?2), ?4, ?5, ?6)";
        const struct transfer_line *ln = &t->lines[j];
        int64_t v;
        sqlite3_stmt *st;
        int r;

        /* what arrived brings its share of the value the line left with */
        if (muldiv_round(ln->value, received, ln->qty, &v) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %d: the value is out of range", ln->line);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, ln->line);
        sqlite3_bind_int64(st, 3, t->id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, received);
        sqlite3_bind_int64(st, 6, ln->unit_cost);
        if ((r = step_done(l, st, "recording what arrived")) < 0)
                return r;
        if (received) {
                struct product pr;
                /* stock in transit is out of every location's stock, so the average was
                 * worked out without it: it comes back in at the cost it left with */
                if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 ||
                    (r = stock_in(l, p, id, pr.id, received, ln->unit_cost, v,
                                  &(struct batch_src){ 0, "transfer", t->id }, NULL)) < 0)
                        return r;
        }
        *value += v;
        return 0;
}

/* The receipt's rows inside the posting; its id. */
static int receipt_post(struct ledger *l, struct posting *p, const struct transfer *t, const int64_t *got,
                        const char *note, const char *approved_by, int64_t *ret_id)
{
        static const char head[] =
                "INSERT INTO transfer_receipts(number, at, user, transfer_id, location_id, note, value, short_value,"
                " approved_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7)";
        static const char sums[] = "UPDATE transfer_receipts SET value = ?2, short_value = ?3 WHERE id = ?1";
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, value = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = doc_number(l, DOC_TRANSFER_IN, number)) < 0 || !(st = stmt(l, head)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_int64(st, 4, t->id);
        sqlite3_bind_int64(st, 5, p->location_id);
        sqlite3_bind_text(st, 6, note ? note : "", -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 7, approved_by);
        if ((r = step_done(l, st, "recording a transfer receipt")) < 0)
                return r == -EEXIST ? fail(l, -EBUSY, "TRANSFER_RECEIVED", "transfer %s was already received", t->number)
                                    : r;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t j = 0; j < t->nlines; j++)
                if ((r = receive_line(l, p, id, t, j, got[j], &value)) < 0)
                        return r;
        if (!(st = stmt(l, sums)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, value);
        sqlite3_bind_int64(st, 3, t->value - value);
        if ((r = step_done(l, st, "recording transfer receipt totals")) < 0)
                return r;
        *ret_id = id;
        return 0;
}

/* What did not arrive is written off: a manager's to say, as any stock given away is. */
static int check_short(struct ledger *l, const struct actor *a, const struct transfer *t, const int64_t *got)
{
        char what[96];

        for (size_t j = 0; j < t->nlines; j++)
                if (got[j] < t->lines[j].qty) {
                        snprintf(what, sizeof(what), "receiving transfer %s short (what did not arrive is written off)",
                                 t->number);
                        return need_manager(l, a, what);
                }
        return 0;
}

int post_transfer_receipt(struct ledger *l, const char *idem_key, const struct actor *a, const char *number,
                          const struct transfer_receive_line *lines, size_t n, const char *note, struct doc_result *ret)
{
        struct transfer *t = NULL;
        struct doc_head h = { idem_key, a->user, NULL, NULL, 0 };
        struct posting p;
        int64_t *got = NULL, id = 0;
        int r;

        clear_err(l);
        if (n > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "at most %d lines", DOC_LINES_MAX);
        if ((r = check_note(l, note)) < 0 || (r = transfer_get(l, number, &t)) < 0)
                return r;
        h.location = t->to;
        if (!(got = calloc(t->nlines, sizeof(*got)))) {
                r = fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
                goto out;
        }
        if ((r = posting_init(l, &p, DOC_TRANSFER_IN, &h)) < 0 || (r = arrived(l, t, lines, n, got)) < 0)
                goto out;
        req_str(&p, number);
        req_str(&p, note);
        for (size_t j = 0; j < t->nlines; j++)
                req_int(&p, got[j]);
        if ((r = posting_begin(l, &p, ret)) != 0) {
                r = r < 0 ? r : 0;
                goto out;
        }
        if ((r = check_short(l, a, t, got)) < 0 || (r = receipt_post(l, &p, t, got, note, a->approver, &id)) < 0)
                posting_abort(l, r);
        else
                r = posting_end(l, &p, id, ret); /* it rolls back itself when it fails */
out:
        free(got);
        transfer_free(t);
        return r;
}
