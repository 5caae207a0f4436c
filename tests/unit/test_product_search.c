/* The product list and search: what GET /products answers, in its order, against an
 * oracle that reads every product the slow way; the rules of the search's order kept
 * over a seeded random run of adds, renames and bursts that use up the room between
 * keys; and a store brought up from schema 3. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "ledger/schema.h"
#include "ledger/text.h"
#include "testlib.h"

#define PAGE_MAX 64

/* Chinese names; a SKU ("Cola") that other names hold, one of them in lower case only;
 * inactive matches, one sorting first by name; a barcode on a product whose name holds
 * nothing searched for; accents and full width. */
static const char extra_csv[] =
        "sku,name,barcode,price,cost,tax_rate,unit,category,stock,active\n"
        "D1,可口可乐 330ml,6901234567809,2.50,1.50,13,pcs,饮料 Drinks,10,1\n"
        "D2,百事可乐 2L,,6.00,4.00,13,pcs,饮料 Drinks,10,1\n"
        "D3,可乐味糖 Cola candy,,1.00,0.50,13,pcs,,0,0\n"
        "Cola,Zz cola by SKU,,1.00,0.50,13,pcs,,0,1\n"
        "D5,Cola Zero,,3.00,2.00,13,pcs,,0,1\n"
        "D6,A Cola sample,,0.00,0.00,13,pcs,,0,0\n"
        "W1,Plain water,BC-777,1.00,0.50,13,pcs,,0,1\n"
        "H1,Hot chocolate,,4.00,2.00,13,pcs,,0,1\n"
        "E1,Café crème,,4.00,2.00,13,pcs,,0,1\n"
        "F1,ＢＥＥＲ Ｌａｇｅｒ,,4.00,2.00,13,pcs,,0,1\n"
        "CC1,Coca-Cola 2L,,4.00,2.00,13,pcs,,0,1\n";

struct found {
        int n;
        char sku[PAGE_MAX][40];
};

static int keep(const struct product *p, void *ud)
{
        struct found *f = ud;

        if (f->n >= PAGE_MAX)
                return -1;
        snprintf(f->sku[f->n++], sizeof(f->sku[0]), "%s", p->sku);
        return 0;
}

static struct found search(struct tstore *t, const char *q, int limit, int offset)
{
        struct found f = { 0 };
        int n = catalog_search(t->l, q, limit, offset, keep, &f);

        if (n < 0)
                fail_msg("search '%s': %s", q ? q : "", ledger_errmsg(t->l));
        assert_int_equal(n, f.n);
        return f;
}

/* The SKUs found, space-separated, for a readable comparison. */
static const char *joined(const struct found *f)
{
        static char buf[PAGE_MAX * 41];
        size_t n = 0;

        buf[0] = '\0';
        for (int i = 0; i < f->n; i++)
                n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "", f->sku[i]);
        return buf;
}

static void expect(struct tstore *t, const char *q, int limit, int offset, const char *want)
{
        struct found f = search(t, q, limit, offset);

        if (strcmp(joined(&f), want) != 0)
                fail_msg("search '%s' limit %d offset %d: got '%s', want '%s'", q ? q : "", limit, offset,
                         joined(&f), want);
}

/* --- the oracle: the contract read product by product ---------------------------------
 * Words as the contract has them, for the text the tests use (ASCII, full-width ASCII,
 * Latin-1 letters, Chinese): full width as ASCII, accents dropped, letters in lower case,
 * each Chinese character a word, anything else between words. */
#define WORDS_MAX 128
#define WORD_LEN 64

struct words {
        int n;
        char w[WORDS_MAX][WORD_LEN];
};

static void word_end(struct words *ws, char *cur, size_t *len)
{
        if (*len && ws->n < WORDS_MAX) {
                cur[*len] = '\0';
                snprintf(ws->w[ws->n++], WORD_LEN, "%s", cur);
        }
        *len = 0;
}

static struct words words_of(const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        struct words ws = { 0 };
        char cur[WORD_LEN];
        size_t len = 0;

        while (*p) {
                unsigned c = *p;
                size_t step = 1;
                /* U+00C0..U+00FF without their accents ('*': none of the search's words) */
                static const char latin1[] = "aaaaaa*ceeeeiiii*nooooo*ouuuuy**aaaaaa*ceeeeiiii*nooooo*ouuuuy*y";
                if (c == 0xef && (p[1] == 0xbc || p[1] == 0xbd) && p[2]) { /* U+FF00..U+FF7F */
                        c = ((p[1] & 0x3fu) << 6 | (p[2] & 0x3fu)) + 0xf000 - 0xfee0;
                        step = 3;
                } else if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
                        c = (unsigned char)latin1[p[1] - 0x80];
                        step = 2;
                }
                if (c < 0x80 && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                        if (len < WORD_LEN - 1)
                                cur[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                } else if (c >= 0xe4 && c <= 0xe9 && step == 1 && utf8_char_len((const char *)p, strlen((const char *)p)) == 3) { /* a Chinese character */
                        word_end(&ws, cur, &len);
                        memcpy(cur, p, 3);
                        len = 3;
                        word_end(&ws, cur, &len);
                        step = 3;
                } else {
                        word_end(&ws, cur, &len);
                        if (c >= 0x80 && step == 1) {
                                size_t n = utf8_char_len((const char *)p, strlen((const char *)p));
                                step = n ? n : 1;
                        }
                }
                p += step;
        }
        word_end(&ws, cur, &len);
        return ws;
}

/* Whether phrase stands in the words, side by side; its last word as a start only. */
static bool holds(const struct words *all, const struct words *phrase, bool starts)
{
        for (int i = 0; i + phrase->n <= all->n; i++) {
                int j = 0;
                for (; j < phrase->n; j++) {
                        const char *a = all->w[i + j], *b = phrase->w[j];
                        if (starts && j == phrase->n - 1 ? strncmp(a, b, strlen(b)) != 0 : strcmp(a, b) != 0)
                                break;
                }
                if (j == phrase->n)
                        return true;
        }
        return false;
}

struct oracle_row {
        char sku[40], name[256], code[64]; /* code: the least barcode starting with the word */
        int kind, active;
        bool has_code; /* a barcode is the text */
};

static int row_order(const void *a, const void *b)
{
        const struct oracle_row *x = a, *y = b;
        int c;

        if (x->kind != y->kind)
                return x->kind - y->kind;
        if (x->kind == 4)
                return strcasecmp(x->sku, y->sku);
        if (x->kind == 5)
                return strcmp(x->code, y->code);
        if (x->active != y->active)
                return y->active - x->active;
        return (c = strcmp(x->name, y->name)) != 0 ? c : strcmp(x->sku, y->sku);
}

/* The raw text's words split at spaces (a space, a tab, the ideographic space). */
static int query_words(const char *q, struct words phrases[], int max, char *first, size_t first_size, int *spans)
{
        char buf[512];
        int n = 0;

        snprintf(buf, sizeof(buf), "%s", q);
        *spans = 0;
        for (char *s = buf; *s;) {
                char *e = s;
                while (*e && *e != ' ' && *e != '\t' && strncmp(e, "\xe3\x80\x80", 3) != 0)
                        e++;
                char keep_c = *e;
                *e = '\0';
                if (e > s) {
                        struct words w = words_of(s);
                        if ((*spans)++ == 0) {
                                char folded[600];
                                text_search_words(folded, sizeof(folded), s);
                                snprintf(first, first_size, "%s", folded);
                        }
                        if (w.n && n < max)
                                phrases[n++] = w;
                }
                *e = keep_c;
                s = e + (keep_c == ' ' || keep_c == '\t' ? 1 : keep_c ? 3 : 0);
        }
        return n;
}

/* What the contract says, by reading every product. */
static const char *oracle(const char *db, const char *q, int limit, int offset)
{
        static char buf[PAGE_MAX * 41];
        struct words phrases[16];
        char word[600] = "";
        int nphrases = 0, spans = 0, nrows = 0, cap = 1024;
        struct oracle_row *rows = malloc((size_t)cap * sizeof(*rows));
        sqlite3 *h;
        sqlite3_stmt *st;
        size_t n = 0;
        bool exact_sku = false;

        assert_non_null(rows);
        if (q && *q)
                nphrases = query_words(q, phrases, 16, word, sizeof(word), &spans);
        assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h,
                                            "SELECT p.sku, p.name, p.spec, p.active,"
                                            " (SELECT min(code) FROM barcodes b WHERE b.product_id = p.id"
                                            "   AND substr(b.code, 1, length(?1)) = ?1),"
                                            " EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id AND b.code = ?2)"
                                            " FROM products p",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, q ? q : "", -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
                struct oracle_row r = { .kind = 0 };
                char text[600 * 22];
                size_t len;
                snprintf(r.sku, sizeof(r.sku), "%s", (const char *)sqlite3_column_text(st, 0));
                snprintf(r.name, sizeof(r.name), "%s", (const char *)sqlite3_column_text(st, 1));
                len = (size_t)snprintf(text, 600, "%s %s ", r.name, (const char *)sqlite3_column_text(st, 2));
                /* and the name's pinyin, which tests/outside/pinyin.mjs holds to Debian's go-pinyin */
                text_pinyin_words(text + len, sizeof(text) - len, text);
                r.active = sqlite3_column_int(st, 3);
                struct words all = words_of(text);
                bool whole = nphrases > 0, starts = nphrases > 0;
                for (int i = 0; i < nphrases; i++) {
                        whole = whole && holds(&all, &phrases[i], false);
                        starts = starts && holds(&all, &phrases[i], true);
                }
                r.has_code = sqlite3_column_int(st, 5);
                if (!q || !*q)
                        r.kind = 2;
                else if (!strcmp(r.sku, q))
                        r.kind = 1, exact_sku = true;
                else if (whole)
                        r.kind = 2;
                else if (starts)
                        r.kind = 3;
                else if (spans == 1 && !strncasecmp(r.sku, word, strlen(word)))
                        r.kind = 4;
                else if (spans == 1 && sqlite3_column_type(st, 4) != SQLITE_NULL)
                        r.kind = 5, snprintf(r.code, sizeof(r.code), "%s", (const char *)sqlite3_column_text(st, 4));
                if (r.kind == 0 && !r.has_code)
                        continue;
                if (nrows == cap)
                        assert_non_null(rows = realloc(rows, (size_t)(cap *= 2) * sizeof(*rows)));
                rows[nrows++] = r;
        }
        sqlite3_finalize(st);
        sqlite3_close(h);
        /* the barcode's product is kind 1 when no SKU is the text; else it is what its
         * words make it */
        for (int i = 0; i < nrows; i++)
                if (rows[i].has_code && !exact_sku)
                        rows[i].kind = 1;
                else if (rows[i].kind == 0)
                        rows[i].kind = 99;
        qsort(rows, (size_t)nrows, sizeof(*rows), row_order);
        buf[0] = '\0';
        for (int i = offset; i < nrows && i < offset + limit && rows[i].kind != 99; i++)
                n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "", rows[i].sku);
        free(rows);
        return buf;
}

/* The same answer as the oracle's, page by page. */
static void expect_oracle(struct tstore *t, const char *q, int limit, int offset)
{
        char want[PAGE_MAX * 41];

        snprintf(want, sizeof(want), "%s", oracle(t->path, q, limit, offset));
        expect(t, q, limit, offset, want);
}

/* The index is sound (FTS5 checks its structure). */
static void expect_index_sound(const char *db)
{
        assert_int_equal(tsql_exec(db, "INSERT INTO product_words(product_words) VALUES ('integrity-check')"), 0);
}

static void open_with_extra(struct tstore *t)
{
        tstore_open(t);
        assert_int_equal(timport(t->l, extra_csv), 11);
}

static void test_search_words(void **state)
{
        char out[64];
        (void)state;
        assert_int_equal(text_search_words(out, sizeof(out), "ＢＥＥＲ　1L"), 7);
        assert_string_equal(out, "BEER 1L");
        text_search_words(out, sizeof(out), "可乐2L");
        assert_string_equal(out, " 可  乐 2L");
        text_search_words(out, sizeof(out), "a\xff" "b");
        assert_string_equal(out, "a\xff" "b");
        /* cut between characters */
        assert_int_equal(text_search_words(out, 6, "可乐"), 5);
        assert_string_equal(out, " 可 ");
        assert_int_equal(text_search_words(out, 1, "x"), 0);
}

static void test_pinyin_words(void **state)
{
        char out[512];
        (void)state;
        assert_int_equal(text_pinyin_words(out, sizeof(out), "可口可乐"), 37);
        assert_string_equal(out, "kekoukele kkkl koukele kkl kele kl le");
        /* runs end at anything that is not Chinese; ü is v */
        text_pinyin_words(out, sizeof(out), "绿茶2L 女A");
        assert_string_equal(out, "lvcha lc cha nv");
        assert_int_equal(text_pinyin_words(out, sizeof(out), "Cola 2L"), 0);
        assert_string_equal(out, "");
        /* eight characters at most from each one on */
        text_pinyin_words(out, sizeof(out), "一二三四五六七八九");
        assert_string_equal(out, "yiersansiwuliuqiba yesswlqb ersansiwuliuqibajiu esswlqbj sansiwuliuqibajiu "
                                 "sswlqbj siwuliuqibajiu swlqbj wuliuqibajiu wlqbj liuqibajiu lqbj qibajiu qbj "
                                 "bajiu bj jiu");
        /* whole words only, and the bound it promises */
        assert_int_equal(text_pinyin_words(out, 16, "可口可乐"), 14);
        assert_string_equal(out, "kekoukele kkkl");
        assert_int_equal(text_pinyin_words(out, 9, "可口可乐"), 0);
        {
                static const char worst[] = "庄床双庄床双庄床双"; /* six letters each, the longest */
                char big[sizeof(worst) * 20 + 1];
                size_t n = text_pinyin_words(big, sizeof(big), worst);
                assert_true(n > 0 && n < sizeof(big) - 1);
                assert_int_equal(strlen(big), n);
                assert_string_equal(big + n - 6, "shuang");
        }
        /* a stray byte or a character with no reading ends a run */
        text_pinyin_words(out, sizeof(out), "茶\xff茶");
        assert_string_equal(out, "cha cha");
}

/* Whatever the text, the pinyin is lower-case words one space apart within the bound
 * promised, and a smaller buffer holds the same words, as many as fit. */
static void test_pinyin_words_rule(void **state)
{
        static const char *const pieces[] = { "可", "口", "乐", "绿", "庄", "〇", "あ", "a", "Z", " ", "-", "\xff", "\xe5\x8f",
                                              "𠀀", "𪜶", "ＡＢ", "　" };
        unsigned seed = 20261207;
        (void)state;
        for (int round = 0; round < 2000; round++) {
                char src[160] = "", full[160 * 20 + 1], cut[160 * 20 + 1];
                size_t n = 0, m, k, size;
                while (n < sizeof(src) - 8 && rand_r(&seed) % 40)
                        n += (size_t)snprintf(src + n, sizeof(src) - n, "%s",
                                              pieces[rand_r(&seed) % (sizeof(pieces) / sizeof(pieces[0]))]);
                m = text_pinyin_words(full, 20 * n + 1, src);
                assert_int_equal(strlen(full), m);
                for (size_t i = 0; i < m; i++)
                        assert_true((full[i] >= 'a' && full[i] <= 'z') ||
                                    (full[i] == ' ' && i > 0 && i + 1 < m && full[i - 1] != ' '));
                size = 1 + (size_t)rand_r(&seed) % (m + 2);
                k = text_pinyin_words(cut, size, src);
                assert_true(k < size);
                assert_memory_equal(cut, full, k);
                assert_true(k == 0 || full[k] == '\0' || full[k] == ' ');
        }
}

static void test_contract(void **state)
{
        struct tstore t;
        (void)state;
        open_with_extra(&t);
        /* two Chinese characters side by side: active ones by name, the inactive last */
        expect(&t, "可乐", 50, 0, "D1 D2 D3");
        expect(&t, "乐可", 50, 0, "");
        expect(&t, "可 乐", 50, 0, "D1 D2 D3");
        /* the exact SKU first; whole words, in any case, then words that start so */
        expect(&t, "Cola", 50, 0, "Cola CC1 D5 D6 D3");
        expect(&t, "cola", 50, 0, "CC1 D5 Cola D6 D3"); /* a SKU is exact in its case */
        expect(&t, "coca cola", 50, 0, "CC1");
        expect(&t, "cola coca", 50, 0, "CC1");
        expect(&t, "coca-cola", 50, 0, "CC1");
        expect(&t, "co", 50, 0, "CC1 D5 Cola D6 D3");
        /* a word inside another is no match: "cola" is not chocolate */
        expect(&t, "ola", 50, 0, "");
        /* accents and full width do not count, either way */
        expect(&t, "cafe creme", 50, 0, "E1");
        expect(&t, "beer", 50, 0, "F1");
        expect(&t, "ｌａｇ", 50, 0, "F1");
        /* a whole barcode first, whatever the name holds; the start of one after words */
        expect(&t, "BC-777", 50, 0, "W1");
        expect(&t, "6901234567809", 50, 0, "D1");
        expect(&t, "69012345678", 50, 0, "D1 A1");
        expect(&t, "6900", 50, 0, "Z9");
        /* pinyin, in full or by first letters, from any character of a Chinese name on;
         * whole before the start of one */
        expect(&t, "kele", 50, 0, "D1 D2 D3");
        expect(&t, "KKKL", 50, 0, "D1");
        expect(&t, "kkk", 50, 0, "D1");
        expect(&t, "bai shi", 50, 0, "D2");
        expect(&t, "ke", 50, 0, "D1 D2 D3");
        expect(&t, "kel", 50, 0, "D1 D2 D3");
        expect(&t, "kelewei", 50, 0, "D3");
        expect(&t, "k", 50, 0, "D1 D2 D3 K1"); /* and the SKU that starts so */
        expect(&t, "bskl 2l", 50, 0, "D2");
        /* the start of a SKU, in any case */
        expect(&t, "d", 50, 0, "D1 D2 D3 D5 D6");
        expect(&t, "cc", 50, 0, "CC1");
        /* nothing, and text the tokenizer makes nothing of */
        expect(&t, "可乐乐", 50, 0, "");
        expect(&t, "-", 50, 0, "");
        expect(&t, "cola -", 50, 0, "CC1 D5 Cola D6 D3");
        /* a quote cannot break the query */
        expect(&t, "\"cola", 50, 0, "CC1 D5 Cola D6 D3");
        expect(&t, "co\"la", 50, 0, "");
        /* paging: limit and offset cut the same order */
        expect(&t, "Cola", 2, 0, "Cola CC1");
        expect(&t, "Cola", 2, 1, "CC1 D5");
        expect(&t, "Cola", 2, 3, "D6 D3");
        expect(&t, "Cola", 2, 5, "");
        expect(&t, "Cola", 0, 0, "");
        /* the list: active by name, the inactive last */
        expect(&t, NULL, 50, 0, "E1 CC1 D5 H1 W1 C3 Cola D1 D2 A1 B2 K1 F1 D6 Z9 D3");
        expect(&t, "", 3, 13, "D6 Z9 D3");
        assert_int_equal(catalog_search(t.l, "Cola", -1, 0, keep, &(struct found){ 0 }), -EINVAL);
        {
                char longer[NAME_MAX_LEN + 2];
                memset(longer, 'a', sizeof(longer) - 1);
                longer[sizeof(longer) - 1] = '\0';
                assert_int_equal(catalog_search(t.l, longer, 5, 0, keep, &(struct found){ 0 }), -EINVAL);
                assert_string_equal(ledger_errcode(t.l), "BAD_QUERY");
        }
        const char *queries[] = { "可乐", "Cola", "co", "cola coca", "ｌａｇ", "69012", "d", "-", "c c", "z", "kele", "kl", "le" };
        for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
                expect_oracle(&t, queries[i], 50, 0);
        expect_index_sound(t.path);
        tstore_close(&t);
}

/* Enough products that a page is a small part of what matches. */
static void test_large_catalog_agrees(void **state)
{
        static const char *const queries[] = {
                NULL, "Item", "item 1", "bulk", "b", "bu", "0", "99", "X", "X1234", "可乐", "乐", "Cola",
                "BC-777", "Zz", "\x01", "\xff\xfe", "Item 4999 bulk", "X7", "X14", "1", "bulk item", "i b",
        };
        static const int pages[][2] = { { 10, 0 }, { 7, 3 }, { 50, 4990 }, { 20, 5990 } };
        struct tstore t;
        size_t cap = 64 * 6100, n = 0;
        char *csv = malloc(cap);
        (void)state;
        assert_non_null(csv);
        open_with_extra(&t);
        n += (size_t)snprintf(csv + n, cap - n, "sku,name,barcode,price,cost,tax_rate,unit,category,stock,active\n");
        for (int i = 0; i < 6000; i++)
                n += (size_t)snprintf(csv + n, cap - n, "X%d,Item %d bulk,,1.00,0.50,13,pcs,,0,%d\n", i, i, i % 7 != 0);
        n += (size_t)snprintf(csv + n, cap - n,
                              "BULK,Zzz,,1.00,0.50,13,pcs,,0,1\nLK,Yyy,,1.00,0.50,13,pcs,,0,0\n"
                              "Q1,Qqq,bulk,1.00,0.50,13,pcs,,0,1\nQ2,Qqq,lk,1.00,0.50,13,pcs,,0,0\n");
        assert_int_equal(timport(t.l, csv), 6004);
        free(csv);
        for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
                for (size_t j = 0; j < sizeof(pages) / sizeof(pages[0]); j++)
                        expect_oracle(&t, queries[i], pages[j][0], pages[j][1]);
        expect_index_sound(t.path);
        tstore_close(&t);
}

/* --- the order's rules under random change --------------------------------------------
 * Whatever is added, renamed, switched off or on: every product has a key, no two the
 * same, active ones below 2^62 and the others above, and the keys run in the list's order
 * (active first, name, SKU); and every search agrees with the oracle. Bursts of names
 * that go one after another into one gap use up the keys between two neighbours, so that
 * the products around them are spread out again. */
static const char *const vocabulary[] = {
        "Cola", "cola", "COLA", "Coca-Cola", "可口可乐", "可乐", "Green tea", "绿茶", "ＢＥＥＲ", "Beer",
        "Chocolate", "Water", "water 500ml", "Milk", "牛奶", "Milk chocolate", "Tea", "M", "kele", "lc",
};
static const char *const specs[] = { "", "500ml", "2L", "1kg", "大瓶" };

struct keyed {
        char sku[16];
        int64_t key;
};

/* Check the rules; returns how many products kept no key they had before (moved
 * without being changed), given the keys before in was (n of them). */
static int check_keys(struct tstore *t, const char *changed, const struct keyed *was, int nwas, struct keyed **now,
                      int *nnow)
{
        sqlite3 *h;
        sqlite3_stmt *st;
        int n = 0, cap = 256, moved = 0, row = 0;
        struct keyed *k = malloc((size_t)cap * sizeof(*k));
        int64_t last = -1;

        assert_non_null(k);
        assert_int_equal(sqlite3_open_v2(t->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h, "SELECT sku, search_key, active FROM products ORDER BY active DESC, name, sku",
                                            -1, &st, NULL),
                         SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
                const char *sku = (const char *)sqlite3_column_text(st, 0);
                if (sqlite3_column_type(st, 1) == SQLITE_NULL)
                        fail_msg("product %s has no search key", sku);
                int64_t key = sqlite3_column_int64(st, 1);
                bool active = sqlite3_column_int(st, 2);
                if (key <= last)
                        fail_msg("product %s (row %d of the list) has key %lld, not above %lld", sku, row, (long long)key,
                                 (long long)last);
                if (active ? !(key > 0 && key < (int64_t)1 << 62) : !(key > (int64_t)1 << 62))
                        fail_msg("product %s (active %d) has key %lld, outside its band", sku, active, (long long)key);
                last = key;
                row++;
                if (n == cap)
                        assert_non_null(k = realloc(k, (size_t)(cap *= 2) * sizeof(*k)));
                snprintf(k[n].sku, sizeof(k[n].sku), "%s", sku);
                k[n++].key = key;
        }
        sqlite3_finalize(st);
        sqlite3_close(h);
        for (int i = 0; i < n; i++)
                for (int j = 0; j < nwas; j++)
                        if (!strcmp(k[i].sku, was[j].sku) && k[i].key != was[j].key && strcmp(k[i].sku, changed) != 0)
                                moved++;
        free(*now);
        *now = k;
        *nnow = n;
        return moved;
}

static void product_as_is(struct tstore *t, const char *sku, struct product *p, struct product_input *in,
                          char codes[][BARCODE_ENTRY_MAX + 1], const char *ptrs[])
{
        assert_ok(t->l, product_get_by_sku(t->l, sku, p));
        int n = product_barcodes(t->l, p->id, codes, BARCODES_PER_PRODUCT);
        assert_true(n >= 0);
        for (int i = 0; i < n; i++)
                ptrs[i] = codes[i];
        *in = (struct product_input){ p->sku, p->name, p->spec, p->unit, p->category, p->price, p->cost,
                                      p->tax_rate_bp, p->reorder_point, p->max_level, p->active, ptrs, (size_t)n };
}

static void random_name(char *buf, size_t size, unsigned *seed)
{
        size_t nv = sizeof(vocabulary) / sizeof(vocabulary[0]);
        snprintf(buf, size, "%s %s %u", vocabulary[rand_r(seed) % nv], rand_r(seed) % 2 ? vocabulary[rand_r(seed) % nv] : "",
                 rand_r(seed) % 50);
}

static void run_changes(unsigned seed, int steps, int *spreads)
{
        struct keyed *keys = NULL, *before = NULL;
        int nkeys = 0, nbefore = 0, made = 0;
        char last_burst[160] = "";
        struct tstore t;

        open_with_extra(&t);
        check_keys(&t, "", NULL, 0, &keys, &nkeys);
        for (int step = 0; step < steps; step++) {
                char sku[16] = "", name[128], code[32];
                const char *codes[1] = { code };
                int op = rand_r(&seed) % 20;
                struct product p;
                struct product_input in;
                char have[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
                const char *ptrs[BARCODES_PER_PRODUCT];

                free(before);
                before = keys;
                nbefore = nkeys;
                keys = NULL;
                if (op < 9 || nkeys < 5) { /* a new product */
                        snprintf(sku, sizeof(sku), "S%d", made++);
                        random_name(name, sizeof(name), &seed);
                        snprintf(code, sizeof(code), "BC-%d", made);
                        in = (struct product_input){ sku, name, specs[rand_r(&seed) % 5], "pcs", NULL, 100, 50, 1300,
                                                     0, 0, rand_r(&seed) % 8 != 0, codes, rand_r(&seed) % 3 == 0 };
                        assert_ok(t.l, product_add(t.l, &in, NULL));
                } else if (op < 17) { /* renamed, switched, or a new spec */
                        snprintf(sku, sizeof(sku), "%s", before[rand_r(&seed) % nbefore].sku);
                        product_as_is(&t, sku, &p, &in, have, ptrs);
                        random_name(name, sizeof(name), &seed);
                        if (op < 12)
                                in.name = name;
                        else if (op < 15)
                                in.active = !in.active;
                        else
                                in.spec = specs[rand_r(&seed) % 5];
                        assert_ok(t.l, product_update(t.l, sku, &in));
                } else if (op < 19) { /* a burst into one gap, one way or the other */
                        bool up = op == 17;
                        int base = rand_r(&seed) % 1000;
                        random_name(name, sizeof(name), &seed);
                        for (int i = 0; i < 48; i++) {
                                char bname[160];
                                snprintf(sku, sizeof(sku), "S%d", made++);
                                snprintf(bname, sizeof(bname), "%s %04d", name, base + (up ? i : 47 - i));
                                in = (struct product_input){ sku, bname, "", "pcs", NULL, 100, 50, 1300, 0, 0, true, NULL, 0 };
                                assert_ok(t.l, product_add(t.l, &in, NULL));
                                if (up)
                                        snprintf(last_burst, sizeof(last_burst), "%s", bname);
                        }
                        sku[0] = '\0';
                } else { /* an import: a block of names into one gap, and others, placed together */
                        static char csv[65536];
                        size_t n = (size_t)snprintf(csv, sizeof(csv), "sku,name,spec,barcode,price,cost,tax_rate,unit,category,stock,active\n");
                        int base = rand_r(&seed) % 1000, rows = 1 + rand_r(&seed) % 60;
                        /* sometimes many right after the last of a burst, where the keys
                         * are closest together */
                        bool after_burst = last_burst[0] && rand_r(&seed) % 2;
                        random_name(name, sizeof(name), &seed);
                        if (after_burst)
                                rows = 100 + rand_r(&seed) % 300;
                        for (int i = 0; i < rows; i++) {
                                char rname[200];
                                if (after_burst)
                                        snprintf(rname, sizeof(rname), "%s-%03d", last_burst, rand_r(&seed) % 1000);
                                else if (rand_r(&seed) % 3)
                                        snprintf(rname, sizeof(rname), "%s %04d", name, base + rand_r(&seed) % 500);
                                else
                                        random_name(rname, sizeof(rname), &seed);
                                n += (size_t)snprintf(csv + n, sizeof(csv) - n, "S%d,%s,%s,IM-%d,1.00,0.50,13,pcs,,0,%d\n",
                                                      made, rname, specs[rand_r(&seed) % 5], made, rand_r(&seed) % 6 != 0);
                                made++;
                        }
                        if (timport(t.l, csv) != rows)
                                fail_msg("import: %s (%s)", ledger_errmsg(t.l), ledger_errcode(t.l));
                        sku[0] = '\0';
                }
                *spreads += check_keys(&t, sku, before, nbefore, &keys, &nkeys) > 0;
                if (step % 10 == 0) {
                        const char *q[] = { name, vocabulary[rand_r(&seed) % (sizeof(vocabulary) / sizeof(vocabulary[0]))],
                                            "co", "可乐", "milk choc", "S1", "BC-1", "m", "kele", "kkk", "niu" };
                        for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
                                expect_oracle(&t, q[i], 1 + rand_r(&seed) % 20, rand_r(&seed) % 30);
                        expect_index_sound(t.path);
                }
        }
        free(before);
        free(keys);
        tstore_close(&t);
}

static void test_order_kept_under_change(void **state)
{
        const char *env = getenv("POSD_SEED");
        unsigned seed = env ? (unsigned)strtoul(env, NULL, 10) : 20261207u;
        int spreads = 0;
        (void)state;

        for (unsigned i = 0; i < 3; i++)
                run_changes(seed + i, 120, &spreads);
        print_message("steps that spread keys: %d\n", spreads);
        assert_true(spreads > 3); /* the run went where the rule matters */
}

/* A store as schema 3 left it, with products, is searchable once opened. */
/* search_words() as it was up to schema 22, without the pinyin */
static void words_before_23(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
        const char *src = (const char *)sqlite3_value_text(argv[0]);
        char out[1024];
        (void)argc;
        sqlite3_result_text(ctx, out, (int)text_search_words(out, sizeof(out), src), SQLITE_TRANSIENT);
}

/* A store whose index was made otherwise than this build makes it gets the words of every
 * name as this build makes them, and a change after takes out what the index held (a wrong
 * 'delete' would leave it found): a store from before schema 23 (sql: its index without
 * pinyin, and schema 22), and one whose index another build made with another table of
 * readings (sql: no pinyin, another id). */
static void index_made_again(const char *sql)
{
        struct tstore t;
        struct product p;
        struct product_input in;
        char codes[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
        const char *ptrs[BARCODES_PER_PRODUCT];
        sqlite3 *h;

        open_with_extra(&t);
        t.l = ledger_close(t.l);
        assert_int_equal(sqlite3_open(t.path, &h), SQLITE_OK);
        assert_int_equal(sqlite3_create_function(h, "search_words", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                                 words_before_23, NULL, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_exec(h, "INSERT INTO product_words(product_words) VALUES ('delete-all');"
                                         "INSERT INTO product_words(rowid, words) SELECT search_key,"
                                         " search_words(name || ' ' || spec) FROM products WHERE search_key IS NOT NULL;",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_close(h), SQLITE_OK);
        assert_int_equal(ledger_open(t.path, 0, &t.l, NULL), 0);
        assert_int_equal(ledger_schema_version(t.l), LEDGER_SCHEMA_VERSION);
        expect(&t, "kele", 50, 0, "D1 D2 D3");
        expect(&t, "kkkl", 50, 0, "D1");
        expect(&t, "可乐", 50, 0, "D1 D2 D3");
        product_as_is(&t, "D1", &p, &in, codes, ptrs);
        in.name = "Plain soda";
        assert_ok(t.l, product_update(t.l, "D1", &in));
        expect(&t, "kkkl", 50, 0, "");
        expect(&t, "可乐", 50, 0, "D2 D3");
        expect(&t, "soda", 50, 0, "D1");
        expect_index_sound(t.path);
        /* made once: the next open finds it so and leaves it */
        t.l = ledger_close(t.l);
        assert_int_equal(tsql_exec(t.path, "INSERT INTO product_words(rowid, words) VALUES (1, 'ghost')"), 0);
        assert_int_equal(ledger_open(t.path, 0, &t.l, NULL), 0);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM product_words WHERE product_words MATCH 'ghost'"), 1);
        tstore_close(&t);
}

static void test_index_made_again_for_pinyin(void **state)
{
        (void)state;
        index_made_again("DROP TABLE search_words_made;" TSTORE_UNDO_SINCE_24 "PRAGMA user_version = 22;");
}

static void test_index_made_again_for_other_readings(void **state)
{
        char sql[128];
        (void)state;
        snprintf(sql, sizeof(sql), "UPDATE search_words_made SET id = %lld", (long long)text_words_id() + 1);
        index_made_again(sql);
}

static void test_schema_3_store_upgrades(void **state)
{
        size_t n;
        const struct migration *m = schema_migrations(&n);
        struct ledger_error e;
        struct tstore t;
        char *sql;
        (void)state;
        assert_true(n >= 4);
        tstore_dir(&t);
        sql = sqlite3_mprintf(
                "%s;%s;%s;"
                "INSERT INTO units VALUES ('pcs', 'pcs', 0);"
                "INSERT INTO tax_rates VALUES (1, '13%%', 1300);"
                "INSERT INTO products(sku, name, unit, price, cost, tax_rate_id, active, created_at, updated_at) VALUES"
                " ('D1', '可口可乐 330ml', 'pcs', 250, 150, 1, 1, 0, 0),"
                " ('D2', '百事可乐 2L', 'pcs', 600, 400, 1, 1, 0, 0),"
                " ('D3', '可乐味糖 Cola candy', 'pcs', 100, 50, 1, 0, 0, 0),"
                " ('T1', 'Green tea', 'pcs', 300, 200, 1, 1, 0, 0);"
                "INSERT INTO barcodes VALUES ('6901234567809', 1, 1);"
                "PRAGMA application_id = 1347375940; PRAGMA user_version = 3;",
                m[0].sql, m[1].sql, m[2].sql);
        assert_int_equal(tsql_exec(t.path, sql), 0);
        sqlite3_free(sql);
        assert_int_equal(ledger_open(t.path, 0, &t.l, &e), 0);
        assert_int_equal(ledger_schema_version(t.l), LEDGER_SCHEMA_VERSION);
        expect(&t, "可乐", 50, 0, "D1 D2 D3");
        expect(&t, "Cola", 50, 0, "D3");
        expect(&t, "green", 50, 0, "T1");
        expect(&t, "6901234567809", 50, 0, "D1");
        expect(&t, NULL, 2, 1, "D1 D2");
        expect_index_sound(t.path);
        /* a product added after goes into its place in the order */
        struct product_input in = { "T2", "Green apple", NULL, "pcs", NULL, 100, 50, 1300, 0, 0, true, NULL, 0 };
        assert_ok(t.l, product_add(t.l, &in, NULL));
        expect(&t, "green", 50, 0, "T2 T1");
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_search_words),
                cmocka_unit_test(test_pinyin_words),
                cmocka_unit_test(test_pinyin_words_rule),
                cmocka_unit_test(test_contract),
                cmocka_unit_test(test_large_catalog_agrees),
                cmocka_unit_test(test_order_kept_under_change),
                cmocka_unit_test(test_schema_3_store_upgrades),
                cmocka_unit_test(test_index_made_again_for_pinyin),
                cmocka_unit_test(test_index_made_again_for_other_readings),
        };
        return cmocka_run_group_tests_name("product_search", tests, NULL, NULL);
}
