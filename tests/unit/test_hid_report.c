/* HID scanner reports into codes: boot-keyboard reports (modifiers, held keys, the same
 * key twice, keys rolled over) and HID POS reports (bounds, junk). */
#include <errno.h>
#include <string.h>

#include "hid_report.h"
#include "testlib.h"

/* Type text as a keyboard-mode scanner does: each key a press report and a release
 * report. Letters in upper case hold Shift. The result of the last report that said
 * anything. */
static int type(struct hid_keys *k, const char *text, char code[static SCAN_MAX + 1])
{
        int last = 0;

        for (const char *c = text; *c; c++) {
                uint8_t press[8] = { 0 }, release[8] = { 0 };
                int r;
                if (*c >= 'a' && *c <= 'z')
                        press[2] = (uint8_t)(0x04 + *c - 'a');
                else if (*c >= 'A' && *c <= 'Z') {
                        press[0] = 0x02;
                        press[2] = (uint8_t)(0x04 + *c - 'A');
                } else if (*c >= '1' && *c <= '9')
                        press[2] = (uint8_t)(0x1e + *c - '1');
                else
                        press[2] = *c == '0' ? 0x27 : *c == '-' ? 0x2d : *c == '\n' ? 0x28 : 0x00;
                if ((r = hid_keys_feed(k, press, sizeof(press), code)) != 0)
                        last = r;
                if ((r = hid_keys_feed(k, release, sizeof(release), code)) != 0)
                        last = r;
        }
        return last;
}

static void test_keyboard_reports(void **state)
{
        struct hid_keys k;
        char code[SCAN_MAX + 1];
        (void)state;

        hid_keys_init(&k, LAYOUT_US);
        assert_int_equal(type(&k, "Ab-100\n", code), 1);
        assert_string_equal(code, "Ab-100"); /* Shift held and let go; 0 twice */
        assert_int_equal(type(&k, "1234567890123456789012345678901234567890123456789012345678901234567890"
                                  "12345678901234567890123456789\n", code), -EMSGSIZE); /* SCAN_MAX + 3 */
        assert_int_equal(type(&k, "42\n", code), 1);
        assert_string_equal(code, "42");
}

static void test_keys_rolled_over(void **state)
{
        static const uint8_t reports[][8] = {
                { 0, 0, 0x04 },       /* a */
                { 0, 0, 0x04, 0x05 }, /* b pressed while a is held */
                { 0, 0, 0x05 },       /* a let go: nothing new */
                { 0 },
                { 0, 0, 0x28 },       /* Enter */
        };
        struct hid_keys k;
        char code[SCAN_MAX + 1];
        int r = 0;
        (void)state;

        hid_keys_init(&k, LAYOUT_US);
        for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
                r = hid_keys_feed(&k, reports[i], 8, code);
        assert_int_equal(r, 1);
        assert_string_equal(code, "ab");
        assert_int_equal(hid_keys_feed(&k, reports[0], 4, code), 0); /* too short: ignored */
}

static void test_pos_reports(void **state)
{
        uint8_t r[128] = { 0x02, 13 };
        char code[SCAN_MAX + 1];
        (void)state;

        memcpy(r + 2, "6901234567892]E0", 16);
        assert_int_equal(hid_pos_report(r, sizeof(r), code), 1);
        assert_string_equal(code, "6901234567892"); /* the AIM id after the data is not the code */
        assert_int_equal(hid_pos_report(r, 14, code), -EBADMSG); /* cut short */
        r[1] = 0;
        assert_int_equal(hid_pos_report(r, sizeof(r), code), -EBADMSG);
        r[1] = 127;
        assert_int_equal(hid_pos_report(r, sizeof(r), code), -EBADMSG); /* beyond the report */
        memset(r + 2, '7', 120);
        r[1] = SCAN_MAX + 1;
        assert_int_equal(hid_pos_report(r, sizeof(r), code), -EMSGSIZE);
        r[1] = 3;
        r[3] = 0x1d;
        assert_int_equal(hid_pos_report(r, sizeof(r), code), 1); /* GS: between a GS1 label's fields */
        assert_string_equal(code, "7\x1d" "7");
        r[3] = 0x07;
        assert_int_equal(hid_pos_report(r, sizeof(r), code), -EBADMSG); /* a control byte */
        r[0] = 0x01;
        r[3] = '7';
        assert_int_equal(hid_pos_report(r, sizeof(r), code), -EBADMSG); /* another report */
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_keyboard_reports),
                cmocka_unit_test(test_keys_rolled_over),
                cmocka_unit_test(test_pos_reports),
        };
        return cmocka_run_group_tests_name("hid reports", tests, NULL, NULL);
}
