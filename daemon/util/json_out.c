/* The JSON of core things, for answers and for events. */
#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "json_out.h"
#include "ledger/money.h"
#include "people/users.h"

json_t *json_qty(int64_t milli)
{
        if (milli % 1000 == 0)
                return json_integer(milli / 1000);
        return json_real((double)milli / 1000.0);
}

json_t *json_rate(int bp)
{
        return bp % 100 == 0 ? json_integer(bp / 100) : json_real((double)bp / 100.0);
}

static json_t *discount_json(struct discount d)
{
        if (d.kind == DISCOUNT_NONE)
                return json_null();
        if (d.kind == DISCOUNT_PERCENT)
                return json_pack("{s:o}", "percent", json_rate((int)d.value));
        return json_pack("{s:I}", "amount", (json_int_t)d.value);
}

json_t *ticket_json(const struct ticket *t)
{
        json_t *lines = json_array(), *pays = json_array(), *o;

        for (size_t i = 0; i < t->nlines; i++) {
                const struct ticket_line *ln = &t->lines[i];
                json_array_append_new(lines,
                        json_pack("{s:i,s:s,s:s,s:s,s:s,s:b,s:o,s:I,s:I,s:b,s:o,s:o,s:I,s:I,s:I,s:I}", "line", ln->line,
                                  "sku", ln->sku, "name", ln->name, "spec", ln->spec, "unit", ln->unit, "measured",
                                  ln->measured, "qty", json_qty(ln->qty), "unit_price",
                                  (json_int_t)ln->unit_price, "catalog_price", (json_int_t)ln->catalog_price,
                                  "price_overridden", ln->price_overridden, "discount", discount_json(ln->discount),
                                  "tax_rate", json_rate(ln->tax_rate_bp), "gross", (json_int_t)ln->gross,
                                  "discount_amount", (json_int_t)ln->discount_amount, "amount", (json_int_t)ln->amount,
                                  "tax", (json_int_t)ln->tax));
        }
        for (size_t i = 0; i < t->npayments; i++)
                json_array_append_new(pays, json_pack("{s:i,s:s,s:I}", "seq", t->payment_seq[i], "method",
                                                      tender_name(t->payments[i].method), "amount",
                                                      (json_int_t)t->payments[i].amount));
        o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "id", t->id, "lane", t->lane,
                      "user", t->user, "state", t->state, "lines", lines, "payments", pays, "discount",
                      discount_json(t->discount), "subtotal", (json_int_t)t->subtotal, "discount_total",
                      (json_int_t)t->discount_total, "total", (json_int_t)t->total, "tax", (json_int_t)t->tax,
                      "paid", (json_int_t)t->paid, "due", (json_int_t)t->due, "sale",
                      t->sale_number[0] ? json_string(t->sale_number) : json_null());
        json_object_set_new(o, "customer", t->customer_id ? json_pack("{s:I,s:s,s:s}", "id", (json_int_t)t->customer_id,
                                                                      "name", t->customer_name, "phone",
                                                                      t->customer_phone)
                                                          : json_null());
        return o;
}

json_t *shift_json(const struct shift_report *s)
{
        return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:{s:I,s:I,s:I},s:I,s:I,s:I,s:I,s:o,s:o}",
                         "id", (json_int_t)s->shift_id, "lane", s->lane, "opened_by", s->opened_by, "state",
                         s->closed_at ? "closed" : "open", "opened_at", (json_int_t)s->opened_at, "opening_float",
                         (json_int_t)s->opening_float, "sales_count", (json_int_t)s->sales_count, "returns_count",
                         (json_int_t)s->returns_count, "gross", (json_int_t)s->gross, "goods_returned",
                         (json_int_t)s->goods_returned, "money_refunded", (json_int_t)s->money_refunded, "kept_on_returns",
                         (json_int_t)s->kept_on_returns,
                         "net", (json_int_t)s->net, "tax", (json_int_t)s->tax, "rounding", (json_int_t)s->rounding,
                         "pay_in", (json_int_t)s->pay_in, "by_method", "cash", (json_int_t)s->by_method[TENDER_CASH],
                         "card", (json_int_t)s->by_method[TENDER_CARD], "other", (json_int_t)s->by_method[TENDER_OTHER],
                         "pay_out", (json_int_t)s->pay_out, "expected_cash", (json_int_t)s->expected_cash,
                         "counted_cash", (json_int_t)s->counted_cash, "variance", (json_int_t)s->variance, "closed_at",
                         s->closed_at ? json_integer(s->closed_at) : json_null(), "z",
                         json_boolean(s->closed_at != 0));
}

json_t *product_json(struct ledger *l, const struct product *p, bool with_cost)
{
        char codes[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
        json_t *barcodes = json_array(), *o;
        int n = product_barcodes(l, p->id, codes, BARCODES_PER_PRODUCT);

        for (int i = 0; i < n; i++)
                json_array_append_new(barcodes, json_string(codes[i]));
        o = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:I,s:o,s:o,s:b,s:o,s:o}", "sku", p->sku, "name", p->name, "spec",
                         p->spec, "unit", p->unit, "measured", p->measured, "category", p->category, "price",
                         (json_int_t)p->price, "tax_rate", json_rate(p->tax_rate_bp), "barcodes", barcodes, "active",
                         p->active, "reorder_point", json_qty(p->reorder_point), "max_level", json_qty(p->max_level));
        if (o && with_cost)
                json_object_set_new(o, "cost", json_integer(p->cost));
        return o;
}

json_t *doc_json(const struct doc_result *d)
{
        return json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "number", d->number, "total", (json_int_t)d->total, "tax",
                         (json_int_t)d->tax, "paid", (json_int_t)d->paid, "change", (json_int_t)d->change, "rounding",
                         (json_int_t)d->rounding);
}
