/* What a scanned code means: a product's barcode in any of its forms, a case of it, a
 * store's weight or price label, or a GS1 label with its weight, price, lot and expiry. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "catalog/catalog_int.h"
#include "catalog/gs1.h"
#include "ledger/money.h"
#include "ledger/store.h"

/* The product filed under key, or else under its other reading, and the pack the code
 * stands for (0: a single item): 1, or 0 when none is. */
static int lookup_key(struct ledger *l, const char *key, struct product *ret, int64_t *ret_pack)
{
        static const char sql[] = "SELECT " PRODUCT_FIELDS ", coalesce(b.pack, 0) " PRODUCT_FROM
                                  "JOIN barcodes b ON b.product_id = p.id WHERE b.code IN (?1, ?2) "
                                  "ORDER BY b.code <> ?1 LIMIT 1";
        char other[BARCODE_MAX + 1];
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        (void)barcode_other_reading(key, other);
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, other, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a product")) == 1) {
                product_from_row(st, 0, ret);
                *ret_pack = sqlite3_column_int64(st, PRODUCT_FIELD_COUNT);
        }
        sqlite3_reset(st);
        return r;
}

/* A label's price with its decimals in the store's minor units: to the unit, half up. */
static int label_money(struct ledger *l, int64_t v, int decimals, int64_t *ret)
{
        struct store_info st;
        int64_t scale = 1, money;
        int r;

        if ((r = store_get(l, &st)) < 0)
                return r;
        for (int i = 0; i < (decimals > st.minor_unit ? decimals - st.minor_unit : st.minor_unit - decimals); i++)
                scale *= 10;
        money = decimals > st.minor_unit ? (v + scale / 2) / scale : v <= MONEY_MAX / scale ? v * scale : -1;
        if (money < 0 || money > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_BARCODE", "the label's price is out of range");
        *ret = money;
        return 0;
}

/* A GS1 label: its GTIN's product, the weight and price it carries, and, for goods in,
 * its lot and expiry. A weight is read for a product sold by the kilogram or the gram
 * only, and a price for one sold by measure: on a product sold by the piece either would
 * ring up a quantity or a price the shelf does not have. */
static int lookup_gs1(struct ledger *l, const struct gs1_elements *g, struct scan_result *s)
{
        char key[BARCODE_MAX + 1];
        struct unit_info u;
        int r;

        if ((r = barcode_normalize(g->gtin, NULL, key)) < 0 || (r = lookup_key(l, key, &s->product, &s->pack)) <= 0)
                return r < 0 ? r : fail(l, -ENOENT, "UNKNOWN_BARCODE", "no product has GTIN %s (a GS1 label)", g->gtin);
        if (s->pack && (g->has_weight || g->has_price))
                return fail(l, -EINVAL, "BAD_BARCODE", "GTIN %s is a case of %s: its label carries no weight or price",
                            g->gtin, s->product.sku);
        if ((r = unit_get(l, s->product.unit, &u)) < 0)
                return r;
        if (g->has_weight && strcmp(u.code, "kg") && strcmp(u.code, "g"))
                return fail(l, -EINVAL, "BAD_BARCODE", "a weight label for %s, which is sold by the %s", s->product.sku,
                            u.code);
        if (g->has_price && !u.measured)
                return fail(l, -EINVAL, "BAD_BARCODE", "a price label for %s, which is sold by the %s", s->product.sku,
                            u.code);
        s->has_qty = g->has_weight;
        s->qty = strcmp(u.code, "g") ? g->weight_g : g->weight_g * 1000; /* thousandths of the unit */
        if (g->has_price && (r = label_money(l, g->price, g->price_decimals, &s->price)) < 0)
                return r;
        s->has_price = g->has_price;
        snprintf(s->lot, sizeof(s->lot), "%s", g->lot);
        if (g->has_expiry)
                snprintf(s->expires_on, sizeof(s->expires_on), "%04d-%02d-%02d", g->expiry_year, g->expiry_month,
                         g->expiry_day);
        return 0;
}

/* A price label without a weight: the quantity its price buys at the product's price. */
static void bought(struct scan_result *s)
{
        if (s->has_price && !s->has_qty && s->product.price > 0)
                (void)muldiv_round(s->price, 1000, s->product.price, &s->qty);
}

static int year_now(struct ledger *l)
{
        time_t t = (time_t)(ledger_now_ms(l) / 1000);
        struct tm tm;

        return gmtime_r(&t, &tm) ? tm.tm_year + 1900 : 2000;
}

int catalog_lookup_barcode(struct ledger *l, const char *code, struct scan_result *ret)
{
        struct measure_rule rules[MEASURE_RULES_MAX];
        struct gs1_elements g;
        struct measure_code m;
        struct scan_result s;
        char key[BARCODE_MAX + 1];
        const char *why = NULL;
        int n, r, norm, decoded;

        memset(&s, 0, sizeof(s));
        code = code ? code : "";
        /* a code filed whole is that product's, whatever a scale's rule or a GS1 reading
         * would make of it */
        if ((norm = barcode_normalize(code, NULL, key)) == 0 && (r = lookup_key(l, key, &s.product, &s.pack)) != 0) {
                if (r < 0)
                        return r;
                *ret = s;
                return 0;
        }
        if ((r = gs1_parse(code, year_now(l), &g, &why)) != -ENOENT) {
                if (r == -EBADMSG)
                        return fail(l, r, "BAD_CHECK_DIGIT", "the GS1 label's GTIN has a wrong check digit: scan it again");
                if (r < 0)
                        return fail(l, r, "BAD_BARCODE", "a GS1 label that cannot be read: %s", why);
                if ((r = lookup_gs1(l, &g, &s)) < 0)
                        return r;
                bought(&s);
                *ret = s;
                return 0;
        }
        if (norm == -EBADMSG)
                return fail(l, norm, "BAD_CHECK_DIGIT", "barcode %s has a wrong check digit: scan it again", code);
        if (norm < 0)
                return fail(l, norm, "BAD_BARCODE", "this is not a barcode: use up to %d letters, digits, '-', '.' or '_'",
                            BARCODE_MAX);
        if ((n = measure_rules_load(l, rules, MEASURE_RULES_MAX)) < 0)
                return n;
        decoded = measure_decode(key, rules, (size_t)n, &m);
        if (decoded == -EBADMSG)
                return fail(l, -EBADMSG, "BAD_CHECK_DIGIT", "the price or weight in label %s has a wrong check digit: "
                                                          "scan it again", code);
        if (decoded < 0)
                return fail(l, -ENOENT, "UNKNOWN_BARCODE", "no product has barcode %s", code);
        if ((r = lookup_key(l, m.item_key, &s.product, &s.pack)) <= 0)
                return r < 0 ? r : fail(l, -ENOENT, "UNKNOWN_BARCODE", "no product for scale item %s (label %s)",
                                        m.item_key, code);
        s.pack = 0; /* the label says how much */
        s.has_qty = m.kind == MEASURE_WEIGHT;
        s.has_price = m.kind == MEASURE_PRICE;
        if (s.has_qty)
                s.qty = m.value;
        if (s.has_price)
                s.price = m.value;
        bought(&s);
        *ret = s;
        return 0;
}
