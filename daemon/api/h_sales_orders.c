/* Sales orders: /sales-orders, picked, shipped, invoiced, cancelled, and goods returned
 * against them. */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "selling/sales_order.h"

static json_t *so_json(const struct sales_order *so, bool with_lines)
{
        json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:I,s:I,s:I,s:I,s:I}", "number",
                              so->number, "customer", (json_int_t)so->customer_id, "customer_name", so->customer,
                              "location", so->location, "state", so->state, "note", so->note, "created_by",
                              so->created_by, "approved_by", so->approved_by[0] ? so->approved_by : NULL, "shipment",
                              so->shipment[0] ? so->shipment : NULL, "invoice", so->invoice[0] ? so->invoice : NULL,
                              "total", (json_int_t)so->total, "tax", (json_int_t)so->tax, "created_at",
                              (json_int_t)so->created_at, "updated_at", (json_int_t)so->updated_at, "due_at",
                              (json_int_t)so->due_at);
        json_t *lines;

        if (!with_lines || !o)
                return o;
        lines = json_array();
        for (size_t i = 0; i < so->nlines; i++) {
                const struct so_line *ln = &so->lines[i];
                json_array_append_new(lines, json_pack("{s:i,s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:o}", "line", ln->line, "sku",
                                                       ln->sku, "name", ln->name, "unit", ln->unit, "qty",
                                                       json_qty(ln->qty), "unit_price", (json_int_t)ln->unit_price,
                                                       "amount", (json_int_t)ln->amount, "tax", (json_int_t)ln->tax,
                                                       "returned", json_qty(ln->returned)));
        }
        json_object_set_new(o, "lines", lines);
        return o;
}

static int add_so(const struct sales_order *so, void *ud)
{
        return json_array_append_new(ud, so_json(so, false));
}

void h_sales_orders(struct req *r)
{
        const char *customer = query(r, "customer");
        json_t *items = json_array();

        if (so_each(r->l, query(r, "state"), customer ? strtoll(customer, NULL, 10) : 0, 100, add_so, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

static void reply_so(struct req *r, int status, struct sales_order *so)
{
        reply(r, status, so_json(so, true));
        so_free(so);
}

void h_sales_order(struct req *r)
{
        struct sales_order *so = NULL;

        if (so_get(r->l, r->part[0], &so) < 0)
                return reply_core(r, false);
        reply_so(r, 200, so);
}

/* POST /sales-orders {"customer": id, "location"?, "note"?, "lines": [{"sku", "qty",
 * "unit_price"?}], "approved_by"?} */
void h_sales_order_new(struct req *r)
{
        json_t *lines = r->in ? json_object_get(r->in, "lines") : NULL, *v;
        struct so_line_in in[SO_LINES_MAX];
        struct so_input so_in = { 0 };
        struct sales_order *so = NULL;
        size_t i;

        if (!in_int(r, r->in, "customer", true, 1, INT64_MAX, &so_in.customer_id) ||
            !in_str(r, "location", false, CODE_MAX_LEN, &so_in.location) ||
            !in_str(r, "note", false, NAME_MAX_LEN, &so_in.note) || !in_approval(r))
                return;
        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > SO_LINES_MAX)
                return reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d {\"sku\", \"qty\"}", SO_LINES_MAX);
        json_array_foreach(lines, i, v) {
                json_t *sku = json_object_get(v, "sku");
                in[i].unit_price = -1;
                if (!json_is_object(v) || !json_is_string(sku) || !in_qty(r, v, "qty", true, &in[i].qty) ||
                    !in_money(r, v, "unit_price", false, &in[i].unit_price)) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"sku\": S, \"qty\": Q, \"unit_price\"?: P}");
                        return;
                }
                if (in[i].unit_price < 0 && json_object_get(v, "unit_price") &&
                    !json_is_null(json_object_get(v, "unit_price"))) /* given, and below zero */
                        return reply_error(r, 422, "BAD_AMOUNT", "line %zu: a unit price is 0 or more", i + 1);
                in[i].sku = json_string_value(sku);
        }
        so_in.lines = in;
        so_in.nlines = json_array_size(lines);
        if (so_create(r->l, &r->actor, &so_in, &so) < 0)
                return reply_core(r, true);
        reply_so(r, 201, so);
}

static void so_action(struct req *r, enum so_action act)
{
        struct sales_order *so = NULL;

        if (so_act(r->l, &r->actor, r->part[0], act, &so) < 0)
                return reply_core(r, false);
        reply_so(r, 200, so);
}

void h_sales_order_pick(struct req *r) { so_action(r, SO_PICK); }
void h_sales_order_cancel(struct req *r) { so_action(r, SO_CANCEL); }

static void reply_step(struct req *r, int rc, const struct doc_result *d, const char *key, struct sales_order *so)
{
        json_t *doc;

        if (rc < 0)
                return reply_core(r, strcmp(ledger_errcode(r->l), "UNKNOWN_SO") != 0);
        doc = json_pack("{s:s,s:I,s:I,s:I}", "number", d->number, "total", (json_int_t)d->total, "tax",
                        (json_int_t)d->tax, "cost", (json_int_t)d->cost);
        reply(r, d->replayed ? 200 : 201, json_pack("{s:o,s:o}", key, doc, "order", so_json(so, true)));
        so_free(so);
}

void h_sales_order_ship(struct req *r)
{
        struct sales_order *so = NULL;
        struct doc_result d;
        int rc = so_ship(r->l, &r->actor, r->idem_key, r->part[0], &d, &so);

        reply_step(r, rc, &d, "shipment", so);
}

void h_sales_order_invoice(struct req *r)
{
        struct sales_order *so = NULL;
        struct doc_result d;
        int rc = so_invoice(r->l, &r->actor, r->idem_key, r->part[0], &d, &so);

        reply_step(r, rc, &d, "invoice", so);
}

/* POST /sales-orders/{number}/returns {"lines": [{"line", "qty"}], "reason"} */
void h_sales_order_return(struct req *r)
{
        json_t *lines = r->in ? json_object_get(r->in, "lines") : NULL, *v;
        struct so_return_line in[SO_LINES_MAX];
        struct sales_order *so = NULL;
        const char *reason = NULL;
        struct doc_result d;
        int64_t line = 0;
        size_t i;
        int rc;

        if (!in_str(r, "reason", true, REASON_MAX_LEN, &reason))
                return;
        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > SO_LINES_MAX)
                return reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d {\"line\", \"qty\"}", SO_LINES_MAX);
        json_array_foreach(lines, i, v) {
                if (!json_is_object(v) || !in_int(r, v, "line", true, 1, SO_LINES_MAX, &line) ||
                    !in_qty(r, v, "qty", true, &in[i].qty)) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"line\": N, \"qty\": Q}");
                        return;
                }
                in[i].line = (int)line;
        }
        rc = so_return(r->l, &r->actor, r->idem_key, r->part[0], in, json_array_size(lines), reason, &d, &so);
        reply_step(r, rc, &d, "credit_note", so);
}
