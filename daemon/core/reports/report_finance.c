/* The finance report: see report.h. */
#include <errno.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "reports/report.h"

int report_finance(struct ledger *l, int64_t from, int64_t to, struct finance_report *ret)
{
#define IN_RANGE " WHERE at >= ?1 AND at < ?2"
#define SUM(expr, table, where) "(SELECT coalesce(sum(" expr "), 0) FROM " table where ")"
        static const char sql[] =
                "SELECT " SUM("total + rounding", "sales", IN_RANGE) ", " SUM("total", "returns", IN_RANGE) ", "
                SUM("refunded", "returns", IN_RANGE) ", "
                SUM("total", "customer_invoices", IN_RANGE) ", " SUM("total", "credit_notes", IN_RANGE) ", "
                SUM("tax", "sales", IN_RANGE) " - " SUM("tax", "returns", IN_RANGE) " + "
                SUM("tax", "customer_invoices", IN_RANGE) " - " SUM("tax", "credit_notes", IN_RANGE) ", "
                SUM("cost", "sales", IN_RANGE) " - " SUM("cost", "returns", IN_RANGE) " + "
                /* an order's cost goes with its invoice, as its income does */
                "(SELECT coalesce(sum(sh.cost), 0) FROM customer_invoices i JOIN shipments sh ON sh.so_id = i.so_id"
                " WHERE i.at >= ?1 AND i.at < ?2) - " SUM("cost", "credit_notes", IN_RANGE) ", "
                SUM("amount", "cash_movements", IN_RANGE " AND kind = 'pay_in'") ", "
                SUM("amount", "cash_movements", IN_RANGE " AND kind = 'pay_out'") ", "
                /* an import's opening stock is what the shop started with, not a gain */
                SUM("value", "adjustments", IN_RANGE " AND NOT " OPENING_STOCK_SQL) ", "
                SUM("short_value", "transfer_receipts", IN_RANGE) " + " SUM("short_value", "store_receipts", IN_RANGE) ", "
                SUM("amount", "supplier_invoices", IN_RANGE) ", "
                SUM("amount", "supplier_payments", IN_RANGE) ", " SUM("value", "supplier_returns", IN_RANGE) ", "
                SUM("amount", "customer_payments", IN_RANGE) ", "
                SUM("amount", "supplier_invoices", " WHERE at < ?2") " - " SUM("amount", "supplier_payments", " WHERE at < ?2")
                " - " SUM("value", "supplier_returns", " WHERE at < ?2") ", "
                SUM("total", "customer_invoices", " WHERE at < ?2") " - " SUM("total", "credit_notes", " WHERE at < ?2")
                " - " SUM("amount", "customer_payments", " WHERE at < ?2") ", "
                "(SELECT coalesce(sum(value), 0) FROM stock_on_hand)";
#undef SUM
#undef IN_RANGE
        struct finance_report f;
        sqlite3_stmt *st;
        int rc;

        clear_err(l);
        if (to <= from)
                return fail(l, -EINVAL, "BAD_RANGE", "the report needs from before to");
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, to);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t *v[] = { &f.counter_sales, &f.goods_returned, &f.money_refunded, &f.account_sales, &f.credit_notes, &f.tax,
                                 &f.cost_of_goods, &f.pay_ins, &f.pay_outs, &f.adjustments, &f.transit_losses,
                                 &f.supplier_invoices, &f.supplier_payments, &f.supplier_returns, &f.customer_payments,
                                 &f.payables, &f.receivables, &f.stock_value };
                memset(&f, 0, sizeof(f));
                for (int i = 0; i < (int)(sizeof(v) / sizeof(v[0])); i++)
                        *v[i] = sqlite3_column_int64(st, i);
                f.kept_on_returns = f.goods_returned - f.money_refunded;
                f.net_sales = f.counter_sales - f.goods_returned + f.account_sales - f.credit_notes;
                f.gross_profit = f.net_sales - f.tax - f.cost_of_goods + f.kept_on_returns;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading the finance report");
        *ret = f;
        return 0;
}
