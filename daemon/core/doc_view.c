/* Posted sales and returns, read back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkout_int.h"
#include "doc_view.h"

struct sale_view *sale_view_free(struct sale_view *v)
{
        if (v)
                free(v->lines);
        free(v);
        return NULL;
}

static int view_head(struct ledger *l, int64_t id, struct sale_view *v)
{
        static const char sql[] =
                "SELECT s.at, coalesce(s.lane, ''), coalesce(s.user, ''), coalesce(s.customer_id, 0), coalesce(c.name, '') "
                "FROM sales s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((r = step_one(l, st, "reading a sale")) == 1) {
                v->at = sqlite3_column_int64(st, 0);
                snprintf(v->lane, sizeof(v->lane), "%s", (const char *)sqlite3_column_text(st, 1));
                snprintf(v->user, sizeof(v->user), "%s", (const char *)sqlite3_column_text(st, 2));
                v->customer_id = sqlite3_column_int64(st, 3);
                snprintf(v->customer, sizeof(v->customer), "%s", (const char *)sqlite3_column_text(st, 4));
        }
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

/* Document lines, from a query giving line, sku, name, unit, qty, unit_price, discount,
 * amount, tax, tax_rate_bp and returned for document id. */
static int read_lines(struct ledger *l, const char *sql, int64_t id, struct sale_view_line **lines, size_t *n)
{
        sqlite3_stmt *st = stmt(l, sql);
        size_t cap = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < DOC_LINES_MAX) {
                struct sale_view_line *ln;
                if (grow(l, (void **)lines, &cap, *n, sizeof(*ln)) < 0) {
                        sqlite3_reset(st);
                        return l->e.num;
                }
                ln = &(*lines)[(*n)++];
                memset(ln, 0, sizeof(*ln));
                ln->line = sqlite3_column_int(st, 0);
                snprintf(ln->sku, sizeof(ln->sku), "%s", (const char *)sqlite3_column_text(st, 1));
                snprintf(ln->name, sizeof(ln->name), "%s", (const char *)sqlite3_column_text(st, 2));
                snprintf(ln->unit, sizeof(ln->unit), "%s", (const char *)sqlite3_column_text(st, 3));
                ln->qty = sqlite3_column_int64(st, 4);
                ln->unit_price = sqlite3_column_int64(st, 5);
                ln->discount = sqlite3_column_int64(st, 6);
                ln->amount = sqlite3_column_int64(st, 7);
                ln->tax = sqlite3_column_int64(st, 8);
                ln->tax_rate_bp = sqlite3_column_int(st, 9);
                ln->returned = sqlite3_column_int64(st, 10);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading document lines");
}

static int view_lines(struct ledger *l, int64_t id, struct sale_view *v)
{
        static const char sql[] =
                "SELECT sl.line, p.sku, p.name, p.unit, sl.qty, sl.unit_price, sl.discount, sl.amount, sl.tax, sl.tax_rate_bp,"
                " coalesce((SELECT sum(rl.qty) FROM return_lines rl JOIN returns r ON r.id = rl.return_id"
                "  WHERE r.sale_id = sl.sale_id AND rl.sale_line = sl.line), 0) "
                "FROM sale_lines sl JOIN products p ON p.id = sl.product_id WHERE sl.sale_id = ?1 ORDER BY sl.line";
        return read_lines(l, sql, id, &v->lines, &v->nlines);
}

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

static int view_payments(struct ledger *l, int64_t id, struct sale_view *v)
{
        static const char sql[] = "SELECT method, amount FROM sale_payments WHERE sale_id = ?1 ORDER BY seq";
        return tenders(l, sql, id, v->payments, &v->npayments);
}

int sale_view_get(struct ledger *l, const char *number, struct sale_view **ret)
{
        struct sale_view *v = calloc(1, sizeof(*v));
        int64_t id = 0;
        int r;

        if (!v)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        clear_err(l);
        if ((r = sale_id_by_number(l, number, &id)) < 0 || (r = doc_load_result(l, "sale", id, &v->d)) < 0 ||
            (r = view_head(l, id, v)) < 0 || (r = view_lines(l, id, v)) < 0 || (r = view_payments(l, id, v)) < 0) {
                sale_view_free(v);
                return r;
        }
        *ret = v;
        return 0;
}

/* ---- returns ---- */

struct return_view *return_view_free(struct return_view *v)
{
        if (v)
                free(v->lines);
        free(v);
        return NULL;
}

static int return_head(struct ledger *l, const char *number, struct return_view *v, int64_t *ret_id)
{
        static const char sql[] =
                "SELECT r.id, r.at, coalesce(s.number, ''), coalesce(r.user, ''), r.reason FROM returns r "
                "LEFT JOIN sales s ON s.id = r.sale_id WHERE r.number = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a return")) == 1) {
                *ret_id = sqlite3_column_int64(st, 0);
                v->at = sqlite3_column_int64(st, 1);
                snprintf(v->sale_number, sizeof(v->sale_number), "%s", (const char *)sqlite3_column_text(st, 2));
                snprintf(v->user, sizeof(v->user), "%s", (const char *)sqlite3_column_text(st, 3));
                snprintf(v->reason, sizeof(v->reason), "%s", (const char *)sqlite3_column_text(st, 4));
        }
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_RETURN", "no return numbered %.40s", number);
        return r < 0 ? r : 0;
}

static int return_lines(struct ledger *l, int64_t id, struct return_view *v)
{
        static const char sql[] =
                "SELECT rl.line, p.sku, p.name, p.unit, rl.qty, 0, 0, rl.amount, rl.tax, 0, 0 FROM return_lines rl "
                "JOIN products p ON p.id = rl.product_id WHERE rl.return_id = ?1 ORDER BY rl.line";
        return read_lines(l, sql, id, &v->lines, &v->nlines);
}

static int refunds(struct ledger *l, int64_t id, struct return_view *v)
{
        static const char sql[] = "SELECT method, amount FROM return_refunds WHERE return_id = ?1 ORDER BY seq";
        return tenders(l, sql, id, v->refunds, &v->nrefunds);
}

int return_view_get(struct ledger *l, const char *number, struct return_view **ret)
{
        struct return_view *v = calloc(1, sizeof(*v));
        int64_t id = 0;
        int r;

        if (!v)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        clear_err(l);
        if ((r = return_head(l, number, v, &id)) < 0 || (r = doc_load_result(l, "return", id, &v->d)) < 0 ||
            (r = return_lines(l, id, v)) < 0 || (r = refunds(l, id, v)) < 0) {
                return_view_free(v);
                return r;
        }
        *ret = v;
        return 0;
}
