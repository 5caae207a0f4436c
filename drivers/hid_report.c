/* HID reports into codes. Keyboard usages go through the same key decoder as evdev, so
 * one keyboard-layout table serves both. */
#include <errno.h>
#include <linux/input-event-codes.h>
#include <string.h>

#include "hid_report.h"

/* HID keyboard usages 0x04..0x38 (Keyboard/Keypad page) as Linux key codes. */
static const uint16_t usage_keys[] = {
        KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M, KEY_N,
        KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z, KEY_1, KEY_2,
        KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0, KEY_ENTER, KEY_ESC, KEY_BACKSPACE, KEY_TAB,
        KEY_SPACE, KEY_MINUS, KEY_EQUAL, KEY_LEFTBRACE, KEY_RIGHTBRACE, KEY_BACKSLASH, KEY_BACKSLASH,
        KEY_SEMICOLON, KEY_APOSTROPHE, KEY_GRAVE, KEY_COMMA, KEY_DOT, KEY_SLASH,
};

static uint16_t usage_key(uint8_t usage)
{
        if (usage == 0x58) /* keypad Enter */
                return KEY_KPENTER;
        if (usage == 0x64) /* the key left of Z on ISO keyboards */
                return KEY_102ND;
        if (usage < 0x04 || usage - 0x04 >= (int)(sizeof(usage_keys) / sizeof(usage_keys[0])))
                return 0;
        return usage_keys[usage - 0x04];
}

void hid_keys_init(struct hid_keys *k, enum keymap_layout layout)
{
        memset(k, 0, sizeof(*k));
        key_decoder_init(&k->keys, layout);
}

static bool held(const uint8_t *keys, uint8_t usage)
{
        return memchr(keys, usage, 6) != NULL;
}

int hid_keys_feed(struct hid_keys *k, const uint8_t *report, size_t len, char out[static SCAN_MAX + 1])
{
        static const struct { uint8_t bit; uint16_t key; } mods[] = {
                { 0x02, KEY_LEFTSHIFT }, { 0x20, KEY_RIGHTSHIFT },
        };
        const uint8_t *now;
        int r = 0;

        if (len < 8)
                return 0;
        now = report + 2;
        for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
                if ((report[0] ^ k->modifiers) & mods[i].bit)
                        key_decoder_feed(&k->keys, mods[i].key, !!(report[0] & mods[i].bit), out);
        k->modifiers = report[0];
        for (int i = 0; i < 6 && !r; i++) /* presses in report order: the order they were typed */
                if (now[i] > 0x03 && !held(k->down, now[i]) && usage_key(now[i]))
                        r = key_decoder_feed(&k->keys, usage_key(now[i]), 1, out);
        memcpy(k->down, now, 6);
        return r;
}

int hid_pos_report(const uint8_t *report, size_t len, char out[static SCAN_MAX + 1])
{
        size_t n;

        if (len < 2 || report[0] != 0x02 || (n = report[1]) == 0 || n > len - 2)
                return -EBADMSG;
        if (n > SCAN_MAX)
                return -EMSGSIZE;
        /* printable ASCII, and GS: a GS1 label's field separator (FNC1) */
        for (size_t i = 0; i < n; i++)
                if ((report[2 + i] < 0x20 && report[2 + i] != 0x1d) || report[2 + i] > 0x7e)
                        return -EBADMSG;
        memcpy(out, report + 2, n);
        out[n] = '\0';
        return 1;
}
