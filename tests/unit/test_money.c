/* Money, quantity and tax arithmetic: integers only, half away from zero, per line. */
#include <errno.h>
#include <string.h>

#include "ledger/money.h"
#include "testlib.h"

static int64_t parse(const char *s, int scale)
{
        int64_t v = -999;
        assert_int_equal(decimal_parse(s, scale, true, MONEY_MAX, &v), 0);
        return v;
}

static void test_parse_decimals(void **state)
{
        int64_t v = 7;
        (void)state;
        assert_int_equal(parse("12.50", 2), 1250);
        assert_int_equal(parse("12.5", 2), 1250);
        assert_int_equal(parse("12", 2), 1200);
        assert_int_equal(parse("0.01", 2), 1);
        assert_int_equal(parse(".5", 2), 50);
        assert_int_equal(parse("12.500", 2), 1250); /* trailing zeros beyond the scale are harmless */
        assert_int_equal(parse("-3.2", 2), -320);
        assert_int_equal(parse(" 7 ", 0), 7);
        assert_int_equal(parse("1.235", 3), 1235);
        assert_int_equal(decimal_parse("12.505", 2, false, MONEY_MAX, &v), -ERANGE);
        assert_int_equal(decimal_parse("1e3", 2, false, MONEY_MAX, &v), -EINVAL);
        assert_int_equal(decimal_parse("1,000", 2, false, MONEY_MAX, &v), -EINVAL);
        assert_int_equal(decimal_parse("", 2, false, MONEY_MAX, &v), -EINVAL);
        assert_int_equal(decimal_parse(".", 2, false, MONEY_MAX, &v), -EINVAL);
        assert_int_equal(decimal_parse("1.2.3", 2, false, MONEY_MAX, &v), -EINVAL);
        assert_int_equal(decimal_parse("-1", 2, false, MONEY_MAX, &v), -ERANGE);
        assert_int_equal(decimal_parse("99999999999999999999", 2, false, MONEY_MAX, &v), -ERANGE);
        assert_int_equal(decimal_parse("1000000000000.01", 2, false, MONEY_MAX, &v), -ERANGE);
        assert_int_equal(v, 7); /* untouched on failure */
}

static void test_format(void **state)
{
        char b[32];
        (void)state;
        decimal_format(1250, 2, false, b, sizeof(b));
        assert_string_equal(b, "12.50");
        decimal_format(-5, 2, false, b, sizeof(b));
        assert_string_equal(b, "-0.05");
        decimal_format(1500, 3, true, b, sizeof(b));
        assert_string_equal(b, "1.5");
        decimal_format(2000, 3, true, b, sizeof(b));
        assert_string_equal(b, "2");
        decimal_format(1300, 2, true, b, sizeof(b));
        assert_string_equal(b, "13");
        decimal_format(42, 0, false, b, sizeof(b));
        assert_string_equal(b, "42");
        decimal_format(INT64_MIN, 2, false, b, sizeof(b));
        assert_string_equal(b, "-92233720368547758.08");
}

static void test_rounding_half_away_from_zero(void **state)
{
        int64_t v;
        (void)state;
        assert_int_equal(muldiv_round(5, 1, 10, &v), 0);
        assert_int_equal(v, 1);   /* 0.5 -> 1 */
        assert_int_equal(muldiv_round(-5, 1, 10, &v), 0);
        assert_int_equal(v, -1);  /* -0.5 -> -1 */
        assert_int_equal(muldiv_round(4, 1, 10, &v), 0);
        assert_int_equal(v, 0);
        assert_int_equal(muldiv_round(INT64_MAX, 4, 2, &v), -ERANGE);
}

static void test_line_amounts(void **state)
{
        int64_t v;
        (void)state;
        assert_int_equal(line_amount(3000, 1250, &v), 0); /* 3 x 12.50 */
        assert_int_equal(v, 3750);
        assert_int_equal(line_amount(1235, 880, &v), 0);  /* 1.235 kg at 8.80/kg = 10.868 */
        assert_int_equal(v, 1087);
        assert_int_equal(line_amount(333, 100, &v), 0);   /* 0.333 x 1.00 = 0.333 */
        assert_int_equal(v, 33);
        assert_int_equal(line_amount(QTY_MAX, MONEY_MAX, &v), -ERANGE);
}

static void test_tax_inclusive(void **state)
{
        (void)state;
        /* 113.00 at 13% inclusive holds 13.00 of tax */
        assert_int_equal(tax_of(11300, 1300, true), 1300);
        /* 12.50 at 13%: 12.50 * 13 / 113 = 1.438... -> 1.44 */
        assert_int_equal(tax_of(1250, 1300, true), 144);
        /* 5.99 at 9%: 0.4946 -> 0.49 */
        assert_int_equal(tax_of(599, 900, true), 49);
        assert_int_equal(tax_of(1000, 0, true), 0);
        /* a refund rounds the same way, mirrored */
        assert_int_equal(tax_of(-1250, 1300, true), -144);
}

static void test_tax_exclusive(void **state)
{
        (void)state;
        assert_int_equal(tax_of(10000, 1300, false), 1300);
        /* 0.15 at 6.5%: 0.00975 -> 0.01 */
        assert_int_equal(tax_of(15, 650, false), 1);
        /* 8.25% on 9.99: 0.824175 -> 0.82 */
        assert_int_equal(tax_of(999, 825, false), 82);
}

static void test_tax_per_line_not_per_ticket(void **state)
{
        /* three lines of 0.05 at 13% inclusive carry 0.01 each (0.00575 -> 0.01);
         * the ticket's tax is the sum of the lines, not the tax of the sum */
        int64_t per_line = 0;
        (void)state;
        for (int i = 0; i < 3; i++)
                per_line += tax_of(5, 1300, true);
        assert_int_equal(per_line, 3);
        assert_int_equal(tax_of(15, 1300, true), 2);
}

static void test_cash_rounding(void **state)
{
        (void)state;
        assert_int_equal(round_to_step(1234, 10), 1230);
        assert_int_equal(round_to_step(1235, 10), 1240);
        assert_int_equal(round_to_step(1237, 5), 1235);
        assert_int_equal(round_to_step(1238, 5), 1240);
        assert_int_equal(round_to_step(1234, 1), 1234);
        assert_int_equal(round_to_step(-1235, 10), -1240);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_decimals),
                cmocka_unit_test(test_format),
                cmocka_unit_test(test_rounding_half_away_from_zero),
                cmocka_unit_test(test_line_amounts),
                cmocka_unit_test(test_tax_inclusive),
                cmocka_unit_test(test_tax_exclusive),
                cmocka_unit_test(test_tax_per_line_not_per_ticket),
                cmocka_unit_test(test_cash_rounding),
        };
        return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
