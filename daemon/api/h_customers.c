/* Customers at the till: GET /customers?q=, GET /customers/{id}, POST /customers. */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "customers.h"

#define CUSTOMERS_PAGE_MAX 50

static json_t *customer_json(const struct customer *c)
{
        return json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)c->id, "name", c->name, "phone", c->phone,
                         "created_at", (json_int_t)c->created_at);
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

void h_customer(struct req *r)
{
        struct customer c;
        char *end;
        long long id = strtoll(r->part[0], &end, 10);

        if (*end || id <= 0)
                return reply_error(r, 404, "UNKNOWN_CUSTOMER", "no customer %s", r->part[0]);
        if (customer_get(r->l, id, &c) < 0)
                return reply_core(r, false);
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
