/* Products, barcodes and stock. */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "stock/batch.h"
#include "catalog/catalog.h"
#include "ledger/money.h"
#include "stock/stock.h"

#define PRODUCTS_PAGE_MAX 200

struct list {
        struct req *r;
        json_t *items;
};

static int add_item(const struct product *p, void *ud)
{
        struct list *li = ud;
        return json_array_append_new(li->items, product_json(li->r->l, p, li->r->actor.is_manager)) == 0 ? 0 : -1;
}

void h_products(struct req *r)
{
        const char *q = query(r, "q");
        int limit = query_int(r, "limit", 50, PRODUCTS_PAGE_MAX), offset = query_int(r, "offset", 0, 100000000);
        struct list li = { r, json_array() };

        if (limit < 0 || offset < 0) {
                json_decref(li.items);
                return reply_error(r, 400, "BAD_QUERY", "limit and offset are whole numbers");
        }
        if (q && strlen(q) > 100) {
                json_decref(li.items);
                return reply_error(r, 422, "TOO_LONG", "the search text is longer than 100 bytes");
        }
        if (catalog_search(r->l, q, limit, offset, add_item, &li) < 0) {
                json_decref(li.items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o,s:i,s:i}", "items", li.items, "limit", limit, "offset", offset));
}

void h_product(struct req *r)
{
        struct product p;

        if (product_get_by_sku(r->l, r->part[0], &p) < 0)
                return reply_core(r, false);
        reply(r, 200, product_json(r->l, &p, r->actor.is_manager));
}

/* The body's fields over a starting product (a new one's defaults, or the one stored). */
static bool product_input_from(struct req *r, const struct product *base, struct product_input *in,
                               const char *codes[BARCODES_PER_PRODUCT])
{
        json_t *bc = json_object_get(r->in, "barcodes"), *act = json_object_get(r->in, "active"), *v;
        size_t i;

        *in = (struct product_input){ base->sku, base->name, base->spec, base->unit, base->category, base->price,
                                      base->cost, base->tax_rate_bp, base->reorder_point, base->max_level, true, NULL, 0 };
        if (!in_str(r, "name", !base->name[0], NAME_MAX_LEN, &in->name) || !in_str(r, "spec", false, 200, &in->spec) ||
            !in_str(r, "unit", false, CODE_MAX_LEN, &in->unit) || !in_str(r, "category", false, NAME_MAX_LEN, &in->category) ||
            !in_money(r, r->in, "price", !base->name[0], &in->price) || !in_money(r, r->in, "cost", false, &in->cost) ||
            !in_percent(r, r->in, "tax_rate", false, "BAD_TAX_RATE", &in->tax_rate_bp) ||
            !in_qty(r, r->in, "reorder_point", false, &in->reorder_point) ||
            !in_qty(r, r->in, "max_level", false, &in->max_level))
                return false;
        if (act && !json_is_boolean(act)) {
                reply_error(r, 400, "BAD_TYPE", "'active' is true or false");
                return false;
        }
        in->active = act ? json_is_true(act) : base->active;
        if (bc && (!json_is_array(bc) || json_array_size(bc) > BARCODES_PER_PRODUCT)) {
                reply_error(r, 400, "BAD_TYPE", "'barcodes' is a list of at most %d strings", BARCODES_PER_PRODUCT);
                return false;
        }
        json_array_foreach(bc, i, v) {
                if (!json_is_string(v)) {
                        reply_error(r, 400, "BAD_TYPE", "'barcodes' is a list of strings");
                        return false;
                }
                codes[i] = json_string_value(v);
        }
        in->barcodes = codes;
        in->nbarcodes = bc ? json_array_size(bc) : 0;
        return true;
}

void h_product_new(struct req *r)
{
        const char *codes[BARCODES_PER_PRODUCT];
        struct product base, p;
        struct product_input in;

        memset(&base, 0, sizeof(base));
        snprintf(base.unit, sizeof(base.unit), "pcs");
        base.active = true;
        if (tax_rate_default(r->l, &base.tax_rate_bp) < 0)
                return reply_core(r, false);
        if (!in_str(r, "sku", true, CODE_MAX_LEN, &in.sku))
                return;
        utf8_cut(base.sku, sizeof(base.sku), in.sku);
        if (!product_input_from(r, &base, &in, codes))
                return;
        if (product_add(r->l, &in, NULL) < 0 || product_get_by_sku(r->l, base.sku, &p) < 0)
                return reply_core(r, true);
        reply(r, 201, product_json(r->l, &p, r->actor.is_manager));
}

void h_product_put(struct req *r)
{
        const char *codes[BARCODES_PER_PRODUCT];
        char kept[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
        struct product p;
        struct product_input in;
        int n;

        if (product_get_by_sku(r->l, r->part[0], &p) < 0)
                return reply_core(r, false);
        if (!product_input_from(r, &p, &in, codes))
                return;
        if (!json_object_get(r->in, "barcodes")) { /* not given: the product keeps its own */
                if ((n = product_barcodes(r->l, p.id, kept, BARCODES_PER_PRODUCT)) < 0)
                        return reply_core(r, false);
                for (int i = 0; i < n; i++)
                        codes[i] = kept[i];
                in.nbarcodes = (size_t)n;
        }
        if (product_update(r->l, p.sku, &in) < 0 || product_get_by_sku(r->l, p.sku, &p) < 0)
                return reply_core(r, true);
        reply(r, 200, product_json(r->l, &p, r->actor.is_manager));
}

void h_barcode(struct req *r)
{
        struct scan_result s;
        json_t *o;

        if (catalog_lookup_barcode(r->l, r->part[0], &s) < 0)
                return reply_core(r, false);
        o = json_pack("{s:o}", "product", product_json(r->l, &s.product, r->actor.is_manager));
        if (s.has_qty)
                json_object_set_new(o, "qty", json_qty(s.qty));
        if (s.pack) /* a case: what one adds */
                json_object_set_new(o, "pack", json_qty(s.pack));
        if (s.has_price)
                json_object_set_new(o, "price", json_integer(s.price));
        if (s.lot[0])
                json_object_set_new(o, "lot", json_string(s.lot));
        if (s.expires_on[0])
                json_object_set_new(o, "expires_on", json_string(s.expires_on));
        reply(r, 200, o);
}

static int add_batch(const struct batch_level *b, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:I,s:o}", "lot", b->lot, "location", b->location,
                                                   "expires_at", (json_int_t)b->expires_at, "qty", json_qty(b->qty)));
}

void h_stock(struct req *r)
{
        struct stock_level levels[64];
        const char *sku = query(r, "sku");
        struct stock_info si;
        struct product p;
        json_t *on_hand, *batches;
        int n;

        if (!sku)
                return reply_error(r, 400, "MISSING_FIELD", "give ?sku=");
        if (product_get_by_sku(r->l, sku, &p) < 0 || stock_of(r->l, p.id, &si) < 0 ||
            (n = stock_levels(r->l, p.id, levels, 64)) < 0)
                return reply_core(r, false);
        on_hand = json_array();
        for (int i = 0; i < n && i < 64; i++)
                json_array_append_new(on_hand, json_pack("{s:s,s:s,s:o}", "location", levels[i].location, "name",
                                                         levels[i].location_name, "qty", json_qty(levels[i].qty)));
        batches = json_array();
        if (batch_levels(r->l, p.id, add_batch, batches) < 0) {
                json_decref(on_hand);
                json_decref(batches);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:s,s:s,s:o,s:o,s:o,s:b,s:o}", "sku", p.sku, "name", p.name, "on_hand", on_hand, "total",
                                json_qty(si.total), "reorder_point", json_qty(p.reorder_point), "low",
                                p.reorder_point > 0 && si.total <= p.reorder_point, "batches", batches));
}

static int add_alert(const struct product *p, int64_t on_hand, enum stock_alert kind, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "kind",
                                                   kind == STOCK_LOW ? "low" : "over_max", "sku", p->sku, "name", p->name,
                                                   "on_hand", json_qty(on_hand), "reorder_point",
                                                   json_qty(p->reorder_point), "max_level", json_qty(p->max_level)));
}

/* GET /alerts: what is at or below its reorder point, or above its maximum level. */
json_t *batch_json(const struct batch_level *b)
{
        return json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:o,s:I}", "sku", b->sku, "name", b->name, "unit", b->unit, "lot",
                         b->lot, "location", b->location, "expires_at", (json_int_t)b->expires_at, "qty",
                         json_qty(b->qty), "value", (json_int_t)b->value);
}

static int add_expiring(const struct batch_level *b, void *ud)
{
        json_t *o = batch_json(b);

        json_object_set_new(o, "kind", json_string("expiring"));
        return json_array_append_new(ud, o);
}

int64_t expiry_horizon(struct req *r)
{
        return ledger_now_ms(r->l) + (int64_t)r->cfg.expiry_alert_days * 24 * 3600 * 1000;
}

void h_alerts(struct req *r)
{
        json_t *items = json_array();

        if (stock_each_alert(r->l, true, add_alert, items) < 0 ||
            batch_expiring(r->l, expiry_horizon(r), 500, add_expiring, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

void stock_alert_add(struct req *r, enum stock_alert kind, const char *sku, int64_t moved, json_t *items)
{
        struct product p;
        struct stock_info s;
        int64_t before, limit;
        bool crossed;

        if (product_get_by_sku(r->l, sku, &p) < 0 || stock_of(r->l, p.id, &s) < 0)
                return;
        before = s.total - moved;
        limit = kind == STOCK_LOW ? p.reorder_point : p.max_level;
        crossed = limit > 0 && (kind == STOCK_LOW ? s.total <= limit && before > limit : s.total > limit && before <= limit);
        if (crossed)
                json_array_append_new(items, json_pack("{s:s,s:s,s:o,s:o}", "sku", p.sku, "name", p.name, "on_hand",
                                                       json_qty(s.total), kind == STOCK_LOW ? "reorder_point" : "max_level",
                                                       json_qty(limit)));
}

void stock_alert_send(struct req *r, enum stock_alert kind, json_t *items)
{
        if (json_array_size(items))
                req_event(r, "alert", json_pack("{s:s,s:o}", "kind", kind == STOCK_LOW ? "low_stock" : "over_max", "items",
                                                items));
        else
                json_decref(items);
}
