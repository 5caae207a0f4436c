/* The store at a glance, for `posctl info`. */
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "ledger/money.h"
#include "reports/report.h"
#include "stock/stock.h"

int store_stats(struct ledger *l, struct store_stats *ret)
{
        static const char sql[] =
                "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM products WHERE active = 1),"
                " (SELECT coalesce(sum(value), 0) FROM stock_on_hand),"
                " (SELECT count(*) FROM sales), (SELECT count(*) FROM returns),"
                " (SELECT count(*) FROM goods_receipts), (SELECT count(*) FROM adjustments),"
                " (SELECT count(*) FROM journal), (SELECT hash FROM journal ORDER BY id DESC LIMIT 1)";
        sqlite3_stmt *st = stmt(l, sql);
        struct store_stats s;
        int rc, n;

        if (!st)
                return l->e.num;
        memset(&s, 0, sizeof(s));
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                s.products = sqlite3_column_int64(st, 0);
                s.active_products = sqlite3_column_int64(st, 1);
                s.stock_value = sqlite3_column_int64(st, 2);
                s.sales = sqlite3_column_int64(st, 3);
                s.returns = sqlite3_column_int64(st, 4);
                s.receipts = sqlite3_column_int64(st, 5);
                s.adjustments = sqlite3_column_int64(st, 6);
                s.journal_entries = sqlite3_column_int64(st, 7);
                if (sqlite3_column_text(st, 8))
                        utf8_cut(s.journal_head, sizeof(s.journal_head), (const char *)sqlite3_column_text(st, 8));
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading store figures");
        if ((n = stock_each_low(l, NULL, NULL)) < 0)
                return n;
        s.low_stock = n;
        *ret = s;
        return 0;
}
