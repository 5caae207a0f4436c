/* Barcode check digits, normalization and variable-measure decoding. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "catalog/barcode.h"
#include "testlib.h"

static const char *key_of(const char *code, enum barcode_kind *kind)
{
        static char key[BARCODE_MAX + 1];
        assert_int_equal(barcode_normalize(code, kind, key), 0);
        return key;
}

static void test_check_digits(void **state)
{
        (void)state;
        assert_int_equal(gs1_check_digit("690123456789", 12), 2);
        assert_int_equal(gs1_check_digit("400638133393", 12), 1);
        assert_int_equal(gs1_check_digit("9638507", 7), 4);
        assert_int_equal(gs1_check_digit("03600029145", 11), 2);
}

static void test_valid_codes(void **state)
{
        enum barcode_kind k;
        (void)state;
        assert_string_equal(key_of("6901234567892", &k), "6901234567892");
        assert_int_equal(k, BARCODE_EAN13);
        assert_string_equal(key_of("96385074", &k), "96385074");
        assert_int_equal(k, BARCODE_EAN8);
        /* UPC-A and UPC-E file under their 13-digit EAN form */
        assert_string_equal(key_of("036000291452", &k), "0036000291452");
        assert_int_equal(k, BARCODE_UPCA);
        assert_string_equal(key_of("04252614", &k), "0042100005264");
        assert_int_equal(k, BARCODE_UPCE);
        assert_string_equal(key_of("10012345678902", &k), "10012345678902");
        assert_int_equal(k, BARCODE_GTIN14);
        assert_string_equal(key_of("SHOP-0042", &k), "SHOP-0042");
        assert_int_equal(k, BARCODE_INTERNAL);
}

static void test_bad_codes(void **state)
{
        char key[BARCODE_MAX + 1] = "untouched";
        char longcode[BARCODE_MAX + 2];
        (void)state;
        assert_int_equal(barcode_normalize("6901234567891", NULL, key), -EBADMSG);
        assert_int_equal(barcode_normalize("96385075", NULL, key), -EBADMSG);
        assert_int_equal(barcode_normalize("036000291453", NULL, key), -EBADMSG);
        assert_int_equal(barcode_normalize("", NULL, key), -EINVAL);
        assert_int_equal(barcode_normalize("69012345 67892", NULL, key), -EINVAL);
        assert_int_equal(barcode_normalize("6901234567892'; DROP TABLE x", NULL, key), -EINVAL);
        memset(longcode, '7', sizeof(longcode) - 1);
        longcode[sizeof(longcode) - 1] = '\0';
        assert_int_equal(barcode_normalize(longcode, NULL, key), -EINVAL);
        assert_string_equal(key, "untouched");
}

static void test_upce_expansion(void **state)
{
        char a[13];
        (void)state;
        assert_int_equal(upce_expand("01234565", a), 0);
        assert_string_equal(a, "012345000065");
        assert_int_equal(upce_expand("06543217", a), 0);
        assert_string_equal(a, "065100004327");
        assert_int_equal(upce_expand("01234531", a), 0);
        assert_string_equal(a, "012300000451");
        assert_int_equal(upce_expand("21234565", a), -EINVAL); /* number system 2 is no UPC-E */
}

/* A GTIN in a longer form than its own files in its own. */
static void test_longer_forms(void **state)
{
        enum barcode_kind k;
        (void)state;
        assert_string_equal(key_of("00036000291452", &k), "0036000291452"); /* GTIN-14, indicator 0, of a UPC-A */
        assert_int_equal(k, BARCODE_GTIN14);
        assert_string_equal(key_of("06901234567892", NULL), "6901234567892");
        assert_string_equal(key_of("0000096385074", &k), "96385074"); /* an EAN-8 padded to 13 */
        assert_int_equal(k, BARCODE_EAN13);
        assert_string_equal(key_of("00000096385074", NULL), "96385074");
        assert_string_equal(key_of("10036000291459", NULL), "10036000291459"); /* a case: its own item */
        assert_string_equal(key_of("000000000000", NULL), "00000000"); /* UPC-A 0…0 is the EAN-8 0…0 */
}

/* Every UPC-E expands to a UPC-A whose UPC-E expands to it again; a UPC-A that has none
 * is told so. */
static void test_upce_both_ways(void **state)
{
        char e[32], a[13], back[9], again[13];
        (void)state;
        for (int ns = 0; ns <= 1; ns++)
                for (int body = 0; body < 1000000; body++) {
                        snprintf(e, sizeof(e), "%d%06d0", ns, body);
                        assert_int_equal(upce_expand(e, a), 0);
                        a[11] = e[7] = (char)('0' + gs1_check_digit(a, 11));
                        assert_int_equal(upce_compress(a, back), 0);
                        assert_int_equal(upce_expand(back, again), 0);
                        assert_string_equal(again, a);
                }
        assert_int_equal(upce_compress("036000291452", back), -ENOENT);
        assert_int_equal(upce_compress("212345000065", back), -ENOENT); /* number system 2 */
        assert_int_equal(upce_compress("012345000065", back), 0);
        assert_string_equal(back, "01234565");
}

/* An 8-digit code may be an EAN-8 and a UPC-E at once: it is filed as EAN-8, and each key
 * names the other. */
static void test_other_reading(void **state)
{
        char other[BARCODE_MAX + 1], upca[13];
        (void)state;
        /* 01234565: UPC-E of 012345000065; its EAN-8 check holds too */
        assert_string_equal(key_of("01234565", NULL), "01234565");
        assert_int_equal(upce_expand("01234565", upca), 0);
        assert_int_equal(barcode_other_reading("01234565", other), 1);
        assert_string_equal(other, "0012345000065");
        assert_int_equal(barcode_other_reading("0012345000065", other), 1);
        assert_string_equal(other, "01234565");
        /* 04252614 fails as EAN-8: filed as its UPC-A, which has no other reading */
        assert_string_equal(key_of("04252614", NULL), "0042100005264");
        assert_int_equal(barcode_other_reading("0042100005264", other), 0);
        assert_string_equal(other, "0042100005264");
        assert_int_equal(barcode_other_reading("96385074", other), 0); /* number system 9 */
        /* 02200064 expands to 022000000064 too, but that UPC-A's UPC-E is 02200604 */
        assert_int_equal(barcode_other_reading("02200064", other), 0);
        assert_int_equal(barcode_other_reading("02200604", other), 0); /* its EAN-8 check fails */
        assert_string_equal(key_of("02200604", NULL), "0022000000064");
        assert_int_equal(barcode_other_reading("SHOP-0042", other), 0);
        assert_string_equal(other, "SHOP-0042");
}

static const struct measure_rule rules[] = {
        { "21", MEASURE_WEIGHT, 5, 5, 1 },
        { "22", MEASURE_PRICE, 5, 5, 1 },
        { "23", MEASURE_PRICE, 4, 5, 1 }, /* with a price check digit */
};

static void test_measure_weight(void **state)
{
        struct measure_code m;
        (void)state;
        /* 21 00101 01250 1: item 00101, 1.250 kg */
        assert_int_equal(measure_decode("2100101012501", rules, 3, &m), 0);
        assert_string_equal(m.item_key, "2100101");
        assert_int_equal(m.kind, MEASURE_WEIGHT);
        assert_int_equal(m.value, 1250);
}

static void test_measure_price(void **state)
{
        struct measure_code m;
        (void)state;
        assert_int_equal(measure_decode("2200101011006", rules, 3, &m), 0);
        assert_string_equal(m.item_key, "2200101");
        assert_int_equal(m.kind, MEASURE_PRICE);
        assert_int_equal(m.value, 1100);
}

static void test_measure_price_check_digit_layout(void **state)
{
        struct measure_code m;
        char code[14] = "230042101234";
        (void)state;
        /* 23 0042 1 01234 C: item 0042, the value after its price check digit */
        code[12] = (char)('0' + gs1_check_digit(code, 12));
        code[13] = '\0';
        assert_int_equal(measure_decode(code, rules, 3, &m), 0);
        assert_string_equal(m.item_key, "230042");
        assert_int_equal(m.value, 1234);
        /* another price check digit, the label's own check digit right: refused */
        code[6] = '9';
        code[12] = (char)('0' + gs1_check_digit(code, 12));
        assert_int_equal(measure_decode(code, rules, 3, &m), -EBADMSG);
}

/* The GS1 General Specifications' worked examples (7.9.3), and the rule that every value
 * has exactly one price check digit. */
static void test_price_check_digits(void **state)
{
        char v[16];
        (void)state;
        assert_int_equal(price_check_digit("2875", 4), 9);
        assert_int_equal(price_check_digit("14685", 5), 6);
        assert_int_equal(price_check_digit("123", 3), -EINVAL);
        assert_int_equal(price_check_digit("12a4", 4), -EINVAL);
        for (int i = 0; i < 100000; i++) {
                snprintf(v, sizeof(v), "%05d", i);
                assert_in_range(price_check_digit(v, 5), 0, 9);
                assert_in_range(price_check_digit(v + 1, 4), 0, 9);
        }
}

static void test_scale_item_keys(void **state)
{
        static const struct measure_rule nordic[] = { { "23", MEASURE_PRICE, 6, 4, 1 }, { "21", MEASURE_WEIGHT, 5, 5, 1 } };
        (void)state;
        assert_true(measure_item_key("23123456", nordic, 2));   /* 6 digits of item: 8 in all, no EAN-8 */
        assert_true(measure_item_key("2100101", nordic, 2));
        assert_false(measure_item_key("2312345", nordic, 2));   /* one short */
        assert_false(measure_item_key("22123456", nordic, 2));  /* no rule for 22 */
        assert_false(measure_item_key("2312345a", nordic, 2));
}

static void test_measure_misses(void **state)
{
        struct measure_code m;
        (void)state;
        assert_int_equal(measure_decode("6901234567892", rules, 3, &m), -ENOENT);
        assert_int_equal(measure_decode("2500101012508", rules, 3, &m), -ENOENT); /* no rule for 25 */
        assert_int_equal(measure_decode("2100101012502", rules, 3, &m), -EBADMSG);
        assert_int_equal(measure_decode("21001", rules, 3, &m), -ENOENT);
}

static void test_measure_rule_check(void **state)
{
        struct measure_rule bad = { "19", MEASURE_WEIGHT, 5, 5, 1 };
        (void)state;
        assert_int_equal(measure_rule_check(&rules[0]), 0);
        assert_int_equal(measure_rule_check(&bad), -EINVAL);
        bad = (struct measure_rule){ "21", MEASURE_WEIGHT, 5, 6, 1 };
        assert_int_equal(measure_rule_check(&bad), -EINVAL);
        bad = (struct measure_rule){ "21", MEASURE_WEIGHT, 3, 6, 1 }; /* no price check digit for 6 */
        assert_int_equal(measure_rule_check(&bad), -EINVAL);
        bad = (struct measure_rule){ "28", MEASURE_PRICE, 6, 4, 1 };  /* the Nordic layout */
        assert_int_equal(measure_rule_check(&bad), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_check_digits),
                cmocka_unit_test(test_valid_codes),
                cmocka_unit_test(test_bad_codes),
                cmocka_unit_test(test_upce_expansion),
                cmocka_unit_test(test_longer_forms),
                cmocka_unit_test(test_upce_both_ways),
                cmocka_unit_test(test_other_reading),
                cmocka_unit_test(test_measure_weight),
                cmocka_unit_test(test_measure_price),
                cmocka_unit_test(test_measure_price_check_digit_layout),
                cmocka_unit_test(test_price_check_digits),
                cmocka_unit_test(test_scale_item_keys),
                cmocka_unit_test(test_measure_misses),
                cmocka_unit_test(test_measure_rule_check),
        };
        return cmocka_run_group_tests_name("barcode", tests, NULL, NULL);
}
