/* Suppliers and purchase orders. An order's states move one way; goods received against it
 * are goods receipts (receipt.c) that name it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "buying/purchasing.h"


/* ---- suppliers ---- */

#define SUPPLIER_FIELDS "SELECT id, code, name, contact, phone, terms_days, lead_days, active FROM suppliers "

static const struct col supplier_cols[] = {
        COL_I64(struct supplier, id),          COL_TEXT(struct supplier, code),    COL_TEXT(struct supplier, name),
        COL_TEXT(struct supplier, contact),    COL_TEXT(struct supplier, phone),   COL_INT(struct supplier, terms_days),
        COL_INT(struct supplier, lead_days),   COL_BOOL(struct supplier, active),
};
static const struct row_shape supplier_row = ROW_SHAPE(struct supplier, supplier_cols);

int supplier_get(struct ledger *l, const char *code, struct supplier *ret)
{
        static const char sql[] = SUPPLIER_FIELDS "WHERE code = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        struct supplier s;
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, code ? code : "", -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a supplier")) == 1)
                row_read(st, &supplier_row, &s);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_SUPPLIER", "no supplier %.40s", code ? code : "");
        if (r < 0)
                return r;
        *ret = s;
        return 0;
}

/* A new supplier, or (put) the one with that code changed to in. */
static int supplier_write(struct ledger *l, const struct actor *a, const struct supplier_input *in, bool put,
                          struct supplier *ret)
{
        static const char add[] =
                "INSERT INTO suppliers(code, name, contact, phone, terms_days, lead_days, created_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        static const char upsert[] =
                "INSERT INTO suppliers(code, name, contact, phone, terms_days, lead_days, created_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
                " contact = excluded.contact, phone = excluded.phone, terms_days = excluded.terms_days,"
                " lead_days = excluded.lead_days";
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = check_text(l, "code", in->code, CODE_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "name", in->name, NAME_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "contact", in->contact, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "phone", in->phone, 32, false)) < 0)
                return r;
        if (in->terms_days < 0 || in->terms_days > 3650 || in->lead_days < 0 || in->lead_days > 3650)
                return fail(l, -EINVAL, "OUT_OF_RANGE", "terms and lead times are 0 to 3650 days");
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, put ? upsert : add))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, in->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, in->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, in->contact ? in->contact : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, in->phone ? in->phone : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 5, in->terms_days);
        sqlite3_bind_int(st, 6, in->lead_days);
        sqlite3_bind_int64(st, 7, ledger_now_ms(l));
        if ((r = step_done(l, st, "adding a supplier")) < 0) {
                if (r == -EEXIST)
                        r = fail(l, r, "SUPPLIER_EXISTS", "there is already a supplier %s", in->code);
                goto fail;
        }
        if ((r = audit_add(l, a, put ? "supplier_put" : "supplier_add", "%s %s", in->code, in->name)) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return supplier_get(l, in->code, ret);
fail:
        tx_rollback(l);
        return r;
}

int supplier_add(struct ledger *l, const struct actor *a, const struct supplier_input *in, struct supplier *ret)
{
        return supplier_write(l, a, in, false, ret);
}

int supplier_put(struct ledger *l, const struct actor *a, const struct supplier_input *in, struct supplier *ret)
{
        return supplier_write(l, a, in, true, ret);
}

int supplier_each(struct ledger *l, int (*fn)(const struct supplier *, void *), void *ud)
{
        static const char sql[] = SUPPLIER_FIELDS "ORDER BY name";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct supplier s;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                row_read(st, &supplier_row, &s);
                if ((r = fn(&s, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "listing suppliers");
}

static int record_orders(struct ledger *l, int64_t supplier_id, struct supplier_record *rec)
{
        static const char sql[] =
                "SELECT count(*), count(g.first_at), coalesce(sum(g.first_at <= o.expected_at), 0),"
                " coalesce(avg(g.first_at - o.created_at), 0),"
                " (SELECT coalesce(sum(ol.received), 0) FROM purchase_order_lines ol JOIN purchase_orders o2"
                "   ON o2.id = ol.po_id WHERE o2.supplier_id = ?1),"
                " (SELECT coalesce(sum(ol.rejected), 0) FROM purchase_order_lines ol JOIN purchase_orders o2"
                "   ON o2.id = ol.po_id WHERE o2.supplier_id = ?1) "
                "FROM purchase_orders o LEFT JOIN (SELECT po_id, min(at) AS first_at FROM goods_receipts"
                "  WHERE po_id IS NOT NULL GROUP BY po_id) g ON g.po_id = o.id "
                "WHERE o.supplier_id = ?1 AND o.state <> 'cancelled'";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, supplier_id);
        if ((r = step_one(l, st, "weighing a supplier")) == 1) {
                rec->orders = sqlite3_column_int(st, 0);
                rec->delivered = sqlite3_column_int(st, 1);
                rec->on_time = sqlite3_column_int(st, 2);
                rec->lead_ms = sqlite3_column_int64(st, 3);
                rec->received = sqlite3_column_int64(st, 4);
                rec->rejected = sqlite3_column_int64(st, 5);
        }
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

static int record_products(struct ledger *l, int64_t supplier_id, struct supplier_record *rec)
{
        /* the first and the latest cost of each product, by the order lines' order */
        static const char sql[] =
                "SELECT p.sku, p.name, count(*),"
                " (SELECT ol2.unit_cost FROM purchase_order_lines ol2 JOIN purchase_orders o2 ON o2.id = ol2.po_id"
                "   WHERE o2.supplier_id = ?1 AND ol2.product_id = p.id AND o2.state <> 'cancelled'"
                "   ORDER BY o2.id, ol2.line LIMIT 1),"
                " (SELECT ol2.unit_cost FROM purchase_order_lines ol2 JOIN purchase_orders o2 ON o2.id = ol2.po_id"
                "   WHERE o2.supplier_id = ?1 AND ol2.product_id = p.id AND o2.state <> 'cancelled'"
                "   ORDER BY o2.id DESC, ol2.line DESC LIMIT 1) "
                "FROM purchase_order_lines ol JOIN purchase_orders o ON o.id = ol.po_id JOIN products p ON p.id = ol.product_id "
                "WHERE o.supplier_id = ?1 AND o.state <> 'cancelled' GROUP BY p.id ORDER BY p.sku";
        sqlite3_stmt *st = stmt_own(l, sql);
        size_t cap = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, supplier_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct supplier_product *sp;
                if (grow(l, (void **)&rec->products, &cap, rec->nproducts, sizeof(*rec->products)) < 0) {
                        sqlite3_finalize(st);
                        return l->e.num;
                }
                sp = &rec->products[rec->nproducts++];
                memset(sp, 0, sizeof(*sp));
                utf8_cut(sp->sku, sizeof(sp->sku), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(sp->name, sizeof(sp->name), (const char *)sqlite3_column_text(st, 1));
                sp->orders = sqlite3_column_int(st, 2);
                sp->first_cost = sqlite3_column_int64(st, 3);
                sp->last_cost = sqlite3_column_int64(st, 4);
        }
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "weighing a supplier's prices");
}

int supplier_record(struct ledger *l, const struct supplier *s, struct supplier_record *ret)
{
        struct supplier_record rec = { 0 };
        int r;

        clear_err(l);
        if ((r = record_orders(l, s->id, &rec)) < 0 || (r = record_products(l, s->id, &rec)) < 0) {
                free(rec.products);
                return r;
        }
        *ret = rec;
        return 0;
}

/* ---- purchase orders ---- */

#define PO_FIELDS                                                                                        \
        "SELECT o.id, o.number, s.code, s.name, o.state, o.note, coalesce(o.created_by, ''),"           \
        " coalesce(o.approved_by, ''), coalesce(o.expected_at, 0), o.created_at, o.updated_at,"          \
        " (SELECT coalesce(sum((qty * unit_cost + 500) / 1000), 0) FROM purchase_order_lines WHERE po_id = o.id) " \
        "FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id "

#define PO struct purchase_order
static const struct col po_cols[] = {
        COL_I64(PO, id),         COL_TEXT(PO, number),      COL_TEXT(PO, supplier),    COL_TEXT(PO, supplier_name),
        COL_TEXT(PO, state),     COL_TEXT(PO, note),        COL_TEXT(PO, created_by),  COL_TEXT(PO, approved_by),
        COL_I64(PO, expected_at), COL_I64(PO, created_at),  COL_I64(PO, updated_at),   COL_I64(PO, total),
};
static const struct col po_line_cols[] = {
        COL_INT(struct po_line, line),      COL_TEXT(struct po_line, sku),       COL_TEXT(struct po_line, name),
        COL_TEXT(struct po_line, unit),     COL_I64(struct po_line, qty),        COL_I64(struct po_line, unit_cost),
        COL_I64(struct po_line, received),  COL_I64(struct po_line, rejected),
};
static const struct doc_view po_view = {
        DOC_PURCHASE_ORDER,
        PO_FIELDS "WHERE o.number = ?1",
        ROW_SHAPE(PO, po_cols),
        "SELECT ol.line, p.sku, p.name, p.unit, ol.qty, ol.unit_cost, ol.received, ol.rejected "
        "FROM purchase_order_lines ol JOIN products p ON p.id = ol.product_id WHERE ol.po_id = ?1 ORDER BY ol.line",
        ROW_SHAPE(struct po_line, po_line_cols),
        offsetof(PO, id), offsetof(PO, lines), offsetof(PO, nlines),
};
#undef PO

struct purchase_order *po_free(struct purchase_order *po)
{
        return doc_free(&po_view, po);
}

int po_get(struct ledger *l, const char *number, struct purchase_order **ret)
{
        void *po;
        int r = doc_get(l, &po_view, number, &po);

        if (r == 0)
                *ret = po;
        return r;
}

struct po_each { int (*fn)(const struct purchase_order *, void *); void *ud; };
static int po_row(const void *row, void *ud) { const struct po_each *e = ud; return e->fn(row, e->ud); }

int po_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct purchase_order *, void *),
            void *ud)
{
        static const char sql[] = PO_FIELDS "WHERE ?1 = '' OR o.state = ?1 ORDER BY o.id DESC LIMIT ?2";
        struct po_each e = { fn, ud };
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, state ? state : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, limit);
        return doc_rows(l, &po_view, st, po_row, &e, "listing orders");
}

static int po_add_line(struct ledger *l, int64_t po_id, size_t i, const struct po_line_in *in)
{
        static const char sql[] =
                "INSERT INTO purchase_order_lines(po_id, line, product_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5)";
        struct product p;
        struct unit_info unit;
        int64_t amount;
        sqlite3_stmt *st;
        int r;

        if ((r = product_get_by_sku(l, in->sku, &p)) < 0) {
                struct ledger_error e = l->e; /* fail() writes where it reads from */
                return fail(l, r, e.code, "line %zu: %s", i + 1, e.msg);
        }
        if ((r = unit_get(l, p.unit, &unit)) < 0)
                return r;
        if (in->qty <= 0 || (!unit_qty_ok(&unit, in->qty)))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s is ordered in whole %s, more than none", i + 1,
                            p.sku, p.unit);
        if (in->unit_cost < 0 || in->unit_cost > MONEY_MAX || line_amount(in->qty, in->unit_cost, &amount) < 0)
                return fail(l, -EINVAL, "BAD_COST", "line %zu: the unit cost must be 0 or more", i + 1);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, po_id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, p.id);
        sqlite3_bind_int64(st, 4, in->qty);
        sqlite3_bind_int64(st, 5, in->unit_cost);
        return step_done(l, st, "adding an order line");
}

int po_create(struct ledger *l, const struct actor *a, const struct po_input *in, struct purchase_order **ret)
{
        static const char sql[] =
                "INSERT INTO purchase_orders(number, supplier_id, expected_at, note, created_by, created_at, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
        char number[DOC_NUMBER_MAX + 1];
        struct supplier s;
        sqlite3_stmt *st;
        int64_t id, now = ledger_now_ms(l);
        int r;

        clear_err(l);
        if (in->nlines == 0 || in->nlines > PO_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "an order has 1 to %d lines", PO_LINES_MAX);
        if ((r = check_text(l, "note", in->note, NAME_MAX_LEN, false)) < 0 || (r = supplier_get(l, in->supplier, &s)) < 0)
                return r;
        if (!s.active)
                return fail(l, -EINVAL, "SUPPLIER_INACTIVE", "supplier %s is not in use", s.code);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = doc_number(l, DOC_PURCHASE_ORDER, number)) < 0 || !(st = stmt(l, sql))) {
                r = r < 0 ? r : l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, s.id);
        sqlite3_bind_int64(st, 3, in->expected_at ? in->expected_at : now + s.lead_days * DAY_MS);
        sqlite3_bind_text(st, 4, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, a->user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, now);
        if ((r = step_done(l, st, "adding an order")) < 0)
                goto fail;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = po_add_line(l, id, i, &in->lines[i])) < 0)
                        goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return po_get(l, number, ret);
fail:
        tx_rollback(l);
        return r;
}

static int set_state(struct ledger *l, int64_t id, const char *state, const char *approver)
{
        static const char sql[] =
                "UPDATE purchase_orders SET state = ?2, approved_by = coalesce(?3, approved_by), updated_at = ?4 "
                "WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
        if (approver)
                sqlite3_bind_text(st, 3, approver, -1, SQLITE_TRANSIENT);
        else
                sqlite3_bind_null(st, 3);
        sqlite3_bind_int64(st, 4, ledger_now_ms(l));
        return step_done(l, st, "changing an order");
}

static bool in_state(const struct purchase_order *po, const char *const states[])
{
        for (size_t i = 0; states[i]; i++)
                if (!strcmp(po->state, states[i]))
                        return true;
        return false;
}

int po_act(struct ledger *l, const struct actor *a, const char *number, enum po_action act,
           struct purchase_order **ret)
{
        static const char *const from_draft[] = { "draft", NULL };
        static const char *const from_approved[] = { "approved", NULL };
        static const char *const cancellable[] = { "draft", "approved", "sent", NULL };
        static const char *const closable[] = { "partly_received", NULL };
        static const struct {
                const char *to;
                const char *const *from;
        } acts[] = {
                [PO_APPROVE] = { "approved", from_draft },
                [PO_SEND] = { "sent", from_approved },
                [PO_CANCEL] = { "cancelled", cancellable },
                [PO_CLOSE] = { "closed", closable },
        };
        struct purchase_order *po = NULL;
        const char *approver = NULL;
        int r;

        clear_err(l);
        if ((unsigned)act > PO_CLOSE)
                return fail(l, -EINVAL, "BAD_ACTION", "no such action");
        if (act == PO_APPROVE) {
                if ((r = need_manager(l, a, "approving an order")) < 0)
                        return r;
                approver = a->approver ? a->approver : a->user;
        }
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = po_get(l, number, &po)) < 0)
                goto fail;
        if (!in_state(po, acts[act].from)) {
                r = fail(l, -EBUSY, "PO_WRONG_STATE", "order %s is %s: it cannot be %s now", po->number, po->state,
                         acts[act].to);
                goto fail;
        }
        if ((r = set_state(l, po->id, acts[act].to, approver)) < 0 ||
            (r = audit_add(l, a, "po_state", "%s %s -> %s", po->number, po->state, acts[act].to)) < 0)
                goto fail;
        po_free(po);
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return po_get(l, number, ret);
fail:
        po_free(po);
        tx_rollback(l);
        return r;
}

static int add_received(struct ledger *l, int64_t po_id, const struct po_receive_line *in)
{
        static const char sql[] =
                "UPDATE purchase_order_lines SET received = received + ?3, rejected = rejected + ?4 "
                "WHERE po_id = ?1 AND line = ?2";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, po_id);
        sqlite3_bind_int(st, 2, in->line);
        sqlite3_bind_int64(st, 3, in->qty);
        sqlite3_bind_int64(st, 4, in->rejected);
        return step_done(l, st, "recording goods received");
}

static int link_receipt(struct ledger *l, int64_t receipt_id, int64_t po_id)
{
        static const char sql[] = "UPDATE goods_receipts SET po_id = ?2 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, receipt_id);
        sqlite3_bind_int64(st, 2, po_id);
        return step_done(l, st, "linking a receipt to its order");
}

/* The receipt's lines (what is accepted), checked against what is still to come; their
 * count, or an error. */
static int receive_lines(struct ledger *l, const struct purchase_order *po, const struct po_receive_line *in, size_t n,
                         bool may_exceed, struct receipt_line_in *out)
{
        struct unit_info unit;
        int accepted = 0, r;

        for (size_t i = 0; i < n; i++) {
                const struct po_line *ln = NULL;
                for (size_t j = 0; j < po->nlines; j++)
                        if (po->lines[j].line == in[i].line)
                                ln = &po->lines[j];
                if (!ln)
                        return fail(l, -EINVAL, "UNKNOWN_LINE", "order %s has no line %d", po->number, in[i].line);
                for (size_t k = 0; k < i; k++)
                        if (in[k].line == in[i].line)
                                return fail(l, -EINVAL, "DUPLICATE_LINE", "line %d is given twice", in[i].line);
                if (in[i].qty < 0 || in[i].rejected < 0 || in[i].qty + in[i].rejected <= 0 || in[i].rejected > ln->qty)
                        return fail(l, -EINVAL, "BAD_QUANTITY", "line %d: give what was accepted or refused, more than "
                                    "none and not more than was ordered", ln->line);
                if ((r = unit_get(l, ln->unit, &unit)) < 0)
                        return r;
                if (!unit_qty_ok(&unit, in[i].qty) || !unit_qty_ok(&unit, in[i].rejected))
                        return fail(l, -EINVAL, "BAD_QUANTITY", "line %d: %s comes in whole %s", ln->line, ln->sku,
                                    ln->unit);
                if (in[i].qty > ln->qty - ln->received && !may_exceed)
                        return fail(l, -EINVAL, "RECEIVE_EXCEEDS_ORDER",
                                    "line %d (%s): %lld.%03lld would come in, more than is still on order: a manager "
                                    "approves it", ln->line, ln->sku, (long long)(in[i].qty / 1000),
                                    (long long)(in[i].qty % 1000));
                if (in[i].qty)
                        out[accepted++] = (struct receipt_line_in){ ln->sku, in[i].qty, ln->unit_cost, in[i].lot,
                                                                   in[i].expires_at };
        }
        return accepted;
}

/* Whether every line has all it ordered once this delivery's accepted goods are counted
 * (lines were checked to be distinct). */
static bool all_in(const struct purchase_order *po, const struct po_receive_line *in, size_t n)
{
        for (size_t j = 0; j < po->nlines; j++) {
                int64_t received = po->lines[j].received;
                for (size_t i = 0; i < n; i++)
                        if (in[i].line == po->lines[j].line)
                                received += in[i].qty;
                if (received < po->lines[j].qty)
                        return false;
        }
        return true;
}

int po_receive(struct ledger *l, const struct actor *a, const char *idem_key, const char *location,
               const char *number, const struct po_receive_line *lines, size_t n, struct doc_result *ret_receipt,
               struct purchase_order **ret)
{
        static const char *const receivable[] = { "approved", "sent", "partly_received", NULL };
        struct receipt_line_in *rl = NULL;
        struct purchase_order *po = NULL;
        struct doc_result d = { 0 };
        int r, accepted;

        clear_err(l);
        if (n == 0 || n > PO_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "receive 1 to %d lines", PO_LINES_MAX);
        if (!(rl = calloc(n, sizeof(*rl))))
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        if ((r = tx_begin(l)) < 0)
                goto out;
        if ((r = po_get(l, number, &po)) < 0)
                goto fail;
        if (!in_state(po, receivable)) {
                r = fail(l, -EBUSY, "PO_WRONG_STATE", "order %s is %s: goods come in against approved or sent orders",
                         po->number, po->state);
                goto fail;
        }
        if ((r = accepted = receive_lines(l, po, lines, n, a->is_manager || a->approver, rl)) < 0)
                goto fail;
        if (accepted) {
                struct receipt_in in = { { idem_key, a->user, NULL, location, 0 }, po->supplier_name, po->number, rl,
                                         (size_t)accepted };
                if ((r = post_goods_receipt(l, &in, &d)) < 0)
                        goto fail;
        }
        if (!d.replayed) {
                for (size_t i = 0; i < n; i++) {
                        if ((r = add_received(l, po->id, &lines[i])) < 0)
                                goto fail;
                        const struct po_line *ln = NULL;
                        for (size_t j = 0; j < po->nlines; j++)
                                if (po->lines[j].line == lines[i].line)
                                        ln = &po->lines[j];
                        if (ln && lines[i].qty > ln->qty - ln->received &&
                            (r = audit_add(l, a, "po_over_receipt", "%s line %d: more than ordered came in, approved by %s",
                                           po->number, lines[i].line, a->approver ? a->approver : a->user)) < 0)
                                goto fail;
                        if (lines[i].rejected && (r = audit_add(l, a, "po_reject", "%s line %d: %lld.%03lld refused",
                                                                 po->number, lines[i].line,
                                                                 (long long)(lines[i].rejected / 1000),
                                                                 (long long)(lines[i].rejected % 1000))) < 0)
                                goto fail;
                }
                if ((accepted && (r = link_receipt(l, d.id, po->id)) < 0) ||
                    (r = set_state(l, po->id, all_in(po, lines, n) ? "received" : "partly_received", NULL)) < 0)
                        goto fail;
        }
        if ((r = tx_commit(l)) < 0)
                goto out; /* tx_commit rolled back */
        po_free(po);
        po = NULL;
        if ((r = po_get(l, number, &po)) < 0)
                goto out;
        *ret_receipt = d;
        *ret = po;
        po = NULL;
        goto out;
fail:
        tx_rollback(l);
out:
        po_free(po);
        free(rl);
        return r;
}
