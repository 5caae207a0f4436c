/* GS1 element strings: the AIs a retail or goods-in label carries, in each form a
 * scanner or a person sends them, and what is refused. */
#include <errno.h>
#include <string.h>

#include "catalog/gs1.h"
#include "testlib.h"

static struct gs1_elements read_ok(const char *s, int year)
{
        struct gs1_elements e;
        const char *why = NULL;
        int r = gs1_parse(s, year, &e, &why);

        if (r != 0)
                fail_msg("%s: %d %s", s, r, why ? why : "");
        return e;
}

static void test_forms(void **state)
{
        struct gs1_elements e;
        (void)state;
        /* GS1-128 as a scanner sends it: symbology identifier, GS after variable fields */
        e = read_ok("]C10100036000291452310300125039220549\x1d" "10LOT7\x1d" "17261231", 2026);
        assert_string_equal(e.gtin, "00036000291452");
        assert_true(e.has_weight);
        assert_int_equal(e.weight_g, 1250);
        assert_true(e.has_price);
        assert_int_equal(e.price, 549);
        assert_int_equal(e.price_decimals, 2);
        assert_string_equal(e.lot, "LOT7");
        assert_true(e.has_expiry);
        assert_int_equal(e.expiry_year * 10000 + e.expiry_month * 100 + e.expiry_day, 20261231);
        /* typed by hand, with the AIs in parentheses; day 00 is the month's last */
        e = read_ok("(01)00036000291452(3103)001250(10)LOT7(17)280200", 2026);
        assert_int_equal(e.weight_g, 1250);
        assert_int_equal(e.expiry_year * 10000 + e.expiry_month * 100 + e.expiry_day, 20280229);
        /* no identifier, fixed-length fields only: no GS needed */
        e = read_ok("010003600029145217261231", 2026);
        assert_false(e.has_weight || e.has_price);
        assert_string_equal(e.lot, "");
        /* DataBar and DataMatrix identifiers; a variant and a serial */
        e = read_ok("]e00100036000291452" "2001" "21SN-9", 2026);
        assert_string_equal(e.gtin, "00036000291452");
        /* DataBar with no identifier: 01 and its GTIN, and what follows if it reads whole */
        assert_string_equal(read_ok("0100036000291452", 2026).gtin, "00036000291452");
        e = read_ok("]d20100036000291452" "15270300", 2026); /* best before: the expiry when there is none */
        assert_int_equal(e.expiry_year * 10000 + e.expiry_month * 100 + e.expiry_day, 20270331);
        e = read_ok("]C10100036000291452" "17261231" "15270101", 2026); /* an expiry outranks it */
        assert_int_equal(e.expiry_month, 12);
}

static void test_values(void **state)
{
        struct gs1_elements e;
        (void)state;
        e = read_ok("]C10100036000291452" "3100000002", 2026); /* 2 kg */
        assert_int_equal(e.weight_g, 2000);
        e = read_ok("]C10100036000291452" "3105001235", 2026); /* 0.01235 kg: to the gram, half up */
        assert_int_equal(e.weight_g, 12);
        /* a date's century: within 50 years ahead or 49 behind the year now */
        assert_int_equal(read_ok("]C10100036000291452" "17760101", 2026).expiry_year, 2076);
        assert_int_equal(read_ok("]C10100036000291452" "17770101", 2026).expiry_year, 1977);
        assert_int_equal(read_ok("]C10100036000291452" "17760101", 2027).expiry_year, 2076);
        assert_int_equal(read_ok("]C10100036000291452" "17010101", 2052).expiry_year, 2101);
}

static void test_refused(void **state)
{
        static const char *const bad[] = {
                "]C10100036000291452" "99ABC",           /* an AI not read */
                "]C10100036000291452" "17261332",        /* no 32nd */
                "]C10100036000291452" "17270229",        /* 2027 is no leap year */
                "]C10100036000291452" "10ABCDEFGHIJKLMNOPQRSTU", /* a lot of 21 */
                "]C110LOT7",                             /* no GTIN */
                "]C1010003600029145",                    /* a GTIN cut short */
                "]C10100036000291452" "3106000001",      /* six decimals of a kg */
                "]C10100036000291452" "10LOT 7",         /* a space in a lot */
                "(01)00036000291452(17",                 /* an AI not closed */
                "]C10100036000291452" "3103" "12a456",   /* a letter in a weight */
                "]C10100036000291452" "3103000000",      /* a weight of nothing */
                "]C10100036000291452" "39221234\x1d" "39220001", /* two prices */
                "]C10100036000291452" "0100036000291452", /* two GTINs */
                "]C10100036000291452" "39321561234",     /* a price in a currency the label names */
                "]C10200036000291452" "3712",            /* the contents of a case, not an item */
                "]C10100036000291452" "306\x1d" "10L",   /* a count: what a case holds is its own code's */
                "(01)10036000291459(37)12",              /* a count of what a case holds */
        };
        struct gs1_elements e = { .gtin = "untouched" };
        const char *why;
        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                why = NULL;
                if (gs1_parse(bad[i], 2026, &e, &why) != -EINVAL || !why)
                        fail_msg("%s was read", bad[i]);
        }
        assert_int_equal(gs1_parse("]C10100036000291453", 2026, &e, &why), -EBADMSG);
        assert_string_equal(e.gtin, "untouched");
        /* not element strings at all: left to the barcode's own reading */
        assert_int_equal(gs1_parse("6901234567892", 2026, &e, &why), -ENOENT);
        assert_int_equal(gs1_parse("SHOP-0042", 2026, &e, &why), -ENOENT);
        /* "01" and 16 digits or more that do not read whole are some other code */
        assert_int_equal(gs1_parse("012345678901234567", 2026, &e, &why), -ENOENT);
        assert_int_equal(gs1_parse("0100036000291453", 2026, &e, &why), -ENOENT);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_forms),
                cmocka_unit_test(test_values),
                cmocka_unit_test(test_refused),
        };
        return cmocka_run_group_tests_name("gs1", tests, NULL, NULL);
}
