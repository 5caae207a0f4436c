/* The product list and search: what GET /products answers, in its order, and the
 * indexes behind it kept in step (schema 4), on a new store and on one brought up from
 * schema 3. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/schema.h"
#include "testlib.h"

#define PAGE_MAX 64

/* Chinese names; a SKU ("Cola") that other names hold, one of them in lower case only;
 * inactive matches, one sorting first by name; a barcode on a product whose name holds
 * nothing searched for. */
static const char extra_csv[] =
        "sku,name,barcode,price,cost,tax_rate,unit,category,stock,active\n"
        "D1,可口可乐 330ml,6901234567809,2.50,1.50,13,pcs,饮料 Drinks,10,1\n"
        "D2,百事可乐 2L,,6.00,4.00,13,pcs,饮料 Drinks,10,1\n"
        "D3,可乐味糖 Cola candy,,1.00,0.50,13,pcs,,0,0\n"
        "Cola,Zz cola by SKU,,1.00,0.50,13,pcs,,0,1\n"
        "D5,Cola Zero,,3.00,2.00,13,pcs,,0,1\n"
        "D6,A Cola sample,,0.00,0.00,13,pcs,,0,0\n"
        "W1,Plain water,BC-777,1.00,0.50,13,pcs,,0,1\n";

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

/* What the contract says, by one statement over every product (the list's query before
 * its indexes, with the SKU as the last tie-break). */
static const char *oracle(const char *db, const char *q, int limit, int offset)
{
        static const char sql[] =
                "SELECT p.sku FROM products p WHERE ?1 = '' OR p.sku = ?1"
                " OR p.id IN (SELECT product_id FROM barcodes WHERE code = ?1)"
                " OR instr(p.name, ?1) > 0 OR instr(p.sku, ?1) > 0 "
                "ORDER BY p.active DESC, p.sku = ?1 DESC, p.name, p.sku LIMIT ?2 OFFSET ?3";
        static char buf[PAGE_MAX * 41];
        sqlite3 *h;
        sqlite3_stmt *st;
        size_t n = 0;

        assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_text(st, 1, q ? q : "", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, limit);
        sqlite3_bind_int(st, 3, offset);
        buf[0] = '\0';
        while (sqlite3_step(st) == SQLITE_ROW)
                n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "",
                                      (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(h);
        return buf;
}

static void expect(struct tstore *t, const char *q, int limit, int offset, const char *want)
{
        struct found f = search(t, q, limit, offset);

        if (strcmp(joined(&f), want) != 0)
                fail_msg("search '%s' limit %d offset %d: got '%s', want '%s'", q ? q : "", limit, offset,
                         joined(&f), want);
}

/* The same answer as the oracle's, page by page. */
static void expect_oracle(struct tstore *t, const char *q, int limit, int offset)
{
        char want[PAGE_MAX * 41];

        snprintf(want, sizeof(want), "%s", oracle(t->path, q, limit, offset));
        expect(t, q, limit, offset, want);
}

/* The trigram indexes are sound (FTS5 checks their structure). */
static void expect_index_sound(const char *db)
{
        assert_int_equal(tsql_exec(db, "INSERT INTO product_names(product_names) VALUES ('integrity-check');"
                                       "INSERT INTO product_skus(product_skus) VALUES ('integrity-check')"), 0);
}

static void open_with_extra(struct tstore *t)
{
        tstore_open(t);
        assert_int_equal(timport(t->l, extra_csv), 7);
}

static void test_contract(void **state)
{
        struct tstore t;
        (void)state;
        open_with_extra(&t);
        /* two Chinese characters: active ones by name (可 sorts before 百), the inactive last */
        expect(&t, "可乐", 50, 0, "D1 D2 D3");
        /* the exact SKU first among the active, then by name; inactive ones last, by name */
        expect(&t, "Cola", 50, 0, "Cola D5 D6 D3");
        /* a whole barcode, whatever the name holds; a part of one is no match */
        expect(&t, "BC-777", 50, 0, "W1");
        expect(&t, "6901234567809", 50, 0, "D1");
        expect(&t, "690123456780", 50, 0, "");
        /* three characters and more, in a name or a SKU; case counts, as it did */
        expect(&t, "Apple juice", 50, 0, "A1");
        expect(&t, "可口可", 50, 0, "D1");
        expect(&t, "ola c", 50, 0, "D3");
        expect(&t, "cola", 50, 0, "Cola");
        /* one character, in a name or a SKU */
        expect(&t, "Z", 50, 0, "D5 Cola Z9");
        expect(&t, "汁", 50, 0, "A1");
        /* nothing, and a text with a control character (no name holds one) */
        expect(&t, "可乐乐", 50, 0, "");
        expect(&t, "Co\tla", 50, 0, "");
        /* paging: limit and offset cut the same order */
        expect(&t, "Cola", 2, 0, "Cola D5");
        expect(&t, "Cola", 2, 1, "D5 D6");
        expect(&t, "Cola", 2, 3, "D3");
        expect(&t, "Cola", 2, 4, "");
        expect(&t, "Cola", 0, 0, "");
        /* the list: active by name, the inactive last */
        expect(&t, NULL, 50, 0, "D5 W1 C3 Cola D1 D2 A1 B2 K1 D6 Z9 D3");
        expect(&t, "", 3, 9, "D6 Z9 D3");
        assert_int_equal(catalog_search(t.l, "Cola", -1, 0, keep, &(struct found){ 0 }), -EINVAL);
        tstore_close(&t);
}

/* Enough products that searches take each way: the trigram index sorted, the names that
 * start with the text merged in order, and the walk of the name order when the matches
 * elsewhere are many. */
static void test_large_catalog_agrees(void **state)
{
        static const char *const queries[] = {
                NULL, "Item", "Item 1", "tem 2", "bulk", "lk", "k", "0", "99", "SKU", "X1234", "可乐", "乐",
                "Cola", "BC-777", "Zz", "ola", "\x01", "\xff\xfe", "Item 4999 bulk", "X7", "X14", "X15", "X", "1",
        };
        static const int pages[][2] = { { 10, 0 }, { 7, 3 }, { 50, 4990 }, { 20, 5990 } };
        struct tstore t;
        size_t cap = 64 * 6100, n = 0;
        char *csv = malloc(cap);
        (void)state;
        assert_non_null(csv);
        open_with_extra(&t);
        n += (size_t)snprintf(csv + n, cap - n, "sku,name,barcode,price,cost,tax_rate,unit,category,stock,active\n");
        /* names that start alike (a block of the name order) and hold a word after it; and
         * SKUs and a barcode that are words of those names (exact matches on the walk) */
        for (int i = 0; i < 6000; i++)
                n += (size_t)snprintf(csv + n, cap - n, "X%d,Item %d bulk,,1.00,0.50,13,pcs,,0,%d\n", i, i, i % 7 != 0);
        n += (size_t)snprintf(csv + n, cap - n,
                              "bulk,Zzz,,1.00,0.50,13,pcs,,0,1\nlk,Yyy,,1.00,0.50,13,pcs,,0,0\n"
                              "Q1,Qqq,bulk,1.00,0.50,13,pcs,,0,1\nQ2,Qqq,lk,1.00,0.50,13,pcs,,0,0\n");
        assert_int_equal(timport(t.l, csv), 6004);
        free(csv);
        for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
                for (size_t j = 0; j < sizeof(pages) / sizeof(pages[0]); j++)
                        expect_oracle(&t, queries[i], pages[j][0], pages[j][1]);
        expect_index_sound(t.path);
        tstore_close(&t);
}

/* New, renamed and removed products are found as they now are, whether the indexes have
 * taken them in yet or they still wait in their queue (which is emptied 1024 at a time). */
static void add_things(struct tstore *t, int from, int to)
{
        struct product_input in = { NULL, NULL, NULL, "pcs", NULL, 100, 50, 1300, 0, 0, true, NULL, 0 };
        char sku[32], name[64];

        for (int i = from; i < to; i++) {
                snprintf(sku, sizeof(sku), "N%d", i);
                snprintf(name, sizeof(name), "新品 New thing %d", i);
                in.sku = sku;
                in.name = name;
                assert_ok(t->l, product_add(t->l, &in, NULL));
        }
}

static void test_index_in_step(void **state)
{
        struct product_input in = { "N7", "旧货 Renamed", NULL, "pcs", NULL, 100, 50, 1300, 0, 0, true, NULL, 0 };
        struct tstore t;
        (void)state;
        open_with_extra(&t);
        add_things(&t, 0, 1100); /* the first ones indexed, the last ones queued */
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM product_search_queue"), 5 + 7 + 1100 - 1024);
        expect(&t, "thing 3", 3, 0, "N3 N30 N300");
        expect(&t, "thing 1099", 50, 0, "N1099");
        expect(&t, "1099", 50, 0, "N1099");
        expect_oracle(&t, "新品", 50, 1000);
        expect_oracle(&t, "New thing 7", 50, 0);
        /* renamed: one indexed, one queued */
        assert_ok(t.l, product_update(t.l, "N7", &in));
        in.sku = "N1099";
        in.name = "旧货 Renamed too";
        assert_ok(t.l, product_update(t.l, "N1099", &in));
        expect(&t, "thing 1099", 50, 0, "");
        expect(&t, "Renamed", 50, 0, "N7 N1099");
        expect(&t, "旧货", 50, 0, "N7 N1099");
        expect_oracle(&t, "New thing 7", 50, 0);
        /* a price change leaves the indexes alone; removal (by hand) takes the product out */
        assert_int_equal(tsql_exec(t.path, "UPDATE products SET price = 5 WHERE sku = 'N8'"), 0);
        assert_int_equal(tsql_exec(t.path, "DELETE FROM products WHERE sku IN ('N9', 'N1098')"), 0);
        expect(&t, "New thing 9", 3, 0, "N90 N900 N901");
        expect(&t, "thing 1098", 50, 0, "");
        expect(&t, "thing 8", 2, 0, "N8 N80");
        expect_index_sound(t.path);
        /* past another batch: what was renamed or queued is in the indexes now */
        add_things(&t, 1100, 2100);
        assert_true(tsql_int(t.path, "SELECT count(*) FROM product_search_queue") < 1024);
        expect(&t, "Renamed", 50, 0, "N7 N1099");
        expect_oracle(&t, "thing 5", 50, 0);
        expect_oracle(&t, "1", 50, 2000);
        expect_index_sound(t.path);
        tstore_close(&t);
}

/* A store as schema 3 left it, with products, is searchable once opened. */
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
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM product_search_queue"), 0);
        expect(&t, "可乐", 50, 0, "D1 D2 D3");
        expect(&t, "Cola", 50, 0, "D3");
        expect(&t, "een t", 50, 0, "T1");
        expect(&t, "6901234567809", 50, 0, "D1");
        expect(&t, NULL, 2, 1, "D1 D2");
        expect_index_sound(t.path);
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_contract),
                cmocka_unit_test(test_large_catalog_agrees),
                cmocka_unit_test(test_index_in_step),
                cmocka_unit_test(test_schema_3_store_upgrades),
        };
        return cmocka_run_group_tests_name("product_search", tests, NULL, NULL);
}
