/* Sales broken down by product, category, cashier or payment method: see report.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "reports/report.h"

/* Every sold or returned line in the range, counter and account alike. */
#define LINES                                                                                                        \
        "WITH l(user, product_id, sold, returned, gross, refunds, tax, cost) AS ("                                 \
        " SELECT s.user, sl.product_id, sl.qty, 0, sl.amount, 0, sl.tax, sl.cost FROM sale_lines sl"               \
        "  JOIN sales s ON s.id = sl.sale_id WHERE s.at >= ?1 AND s.at < ?2"                                       \
        " UNION ALL SELECT r.user, rl.product_id, 0, rl.qty, 0, rl.amount, -rl.tax, -rl.cost FROM return_lines rl" \
        "  JOIN returns r ON r.id = rl.return_id WHERE r.at >= ?1 AND r.at < ?2"                                   \
        " UNION ALL SELECT i.user, ol.product_id, ol.qty, 0, ol.amount, 0, ol.tax, coalesce(shl.cost, 0)"          \
        "  FROM customer_invoices i JOIN sales_order_lines ol ON ol.so_id = i.so_id"                              \
        "  LEFT JOIN shipments sh ON sh.so_id = i.so_id"                                                          \
        "  LEFT JOIN shipment_lines shl ON shl.shipment_id = sh.id AND shl.line = ol.line"                         \
        "  WHERE i.at >= ?1 AND i.at < ?2"                                                                         \
        " UNION ALL SELECT c.user, cl.product_id, 0, cl.qty, 0, cl.amount, -cl.tax, -cl.cost"                      \
        "  FROM credit_note_lines cl JOIN credit_notes c ON c.id = cl.credit_id WHERE c.at >= ?1 AND c.at < ?2) "

#define SUMS "sum(l.sold), sum(l.returned), sum(l.gross), sum(l.refunds), sum(l.tax), sum(l.cost) "

static const char by_product[] =
        LINES "SELECT p.sku, p.name, " SUMS "FROM l JOIN products p ON p.id = l.product_id "
              "GROUP BY p.id ORDER BY sum(l.gross) - sum(l.refunds) DESC, p.sku LIMIT ?3";
static const char by_category[] =
        LINES "SELECT coalesce(c.name, ''), '', " SUMS "FROM l JOIN products p ON p.id = l.product_id "
              "LEFT JOIN categories c ON c.id = p.category_id "
              "GROUP BY 1 ORDER BY sum(l.gross) - sum(l.refunds) DESC, 1 LIMIT ?3";
static const char by_cashier[] =
        LINES "SELECT coalesce(l.user, ''), '', " SUMS "FROM l GROUP BY 1 ORDER BY sum(l.gross) - sum(l.refunds) DESC, 1 "
              "LIMIT ?3";
/* what came in and went out by tender: cash net of change; on account: invoices and
 * credit notes */
static const char by_method[] =
        "WITH m(method, taken, back) AS ("
        " SELECT p.method, p.amount, 0 FROM sale_payments p JOIN sales s ON s.id = p.sale_id"
        "  WHERE s.at >= ?1 AND s.at < ?2"
        " UNION ALL SELECT 'cash', -change, 0 FROM sales WHERE at >= ?1 AND at < ?2 AND change > 0"
        " UNION ALL SELECT f.method, 0, f.amount FROM return_refunds f JOIN returns r ON r.id = f.return_id"
        "  WHERE r.at >= ?1 AND r.at < ?2"
        " UNION ALL SELECT 'account', total, 0 FROM customer_invoices WHERE at >= ?1 AND at < ?2"
        " UNION ALL SELECT 'account', 0, total FROM credit_notes WHERE at >= ?1 AND at < ?2) "
        "SELECT method, '', 0, 0, sum(taken), sum(back), 0, 0 FROM m GROUP BY 1 "
        "ORDER BY sum(taken) - sum(back) DESC, 1 LIMIT ?3";

int report_sales_by(struct ledger *l, int64_t from, int64_t to, enum sales_by by, int limit,
                    int (*fn)(const struct sales_by_row *, void *), void *ud)
{
        static const char *const sqls[] = { by_product, by_category, by_cashier, by_method };
        struct sales_by_row row;
        sqlite3_stmt *st;
        int rc, r = 0;

        clear_err(l);
        if (to <= from)
                return fail(l, -EINVAL, "BAD_RANGE", "the report needs from before to");
        if ((unsigned)by > SALES_BY_METHOD)
                return fail(l, -EINVAL, "BAD_QUERY", "no such breakdown");
        if (!(st = stmt_own(l, sqls[by])))
                return l->e.num;
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, to);
        sqlite3_bind_int(st, 3, limit);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&row, 0, sizeof(row));
                utf8_cut(row.key, sizeof(row.key), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(row.name, sizeof(row.name), (const char *)sqlite3_column_text(st, 1));
                row.sold = sqlite3_column_int64(st, 2);
                row.returned = sqlite3_column_int64(st, 3);
                row.gross = sqlite3_column_int64(st, 4);
                row.refunds = sqlite3_column_int64(st, 5);
                row.tax = sqlite3_column_int64(st, 6);
                row.cost = sqlite3_column_int64(st, 7);
                if ((r = fn(&row, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "reading the sales breakdown");
}
