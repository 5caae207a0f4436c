/* Stocktakes: /stocktakes, counts by scanning or typing, the variance report, posting. */
#include <string.h>

#include "api_int.h"
#include "stock/stocktake.h"

#define STOCKTAKE_PAGE_MAX 1000

static json_t *stocktake_json(const struct stocktake *s)
{
        return json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s,s:s?,s:s?,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "number", s->number,
                         "location", s->location, "category", s->category[0] ? s->category : NULL, "state", s->state,
                         "note", s->note, "started_by", s->started_by, "closed_by",
                         s->closed_by[0] ? s->closed_by : NULL, "adjustment", s->adjustment[0] ? s->adjustment : NULL,
                         "started_at", (json_int_t)s->started_at, "closed_at", (json_int_t)s->closed_at, "lines",
                         (json_int_t)s->lines, "counted", (json_int_t)s->counted, "variance_lines",
                         (json_int_t)s->variance_lines, "gain", (json_int_t)s->gain, "loss", (json_int_t)s->loss);
}

static json_t *line_json(const struct stocktake_line *ln)
{
        return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:I,s:I}", "sku", ln->sku, "name", ln->name, "unit",
                         ln->unit, "frozen", json_qty(ln->frozen), "moved", json_qty(ln->moved), "expected",
                         json_qty(ln->expected), "counted", ln->counted ? json_qty(ln->qty) : json_null(), "variance",
                         json_qty(ln->variance), "unit_cost", (json_int_t)ln->unit_cost, "value",
                         (json_int_t)ln->value);
}

static int add_stocktake(const struct stocktake *s, void *ud)
{
        return json_array_append_new(ud, stocktake_json(s));
}

void h_stocktakes(struct req *r)
{
        json_t *items = json_array();

        if (stocktake_each(r->l, query(r, "state"), 100, add_stocktake, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

void h_stocktake_new(struct req *r)
{
        const char *location = NULL, *category = NULL, *note = NULL;
        struct stocktake s;

        if (!in_str(r, "location", false, CODE_MAX_LEN, &location) ||
            !in_str(r, "category", false, NAME_MAX_LEN, &category) || !in_str(r, "note", false, NAME_MAX_LEN, &note))
                return;
        if (stocktake_start(r->l, &r->actor, location, category, note, &s) < 0)
                return reply_core(r, true);
        reply(r, 201, stocktake_json(&s));
}

static int add_line(const struct stocktake_line *ln, void *ud)
{
        return json_array_append_new(ud, line_json(ln));
}

/* GET /stocktakes/{number}?only=counted|uncounted|variance&limit&offset: the stocktake and
 * a page of its variance report, by SKU. */
void h_stocktake(struct req *r)
{
        static const char *const filters[] = { "all", "counted", "uncounted", "variance" };
        const char *only = query(r, "only");
        int limit = query_int(r, "limit", 200, STOCKTAKE_PAGE_MAX), offset = query_int(r, "offset", 0, 100000000);
        int f = only ? -1 : STOCKTAKE_ALL;
        struct stocktake s;
        json_t *lines, *o;

        for (int i = 0; only && i < 4; i++)
                if (!strcmp(only, filters[i]))
                        f = i;
        if (f < 0 || limit < 0 || offset < 0)
                return reply_error(r, 400, "BAD_QUERY",
                                   "only is all, counted, uncounted or variance; limit and offset are whole numbers");
        if (stocktake_get(r->l, r->part[0], &s) < 0)
                return reply_core(r, false);
        lines = json_array();
        if (stocktake_lines(r->l, s.number, (enum stocktake_filter)f, limit, offset, add_line, lines) < 0) {
                json_decref(lines);
                return reply_core(r, false);
        }
        o = stocktake_json(&s);
        json_object_set_new(o, "items", lines);
        json_object_set_new(o, "limit", json_integer(limit));
        json_object_set_new(o, "offset", json_integer(offset));
        reply(r, 200, o);
}

/* POST /stocktakes/{number}/counts {"code", "qty"?, "set"?}: a scan adds one (or the
 * quantity a weight code carries); "set": true makes qty the whole count. */
void h_stocktake_count(struct req *r)
{
        const char *code = NULL;
        json_t *set = r->in ? json_object_get(r->in, "set") : NULL;
        struct stocktake_line ln;
        int64_t qty = 0;

        if (!in_str(r, "code", true, GS1_MAX, &code) || !in_qty(r, r->in, "qty", json_is_true(set), &qty))
                return;
        if (set && !json_is_boolean(set))
                return reply_error(r, 400, "BAD_TYPE", "'set' is true or false");
        if (stocktake_count(r->l, &r->actor, r->part[0], code, qty, json_is_true(set), &ln) < 0)
                return reply_core(r, strcmp(ledger_errcode(r->l), "UNKNOWN_STOCKTAKE") != 0);
        reply(r, 200, line_json(&ln));
}

/* POST /stocktakes/{number}/post {"zero_uncounted"?}: the variances as one adjustment. */
void h_stocktake_post(struct req *r)
{
        json_t *zero = r->in ? json_object_get(r->in, "zero_uncounted") : NULL;
        struct doc_result d;
        struct stocktake s;

        if (zero && !json_is_boolean(zero))
                return reply_error(r, 400, "BAD_TYPE", "'zero_uncounted' is true or false");
        if (stocktake_post(r->l, &r->actor, r->idem_key, r->part[0], json_is_true(zero), &d, &s) < 0)
                return reply_core(r, false);
        reply(r, d.replayed ? 200 : 201,
              json_pack("{s:{s:s,s:I},s:o}", "adjustment", "number", d.number, "value", (json_int_t)d.total, "stocktake",
                        stocktake_json(&s)));
}

void h_stocktake_cancel(struct req *r)
{
        struct stocktake s;

        if (stocktake_cancel(r->l, &r->actor, r->part[0], &s) < 0)
                return reply_core(r, false);
        reply(r, 200, stocktake_json(&s));
}
