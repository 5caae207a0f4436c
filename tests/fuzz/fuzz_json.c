/* A request body: the depth check every body passes first, the parser with the options
 * posd uses, then posd's own readers of members (text, money, quantities, whole numbers)
 * over what came, as the handlers call them. */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "api_int.h"
#include "json_depth.h"

/* a refused member leaves an error answer: dropped, as the request would end there */
static void next(struct req *r)
{
        json_decref(r->out);
        r->out = NULL;
        r->status = 0;
}

static void members(struct req *r, json_t *obj)
{
        const char *s;
        int64_t v;

        r->in = obj;
        (void)in_str(r, "sku", false, 32, &s);
        next(r);
        (void)in_str(r, "note", false, 200, &s);
        next(r);
        (void)in_qty(r, obj, "qty", false, &v);
        next(r);
        (void)in_money(r, obj, "amount", false, &v);
        next(r);
        (void)in_money(r, obj, "unit_cost", false, &v);
        next(r);
        (void)in_int(r, obj, "line", false, 1, 1000, &v);
        next(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct req r;
        json_error_t err;
        json_t *o, *v;
        size_t i;

        if (!json_depth_ok((const char *)data, size, 32))
                return 0;
        o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
        if (!json_is_object(o)) {
                json_decref(o);
                return 0;
        }
        memset(&r, 0, sizeof(r));
        members(&r, o);
        json_array_foreach(json_object_get(o, "lines"), i, v)
                if (json_is_object(v))
                        members(&r, v);
        r.in = NULL;
        json_decref(o);
        return 0;
}
