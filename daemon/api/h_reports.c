/* Reports (manager), each as JSON or, with ?format=csv, its rows as a CSV file: sales by
 * time slot and broken down, purchases, stock, expiring batches, finance. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "json_out.h"
#include "stock/batch.h"
#include "reports/report.h"

static bool query_ms(struct req *r, const char *name, int64_t *ret)
{
        const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
        char *end;
        long long x;

        if (!v) {
                reply_error(r, 400, "BAD_QUERY", "give %s, a time in milliseconds", name);
                return false;
        }
        errno = 0;
        x = strtoll(v, &end, 10);
        if (errno || *end || end == v || x < 0) {
                reply_error(r, 400, "BAD_QUERY", "%s must be a time in milliseconds", name);
                return false;
        }
        *ret = x;
        return true;
}

static json_t *bucket_json(const struct sales_bucket *b)
{
        int64_t net = b->gross - b->refunds;

        return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "start", (json_int_t)b->start, "sales",
                         (json_int_t)b->sales, "returns", (json_int_t)b->returns, "gross", (json_int_t)b->gross,
                         "refunds", (json_int_t)b->refunds, "net", (json_int_t)net, "tax", (json_int_t)b->tax, "cost",
                         (json_int_t)b->cost, "margin", (json_int_t)(net - b->tax - b->cost));
}

void h_report_sales(struct req *r)
{
        const char *by = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "bucket");
        struct sales_bucket *b, total = { 0 };
        int64_t from, to, ms;
        json_t *items;
        int n = 0;

        if (!query_ms(r, "from", &from) || !query_ms(r, "to", &to))
                return;
        if (!by || !strcmp(by, "hour"))
                ms = 3600 * 1000;
        else if (!strcmp(by, "day"))
                ms = 24 * 3600 * 1000;
        else
                return reply_error(r, 400, "BAD_QUERY", "bucket is hour or day");
        if (!(b = calloc(REPORT_BUCKETS_MAX, sizeof(*b))))
                return reply_error(r, 503, "OUT_OF_MEMORY", "out of memory");
        if (report_sales(r->l, from, to, ms, b, &n) < 0) {
                free(b);
                return reply_core(r, false);
        }
        items = json_array();
        for (int i = 0; i < n; i++) {
                json_array_append_new(items, bucket_json(&b[i]));
                total.sales += b[i].sales;
                total.returns += b[i].returns;
                total.gross += b[i].gross;
                total.refunds += b[i].refunds;
                total.tax += b[i].tax;
                total.cost += b[i].cost;
        }
        total.start = from;
        free(b);
        reply_report(r, json_pack("{s:I,s:I,s:I,s:o,s:o}", "from", (json_int_t)from, "to", (json_int_t)to, "bucket_ms",
                                  (json_int_t)ms, "buckets", items, "totals", bucket_json(&total)),
                     "buckets", "sales.csv");
}

static int add_supplier_row(const struct purchase_by_supplier *s, void *ud)
{
        return json_array_append_new(json_object_get(ud, "suppliers"),
                                     json_pack("{s:s,s:s,s:i,s:I,s:I,s:I,s:i,s:I}", "code", s->code, "name", s->name,
                                               "orders", s->orders, "ordered", (json_int_t)s->ordered, "received",
                                               (json_int_t)s->received, "outstanding", (json_int_t)s->outstanding,
                                               "open_orders", s->open_orders, "lead_ms", (json_int_t)s->lead_ms));
}

static int add_product_row(const struct purchase_by_product *p, void *ud)
{
        return json_array_append_new(json_object_get(ud, "products"),
                                     json_pack("{s:s,s:s,s:o,s:I}", "sku", p->sku, "name", p->name, "qty",
                                               json_qty(p->qty), "amount", (json_int_t)p->amount));
}

/* GET /reports/purchases?from=MS&to=MS (manager). */
void h_report_purchases(struct req *r)
{
        static const struct purchase_report_fns fns = { add_supplier_row, add_product_row };
        int64_t from, to;
        json_t *o;

        if (!query_ms(r, "from", &from) || !query_ms(r, "to", &to))
                return;
        o = json_pack("{s:I,s:I,s:[],s:[]}", "from", (json_int_t)from, "to", (json_int_t)to, "suppliers", "products");
        if (!o)
                return reply_error(r, 503, "OUT_OF_MEMORY", "out of memory");
        if (report_purchases(r->l, from, to, &fns, o) < 0) {
                json_decref(o);
                return reply_core(r, false);
        }
        reply_report(r, o, "suppliers", "purchases.csv");
}

static int add_by_row(const struct sales_by_row *b, void *ud)
{
        int64_t net = b->gross - b->refunds;

        return json_array_append_new(ud, json_pack("{s:s,s:s,s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I}", "key", b->key, "name",
                                                   b->name, "sold", json_qty(b->sold), "returned", json_qty(b->returned),
                                                   "gross", (json_int_t)b->gross, "refunds", (json_int_t)b->refunds,
                                                   "net", (json_int_t)net, "tax", (json_int_t)b->tax, "cost",
                                                   (json_int_t)b->cost, "margin", (json_int_t)(net - b->tax - b->cost)));
}

/* GET /reports/sales-by?from=MS&to=MS&by=product|category|cashier|method&limit=N */
void h_report_sales_by(struct req *r)
{
        static const char *const names[] = { "product", "category", "cashier", "method" };
        const char *by = query(r, "by");
        int limit = query_int(r, "limit", 100, 1000), k = -1;
        int64_t from, to;
        json_t *rows;

        if (!query_ms(r, "from", &from) || !query_ms(r, "to", &to))
                return;
        for (int i = 0; by && i < 4; i++)
                if (!strcmp(by, names[i]))
                        k = i;
        if (k < 0 || limit < 1)
                return reply_error(r, 400, "BAD_QUERY", "by is product, category, cashier or method; limit 1 to 1000");
        rows = json_array();
        if (report_sales_by(r->l, from, to, (enum sales_by)k, limit, add_by_row, rows) < 0) {
                json_decref(rows);
                return reply_core(r, false);
        }
        reply_report(r, json_pack("{s:I,s:I,s:s,s:o}", "from", (json_int_t)from, "to", (json_int_t)to, "by", names[k],
                                  "rows", rows),
                     "rows", "sales-by.csv");
}

static int add_stock_row(const struct stock_row *s, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:s,s:s,s:o,s:I,s:o,s:I,s:I,s:o}", "sku", s->sku, "name",
                                                   s->name, "unit", s->unit, "category", s->category, "on_hand",
                                                   json_qty(s->on_hand), "value", (json_int_t)s->value, "sold",
                                                   json_qty(s->sold), "sold_cost", (json_int_t)s->sold_cost,
                                                   "last_sold_at", (json_int_t)s->last_sold_at, "cover_days",
                                                   s->cover_days < 0 ? json_null() : json_integer(s->cover_days)));
}

/* GET /reports/stock?location=CODE&days=N&slow=1&limit=N&offset=N */
void h_report_stock(struct req *r)
{
        const char *slow = query(r, "slow");
        int days = query_int(r, "days", 28, 3650), limit = query_int(r, "limit", 200, 1000),
            offset = query_int(r, "offset", 0, 100000000);
        struct stock_report rep;
        json_t *rows, *locs, *o;

        if (days < 1 || limit < 1 || offset < 0 || (slow && strcmp(slow, "0") && strcmp(slow, "1")))
                return reply_error(r, 400, "BAD_QUERY", "days 1 to 3650, limit 1 to 1000, offset 0 or more, slow 0 or 1");
        rows = json_array();
        if (report_stock(r->l, query(r, "location"), days, slow && !strcmp(slow, "1"), limit, offset, add_stock_row, rows,
                         &rep) < 0) {
                json_decref(rows);
                return reply_core(r, true);
        }
        locs = json_array();
        for (size_t i = 0; i < rep.nlocations; i++)
                json_array_append_new(locs, json_pack("{s:s,s:I}", "location", rep.locations[i].location, "value",
                                                      (json_int_t)rep.locations[i].value));
        o = json_pack("{s:i,s:I,s:I,s:I,s:o,s:o}", "days", days, "value", (json_int_t)rep.value, "sold_cost",
                      (json_int_t)rep.sold_cost, "turnover_x100", (json_int_t)rep.turnover_x100, "locations", locs,
                      "rows", rows);
        reply_report(r, o, "rows", "stock.csv");
}

static int add_batch_row(const struct batch_level *b, void *ud)
{
        return json_array_append_new(ud, batch_json(b));
}

/* GET /reports/expiring?days=N: batches with stock expiring within N days (or expired). */
void h_report_expiring(struct req *r)
{
        int days = query_int(r, "days", r->cfg.expiry_alert_days, 3650);
        json_t *rows;

        if (days < 0)
                return reply_error(r, 400, "BAD_QUERY", "days is 0 to 3650");
        rows = json_array();
        if (batch_expiring(r->l, ledger_now_ms(r->l) + (int64_t)days * 24 * 3600 * 1000, 1000, add_batch_row, rows) < 0) {
                json_decref(rows);
                return reply_core(r, false);
        }
        reply_report(r, json_pack("{s:i,s:o}", "days", days, "rows", rows), "rows", "expiring.csv");
}

/* GET /reports/finance?from=MS&to=MS */
void h_report_finance(struct req *r)
{
        struct finance_report f;
        int64_t from, to;
        json_t *o, *lines;
        const char *key;
        json_t *v;

        if (!query_ms(r, "from", &from) || !query_ms(r, "to", &to))
                return;
        if (report_finance(r->l, from, to, &f) < 0)
                return reply_core(r, false);
        o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "counter_sales",
                      (json_int_t)f.counter_sales, "goods_returned", (json_int_t)f.goods_returned, "money_refunded",
                      (json_int_t)f.money_refunded, "kept_on_returns", (json_int_t)f.kept_on_returns, "account_sales",
                      (json_int_t)f.account_sales, "credit_notes", (json_int_t)f.credit_notes, "net_sales",
                      (json_int_t)f.net_sales, "tax", (json_int_t)f.tax, "cost_of_goods", (json_int_t)f.cost_of_goods,
                      "gross_profit", (json_int_t)f.gross_profit, "pay_ins", (json_int_t)f.pay_ins, "pay_outs",
                      (json_int_t)f.pay_outs, "adjustments", (json_int_t)f.adjustments, "transit_losses",
                      (json_int_t)f.transit_losses, "supplier_invoices", (json_int_t)f.supplier_invoices,
                      "supplier_payments", (json_int_t)f.supplier_payments, "supplier_returns",
                      (json_int_t)f.supplier_returns, "customer_payments", (json_int_t)f.customer_payments, "payables",
                      (json_int_t)f.payables, "receivables", (json_int_t)f.receivables, "stock_value",
                      (json_int_t)f.stock_value);
        /* as CSV: one line per figure */
        lines = json_array();
        json_object_foreach(o, key, v)
                json_array_append_new(lines, json_pack("{s:s,s:O}", "figure", key, "amount", v));
        json_object_set_new(o, "lines", lines);
        json_object_set_new(o, "from", json_integer(from));
        json_object_set_new(o, "to", json_integer(to));
        reply_report(r, o, "lines", "finance.csv");
}
