/* The purchasing report: what was bought from whom, what came in, what is still owed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "reports/report.h"

static int each_row(struct ledger *l, const char *sql, int64_t from, int64_t to,
                    int (*fn)(sqlite3_stmt *st, void *), void *ud, const char *what)
{
        sqlite3_stmt *st = stmt_own(l, sql);
        int rc, r = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, to);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                if ((r = fn(st, ud)) != 0)
                        break;
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, what);
}

struct rows {
        const struct purchase_report_fns *fns;
        void *ud;
};

static int supplier_row(sqlite3_stmt *st, void *ud)
{
        struct rows *x = ud;
        struct purchase_by_supplier s = { 0 };

        utf8_cut(s.code, sizeof(s.code), (const char *)sqlite3_column_text(st, 0));
        utf8_cut(s.name, sizeof(s.name), (const char *)sqlite3_column_text(st, 1));
        s.orders = sqlite3_column_int(st, 2);
        s.ordered = sqlite3_column_int64(st, 3);
        s.received = sqlite3_column_int64(st, 4);
        s.outstanding = sqlite3_column_int64(st, 5);
        s.open_orders = sqlite3_column_int(st, 6);
        s.lead_ms = sqlite3_column_int64(st, 7);
        return x->fns->supplier(&s, x->ud);
}

static int product_row(sqlite3_stmt *st, void *ud)
{
        struct rows *x = ud;
        struct purchase_by_product p = { 0 };

        utf8_cut(p.sku, sizeof(p.sku), (const char *)sqlite3_column_text(st, 0));
        utf8_cut(p.name, sizeof(p.name), (const char *)sqlite3_column_text(st, 1));
        p.qty = sqlite3_column_int64(st, 2);
        p.amount = sqlite3_column_int64(st, 3);
        return x->fns->product(&p, x->ud);
}

int report_purchases(struct ledger *l, int64_t from, int64_t to, const struct purchase_report_fns *fns, void *ud)
{
        /* per supplier: orders placed in the range, goods in during it, and what its open
         * orders still owe (whenever they were placed) */
        static const char by_supplier[] =
                "SELECT s.code, s.name,"
                " (SELECT count(*) FROM purchase_orders o WHERE o.supplier_id = s.id AND o.state <> 'cancelled'"
                "   AND o.created_at >= ?1 AND o.created_at < ?2),"
                " (SELECT coalesce(sum((ol.qty * ol.unit_cost + 500) / 1000), 0) FROM purchase_order_lines ol"
                "   JOIN purchase_orders o ON o.id = ol.po_id WHERE o.supplier_id = s.id AND o.state <> 'cancelled'"
                "   AND o.created_at >= ?1 AND o.created_at < ?2),"
                " (SELECT coalesce(sum(g.total_cost), 0) FROM goods_receipts g JOIN purchase_orders o ON o.id = g.po_id"
                "   WHERE o.supplier_id = s.id AND g.at >= ?1 AND g.at < ?2),"
                " (SELECT coalesce(sum((max(ol.qty - ol.received, 0) * ol.unit_cost + 500) / 1000), 0)"
                "   FROM purchase_order_lines ol JOIN purchase_orders o ON o.id = ol.po_id WHERE o.supplier_id = s.id"
                "   AND o.state IN ('approved', 'sent', 'partly_received')),"
                " (SELECT count(*) FROM purchase_orders o WHERE o.supplier_id = s.id"
                "   AND o.state IN ('draft', 'approved', 'sent', 'partly_received')),"
                /* order to first goods in, for the orders whose first goods came in the range */
                " (SELECT coalesce(avg(g.first_at - o.created_at), 0) FROM purchase_orders o JOIN"
                "   (SELECT po_id, min(at) AS first_at FROM goods_receipts WHERE po_id IS NOT NULL GROUP BY po_id) g"
                "   ON g.po_id = o.id WHERE o.supplier_id = s.id AND g.first_at >= ?1 AND g.first_at < ?2) "
                "FROM suppliers s ORDER BY s.code";
        /* per product: goods in against orders during the range */
        static const char by_product[] =
                "SELECT p.sku, p.name, sum(gl.qty), sum(gl.amount) FROM goods_receipt_lines gl"
                " JOIN goods_receipts g ON g.id = gl.receipt_id JOIN products p ON p.id = gl.product_id"
                " WHERE g.po_id IS NOT NULL AND g.at >= ?1 AND g.at < ?2 GROUP BY p.id ORDER BY sum(gl.amount) DESC";
        struct rows x = { fns, ud };
        int r;

        clear_err(l);
        if (to <= from)
                return fail(l, -EINVAL, "BAD_RANGE", "the report needs from before to");
        if ((r = each_row(l, by_supplier, from, to, supplier_row, &x, "reporting purchases by supplier")) < 0)
                return r;
        return each_row(l, by_product, from, to, product_row, &x, "reporting purchases by product");
}
