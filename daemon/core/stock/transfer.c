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

/* The two ends a transfer may have: two locations of this store, or this store and
 * another. The SQL for each step; ?-numbers past those the local one takes are the other
 * store's. */
struct flavour {
        enum doc_type out, in;
        const char *head;    /* the dispatch: ?5 where to */
        const char *line;    /* a line sent: ?7 its SKU */
        const char *receipt; /* the receipt: ?4 of what, ?8 and ?9 the store and number it came from */
        const char *receipt_line;
        const char *sums;
};

static const struct flavour local = {
        DOC_TRANSFER, DOC_TRANSFER_IN,
        "INSERT INTO transfers(number, at, user, location_id, to_location_id, note, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
        "INSERT INTO transfer_lines(transfer_id, line, product_id, qty, unit_cost, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "INSERT INTO transfer_receipts(number, at, user, transfer_id, location_id, note, value, short_value, approved_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7)",
        "INSERT INTO transfer_receipt_lines(receipt_id, line, product_id, sent, received, unit_cost)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "UPDATE transfer_receipts SET value = ?2, short_value = ?3 WHERE id = ?1",
};

static const struct flavour between_stores = {
        DOC_STORE_TRANSFER, DOC_STORE_RECEIPT,
        "INSERT INTO store_transfers(number, at, user, location_id, to_store, note, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
        "INSERT INTO store_transfer_lines(transfer_id, line, product_id, qty, unit_cost, value, sku)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "INSERT INTO store_receipts(number, at, user, expected_id, location_id, note, value, short_value, approved_by,"
        " from_store, transfer_number) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7, ?8, ?9)",
        "INSERT INTO store_receipt_lines(receipt_id, line, product_id, sent, received, unit_cost)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "UPDATE store_receipts SET value = ?2, short_value = ?3 WHERE id = ?1",
};

static int transfer_validate(struct ledger *l, struct posting *p, const struct transfer_in *in)
{
        int r;

        if (!in->to == !in->to_store)
                return fail(l, -EINVAL, "MISSING_FIELD", "a transfer goes to a location or to another store");
        if ((r = check_text(l, "destination", in->to ? in->to : in->to_store, CODE_MAX_LEN, true)) < 0 ||
            (r = check_note(l, in->note)) < 0)
                return r;
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a transfer has 1 to %d lines", DOC_LINES_MAX);
        req_str(p, in->to);
        req_str(p, in->to_store);
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

/* Where the goods go, bound as ?5 of the dispatch's header. */
static int bind_destination(struct ledger *l, const struct posting *p, const struct transfer_in *in, sqlite3_stmt *st)
{
        static const char sql[] = "SELECT self FROM chain_stores WHERE code = ?1";
        sqlite3_stmt *q;
        int64_t to;
        int r;

        if (in->to) {
                if ((r = location_find(l, in->to, &to)) < 0)
                        return r;
                if (to == p->location_id)
                        return fail(l, -EINVAL, "SAME_LOCATION", "a transfer goes to another location");
                sqlite3_bind_int64(st, 5, to);
                return 0;
        }
        if (!(q = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(q, 1, in->to_store, -1, SQLITE_TRANSIENT);
        r = step_one(l, q, "looking up a store");
        if (r == 1 && sqlite3_column_int(q, 0))
                r = fail(l, -EINVAL, "SAME_STORE", "a transfer to another store goes to one of the others");
        else if (r == 0)
                r = fail(l, -ENOENT, "UNKNOWN_STORE", "the chain has no store %.40s", in->to_store);
        sqlite3_reset(q);
        if (r == 1)
                sqlite3_bind_text(st, 5, in->to_store, -1, SQLITE_TRANSIENT);
        return r < 0 ? r : 0;
}

static int send_line(struct ledger *l, struct posting *p, const struct flavour *f, int64_t id, size_t i,
                     const struct transfer_line_in *ln, int64_t *value)
{
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
        if (!(st = stmt(l, f->line)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, pr.id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, pr.avg_cost);
        sqlite3_bind_int64(st, 6, v);
        if (f == &between_stores)
                sqlite3_bind_text(st, 7, pr.sku, -1, SQLITE_TRANSIENT);
        *value += v;
        return step_done(l, st, "recording a transfer line");
}

int post_transfer(struct ledger *l, const struct transfer_in *in, struct doc_result *ret)
{
        const struct flavour *f = in->to_store ? &between_stores : &local;
        struct posting p;
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, value = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, f->out, &in->h)) < 0 || (r = transfer_validate(l, &p, in)) < 0)
                return r;
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = doc_number(l, f->out, number)) < 0 || !(st = stmt(l, f->head)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        if ((r = bind_destination(l, &p, in, st)) < 0)
                return posting_abort(l, r);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.user);
        sqlite3_bind_int64(st, 4, p.location_id);
        sqlite3_bind_text(st, 6, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "recording a transfer")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = send_line(l, &p, f, id, i, &in->lines[i], &value)) < 0)
                        return posting_abort(l, r);
        return posting_close(l, &p, id, value, ret);
}

/* ---- reading ---- */

/* The three sources share their columns: a transfer between this store's locations, one
 * sent to another store (received when HQ says so), one expected from another store. */
#define LOCAL_FIELDS                                                                                         \
        "SELECT t.id, t.number, 'local' AS kind, f.code, d.code,"                                           \
        " CASE WHEN r.id IS NULL THEN 'in_transit' ELSE 'received' END AS state,"                            \
        " coalesce(t.user, ''), t.note, t.at, t.value,"                                                     \
        " coalesce(r.number, ''), coalesce(r.user, ''), coalesce(r.note, ''), coalesce(r.at, 0),"          \
        " coalesce(r.value, 0), coalesce(r.short_value, 0) "                                               \
        "FROM transfers t JOIN locations f ON f.id = t.location_id JOIN locations d ON d.id = t.to_location_id " \
        "LEFT JOIN transfer_receipts r ON r.transfer_id = t.id "
#define OUTGOING_FIELDS                                                                                      \
        "SELECT t.id, t.number, 'outgoing', f.code, t.to_store,"                                            \
        " CASE WHEN a.transfer_id IS NULL THEN 'in_transit' ELSE 'received' END,"                            \
        " coalesce(t.user, ''), t.note, t.at, t.value, coalesce(a.receipt, ''), '', '', coalesce(a.at, 0),"  \
        " coalesce(a.value, 0), coalesce(a.short_value, 0) "                                               \
        "FROM store_transfers t JOIN locations f ON f.id = t.location_id "                                  \
        "LEFT JOIN store_transfer_arrivals a ON a.transfer_id = t.id "
#define INCOMING_FIELDS                                                                                      \
        "SELECT e.id, e.from_store || '-' || e.number, 'incoming', e.from_store,"                          \
        " coalesce((SELECT code FROM locations WHERE id = r.location_id),"                                 \
        "  (SELECT code FROM locations WHERE is_default = 1)),"                                            \
        " CASE WHEN r.id IS NULL THEN 'in_transit' ELSE 'received' END,"                                    \
        " e.user, e.note, e.at, e.value,"                                                                   \
        " coalesce(r.number, ''), coalesce(r.user, ''), coalesce(r.note, ''), coalesce(r.at, 0),"          \
        " coalesce(r.value, 0), coalesce(r.short_value, 0) "                                               \
        "FROM transfers_expected e LEFT JOIN store_receipts r ON r.expected_id = e.id "

#define T struct transfer
#define LN struct transfer_line
static const struct col transfer_cols[] = {
        COL_I64(T, id),           COL_TEXT(T, number),      COL_TEXT(T, kind),         COL_TEXT(T, from),
        COL_TEXT(T, to),          COL_TEXT(T, state),       COL_TEXT(T, user),         COL_TEXT(T, note),
        COL_I64(T, at),           COL_I64(T, value),        COL_TEXT(T, receipt),      COL_TEXT(T, received_by),
        COL_TEXT(T, receipt_note), COL_I64(T, received_at), COL_I64(T, received_value), COL_I64(T, short_value),
};
static const struct col transfer_line_cols[] = {
        COL_INT(LN, line), COL_TEXT(LN, sku),       COL_TEXT(LN, name),     COL_TEXT(LN, unit),
        COL_I64(LN, qty),  COL_I64(LN, unit_cost),  COL_I64(LN, value),     COL_I64(LN, received),
};
#define TRANSFER_VIEW(kind_, head_, lines_) \
        { kind_, head_, ROW_SHAPE(T, transfer_cols), lines_, ROW_SHAPE(LN, transfer_line_cols), \
          offsetof(T, id), offsetof(T, lines), offsetof(T, nlines) }
static const struct doc_view views[] = {
        TRANSFER_VIEW(DOC_TRANSFER, LOCAL_FIELDS "WHERE t.number = ?1",
                      "SELECT tl.line, p.sku, p.name, p.unit, tl.qty, tl.unit_cost,"
                      " coalesce(tl.value, " SQL_LINE_AMOUNT("tl.qty", "tl.unit_cost") "), coalesce(rl.received, -1) "
                      "FROM transfer_lines tl JOIN products p ON p.id = tl.product_id "
                      "LEFT JOIN transfer_receipts r ON r.transfer_id = tl.transfer_id "
                      "LEFT JOIN transfer_receipt_lines rl ON rl.receipt_id = r.id AND rl.line = tl.line "
                      "WHERE tl.transfer_id = ?1 ORDER BY tl.line"),
        TRANSFER_VIEW(DOC_STORE_TRANSFER, OUTGOING_FIELDS "WHERE t.number = ?1",
                      "SELECT tl.line, tl.sku, p.name, p.unit, tl.qty, tl.unit_cost, tl.value, coalesce(al.received, -1) "
                      "FROM store_transfer_lines tl JOIN products p ON p.id = tl.product_id "
                      "LEFT JOIN store_transfer_arrival_lines al ON al.transfer_id = tl.transfer_id AND al.line = tl.line "
                      "WHERE tl.transfer_id = ?1 ORDER BY tl.line"),
        /* a product this store lacks shows by its SKU */
        TRANSFER_VIEW(DOC_STORE_TRANSFER, INCOMING_FIELDS "WHERE e.from_store || '-' || e.number = ?1",
                      "SELECT el.line, el.sku, coalesce(p.name, el.sku), coalesce(p.unit, ''), el.qty, el.unit_cost,"
                      " el.value, coalesce(rl.received, -1) "
                      "FROM transfers_expected_lines el LEFT JOIN products p ON p.sku = el.sku "
                      "LEFT JOIN store_receipts r ON r.expected_id = el.expected_id "
                      "LEFT JOIN store_receipt_lines rl ON rl.receipt_id = r.id AND rl.line = el.line "
                      "WHERE el.expected_id = ?1 ORDER BY el.line"),
};
#undef TRANSFER_VIEW
#undef LN
#undef T

struct transfer *transfer_free(struct transfer *t)
{
        return doc_free(&views[0], t); /* the views differ in SQL only */
}

int transfer_get(struct ledger *l, const char *number, struct transfer **ret)
{
        void *t = NULL;
        int r = -ENOENT;

        for (size_t i = 0; r == -ENOENT && i < sizeof(views) / sizeof(views[0]); i++)
                r = doc_get(l, &views[i], number, &t);
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
                "SELECT * FROM (" LOCAL_FIELDS " UNION ALL " OUTGOING_FIELDS " UNION ALL " INCOMING_FIELDS ") "
                "WHERE ?1 = '' OR state = ?1 ORDER BY at DESC, kind, id DESC LIMIT ?2";
        struct transfer_each e = { fn, ud };
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, state ? state : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, limit);
        return doc_rows(l, &views[0], st, transfer_row, &e, "listing transfers");
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

static int receive_line(struct ledger *l, struct posting *p, const struct flavour *f, int64_t id,
                        const struct transfer *t, size_t j, int64_t received, int64_t *value)
{
        const struct transfer_line *ln = &t->lines[j];
        struct product pr;
        int64_t v;
        sqlite3_stmt *st;
        int r;

        /* what arrived brings its share of the value the line left with */
        if (muldiv_round(ln->value, received, ln->qty, &v) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %d: the value is out of range", ln->line);
        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0)
                return r;
        if (!(st = stmt(l, f->receipt_line)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, ln->line);
        sqlite3_bind_int64(st, 3, pr.id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, received);
        sqlite3_bind_int64(st, 6, ln->unit_cost);
        if ((r = step_done(l, st, "recording what arrived")) < 0)
                return r;
        /* stock in transit is out of every location's stock, so the average was worked
         * out without it: it comes back in at the cost it left with, into the batches it
         * left (another store's batches are its own) */
        if (received && (r = stock_in(l, p, id, pr.id, received, ln->unit_cost, v,
                                      f == &local ? &(struct batch_src){ 0, "transfer", t->id } : NULL, NULL)) < 0)
                return r;
        *value += v;
        return 0;
}

/* The receipt's rows inside the posting; its id. */
static int receipt_post(struct ledger *l, struct posting *p, const struct flavour *f, const struct transfer *t,
                        const int64_t *got, const char *note, const char *approved_by, int64_t *ret_id)
{
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, value = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = doc_number(l, f->in, number)) < 0 || !(st = stmt(l, f->receipt)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_int64(st, 4, t->id);
        sqlite3_bind_int64(st, 5, p->location_id);
        sqlite3_bind_text(st, 6, note ? note : "", -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 7, approved_by);
        if (f == &between_stores) { /* "S1-TS00000001": from S1, its TS00000001 */
                sqlite3_bind_text(st, 8, t->from, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 9, t->number + strlen(t->from) + 1, -1, SQLITE_TRANSIENT);
        }
        if ((r = step_done(l, st, "recording a transfer receipt")) < 0)
                return r == -EEXIST ? fail(l, -EBUSY, "TRANSFER_RECEIVED", "transfer %s was already received", t->number)
                                    : r;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t j = 0; j < t->nlines; j++)
                if ((r = receive_line(l, p, f, id, t, j, got[j], &value)) < 0)
                        return r;
        if (!(st = stmt(l, f->sums)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, value);
        sqlite3_bind_int64(st, 3, t->value - value);
        if ((r = step_done(l, st, "recording transfer receipt totals")) < 0)
                return r;
        *ret_id = id;
        return 0;
}

/* A transfer this store may receive: not one it sent to another, and from another store
 * only with products this store has. */
static int receivable(struct ledger *l, const struct transfer *t)
{
        struct product pr;
        int r;

        if (!strcmp(t->kind, "outgoing"))
                return fail(l, -EINVAL, "TRANSFER_ELSEWHERE", "transfer %s is received at store %s", t->number, t->to);
        for (size_t j = 0; !strcmp(t->kind, "incoming") && j < t->nlines; j++)
                if ((r = product_get_by_sku(l, t->lines[j].sku, &pr)) < 0)
                        return r != -ENOENT ? r
                                            : fail(l, r, "UNKNOWN_PRODUCT",
                                                   "line %d: this store has no product %s; add it before receiving"
                                                   " transfer %s", t->lines[j].line, t->lines[j].sku, t->number);
        return 0;
}

/* What did not arrive is written off: a manager's to say, as any stock given away is. */
static int check_short(struct ledger *l, const struct actor *a, const struct transfer *t, const int64_t *got)
{
        char what[128];

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
        const struct flavour *f;
        struct posting p;
        int64_t *got = NULL, id = 0;
        int r;

        clear_err(l);
        if (n > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "at most %d lines", DOC_LINES_MAX);
        if ((r = check_note(l, note)) < 0 || (r = transfer_get(l, number, &t)) < 0)
                return r;
        if ((r = receivable(l, t)) < 0)
                goto out;
        f = strcmp(t->kind, "incoming") ? &local : &between_stores;
        h.location = t->to;
        if (!(got = calloc(t->nlines, sizeof(*got)))) {
                r = fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
                goto out;
        }
        if ((r = posting_init(l, &p, f->in, &h)) < 0 || (r = arrived(l, t, lines, n, got)) < 0)
                goto out;
        req_str(&p, number);
        req_str(&p, note);
        for (size_t j = 0; j < t->nlines; j++)
                req_int(&p, got[j]);
        if ((r = posting_begin(l, &p, ret)) != 0) {
                r = r < 0 ? r : 0;
                goto out;
        }
        if ((r = check_short(l, a, t, got)) < 0 || (r = receipt_post(l, &p, f, t, got, note, a->approver, &id)) < 0)
                posting_abort(l, r);
        else
                r = posting_end(l, &p, id, ret); /* it rolls back itself when it fails */
out:
        free(got);
        transfer_free(t);
        return r;
}
