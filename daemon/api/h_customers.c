/* Customers at the till: GET /customers?q=, GET /customers/{id}, POST /customers. */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "people/customers.h"

#define CUSTOMERS_PAGE_MAX 50

static json_t *customer_json(const struct customer *c)
{
        return json_pack("{s:I,s:s,s:s,s:I,s:I,s:i,s:s}", "id", (json_int_t)c->id, "name", c->name, "phone", c->phone,
                         "created_at", (json_int_t)c->created_at, "credit_limit", (json_int_t)c->credit_limit,
                         "terms_days", c->terms_days, "contact", c->contact);
}

static int add_customer(const struct customer *c, void *ud)
{
        return json_array_append_new(ud, customer_json(c));
}

void h_customers(struct req *r)
{
        const char *q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
        const char *lim = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "limit");
        int limit = lim ? atoi(lim) : 20;
        json_t *items;

        if (q && strlen(q) > 100)
                return reply_error(r, 422, "TOO_LONG", "q is at most 100 bytes");
        if (limit <= 0 || limit > CUSTOMERS_PAGE_MAX)
                limit = CUSTOMERS_PAGE_MAX;
        items = json_array();
        if (customer_search(r->l, q, limit, add_customer, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

int64_t path_customer(struct req *r)
{
        return path_id(r, "UNKNOWN_CUSTOMER", "customer");
}

void h_customer(struct req *r)
{
        struct customer c;
        int64_t id = path_customer(r);

        if (!id)
                return;
        if (customer_get(r->l, id, &c) < 0)
                return reply_core(r, false);
        reply(r, 200, customer_json(&c));
}

static int add_purchase(const struct customer_purchase *p, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:s?,s:I,s:I}", "kind", p->kind, "number", p->number, "state",
                                                   p->state[0] ? p->state : NULL, "at", (json_int_t)p->at, "total",
                                                   (json_int_t)p->total));
}

/* GET /customers/{id}/purchases?limit=N: its counter sales and sales orders, newest first. */
void h_customer_purchases(struct req *r)
{
        int64_t id = path_customer(r);
        int limit = query_int(r, "limit", 50, 500);
        json_t *items;

        if (!id)
                return;
        if (limit < 1)
                return reply_error(r, 400, "BAD_QUERY", "limit is 1 to 500");
        items = json_array();
        if (customer_purchases(r->l, id, limit, add_purchase, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply_report(r, json_pack("{s:o}", "items", items), "items", "purchases.csv");
}

/* PATCH /customers/{id} {"credit_limit", "terms_days", "contact"}: the account's terms. */
void h_customer_patch(struct req *r)
{
        struct customer c;
        struct customer_account_in in = { 0 };
        int64_t id = path_customer(r), terms;

        if (!id || customer_get(r->l, id, &c) < 0)
                return id ? reply_core(r, false) : (void)0;
        in.credit_limit = c.credit_limit;
        terms = c.terms_days;
        if (!in_money(r, r->in, "credit_limit", false, &in.credit_limit) ||
            !in_int(r, r->in, "terms_days", false, 0, 3650, &terms) || !in_str(r, "contact", false, NAME_MAX_LEN, &in.contact))
                return;
        in.terms_days = (int)terms;
        if (customer_set_account(r->l, &r->actor, id, &in, &c) < 0)
                return reply_core(r, true);
        reply(r, 200, customer_json(&c));
}

void h_customer_new(struct req *r)
{
        const char *name = NULL, *phone = NULL;
        struct customer c;

        if (!in_str(r, "name", true, NAME_MAX_LEN, &name) || !in_str(r, "phone", false, CUSTOMER_PHONE_MAX, &phone))
                return;
        if (customer_add(r->l, &r->actor, name, phone, &c) < 0)
                return reply_core(r, true);
        reply(r, 201, customer_json(&c));
}
