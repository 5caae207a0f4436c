/* Suppliers and purchase orders: /suppliers, /purchase-orders, and goods received against
 * an order (/purchase-orders/{number}/receive). */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "json_out.h"
#include "buying/purchasing.h"
#include "stock/stock.h"

static json_t *supplier_json(const struct supplier *s)
{
        return json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:b}", "code", s->code, "name", s->name, "contact", s->contact,
                         "phone", s->phone, "terms_days", s->terms_days, "lead_days", s->lead_days, "active",
                         s->active);
}

static int add_supplier(const struct supplier *s, void *ud)
{
        return json_array_append_new(ud, supplier_json(s));
}

void h_suppliers(struct req *r)
{
        json_t *items = json_array();

        if (supplier_each(r->l, add_supplier, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

/* part of whole in whole percent, rounded (rates stay integers); null of nothing */
static json_t *percent(int64_t part, int64_t whole)
{
        return whole > 0 ? json_integer((part * 200 + whole) / (2 * whole)) : json_null();
}

/* GET /suppliers/{code}: the supplier and its record. */
void h_supplier(struct req *r)
{
        struct supplier_record rec;
        struct supplier s;
        json_t *o, *products;

        if (supplier_get(r->l, r->part[0], &s) < 0 || supplier_record(r->l, &s, &rec) < 0)
                return reply_core(r, false);
        products = json_array();
        for (size_t i = 0; i < rec.nproducts; i++) {
                const struct supplier_product *p = &rec.products[i];
                json_array_append_new(products, json_pack("{s:s,s:s,s:i,s:I,s:I}", "sku", p->sku, "name", p->name,
                                                          "orders", p->orders, "first_cost", (json_int_t)p->first_cost,
                                                          "last_cost", (json_int_t)p->last_cost));
        }
        free(rec.products);
        o = supplier_json(&s);
        /* whole percent, rounded: money and rates stay integers */
        json_object_set_new(o, "record", json_pack("{s:i,s:i,s:i,s:o,s:I,s:o,s:o,s:o,s:o}", "orders", rec.orders,
                                                   "delivered", rec.delivered, "on_time", rec.on_time, "on_time_percent",
                                                   percent(rec.on_time, rec.delivered), "lead_ms", (json_int_t)rec.lead_ms,
                                                   "received", json_qty(rec.received), "rejected", json_qty(rec.rejected),
                                                   "rejected_percent", percent(rec.rejected, rec.received + rec.rejected),
                                                   "products", products));
        reply(r, 200, o);
}

void h_supplier_new(struct req *r)
{
        struct supplier_input in = { 0 };
        int64_t terms = 0, lead = 0;
        struct supplier s;

        if (!in_str(r, "code", true, CODE_MAX_LEN, &in.code) || !in_str(r, "name", true, NAME_MAX_LEN, &in.name) ||
            !in_str(r, "contact", false, NAME_MAX_LEN, &in.contact) || !in_str(r, "phone", false, 32, &in.phone) ||
            !in_int(r, r->in, "terms_days", false, 0, 3650, &terms) || !in_int(r, r->in, "lead_days", false, 0, 3650, &lead))
                return;
        in.terms_days = (int)terms;
        in.lead_days = (int)lead;
        if (supplier_add(r->l, &r->actor, &in, &s) < 0)
                return reply_core(r, true);
        reply(r, 201, supplier_json(&s));
}

static json_t *po_json(const struct purchase_order *po, bool with_lines)
{
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:I,s:I,s:I}", "number", po->number, "supplier",
                              po->supplier, "supplier_name", po->supplier_name, "state", po->state, "note", po->note,
                              "created_by", po->created_by, "approved_by", po->approved_by[0] ? po->approved_by : NULL,
                              "expected_at", (json_int_t)po->expected_at, "created_at", (json_int_t)po->created_at,
                              "total", (json_int_t)po->total);
        json_t *lines;

        if (!with_lines || !o)
                return o;
        lines = json_array();
        for (size_t i = 0; i < po->nlines; i++) {
                const struct po_line *ln = &po->lines[i];
                json_array_append_new(lines, json_pack("{s:i,s:s,s:s,s:s,s:o,s:I,s:o,s:o}", "line", ln->line, "sku",
                                                       ln->sku, "name", ln->name, "unit", ln->unit, "qty",
                                                       json_qty(ln->qty), "unit_cost", (json_int_t)ln->unit_cost,
                                                       "received", json_qty(ln->received), "rejected",
                                                       json_qty(ln->rejected)));
        }
        json_object_set_new(o, "lines", lines);
        return o;
}

static int add_po(const struct purchase_order *po, void *ud)
{
        return json_array_append_new(ud, po_json(po, false));
}

void h_pos(struct req *r)
{
        const char *state = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "state");
        json_t *items = json_array();

        if (po_each(r->l, state, 100, add_po, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

void h_po(struct req *r)
{
        struct purchase_order *po = NULL;

        if (po_get(r->l, r->part[0], &po) < 0)
                return reply_core(r, false);
        reply(r, 200, po_json(po, true));
        po_free(po);
}

static bool po_lines_in(struct req *r, struct po_line_in *out, size_t *n)
{
        json_t *lines = json_object_get(r->in, "lines"), *v;
        size_t i;

        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > PO_LINES_MAX) {
                reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d {\"sku\", \"qty\", \"unit_cost\"}",
                            PO_LINES_MAX);
                return false;
        }
        json_array_foreach(lines, i, v) {
                json_t *sku = json_object_get(v, "sku");
                if (!json_is_object(v) || !json_is_string(sku) || !in_qty(r, v, "qty", true, &out[i].qty) ||
                    !in_money(r, v, "unit_cost", true, &out[i].unit_cost)) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"sku\": S, \"qty\": Q, \"unit_cost\": C}");
                        return false;
                }
                out[i].sku = json_string_value(sku);
        }
        *n = json_array_size(lines);
        return true;
}

void h_po_new(struct req *r)
{
        struct po_line_in lines[PO_LINES_MAX];
        struct po_input in = { 0 };
        struct purchase_order *po = NULL;
        int64_t expected = 0;

        if (!in_str(r, "supplier", true, CODE_MAX_LEN, &in.supplier) || !in_str(r, "note", false, NAME_MAX_LEN, &in.note) ||
            !in_int(r, r->in, "expected_at", false, 0, INT64_MAX, &expected) || !po_lines_in(r, lines, &in.nlines))
                return;
        in.lines = lines;
        in.expected_at = expected;
        if (po_create(r->l, &r->actor, &in, &po) < 0)
                return reply_core(r, true);
        reply(r, 201, po_json(po, true));
        po_free(po);
}

static void po_action(struct req *r, enum po_action act)
{
        struct purchase_order *po = NULL;

        if (po_act(r->l, &r->actor, r->part[0], act, &po) < 0)
                return reply_core(r, false);
        reply(r, 200, po_json(po, true));
        po_free(po);
}

void h_po_approve(struct req *r) { po_action(r, PO_APPROVE); }
void h_po_send(struct req *r) { po_action(r, PO_SEND); }
void h_po_cancel(struct req *r) { po_action(r, PO_CANCEL); }
void h_po_close(struct req *r) { po_action(r, PO_CLOSE); }

/* Goods in that took a product above its maximum level: one alert naming them. */
static void over_max_alert(struct req *r, const struct purchase_order *po, const struct po_receive_line *in, size_t n)
{
        json_t *items = json_array();

        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < po->nlines; j++)
                        if (po->lines[j].line == in[i].line && in[i].qty)
                                stock_alert_add(r, STOCK_OVER_MAX, po->lines[j].sku, in[i].qty, items);
        stock_alert_send(r, STOCK_OVER_MAX, items);
}

/* Goods in of a batch that is already near its expiry: an alert naming them. */
static void expiring_alert(struct req *r, const struct purchase_order *po, const struct po_receive_line *in, size_t n)
{
        json_t *items = json_array();

        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < po->nlines; j++)
                        if (po->lines[j].line == in[i].line && in[i].qty && in[i].expires_at &&
                            in[i].expires_at < expiry_horizon(r))
                                json_array_append_new(items, json_pack("{s:s,s:s,s:s?,s:I,s:o}", "sku", po->lines[j].sku,
                                                                       "name", po->lines[j].name, "lot", in[i].lot,
                                                                       "expires_at", (json_int_t)in[i].expires_at,
                                                                       "qty", json_qty(in[i].qty)));
        if (json_array_size(items))
                req_event(r, "alert", json_pack("{s:s,s:o}", "kind", "expiring", "items", items));
        else
                json_decref(items);
}

void h_po_receive(struct req *r)
{
        json_t *lines = r->in ? json_object_get(r->in, "lines") : NULL, *v;
        struct po_receive_line in[PO_LINES_MAX];
        struct purchase_order *po = NULL;
        const char *location = NULL;
        struct doc_result d;
        size_t i;
        int64_t line = 0;

        if (!in_approval(r) || !in_str(r, "location", false, CODE_MAX_LEN, &location))
                return;
        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > PO_LINES_MAX)
                return reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d {\"line\", \"qty\"}", PO_LINES_MAX);
        json_array_foreach(lines, i, v) {
                in[i] = (struct po_receive_line){ 0 };
                json_t *lot = json_object_get(v, "lot");
                if (!json_is_object(v) || !in_int(r, v, "line", true, 1, PO_LINES_MAX, &line) ||
                    !in_qty(r, v, "qty", true, &in[i].qty) || !in_qty(r, v, "rejected", false, &in[i].rejected) ||
                    !in_int(r, v, "expires_at", false, 1, INT64_MAX, &in[i].expires_at) ||
                    (lot && !json_is_null(lot) && !json_is_string(lot))) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"line\": N, \"qty\": Q, \"rejected\"?: Q, "
                                            "\"lot\"?: S, \"expires_at\"?: MS}");
                        return;
                }
                in[i].lot = json_string_value(lot);
                in[i].line = (int)line;
        }
        if (po_receive(r->l, &r->actor, r->idem_key, location, r->part[0], in, json_array_size(lines), &d, &po) < 0)
                return reply_core(r, strcmp(ledger_errcode(r->l), "UNKNOWN_PO") != 0); /* the path names the order */
        if (!d.replayed) {
                over_max_alert(r, po, in, json_array_size(lines));
                expiring_alert(r, po, in, json_array_size(lines));
        }
        reply(r, d.replayed ? 200 : 201, json_pack("{s:o,s:o}", "receipt",
                                                    d.number[0] ? json_pack("{s:s,s:I}", "number", d.number, "cost",
                                                                            (json_int_t)d.total)
                                                                : json_null(),
                                                    "order", po_json(po, true)));
        po_free(po);
}

static int add_suggestion(const struct reorder_line *s, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:s?,s:i,s:o,s:o,s:o,s:o,s:I}", "sku", s->sku, "name", s->name,
                                                   "supplier", s->supplier[0] ? s->supplier : NULL, "lead_days",
                                                   s->lead_days, "on_hand", json_qty(s->on_hand), "on_order",
                                                   json_qty(s->on_order), "daily", json_qty(s->daily), "qty",
                                                   json_qty(s->qty), "unit_cost", (json_int_t)s->unit_cost));
}

/* GET /purchase-suggestions: what to order now. */
void h_suggestions(struct req *r)
{
        json_t *items = json_array();

        if (reorder_suggest(r->l, add_suggestion, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

static int add_draft(const struct purchase_order *po, void *ud)
{
        return json_array_append_new(ud, po_json(po, true));
}

/* POST /purchase-suggestions/draft: the suggestions as draft orders, one per supplier. */
void h_suggestions_draft(struct req *r)
{
        json_t *orders = json_array();

        if (reorder_draft(r->l, &r->actor, add_draft, orders) < 0) {
                json_decref(orders);
                return reply_core(r, false);
        }
        reply(r, 201, json_pack("{s:o}", "orders", orders));
}
