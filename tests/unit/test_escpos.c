/* Receipts rendered to ESC/POS and read back by the table-driven decoder: text and its
 * style, alignment of amounts, Chinese in GB18030, the QR payload, the cut, the drawer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escpos.h"
#include "escpos_decode.h"
#include "testlib.h"

static const struct escpos_opts opts42 = { 42, 0, "CP437", true, 100 };

static void render(const struct receipt *r, const struct escpos_opts *o, struct decode *d)
{
        struct bytes b;
        size_t bad = 0;

        bytes_init(&b, ESCPOS_MAX);
        assert_int_equal(escpos_render(r, o, &b), 0);
        if (escpos_decode(b.data, b.len, d, &bad) < 0)
                fail_msg("undecodable byte 0x%02x at %zu", b.data[bad], bad);
        bytes_release(&b);
}

static const struct decoded *line(const struct decode *d, const char *needle)
{
        for (size_t i = 0; i < d->n; i++)
                if (d->d[i].kind == D_LINE && strstr(d->d[i].text, needle))
                        return &d->d[i];
        fail_msg("no line with '%s'", needle);
        return NULL;
}

static const struct decoded *first(const struct decode *d, enum decoded_kind k)
{
        for (size_t i = 0; i < d->n; i++)
                if (d->d[i].kind == k)
                        return &d->d[i];
        fail_msg("no item of kind %d", k);
        return NULL;
}

static void test_sale_receipt(void **state)
{
        static struct decode d;
        struct receipt r;
        const struct decoded *l;
        (void)state;
        receipt_init(&r);
        assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_CENTER, true, true, "Demo Market", NULL), 0);
        assert_int_equal(receipt_add(&r, R_RULE, ALIGN_LEFT, false, false, NULL, NULL), 0);
        assert_int_equal(receipt_add(&r, R_PAIR, ALIGN_LEFT, false, false, "苹果汁 Apple juice 1L", "25.00"), 0);
        assert_int_equal(receipt_add(&r, R_PAIR, ALIGN_LEFT, false, false, "  2 x 12.50", ""), 0);
        assert_int_equal(receipt_add(&r, R_PAIR, ALIGN_LEFT, true, false, "TOTAL", "25.00"), 0);
        assert_int_equal(receipt_add(&r, R_QR, ALIGN_CENTER, false, false, "S00000042", NULL), 0);
        assert_int_equal(receipt_add(&r, R_BARCODE, ALIGN_CENTER, false, false, "S00000042", NULL), 0);
        assert_int_equal(receipt_add(&r, R_CUT, ALIGN_LEFT, false, false, NULL, NULL), 0);
        r.items[r.n - 1].n = 0;
        assert_int_equal(receipt_add(&r, R_DRAWER, ALIGN_LEFT, false, false, NULL, NULL), 0);
        r.items[r.n - 1].n = 2;
        render(&r, &opts42, &d);
        assert_int_equal(d.d[0].kind, D_INIT);
        assert_int_equal(first(&d, D_CODEPAGE)->n, 0);
        l = line(&d, "Demo Market");
        assert_true(l->bold && l->big);
        assert_int_equal(l->align, 1);
        assert_int_equal(strlen(line(&d, "----")->text), 42);
        /* the Chinese name went in GB18030 (3 characters, 6 bytes) and counts double:
         * the amount ends exactly at column 42 */
        l = line(&d, "Apple juice");
        assert_int_equal(l->gb_bytes, 6);
        assert_int_equal(l->columns, 42);
        assert_string_equal(l->text + strlen(l->text) - 5, "25.00");
        assert_true(line(&d, "TOTAL")->bold);
        assert_string_equal(first(&d, D_QR)->text, "S00000042");
        assert_string_equal(first(&d, D_BARCODE)->text, "S00000042");
        first(&d, D_CUT);
        assert_int_equal(first(&d, D_DRAWER)->n, 2);
        assert_string_equal(first(&d, D_DRAWER)->text, "50 250");
        receipt_release(&r);
}

static void test_gb18030_bytes(void **state)
{
        static const uint8_t want[] = { 0x1c, '&', 0xbf, 0xc9, 0xbf, 0xda, 0xbf, 0xc9, 0xc0, 0xd6, 0x1c, '.' };
        struct receipt r;
        struct bytes b;
        (void)state;
        receipt_init(&r);
        assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, "可口可乐", NULL), 0);
        bytes_init(&b, ESCPOS_MAX);
        assert_int_equal(escpos_render(&r, &opts42, &b), 0);
        assert_non_null(memmem(b.data, b.len, want, sizeof(want)));
        bytes_release(&b);
        receipt_release(&r);
}

struct seq {
        const char *bytes; /* NULL: none */
        size_t n;
};
#define SEQ(s) { s, sizeof(s) - 1 }

/* Text in a printer's own bytes: ESC t n first; the text in that code page's bytes (as
 * the published tables have them); what the page lacks in the Chinese mode when GB18030
 * (or, for a GBK-only printer, GBK) has it, else '?'; and the plain-text copy read back
 * from the bytes alone. */
static void test_text_in_printer_bytes(void **state)
{
        static const struct {
                struct escpos_opts o;
                const char *text, *reads;
                struct seq has[2], lacks[2];
        } cases[] = {
                { { 42, 19, NULL, ESCPOS_CHINESE_GB18030, 0 }, "Café 5€", "Café 5€", /* PC858 */
                  { SEQ("\x1b@\x1bt\x13"), SEQ("Caf\x82 5\xd5") }, { { NULL, 0 } } },
                { { 42, 16, NULL, ESCPOS_CHINESE_GB18030, 0 }, "Café 5€", "Café 5€", /* WPC1252 */
                  { SEQ("\x1b@\x1bt\x10"), SEQ("Caf\xe9 5\x80") }, { { NULL, 0 } } },
                { { 42, 0, NULL, ESCPOS_CHINESE_GB18030, 0 }, "5€ Zhū™", "5€ Zhū™", /* PC437 lacks them */
                  { SEQ("\x1c&\xa2\xe3\x1c."), SEQ("\x1c&\x81\x36\xbe\x34\x1c.") }, { { NULL, 0 } } },
                { { 42, 0, NULL, ESCPOS_CHINESE_NONE, 0 }, "5€ Zhū™", "5? Zh??", { { NULL, 0 } },
                  { SEQ("\x1c&") } },
                { { 42, 0, NULL, ESCPOS_CHINESE_GB18030, 0 }, "可乐 😀", "可乐 😀",
                  { SEQ("\xbf\xc9\xc0\xd6"), SEQ("\x94\x39\xfc\x36") }, { { NULL, 0 } } },
                { { 42, 0, NULL, ESCPOS_CHINESE_GBK, 0 }, "可乐 ™ 😀", "可乐 ? ?", { SEQ("\xbf\xc9\xc0\xd6") },
                  { SEQ("\x81\x36\xbe\x34"), SEQ("\x94\x39\xfc\x36") } },
                /* glibc's GBK has € as the lone byte 0x80, which a GBK printer cannot print */
                { { 42, 0, NULL, ESCPOS_CHINESE_GBK, 0 }, "5€ 㐀", "5? ??", { { NULL, 0 } }, { SEQ("\x80") } },
        };
        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct receipt r;
                struct bytes b;
                char *text;
                size_t len;

                receipt_init(&r);
                assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, cases[i].text, NULL), 0);
                bytes_init(&b, ESCPOS_MAX);
                assert_int_equal(escpos_render(&r, &cases[i].o, &b), 0);
                for (int k = 0; k < 2; k++) {
                        if (cases[i].has[k].bytes && !memmem(b.data, b.len, cases[i].has[k].bytes, cases[i].has[k].n))
                                fail_msg("case %zu: a byte sequence %d missing", i, k);
                        if (cases[i].lacks[k].bytes && memmem(b.data, b.len, cases[i].lacks[k].bytes, cases[i].lacks[k].n))
                                fail_msg("case %zu: a byte sequence %d that should not be there", i, k);
                }
                assert_int_equal(escpos_text(b.data, b.len, &text, &len), 0);
                if (!strstr(text, cases[i].reads))
                        fail_msg("case %zu: the copy reads '%s', not '%s'", i, text, cases[i].reads);
                free(text);
                bytes_release(&b);
                receipt_release(&r);
        }
}

/* What the code page lacks prints in the Chinese mode, two columns wide, and the layout
 * counts it so: the amount ends at the right edge however a name is written. */
static void test_fallback_takes_two_columns(void **state)
{
        static const struct {
                enum escpos_chinese chinese;
                const char *name;
        } cases[] = {
                { ESCPOS_CHINESE_GB18030, "5€ Zhū™ tea" },   /* € and ™ double-byte, ū four-byte */
                { ESCPOS_CHINESE_GBK, "5€ Zhū™ tea" },       /* ū in GBK, € and ™ as '?' */
                { ESCPOS_CHINESE_NONE, "5€ Zhū™ tea" },      /* each a '?' */
                { ESCPOS_CHINESE_GB18030, "Crème brûlée ™ 龙井茶 Longjing tea, a long name that wraps" },
        };
        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                static struct decode d;
                const struct escpos_opts o = { 32, 0, NULL, cases[i].chinese, 0 };
                struct receipt r;
                const struct decoded *last = NULL;
                receipt_init(&r);
                assert_int_equal(receipt_add(&r, R_PAIR, ALIGN_LEFT, false, false, cases[i].name, "12.50"), 0);
                render(&r, &o, &d);
                for (size_t k = 0; k < d.n; k++)
                        if (d.d[k].kind == D_LINE) {
                                if (d.d[k].columns > 32)
                                        fail_msg("case %zu: '%s' takes %zu columns of 32", i, d.d[k].text,
                                                 d.d[k].columns);
                                last = &d.d[k];
                        }
                assert_non_null(last);
                if (last->columns != 32 || !strstr(last->text, "12.50"))
                        fail_msg("case %zu: the amount's line '%s' takes %zu columns, not 32", i, last->text,
                                 last->columns);
                receipt_release(&r);
        }
}

/* The plain-text copy reads what the paper shows: a long Chinese run whole, however the
 * copy gathers it; and after ESC @, the printer's first code page again. */
static void test_text_copy_edges(void **state)
{
        static uint8_t b[2048];
        char *text = NULL, want[2048];
        size_t n = 0, len, w = 0;
        (void)state;
        b[n++] = 0x1c, b[n++] = '&', b[n++] = 'x', w += (size_t)snprintf(want, sizeof(want), "x");
        for (int i = 0; i < 600; i++) { /* 可 in GB18030, a byte out of step with any even run */
                b[n++] = 0xbf, b[n++] = 0xc9;
                w += (size_t)snprintf(want + w, sizeof(want) - w, "可");
        }
        b[n++] = 0x1c, b[n++] = '.', b[n++] = '\n';
        memcpy(b + n, "\x1bt\x10\xe9\n\x1b@\x82\n", 10); /* é in CP1252; after ESC @, 0x82 in PC437 */
        n += 10;
        snprintf(want + w, sizeof(want) - w, "\né\né\n");
        assert_int_equal(escpos_text(b, n, &text, &len), 0);
        assert_string_equal(text, want);
        free(text);
}

static void test_wrapping_on_58mm(void **state)
{
        static struct decode d;
        const struct escpos_opts o32 = { 32, 0, "CP437", true, 0 };
        struct receipt r;
        size_t lines = 0;
        (void)state;
        receipt_init(&r);
        assert_int_equal(receipt_add(&r, R_PAIR, ALIGN_LEFT, false, false,
                                     "金龙鱼黄金比例食用植物调和油 Arawana Golden Ratio Blended Oil 1.8L", "59.90"),
                         0);
        render(&r, &o32, &d);
        for (size_t i = 0; i < d.n; i++)
                if (d.d[i].kind == D_LINE) {
                        assert_true(text_columns(d.d[i].text) <= 32);
                        lines++;
                }
        assert_true(lines >= 3);
        /* the amount sits at the right edge of the last line */
        for (size_t i = d.n; i-- > 0;)
                if (d.d[i].kind == D_LINE) {
                        assert_int_equal(text_columns(d.d[i].text), 32);
                        assert_non_null(strstr(d.d[i].text, "59.90"));
                        break;
                }
        receipt_release(&r);
}

static void test_without_chinese_mode(void **state)
{
        static struct decode d;
        const struct escpos_opts plain = { 42, 0, "CP437", false, 0 };
        struct receipt r;
        (void)state;
        receipt_init(&r);
        assert_int_equal(receipt_add(&r, R_PAIR, ALIGN_LEFT, false, false, "面包 Bread", "5.99"), 0);
        render(&r, &plain, &d);
        /* a printer without GB18030 gets a placeholder per column, and the layout holds */
        assert_int_equal(line(&d, "Bread")->gb_bytes, 0);
        assert_int_equal(strlen(line(&d, "Bread")->text), 42);
        receipt_release(&r);
}

static void test_status_bytes(void **state)
{
        struct printer_status s;
        uint8_t q[3];
        (void)state;
        memset(&s, 0, sizeof(s));
        escpos_status_query(4, q);
        assert_memory_equal(q, ((uint8_t[]){ 0x10, 0x04, 4 }), 3);
        assert_int_equal(escpos_status_parse(1, 0x16, &s), 0); /* 0001 0110: online, pin 3 high */
        assert_true(s.online);
        assert_int_equal(escpos_status_parse(1, 0x1e, &s), 0); /* offline */
        assert_false(s.online);
        assert_int_equal(escpos_status_parse(2, 0x36, &s), 0); /* cover open, paper end stop */
        assert_true(s.cover_open && s.paper_out);
        assert_int_equal(escpos_status_parse(4, 0x1e, &s), 0); /* near end */
        assert_true(s.paper_near_end);
        assert_false(s.paper_out);
        assert_int_equal(escpos_status_parse(4, 0x72, &s), 0); /* paper gone */
        assert_true(s.paper_out);
        assert_int_equal(escpos_status_parse(1, 0xff, &s), -EBADMSG);
        assert_int_equal(escpos_status_parse(1, 0x00, &s), -EBADMSG);
}

static void test_limits(void **state)
{
        struct receipt r;
        struct bytes b;
        const struct escpos_opts tiny = { 42, 0, "CP437", true, 0 };
        (void)state;
        receipt_init(&r);
        for (int i = 0; i < RECEIPT_ITEMS_MAX; i++)
                assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, "line", NULL), 0);
        assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, "one too many", NULL), -ENOSPC);
        bytes_init(&b, 1000);
        assert_int_equal(escpos_render(&r, &tiny, &b), -E2BIG);
        bytes_release(&b);
        receipt_release(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sale_receipt),
                cmocka_unit_test(test_gb18030_bytes),
                cmocka_unit_test(test_text_in_printer_bytes),
                cmocka_unit_test(test_fallback_takes_two_columns),
                cmocka_unit_test(test_text_copy_edges),
                cmocka_unit_test(test_wrapping_on_58mm),
                cmocka_unit_test(test_without_chinese_mode),
                cmocka_unit_test(test_status_bytes),
                cmocka_unit_test(test_limits),
        };
        return cmocka_run_group_tests_name("escpos", tests, NULL, NULL);
}
