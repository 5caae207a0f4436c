/* A posted return, read back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkout_int.h"
#include "sale_view.h"

struct return_view *return_view_free(struct return_view *v)
{
        if (v)
                free(v->lines);
        free(v);
        return NULL;
}

static int head(struct ledger *l, const char *number, struct return_view *v, int64_t *ret_id)
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

static int lines(struct ledger *l, int64_t id, struct return_view *v)
{
        static const char sql[] =
                "SELECT rl.line, p.sku, p.name, p.unit, rl.qty, rl.amount, rl.tax FROM return_lines rl "
                "JOIN products p ON p.id = rl.product_id WHERE rl.return_id = ?1 ORDER BY rl.line";
        sqlite3_stmt *st = stmt(l, sql);
        size_t cap = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && v->nlines < DOC_LINES_MAX) {
                struct sale_view_line *ln;
                if (grow(l, (void **)&v->lines, &cap, v->nlines, sizeof(*ln)) < 0) {
                        sqlite3_reset(st);
                        return l->e.num;
                }
                ln = &v->lines[v->nlines++];
                memset(ln, 0, sizeof(*ln));
                ln->line = sqlite3_column_int(st, 0);
                snprintf(ln->sku, sizeof(ln->sku), "%s", (const char *)sqlite3_column_text(st, 1));
                snprintf(ln->name, sizeof(ln->name), "%s", (const char *)sqlite3_column_text(st, 2));
                snprintf(ln->unit, sizeof(ln->unit), "%s", (const char *)sqlite3_column_text(st, 3));
                ln->qty = sqlite3_column_int64(st, 4);
                ln->amount = sqlite3_column_int64(st, 5);
                ln->tax = sqlite3_column_int64(st, 6);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading return lines");
}

static int refunds(struct ledger *l, int64_t id, struct return_view *v)
{
        static const char sql[] = "SELECT method, amount FROM return_refunds WHERE return_id = ?1 ORDER BY seq";
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && v->nrefunds < DOC_PAYMENTS_MAX) {
                struct payment *p = &v->refunds[v->nrefunds++];
                (void)tender_parse((const char *)sqlite3_column_text(st, 0), &p->method);
                p->amount = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading refunds");
}

int return_view_get(struct ledger *l, const char *number, struct return_view **ret)
{
        struct return_view *v = calloc(1, sizeof(*v));
        int64_t id = 0;
        int r;

        if (!v)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        clear_err(l);
        if ((r = head(l, number, v, &id)) < 0 || (r = doc_load_result(l, "return", id, &v->d)) < 0 ||
            (r = lines(l, id, v)) < 0 || (r = refunds(l, id, v)) < 0) {
                return_view_free(v);
                return r;
        }
        *ret = v;
        return 0;
}
