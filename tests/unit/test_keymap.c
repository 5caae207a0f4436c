/* A keyboard-wedge scanner's key events back into codes, for the layouts it may be set
 * to. */
#include <errno.h>
#include <linux/input-event-codes.h>
#include <string.h>

#include "keymap.h"
#include "testlib.h"

/* Press and release each key; upper case and symbols with shift held. */
static int type(struct key_decoder *k, const uint16_t *keys, const bool *shift, size_t n, char out[static SCAN_MAX + 1])
{
        int r = 0;

        for (size_t i = 0; i < n; i++) {
                if (shift && shift[i])
                        assert_int_equal(key_decoder_feed(k, KEY_LEFTSHIFT, 1, out), 0);
                r = key_decoder_feed(k, keys[i], 1, out);
                if (r)
                        return r;
                assert_int_equal(key_decoder_feed(k, keys[i], 0, out), 0);
                if (shift && shift[i])
                        assert_int_equal(key_decoder_feed(k, KEY_LEFTSHIFT, 0, out), 0);
        }
        return r;
}

static void test_ean_on_us(void **state)
{
        static const uint16_t keys[] = { KEY_6, KEY_9, KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                         KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_2, KEY_ENTER };
        struct key_decoder k;
        char out[SCAN_MAX + 1];
        (void)state;
        key_decoder_init(&k, LAYOUT_US);
        assert_int_equal(type(&k, keys, NULL, 14, out), 1);
        assert_string_equal(out, "6901234567892");
        /* an Enter alone is no code */
        assert_int_equal(key_decoder_feed(&k, KEY_ENTER, 1, out), 0);
}

static void test_shift_and_symbols(void **state)
{
        static const uint16_t keys[] = { KEY_S, KEY_H, KEY_O, KEY_P, KEY_MINUS, KEY_4, KEY_2, KEY_SLASH, KEY_KPENTER };
        static const bool shift[] = { true, true, true, true, false, false, false, true, false };
        struct key_decoder k;
        char out[SCAN_MAX + 1];
        (void)state;
        key_decoder_init(&k, LAYOUT_US);
        assert_int_equal(type(&k, keys, shift, 9, out), 1);
        assert_string_equal(out, "SHOP-42?");
        /* auto-repeat and releases type nothing */
        assert_int_equal(key_decoder_feed(&k, KEY_1, 2, out), 0);
        assert_int_equal(key_decoder_feed(&k, KEY_1, 0, out), 0);
        assert_int_equal(key_decoder_feed(&k, KEY_TAB, 1, out), 0);
}

static void test_other_layouts(void **state)
{
        /* a scanner set to German presses Y for z and the key right of '.' for '-' */
        static const uint16_t de_keys[] = { KEY_Y, KEY_Z, KEY_SLASH, KEY_7, KEY_ENTER };
        static const bool de_shift[] = { false, false, false, true, false };
        /* set to French, digits come shifted and A sits where Q is */
        static const uint16_t fr_keys[] = { KEY_Q, KEY_1, KEY_2, KEY_6, KEY_ENTER };
        static const bool fr_shift[] = { false, true, true, false, false };
        struct key_decoder k;
        enum keymap_layout l;
        char out[SCAN_MAX + 1];
        (void)state;
        assert_int_equal(keymap_layout_parse("de", &l), 0);
        key_decoder_init(&k, l);
        assert_int_equal(type(&k, de_keys, de_shift, 5, out), 1);
        assert_string_equal(out, "zy-/");
        assert_int_equal(keymap_layout_parse("fr", &l), 0);
        key_decoder_init(&k, l);
        assert_int_equal(type(&k, fr_keys, fr_shift, 5, out), 1);
        assert_string_equal(out, "a12-");
        assert_int_equal(keymap_layout_parse("dvorak", &l), -EINVAL);
}

static void test_overlong_dropped(void **state)
{
        struct key_decoder k;
        char out[SCAN_MAX + 1];
        (void)state;
        key_decoder_init(&k, LAYOUT_US);
        for (int i = 0; i < SCAN_MAX + 10; i++) {
                assert_int_equal(key_decoder_feed(&k, KEY_7, 1, out), 0);
                assert_int_equal(key_decoder_feed(&k, KEY_7, 0, out), 0);
        }
        assert_int_equal(key_decoder_feed(&k, KEY_ENTER, 1, out), -EMSGSIZE);
        /* and the next code reads whole again */
        assert_int_equal(key_decoder_feed(&k, KEY_4, 1, out), 0);
        assert_int_equal(key_decoder_feed(&k, KEY_2, 1, out), 0);
        assert_int_equal(key_decoder_feed(&k, KEY_ENTER, 1, out), 1);
        assert_string_equal(out, "42");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_ean_on_us),
                cmocka_unit_test(test_shift_and_symbols),
                cmocka_unit_test(test_other_layouts),
                cmocka_unit_test(test_overlong_dropped),
        };
        return cmocka_run_group_tests_name("keymap", tests, NULL, NULL);
}
