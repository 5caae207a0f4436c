/* The floor under a product import on this machine: the generated catalogue's rows
 * written straight into a store of posd's own schema with raw SQLite, checking nothing,
 * in transactions as long as the import's (10 ms), each synced: every product, its
 * barcode, its opening stock movement and stock on hand, and the search's words of the
 * transaction's products in one statement at its end. As in posd, the WAL is copied into
 * the store by a thread of its own, not inside a commit. What the import does beyond that
 * (reading the file twice, its checks, the search's order, the journal) is its own cost;
 * the goal's note says how near the floor it comes. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "ledger/money.h"
#include "ledger/store.h"

#define FLOOR_TX_S 0.010 /* the import's IMPORT_BATCH_MS */
#define FLOOR_CHECKPOINT_S 0.200 /* posd's pool: CHECKPOINT_EVERY_MS */

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
        " SELECT search_key, search_words(name || ' ' || spec) FROM products WHERE id > ?1"
        " ORDER BY +search_key", /* FTS5 writes its pending words out whenever a rowid goes down; + keeps the index out */
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
            sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0",
                         NULL, NULL, NULL) != SQLITE_OK ||
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
        fprintf(stderr, "bench: floor: %s (%d): %.60s\n", sqlite3_errmsg(db), sqlite3_extended_errcode(db), sqlite3_sql(st));
        return -1;
}

/* The WAL's copier: most of it beside the writer, the rest between two transactions, so
 * that the WAL can start again from its beginning (posd's pool does the same). */
struct copier {
        pthread_mutex_t lock, turn;
        pthread_cond_t wake;
        bool stop;
        sqlite3 *db;
        pthread_t thread;
};

static void *copy_wal(void *arg)
{
        struct copier *c = arg;

        pthread_mutex_lock(&c->lock);
        while (!c->stop) {
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_nsec += (long)(FLOOR_CHECKPOINT_S * 1e9);
                until.tv_sec += until.tv_nsec / 1000000000, until.tv_nsec %= 1000000000;
                while (!c->stop && pthread_cond_timedwait(&c->wake, &c->lock, &until) != ETIMEDOUT)
                        ;
                if (c->stop)
                        break;
                pthread_mutex_unlock(&c->lock);
                (void)sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
                pthread_mutex_lock(&c->turn);
                (void)sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
                pthread_mutex_unlock(&c->turn);
                pthread_mutex_lock(&c->lock);
        }
        pthread_mutex_unlock(&c->lock);
        return NULL;
}

static int copier_start(struct copier *c, const char *path)
{
        *c = (struct copier){ .lock = PTHREAD_MUTEX_INITIALIZER, .turn = PTHREAD_MUTEX_INITIALIZER,
                              .wake = PTHREAD_COND_INITIALIZER };
        if (sqlite3_open(path, &c->db) != SQLITE_OK || pthread_create(&c->thread, NULL, copy_wal, c) != 0) {
                sqlite3_close(c->db);
                c->db = NULL;
                return -1;
        }
        return 0;
}

static void copier_stop(struct copier *c)
{
        if (!c->db)
                return;
        pthread_mutex_lock(&c->lock);
        c->stop = true;
        pthread_cond_signal(&c->wake);
        pthread_mutex_unlock(&c->lock);
        pthread_join(c->thread, NULL);
        sqlite3_close(c->db);
        c->db = NULL;
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
        int64_t v = 0;

        (void)decimal_parse(s, 2, false, INT64_MAX, &v);
        return v;
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
        struct copier copier = { .db = NULL };
        char csv[PATH_MAX], db_path[PATH_MAX], line[1024];
        sqlite3 *db = NULL;
        FILE *f = NULL;
        int64_t last_id = 0;
        long i = 0;
        int r = -1;

        if (path_in(c, "products.csv", csv) < 0 || path_in(c, "floor.db", db_path) < 0 ||
            floor_open(db_path, &db, st) < 0)
                return -1;
        if (!(f = fopen(csv, "r")) || !fgets(line, sizeof(line), f) /* the header */ ||
            copier_start(&copier, db_path) < 0)
                goto out;
        double t0 = now_s();
        for (bool more = true; more;) {
                double tx0 = now_s();
                int64_t first = last_id;
                int ok;

                pthread_mutex_lock(&copier.turn);
                ok = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
                while (ok && (more = fgets(line, sizeof(line), f) != NULL) && now_s() - tx0 < FLOOR_TX_S)
                        ok = floor_row(db, st, line, i++, &last_id) == 0;
                if (ok && more) /* the line read when time ran out */
                        ok = floor_row(db, st, line, i++, &last_id) == 0;
                sqlite3_bind_int64(st[FS_WORDS], 1, first);
                ok = ok && floor_step(db, st[FS_WORDS]) == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
                pthread_mutex_unlock(&copier.turn);
                if (!ok)
                        goto out;
        }
        res->seconds = now_s() - t0;
        res->count = i;
        r = i == c->o.products ? 0 : -1;
out:
        copier_stop(&copier);
        if (r < 0)
                fprintf(stderr, "bench: floor: stopped at row %ld: %s\n", i, db ? sqlite3_errmsg(db) : "");
        if (f)
                fclose(f);
        for (int k = 0; k < FS__COUNT; k++)
                sqlite3_finalize(st[k]);
        sqlite3_close(db);
        return r;
}
