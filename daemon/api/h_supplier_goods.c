/* Goods in without an order (POST /goods-receipts) and goods back to a supplier (POST
 * /supplier-returns). */
#include <string.h>

#include "api_int.h"
#include "buying/purchasing.h"
#include "buying/goods_in.h"

/* Each line {"sku", "qty", "unit_cost", ...}: the cost required for goods in, optional
 * for a return (the average cost then). */
static bool goods_lines(struct req *r, bool cost_required, json_t **ret)
{
        json_t *lines = r->in ? json_object_get(r->in, "lines") : NULL;

        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > DOC_LINES_MAX) {
                reply_error(r, 400, "BAD_TYPE", "'lines' is a list of 1 to %d {\"sku\", \"qty\"%s}", DOC_LINES_MAX,
                            cost_required ? ", \"unit_cost\"" : "");
                return false;
        }
        *ret = lines;
        return true;
}

static bool line_fields(struct req *r, json_t *v, bool cost_required, const char **sku, int64_t *qty, int64_t *cost)
{
        json_t *s = json_object_get(v, "sku");

        if (!json_is_object(v) || !json_is_string(s) || !in_qty(r, v, "qty", true, qty) ||
            !in_money(r, v, "unit_cost", cost_required, cost)) {
                if (!r->status)
                        reply_error(r, 400, "BAD_TYPE", "each line is {\"sku\": S, \"qty\": Q, \"unit_cost\": C}");
                return false;
        }
        *sku = json_string_value(s);
        return true;
}

/* POST /goods-receipts {"supplier", "reference"?, "location"?, "lines": [{"sku", "qty",
 * "unit_cost", "lot"?, "expires_at"?}], "approved_by"?}: without an order, a manager's. */
void h_goods_receipt_new(struct req *r)
{
        struct receipt_line_in in[DOC_LINES_MAX];
        struct receipt_in rin = { { r->idem_key, r->actor.user, NULL, NULL, 0 }, NULL, NULL, in, 0 };
        const char *supplier = NULL;
        struct doc_result d;
        json_t *lines, *v;
        size_t i;

        if (!in_str(r, "supplier", true, CODE_MAX_LEN, &supplier) ||
            !in_str(r, "reference", false, NAME_MAX_LEN, &rin.reference) ||
            !in_str(r, "location", false, CODE_MAX_LEN, &rin.h.location) || !in_approval(r) ||
            !goods_lines(r, true, &lines))
                return;
        json_array_foreach(lines, i, v) {
                json_t *lot = json_object_get(v, "lot");
                in[i] = (struct receipt_line_in){ NULL, 0, 0, NULL, 0 };
                if (!line_fields(r, v, true, &in[i].sku, &in[i].qty, &in[i].unit_cost) ||
                    !in_int(r, v, "expires_at", false, 1, INT64_MAX, &in[i].expires_at))
                        return;
                if (lot && !json_is_null(lot) && !json_is_string(lot))
                        return reply_error(r, 400, "BAD_TYPE", "'lot' is a string");
                in[i].lot = json_string_value(lot);
        }
        rin.nlines = json_array_size(lines);
        if (receive_without_order(r->l, &r->actor, supplier, &rin, &d) < 0)
                return reply_core(r, true);
        reply(r, d.replayed ? 200 : 201, json_pack("{s:s,s:I}", "number", d.number, "cost", (json_int_t)d.total));
}

/* POST /supplier-returns {"supplier", "reason", "location"?, "lines": [{"sku", "qty",
 * "unit_cost"?}]} */
void h_supplier_return_new(struct req *r)
{
        struct supplier_return_line in[DOC_LINES_MAX];
        struct supplier_return_in sr = { { r->idem_key, r->actor.user, NULL, NULL, 0 }, NULL, NULL, in, 0 };
        struct doc_result d;
        json_t *lines, *v;
        size_t i;

        if (!in_str(r, "supplier", true, CODE_MAX_LEN, &sr.supplier) || !in_str(r, "reason", true, REASON_MAX_LEN, &sr.reason) ||
            !in_str(r, "location", false, CODE_MAX_LEN, &sr.h.location) || !goods_lines(r, false, &lines))
                return;
        json_array_foreach(lines, i, v) {
                in[i] = (struct supplier_return_line){ NULL, 0, -1 };
                if (!line_fields(r, v, false, &in[i].sku, &in[i].qty, &in[i].unit_cost))
                        return;
                if (in[i].unit_cost < 0 && json_object_get(v, "unit_cost") &&
                    !json_is_null(json_object_get(v, "unit_cost"))) /* given, and below zero */
                        return reply_error(r, 422, "BAD_COST", "line %zu: the unit cost must not be negative", i + 1);
        }
        sr.nlines = json_array_size(lines);
        if (post_supplier_return(r->l, &sr, &d) < 0)
                return reply_core(r, true);
        reply(r, d.replayed ? 200 : 201, json_pack("{s:s,s:I}", "number", d.number, "value", (json_int_t)d.total));
}
