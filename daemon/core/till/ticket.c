/* Tickets: a sale being rung up, kept in the database line by line. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "till/checkout.h"
#include "ledger/money.h"
#include "till/checkout_int.h"

const char *discount_kind_name(enum discount_kind k)
{
        return k == DISCOUNT_PERCENT ? "percent" : k == DISCOUNT_AMOUNT ? "amount" : "none";
}

static enum discount_kind discount_kind_parse(const char *s)
{
        return !strcmp(s, "percent") ? DISCOUNT_PERCENT : !strcmp(s, "amount") ? DISCOUNT_AMOUNT : DISCOUNT_NONE;
}

struct ticket *ticket_free(struct ticket *t)
{
        if (t)
                free(t->lines);
        free(t);
        return NULL;
}

/* ---- reading and pricing ---------------------------------------------------------- */

int64_t discount_of(struct discount d, int64_t base)
{
        int64_t v = 0;

        if (d.kind == DISCOUNT_PERCENT)
                (void)muldiv_round(base, d.value, 10000, &v);
        else if (d.kind == DISCOUNT_AMOUNT)
                v = d.value;
        return v < 0 ? 0 : v > base ? base : v;
}

/* Line discounts first; the ticket's discount is then shared out over what is left of
 * each line in proportion, the shares adding up to it exactly; tax per line. */
static void ticket_price(struct ticket *t, bool inclusive)
{
        int64_t net_sum = 0, ticket_off, left_off, left_net;
        struct line_price lp;

        t->subtotal = t->discount_total = t->total = t->tax = 0;
        for (size_t i = 0; i < t->nlines; i++) {
                struct ticket_line *ln = &t->lines[i];
                if (line_amount(ln->qty, ln->unit_price, &ln->gross) < 0)
                        ln->gross = 0;
                if (line_amount(ln->qty, ln->list_price, &ln->list_gross) < 0)
                        ln->list_gross = 0;
                ln->discount_amount = discount_of(ln->discount, ln->gross);
                net_sum += ln->gross - ln->discount_amount;
        }
        ticket_off = discount_of(t->discount, net_sum);
        t->net = net_sum;
        t->ticket_off = ticket_off;
        left_off = ticket_off;
        left_net = net_sum;
        for (size_t i = 0; i < t->nlines; i++) {
                struct ticket_line *ln = &t->lines[i];
                int64_t net = ln->gross - ln->discount_amount, share = 0;
                if (left_net > 0)
                        (void)muldiv_round(left_off, net, left_net, &share);
                if (share > net)
                        share = net;
                left_off -= share;
                left_net -= net;
                ln->share = share;
                ln->discount_amount += share;
                if (price_line(ln->qty, ln->unit_price, ln->discount_amount, ln->tax_rate_bp, inclusive, &lp) == 0) {
                        ln->amount = lp.amount;
                        ln->tax = lp.tax;
                }
                t->subtotal += ln->gross;
                t->discount_total += ln->discount_amount;
                t->total += ln->amount;
                t->tax += ln->tax;
        }
        t->paid = 0;
        for (size_t i = 0; i < t->npayments; i++)
                t->paid += t->payments[i].amount;
        t->due = t->total - t->paid;
}

static int load_head(struct ledger *l, const char *id, struct ticket *t)
{
        static const char sql[] =
                "SELECT t.id, t.lane, coalesce(t.user, ''), t.state, t.discount_kind, t.discount_value, t.version,"
                " coalesce(s.number, ''), coalesce(t.approved_off, -1),"
                " coalesce(t.customer_id, 0), coalesce(c.name, ''), coalesce(c.phone, ''), t.updated_at "
                "FROM tickets t LEFT JOIN sales s ON s.id = t.sale_id LEFT JOIN customers c ON c.id = t.customer_id "
                "WHERE t.id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a ticket")) == 1) {
                snprintf(t->id, sizeof(t->id), "%s", (const char *)sqlite3_column_text(st, 0));
                snprintf(t->lane, sizeof(t->lane), "%s", (const char *)sqlite3_column_text(st, 1));
                snprintf(t->user, sizeof(t->user), "%s", (const char *)sqlite3_column_text(st, 2));
                snprintf(t->state, sizeof(t->state), "%s", (const char *)sqlite3_column_text(st, 3));
                t->discount.kind = discount_kind_parse((const char *)sqlite3_column_text(st, 4));
                t->discount.value = sqlite3_column_int64(st, 5);
                t->version = sqlite3_column_int64(st, 6);
                snprintf(t->sale_number, sizeof(t->sale_number), "%s", (const char *)sqlite3_column_text(st, 7));
                t->approved_off = sqlite3_column_int64(st, 8);
                t->customer_id = sqlite3_column_int64(st, 9);
                utf8_cut(t->customer_name, sizeof(t->customer_name), (const char *)sqlite3_column_text(st, 10));
                utf8_cut(t->customer_phone, sizeof(t->customer_phone), (const char *)sqlite3_column_text(st, 11));
                t->updated_at = sqlite3_column_int64(st, 12);
        }
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_TICKET", "no ticket %.40s", id);
        return r < 0 ? r : 0;
}

static int load_lines(struct ledger *l, struct ticket *t)
{
        static const char sql[] =
                "SELECT l.line, p.sku, p.name, p.unit, l.qty, l.unit_price, p.price, l.price_overridden_by IS NOT NULL,"
                " l.discount_kind, l.discount_value, r.rate_bp, coalesce(l.approved_off, -1),"
                " coalesce(l.list_price, l.unit_price), p.spec,"
                " coalesce((SELECT u.measured FROM units u WHERE u.code = p.unit), 0) FROM ticket_lines l "
                "JOIN products p ON p.id = l.product_id JOIN tax_rates r ON r.id = p.tax_rate_id "
                "WHERE l.ticket_id = ?1 AND l.voided = 0 ORDER BY l.line";
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        size_t cap = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->nlines < TICKET_LINES_MAX) {
                struct ticket_line *ln;
                /* a basket is small: grow as it comes */
                if (grow(l, (void **)&t->lines, &cap, t->nlines, sizeof(*ln)) < 0) {
                        sqlite3_reset(st);
                        return l->e.num;
                }
                ln = &t->lines[t->nlines++];
                memset(ln, 0, sizeof(*ln));
                ln->line = sqlite3_column_int(st, 0);
                snprintf(ln->sku, sizeof(ln->sku), "%s", (const char *)sqlite3_column_text(st, 1));
                utf8_cut(ln->name, sizeof(ln->name), (const char *)sqlite3_column_text(st, 2));
                snprintf(ln->unit, sizeof(ln->unit), "%s", (const char *)sqlite3_column_text(st, 3));
                ln->qty = sqlite3_column_int64(st, 4);
                ln->unit_price = sqlite3_column_int64(st, 5);
                ln->catalog_price = sqlite3_column_int64(st, 6);
                ln->price_overridden = sqlite3_column_int(st, 7);
                ln->discount.kind = discount_kind_parse((const char *)sqlite3_column_text(st, 8));
                ln->discount.value = sqlite3_column_int64(st, 9);
                ln->tax_rate_bp = sqlite3_column_int(st, 10);
                ln->approved_off = sqlite3_column_int64(st, 11);
                ln->list_price = sqlite3_column_int64(st, 12);
                utf8_cut(ln->spec, sizeof(ln->spec), (const char *)sqlite3_column_text(st, 13));
                ln->measured = sqlite3_column_int(st, 14);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading ticket lines");
}

static int load_payments(struct ledger *l, struct ticket *t)
{
        static const char sql[] = "SELECT method, amount, seq FROM ticket_payments WHERE ticket_id = ?1 ORDER BY seq";
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->npayments < DOC_PAYMENTS_MAX) {
                struct payment *p = &t->payments[t->npayments];
                (void)tender_parse((const char *)sqlite3_column_text(st, 0), &p->method);
                p->amount = sqlite3_column_int64(st, 1);
                t->payment_seq[t->npayments++] = sqlite3_column_int(st, 2);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading ticket payments");
}

/* The whole ticket, priced; tickets of other lanes are not visible. */
int ticket_load_lane(struct ledger *l, const char *lane, const char *id, struct ticket **ret)
{
        struct ticket *t = calloc(1, sizeof(*t));
        struct store_info store;
        int r;

        if (!t)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        if (!id || strnlen(id, TICKET_ID_LEN + 1) > TICKET_ID_LEN) {
                r = fail(l, -ENOENT, "UNKNOWN_TICKET", "no ticket %.40s", id ? id : "");
                goto fail;
        }
        if ((r = load_head(l, id, t)) < 0)
                goto fail;
        if (lane && strcmp(t->lane, lane) != 0) {
                r = fail(l, -ENOENT, "UNKNOWN_TICKET", "no ticket %s on lane %s", id, lane);
                goto fail;
        }
        if ((r = load_lines(l, t)) < 0 || (r = load_payments(l, t)) < 0 || (r = store_get(l, &store)) < 0)
                goto fail;
        ticket_price(t, store.prices_include_tax);
        *ret = t;
        return 0;
fail:
        ticket_free(t);
        return r;
}

int ticket_get(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret)
{
        clear_err(l);
        return ticket_load_lane(l, a->lane, id, ret);
}

int ticket_current(struct ledger *l, const char *lane, char ret_id[static TICKET_ID_LEN + 1])
{
        static const char sql[] = "SELECT id FROM tickets WHERE lane = ?1 AND state = 'open'";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, lane ? lane : "", -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding the open ticket")) == 1)
                snprintf(ret_id, TICKET_ID_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "NO_OPEN_TICKET", "lane %s has no open ticket", lane ? lane : "?");
        return r < 0 ? r : 0;
}

#define TICKET_LIST_MAX 50

int ticket_each(struct ledger *l, const char *lane, const char *state, int (*fn)(const struct ticket *, void *), void *ud)
{
        static const char sql[] =
                "SELECT id FROM tickets WHERE lane = ?1 AND state = ?2 ORDER BY updated_at DESC LIMIT 50";
        char ids[TICKET_LIST_MAX][TICKET_ID_LEN + 1];
        sqlite3_stmt *st = stmt(l, sql);
        int n = 0, rc, r = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, lane, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < TICKET_LIST_MAX)
                snprintf(ids[n++], TICKET_ID_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
                return fail_sql(l, rc, "listing tickets");
        /* the ids first, then each ticket: loading uses the same cached statements */
        for (int i = 0; i < n && r == 0; i++) {
                struct ticket *t = NULL;
                if ((r = ticket_load_lane(l, lane, ids[i], &t)) == 0)
                        r = fn(t, ud);
                ticket_free(t);
        }
        return r < 0 ? r : n;
}

int ticket_exec(struct ledger *l, const char *sql, const char *id, int64_t a, int64_t b, const char *what)
{
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, a);
        sqlite3_bind_int64(st, 3, b);
        return step_done(l, st, what);
}

int ticket_mark_completed(struct ledger *l, const char *ticket_id, int64_t version, int64_t sale_id, int64_t at)
{
        static const char sql[] =
                "UPDATE tickets SET state = 'completed', sale_id = ?2, updated_at = ?3, version = version + 1 "
                "WHERE id = ?1 AND state = 'open' AND version = ?4";
        static const char customer[] =
                "UPDATE sales SET customer_id = (SELECT customer_id FROM tickets WHERE id = ?2) WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, ticket_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, sale_id);
        sqlite3_bind_int64(st, 3, at);
        sqlite3_bind_int64(st, 4, version);
        if ((r = step_done(l, st, "completing a ticket")) < 0)
                return r;
        if (sqlite3_changes(l->db) == 0)
                return fail(l, -EAGAIN, "TICKET_CHANGED", "ticket %s changed while it was being completed", ticket_id);
        /* the sale is made out to the ticket's customer */
        if (!(st = stmt(l, customer)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, sale_id);
        sqlite3_bind_text(st, 2, ticket_id, -1, SQLITE_TRANSIENT);
        return step_done(l, st, "recording the sale's customer");
}
