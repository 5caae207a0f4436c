/* Posting a sale: lines at catalog or given prices, tax per line, cost of goods at the
 * moving average, stock out of the selling location, tenders and change. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "till/checkout_int.h"
#include "ledger/print_queue.h"

static int sale_validate(struct ledger *l, struct posting *p, const struct sale_in *in)
{
        int r;

        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a sale has 1 to %d lines", DOC_LINES_MAX);
        if (in->npayments > DOC_PAYMENTS_MAX)
                return fail(l, -EINVAL, "BAD_PAYMENTS", "a sale has at most %d payments", DOC_PAYMENTS_MAX);
        /* counts first: lists of different lengths never feed the same bytes */
        req_int(p, (int64_t)in->nlines);
        req_int(p, (int64_t)in->npayments);
        for (size_t i = 0; i < in->nlines; i++) {
                const struct sale_line_in *ln = &in->lines[i];
                if ((r = check_text(l, "sku", ln->sku, CODE_MAX_LEN, true)) < 0 ||
                    (r = check_qty(l, ln->qty, i + 1, false)) < 0)
                        return r;
                if (ln->unit_price > MONEY_MAX || ln->discount < 0 || ln->discount > MONEY_MAX)
                        return fail(l, -EINVAL, "BAD_PRICE", "line %zu: price or discount out of range", i + 1);
                req_str(p, ln->sku);
                req_int(p, ln->qty);
                req_int(p, ln->unit_price < 0 ? -1 : ln->unit_price);
                req_int(p, ln->discount);
        }
        for (size_t i = 0; i < in->npayments; i++) {
                if ((unsigned)in->payments[i].method >= TENDER__COUNT)
                        return fail(l, -EINVAL, "BAD_TENDER", "payment %zu: unknown method", i + 1);
                if (in->payments[i].amount <= 0 || in->payments[i].amount > MONEY_MAX)
                        return fail(l, -EINVAL, "BAD_AMOUNT", "payment %zu: the amount must be positive", i + 1);
                req_int(p, in->payments[i].method);
                req_int(p, in->payments[i].amount);
        }
        if (in->cash_step < 0 || in->cash_step > 100000)
                return fail(l, -EINVAL, "BAD_CASH_STEP", "the cash rounding step is out of range");
        req_int(p, in->shift_id);
        req_str(p, in->ticket_id);
        req_int(p, in->cash_step);
        return 0;
}

struct totals {
        int64_t total, tax, cost;
};

static int sale_line(struct ledger *l, struct posting *p, int64_t sale_id, bool inclusive, size_t i,
                     const struct sale_line_in *ln, struct totals *t)
{
        static const char sql[] =
                "INSERT INTO sale_lines(sale_id, line, product_id, qty, unit_price, discount, amount,"
                " tax_rate_bp, tax, unit_cost, cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
        struct product pr;
        struct unit_info unit;
        struct line_price lp;
        int64_t price, cost;
        sqlite3_stmt *st;
        int r;

        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = unit_get(l, pr.unit, &unit)) < 0)
                return r;
        if (!pr.active)
                return fail(l, -EINVAL, "PRODUCT_INACTIVE", "line %zu: %s %s is not for sale", i + 1, pr.sku, pr.name);
        if (!unit_qty_ok(&unit, ln->qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s is sold in whole %s", i + 1, pr.sku, pr.unit);
        price = ln->unit_price < 0 ? pr.price : ln->unit_price;
        r = price_line(ln->qty, price, ln->discount, pr.tax_rate_bp, inclusive, &lp);
        if (r == -EINVAL)
                return fail(l, -EINVAL, "BAD_DISCOUNT", "line %zu: the discount is larger than the line", i + 1);
        if (r < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the amount is out of range", i + 1);
        if ((r = stock_out(l, p, sale_id, pr.id, ln->qty, &cost, NULL)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, sale_id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, pr.id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, price);
        sqlite3_bind_int64(st, 6, ln->discount);
        sqlite3_bind_int64(st, 7, lp.amount);
        sqlite3_bind_int(st, 8, pr.tax_rate_bp);
        sqlite3_bind_int64(st, 9, lp.tax);
        sqlite3_bind_int64(st, 10, pr.avg_cost);
        sqlite3_bind_int64(st, 11, cost);
        if ((r = step_done(l, st, "recording a sale line")) < 0)
                return r;
        t->total += lp.amount;
        t->tax += lp.tax;
        t->cost += cost;
        if (t->total > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the sale total is out of range");
        return 0;
}

struct tendered {
        int64_t paid, change, rounding;
};

/* The cash part of a sale is rounded to the cash step when cash is taken; card and
 * other tenders pay to the minor unit and give no change. */
static int sale_tenders(struct ledger *l, int64_t sale_id, const struct sale_in *in, int64_t total,
                        int minor_unit, struct tendered *ret)
{
        static const char sql[] = "INSERT INTO sale_payments(sale_id, seq, method, amount) VALUES (?1, ?2, ?3, ?4)";
        int64_t paid = 0, cash = 0, rounding = 0;
        char a[32], b[32];
        sqlite3_stmt *st;
        int r;

        for (size_t i = 0; i < in->npayments; i++) {
                paid += in->payments[i].amount;
                if (in->payments[i].method == TENDER_CASH)
                        cash += in->payments[i].amount;
        }
        if (cash && in->cash_step > 1 && total - (paid - cash) > 0)
                rounding = round_to_step(total - (paid - cash), in->cash_step) - (total - (paid - cash));
        total += rounding;
        if (paid < total) {
                decimal_format(paid, minor_unit, false, a, sizeof(a));
                decimal_format(total, minor_unit, false, b, sizeof(b));
                return fail(l, -EINVAL, "TENDER_SHORT", "payments of %s do not cover the total of %s", a, b);
        }
        if (paid - total > cash) {
                decimal_format(paid - total - cash, minor_unit, false, a, sizeof(a));
                return fail(l, -EINVAL, "OVERPAID",
                            "card and other payments exceed the total by %s; only cash gives change", a);
        }
        for (size_t i = 0; i < in->npayments; i++) {
                if (!(st = stmt(l, sql)))
                        return l->e.num;
                sqlite3_bind_int64(st, 1, sale_id);
                sqlite3_bind_int64(st, 2, (int64_t)i + 1);
                sqlite3_bind_text(st, 3, tender_name(in->payments[i].method), -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 4, in->payments[i].amount);
                if ((r = step_done(l, st, "recording a payment")) < 0)
                        return r;
        }
        ret->paid = paid;
        ret->change = paid - total;
        ret->rounding = rounding;
        return 0;
}

static bool cash_taken(const struct sale_in *in)
{
        for (size_t i = 0; i < in->npayments; i++)
                if (in->payments[i].method == TENDER_CASH)
                        return true;
        return false;
}

static int audit_approval(struct ledger *l, const struct sale_in *in, const char *number)
{
        int64_t off = 0;
        char text[32];

        if (!in->approved_by)
                return 0;
        for (size_t i = 0; i < in->nlines; i++)
                off += in->lines[i].discount;
        money_text(l, off, text);
        return audit_add(l, &(struct actor){ in->h.user, in->h.lane, in->approved_by, false }, "approval",
                         "sale %s (ticket %s) as it stood: %s of discounts", number, in->ticket_id ? in->ticket_id : "-",
                         text);
}

int post_sale(struct ledger *l, const struct sale_in *in, struct doc_result *ret)
{
        static const char head[] =
                "INSERT INTO sales(number, at, lane, user, location_id, shift_id, total, tax, cost, paid, change) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, 0, 0)";
        static const char sums[] =
                "UPDATE sales SET total = ?2, tax = ?3, cost = ?4, paid = ?5, change = ?6, rounding = ?7 WHERE id = ?1";
        struct posting p;
        struct store_info store;
        struct totals t = { 0, 0, 0 };
        char number[DOC_NUMBER_MAX + 1];
        struct tendered tend = { 0, 0, 0 };
        int64_t id;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, DOC_SALE, &in->h)) < 0 || (r = sale_validate(l, &p, in)) < 0)
                return r;
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = shift_still_open(l, in->shift_id)) < 0 || (r = store_get(l, &store)) < 0 ||
            (r = doc_number(l, DOC_SALE, number)) < 0)
                return posting_abort(l, r);
        if (!(st = stmt(l, head)))
                return posting_abort(l, l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.lane);
        bind_text_or_null(st, 4, in->h.user);
        sqlite3_bind_int64(st, 5, p.location_id);
        if (in->shift_id)
                sqlite3_bind_int64(st, 6, in->shift_id);
        if ((r = step_done(l, st, "recording a sale")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = sale_line(l, &p, id, store.prices_include_tax, i, &in->lines[i], &t)) < 0)
                        return posting_abort(l, r);
        if ((r = sale_tenders(l, id, in, t.total, store.minor_unit, &tend)) < 0 ||
            (in->ticket_id && (r = ticket_mark_completed(l, in->ticket_id, in->ticket_version, id, p.at)) < 0) || !(st = stmt(l, sums)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, t.total);
        sqlite3_bind_int64(st, 3, t.tax);
        sqlite3_bind_int64(st, 4, t.cost);
        sqlite3_bind_int64(st, 5, tend.paid);
        sqlite3_bind_int64(st, 6, tend.change);
        sqlite3_bind_int64(st, 7, tend.rounding);
        if ((r = step_done(l, st, "recording sale totals")) < 0 || (r = audit_approval(l, in, number)) < 0 ||
            (r = print_enqueue_doc(l, in->printer, in->drawer, "sale", number, in->kick_drawer && cash_taken(in))) < 0)
                return posting_abort(l, r);
        return posting_end(l, &p, id, ret);
}
