/* The floor under a product import on this machine: the generated catalogue's rows
 * written straight into a store of posd's own schema with raw SQLite, checking nothing,
 * in transactions as long as the import's (10 ms), each synced: every product, its
 * barcode, its opening stock movement and stock on hand, and the search's words of the
 * transaction's products in one statement at its end. What the import does beyond that
 * (reading the file twice, its checks, the search's order, the journal) is its own cost;
 * the goal's note says how near the floor it comes. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ledger/store.h"

#define FLOOR_TX_S 0.010 /* the import's IMPORT_BATCH_MS */

enum floor_stmt { FS_PRODUCT, FS_BARCODE, FS_MOVE, FS_ON_HAND, FS_WORDS, FS__COUNT };

static const char *const floor_sql[FS__COUNT] = {
        "INSERT INTO products(sku, name, unit, category_id, price, cost, avg_cost, tax_rate_id, active,"
        " created_at, updated_at, search_key)"
        " VALUES (?1, ?2, 'pcs', ?3, ?4, ?5, ?5, (SELECT id FROM tax_rates WHERE rate_bp = ?6), 1, 0, 0, ?7)",
        "INSERT INTO barcodes(code, product_id, seq) VALUES (?1, ?2, 1)",
        "INSERT INTO stock_movements(product_id, location_id, qty, unit_cost, doc_type, doc_id, at)"
        " VALUES (?1, 1, ?2, ?3, 'adjustment', 1, 0)",
        "INSERT INTO stock_on_hand(product_id, location_id, qty) VALUES (?1, 1, ?2)",
        "INSERT INTO product_words(rowid, words)"
        " SELECT search_key, search_words(name || ' ' || spec) FROM products WHERE id > ?1",
};

/* A store made by the core, empty, opened raw; its triggers on products dropped (the
 * words are written a transaction at a time) and the tax rates and categories of the
 * generated catalogue made. */
static int floor_open(const char *path, sqlite3 **ret, sqlite3_stmt *st[FS__COUNT])
{
        struct store_setup setup = { .name = "Floor", .currency = NULL, .minor_unit = -1 };
        static const char prepare[] =
                "DROP TRIGGER products_words_add; DROP TRIGGER products_words_change; DROP TRIGGER products_words_remove;"
                "INSERT OR IGNORE INTO tax_rates(name, rate_bp) VALUES ('13%', 1300), ('9%', 900), ('6%', 600), ('0%', 0);"
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99)"
                " INSERT INTO categories(id, name) SELECT 1000 + i, 'c' || i FROM n;";
        struct ledger_error err;
        struct ledger *l = NULL;
        sqlite3 *db = NULL;

        if (ledger_open(path, LEDGER_OPEN_CREATE, &l, &err) < 0 || store_init(l, &setup) < 0) {
                fprintf(stderr, "bench: floor store: %s\n", l ? ledger_errmsg(l) : err.msg);
                ledger_close(l);
                return -1;
        }
        ledger_close(l);
        if (sqlite3_open(path, &db) != SQLITE_OK ||
            ledger_sql_functions(db) != SQLITE_OK ||
            sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db, prepare, NULL, NULL, NULL) != SQLITE_OK)
                goto fail;
        for (int i = 0; i < FS__COUNT; i++)
                if (sqlite3_prepare_v3(db, floor_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st[i], NULL) != SQLITE_OK)
                        goto fail;
        *ret = db;
        return 0;
fail:
        fprintf(stderr, "bench: floor store: %s\n", db ? sqlite3_errmsg(db) : "cannot open");
        for (int i = 0; i < FS__COUNT; i++)
                sqlite3_finalize(st[i]);
        sqlite3_close(db);
        return -1;
}

static int floor_step(sqlite3 *db, sqlite3_stmt *st)
{
        int rc = sqlite3_step(st);

        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
                return 0;
        fprintf(stderr, "bench: floor: %s\n", sqlite3_errmsg(db));
        return -1;
}

/* The fields of a generated row (sku,name,barcode,price,cost,tax_rate,unit,category,stock),
 * cut in place; their count. */
static int fields(char *line, char *f[9])
{
        int n = 0;

        line[strcspn(line, "\n")] = '\0';
        for (char *s = line; n < 9; n++) {
                f[n] = s;
                if (!(s = strchr(s, ',')))
                        return n + 1;
                *s++ = '\0';
        }
        return n;
}

static int64_t cents(const char *s)
{
        return (int64_t)(strtod(s, NULL) * 100 + 0.5);
}

/* A key in the search's band for each product, spread over it as a product's place in
 * the name order is (the generated names are not in file order). */
static int64_t scattered_key(long i)
{
        return (int64_t)(((uint64_t)i * UINT64_C(0x9e3779b97f4a7c15)) >> 3) % ((int64_t)1 << 62) + 1;
}

/* One row written; *last_id, its product. */
static int floor_row(sqlite3 *db, sqlite3_stmt *st[FS__COUNT], char *line, long i, int64_t *last_id)
{
        char *f[9];
        int64_t id, stock;

        if (fields(line, f) != 9)
                return -1;
        sqlite3_bind_text(st[FS_PRODUCT], 1, f[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st[FS_PRODUCT], 2, f[1], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st[FS_PRODUCT], 3, 1000 + i % 100);
        sqlite3_bind_int64(st[FS_PRODUCT], 4, cents(f[3]));
        sqlite3_bind_int64(st[FS_PRODUCT], 5, cents(f[4]));
        sqlite3_bind_int64(st[FS_PRODUCT], 6, atol(f[5]) * 100);
        sqlite3_bind_int64(st[FS_PRODUCT], 7, scattered_key(i));
        if (floor_step(db, st[FS_PRODUCT]) < 0)
                return -1;
        *last_id = id = sqlite3_last_insert_rowid(db);
        sqlite3_bind_text(st[FS_BARCODE], 1, f[2], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st[FS_BARCODE], 2, id);
        if (floor_step(db, st[FS_BARCODE]) < 0 || (stock = atol(f[8]) * 1000) == 0)
                return stock == 0 ? 0 : -1;
        sqlite3_bind_int64(st[FS_MOVE], 1, id);
        sqlite3_bind_int64(st[FS_MOVE], 2, stock);
        sqlite3_bind_int64(st[FS_MOVE], 3, cents(f[4]));
        sqlite3_bind_int64(st[FS_ON_HAND], 1, id);
        sqlite3_bind_int64(st[FS_ON_HAND], 2, stock);
        return floor_step(db, st[FS_MOVE]) < 0 || floor_step(db, st[FS_ON_HAND]) < 0 ? -1 : 0;
}

int bench_import_floor(const struct ctx *c, struct result *res)
{
        sqlite3_stmt *st[FS__COUNT] = { NULL };
        char csv[PATH_MAX], db_path[PATH_MAX], line[1024];
        sqlite3 *db = NULL;
        FILE *f = NULL;
        int64_t last_id = 0;
        long i = 0;
        int r = -1;

        if (path_in(c, "products.csv", csv) < 0 || path_in(c, "floor.db", db_path) < 0 ||
            floor_open(db_path, &db, st) < 0)
                return -1;
        if (!(f = fopen(csv, "r")) || !fgets(line, sizeof(line), f)) /* the header */
                goto out;
        double t0 = now_s();
        for (bool more = true; more;) {
                double tx0 = now_s();
                int64_t first = last_id;
                if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
                        goto out;
                while ((more = fgets(line, sizeof(line), f) != NULL) && now_s() - tx0 < FLOOR_TX_S)
                        if (floor_row(db, st, line, i++, &last_id) < 0)
                                goto out;
                if (more && floor_row(db, st, line, i++, &last_id) < 0) /* the line read when time ran out */
                        goto out;
                sqlite3_bind_int64(st[FS_WORDS], 1, first);
                if (floor_step(db, st[FS_WORDS]) < 0 || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
                        goto out;
        }
        res->seconds = now_s() - t0;
        res->count = i;
        r = i == c->o.products ? 0 : -1;
out:
        if (r < 0)
                fprintf(stderr, "bench: floor: stopped at row %ld: %s\n", i, db ? sqlite3_errmsg(db) : "");
        if (f)
                fclose(f);
        for (int k = 0; k < FS__COUNT; k++)
                sqlite3_finalize(st[k]);
        sqlite3_close(db);
        return r;
}
