/* Posted sales and returns, read back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "till/checkout_int.h"
#include "till/doc_view.h"

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
        " coalesce((SELECT sum(rl.qty) FROM return_lines rl JOIN returns r ON r.id = rl.return_id"
        "  WHERE r.sale_id = sl.sale_id AND rl.sale_line = sl.line), 0) "
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
