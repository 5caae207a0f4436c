/* Locations and the transfers between them, and between the chain's stores: /locations
 * (with the stores a transfer may go to), /transfers, and a transfer received at its
 * destination (/transfers/{number}/receive). */
#include <string.h>

#include "api_int.h"
#include "stock/transfer.h"

static int add_location(const struct location *loc, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:s,s:b}", "code", loc->code, "name", loc->name, "kind",
                                                   loc->kind, "default", loc->is_default));
}

static int add_store(const struct chain_store *s, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s}", "code", s->code, "name", s->name));
}

void h_locations(struct req *r)
{
        json_t *items = json_array(), *stores = json_array();

        if (location_each(r->l, add_location, items) < 0 || chain_store_each(r->l, add_store, stores) < 0) {
                json_decref(items);
                json_decref(stores);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o,s:o}", "items", items, "stores", stores));
}

void h_location_new(struct req *r)
{
        const char *code, *name, *kind = NULL;

        if (!in_str(r, "code", true, CODE_MAX_LEN, &code) || !in_str(r, "name", true, NAME_MAX_LEN, &name) ||
            !in_str(r, "kind", false, 16, &kind))
                return;
        if (location_add(r->l, code, name, kind ? kind : "backroom", NULL) < 0)
                return reply_core(r, true);
        reply(r, 201, json_pack("{s:s,s:s,s:s,s:b}", "code", code, "name", name, "kind", kind ? kind : "backroom",
                                "default", 0));
}

static json_t *transfer_json(const struct transfer *t, bool with_lines)
{
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s?,s:s?,s:s?,s:I,s:I,s:I}", "number", t->number,
                              "kind", t->kind, "from", t->from, "to", t->to, "state", t->state, "user", t->user, "note", t->note, "at",
                              (json_int_t)t->at, "value", (json_int_t)t->value, "receipt",
                              t->receipt[0] ? t->receipt : NULL, "received_by",
                              t->receipt[0] ? t->received_by : NULL, "receipt_note",
                              t->receipt[0] ? t->receipt_note : NULL, "received_at", (json_int_t)t->received_at,
                              "received_value", (json_int_t)t->received_value, "short_value",
                              (json_int_t)t->short_value);
        json_t *lines;

        if (!with_lines || !o)
                return o;
        lines = json_array();
        for (size_t i = 0; i < t->nlines; i++) {
                const struct transfer_line *ln = &t->lines[i];
                json_array_append_new(lines, json_pack("{s:i,s:s,s:s,s:s,s:o,s:I,s:o,s:o}", "line", ln->line, "sku",
                                                       ln->sku, "name", ln->name, "unit", ln->unit, "qty",
                                                       json_qty(ln->qty), "unit_cost", (json_int_t)ln->unit_cost,
                                                       "received", ln->received < 0 ? json_null() : json_qty(ln->received),
                                                       "short", ln->received < 0 ? json_null()
                                                                                 : json_qty(ln->qty - ln->received)));
        }
        json_object_set_new(o, "lines", lines);
        return o;
}

static int add_transfer(const struct transfer *t, void *ud)
{
        return json_array_append_new(ud, transfer_json(t, false));
}

void h_transfers(struct req *r)
{
        json_t *items = json_array();

        if (transfer_each(r->l, query(r, "state"), 100, add_transfer, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

static void reply_transfer(struct req *r, int status, const char *number)
{
        struct transfer *t = NULL;

        if (transfer_get(r->l, number, &t) < 0)
                return reply_core(r, false);
        reply(r, status, transfer_json(t, true));
        transfer_free(t);
}

void h_transfer(struct req *r) { reply_transfer(r, 200, r->part[0]); }

/* POST /transfers {"from"?, "to" | "to_store", "note"?, "lines": [{"sku", "qty"}]}:
 * dispatched now, to a location or another store of the chain. */
void h_transfer_new(struct req *r)
{
        json_t *lines = r->in ? json_object_get(r->in, "lines") : NULL, *v;
        struct transfer_line_in in[DOC_LINES_MAX];
        struct transfer_in t = { { r->idem_key, r->actor.user, NULL, NULL, 0 }, NULL, NULL, NULL, in, 0 };
        struct doc_result d;
        size_t i;

        if (!in_str(r, "from", false, CODE_MAX_LEN, &t.h.location) || !in_str(r, "to", false, CODE_MAX_LEN, &t.to) ||
            !in_str(r, "to_store", false, CODE_MAX_LEN, &t.to_store) || !in_str(r, "note", false, NAME_MAX_LEN, &t.note))
                return;
        if (!t.to == !t.to_store)
                return reply_error(r, 400, "MISSING_FIELD", "give 'to' (a location) or 'to_store' (a store of the chain)");
        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > DOC_LINES_MAX)
                return reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d {\"sku\", \"qty\"}", DOC_LINES_MAX);
        json_array_foreach(lines, i, v) {
                json_t *sku = json_object_get(v, "sku");
                if (!json_is_object(v) || !json_is_string(sku) || !in_qty(r, v, "qty", true, &in[i].qty)) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"sku\": S, \"qty\": Q}");
                        return;
                }
                in[i].sku = json_string_value(sku);
        }
        t.nlines = json_array_size(lines);
        if (post_transfer(r->l, &t, &d) < 0)
                return reply_core(r, true);
        reply_transfer(r, d.replayed ? 200 : 201, d.number);
}

/* POST /transfers/{number}/receive {"lines"?: [{"line", "received"}], "note"?}: lines
 * left out arrived in full. */
void h_transfer_receive(struct req *r)
{
        json_t *lines = r->in ? json_object_get(r->in, "lines") : NULL, *v;
        struct transfer_receive_line in[DOC_LINES_MAX];
        const char *note = NULL;
        struct doc_result d;
        int64_t line = 0;
        size_t i;

        if (!in_str(r, "note", false, NAME_MAX_LEN, &note) || !in_approval(r))
                return;
        if (lines && (!json_is_array(lines) || json_array_size(lines) > DOC_LINES_MAX))
                return reply_error(r, 400, "BAD_TYPE", "'lines' is a list of up to %d {\"line\", \"received\"}",
                                   DOC_LINES_MAX);
        json_array_foreach(lines, i, v) {
                if (!json_is_object(v) || !in_int(r, v, "line", true, 1, DOC_LINES_MAX, &line) ||
                    !in_qty(r, v, "received", true, &in[i].received)) {
                        if (!r->status)
                                reply_error(r, 400, "BAD_TYPE", "each line is {\"line\": N, \"received\": Q}");
                        return;
                }
                in[i].line = (int)line;
        }
        if (post_transfer_receipt(r->l, r->idem_key, &r->actor, r->part[0], in, json_array_size(lines), note, &d) < 0)
                return reply_core(r, strcmp(ledger_errcode(r->l), "UNKNOWN_TRANSFER") != 0);
        reply_transfer(r, d.replayed ? 200 : 201, r->part[0]);
}
