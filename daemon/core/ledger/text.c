/* Cutting text on character boundaries, and text as the search reads it (its pinyin
 * too); the only place that decides what UTF-8 is. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ledger/text.h"
#include "ledger/pinyin.h"

/* characters whose readings are written out together, from each character of a name on */
#define PINYIN_SPAN 8

size_t utf8_char_len(const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t len;

        if (n == 0)
                return 0;
        len = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : (p[0] >> 4) == 0xe ? 3 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
        if (len == 0 || len > n)
                return 0;
        for (size_t k = 1; k < len; k++)
                if ((p[k] & 0xc0) != 0x80)
                        return 0;
        /* the second byte's range rules out overlong forms, surrogates and code points
         * past U+10FFFF */
        if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) ||
            (p[0] == 0xf4 && p[1] >= 0x90))
                return 0;
        return len;
}

bool utf8_valid(const char *s, size_t n)
{
        size_t i = 0, len;

        while (i < n) {
                if (!(len = utf8_char_len(s + i, n - i)))
                        return false;
                i += len;
        }
        return true;
}

/* The next unit of s: a character, or one byte that is none. */
static size_t unit_len(const char *s, size_t n)
{
        size_t len = utf8_char_len(s, n);
        return len ? len : 1;
}

size_t utf8_fit(const char *s, size_t max)
{
        size_t n = strnlen(s, max + 4), i = 0, len;

        while (i < n && i + (len = unit_len(s + i, n - i)) <= max)
                i += len;
        return i;
}

size_t utf8_cut(char *dst, size_t size, const char *src)
{
        size_t n, i = 0, len;

        if (size == 0)
                return 0;
        n = src ? strnlen(src, size + 3) : 0; /* a NULL column reads as no text */
        while (i < n) {
                len = utf8_char_len(src + i, n - i);
                if (i + (len ? len : 1) > size - 1)
                        break;
                if (len)
                        memmove(dst + i, src + i, len);
                else
                        dst[i] = '?', len = 1;
                i += len;
        }
        dst[i] = '\0';
        return i;
}

size_t utf8_vprintf(char *dst, size_t size, const char *fmt, va_list ap)
{
        if (size == 0)
                return 0;
        (void)vsnprintf(dst, size, fmt, ap);
        return utf8_cut(dst, size, dst);
}

size_t utf8_printf(char *dst, size_t size, const char *fmt, ...)
{
        va_list ap;
        size_t n;

        va_start(ap, fmt);
        n = utf8_vprintf(dst, size, fmt, ap);
        va_end(ap);
        return n;
}

/* The code point of the character of len bytes at s (valid UTF-8). */
static uint32_t code_point(const unsigned char *s, size_t len)
{
        static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
        uint32_t c = s[0] & lead_mask[len];

        for (size_t k = 1; k < len; k++)
                c = c << 6 | (s[k] & 0x3f);
        return c;
}

/* Han (the unified blocks and their extensions, and the compatibility ideographs), kana. */
static bool word_of_its_own(uint32_t c)
{
        return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
               (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
}

size_t text_search_words(char *dst, size_t size, const char *src)
{
        size_t n = src ? strlen(src) : 0, i = 0, o = 0, len;

        if (size == 0)
                return 0;
        while (i < n) {
                const unsigned char *s = (const unsigned char *)src + i;
                char out[8];
                size_t m = 0;

                len = utf8_char_len(src + i, n - i);
                if (len == 0) {
                        out[m++] = (char)s[0];
                        len = 1;
                } else {
                        uint32_t c = len == 1 ? s[0] : code_point(s, len);
                        bool own = word_of_its_own(c);

                        if (c >= 0xff01 && c <= 0xff5e) /* full-width ASCII */
                                out[m++] = (char)(c - 0xfee0);
                        else if (c == 0x3000)
                                out[m++] = ' ';
                        else {
                                if (own)
                                        out[m++] = ' ';
                                memcpy(out + m, s, len);
                                m += len;
                                if (own)
                                        out[m++] = ' ';
                        }
                }
                if (o + m > size - 1)
                        break;
                memcpy(dst + o, out, m);
                o += m;
                i += len;
        }
        dst[o] = '\0';
        return o;
}

/* A character's reading: the number of its syllable in pinyin_syllables, or -1. */
static int reading_of(uint32_t c)
{
        size_t lo = 0, hi = pinyin_count;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (pinyin_chars[mid] == c)
                        return pinyin_of[mid];
                if (pinyin_chars[mid] < c)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return -1;
}

/* The reading of the character at src + *i (n bytes in all), *i moved past it; -1 for
 * one with none. */
static int next_reading(const char *src, size_t n, size_t *i)
{
        size_t len = utf8_char_len(src + *i, n - *i);

        if (len == 0) {
                (*i)++;
                return -1;
        }
        *i += len;
        return reading_of(len == 1 ? (unsigned char)src[*i - 1] : code_point((const unsigned char *)src + *i - len, len));
}

/* Append s (k bytes) and a space at dst + *o if both fit before the NUL; false if not. */
static bool put_word(char *dst, size_t size, size_t *o, const char *s, size_t k)
{
        if (k == 0)
                return true;
        if (*o + k + 1 > size - 1)
                return false;
        memcpy(dst + *o, s, k);
        dst[*o + k] = ' ';
        *o += k + 1;
        return true;
}

size_t text_pinyin_words(char *dst, size_t size, const char *src)
{
        size_t n = src ? strlen(src) : 0, i = 0, o = 0;
        bool room = true;

        if (size == 0)
                return 0;
        while (i < n && room) {
                char full[PINYIN_SPAN * PINYIN_SYLLABLE_MAX + 1], first[PINYIN_SPAN + 1];
                size_t f = 0, k = 0, j = i;
                int r;

                if (next_reading(src, n, &i) < 0)
                        continue;
                /* from this character on through the run, at most PINYIN_SPAN of them */
                while (k < PINYIN_SPAN && j < n && (r = next_reading(src, n, &j)) >= 0) {
                        const char *syl = pinyin_syllables[r];
                        size_t len = strlen(syl);
                        memcpy(full + f, syl, len);
                        f += len;
                        first[k++] = syl[0];
                }
                room = put_word(dst, size, &o, full, f) && put_word(dst, size, &o, first, k > 1 ? k : 0);
        }
        if (o > 0)
                o--; /* the last space */
        dst[o] = '\0';
        return o;
}

/* what the words of a text depend on besides the text: the rules here (count up when they
 * change), the span and the readings */
#define TEXT_WORDS_RULES 1

uint32_t text_words_id(void)
{
        return (pinyin_table_id ^ (uint32_t)PINYIN_SPAN << 24) + TEXT_WORDS_RULES;
}
