/* Key codes to characters. The tables cover what barcodes hold: digits, letters and the
 * printable ASCII a CODE128 or QR code may carry. */
#include <errno.h>
#include <linux/input-event-codes.h>
#include <string.h>

#include "keymap.h"

#define KEYS 64

/* US: plain and shifted, indexed by key code (KEY_1 = 2 ... KEY_SPACE = 57). */
static const char us[2][KEYS] = {
        { [KEY_1] = '1', [KEY_2] = '2', [KEY_3] = '3', [KEY_4] = '4', [KEY_5] = '5', [KEY_6] = '6', [KEY_7] = '7',
          [KEY_8] = '8', [KEY_9] = '9', [KEY_0] = '0', [KEY_MINUS] = '-', [KEY_EQUAL] = '=', [KEY_Q] = 'q',
          [KEY_W] = 'w', [KEY_E] = 'e', [KEY_R] = 'r', [KEY_T] = 't', [KEY_Y] = 'y', [KEY_U] = 'u', [KEY_I] = 'i',
          [KEY_O] = 'o', [KEY_P] = 'p', [KEY_LEFTBRACE] = '[', [KEY_RIGHTBRACE] = ']', [KEY_A] = 'a', [KEY_S] = 's',
          [KEY_D] = 'd', [KEY_F] = 'f', [KEY_G] = 'g', [KEY_H] = 'h', [KEY_J] = 'j', [KEY_K] = 'k', [KEY_L] = 'l',
          [KEY_SEMICOLON] = ';', [KEY_APOSTROPHE] = '\'', [KEY_GRAVE] = '`', [KEY_BACKSLASH] = '\\', [KEY_Z] = 'z',
          [KEY_X] = 'x', [KEY_C] = 'c', [KEY_V] = 'v', [KEY_B] = 'b', [KEY_N] = 'n', [KEY_M] = 'm', [KEY_COMMA] = ',',
          [KEY_DOT] = '.', [KEY_SLASH] = '/', [KEY_SPACE] = ' ' },
        { [KEY_1] = '!', [KEY_2] = '@', [KEY_3] = '#', [KEY_4] = '$', [KEY_5] = '%', [KEY_6] = '^', [KEY_7] = '&',
          [KEY_8] = '*', [KEY_9] = '(', [KEY_0] = ')', [KEY_MINUS] = '_', [KEY_EQUAL] = '+', [KEY_Q] = 'Q',
          [KEY_W] = 'W', [KEY_E] = 'E', [KEY_R] = 'R', [KEY_T] = 'T', [KEY_Y] = 'Y', [KEY_U] = 'U', [KEY_I] = 'I',
          [KEY_O] = 'O', [KEY_P] = 'P', [KEY_LEFTBRACE] = '{', [KEY_RIGHTBRACE] = '}', [KEY_A] = 'A', [KEY_S] = 'S',
          [KEY_D] = 'D', [KEY_F] = 'F', [KEY_G] = 'G', [KEY_H] = 'H', [KEY_J] = 'J', [KEY_K] = 'K', [KEY_L] = 'L',
          [KEY_SEMICOLON] = ':', [KEY_APOSTROPHE] = '"', [KEY_GRAVE] = '~', [KEY_BACKSLASH] = '|', [KEY_Z] = 'Z',
          [KEY_X] = 'X', [KEY_C] = 'C', [KEY_V] = 'V', [KEY_B] = 'B', [KEY_N] = 'N', [KEY_M] = 'M', [KEY_COMMA] = '<',
          [KEY_DOT] = '>', [KEY_SLASH] = '?', [KEY_SPACE] = ' ' },
};

/* Where German and French keyboards put what a US one does elsewhere: the keys a
 * scanner set to that layout presses for a character. Only the differences. */
struct remap {
        uint16_t key;
        bool shift;
        char c;
};

static const struct remap de[] = {
        { KEY_Y, false, 'z' }, { KEY_Z, false, 'y' }, { KEY_Y, true, 'Z' }, { KEY_Z, true, 'Y' },
        { KEY_SLASH, false, '-' }, { KEY_SLASH, true, '_' }, { KEY_7, true, '/' }, { KEY_0, true, '=' },
        { KEY_DOT, true, ':' }, { KEY_COMMA, true, ';' }, { KEY_8, true, '(' }, { KEY_9, true, ')' },
        { KEY_MINUS, true, '?' }, { KEY_RIGHTBRACE, false, '+' }, { KEY_RIGHTBRACE, true, '*' },
        { KEY_BACKSLASH, false, '#' }, { KEY_BACKSLASH, true, '\'' }, { KEY_6, true, '&' }, { KEY_1, true, '!' },
        { KEY_2, true, '"' }, { KEY_5, true, '%' }, { KEY_4, true, '$' },
};

/* AZERTY: digits on the shifted row, letters moved. */
static const struct remap fr[] = {
        { KEY_1, true, '1' }, { KEY_2, true, '2' }, { KEY_3, true, '3' }, { KEY_4, true, '4' }, { KEY_5, true, '5' },
        { KEY_6, true, '6' }, { KEY_7, true, '7' }, { KEY_8, true, '8' }, { KEY_9, true, '9' }, { KEY_0, true, '0' },
        { KEY_Q, false, 'a' }, { KEY_A, false, 'q' }, { KEY_W, false, 'z' }, { KEY_Z, false, 'w' },
        { KEY_SEMICOLON, false, 'm' }, { KEY_Q, true, 'A' }, { KEY_A, true, 'Q' }, { KEY_W, true, 'Z' },
        { KEY_Z, true, 'W' }, { KEY_SEMICOLON, true, 'M' }, { KEY_6, false, '-' }, { KEY_8, false, '_' },
        { KEY_COMMA, true, '.' }, { KEY_DOT, true, '/' }, { KEY_M, false, ',' },
};

int keymap_layout_parse(const char *name, enum keymap_layout *ret)
{
        if (!strcmp(name, "us"))
                *ret = LAYOUT_US;
        else if (!strcmp(name, "de"))
                *ret = LAYOUT_DE;
        else if (!strcmp(name, "fr"))
                *ret = LAYOUT_FR;
        else
                return -EINVAL;
        return 0;
}

void key_decoder_init(struct key_decoder *k, enum keymap_layout layout)
{
        memset(k, 0, sizeof(*k));
        k->layout = layout;
}

static char map(const struct key_decoder *k, uint16_t code)
{
        const struct remap *m = k->layout == LAYOUT_DE ? de : k->layout == LAYOUT_FR ? fr : NULL;
        size_t n = k->layout == LAYOUT_DE ? sizeof(de) / sizeof(de[0]) : sizeof(fr) / sizeof(fr[0]);

        for (size_t i = 0; m && i < n; i++)
                if (m[i].key == code && m[i].shift == k->shift)
                        return m[i].c;
        if (k->layout == LAYOUT_FR && !k->shift && code >= KEY_1 && code <= KEY_0)
                return 0; /* AZERTY's unshifted number row holds accents, never digits */
        return code < KEYS ? us[k->shift][code] : 0;
}

int key_decoder_feed(struct key_decoder *k, uint16_t code, int value, char out[static SCAN_MAX + 1])
{
        char c;

        if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
                k->shift = value != 0;
                return 0;
        }
        if (value != 1)
                return 0; /* releases and auto-repeat carry no character */
        if (code == KEY_ENTER || code == KEY_KPENTER || code == KEY_TAB) {
                bool over = k->overlong, empty = k->len == 0;
                k->buf[k->len] = '\0';
                memcpy(out, k->buf, (size_t)k->len + 1);
                k->len = 0;
                k->overlong = false;
                return over ? -EMSGSIZE : empty ? 0 : 1;
        }
        if (!(c = map(k, code)))
                return 0;
        if (k->len < SCAN_MAX)
                k->buf[k->len++] = c;
        else
                k->overlong = true;
        return 0;
}
