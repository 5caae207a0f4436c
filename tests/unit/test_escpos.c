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
        assert_int_equal(text_columns(l->text), 42);
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

/* The code page a printer is set to: ESC t n first, the text in that page's bytes (as
 * the published tables have them), and the plain-text copy read back in the same page. */
static void test_code_pages(void **state)
{
        static const struct {
                int page;
                uint8_t e_acute, euro;
        } pages[] = { { 19, 0x82, 0xd5 }, { 16, 0xe9, 0x80 } }; /* PC858, WPC1252 */
        (void)state;
        for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
                const struct escpos_opts o = { 42, pages[i].page, NULL, true, 0 };
                const uint8_t want[] = { 'C', 'a', 'f', pages[i].e_acute, ' ', '5', pages[i].euro };
                const uint8_t init[] = { 0x1b, '@', 0x1b, 't', (uint8_t)pages[i].page };
                struct receipt r;
                struct bytes b;
                char *text;
                size_t len;

                receipt_init(&r);
                assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, "Café 5€", NULL), 0);
                bytes_init(&b, ESCPOS_MAX);
                assert_int_equal(escpos_render(&r, &o, &b), 0);
                assert_memory_equal(b.data, init, sizeof(init));
                assert_non_null(memmem(b.data, b.len, want, sizeof(want)));
                assert_int_equal(escpos_text(b.data, b.len, &text, &len), 0);
                assert_non_null(strstr(text, "Café 5€"));
                free(text);
                bytes_release(&b);
                receipt_release(&r);
        }
}

/* What PC437 lacks prints in the Chinese mode when GB18030 has it; without that mode, or
 * where neither has it, a '?'. */
static void test_beyond_the_code_page(void **state)
{
        static const uint8_t euro_gb[] = { 0x1c, '&', 0xa2, 0xe3, 0x1c, '.' }; /* € in GB18030 */
        const struct escpos_opts plain = { 42, 0, NULL, false, 0 };
        struct receipt r;
        struct bytes b;
        char *text;
        size_t len;
        (void)state;
        receipt_init(&r);
        assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, "5€ Zhū™ \U0001F600", NULL), 0);
        bytes_init(&b, ESCPOS_MAX);
        assert_int_equal(escpos_render(&r, &opts42, &b), 0);
        assert_non_null(memmem(b.data, b.len, euro_gb, sizeof(euro_gb)));
        assert_int_equal(escpos_text(b.data, b.len, &text, &len), 0);
        assert_non_null(strstr(text, "5€ Zhū™ "));
        free(text);
        bytes_release(&b);
        bytes_init(&b, ESCPOS_MAX);
        assert_int_equal(escpos_render(&r, &plain, &b), 0);
        assert_null(memmem(b.data, b.len, "\x1c&", 2));
        assert_int_equal(escpos_text(b.data, b.len, &text, &len), 0);
        assert_non_null(strstr(text, "5? Zh??"));
        free(text);
        bytes_release(&b);
        receipt_release(&r);
}

/* A printer that knows GBK only: what needs GB18030's four bytes prints as '?'. */
static void test_gbk_only(void **state)
{
        static const uint8_t tm_gb18030[] = { 0x81, 0x36, 0xbe, 0x34 }, smile[] = { 0x94, 0x39, 0xfc, 0x36 },
                             ke_le[] = { 0xbf, 0xc9, 0xc0, 0xd6 };
        const struct escpos_opts gbk = { 42, 0, NULL, ESCPOS_CHINESE_GBK, 0 };
        struct receipt r;
        struct bytes b;
        char *text;
        size_t len;
        (void)state;
        receipt_init(&r);
        assert_int_equal(receipt_add(&r, R_TEXT, ALIGN_LEFT, false, false, "可乐 ™ 😀", NULL), 0);
        bytes_init(&b, ESCPOS_MAX);
        assert_int_equal(escpos_render(&r, &opts42, &b), 0);
        assert_non_null(memmem(b.data, b.len, tm_gb18030, sizeof(tm_gb18030)));
        assert_non_null(memmem(b.data, b.len, smile, sizeof(smile)));
        bytes_release(&b);
        bytes_init(&b, ESCPOS_MAX);
        assert_int_equal(escpos_render(&r, &gbk, &b), 0);
        assert_non_null(memmem(b.data, b.len, ke_le, sizeof(ke_le)));
        assert_null(memmem(b.data, b.len, tm_gb18030, sizeof(tm_gb18030)));
        assert_null(memmem(b.data, b.len, smile, sizeof(smile)));
        assert_int_equal(escpos_text(b.data, b.len, &text, &len), 0);
        assert_non_null(strstr(text, "可乐 ? ?"));
        free(text);
        bytes_release(&b);
        receipt_release(&r);
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
                cmocka_unit_test(test_code_pages),
                cmocka_unit_test(test_beyond_the_code_page),
                cmocka_unit_test(test_gbk_only),
                cmocka_unit_test(test_wrapping_on_58mm),
                cmocka_unit_test(test_without_chinese_mode),
                cmocka_unit_test(test_status_bytes),
                cmocka_unit_test(test_limits),
        };
        return cmocka_run_group_tests_name("escpos", tests, NULL, NULL);
}
