/* CSV import: checked whole (nothing written when a line is bad, the bad line named),
 * then written in batches; the same file sent again finishes one that stopped half-way;
 * export reads back in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "catalog/catalog.h"
#include "catalog/csv.h"
#include "ledger/journal.h"
#include "stock/stock.h"
#include "ledger/store.h"
#include "testlib.h"

static int64_t footprint(const char *db)
{
        return tsql_int(db, "SELECT (SELECT count(*) FROM products) * 1000000 + (SELECT count(*) FROM barcodes) * 10000"
                            " + (SELECT count(*) FROM categories) * 1000 + (SELECT count(*) FROM stock_movements) * 10"
                            " + (SELECT count(*) FROM journal) + (SELECT count(*) FROM adjustments) * 100");
}

static void expect_refused(struct tstore *t, const char *csv, const char *needle)
{
        int64_t before = footprint(t->path);

        assert_true(timport(t->l, csv) < 0);
        if (!strstr(ledger_errmsg(t->l), needle))
                fail_msg("import said '%s', expected '%s'", ledger_errmsg(t->l), needle);
        assert_int_equal(footprint(t->path), before);
}

static void test_seed_imported(void **state)
{
        struct tstore t;
        struct product p;
        struct stock_info s;
        char codes[4][BARCODE_ENTRY_MAX + 1];
        (void)state;
        tstore_open(&t);
        assert_ok(t.l, product_get_by_sku(t.l, "B2", &p));
        assert_string_equal(p.name, "面包 Bread");
        assert_string_equal(p.spec, "400g");
        assert_string_equal(p.category, "Bakery");
        assert_int_equal(p.price, 599);
        assert_int_equal(p.cost, 300);
        assert_int_equal(p.tax_rate_bp, 900);
        assert_int_equal(p.reorder_point, 60000);
        assert_int_equal(product_barcodes(t.l, p.id, codes, 4), 2);
        assert_string_equal(codes[0], "4006381333931");
        assert_string_equal(codes[1], "96385074");
        assert_ok(t.l, product_get_by_sku(t.l, "C3", &p));
        assert_string_equal(p.name, "Soap, lemon");
        assert_ok(t.l, product_get_by_sku(t.l, "K1", &p));
        assert_ok(t.l, stock_of(t.l, p.id, &s));
        assert_int_equal(s.total, 20500);
        assert_int_equal(s.value, 10250); /* 20.5 kg at 5.00 */
        assert_ok(t.l, product_get_by_sku(t.l, "Z9", &p));
        assert_false(p.active);
        /* the opening stock is journalled documents, one a batch (a slow machine may
         * split even this file in two: a batch holds the lock 10 ms at most) */
        assert_true(tsql_int(t.path, "SELECT count(*) FROM adjustments") >= 1);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM journal WHERE doc_type = 'adjustment'"),
                         tsql_int(t.path, "SELECT count(*) FROM adjustments"));
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        tstore_close(&t);
}

static void test_bad_row_in_the_middle(void **state)
{
        struct tstore t;
        char csv[8192];
        size_t n = 0;
        (void)state;
        tstore_open(&t);
        n += (size_t)snprintf(csv + n, sizeof(csv) - n, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n");
        for (int i = 0; i < 40; i++)
                n += (size_t)snprintf(csv + n, sizeof(csv) - n, "N%d,Item %d,,1.00,0.50,13,pcs,Misc,%d\n", i, i,
                                      i == 20 ? -3 : 5);
        /* line 22 holds item 20 (the header is line 1) */
        expect_refused(&t, csv, "line 22: stock '-3'");
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM products WHERE sku LIKE 'N%'"), 0);
        tstore_close(&t);
}

static void test_each_kind_of_bad_row(void **state)
{
        static const struct {
                const char *row, *needle;
        } cases[] = {
                { "X1,Thing,6901234567891,1.00,0.50,13,pcs,Misc,1", "line 3: barcode 6901234567891 has a wrong check digit" },
                { "X1,Thing,,1.005,0.50,13,pcs,Misc,1", "line 3: price '1.005' has more than 2 decimals" },
                { "X1,Thing,,abc,0.50,13,pcs,Misc,1", "line 3: price 'abc' is not a number" },
                { "X1,Thing,,1.00,0.50,13,pieces,Misc,1", "line 3: unknown unit 'pieces'" },
                { "X1,Thing,,1.00,0.50,130,pcs,Misc,1", "line 3: tax_rate '130'" },
                { "X1,Thing,,1.00,0.50,13,pcs,Misc,1.5", "line 3: quantities of X1 must be whole pcs" },
                { "A1,Dup,,1.00,0.50,13,pcs,Misc,1", "line 3: a product with SKU A1 already exists" },
                { "X1,Thing,6901234567892,1.00,0.50,13,pcs,Misc,1", "line 3: barcode 6901234567892 already belongs to product A1" },
                { "X1,,,1.00,0.50,13,pcs,Misc,1", "line 3: name is required" },
                { "X1,Thing,,1.00,0.50,13,pcs,Misc", "line 3: 8 fields where the header has 9" },
                { "X1,\"Thing,,1.00,0.50,13,pcs,Misc,1", "line 3: a quote is out of place or never closed" },
                { "X1,Th\xff\xfeing,,1.00,0.50,13,pcs,Misc,1", "line 3: the text is not UTF-8" },
                { "X 1,Thing,,1.00,0.50,13,pcs,Misc,1", "line 3: sku 'X 1' may not contain spaces" },
                { "OK1,Again,,1.00,0.50,13,pcs,Misc,1", "line 3: SKU OK1 is also on line 2" },
        };
        struct tstore t;
        char csv[512];
        (void)state;
        tstore_open(&t);
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                snprintf(csv, sizeof(csv),
                         "sku,name,barcode,price,cost,tax_rate,unit,category,stock\nOK1,Fine,,1.00,0.50,13,pcs,Misc,1\n%s\n",
                         cases[i].row);
                expect_refused(&t, csv, cases[i].needle);
        }
        tstore_close(&t);
}

static void test_header_problems(void **state)
{
        struct tstore t;
        (void)state;
        tstore_open(&t);
        expect_refused(&t, "", "empty");
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category\n", "line 1: the column 'stock' is missing");
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock,colour\n", "unknown column 'colour'");
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock,SKU\n", "column 'sku' appears twice");
        tstore_close(&t);
}

static void test_quoting_bom_crlf_and_blank_lines(void **state)
{
        struct tstore t;
        struct product p;
        (void)state;
        tstore_open(&t);
        assert_int_equal(timport(t.l, "\xef\xbb\xbf" "SKU,Name,Barcode,Price,Cost,Tax_Rate,Unit,Category,Stock\r\n"
                                      "Q1,\"Say \"\"cheese\"\"\",,2.00,1.00,13%,pcs,\"Dairy, cheese\",3\r\n"
                                      "\r\n"
                                      "Q2,Plain,,2,1,9,pcs,Dairy,0\r\n"),
                         2);
        assert_ok(t.l, product_get_by_sku(t.l, "Q1", &p));
        assert_string_equal(p.name, "Say \"cheese\"");
        assert_string_equal(p.category, "Dairy, cheese");
        assert_int_equal(p.tax_rate_bp, 1300);
        assert_ok(t.l, product_get_by_sku(t.l, "Q2", &p));
        /* a quoted line break parses, but no name may hold one (it would break a
         * receipt); the error names the line the record starts on, and the lines
         * after it are counted right */
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "Q3,\"Two\nlines\",,2,1,9,pcs,Dairy,0\n", "line 2: name contains a control character");
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "Q3,Fine,,2,1,9,pcs,\"Dairy\n(chilled)\",0\nQ4,Bad,,x,1,9,pcs,Dairy,0\n",
                       "line 2: category contains");
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "Q3,Fine,,2,1,9,pcs,\"Dairy, chilled\",0\n\nQ4,Bad,,x,1,9,pcs,Dairy,0\n",
                       "line 4: price 'x'");
        tstore_close(&t);
}

static void test_csv_reader_bounds(void **state)
{
        struct csv_reader r;
        const char *text = "12345678,,,,\n";
        FILE *f = fmemopen((void *)text, strlen(text), "r");
        (void)state;
        assert_int_equal(csv_reader_init(&r, f, 8, 16), 0);
        assert_int_equal(csv_next(&r), -E2BIG);
        csv_reader_release(&r);
        fclose(f);
}

static void test_spreadsheet_quirks(void **state)
{
        struct tstore t;
        (void)state;
        tstore_open(&t);
        /* a byte-order mark before a quoted header, a trailing empty column, empty rows */
        assert_int_equal(timport(t.l, "\xef\xbb\xbf\"sku\",\"name\",barcode,price,cost,tax_rate,unit,category,stock,\n"
                                      "S1,One,,1.00,0.50,13,pcs,Misc,1,\n"
                                      ",,,,,,,,,\n"
                                      "S2,Two,,1.00,0.50,13,pcs,Misc,1\n"),
                         2);
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\nS3,x,,1,0.5,0.13,pcs,M,0\n",
                       "line 2: tax_rate '0.13' looks like a fraction");
        {
                static const char nul[] = "sku,name,barcode,price,cost,tax_rate,unit,category,stock\nS3,x\0y,,1,0.5,13,pcs,M,0\n";
                assert_true(timport_len(t.l, nul, sizeof(nul) - 1) < 0);
                assert_non_null(strstr(ledger_errmsg(t.l), "line 2: the text is not UTF-8"));
        }
        tstore_close(&t);
}

static void test_export_imports_again(void **state)
{
        struct tstore a, b;
        char *buf = NULL, *buf2 = NULL;
        size_t len = 0, len2 = 0;
        FILE *f;
        (void)state;
        tstore_open(&a);
        /* cases of bread and of bananas, with what each holds */
        assert_ok(a.l, product_add_barcode(a.l, "B2", "14006381333938*12"));
        assert_ok(a.l, product_add_barcode(a.l, "K1", "24006381333935*2.5"));
        f = open_memstream(&buf, &len);
        assert_int_equal(catalog_export_products(a.l, f), 5);
        fclose(f);
        assert_non_null(strstr(buf, "B2,面包 Bread,400g,4006381333931|96385074|14006381333938*12,5.99,3.00,9,pcs,Bakery,50,60,0,1\n"));
        assert_non_null(strstr(buf, "C3,\"Soap, lemon\",,0036000291452,3.00,1.20,13,pcs,Household,0,0,0,1\n"));
        assert_non_null(strstr(buf, "K1,香蕉 Bananas,,2100101|24006381333935*2.5,8.80,5.00,9,kg,生鲜 Produce,20.5,0,0,1\n"));
        /* sent back to its own store: every row is there already, cases and all */
        assert_int_equal(timport(a.l, buf), 0);
        tstore_dir(&b);
        {
                struct store_setup s = { "Copy", "CNY", -1, false };
                struct ledger_error e;
                assert_int_equal(ledger_open(b.path, LEDGER_OPEN_CREATE, &b.l, &e), 0);
                assert_ok(b.l, store_init(b.l, &s));
        }
        assert_int_equal(timport(b.l, buf), 5);
        f = open_memstream(&buf2, &len2);
        assert_int_equal(catalog_export_products(b.l, f), 5);
        fclose(f);
        assert_string_equal(buf, buf2);
        free(buf2);
        buf2 = NULL;
        f = open_memstream(&buf2, &len2);
        assert_int_equal(catalog_export_stock(b.l, f), 3);
        fclose(f);
        assert_non_null(strstr(buf2, "K1,香蕉 Bananas,SHOP,20.5,kg,5.00,102.50\n"));
        free(buf);
        free(buf2);
        tstore_close(&a);
        tstore_close(&b);
}

/* A file of n products, every third with stock (3 units), each with a barcode; its path. */
static const char *big_file(struct tstore *t, int n, const char *name)
{
        static char path[200];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", t->dir, name);
        f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n");
        for (int i = 0; i < n; i++) {
                char code[14];
                snprintf(code, sizeof(code), "48%010d", i);
                code[12] = (char)('0' + gs1_check_digit(code, 12));
                code[13] = '\0';
                fprintf(f, "R%05d,Item %d,%s,%d.%02d,1.00,13,pcs,Cat %d,%d\n", i, i, code, 1 + i % 9, i % 100, i % 7,
                        i % 3 ? 0 : 3);
        }
        fclose(f);
        return path;
}

struct tally {
        long added, skipped;
        int batches, stop_after; /* stop once this many batches are written; 0: never */
        int bad;
        unsigned long bad_lines[8];
};

static void on_written(void *ud, unsigned long line, long added, long skipped)
{
        struct tally *t = ud;

        if (line > 1)
                t->batches++;
        t->added = added;
        t->skipped = skipped;
}

static bool on_stop(void *ud)
{
        struct tally *t = ud;

        return t->stop_after && t->batches >= t->stop_after;
}

static void on_bad(void *ud, unsigned long line, const char *code, const char *message)
{
        struct tally *t = ud;

        (void)code;
        (void)message;
        if (t->bad < 8)
                t->bad_lines[t->bad] = line;
        t->bad++;
}

static int import_file(struct tstore *t, const char *path, struct tally *tally)
{
        struct import_opts o = { .row_error = on_bad, .ud = tally, .written = on_written, .stop = on_stop };
        FILE *f = fopen(path, "r");
        int r;

        assert_non_null(f);
        r = catalog_import_csv(t->l, f, &o);
        fclose(f);
        return r;
}

/* The store after the file was imported once, whole: every product once, the stock of
 * each exactly once, and the store verifies. */
static void imported_once(struct tstore *t, int n)
{
        assert_int_equal(tsql_int(t->path, "SELECT count(*) FROM products WHERE sku LIKE 'R%'"), n);
        assert_int_equal(tsql_int(t->path, "SELECT coalesce(sum(m.qty), 0) FROM stock_movements m JOIN products p "
                                           "ON p.id = m.product_id WHERE p.sku LIKE 'R%'"),
                         (int64_t)((n + 2) / 3) * 3000);
        assert_ok(t->l, ledger_verify(t->l, NULL, NULL));
}

static void test_sent_again_is_skipped(void **state)
{
        struct tstore t;
        struct tally a = { 0 }, b = { 0 };
        const char *path;
        (void)state;
        tstore_open(&t);
        path = big_file(&t, 5000, "r.csv");
        assert_int_equal(import_file(&t, path, &a), 5000);
        assert_true(a.batches >= 3); /* 2,000 rows at most in a batch */
        imported_once(&t, 5000);
        /* the same file again: nothing added, no stock counted twice */
        assert_int_equal(import_file(&t, path, &b), 0);
        assert_int_equal(b.skipped, 5000);
        imported_once(&t, 5000);
        /* a product that differs is no repeat: refused, nothing written */
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "NEW1,New,,1.00,0.50,13,pcs,Misc,1\n"
                           "R00001,Item 1,4800000000019,9.99,1.00,13,pcs,Cat 1,0\n",
                       "line 3: a product with SKU R00001 already exists, with other details");
        tstore_close(&t);
}

/* One item in several forms on a row is one barcode; the file sent again is the same
 * product; another row with the item in a form of its own is a repeat. */
static void test_one_item_in_any_form(void **state)
{
        static const char csv[] = "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                                  "U1,Cups,012345000065|0012345000065|00012345000065,1.00,0.50,13,pcs,Misc,1\n";
        struct tstore t;
        (void)state;
        tstore_open(&t);
        assert_int_equal(timport(t.l, csv), 1);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM barcodes b JOIN products p ON p.id = b.product_id"
                                          " WHERE p.sku = 'U1'"), 1);
        assert_int_equal(timport(t.l, csv), 0); /* sent again: skipped, not a product with other details */
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "U2,Plates,012300000451,1.00,0.50,13,pcs,Misc,1\n"
                           "U3,Plates again,01234531,1.00,0.50,13,pcs,Misc,1\n",
                       "line 3: barcode 0012300000451 is also on line 2");
        /* 07654350 passes as EAN-8 too, and is filed so: still the same item */
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "U5,Forks,076543000050,1.00,0.50,13,pcs,Misc,1\n"
                           "U6,Forks again,07654350,1.00,0.50,13,pcs,Misc,1\n",
                       "line 3: barcode 0076543000050 is also on line 2");
        expect_refused(&t, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                           "U4,Cups,01234565,1.00,0.50,13,pcs,Misc,1\n",
                       "line 2: barcode 01234565 already belongs to product U1");
        tstore_close(&t);
}

static void test_stopped_half_way_then_sent_again(void **state)
{
        /* stopped after each possible number of batches, the file sent again finishes it */
        (void)state;
        for (int stop = 1; stop <= 2; stop++) {
                struct tstore t;
                struct tally a = { .stop_after = stop }, b = { 0 };
                const char *path;
                int n = 5000;
                tstore_open(&t);
                path = big_file(&t, n, "r.csv");
                assert_true(import_file(&t, path, &a) < 0);
                assert_string_equal(ledger_errcode(t.l), "IMPORT_STOPPED");
                assert_non_null(strstr(ledger_errmsg(t.l), "send the same file again"));
                assert_true(a.added > 0 && a.added < n);
                assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM products WHERE sku LIKE 'R%'"), a.added);
                assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
                assert_int_equal(import_file(&t, path, &b), n - a.added);
                assert_int_equal(b.skipped, a.added);
                imported_once(&t, n);
                tstore_close(&t);
        }
}

static void test_repeats_across_batches(void **state)
{
        /* a SKU and a barcode repeated thousands of lines apart, in another batch of the
         * check: both named, nothing written */
        struct tstore t;
        struct tally a = { 0 };
        const char *path;
        FILE *f;
        (void)state;
        tstore_open(&t);
        path = big_file(&t, 4500, "r.csv");
        f = fopen(path, "a");
        fprintf(f, "R00010,Again,,1.00,1.00,13,pcs,,0\nZZ1,Other,4800000000200,1.00,1.00,13,pcs,,0\n");
        fclose(f);
        assert_true(import_file(&t, path, &a) < 0);
        assert_string_equal(ledger_errcode(t.l), "IMPORT_ERRORS");
        assert_int_equal(a.bad, 2);
        assert_int_equal(a.bad_lines[0], 4502);
        assert_int_equal(a.bad_lines[1], 4503);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM products WHERE sku LIKE 'R%'"), 0);
        tstore_close(&t);
}

static void test_many_rows(void **state)
{
        /* enough rows to cross the progress interval and many pages; the million-row
         * run is in `make bench` */
        struct tstore t;
        char path[160];
        FILE *f;
        int calls = 0;
        (void)state;
        tstore_open(&t);
        snprintf(path, sizeof(path), "%s/many.csv", t.dir);
        f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n");
        for (int i = 0; i < 20000; i++) {
                char code[14];
                snprintf(code, sizeof(code), "68%010d", i);
                code[12] = (char)('0' + gs1_check_digit(code, 12));
                code[13] = '\0';
                fprintf(f, "M%06d,商品 Item %d,%s,%d.%02d,1.00,13,pcs,Cat %d,%d\n", i, i, code, 2 + i % 50, i % 100,
                        i % 97, i % 30);
        }
        fclose(f);
        f = fopen(path, "r");
        {
                struct import_opts o = { .ud = &calls };
                
void count(void *ud, uint64_t done, uint64_t total);
                o.progress = count;
                assert_int_equal(catalog_import_csv(t.l, f, &o), 20000);
        }
        fclose(f);
        assert_true(calls >= 4);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM barcodes"), 20000 + 6);
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        tstore_close(&t);
}


void count(void *ud, uint64_t done, uint64_t total)
{
        (void)done;
        (void)total;
        (*(int *)ud)++;
}

/* Another connection's write, tried without waiting at each progress report: during the
 * check it always gets in, during the writing never (the batch holds the lock). */
struct probe {
        sqlite3 *db;
        int check_in, check_out, write_in, write_out;
};

static void probe_write(void *ud, uint64_t done, uint64_t total)
{
        struct probe *p = ud;
        bool in = sqlite3_exec(p->db, "BEGIN IMMEDIATE; COMMIT", NULL, NULL, NULL) == SQLITE_OK;

        if (!in)
                (void)sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
        if (done * 2 < total)
                in ? p->check_in++ : p->check_out++;
        else if (done * 2 > total)
                in ? p->write_in++ : p->write_out++;
}

/* A CSV file in the store's folder, open for writing and reading, its header written. */
static FILE *csv_in_store(const struct tstore *t, const char *name)
{
        char path[160];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", t->dir, name);
        assert_non_null(f = fopen(path, "w+"));
        fprintf(f, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n");
        return f;
}

static void test_the_check_takes_no_write_lock(void **state)
{
        struct probe p = { 0 };
        struct tstore t;
        long size;
        FILE *f;
        (void)state;
        tstore_open(&t);
        f = csv_in_store(&t, "lock.csv");
        for (int i = 0; i < 30000; i++)
                fprintf(f, "L%06d,Item %d,,1.00,0.50,13,pcs,Misc,%d\n", i, i, i % 5);
        size = ftell(f);
        rewind(f);
        assert_int_equal(sqlite3_open(t.path, &p.db), SQLITE_OK);
        sqlite3_busy_timeout(p.db, 0);
        {
                struct import_opts o = { .progress = probe_write, .ud = &p, .total_bytes = (uint64_t)size };
                assert_int_equal(catalog_import_csv(t.l, f, &o), 30000);
        }
        fclose(f);
        sqlite3_close(p.db);
        printf("# during the check another writer got in %d times of %d; during the writing %d of %d\n", p.check_in,
               p.check_in + p.check_out, p.write_in, p.write_in + p.write_out);
        assert_true(p.check_in >= 3);
        assert_int_equal(p.check_out, 0);
        assert_true(p.write_out >= 3);
        assert_int_equal(p.write_in, 0);
        tstore_close(&t);
}

/* Rows whose opening stock fits one adjustment each but not together in one batch: the
 * batch books them in two, and every row goes in. */
static void test_stock_values_too_large_together(void **state)
{
        struct tstore t;
        struct tally tl = { 0 };
        char path[160];
        int64_t before;
        FILE *f;
        (void)state;
        tstore_open(&t);
        before = tsql_int(t.path, "SELECT count(*) FROM adjustments");
        snprintf(path, sizeof(path), "%s/value.csv", t.dir);
        assert_non_null(f = fopen(path, "w"));
        fprintf(f, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n");
        /* 1,000,000 pcs at 600,000.00 is 6e13 minor units; MONEY_MAX is 1e14 */
        fprintf(f, "BIG1,Big one,,1.00,600000.00,13,pcs,Misc,1000000\n");
        fprintf(f, "BIG2,Big two,,1.00,600000.00,13,pcs,Misc,1000000\n");
        fprintf(f, "BIG3,Big three,,1.00,600000.00,13,pcs,Misc,1000000\n");
        fclose(f);
        assert_int_equal(import_file(&t, path, &tl), 3);
        assert_int_equal(tl.bad, 0);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM adjustments"), before + 3); /* one each */
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        tstore_close(&t);
}

/* A product someone else adds while the file is checked: the file is refused with its
 * line, and nothing is written (the writing would meet it half-way). */
static struct {
        const char *path;
        int calls;
} late;

static void add_late(void *ud, uint64_t done, uint64_t total)
{
        struct product_input in = { .sku = "LATE1", .name = "Late", .spec = "", .unit = "pcs", .category = "",
                                    .price = 100, .cost = 50, .tax_rate_bp = 1300, .active = true };
        struct ledger_error e;
        struct ledger *other;
        (void)ud, (void)total;

        if (late.calls++ || done == 0)
                return;
        assert_int_equal(ledger_open(late.path, 0, &other, &e), 0);
        assert_int_equal(product_add(other, &in, NULL), 0);
        ledger_close(other);
}

static void test_a_product_added_during_the_check(void **state)
{
        struct tstore t;
        long size;
        FILE *f;
        (void)state;
        tstore_open(&t);
        f = csv_in_store(&t, "late.csv");
        for (int i = 0; i < 12000; i++)
                fprintf(f, "%s%.0d,Item %d,,1.00,0.50,13,pcs,Misc,0\n", i == 10000 ? "LATE1" : "Q", i == 10000 ? 0 : i + 1,
                        i);
        size = ftell(f);
        rewind(f);
        late.path = t.path;
        late.calls = 0;
        {
                struct import_opts o = { .progress = add_late, .total_bytes = (uint64_t)size };
                assert_true(catalog_import_csv(t.l, f, &o) < 0);
        }
        fclose(f);
        assert_true(late.calls > 0);
        if (!strstr(ledger_errmsg(t.l), "line 10002") || !strstr(ledger_errmsg(t.l), "LATE1 was added while"))
                fail_msg("import said '%s'", ledger_errmsg(t.l));
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM products WHERE sku LIKE 'Q%'"), 0);
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_seed_imported),
                cmocka_unit_test(test_sent_again_is_skipped),
                cmocka_unit_test(test_one_item_in_any_form),
                cmocka_unit_test(test_stopped_half_way_then_sent_again),
                cmocka_unit_test(test_repeats_across_batches),
                cmocka_unit_test(test_bad_row_in_the_middle),
                cmocka_unit_test(test_each_kind_of_bad_row),
                cmocka_unit_test(test_header_problems),
                cmocka_unit_test(test_quoting_bom_crlf_and_blank_lines),
                cmocka_unit_test(test_csv_reader_bounds),
                cmocka_unit_test(test_spreadsheet_quirks),
                cmocka_unit_test(test_export_imports_again),
                cmocka_unit_test(test_many_rows),
                cmocka_unit_test(test_the_check_takes_no_write_lock),
                cmocka_unit_test(test_stock_values_too_large_together),
                cmocka_unit_test(test_a_product_added_during_the_check),
        };
        return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
