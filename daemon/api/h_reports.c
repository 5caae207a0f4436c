/* Reports: GET /reports/sales?from=MS&to=MS&bucket=hour|day (manager). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "json_out.h"
#include "report.h"

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
        reply(r, 200, json_pack("{s:I,s:I,s:I,s:o,s:o}", "from", (json_int_t)from, "to", (json_int_t)to, "bucket_ms",
                                (json_int_t)ms, "buckets", items, "totals", bucket_json(&total)));
}

static int add_supplier_row(const struct purchase_by_supplier *s, void *ud)
{
        return json_array_append_new(json_object_get(ud, "suppliers"),
                                     json_pack("{s:s,s:s,s:i,s:I,s:I,s:I}", "code", s->code, "name", s->name, "orders",
                                               s->orders, "ordered", (json_int_t)s->ordered, "received",
                                               (json_int_t)s->received, "outstanding", (json_int_t)s->outstanding));
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
        reply(r, 200, o);
}
