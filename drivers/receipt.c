/* The receipt layout. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "receipt.h"

void receipt_init(struct receipt *r)
{
        memset(r, 0, sizeof(*r));
}

void receipt_release(struct receipt *r)
{
        free(r->items);
        receipt_init(r);
}

/* Copy at most size-1 bytes of UTF-8 without splitting a character. */
static void copy_utf8(char *dst, size_t size, const char *src)
{
        size_t n = strlen(src);

        if (n >= size) {
                n = size - 1;
                while (n && ((unsigned char)src[n] & 0xc0) == 0x80)
                        n--;
        }
        memcpy(dst, src, n);
        dst[n] = '\0';
}

int receipt_add(struct receipt *r, enum receipt_kind kind, enum receipt_align align, bool bold, bool big,
                const char *text, const char *right)
{
        struct receipt_item *it;

        if (r->n == RECEIPT_ITEMS_MAX)
                return -ENOSPC;
        if (r->n == r->cap) {
                size_t cap = r->cap ? r->cap * 2 : 64;
                struct receipt_item *more = realloc(r->items, cap * sizeof(*more));
                if (!more)
                        return -ENOMEM;
                r->items = more;
                r->cap = cap;
        }
        it = &r->items[r->n++];
        memset(it, 0, sizeof(*it));
        it->kind = kind;
        it->align = align;
        it->bold = bold;
        it->big = big;
        copy_utf8(it->text, sizeof(it->text), text ? text : "");
        copy_utf8(it->right, sizeof(it->right), right ? right : "");
        return 0;
}

/* The code point at s (UTF-8, already valid or not): *len bytes. */
static uint32_t next_cp(const unsigned char *s, size_t *len)
{
        if (s[0] < 0x80)
                return *len = 1, s[0];
        if ((s[0] >> 5) == 6 && s[1])
                return *len = 2, ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
        if ((s[0] >> 4) == 14 && s[1] && s[2])
                return *len = 3, ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
        if ((s[0] >> 3) == 30 && s[1] && s[2] && s[3])
                return *len = 4, ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
                                 ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
        return *len = 1, 0xfffd;
}

/* East Asian wide and full-width ranges: what takes two columns on a receipt. */
static bool wide(uint32_t c)
{
        return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) ||
               (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
               (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
}

size_t text_columns(const char *s)
{
        size_t cols = 0, len;

        while (*s) {
                cols += wide(next_cp((const unsigned char *)s, &len)) ? 2 : 1;
                s += len;
        }
        return cols;
}

bool receipt_char_wide(const char *s, size_t *len)
{
        return wide(next_cp((const unsigned char *)s, len));
}
