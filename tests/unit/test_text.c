/* Text cut on character boundaries. Checked against libc's own UTF-8 decoder (mbrtowc
 * in the C.UTF-8 locale), over seeded random strings of good and bad bytes and every
 * size: what comes out is always UTF-8, a good input comes out as its longest start
 * that fits, and a bad byte becomes '?'. POSD_SEED=N runs another seed. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ledger/text.h"
#include "testlib.h"

static unsigned seed = 20261206;

static unsigned rnd(unsigned n)
{
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) % n;
}

/* libc's answer: is s[0..n) UTF-8 (no NUL inside)? */
static bool libc_valid(const char *s, size_t n)
{
        mbstate_t ps;
        size_t i = 0, k;
        wchar_t wc;

        memset(&ps, 0, sizeof(ps));
        while (i < n) {
                k = mbrtowc(&wc, s + i, n - i, &ps);
                if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
                        return false;
                /* glibc takes surrogates and code points past U+10FFFF; UTF-8 and JSON do not */
                if ((wc >= 0xd800 && wc <= 0xdfff) || wc > 0x10ffff)
                        return false;
                i += k;
        }
        return true;
}

/* libc's length of the character at s, 0 for none */
static size_t libc_char(const char *s, size_t n)
{
        mbstate_t ps;
        wchar_t wc;
        size_t k;

        memset(&ps, 0, sizeof(ps));
        k = mbrtowc(&wc, s, n, &ps);
        return k == (size_t)-1 || k == (size_t)-2 || k == 0 || (wc >= 0xd800 && wc <= 0xdfff) || wc > 0x10ffff ? 0 : k;
}

/* A random code point as UTF-8 into b; 1 to 4 bytes. */
static size_t put_cp(char *b)
{
        static const unsigned top[] = { 0x7f, 0x7ff, 0xffff, 0x10ffff };
        unsigned w = rnd(4), cp;
        unsigned char *u = (unsigned char *)b;

        do
                cp = 1 + rnd(top[w]);
        while (cp >= 0xd800 && cp <= 0xdfff);
        if (cp < 0x80)
                return u[0] = (unsigned char)cp, 1;
        if (cp < 0x800)
                return u[0] = (unsigned char)(0xc0 | cp >> 6), u[1] = (unsigned char)(0x80 | (cp & 0x3f)), 2;
        if (cp < 0x10000) {
                u[0] = (unsigned char)(0xe0 | cp >> 12);
                u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
                u[2] = (unsigned char)(0x80 | (cp & 0x3f));
                return 3;
        }
        u[0] = (unsigned char)(0xf0 | cp >> 18);
        u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (unsigned char)(0x80 | (cp & 0x3f));
        return 4;
}

/* A random string of up to max bytes: good characters, and now and then any byte. */
static size_t random_text(char *b, size_t max, bool bad)
{
        size_t n = 0, target = rnd((unsigned)max);
        char c[4];

        while (n < target) {
                size_t k = 1;
                if (bad && rnd(6) == 0)
                        c[0] = (char)(1 + rnd(255));
                else
                        k = put_cp(c);
                if (n + k > max)
                        break;
                memcpy(b + n, c, k);
                n += k;
        }
        b[n] = '\0';
        return n;
}

static void test_char_len_agrees_with_libc(void **state)
{
        unsigned char b[5];
        (void)state;
        /* every first byte with random continuations, and every two-byte start exactly */
        for (int i = 0; i < 200000; i++) {
                for (int k = 0; k < 4; k++)
                        b[k] = (unsigned char)(k == 0 ? 1 + rnd(255) : rnd(3) ? 0x80 | rnd(64) : 1 + rnd(255));
                size_t n = 1 + rnd(4);
                assert_int_equal(utf8_char_len((char *)b, n), libc_char((char *)b, n));
        }
        for (unsigned a = 1; a < 256; a++)
                for (unsigned c = 1; c < 256; c++) {
                        b[0] = (unsigned char)a, b[1] = (unsigned char)c, b[2] = 0x80, b[3] = 0x80;
                        assert_int_equal(utf8_char_len((char *)b, 4), libc_char((char *)b, 4));
                }
}

static void test_cut_on_boundaries(void **state)
{
        char src[400], dst[400];
        (void)state;

        for (int i = 0; i < 20000; i++) {
                bool bad = rnd(2);
                size_t n = random_text(src, sizeof(src) - 1, bad), size = 1 + rnd((unsigned)n + 8), got;
                bool src_ok = libc_valid(src, n);

                assert_true(bad || src_ok);
                got = utf8_cut(dst, size, src);
                assert_true(got < size);
                assert_int_equal(strlen(dst), got);
                assert_true(libc_valid(dst, got)); /* always UTF-8 out */
                if (src_ok) {
                        /* a start of src, and the longest one: its next character would not fit */
                        assert_memory_equal(dst, src, got);
                        if (got < n)
                                assert_true(got + libc_char(src + got, n - got) > size - 1);
                        assert_int_equal(utf8_fit(src, size - 1), got);
                        assert_true(utf8_valid(src, n));
                } else {
                        assert_false(utf8_valid(src, n));
                }
                /* bad bytes become '?', one for one; good characters stay */
                for (size_t j = 0; j < got;) {
                        size_t k = libc_char(src + j, n - j);
                        if (k) {
                                assert_memory_equal(dst + j, src + j, k);
                                j += k;
                        } else {
                                assert_int_equal(dst[j], '?');
                                j++;
                        }
                }
                /* the same, cut in place */
                memcpy(dst, src, n + 1);
                assert_int_equal(utf8_cut(dst, size, dst), got);
                assert_true(libc_valid(dst, got));
        }
}

static void test_printf_cuts_on_boundaries(void **state)
{
        char buf[64];
        (void)state;
        /* 退货原因 is 3 bytes a character: every size cuts between characters */
        for (size_t size = 1; size <= sizeof(buf); size++) {
                size_t n = utf8_printf(buf, size, "reason: %s", "退货原因退货原因退货原因退货原因退货原因退货原因");
                assert_true(n < size);
                assert_true(libc_valid(buf, n));
                assert_int_equal(n, strlen(buf));
                assert_true(n + 3 > size - 1 || n == strlen("reason: ") + 3 * 24);
        }
        assert_int_equal(utf8_cut(buf, 0, "x"), 0);
}

static int setup(void **state)
{
        const char *s = getenv("POSD_SEED");
        (void)state;
        if (s)
                seed = (unsigned)strtoul(s, NULL, 10);
        if (!setlocale(LC_CTYPE, "C.UTF-8"))
                fail_msg("no C.UTF-8 locale");
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_char_len_agrees_with_libc),
                cmocka_unit_test(test_cut_on_boundaries),
                cmocka_unit_test(test_printf_cuts_on_boundaries),
        };
        return cmocka_run_group_tests_name("text", tests, setup, NULL);
}
