/* The invariants, read from posd's answers and from the store's file itself. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_int.h"

static const char *const doc_tables[D__COUNT] = {
        [D_SALE] = "sales", [D_RETURN] = "returns", [D_CASH] = "cash_movements", [D_TRANSFER] = "transfers",
        [D_TRANSFER_IN] = "transfer_receipts", [D_RECEIPT] = "goods_receipts", [D_SHIPMENT] = "shipments",
        [D_INVOICE] = "customer_invoices", [D_CPAY] = "customer_payments", [D_SO] = "sales_orders",
        [D_PO] = "purchase_orders", [D_ADJ] = "adjustments",
};

static int64_t one(struct ctx *c, sqlite3 *h, const char *sql)
{
        sqlite3_stmt *st;
        int64_t v = -1;

        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
                model_fail(c, "sql", "%s: %s", sql, sqlite3_errmsg(h));
                return -1;
        }
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
        else
                model_fail(c, "sql", "%s: %s", sql, sqlite3_errmsg(h));
        sqlite3_finalize(st);
        return v;
}

static sqlite3 *db(struct ctx *c)
{
        sqlite3 *h = NULL;

        if (sqlite3_open_v2(c->p.store.path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
                model_fail(c, "sql", "cannot open %s", c->p.store.path);
                sqlite3_close(h);
                return NULL;
        }
        sqlite3_busy_timeout(h, 5000);
        return h;
}

bool check_store(struct ctx *c)
{
        static const char *const locs[LOCS] = { "SHOP", "BACK" };
        char sql[512];
        sqlite3 *h = db(c);
        int64_t v;

        if (!h)
                return false;
        /* one read transaction: every figure from the same moment */
        sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
        for (int k = 0; k < D__COUNT && !c->res->failed; k++) {
                snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", doc_tables[k]);
                if ((v = one(c, h, sql)) != c->m.docs[k])
                        model_fail(c, "docs", "%lld %s in the store, %lld acknowledged", (long long)v, doc_tables[k],
                                   (long long)c->m.docs[k]);
        }
        for (int i = 0; i < c->m.nskus && !c->res->failed; i++)
                for (int l = 0; l < LOCS && !c->res->failed; l++) {
                        snprintf(sql, sizeof(sql),
                                 "SELECT coalesce(sum(s.qty), 0) FROM stock_on_hand s JOIN products p ON p.id = s.product_id "
                                 "JOIN locations l ON l.id = s.location_id WHERE p.sku = '%s' AND l.code = '%s'",
                                 c->m.sku[i], locs[l]);
                        if ((v = one(c, h, sql)) != c->m.stock[i][l])
                                model_fail(c, "stock", "%s at %s: %lld on hand, the model has %lld", c->m.sku[i], locs[l],
                                           (long long)v, (long long)c->m.stock[i][l]);
                }
        if (!c->res->failed &&
            (v = one(c, h,
                     "SELECT count(*) FROM (SELECT product_id p, location_id l, sum(qty) q FROM stock_movements GROUP BY 1, 2) m "
                     "FULL OUTER JOIN stock_on_hand s ON s.product_id = m.p AND s.location_id = m.l "
                     "WHERE coalesce(m.q, 0) <> coalesce(s.qty, 0)")) != 0)
                model_fail(c, "stock", "%lld products and locations whose stock is not the sum of their movements",
                           (long long)v);
        /* the books' inventory, document by document as the books post it, is the stock's
         * worth over every location, to the cent */
        if (!c->res->failed &&
            (v = one(c, h,
                     "SELECT (SELECT coalesce(sum(value), 0) FROM stock_on_hand) - ("
                     " (SELECT coalesce(sum(total_cost), 0) FROM goods_receipts)"
                     " - (SELECT coalesce(sum(cost), 0) FROM sales) + (SELECT coalesce(sum(cost), 0) FROM returns)"
                     " + (SELECT coalesce(sum(value), 0) FROM adjustments)"
                     " - (SELECT coalesce(sum(value), 0) FROM transfers)"
                     " + (SELECT coalesce(sum(value), 0) FROM transfer_receipts)"
                     " - (SELECT coalesce(sum(cost), 0) FROM shipments) + (SELECT coalesce(sum(cost), 0) FROM credit_notes)"
                     " - (SELECT coalesce(sum(value), 0) FROM supplier_returns))")) != 0)
                model_fail(c, "value", "the stock is worth %lld more than the books' inventory", (long long)v);
        /* a location whose stock went out to nothing or less is worth exactly what it is
         * short of at the average it went at: no rounding stays behind in the books */
        if (!c->res->failed &&
            (v = one(c, h,
                     "SELECT count(*) FROM stock_on_hand s JOIN stock_movements m ON m.id = (SELECT max(id)"
                     " FROM stock_movements WHERE product_id = s.product_id AND location_id = s.location_id) "
                     "WHERE s.qty <= 0 AND m.qty < 0 AND s.value <> CASE WHEN s.qty < 0"
                     " THEN -((-s.qty * m.unit_cost + 500) / 1000) ELSE 0 END")) != 0)
                model_fail(c, "value", "%lld locations sold out are worth other than what they are short of",
                           (long long)v);
        if (!c->res->failed &&
            (v = one(c, h,
                     "SELECT count(*) FROM (SELECT r.sale_id sid, f.method m, sum(f.amount) a FROM return_refunds f "
                     "JOIN returns r ON r.id = f.return_id WHERE r.sale_id IS NOT NULL GROUP BY 1, 2) x "
                     "WHERE x.a > (SELECT coalesce(sum(p.amount), 0) FROM sale_payments p WHERE p.sale_id = x.sid AND p.method = x.m)"
                     " - CASE WHEN x.m = 'cash' THEN (SELECT change FROM sales WHERE id = x.sid) ELSE 0 END")) != 0)
                model_fail(c, "refund", "%lld sales refunded beyond what was paid in a tender", (long long)v);
        for (int i = 0; i < c->m.nsales && !c->res->failed; i++)
                for (int k = 0; k < TENDERS; k++)
                        if (c->m.sales[i].refunded[k] > c->m.sales[i].paid[k])
                                model_fail(c, "refund", "sale %s: %lld refunded in tender %d of %lld paid",
                                           c->m.sales[i].number, (long long)c->m.sales[i].refunded[k], k,
                                           (long long)c->m.sales[i].paid[k]);
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(h);
        return !c->res->failed;
}

/* the cashier's allowance, rounded half up as a discount of that size is */
static int64_t allowance(int64_t base)
{
        return (base * LIMIT_BP * 2 + 10000) / 20000;
}

static int64_t max64(int64_t a, int64_t b)
{
        return a > b ? a : b;
}

/* The rule of tests/unit/test_approvals.c, over HTTP: what a sale takes off its lines'
 * list prices is at most, per line, what a manager saw or the allowance, plus for the
 * ticket what a manager saw or the allowance of the whole. */
bool check_sale(struct ctx *c, const char *number, const struct mticket *t, bool boss)
{
        char sql[256];
        sqlite3 *h = db(c);
        int64_t list = 0, bound = 0, total;

        if (!h)
                return false;
        for (int i = 0; i < t->n; i++) {
                int64_t lg = t->lines[i].qty * c->m.price[t->lines[i].sku] / 1000;
                list += lg;
                bound += max64(t->lines[i].approved, allowance(lg));
        }
        bound += max64(t->approved, allowance(list));
        snprintf(sql, sizeof(sql), "SELECT total FROM sales WHERE number = '%s'", number);
        total = one(c, h, sql);
        sqlite3_close(h);
        if (list - total > bound)
                return model_fail(c, "bound", "sale %s (%s) takes %lld off %lld at list prices; managers saw and "
                                  "allowances cover %lld", number, boss ? "a manager's" : "a cashier's",
                                  (long long)(list - total), (long long)list, (long long)bound);
        return true;
}

static int64_t field(struct ctx *c, json_t *o, const char *name)
{
        json_t *v = json_object_get(o, name);

        if (!json_is_integer(v)) {
                model_fail(c, "report", "no whole number '%s' in the report", name);
                return 0;
        }
        return json_integer_value(v);
}

bool check_shift(struct ctx *c, int lane, json_t *r)
{
        const struct mlane *ml = &c->m.lane[lane];
        const struct {
                const char *name;
                int64_t model;
        } f[] = {
                { "opening_float", ml->opening },
                { "sales_count", ml->sales },
                { "returns_count", ml->returns },
                { "gross", ml->gross },
                { "money_refunded", ml->refunds },
                { "pay_in", ml->pay_in },
                { "pay_out", ml->pay_out },
                { "expected_cash", ml->opening + ml->by_method[CASH] + ml->pay_in - ml->pay_out },
        };
        char sql[512];
        json_t *bm = json_object_get(r, "by_method");
        sqlite3 *h;
        int64_t id = field(c, r, "id");

        for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && !c->res->failed; i++)
                if (field(c, r, f[i].name) != f[i].model)
                        model_fail(c, "Z", "lane %d's shift report: %s %lld, the model %lld", lane + 1, f[i].name,
                                   (long long)field(c, r, f[i].name), (long long)f[i].model);
        if (!c->res->failed && (field(c, bm, "cash") != ml->by_method[CASH] || field(c, bm, "card") != ml->by_method[CARD] ||
                                field(c, bm, "other") != ml->by_method[OTHER]))
                model_fail(c, "Z", "lane %d's takings by method are not the model's (%lld %lld %lld)", lane + 1,
                           (long long)ml->by_method[CASH], (long long)ml->by_method[CARD], (long long)ml->by_method[OTHER]);
        if (c->res->failed || !(h = db(c)))
                return false;
        /* and the sums of the shift's own documents */
        snprintf(sql, sizeof(sql), "SELECT coalesce(sum(total + rounding), 0) FROM sales WHERE shift_id = %lld", (long long)id);
        if (one(c, h, sql) != field(c, r, "gross") + field(c, r, "rounding"))
                model_fail(c, "Z", "shift %lld's gross is not the sum of its sales", (long long)id);
        snprintf(sql, sizeof(sql), "SELECT coalesce(sum(refunded), 0) FROM returns WHERE shift_id = %lld", (long long)id);
        if (!c->res->failed && one(c, h, sql) != field(c, r, "money_refunded"))
                model_fail(c, "Z", "shift %lld's refunds are not the sum of its returns", (long long)id);
        /* goods back and money back named apart, and what a short refund kept between them */
        snprintf(sql, sizeof(sql), "SELECT coalesce(sum(total), 0) FROM returns WHERE shift_id = %lld", (long long)id);
        if (!c->res->failed && (one(c, h, sql) != field(c, r, "goods_returned") ||
                                field(c, r, "kept_on_returns") != field(c, r, "goods_returned") - field(c, r, "money_refunded")))
                model_fail(c, "Z", "shift %lld's goods returned or kept on returns are not its returns'", (long long)id);
        snprintf(sql, sizeof(sql), "SELECT coalesce(sum(CASE kind WHEN 'pay_in' THEN amount ELSE -amount END), 0) "
                 "FROM cash_movements WHERE shift_id = %lld", (long long)id);
        if (!c->res->failed && one(c, h, sql) != field(c, r, "pay_in") - field(c, r, "pay_out"))
                model_fail(c, "Z", "shift %lld's pay-ins and pay-outs are not the sum of its cash movements", (long long)id);
        sqlite3_close(h);
        return !c->res->failed;
}

static bool check_finance(struct ctx *c)
{
        char path[96];
        json_t *o = NULL;
        sqlite3 *h;
        int st;
        struct timespec now;

        clock_gettime(CLOCK_REALTIME, &now);
        snprintf(path, sizeof(path), "/reports/finance?from=0&to=%lld", (long long)now.tv_sec * 1000 + 86400000);
        st = http(&c->p, "GET", path, c->tok[MARIA], NULL, NULL, &o);
        if (st != 200) {
                json_decref(o);
                return model_fail(c, "finance", "GET %s: %d", path, st);
        }
        if (!(h = db(c))) {
                json_decref(o);
                return false;
        }
        const struct {
                const char *name, *sql;
                int64_t model;
        } f[] = {
                { "counter_sales", "SELECT coalesce(sum(total + rounding), 0) FROM sales", c->m.sales_total },
                { "goods_returned", "SELECT coalesce(sum(total), 0) FROM returns", c->m.refunds_total },
                { "pay_ins", "SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE kind = 'pay_in'", c->m.pay_in },
                { "pay_outs", "SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE kind = 'pay_out'", c->m.pay_out },
                { "customer_payments", "SELECT coalesce(sum(amount), 0) FROM customer_payments", c->m.customer_paid },
                { "transit_losses", "SELECT coalesce(sum(short_value), 0) FROM transfer_receipts", c->m.transit_lost },
                { "receivables", "SELECT (SELECT coalesce(sum(total), 0) FROM customer_invoices) - "
                                 "(SELECT coalesce(sum(amount), 0) FROM customer_payments)",
                  c->m.invoiced - c->m.customer_paid },
        };
        for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && !c->res->failed; i++) {
                int64_t rep = field(c, o, f[i].name), sum = one(c, h, f[i].sql);
                if (rep != sum || rep != f[i].model)
                        model_fail(c, "finance", "finance report: %s %lld, its documents %lld, the model %lld", f[i].name,
                                   (long long)rep, (long long)sum, (long long)f[i].model);
        }
        sqlite3_close(h);
        json_decref(o);
        return !c->res->failed;
}

bool check_deep(struct ctx *c)
{
        char cmd[512], out[4096];
        json_t *o = NULL;

        snprintf(cmd, sizeof(cmd), "%s --db %s verify 2>&1", getenv("POSCTL"), c->p.store.path);
        if (trun(cmd, out, sizeof(out)) != 0)
                return model_fail(c, "verify", "posctl verify: %s", out);
        if (!check_finance(c))
                return false;
        if (http(&c->p, "GET", "/reports/stock", c->tok[MARIA], NULL, NULL, &o) != 200)
                return model_fail(c, "value", "no stock report");
        {
                sqlite3 *h = db(c);
                int64_t worth = h ? one(c, h, "SELECT coalesce(sum(value), 0) FROM stock_on_hand") : -1;
                if (h && field(c, o, "value") != worth)
                        model_fail(c, "value", "the stock report's value %lld, the stock's worth %lld",
                                   (long long)field(c, o, "value"), (long long)worth);
                sqlite3_close(h);
        }
        json_decref(o);
        o = NULL;
        if (c->res->failed)
                return false;
        for (int lane = 0; lane < 2 && !c->res->failed; lane++) {
                if (!c->m.lane[lane].shift)
                        continue;
                if (http(&c->p, "GET", "/shifts/current", c->tok[lane == 0 ? ALICE : BOB], NULL, NULL, &o) != 200)
                        model_fail(c, "X", "lane %d has no open shift to report", lane + 1);
                else
                        check_shift(c, lane, o);
                json_decref(o);
                o = NULL;
        }
        return !c->res->failed;
}
