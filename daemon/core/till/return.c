/* Posting a return: against a sale (never more than sold minus already returned, refunds
 * never more than was paid for those lines, goods back at their recorded cost) or without
 * a receipt (a manager approves; catalog price and current cost). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "till/checkout.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "till/checkout_int.h"
#include "ledger/print_queue.h"
#include "people/users.h"

struct ret_line {
        int64_t product_id, qty, amount, tax, unit_cost, cost;
        int sale_line;
};

struct ret_ctx {
        struct posting p;
        const struct return_in *in;
        int64_t sale_id;
        int64_t total, tax, cost;
        bool inclusive;
        int minor_unit;
};

static int return_validate(struct ledger *l, struct ret_ctx *c)
{
        const struct return_in *in = c->in;
        int r;

        if ((r = check_text(l, "sale number", in->sale_number, DOC_NUMBER_MAX, false)) < 0 ||
            (r = check_text(l, "approved by", in->approved_by, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "reason", in->reason, REASON_MAX_LEN, false)) < 0)
                return r;
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a return has 1 to %d lines", DOC_LINES_MAX);
        if (in->nrefunds > DOC_PAYMENTS_MAX)
                return fail(l, -EINVAL, "BAD_PAYMENTS", "a return has at most %d refunds", DOC_PAYMENTS_MAX);
        req_int(&c->p, (int64_t)in->nlines);
        req_int(&c->p, (int64_t)in->nrefunds);
        req_str(&c->p, in->sale_number);
        req_str(&c->p, in->approved_by);
        req_str(&c->p, in->reason);
        req_int(&c->p, in->shift_id);
        for (size_t i = 0; i < in->nlines; i++) {
                const struct return_line_in *ln = &in->lines[i];
                if ((r = check_qty(l, ln->qty, i + 1, false)) < 0)
                        return r;
                if (in->sale_number) {
                        if (ln->line <= 0)
                                return fail(l, -EINVAL, "BAD_LINE", "line %zu: give the sale's line number", i + 1);
                        for (size_t j = 0; j < i; j++)
                                if (in->lines[j].line == ln->line)
                                        return fail(l, -EINVAL, "DUPLICATE_LINE",
                                                    "sale line %d is listed twice", ln->line);
                } else if ((r = check_text(l, "sku", ln->sku, CODE_MAX_LEN, true)) < 0) {
                        return r;
                }
                if (ln->unit_price > MONEY_MAX)
                        return fail(l, -EINVAL, "BAD_PRICE", "line %zu: price out of range", i + 1);
                req_int(&c->p, ln->line);
                req_str(&c->p, in->sale_number ? NULL : ln->sku);
                req_int(&c->p, ln->qty);
                req_int(&c->p, ln->unit_price < 0 ? -1 : ln->unit_price);
        }
        for (size_t i = 0; i < in->nrefunds; i++) {
                if ((unsigned)in->refunds[i].method >= TENDER__COUNT)
                        return fail(l, -EINVAL, "BAD_TENDER", "refund %zu: unknown method", i + 1);
                if (in->refunds[i].amount <= 0 || in->refunds[i].amount > MONEY_MAX)
                        return fail(l, -EINVAL, "BAD_AMOUNT", "refund %zu: the amount must be positive", i + 1);
                req_int(&c->p, in->refunds[i].method);
                req_int(&c->p, in->refunds[i].amount);
        }
        return 0;
}

/* A share of a line's figure. The running total is rounded, not each part: parts of a
 * line returned one by one never go negative and add up to exactly what was charged. */
static int64_t share(int64_t whole, int64_t whole_qty, int64_t already, int64_t returned_qty, int64_t qty)
{
        int64_t upto = whole;

        if (returned_qty + qty < whole_qty)
                (void)muldiv_round(whole, returned_qty + qty, whole_qty, &upto);
        return upto - already;
}

static int line_from_sale(struct ledger *l, struct ret_ctx *c, size_t i, struct ret_line *out)
{
        static const char sql[] =
                "SELECT sl.product_id, sl.qty, sl.amount, sl.tax, sl.unit_cost, sl.cost,"
                " coalesce(sum(rl.qty), 0), coalesce(sum(rl.amount), 0), coalesce(sum(rl.tax), 0),"
                " coalesce(sum(rl.cost), 0), p.sku, p.unit "
                "FROM sale_lines sl JOIN products p ON p.id = sl.product_id "
                "LEFT JOIN returns r ON r.sale_id = sl.sale_id "
                "LEFT JOIN return_lines rl ON rl.return_id = r.id AND rl.sale_line = sl.line "
                "WHERE sl.sale_id = ?1 AND sl.line = ?2 GROUP BY sl.line";
        const struct return_line_in *ln = &c->in->lines[i];
        sqlite3_stmt *st = stmt(l, sql);
        int64_t qty, amount, tax, cost, rq, ra, rt, rc_;
        char a[32], b[32], sku[CODE_MAX_LEN + 1], unit[CODE_MAX_LEN + 1];
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, c->sale_id);
        sqlite3_bind_int(st, 2, ln->line);
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
                sqlite3_reset(st);
                return rc == SQLITE_DONE ? fail(l, -EINVAL, "UNKNOWN_LINE", "sale %s has no line %d",
                                                c->in->sale_number, ln->line)
                                         : fail_sql(l, rc, "reading the sale");
        }
        out->product_id = sqlite3_column_int64(st, 0);
        qty = sqlite3_column_int64(st, 1);
        amount = sqlite3_column_int64(st, 2);
        tax = sqlite3_column_int64(st, 3);
        out->unit_cost = sqlite3_column_int64(st, 4);
        cost = sqlite3_column_int64(st, 5);
        rq = sqlite3_column_int64(st, 6);
        ra = sqlite3_column_int64(st, 7);
        rt = sqlite3_column_int64(st, 8);
        rc_ = sqlite3_column_int64(st, 9);
        utf8_cut(sku, sizeof(sku), (const char *)sqlite3_column_text(st, 10));
        utf8_cut(unit, sizeof(unit), (const char *)sqlite3_column_text(st, 11));
        sqlite3_reset(st);
        /* a whole-unit item comes back in whole units, as it was sold */
        if ((rc = unit_qty_check(l, unit, ln->qty, i + 1, sku)) < 0)
                return rc;
        if (ln->qty > qty - rq) {
                decimal_format(qty - rq, QTY_SCALE, true, a, sizeof(a));
                decimal_format(qty, QTY_SCALE, true, b, sizeof(b));
                return fail(l, -EINVAL, "RETURN_EXCEEDS_SALE",
                            "line %d: only %s of the %s sold can still be returned", ln->line, a, b);
        }
        out->sale_line = ln->line;
        out->qty = ln->qty;
        out->amount = share(amount, qty, ra, rq, ln->qty);
        out->tax = share(tax, qty, rt, rq, ln->qty);
        out->cost = share(cost, qty, rc_, rq, ln->qty);
        return 0;
}

static int line_without_receipt(struct ledger *l, struct ret_ctx *c, size_t i, struct ret_line *out)
{
        const struct return_line_in *ln = &c->in->lines[i];
        struct product pr;
        int r;

        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = unit_qty_check(l, pr.unit, ln->qty, i + 1, pr.sku)) < 0)
                return r;
        if (line_amount(ln->qty, ln->unit_price < 0 ? pr.price : ln->unit_price, &out->amount) < 0 ||
            line_amount(ln->qty, pr.avg_cost, &out->cost) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the amount is out of range", i + 1);
        out->tax = tax_of(out->amount, pr.tax_rate_bp, c->inclusive);
        if (!c->inclusive)
                out->amount += out->tax;
        out->product_id = pr.id;
        out->qty = ln->qty;
        out->unit_cost = pr.avg_cost;
        out->sale_line = 0;
        return 0;
}

static int return_line(struct ledger *l, struct ret_ctx *c, int64_t return_id, size_t i)
{
        static const char sql[] =
                "INSERT INTO return_lines(return_id, line, sale_line, product_id, qty, amount, tax, unit_cost, cost) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        struct ret_line rl;
        sqlite3_stmt *st;
        int r;

        r = c->sale_id ? line_from_sale(l, c, i, &rl) : line_without_receipt(l, c, i, &rl);
        if (r < 0 || (r = stock_in(l, &c->p, return_id, rl.product_id, rl.qty, rl.unit_cost, rl.cost,
                                   &(struct batch_src){ 0, c->sale_id ? "sale" : NULL, c->sale_id }, NULL)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, return_id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        if (rl.sale_line)
                sqlite3_bind_int(st, 3, rl.sale_line);
        sqlite3_bind_int64(st, 4, rl.product_id);
        sqlite3_bind_int64(st, 5, rl.qty);
        sqlite3_bind_int64(st, 6, rl.amount);
        sqlite3_bind_int64(st, 7, rl.tax);
        sqlite3_bind_int64(st, 8, rl.unit_cost);
        sqlite3_bind_int64(st, 9, rl.cost);
        c->total += rl.amount;
        c->tax += rl.tax;
        c->cost += rl.cost;
        return step_done(l, st, "recording a return line");
}

/* Refunds: at most the value of the goods, and per method at most what the sale took in
 * that method less what was refunded in it before. */
static int return_refunds(struct ledger *l, struct ret_ctx *c, int64_t return_id, int64_t *ret_refunded)
{
        static const char ins[] = "INSERT INTO return_refunds(return_id, seq, method, amount) VALUES (?1, ?2, ?3, ?4)";
        static const char room[] =
                "SELECT (SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE sale_id = ?1 AND method = ?2)"
                " - CASE WHEN ?2 = 'cash' THEN (SELECT change FROM sales WHERE id = ?1) ELSE 0 END"
                " - (SELECT coalesce(sum(f.amount), 0) FROM return_refunds f JOIN returns r ON r.id = f.return_id"
                "    WHERE r.sale_id = ?1 AND r.id <> ?3 AND f.method = ?2)";
        int64_t by_method[TENDER__COUNT] = { 0 }, sum = 0;
        char a[32], b[32];
        sqlite3_stmt *st;
        int r;

        for (size_t i = 0; i < c->in->nrefunds; i++) {
                by_method[c->in->refunds[i].method] += c->in->refunds[i].amount;
                sum += c->in->refunds[i].amount;
        }
        if (sum > c->total) {
                decimal_format(sum, c->minor_unit, false, a, sizeof(a));
                decimal_format(c->total, c->minor_unit, false, b, sizeof(b));
                return fail(l, -EINVAL, "REFUND_EXCEEDS_PAID", "refunds of %s exceed the %s paid for these goods", a, b);
        }
        for (int m = 0; c->sale_id && m < TENDER__COUNT; m++) {
                if (!by_method[m])
                        continue;
                if (!(st = stmt(l, room)))
                        return l->e.num;
                sqlite3_bind_int64(st, 1, c->sale_id);
                sqlite3_bind_text(st, 2, tender_name((enum tender)m), -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 3, return_id);
                r = sqlite3_step(st);
                int64_t left = sqlite3_column_int64(st, 0);
                sqlite3_reset(st);
                if (r != SQLITE_ROW)
                        return fail_sql(l, r, "reading the sale's payments");
                if (by_method[m] > left) {
                        decimal_format(left < 0 ? 0 : left, c->minor_unit, false, a, sizeof(a));
                        return fail(l, -EINVAL, "REFUND_EXCEEDS_PAID", "at most %s can be refunded in %s for sale %s",
                                    a, tender_name((enum tender)m), c->in->sale_number);
                }
        }
        /* cash goes back only as far as the drawer holds it, judged before this takes any */
        if ((r = shift_cash_covers(l, c->in->shift_id, by_method[TENDER_CASH])) < 0)
                return r;
        for (size_t i = 0; i < c->in->nrefunds; i++) {
                if (!(st = stmt(l, ins)))
                        return l->e.num;
                sqlite3_bind_int64(st, 1, return_id);
                sqlite3_bind_int64(st, 2, (int64_t)i + 1);
                sqlite3_bind_text(st, 3, tender_name(c->in->refunds[i].method), -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 4, c->in->refunds[i].amount);
                if ((r = step_done(l, st, "recording a refund")) < 0)
                        return r;
        }
        *ret_refunded = sum;
        return 0;
}

static int check_approver(struct ledger *l, const char *name)
{
        struct user u;

        int r;

        if (!name || !*name)
                return fail(l, -EPERM, "APPROVAL_REQUIRED", "a return without a receipt needs a manager's approval");
        if ((r = user_get(l, name, &u)) < 0 && r != -ENOENT)
                return r;
        if (r < 0 || !u.active || u.role == ROLE_CASHIER)
                return fail(l, -EPERM, "APPROVAL_REQUIRED", "'%s' is not an active manager", name);
        return 0;
}

static bool cash_refunded(const struct return_in *in)
{
        for (size_t i = 0; i < in->nrefunds; i++)
                if (in->refunds[i].method == TENDER_CASH)
                        return true;
        return false;
}

int post_return(struct ledger *l, const struct return_in *in, struct doc_result *ret)
{
        static const char head[] =
                "INSERT INTO returns(number, at, sale_id, lane, user, approved_by, reason, location_id, shift_id,"
                " total, tax, cost, refunded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, 0, 0)";
        static const char sums[] = "UPDATE returns SET total = ?2, tax = ?3, cost = ?4, refunded = ?5 WHERE id = ?1";
        struct ret_ctx c;
        struct store_info store;
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, refunded = 0;
        sqlite3_stmt *st;
        int r;

        memset(&c, 0, sizeof(c));
        c.in = in;
        if (in->sale_number && !*in->sale_number)
                return fail(l, -EINVAL, "MISSING_FIELD", "give the sale number, or none for a return without receipt");
        if ((r = posting_init(l, &c.p, DOC_RETURN, &in->h)) < 0 || (r = return_validate(l, &c)) < 0)
                return r;
        if ((r = posting_begin(l, &c.p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = shift_still_open(l, in->shift_id)) < 0 || (r = store_get(l, &store)) < 0 ||
            (in->sale_number ? (r = sale_id_by_number(l, in->sale_number, &c.sale_id)) : (r = check_approver(l, in->approved_by))) < 0 ||
            (r = doc_number(l, DOC_RETURN, number)) < 0)
                return posting_abort(l, r);
        c.inclusive = store.prices_include_tax;
        c.minor_unit = store.minor_unit;
        if (!(st = stmt(l, head)))
                return posting_abort(l, l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, c.p.at);
        if (c.sale_id)
                sqlite3_bind_int64(st, 3, c.sale_id);
        bind_text_or_null(st, 4, in->h.lane);
        bind_text_or_null(st, 5, in->h.user);
        bind_text_or_null(st, 6, in->approved_by);
        sqlite3_bind_text(st, 7, in->reason ? in->reason : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 8, c.p.location_id);
        if (in->shift_id)
                sqlite3_bind_int64(st, 9, in->shift_id);
        if ((r = step_done(l, st, "recording a return")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = return_line(l, &c, id, i)) < 0)
                        return posting_abort(l, r);
        if ((r = return_refunds(l, &c, id, &refunded)) < 0 || !(st = stmt(l, sums)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, c.total);
        sqlite3_bind_int64(st, 3, c.tax);
        sqlite3_bind_int64(st, 4, c.cost);
        sqlite3_bind_int64(st, 5, refunded);
        if ((r = step_done(l, st, "recording return totals")) < 0 ||
            (r = audit_add(l, &(struct actor){ in->h.user, in->h.lane, in->approved_by, false }, "refund",
                           "%s%s%s: goods %lld, refunded %lld", number, in->sale_number ? " of sale " : " without receipt",
                           in->sale_number ? in->sale_number : "", (long long)c.total, (long long)refunded)) < 0 ||
            (r = print_enqueue_doc(l, in->printer, in->drawer, "return", number,
                                   in->kick_drawer && cash_refunded(in))) < 0)
                return posting_abort(l, r);
        return posting_end(l, &c.p, id, ret);
}
