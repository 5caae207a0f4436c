/* Completing a ticket, reading a sale, returns, and the audit log. */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "devices.h"
#include "ledger/print_queue.h"
#include "catalog/catalog.h"
#include "till/doc_view.h"
#include "stock/stock.h"
#include "till/sale.h"

static json_t *sale_view_json(const struct sale_view *v)
{
        json_t *o = doc_json(&v->d), *lines = json_array(), *pays = json_array();

        for (size_t i = 0; i < v->nlines; i++) {
                const struct sale_view_line *ln = &v->lines[i];
                json_array_append_new(lines, json_pack("{s:i,s:s,s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:I,s:o}", "line", ln->line,
                                                       "sku", ln->sku, "name", ln->name, "spec", ln->spec, "unit",
                                                       ln->unit, "qty",
                                                       json_qty(ln->qty), "unit_price", (json_int_t)ln->unit_price,
                                                       "discount", (json_int_t)ln->discount, "amount",
                                                       (json_int_t)ln->amount, "tax", (json_int_t)ln->tax, "returned",
                                                       json_qty(ln->returned)));
        }
        for (size_t i = 0; i < v->npayments; i++)
                json_array_append_new(pays, json_pack("{s:s,s:I}", "method", tender_name(v->payments[i].method),
                                                      "amount", (json_int_t)v->payments[i].amount));
        json_object_set_new(o, "at", json_integer(v->at));
        json_object_set_new(o, "lane", json_string(v->lane));
        json_object_set_new(o, "user", json_string(v->user));
        json_object_set_new(o, "customer", v->customer_id ? json_pack("{s:I,s:s}", "id", (json_int_t)v->customer_id,
                                                                      "name", v->customer)
                                                          : json_null());
        json_object_set_new(o, "lines", lines);
        json_object_set_new(o, "payments", pays);
        return o;
}

/* Products a sale took to or below their reorder point: one alert listing them. */
static void low_stock_alert(struct req *r, const struct sale_view *v)
{
        json_t *items = json_array();

        for (size_t i = 0; i < v->nlines; i++)
                stock_alert_add(r, STOCK_LOW, v->lines[i].sku, -v->lines[i].qty, items);
        stock_alert_send(r, STOCK_LOW, items);
}

struct checkout_policy lane_policy(struct req *r)
{
        struct checkout_policy p = r->cfg.policy;
        bool drawer = false;

        p.printer = devices_lane_printer(r->api->dev, r->actor.lane, &drawer);
        p.drawer = devices_lane_drawer(r->api->dev, r->actor.lane);
        p.kick_drawer = drawer || p.drawer;
        return p;
}

/* The state of a document's receipt: printed, waiting (and why), or none. */
static json_t *receipt_json(struct req *r, const char *number)
{
        char state[8], why[128];

        if (print_state(r->l, number, state, why) < 0)
                return json_null();
        return json_pack("{s:s,s:s}", "state", !strcmp(state, "done") ? "printed" : "waiting", "detail", why);
}

void h_complete(struct req *r)
{
        struct checkout_policy pol = lane_policy(r);
        struct sale_view *v = NULL;
        struct doc_result d;
        json_t *sale;

        if (!in_approval(r))
                return;
        if (ticket_complete(r->l, &r->actor, &pol, r->part[0], r->idem_key, &d) < 0)
                return reply_core(r, false);
        if (sale_view_get(r->l, d.number, &v) < 0)
                return reply_core(r, false);
        if (!d.replayed) {
                req_event(r, "sale", json_pack("{s:s,s:s,s:I}", "ticket", r->part[0], "number", d.number, "total",
                                               (json_int_t)d.total));
                low_stock_alert(r, v);
        }
        sale = sale_view_json(v);
        json_object_set_new(sale, "receipt", receipt_json(r, d.number));
        r->wake_printer = pol.printer;
        r->wake_drawer = pol.drawer;
        reply(r, d.replayed ? 200 : 201, json_pack("{s:o}", "sale", sale));
        sale_view_free(v);
}

void h_sale(struct req *r)
{
        struct sale_view *v = NULL;
        json_t *sale;

        if (sale_view_get(r->l, r->part[0], &v) < 0)
                return reply_core(r, false);
        sale = sale_view_json(v);
        json_object_set_new(sale, "receipt", receipt_json(r, v->d.number));
        reply(r, 200, json_pack("{s:o}", "sale", sale));
        sale_view_free(v);
}

static int add_sale_row(const struct sale_row *s, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:I,s:s,s:s,s:I,s:b}", "number", s->number, "at",
                                                   (json_int_t)s->at, "lane", s->lane, "user", s->user, "total",
                                                   (json_int_t)s->total, "returnable", s->returnable));
}

/* GET /sales?ends=DIGITS&limit=N: the sales last rung up, to find one to return by the
 * end of its number when its receipt cannot be read. */
void h_sales(struct req *r)
{
        const char *ends = query(r, "ends");
        int limit = query_int(r, "limit", 20, SALE_LIST_MAX);
        json_t *items;

        if (ends && !sale_ending_ok(ends))
                return reply_error(r, 400, "BAD_DIGITS", "ends is the last 1 to %d digits of a sale's number, digits only",
                                   SALE_ENDING_MAX);
        if (limit < 1)
                return reply_error(r, 400, "BAD_QUERY", "limit is 1 to %d", SALE_LIST_MAX);
        items = json_array();
        if (sale_list(r->l, ends, limit, add_sale_row, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

/* POST /sales/{number}/receipt: print it again, marked REPRINT. */
void h_reprint(struct req *r)
{
        struct checkout_policy pol = lane_policy(r);
        struct doc_result d;

        if (!pol.printer)
                return reply_error(r, 409, "NO_PRINTER", "lane %s has no receipt printer", r->actor.lane);
        if (sale_result_by_number(r->l, r->part[0], &d) < 0)
                return reply_core(r, false);
        if (ledger_begin(r->l) < 0)
                return reply_core(r, false);
        if (print_enqueue(r->l, pol.printer, "sale", d.number, true, false, NULL) < 0 ||
            audit_add(r->l, &r->actor, "reprint", "receipt of %s", d.number) < 0 || ledger_commit(r->l) < 0) {
                ledger_rollback(r->l);
                return reply_core(r, false);
        }
        r->wake_printer = pol.printer;
        reply(r, 202, json_pack("{s:s,s:s}", "sale", d.number, "printer", pol.printer));
}

/* POST /devices/{name}/test: a test page, through the queue like any receipt. */
void h_test_print(struct req *r)
{
        char number[48];

        if (!devices_is_printer(r->api->dev, r->part[0]))
                return reply_error(r, 404, "UNKNOWN_PRINTER", "no receipt printer called %s in posd.conf", r->part[0]);
        snprintf(number, sizeof(number), "TEST-%s", r->part[0]);
        if (print_enqueue(r->l, r->part[0], "test", number, false, false, NULL) < 0)
                return reply_core(r, false);
        r->wake_printer = r->part[0];
        reply(r, 202, json_pack("{s:s}", "printer", r->part[0]));
}

/* POST /drawer/open: a no-sale. Needs a manager; audited with the reason. */
void h_no_sale(struct req *r)
{
        struct checkout_policy pol = lane_policy(r);
        const char *reason = NULL;

        if (!in_str(r, "reason", true, 200, &reason) || !in_approval(r))
                return;
        if (!r->actor.is_manager && !r->actor.approver)
                return reply_error(r, 403, "APPROVAL_REQUIRED", "opening the drawer without a sale needs a manager");
        if (!pol.kick_drawer)
                return reply_error(r, 409, "NO_DRAWER", "lane %s has no cash drawer", r->actor.lane);
        if (ledger_begin(r->l) < 0)
                return reply_core(r, false);
        if (print_enqueue_doc(r->l, pol.drawer ? NULL : pol.printer, pol.drawer, "drawer", "no-sale", true) < 0 ||
            audit_add(r->l, &r->actor, "no_sale", "%s", reason) < 0 || ledger_commit(r->l) < 0) {
                ledger_rollback(r->l);
                return reply_core(r, false);
        }
        r->wake_printer = pol.drawer ? pol.drawer : pol.printer;
        reply(r, 202, json_pack("{s:s,s:s}", "lane", r->actor.lane, "reason", reason));
}

void h_devices(struct req *r)
{
        reply(r, 200, json_pack("{s:o}", "items",
                                devices_json(r->api->dev, r->actor.is_manager ? DEVICES_MANAGER : DEVICES_TILL)));
}

static bool return_lines(struct req *r, bool receipt, struct return_line_in *out, size_t *n)
{
        json_t *lines = json_object_get(r->in, "lines"), *v;
        size_t i;
        int64_t line = 0;

        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > DOC_LINES_MAX) {
                reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d lines", DOC_LINES_MAX);
                return false;
        }
        json_array_foreach(lines, i, v) {
                json_t *sku = json_object_get(v, "sku");
                out[i] = (struct return_line_in){ 0, NULL, 0, -1 };
                if (!json_is_object(v) || !in_qty(r, v, "qty", true, &out[i].qty) ||
                    (receipt && !in_int(r, v, "line", true, 1, DOC_LINES_MAX, &line)) ||
                    (!receipt && (!json_is_string(sku) || !in_money(r, v, "price", false, &out[i].unit_price)))) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"line\": N, \"qty\": Q}, or without a "
                                                                "receipt {\"sku\": S, \"qty\": Q}");
                        return false;
                }
                out[i].line = (int)line;
                out[i].sku = receipt ? NULL : json_string_value(sku);
        }
        *n = json_array_size(lines);
        return true;
}

static bool return_refunds(struct req *r, struct payment *out, size_t *n)
{
        json_t *refunds = json_object_get(r->in, "refunds"), *v;
        const char *m;
        size_t i;

        *n = 0;
        if (!refunds)
                return true;
        if (!json_is_array(refunds) || json_array_size(refunds) > DOC_PAYMENTS_MAX) {
                reply_error(r, 400, "BAD_TYPE", "'refunds' is a list of at most %d {\"method\", \"amount\"}",
                            DOC_PAYMENTS_MAX);
                return false;
        }
        json_array_foreach(refunds, i, v) {
                m = json_string_value(json_object_get(v, "method"));
                if (!json_is_object(v) || !m || !in_money(r, v, "amount", true, &out[i].amount)) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each refund is {\"method\": M, \"amount\": N}");
                        return false;
                }
                if (tender_parse(m, &out[i].method) < 0) {
                        reply_error(r, 422, "BAD_TENDER", "a refund's method is cash, card or other");
                        return false;
                }
        }
        *n = json_array_size(refunds);
        return true;
}

/* A quote posts the return as it would be, answers its figures, and takes it all back. */
static void post_request(struct req *r, bool quote, const struct return_in *in_, const char *sale, const char *reason,
                         const struct return_line_in *lines, const struct payment *refunds)
{
        struct return_in in = *in_;
        struct doc_result d;

        if (!sale && !r->actor.is_manager && !r->actor.approver)
                return reply_error(r, 403, "APPROVAL_REQUIRED", "a return without a receipt needs a manager's approval");
        if (shift_current_id(r->l, r->actor.lane, &in.shift_id) < 0)
                return reply_core(r, false);
        in.h = (struct doc_head){ r->idem_key, r->actor.user, r->actor.lane, NULL, 0 };
        in.sale_number = sale;
        in.approved_by = r->actor.approver ? r->actor.approver : r->actor.is_manager ? r->actor.user : NULL;
        in.reason = reason;
        in.lines = lines;
        in.refunds = refunds;
        if (quote) {
                in.h.idem_key = NULL;
                if (ledger_begin(r->l) < 0)
                        return reply_core(r, false);
                if (post_return(r->l, &in, &d) < 0) {
                        reply_core(r, true);
                        return ledger_rollback(r->l);
                }
                ledger_rollback(r->l);
                return reply(r, 200, json_pack("{s:s?,s:I,s:I,s:I}", "sale", sale, "total", (json_int_t)d.total, "tax",
                                               (json_int_t)d.tax, "refunded", (json_int_t)d.paid));
        }
        {
                struct checkout_policy pol = lane_policy(r);
                in.printer = pol.printer;
                in.kick_drawer = pol.kick_drawer;
                in.drawer = pol.drawer;
                r->wake_printer = pol.printer;
                r->wake_drawer = pol.drawer;
        }
        if (post_return(r->l, &in, &d) < 0)
                return reply_core(r, true);
        reply(r, d.replayed ? 200 : 201, json_pack("{s:s,s:s?,s:I,s:I,s:I}", "number", d.number, "sale", sale, "total",
                                                   (json_int_t)d.total, "tax", (json_int_t)d.tax, "refunded",
                                                   (json_int_t)d.paid));
}

static void return_request(struct req *r, bool quote)
{
        size_t n = json_array_size(json_object_get(r->in, "lines"));
        struct return_line_in *lines = calloc(n ? (n < DOC_LINES_MAX ? n : DOC_LINES_MAX) : 1, sizeof(*lines));
        struct payment refunds[DOC_PAYMENTS_MAX];
        struct return_in in;
        const char *sale = NULL, *reason = NULL;

        memset(&in, 0, sizeof(in));
        if (!lines)
                return reply_error(r, 503, "OUT_OF_MEMORY", "out of memory");
        if (!r->in)
                reply_error(r, 400, "MISSING_FIELD", "give the sale, lines and refunds");
        else if (in_str(r, "sale", false, DOC_NUMBER_MAX, &sale) && in_str(r, "reason", false, 200, &reason) &&
                 in_approval(r) && return_lines(r, sale != NULL, lines, &in.nlines) &&
                 return_refunds(r, refunds, &in.nrefunds))
                post_request(r, quote, &in, sale, reason, lines, refunds);
        free(lines);
}

void h_return(struct req *r) { return_request(r, false); }
void h_return_quote(struct req *r) { return_request(r, true); }


static int audit_add_json(const struct audit_entry *e, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s,s:s}", "id", (json_int_t)e->id, "at",
                                                   (json_int_t)e->at, "lane", e->lane, "user", e->user, "approved_by",
                                                   e->approved_by[0] ? e->approved_by : NULL, "action", e->action,
                                                   "detail", e->detail));
}

void h_audit(struct req *r)
{
        const char *before = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "before");
        json_t *items = json_array();

        if (audit_each(r->l, before ? strtoll(before, NULL, 10) : 0, 100, audit_add_json, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}
