/* Sales orders: see sales_order.h. The order is working data; its shipment, invoice and
 * credit notes are posted documents, journalled like a sale. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selling/accounts.h"
#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "people/customers.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "selling/sales_order.h"


#define SO_FIELDS                                                                                              \
        "SELECT o.id, o.number, o.customer_id, c.name, loc.code, o.state, o.note, coalesce(o.created_by, ''),"  \
        " coalesce(o.approved_by, ''), coalesce(sh.number, ''), coalesce(ci.number, ''), o.total, o.tax,"       \
        " o.created_at, o.updated_at, coalesce(ci.due_at, 0) "                                                 \
        "FROM sales_orders o JOIN customers c ON c.id = o.customer_id JOIN locations loc ON loc.id = o.location_id " \
        "LEFT JOIN shipments sh ON sh.so_id = o.id LEFT JOIN customer_invoices ci ON ci.so_id = o.id "

#define SO struct sales_order
#define LN struct so_line
static const struct col so_cols[] = {
        COL_I64(SO, id),          COL_TEXT(SO, number),    COL_I64(SO, customer_id), COL_TEXT(SO, customer),
        COL_TEXT(SO, location),   COL_TEXT(SO, state),     COL_TEXT(SO, note),       COL_TEXT(SO, created_by),
        COL_TEXT(SO, approved_by), COL_TEXT(SO, shipment), COL_TEXT(SO, invoice),    COL_I64(SO, total),
        COL_I64(SO, tax),         COL_I64(SO, created_at), COL_I64(SO, updated_at),  COL_I64(SO, due_at),
};
static const struct col so_line_cols[] = {
        COL_INT(LN, line),  COL_TEXT(LN, sku),       COL_TEXT(LN, name),   COL_TEXT(LN, unit),
        COL_I64(LN, qty),   COL_I64(LN, unit_price), COL_I64(LN, amount),  COL_I64(LN, tax),
        COL_I64(LN, returned), COL_INT(LN, tax_rate_bp),
};
static const struct doc_view so_view = {
        DOC_SALES_ORDER,
        SO_FIELDS "WHERE o.number = ?1",
        ROW_SHAPE(SO, so_cols),
        "SELECT ol.line, p.sku, p.name, p.unit, ol.qty, ol.unit_price, ol.amount, ol.tax, ol.returned,"
        " ol.tax_rate_bp FROM sales_order_lines ol JOIN products p ON p.id = ol.product_id "
        "WHERE ol.so_id = ?1 ORDER BY ol.line",
        ROW_SHAPE(LN, so_line_cols),
        offsetof(SO, id), offsetof(SO, lines), offsetof(SO, nlines),
};
#undef LN
#undef SO

struct sales_order *so_free(struct sales_order *so)
{
        return doc_free(&so_view, so);
}

int so_get(struct ledger *l, const char *number, struct sales_order **ret)
{
        void *so;
        int r = doc_get(l, &so_view, number, &so);

        if (r == 0)
                *ret = so;
        return r;
}

struct so_each { int (*fn)(const struct sales_order *, void *); void *ud; };
static int so_row(const void *row, void *ud) { const struct so_each *e = ud; return e->fn(row, e->ud); }

int so_each(struct ledger *l, const char *state, int64_t customer_id, int limit,
            int (*fn)(const struct sales_order *, void *), void *ud)
{
        static const char sql[] =
                SO_FIELDS "WHERE (?1 = '' OR o.state = ?1) AND (?2 = 0 OR o.customer_id = ?2) ORDER BY o.id DESC LIMIT ?3";
        struct so_each e = { fn, ud };
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, state ? state : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, customer_id);
        sqlite3_bind_int(st, 3, limit);
        return doc_rows(l, &so_view, st, so_row, &e, "listing sales orders");
}

/* ---- ordering ---- */

/* A price below the catalog's gives goods away as a till's price override does: a manager's. */
static int add_line(struct ledger *l, const struct actor *a, int64_t so_id, size_t i, const struct so_line_in *in,
                    bool inclusive, int64_t *total, int64_t *tax, bool *below)
{
        static const char sql[] =
                "INSERT INTO sales_order_lines(so_id, line, product_id, qty, unit_price, amount, tax_rate_bp, tax) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        struct product p;
        struct unit_info unit;
        struct line_price lp;
        int64_t price;
        sqlite3_stmt *st;
        int r;

        if ((r = check_qty(l, in->qty, i + 1, false)) < 0)
                return r;
        if ((r = product_get_by_sku(l, in->sku, &p)) < 0) {
                struct ledger_error e = l->e; /* fail() writes where it reads from */
                return fail(l, r, e.code, "line %zu: %s", i + 1, e.msg);
        }
        if ((r = unit_get(l, p.unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, in->qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s is sold in whole %s", i + 1, p.sku, p.unit);
        price = in->unit_price < 0 ? p.price : in->unit_price;
        if (price < p.price) {
                char what[96];
                snprintf(what, sizeof(what), "line %zu: %s below its catalogue price", i + 1, p.sku);
                if ((r = need_manager(l, a, what)) < 0)
                        return r;
                *below = true;
        }
        if (price > MONEY_MAX || price_line(in->qty, price, 0, p.tax_rate_bp, inclusive, &lp) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the amount is out of range", i + 1);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, so_id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, p.id);
        sqlite3_bind_int64(st, 4, in->qty);
        sqlite3_bind_int64(st, 5, price);
        sqlite3_bind_int64(st, 6, lp.amount);
        sqlite3_bind_int(st, 7, p.tax_rate_bp);
        sqlite3_bind_int64(st, 8, lp.tax);
        *total += lp.amount;
        *tax += lp.tax;
        return step_done(l, st, "adding an order line");
}

/* A manager's approval of the order, on record with it. */
static int record_approval(struct ledger *l, const struct actor *a, int64_t so_id, const char **approver)
{
        static const char approve[] = "UPDATE sales_orders SET approved_by = ?2 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, approve);

        if (!st)
                return l->e.num;
        *approver = a->approver ? a->approver : a->user;
        sqlite3_bind_int64(st, 1, so_id);
        sqlite3_bind_text(st, 2, *approver, -1, SQLITE_TRANSIENT);
        return step_done(l, st, "recording the approval");
}

/* What the customer would owe with this order: its balance and every order not yet
 * invoiced. Over the limit, a manager's to say (*over). */
static int credit_check(struct ledger *l, const struct actor *a, const struct customer *c, bool *over)
{
        static const char open_sql[] =
                "SELECT coalesce(sum(total), 0) FROM sales_orders WHERE customer_id = ?1 "
                "AND state IN ('ordered', 'picked', 'shipped')";
        struct account_summary sum;
        sqlite3_stmt *st;
        int64_t open = 0;
        int r;

        if ((r = customer_account(l, c->id, ledger_now_ms(l), NULL, NULL, &sum)) < 0 || !(st = stmt(l, open_sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, c->id);
        if ((r = step_one(l, st, "reading open orders")) == 1)
                open = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r < 0)
                return r;
        if (sum.balance + open <= c->credit_limit)
                return 0;
        if (!a->is_manager && !a->approver)
                return fail(l, -EPERM, "CREDIT_LIMIT",
                            "%s would owe more than the credit limit: a manager approves it or it is paid first", c->name);
        *over = true;
        return 0;
}

int so_create(struct ledger *l, const struct actor *a, const struct so_input *in, struct sales_order **ret)
{
        static const char head[] =
                "INSERT INTO sales_orders(number, customer_id, location_id, note, total, tax, created_by, created_at,"
                " updated_at) VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?6, ?6)";
        static const char sums[] = "UPDATE sales_orders SET total = ?2, tax = ?3 WHERE id = ?1";
        char number[DOC_NUMBER_MAX + 1];
        const char *approver = NULL;
        struct store_info si;
        struct customer c;
        int64_t id, loc, total = 0, tax = 0;
        bool below = false, over = false;
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if (in->nlines == 0 || in->nlines > SO_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "an order has 1 to %d lines", SO_LINES_MAX);
        if ((r = check_text(l, "note", in->note, NAME_MAX_LEN, false)) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = customer_get(l, in->customer_id, &c)) < 0 || (r = location_find(l, in->location, &loc)) < 0 ||
            (r = store_get(l, &si)) < 0 || (r = doc_number(l, DOC_SALES_ORDER, number)) < 0)
                goto fail;
        if (!(st = stmt(l, head))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, c.id);
        sqlite3_bind_int64(st, 3, loc);
        sqlite3_bind_text(st, 4, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, a->user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, ledger_now_ms(l));
        if ((r = step_done(l, st, "adding a sales order")) < 0)
                goto fail;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = add_line(l, a, id, i, &in->lines[i], si.prices_include_tax, &total, &tax, &below)) < 0)
                        goto fail;
        if (!(st = stmt(l, sums))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, total);
        sqlite3_bind_int64(st, 3, tax);
        if ((r = step_done(l, st, "adding a sales order")) < 0 || (r = credit_check(l, a, &c, &over)) < 0 ||
            ((below || over) && (r = record_approval(l, a, id, &approver)) < 0) ||
            (r = audit_add(l, a, "so_create", "%s for %s%s%s%s%s", number, c.name, below ? ", below catalogue prices" : "",
                           over ? ", over the credit limit" : "", approver ? ", approved by " : "",
                           approver ? approver : "")) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return so_get(l, number, ret);
fail:
        tx_rollback(l);
        return r;
}

static int set_state(struct ledger *l, int64_t id, const char *state)
{
        static const char sql[] = "UPDATE sales_orders SET state = ?2, updated_at = ?3 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, ledger_now_ms(l));
        return step_done(l, st, "changing a sales order");
}

static int wrong_state(struct ledger *l, const struct sales_order *so, const char *what)
{
        return fail(l, -EBUSY, "SO_WRONG_STATE", "order %s is %s: it cannot be %s now", so->number, so->state, what);
}

int so_act(struct ledger *l, const struct actor *a, const char *number, enum so_action act, struct sales_order **ret)
{
        struct sales_order *so = NULL;
        const char *to = act == SO_PICK ? "picked" : "cancelled";
        int r;

        clear_err(l);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = so_get(l, number, &so)) < 0)
                goto fail;
        if (act == SO_PICK ? strcmp(so->state, "ordered") != 0
                           : strcmp(so->state, "ordered") != 0 && strcmp(so->state, "picked") != 0) {
                r = wrong_state(l, so, to);
                goto fail;
        }
        if ((r = set_state(l, so->id, to)) < 0 ||
            (r = audit_add(l, a, "so_state", "%s %s -> %s", so->number, so->state, to)) < 0)
                goto fail;
        so_free(so);
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return so_get(l, number, ret);
fail:
        so_free(so);
        tx_rollback(l);
        return r;
}

/* ---- the posted steps ---- */

/* Each step posts one document about an order in the order's state `from`, at the
 * order's location; step() writes it and returns its id. */
typedef int (*so_step_fn)(struct ledger *l, struct posting *p, const struct sales_order *so, const void *arg,
                          int64_t *ret_id);

static int so_post(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
                   enum doc_type type, const char *from, const char *to, const char *what, so_step_fn step,
                   const void *arg, void (*fingerprint)(struct posting *, const void *), struct doc_result *ret_doc,
                   struct sales_order **ret)
{
        struct sales_order *so = NULL;
        struct doc_head h = { idem_key, a->user, NULL, NULL, 0 };
        char location[CODE_MAX_LEN + 1];
        struct doc_result d;
        struct posting p;
        int64_t id;
        int r;

        clear_err(l);
        if ((r = so_get(l, number, &so)) < 0)
                return r;
        snprintf(location, sizeof(location), "%s", so->location); /* the order is read again below */
        h.location = location;
        if ((r = posting_init(l, &p, type, &h)) < 0)
                goto out;
        req_str(&p, number);
        if (fingerprint)
                fingerprint(&p, arg);
        if ((r = posting_begin(l, &p, &d)) != 0) {
                r = r < 0 ? r : 0;
                goto done;
        }
        so = so_free(so);
        if ((r = so_get(l, number, &so)) < 0)
                goto abort;
        if (strcmp(so->state, from) != 0) {
                r = wrong_state(l, so, what);
                goto abort;
        }
        if ((r = step(l, &p, so, arg, &id)) < 0 || (to && (r = set_state(l, so->id, to)) < 0))
                goto abort;
        if ((r = posting_end(l, &p, id, &d)) < 0)
                goto out;
done:
        so = so_free(so);
        if (r == 0 && (r = so_get(l, number, &so)) == 0) {
                *ret_doc = d;
                *ret = so;
                so = NULL;
        }
        goto out;
abort:
        posting_abort(l, r);
out:
        so_free(so);
        return r;
}

static int ship_step(struct ledger *l, struct posting *p, const struct sales_order *so, const void *arg,
                     int64_t *ret_id)
{
        static const char head[] = "INSERT INTO shipments(number, at, user, so_id, location_id, cost) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, 0)";
        static const char line[] = "INSERT INTO shipment_lines(shipment_id, line, product_id, qty, unit_cost, cost) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        char number[DOC_NUMBER_MAX + 1];
        sqlite3_stmt *st;
        int64_t id, cost = 0;
        int r;
        (void)arg;

        if ((r = doc_number(l, DOC_SHIPMENT, number)) < 0 || !(st = stmt(l, head)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_int64(st, 4, so->id);
        sqlite3_bind_int64(st, 5, p->location_id);
        if ((r = step_done(l, st, "recording a shipment")) < 0)
                return r;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < so->nlines; i++) {
                const struct so_line *ln = &so->lines[i];
                struct product pr;
                int64_t on_hand = 0, c;
                if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0)
                        return r;
                if ((r = stock_out(l, p, id, pr.id, ln->qty, &c, &on_hand)) < 0)
                        return r;
                if (on_hand < 0) {
                        char held[32];
                        decimal_format(on_hand + ln->qty, QTY_SCALE, true, held, sizeof(held));
                        return fail(l, -EINVAL, "INSUFFICIENT_STOCK", "line %d: %s holds only %s %s of %s", ln->line,
                                    so->location, held, ln->unit, ln->sku);
                }
                if (!(st = stmt(l, line)))
                        return l->e.num;
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int(st, 2, ln->line);
                sqlite3_bind_int64(st, 3, pr.id);
                sqlite3_bind_int64(st, 4, ln->qty);
                sqlite3_bind_int64(st, 5, pr.avg_cost);
                sqlite3_bind_int64(st, 6, c);
                if ((r = step_done(l, st, "recording a shipment line")) < 0)
                        return r;
                cost += c;
        }
        *ret_id = id;
        return doc_set_total(l, DOC_SHIPMENT, id, cost);
}

int so_ship(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
            struct doc_result *ret_doc, struct sales_order **ret)
{
        return so_post(l, a, idem_key, number, DOC_SHIPMENT, "picked", "shipped", "shipped", ship_step, NULL, NULL,
                       ret_doc, ret);
}

static int invoice_step(struct ledger *l, struct posting *p, const struct sales_order *so, const void *arg,
                        int64_t *ret_id)
{
        static const char sql[] = "INSERT INTO customer_invoices(number, at, user, customer_id, so_id, due_at, total, tax) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        char number[DOC_NUMBER_MAX + 1];
        struct customer c;
        sqlite3_stmt *st;
        int r;
        (void)arg;

        if ((r = customer_get(l, so->customer_id, &c)) < 0 || (r = doc_number(l, DOC_CUSTOMER_INVOICE, number)) < 0 ||
            !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_int64(st, 4, so->customer_id);
        sqlite3_bind_int64(st, 5, so->id);
        sqlite3_bind_int64(st, 6, p->at + c.terms_days * DAY_MS);
        sqlite3_bind_int64(st, 7, so->total);
        sqlite3_bind_int64(st, 8, so->tax);
        if ((r = step_done(l, st, "recording an invoice")) < 0)
                return r;
        *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

int so_invoice(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
               struct doc_result *ret_doc, struct sales_order **ret)
{
        return so_post(l, a, idem_key, number, DOC_CUSTOMER_INVOICE, "shipped", "invoiced", "invoiced", invoice_step,
                       NULL, NULL, ret_doc, ret);
}

struct return_arg {
        const struct so_return_line *lines;
        size_t n;
        const char *reason;
};

static void return_fingerprint(struct posting *p, const void *arg)
{
        const struct return_arg *ra = arg;

        req_str(p, ra->reason);
        for (size_t i = 0; i < ra->n; i++) {
                req_int(p, ra->lines[i].line);
                req_int(p, ra->lines[i].qty);
        }
}

/* The cost a line shipped at, and the shipment. */
/* The order line's shipment: its unit cost, what the line's stock was worth, its id. */
static int shipped_cost(struct ledger *l, int64_t so_id, int line, int64_t *ret, int64_t *ret_cost,
                        int64_t *ret_shipment)
{
        static const char sql[] =
                "SELECT sl.unit_cost, s.id, sl.cost FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id "
                "WHERE s.so_id = ?1 AND sl.line = ?2";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, so_id);
        sqlite3_bind_int(st, 2, line);
        if ((r = step_one(l, st, "reading a shipment")) == 1) {
                *ret = sqlite3_column_int64(st, 0);
                *ret_shipment = sqlite3_column_int64(st, 1);
                *ret_cost = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

/* The part of whole for qty more after done of of: R(done + qty) - R(done). */
static int share(int64_t whole, int64_t done, int64_t qty, int64_t of, int64_t *ret)
{
        int64_t before, after;

        if (muldiv_round(whole, done, of, &before) < 0 || muldiv_round(whole, done + qty, of, &after) < 0)
                return -ERANGE;
        *ret = after - before;
        return 0;
}

/* One line back: its share of the line's amount and tax, stock in at the shipped cost. */
static int return_line(struct ledger *l, struct posting *p, const struct sales_order *so, int64_t credit_id, size_t i,
                       const struct so_return_line *in, int64_t sums[3])
{
        static const char ins[] =
                "INSERT INTO credit_note_lines(credit_id, line, so_line, product_id, qty, amount, tax, unit_cost, cost) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        static const char upd[] = "UPDATE sales_order_lines SET returned = returned + ?3 WHERE so_id = ?1 AND line = ?2";
        const struct so_line *ln = NULL;
        struct product pr;
        struct unit_info unit;
        int64_t amount, tax, unit_cost = 0, shipped = 0, cost, ship_id = 0;
        sqlite3_stmt *st;
        int r;

        for (size_t j = 0; j < so->nlines; j++)
                if (so->lines[j].line == in->line)
                        ln = &so->lines[j];
        if (!ln)
                return fail(l, -EINVAL, "UNKNOWN_LINE", "order %s has no line %d", so->number, in->line);
        if (in->qty <= 0 || in->qty > ln->qty - ln->returned)
                return fail(l, -EINVAL, "RETURN_EXCEEDS_ORDER", "line %d (%s): more would come back than went out",
                            ln->line, ln->sku);
        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = shipped_cost(l, so->id, ln->line, &unit_cost, &shipped, &ship_id)) < 0)
                return r;
        if ((r = unit_get(l, ln->unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, in->qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %d: %s comes back in whole %s", ln->line, ln->sku, ln->unit);
        /* shares of what has come back so far, so that returning a line bit by bit adds up
         * to the line exactly */
        if (share(ln->amount, ln->returned, in->qty, ln->qty, &amount) < 0 ||
            share(ln->tax, ln->returned, in->qty, ln->qty, &tax) < 0 ||
            share(shipped, ln->returned, in->qty, ln->qty, &cost) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %d: out of range", ln->line);
        /* back in worth its share of what the shipment took, as a counter return is */
        if ((r = stock_in(l, p, credit_id, pr.id, in->qty, unit_cost, cost,
                          &(struct batch_src){ 0, "shipment", ship_id }, NULL)) < 0)
                return r < 0 ? r : fail(l, -EINVAL, "BAD_AMOUNT", "line %d: out of range", ln->line);
        if (!(st = stmt(l, ins)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, credit_id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int(st, 3, ln->line);
        sqlite3_bind_int64(st, 4, pr.id);
        sqlite3_bind_int64(st, 5, in->qty);
        sqlite3_bind_int64(st, 6, amount);
        sqlite3_bind_int64(st, 7, tax);
        sqlite3_bind_int64(st, 8, unit_cost);
        sqlite3_bind_int64(st, 9, cost);
        if ((r = step_done(l, st, "recording a credit note line")) < 0 || !(st = stmt(l, upd)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, so->id);
        sqlite3_bind_int(st, 2, ln->line);
        sqlite3_bind_int64(st, 3, in->qty);
        sums[0] += amount;
        sums[1] += tax;
        sums[2] += cost;
        return step_done(l, st, "recording what came back");
}

static int return_step(struct ledger *l, struct posting *p, const struct sales_order *so, const void *arg,
                       int64_t *ret_id)
{
        static const char head[] =
                "INSERT INTO credit_notes(number, at, user, customer_id, so_id, location_id, reason, total, tax, cost) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0)";
        static const char totals[] = "UPDATE credit_notes SET total = ?2, tax = ?3, cost = ?4 WHERE id = ?1";
        const struct return_arg *ra = arg;
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, sums[3] = { 0, 0, 0 };
        sqlite3_stmt *st;
        int r;

        for (size_t i = 0; i < ra->n; i++)
                for (size_t k = 0; k < i; k++)
                        if (ra->lines[k].line == ra->lines[i].line)
                                return fail(l, -EINVAL, "DUPLICATE_LINE", "line %d is given twice", ra->lines[i].line);
        if ((r = doc_number(l, DOC_CREDIT_NOTE, number)) < 0 || !(st = stmt(l, head)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_int64(st, 4, so->customer_id);
        sqlite3_bind_int64(st, 5, so->id);
        sqlite3_bind_int64(st, 6, p->location_id);
        sqlite3_bind_text(st, 7, ra->reason, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "recording a credit note")) < 0)
                return r;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < ra->n; i++)
                if ((r = return_line(l, p, so, id, i, &ra->lines[i], sums)) < 0)
                        return r;
        if (!(st = stmt(l, totals)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, sums[0]);
        sqlite3_bind_int64(st, 3, sums[1]);
        sqlite3_bind_int64(st, 4, sums[2]);
        *ret_id = id;
        return step_done(l, st, "recording credit note totals");
}

int so_return(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
              const struct so_return_line *lines, size_t n, const char *reason, struct doc_result *ret_doc,
              struct sales_order **ret)
{
        struct return_arg ra = { lines, n, reason };
        int r;

        clear_err(l);
        if (n == 0 || n > SO_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "return 1 to %d lines", SO_LINES_MAX);
        if ((r = check_text(l, "reason", reason, REASON_MAX_LEN, true)) < 0)
                return r;
        return so_post(l, a, idem_key, number, DOC_CREDIT_NOTE, "invoiced", NULL, "returned against", return_step, &ra,
                       return_fingerprint, ret_doc, ret);
}
