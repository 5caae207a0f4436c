/* One item, many forms: a product filed under any form of a GTIN (UPC-E, UPC-A, EAN-13,
 * GTIN-14 with indicator 0, an EAN-8 and its padded forms) is found by scanning any
 * other, and no other product can be filed under it. The rule is checked after every
 * step of a seeded run of adds, added barcodes and scans (POSD_SEED to repeat one). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/barcode.h"
#include "catalog/catalog.h"
#include "ledger/money.h"
#include "stock/stocktake.h"
#include "testlib.h"
#include "till/checkout.h"

#define BASES 60
#define STEPS 500
#define FORMS_MAX 6

/* An item as the test makes it: its forms, written out here from the GS1 General
 * Specifications' tables (not with posd's functions), and the product that has it. */
struct item {
        char forms[FORMS_MAX][16];
        int nforms;
        int owner; /* index of the product, -1: none */
};

static uint64_t rng;

static unsigned next(unsigned n)
{
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        return (unsigned)(rng % n);
}

static char check_digit(const char *d, size_t n)
{
        int sum = 0;

        for (size_t i = 0; i < n; i++)
                sum += (d[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (char)('0' + (10 - sum % 10) % 10);
}

static void random_digits(char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                s[i] = (char)('0' + next(10));
}

static void add_form(struct item *it, const char *pad, const char *code)
{
        snprintf(it->forms[it->nforms++], sizeof(it->forms[0]), "%s%s", pad, code);
}

/* A UPC-E: manufacturer and item number of its UPC-A by the sixth digit, as the
 * specification's table has them. Its forms: itself, the UPC-A, EAN-13 and GTIN-14; and,
 * when it passes as an EAN-8 too, that EAN-8's padded forms, which posd cannot tell apart
 * from it. */
static void make_upce(struct item *it)
{
        char e[9] = { (char)('0' + next(2)) }, a[13], m[6], i[6];
        const char *d;

        random_digits(e + 1, 6);
        d = e + 1;
        /* as labels carry it: the one UPC-E of its UPC-A (GS1's zero suppression) */
        if (d[5] == '3' && d[2] < '3')
                e[3] = (char)('3' + next(7));
        else if (d[5] == '4' && d[3] == '0')
                e[4] = (char)('1' + next(9));
        else if (d[5] >= '5' && d[4] == '0')
                e[5] = (char)('1' + next(9));
        switch (d[5]) {
        case '0': case '1': case '2':
                snprintf(m, sizeof(m), "%c%c%c00", d[0], d[1], d[5]), snprintf(i, sizeof(i), "00%c%c%c", d[2], d[3], d[4]);
                break;
        case '3': snprintf(m, sizeof(m), "%c%c%c00", d[0], d[1], d[2]), snprintf(i, sizeof(i), "000%c%c", d[3], d[4]); break;
        case '4': snprintf(m, sizeof(m), "%c%c%c%c0", d[0], d[1], d[2], d[3]), snprintf(i, sizeof(i), "0000%c", d[4]); break;
        default: snprintf(m, sizeof(m), "%c%c%c%c%c", d[0], d[1], d[2], d[3], d[4]), snprintf(i, sizeof(i), "0000%c", d[5]); break;
        }
        snprintf(a, sizeof(a), "%c%s%s", e[0], m, i);
        a[11] = e[7] = check_digit(a, 11);
        a[12] = e[8] = '\0';
        add_form(it, "", e);
        add_form(it, "", a);
        add_form(it, "0", a);
        add_form(it, "00", a);
        if (check_digit(e, 7) == e[7]) {
                add_form(it, "00000", e);
                add_form(it, "000000", e);
        }
}

/* An EAN-13 outside the number systems 0 (UPC) and 2 (the store's own labels). */
static void make_ean13(struct item *it)
{
        char c[14] = { (char)('3' + next(7)) };

        random_digits(c + 1, 11);
        c[12] = check_digit(c, 12);
        add_form(it, "", c);
        add_form(it, "0", c);
}

/* An EAN-8 of number system 3 to 9 (no UPC-E), and its padded forms. */
static void make_ean8(struct item *it)
{
        char c[9] = { (char)('3' + next(7)) };

        random_digits(c + 1, 6);
        c[7] = check_digit(c, 7);
        add_form(it, "", c);
        add_form(it, "00000", c);
        add_form(it, "000000", c);
}

/* A UPC-A with no UPC-E (no run of four zeros where the forms put them). */
static void make_upca(struct item *it)
{
        char a[13] = { (char)('0' + next(2)) };

        do
                random_digits(a + 1, 10);
        while (strstr(a + 3, "0000"));
        a[11] = check_digit(a, 11);
        add_form(it, "", a);
        add_form(it, "0", a);
        add_form(it, "00", a);
}

static void make_items(struct item *items)
{
        void (*const make[])(struct item *) = { make_upce, make_upce, make_ean13, make_ean8, make_upca };

        memset(items, 0, BASES * sizeof(*items));
        for (int b = 0; b < BASES; b++) {
                items[b].owner = -1;
                make[next(sizeof(make) / sizeof(make[0]))](&items[b]);
        }
}

static int rows_of(struct tstore *t, const char *sku)
{
        char sql[160];

        snprintf(sql, sizeof(sql), "SELECT count(*) FROM barcodes JOIN products p ON p.id = product_id WHERE p.sku = '%s'",
                 sku);
        return (int)tsql_int(t->path, sql);
}

/* Every form of every item finds its owner, or nothing; the products have one row an item
 * (each product's own count checked when full: that reads the store once a product). */
static void check_rule(struct tstore *t, const struct item *items, int products, const char *const *skus, bool full)
{
        struct scan_result s;

        for (int b = 0; b < BASES; b++)
                for (int f = 0; f < items[b].nforms; f++) {
                        const char *code = items[b].forms[f];
                        int r = catalog_lookup_barcode(t->l, code, &s);
                        if (items[b].owner < 0) {
                                if (r != -ENOENT)
                                        fail_msg("%s: no product has it, found %s (%d)", code, r == 0 ? s.product.sku : "-", r);
                        } else if (r != 0 || strcmp(s.product.sku, skus[items[b].owner])) {
                                fail_msg("%s: filed for %s, found %s (%d: %s)", code, skus[items[b].owner],
                                         r == 0 ? s.product.sku : "nothing", r, ledger_errmsg(t->l));
                        }
                }
        int owned = 0;
        for (int b = 0; b < BASES; b++)
                owned += items[b].owner >= 0;
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM barcodes JOIN products p ON p.id = product_id"
                                           " WHERE p.sku GLOB 'G[0-9]*'"),
                         owned);
        for (int p = 0; full && p < products; p++) {
                owned = 0;
                for (int b = 0; b < BASES; b++)
                        owned += items[b].owner == p;
                assert_int_equal(rows_of(t, skus[p]), owned);
        }
}

static void test_any_form_finds_the_item(void **state)
{
        struct tstore *t = *state;
        static struct item items[BASES];
        char names[STEPS][16];
        const char *skus[STEPS];
        int products = 0;
        const char *seed = getenv("POSD_SEED");

        rng = seed ? strtoull(seed, NULL, 10) : 20261207;
        print_message("seed %llu\n", (unsigned long long)rng);
        rng = rng * 2654435761u + 1;
        make_items(items);
        for (int step = 0; step < STEPS; step++) {
                int b = (int)next(BASES), b2 = (int)next(BASES);
                const char *code = items[b].forms[next((unsigned)items[b].nforms)];
                const char *codes[2] = { code, items[b2].forms[next((unsigned)items[b2].nforms)] };

                if (products == 0 || next(3) == 0) { /* a new product with one or two codes */
                        size_t n = 1 + next(2);
                        bool free = (items[b].owner < 0) && (n == 1 || items[b2].owner < 0);
                        snprintf(names[products], sizeof(names[0]), "G%d", products);
                        struct product_input in = { .sku = names[products], .name = "item", .unit = "pcs",
                                                    .price = 100, .tax_rate_bp = 1300, .active = true,
                                                    .barcodes = codes, .nbarcodes = n };
                        int r = product_add(t->l, &in, NULL);
                        if (free != (r == 0))
                                fail_msg("adding %s with %s%s%s: %d %s", in.sku, codes[0], n > 1 ? ", " : "",
                                         n > 1 ? codes[1] : "", r, ledger_errmsg(t->l));
                        if (r == 0) {
                                skus[products] = names[products];
                                items[b].owner = products;
                                if (n > 1)
                                        items[b2].owner = products;
                                products++;
                        } else {
                                assert_string_equal(ledger_errcode(t->l), "BARCODE_TAKEN");
                        }
                } else { /* one more code on a product */
                        int p = (int)next((unsigned)products), owned = 0;
                        for (int i = 0; i < BASES; i++)
                                owned += items[i].owner == p;
                        int r = product_add_barcode(t->l, skus[p], code);
                        bool ok = owned < BARCODES_PER_PRODUCT && (items[b].owner < 0 || items[b].owner == p);
                        if (ok != (r == 0))
                                fail_msg("adding %s to %s (item's owner %d): %d %s", code, skus[p], items[b].owner, r,
                                         ledger_errmsg(t->l));
                        if (r == 0)
                                items[b].owner = p;
                }
                check_rule(t, items, products, skus, step % 50 == 49);
        }
}

/* A store of schema 13 filed a GTIN-14 of indicator 0 and a padded EAN-8 as given; the
 * upgrade files them in their own form, and drops such a form where the product has its
 * own already. */
static void test_upgrade_refiles_long_forms(void **state)
{
        struct tstore *t = *state;
        struct ledger_error err;
        struct scan_result s;

        tstore_as_schema_14(t);
        assert_int_equal(tsql_exec(t->path, "INSERT INTO barcodes(code, product_id, seq) SELECT c, id, 9 FROM products,"
                                            " (SELECT '06920000000128' AS c UNION ALL SELECT '0000012345670')"
                                            " WHERE sku = 'C3';"
                                            "INSERT INTO barcodes(code, product_id, seq) SELECT '06901234567892', id, 9"
                                            " FROM products WHERE sku = 'A1';"
                                            /* B2's item filed for C3 too, in a long form */
                                            "INSERT INTO barcodes(code, product_id, seq) SELECT '04006381333931', id, 8"
                                            " FROM products WHERE sku = 'C3';"
                                            "PRAGMA user_version = 13"), 0);
        assert_int_equal(ledger_open(t->path, 0, &t->l, &err), 0);
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM barcodes WHERE code IN ('6920000000128', '12345670')"
                                           " AND product_id = (SELECT id FROM products WHERE sku = 'C3')"), 2);
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM barcodes WHERE length(code) = 14"
                                           " OR code GLOB '00000*'"), 0);
        assert_ok(t->l, catalog_lookup_barcode(t->l, "00000012345670", &s));
        assert_string_equal(s.product.sku, "C3");
        assert_ok(t->l, catalog_lookup_barcode(t->l, "06901234567892", &s));
        assert_string_equal(s.product.sku, "A1");
        assert_ok(t->l, catalog_lookup_barcode(t->l, "04006381333931", &s));
        assert_string_equal(s.product.sku, "B2");
        /* C3 keeps what is its own, and can be changed again */
        assert_ok(t->l, product_add_barcode(t->l, "C3", "036000291452"));
}

/* A GS1 label's weight for a product sold by the kilogram or the gram, and its price for
 * one sold by measure; on one sold by the piece neither is taken. */
static void test_gs1_units(void **state)
{
        struct tstore *t = *state;
        const char *codes[1] = { "5901234123457" };
        struct product_input in = { .sku = "P1", .name = "Pepper", .unit = "g", .price = 10, .tax_rate_bp = 900,
                                    .active = true, .barcodes = codes, .nbarcodes = 1 };
        struct scan_result s;

        assert_ok(t->l, product_add(t->l, &in, NULL));
        assert_ok(t->l, catalog_lookup_barcode(t->l, "]C101059012341234573103000250", &s));
        assert_int_equal(s.qty, 250000); /* 0.250 kg: 250 g, in thousandths of a gram */
        in.sku = "T1", in.name = "Television", in.unit = "pcs", codes[0] = "4006381333948";
        assert_ok(t->l, product_add(t->l, &in, NULL));
        assert_int_equal(catalog_lookup_barcode(t->l, "]C101040063813339483103003000", &s), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "BAD_BARCODE");
        assert_int_equal(catalog_lookup_barcode(t->l, "]C1010400638133394839224500", &s), -EINVAL);
        assert_ok(t->l, catalog_lookup_barcode(t->l, "]C10104006381333948", &s)); /* the GTIN alone is fine */
        assert_string_equal(s.product.sku, "T1");
        /* a wrong GTIN check digit says so, and names nothing it did not read */
        assert_int_equal(catalog_lookup_barcode(t->l, "]C10104006381333949", &s), -EBADMSG);
        assert_string_equal(ledger_errcode(t->l), "BAD_CHECK_DIGIT");
}

static void label(char *code, const char *body12)
{
        snprintf(code, 14, "%s%c", body12, check_digit(body12, 12));
}

/* A scale's item key of any length is its own number (no EAN-8), a layout's price check
 * digit is checked, and a product filed under a whole label is found by it. */
static void test_scale_layouts(void **state)
{
        struct tstore *t = *state;
        struct measure_rule nordic = { "23", MEASURE_PRICE, 6, 4, 1 }, german = { "24", MEASURE_WEIGHT, 4, 5, 1 };
        const char *codes[1];
        struct product_input in = { .sku = "N1", .name = "Herring", .unit = "kg", .price = 5000, .tax_rate_bp = 900,
                                    .active = true, .barcodes = codes, .nbarcodes = 1 };
        struct scan_result s;
        char code[14];

        assert_ok(t->l, measure_rule_add(t->l, &nordic));
        assert_ok(t->l, measure_rule_add(t->l, &german));
        codes[0] = "23123457"; /* as an EAN-8 its check digit would be 8 */
        assert_ok(t->l, product_add(t->l, &in, NULL));
        label(code, "231234570449"); /* 4.49 */
        assert_ok(t->l, catalog_lookup_barcode(t->l, code, &s));
        assert_string_equal(s.product.sku, "N1");
        assert_true(s.has_price);
        assert_int_equal(s.price, 449);
        /* 24 1234 c 01250: 1.25 kg after its weight check digit */
        in.sku = "G1", in.name = "Cheese", codes[0] = "241234";
        assert_ok(t->l, product_add(t->l, &in, NULL));
        char body[13];
        snprintf(body, sizeof(body), "241234%d01250", price_check_digit("01250", 5));
        label(code, body);
        assert_ok(t->l, catalog_lookup_barcode(t->l, code, &s));
        assert_string_equal(s.product.sku, "G1");
        assert_int_equal(s.qty, 1250);
        body[6] = (char)('0' + (body[6] - '0' + 1) % 10);
        label(code, body);
        assert_int_equal(catalog_lookup_barcode(t->l, code, &s), -EBADMSG);
        /* a whole label filed under a product: that product, no weight read from it */
        in.sku = "W1", in.name = "Gift box", in.unit = "pcs", codes[0] = code;
        assert_ok(t->l, product_add(t->l, &in, NULL));
        assert_ok(t->l, catalog_lookup_barcode(t->l, code, &s));
        assert_string_equal(s.product.sku, "W1");
        assert_false(s.has_qty || s.has_price);
}

#define CASE_PRODUCTS 8

/* A case's code stands for its pack: scanned as its GTIN-14, in a GS1 label with a lot,
 * or typed with a count of cases, it rings up the pack times the cases of its product; the
 * unit's own code rings up the units typed; the listing shows the case with its pack; no
 * other product can have it; a count in a stocktake counts the cases' contents. Checked
 * on every step of a seeded run over products sold by the piece and by the kilogram. */
static void test_case_packs(void **state)
{
        struct tstore *t = *state;
        const struct actor alice = { "alice", "1", NULL, false }, maria = { "maria", NULL, NULL, true };
        char unit_code[CASE_PRODUCTS][16], case_code[CASE_PRODUCTS][16], sku[CASE_PRODUCTS][16];
        char entries[CASE_PRODUCTS][2][BARCODE_ENTRY_MAX + 1];
        int64_t pack[CASE_PRODUCTS], counted[CASE_PRODUCTS] = { 0 };
        const char *seed = getenv("POSD_SEED");
        struct stocktake st;
        struct shift_report sh;

        rng = seed ? strtoull(seed, NULL, 10) : 20261207;
        rng = rng * 2654435761u + 7;
        for (int p = 0; p < CASE_PRODUCTS; p++) {
                bool kg = p % 2;
                const char *codes[2] = { entries[p][0], entries[p][1] };
                char body[14], q[24];
                /* an EAN-13 of prefix 69, and a case of it: indicator 1 to 8 before its first 12 digits */
                snprintf(body, sizeof(body), "69");
                random_digits(body + 2, 10);
                snprintf(unit_code[p], sizeof(unit_code[p]), "%.12s%c", body, check_digit(body, 12));
                snprintf(body, sizeof(body), "%c%.12s", '1' + (int)next(8), unit_code[p]);
                snprintf(case_code[p], sizeof(case_code[p]), "%.13s%c", body, check_digit(body, 13));
                pack[p] = kg ? 1 + (int64_t)next(20000) : 1000 * (2 + (int64_t)next(48));
                decimal_format(pack[p], QTY_SCALE, true, q, sizeof(q));
                snprintf(entries[p][0], sizeof(entries[p][0]), "%s", unit_code[p]);
                snprintf(entries[p][1], sizeof(entries[p][1]), "%s*%s", case_code[p], q);
                snprintf(sku[p], sizeof(sku[p]), "CP%d", p);
                struct product_input in = { .sku = sku[p], .name = "cased", .unit = kg ? "kg" : "pcs", .price = 100,
                                            .tax_rate_bp = 1300, .active = true, .barcodes = codes, .nbarcodes = 2 };
                assert_ok(t->l, product_add(t->l, &in, NULL));
                {
                        char listed[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
                        struct product pr;
                        assert_ok(t->l, product_get_by_sku(t->l, sku[p], &pr));
                        assert_int_equal(product_barcodes(t->l, pr.id, listed, BARCODES_PER_PRODUCT), 2);
                        assert_string_equal(listed[1], entries[p][1]);
                }
                /* the case is an item of its own: no other product may list it, with a pack or without */
                in.sku = "OTHER", in.barcodes = (const char *[]){ case_code[p] }, in.nbarcodes = 1;
                assert_int_equal(product_add(t->l, &in, NULL), -EEXIST);
                assert_string_equal(ledger_errcode(t->l), "BARCODE_TAKEN");
        }
        assert_ok(t->l, stocktake_start(t->l, &maria, NULL, NULL, "cases", &st));
        assert_ok(t->l, shift_open(t->l, &alice, 0, &sh));
        for (int step = 0; step < 200; step++) {
                int p = (int)next(CASE_PRODUCTS), form = (int)next(4);
                int64_t cases = (int64_t)next(4), want;
                char code[64], lot[8];
                struct ticket *tk = NULL, *after = NULL;
                struct scan_result s;
                struct stocktake_line sl;

                snprintf(lot, sizeof(lot), "L%u", next(1000));
                if (form == 0)
                        snprintf(code, sizeof(code), "%s", case_code[p]);
                else if (form == 1)
                        snprintf(code, sizeof(code), "]C101%s10%s", case_code[p], lot);
                else if (form == 2)
                        snprintf(code, sizeof(code), "(01)%s(10)%s", case_code[p], lot);
                else
                        snprintf(code, sizeof(code), "%s", unit_code[p]);
                want = (cases ? cases : 1) * (form == 3 ? 1000 : pack[p]);
                assert_ok(t->l, catalog_lookup_barcode(t->l, code, &s));
                assert_string_equal(s.product.sku, sku[p]);
                assert_int_equal(s.pack, form == 3 ? 0 : pack[p]);
                if (form == 1 || form == 2)
                        assert_string_equal(s.lot, lot);
                assert_ok(t->l, ticket_open(t->l, &alice, &tk));
                if (ticket_add(t->l, &alice, tk->id, code, NULL, cases * 1000, &after) != 0)
                        fail_msg("step %d: %s: %s", step, code, ledger_errmsg(t->l));
                assert_int_equal(after->nlines, 1);
                assert_string_equal(after->lines[0].sku, sku[p]);
                if (after->lines[0].qty != want)
                        fail_msg("step %d: %lld of %s rang up %lld, not %lld", step, (long long)cases, code,
                                 (long long)after->lines[0].qty, (long long)want);
                /* half a case is no quantity */
                if (form != 3) {
                        struct ticket *half = NULL;
                        assert_int_equal(ticket_add(t->l, &alice, tk->id, code, NULL, 1500, &half), -EINVAL);
                        assert_string_equal(ledger_errcode(t->l), "BAD_QUANTITY");
                        assert_int_equal(stocktake_count(t->l, &alice, st.number, code, 500, false, &sl), -EINVAL);
                }
                assert_ok(t->l, ticket_void(t->l, &maria, tk->id, NULL));
                ticket_free(tk);
                ticket_free(after);
                /* counted in a stocktake: the cases' contents */
                assert_ok(t->l, stocktake_count(t->l, &alice, st.number, code, cases * 1000, false, &sl));
                counted[p] += want;
                if (sl.qty != counted[p])
                        fail_msg("step %d: counting %lld of %s made the count %lld, not %lld", step, (long long)cases,
                                 code, (long long)sl.qty, (long long)counted[p]);
        }
}

/* What a case's pack may be: a quantity above nothing, whole for what is sold by the piece. */
static void test_bad_packs(void **state)
{
        struct tstore *t = *state;
        static const char *const bad[] = { "14006381333938*0", "14006381333938*-1", "14006381333938*1.5",
                                           "14006381333938*x", "14006381333938*", "14006381333938*12*2",
                                           "CASE24*24" /* a store's own code: a till would search it as a name */ };
        struct scan_result s;

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_int_equal(product_add_barcode(t->l, "B2", bad[i]), -EINVAL);
                assert_string_equal(ledger_errcode(t->l), "BAD_PACK");
        }
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM barcodes WHERE pack IS NOT NULL"), 0);
        /* by the kilogram, a case may hold 2.5 kg; a pack of one is a single item */
        assert_ok(t->l, product_add_barcode(t->l, "K1", "24006381333935*2.5"));
        assert_ok(t->l, catalog_lookup_barcode(t->l, "24006381333935", &s));
        assert_int_equal(s.pack, 2500);
        assert_ok(t->l, product_add_barcode(t->l, "B2", "14006381333938*1"));
        assert_ok(t->l, catalog_lookup_barcode(t->l, "14006381333938", &s));
        assert_int_equal(s.pack, 0);
        /* one item, one pack: listed again with another is refused, with the same kept once */
        assert_int_equal(product_add_barcode(t->l, "B2", "14006381333938*6"), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "BAD_PACK");
        assert_ok(t->l, product_add_barcode(t->l, "B2", "14006381333938"));
        {
                const char *twice[] = { "072000001233*12", "0072000001233" }; /* a UPC-A and its EAN-13 */
                struct product_input in = { .sku = "TW", .name = "twice", .unit = "pcs", .price = 1, .tax_rate_bp = 1300,
                                            .active = true, .barcodes = twice, .nbarcodes = 2 };
                char keys[2][BARCODE_MAX + 1];
                struct unit_info u;
                assert_int_equal(product_add(t->l, &in, NULL), -EINVAL);
                assert_string_equal(ledger_errcode(t->l), "BAD_PACK");
                assert_int_equal(product_check(t->l, &in, &u, keys), -EINVAL); /* an import's check says so too */
                assert_string_equal(ledger_errcode(t->l), "BAD_PACK");
                twice[1] = "0072000001233*12";
                assert_ok(t->l, product_add(t->l, &in, NULL));
        }
        /* a case's GS1 label carries no weight */
        assert_int_equal(catalog_lookup_barcode(t->l, "]C101240063813339353103001250", &s), -EINVAL);
        assert_string_equal(ledger_errcode(t->l), "BAD_BARCODE");
}

static int setup(void **state)
{
        struct tstore *t = calloc(1, sizeof(*t));

        tstore_open(t);
        *state = t;
        return 0;
}

static int teardown(void **state)
{
        tstore_close(*state);
        free(*state);
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_any_form_finds_the_item, setup, teardown),
                cmocka_unit_test_setup_teardown(test_upgrade_refiles_long_forms, setup, teardown),
                cmocka_unit_test_setup_teardown(test_scale_layouts, setup, teardown),
                cmocka_unit_test_setup_teardown(test_gs1_units, setup, teardown),
                cmocka_unit_test_setup_teardown(test_case_packs, setup, teardown),
                cmocka_unit_test_setup_teardown(test_bad_packs, setup, teardown),
        };
        return cmocka_run_group_tests_name("gtin", tests, NULL, NULL);
}
