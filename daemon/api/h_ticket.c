/* Tickets: ringing up a sale line by line. Every answer is the whole ticket, and every
 * change is also sent on the events stream. */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* Answer with the ticket (and tell the lane), or with the core's error. The ticket is
 * passed by address: the call that fills it is an argument of the same call. */
static void answer(struct req *r, int rc, int status, struct ticket **t, bool body_ref)
{
        if (rc < 0)
                return reply_core(r, body_ref);
        req_event(r, "ticket", ticket_json(*t));
        reply(r, status, ticket_json(*t));
        *t = ticket_free(*t);
}

static bool line_number(struct req *r, int *ret)
{
        char *end;
        long v = strtol(r->part[1], &end, 10);

        if (*end || v < 1 || v > 100000) {
                reply_error(r, 404, "UNKNOWN_LINE", "there is no line '%s'", r->part[1]);
                return false;
        }
        *ret = (int)v;
        return true;
}

void h_ticket_new(struct req *r)
{
        struct ticket *t = NULL;
        int rc = ticket_open(r->l, &r->actor, &t);

        answer(r, rc, 201, &t, false);
}

void h_ticket_current(struct req *r)
{
        char id[TICKET_ID_LEN + 1];
        struct ticket *t = NULL;

        if (ticket_current(r->l, r->actor.lane, id) < 0) {
                if (!strcmp(ledger_errcode(r->l), "NO_OPEN_TICKET"))
                        return reply_error(r, 404, "NO_OPEN_TICKET", "%s", ledger_errmsg(r->l));
                return reply_core(r, false);
        }
        if (ticket_get(r->l, &r->actor, id, &t) < 0)
                return reply_core(r, false);
        reply(r, 200, ticket_json(t));
        ticket_free(t);
}

/* Summaries: a list of whole tickets could run to megabytes. */
static int list_add(const struct ticket *t, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:s,s:i,s:I,s:I,s:I}", "id", t->id, "state", t->state,
                                                   "user", t->user, "lines", (int)t->nlines, "total",
                                                   (json_int_t)t->total, "due", (json_int_t)t->due, "updated_at",
                                                   (json_int_t)t->updated_at));
}

void h_tickets(struct req *r)
{
        const char *state = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "state");
        json_t *items;

        if (!state)
                state = "suspended";
        if (strcmp(state, "open") && strcmp(state, "suspended"))
                return reply_error(r, 400, "BAD_QUERY", "state is open or suspended");
        items = json_array();
        if (ticket_each(r->l, r->actor.lane, state, list_add, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

void h_ticket(struct req *r)
{
        struct ticket *t = NULL;

        if (ticket_get(r->l, &r->actor, r->part[0], &t) < 0)
                return reply_core(r, false);
        reply(r, 200, ticket_json(t));
        ticket_free(t);
}

/* {"percent": 10} or {"amount": 500} or null */
static bool in_discount(struct req *r, struct discount *d)
{
        json_t *v = json_object_get(r->in, "discount");
        int64_t pct = 0;

        *d = (struct discount){ DISCOUNT_NONE, 0 };
        if (!v || json_is_null(v))
                return true;
        if (!json_is_object(v)) {
                reply_error(r, 400, "BAD_TYPE", "'discount' is {\"percent\": N}, {\"amount\": N} or null");
                return false;
        }
        if (json_object_get(v, "percent")) {
                /* percent with up to two decimals, kept as basis points */
                if (!in_qty(r, v, "percent", true, &pct))
                        return false;
                if (pct % 10) {
                        reply_error(r, 422, "BAD_DISCOUNT", "a percentage has at most two decimals");
                        return false;
                }
                *d = (struct discount){ DISCOUNT_PERCENT, pct / 10 };
                return true;
        }
        d->kind = DISCOUNT_AMOUNT;
        return in_money(r, v, "amount", true, &d->value);
}

/* One change per request: the customer, or else the discount. */
void h_ticket_patch(struct req *r)
{
        json_t *cust = r->in ? json_object_get(r->in, "customer") : NULL;
        struct ticket *t = NULL;
        struct discount d;

        if (cust) {
                if (!json_is_null(cust) && (!json_is_integer(cust) || json_integer_value(cust) <= 0))
                        return reply_error(r, 400, "BAD_TYPE", "customer is a customer's id, or null to take it off");
                return answer(r, ticket_set_customer(r->l, &r->actor, r->part[0],
                                                     json_is_null(cust) ? 0 : json_integer_value(cust), &t),
                              200, &t, true);
        }
        if (!r->in || !json_object_get(r->in, "discount"))
                return reply_error(r, 400, "MISSING_FIELD", "give 'discount' or 'customer'");
        if (!in_approval(r) || !in_discount(r, &d))
                return;
        answer(r, ticket_set_discount(r->l, &r->actor, &r->cfg.policy, r->part[0], 0, d, &t), 200, &t, false);
}

void h_ticket_void(struct req *r)
{
        struct ticket *t = NULL;

        answer(r, ticket_void(r->l, &r->actor, r->part[0], &t), 200, &t, false);
}

void h_line_add(struct req *r)
{
        const char *barcode = NULL, *sku = NULL;
        struct ticket *t = NULL;
        int64_t qty = 0;

        if (!in_str(r, "barcode", false, GS1_MAX, &barcode) || !in_str(r, "sku", false, 64, &sku) ||
            !in_qty(r, r->in, "qty", false, &qty))
                return;
        if (!barcode == !sku)
                return reply_error(r, 400, "MISSING_FIELD", "give either 'barcode' or 'sku'");
        if (qty < 0 || (json_object_get(r->in, "qty") && qty == 0))
                return reply_error(r, 422, "BAD_QUANTITY", "the quantity must be positive");
        answer(r, ticket_add(r->l, &r->actor, r->part[0], barcode, sku, qty, &t), 201, &t, true);
}

void h_line_patch(struct req *r)
{
        struct ticket *t = NULL;
        struct discount d;
        int64_t qty = 0, price = 0;
        int line, rc = 0;

        if (!line_number(r, &line) || !in_approval(r))
                return;
        if (json_object_get(r->in, "qty")) {
                if (!in_qty(r, r->in, "qty", true, &qty))
                        return;
                rc = ticket_set_qty(r->l, &r->actor, &r->cfg.policy, r->part[0], line, qty, &t);
        } else if (json_object_get(r->in, "price")) {
                if (!in_money(r, r->in, "price", true, &price))
                        return;
                rc = ticket_set_price(r->l, &r->actor, &r->cfg.policy, r->part[0], line, price, &t);
        } else if (json_object_get(r->in, "discount")) {
                if (!in_discount(r, &d))
                        return;
                rc = ticket_set_discount(r->l, &r->actor, &r->cfg.policy, r->part[0], line, d, &t);
        } else {
                return reply_error(r, 400, "MISSING_FIELD", "give 'qty', 'price' or 'discount'");
        }
        answer(r, rc, 200, &t, false);
}

void h_line_void(struct req *r)
{
        struct ticket *t = NULL;
        int line;

        if (!line_number(r, &line))
                return;
        answer(r, ticket_void_line(r->l, &r->actor, r->part[0], line, &t), 200, &t, false);
}

void h_pay(struct req *r)
{
        const char *method = NULL;
        struct ticket *t = NULL;
        enum tender m;
        int64_t amount = 0;

        if (!in_str(r, "method", true, 16, &method) || !in_money(r, r->in, "amount", true, &amount))
                return;
        if (tender_parse(method, &m) < 0)
                return reply_error(r, 422, "BAD_TENDER", "method is cash, card or other");
        answer(r, ticket_pay(r->l, &r->actor, r->part[0], m, amount, &t), 201, &t, false);
}

void h_unpay(struct req *r)
{
        struct ticket *t = NULL;
        int seq;

        if (!line_number(r, &seq))
                return;
        answer(r, ticket_unpay(r->l, &r->actor, r->part[0], seq, &t), 200, &t, false);
}

void h_suspend(struct req *r)
{
        struct ticket *t = NULL;

        answer(r, ticket_suspend(r->l, &r->actor, r->part[0], &t), 200, &t, false);
}

void h_resume(struct req *r)
{
        struct ticket *t = NULL;

        answer(r, ticket_resume(r->l, &r->actor, r->part[0], &t), 200, &t, false);
}
