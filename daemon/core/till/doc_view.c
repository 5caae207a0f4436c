/* Posted sales and returns, read back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "till/checkout_int.h"
#include "till/doc_view.h"

/* What has come back of sale line sl so far. */
#define RETURNED_OF_LINE                                                                                        \
        "coalesce((SELECT sum(rl.qty) FROM return_lines rl JOIN returns r ON r.id = rl.return_id"              \
        "  WHERE r.sale_id = sl.sale_id AND rl.sale_line = sl.line), 0)"

#define LN struct sale_view_line
static const struct col line_cols[] = {
        COL_INT(LN, line),   COL_TEXT(LN, sku),      COL_TEXT(LN, name),     COL_TEXT(LN, spec),     COL_TEXT(LN, unit),
        COL_I64(LN, qty),    COL_I64(LN, unit_price), COL_I64(LN, discount), COL_I64(LN, amount),
        COL_I64(LN, tax),    COL_INT(LN, tax_rate_bp), COL_I64(LN, returned),
};
#undef LN

#define V struct sale_view
static const struct col sale_cols[] = {
        COL_I64(V, d.id), COL_I64(V, at), COL_TEXT(V, lane), COL_TEXT(V, user), COL_I64(V, customer_id),
        COL_TEXT(V, customer),
};
static const struct doc_view sale_view = {
        DOC_SALE,
        "SELECT s.id, s.at, coalesce(s.lane, ''), coalesce(s.user, ''), coalesce(s.customer_id, 0), coalesce(c.name, '') "
        "FROM sales s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.number = ?1",
        ROW_SHAPE(V, sale_cols),
        "SELECT sl.line, p.sku, p.name, p.spec, p.unit, sl.qty, sl.unit_price, sl.discount, sl.amount, sl.tax, sl.tax_rate_bp,"
        " " RETURNED_OF_LINE " "
        "FROM sale_lines sl JOIN products p ON p.id = sl.product_id WHERE sl.sale_id = ?1 ORDER BY sl.line",
        ROW_SHAPE(struct sale_view_line, line_cols),
        offsetof(V, d.id), offsetof(V, lines), offsetof(V, nlines),
};
#undef V

#define V struct return_view
static const struct col return_cols[] = {
        COL_I64(V, d.id), COL_I64(V, at), COL_TEXT(V, sale_number), COL_TEXT(V, user), COL_TEXT(V, reason),
};
static const struct doc_view return_view = {
        DOC_RETURN,
        "SELECT r.id, r.at, coalesce(s.number, ''), coalesce(r.user, ''), r.reason FROM returns r "
        "LEFT JOIN sales s ON s.id = r.sale_id WHERE r.number = ?1",
        ROW_SHAPE(V, return_cols),
        /* a return's unit price is its amount / qty */
        "SELECT rl.line, p.sku, p.name, p.spec, p.unit, rl.qty, 0, 0, rl.amount, rl.tax, 0, 0 FROM return_lines rl "
        "JOIN products p ON p.id = rl.product_id WHERE rl.return_id = ?1 ORDER BY rl.line",
        ROW_SHAPE(struct sale_view_line, line_cols),
        offsetof(V, d.id), offsetof(V, lines), offsetof(V, nlines),
};
#undef V

/* Payments or refunds (method, amount) of a document, in order. */
static int tenders(struct ledger *l, const char *sql, int64_t id, struct payment out[static DOC_PAYMENTS_MAX], size_t *n)
{
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < DOC_PAYMENTS_MAX) {
                struct payment *p = &out[(*n)++];
                (void)tender_parse((const char *)sqlite3_column_text(st, 0), &p->method);
                p->amount = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading payments");
}

struct sale_view *sale_view_free(struct sale_view *v)
{
        return doc_free(&sale_view, v);
}

int sale_view_get(struct ledger *l, const char *number, struct sale_view **ret)
{
        static const char pay[] = "SELECT method, amount FROM sale_payments WHERE sale_id = ?1 ORDER BY seq";
        struct sale_view *v = NULL;
        void *doc;
        int r;

        clear_err(l);
        if ((r = doc_get(l, &sale_view, number, &doc)) < 0)
                return r;
        v = doc;
        if ((r = doc_load_result(l, "sale", v->d.id, &v->d)) < 0 || (r = tenders(l, pay, v->d.id, v->payments, &v->npayments)) < 0) {
                sale_view_free(v);
                return r;
        }
        *ret = v;
        return 0;
}

struct return_view *return_view_free(struct return_view *v)
{
        return doc_free(&return_view, v);
}

int return_view_get(struct ledger *l, const char *number, struct return_view **ret)
{
        static const char refunds[] = "SELECT method, amount FROM return_refunds WHERE return_id = ?1 ORDER BY seq";
        struct return_view *v = NULL;
        void *doc;
        int r;

        clear_err(l);
        if ((r = doc_get(l, &return_view, number, &doc)) < 0)
                return r;
        v = doc;
        if ((r = doc_load_result(l, "return", v->d.id, &v->d)) < 0 ||
            (r = tenders(l, refunds, v->d.id, v->refunds, &v->nrefunds)) < 0) {
                return_view_free(v);
                return r;
        }
        *ret = v;
        return 0;
}

#define R struct sale_row
static const struct col sale_row_cols[] = {
        COL_TEXT(R, number), COL_I64(R, at), COL_TEXT(R, lane), COL_TEXT(R, user), COL_I64(R, total),
        COL_BOOL(R, returnable),
};
static const struct row_shape sale_row_shape = ROW_SHAPE(R, sale_row_cols);
#undef R

bool sale_ending_ok(const char *s)
{
        size_t n = strlen(s);

        return n >= 1 && n <= SALE_ENDING_MAX && strspn(s, "0123456789") == n;
}

/* The numbers to look at, from top down by step while at least low. */
struct numbers {
        int64_t top, step, low;
};

/* The numbers up to last whose text ends in digits: n = v (mod 10^k) for the k digits'
 * value v, with at least k digits when k is more than a number's zero-padded ones. */
static struct numbers ending_in(const char *digits, int64_t last)
{
        struct numbers e = { 0, 1, 1 };
        size_t k = strlen(digits);
        int64_t v = 0, least;

        for (size_t i = 0; i < k; i++) {
                v = v * 10 + (digits[i] - '0');
                e.step *= 10;
        }
        least = k > DOC_NUMBER_DIGITS ? e.step / 10 : 1;
        e.low = v >= least ? v : v + e.step;
        e.top = last >= e.low ? e.low + (last - e.low) / e.step * e.step : 0;
        return e;
}

int sale_list(struct ledger *l, const char *ends, int limit, int (*fn)(const struct sale_row *, void *), void *ud)
{
        static const char sql[] =
                "SELECT s.number, s.at, coalesce(s.lane, ''), coalesce(s.user, ''), s.total,"
                " EXISTS (SELECT 1 FROM sale_lines sl WHERE sl.sale_id = s.id AND sl.qty > " RETURNED_OF_LINE ") "
                "FROM sales s WHERE s.number = ?1";
        char number[DOC_NUMBER_MAX + 1];
        struct sale_row row;
        struct numbers e;
        sqlite3_stmt *st;
        int64_t last;
        int r, n = 0;

        clear_err(l);
        if (ends && !sale_ending_ok(ends))
                return fail(l, -EINVAL, "BAD_DIGITS", "the end of a sale's number is 1 to %d digits", SALE_ENDING_MAX);
        if (limit < 1 || limit > SALE_LIST_MAX)
                return fail(l, -EINVAL, "OUT_OF_RANGE", "a list of sales holds 1 to %d", SALE_LIST_MAX);
        if ((r = doc_last_number(l, DOC_SALE, &last)) < 0)
                return r;
        e = ends ? ending_in(ends, last) : (struct numbers){ last, 1, 1 };
        for (int i = 0; i < limit && e.top >= e.low; i++, e.top -= e.step) {
                doc_number_of(DOC_SALE, e.top, number);
                if (!(st = stmt(l, sql)))
                        return l->e.num;
                sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
                if ((r = step_one(l, st, "listing sales")) == 1)
                        row_read(st, &sale_row_shape, &row);
                sqlite3_reset(st);
                if (r < 0)
                        return r;
                if (r == 0) /* no such sale: a sequence ahead of its table, never of ours */
                        continue;
                if ((r = fn(&row, ud)) != 0)
                        return r;
                n++;
        }
        return n;
}
