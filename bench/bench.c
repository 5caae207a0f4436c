/* posd benchmarks: durable sale postings through the core against the same work in raw
 * SQLite, a large catalog import and barcode lookups on the imported store. Each
 * measurement runs in its own child process so its peak RSS can be read from wait4(). */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/magic.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalog/barcode.h"
#include "catalog/catalog.h"
#include "ledger/ledger.h"
#include "ledger/posting.h"
#include "ledger/store.h"
#include "bench.h"
#include "till/sale.h"

typedef int (*bench_fn)(const struct ctx *c, struct result *res);

/* --- small helpers ------------------------------------------------------------------- */



int path_in(const struct ctx *c, const char *name, char buf[static PATH_MAX])
{
        int n = snprintf(buf, PATH_MAX, "%s/%s", c->dir, name);

        if (n < 0 || n >= PATH_MAX) {
                fprintf(stderr, "bench: path too long: %s/%s\n", c->dir, name);
                return -1;
        }
        return 0;
}

static int bench_core_sales(const struct ctx *c, struct result *res)
{
        char csv[PATH_MAX], db[PATH_MAX];
        struct ledger *l = NULL;
        struct sale_buf b;
        uint64_t rng = SEED;
        double t0, import_s;
        int r = 0;

        if (path_in(c, "sales-catalog.csv", csv) < 0 || path_in(c, "sales.db", db) < 0 ||
            write_catalog(csv, SALES_CATALOG, SALES_STOCK) < 0 || store_with_catalog(db, csv, SALES_CATALOG, &l, &import_s) < 0)
                return -1;
        t0 = now_s();
        for (long n = 0; n < c->o.sales && r == 0; n++)
                if ((r = build_sale(&b, n, &rng)) == 0)
                        r = post_one(l, &b);
        res->seconds = now_s() - t0;
        res->count = c->o.sales;
        ledger_close(l);
        return r;
}

/* --- 2. the same shape in raw SQLite ------------------------------------------------- */

static const char raw_schema[] =
        "PRAGMA journal_mode = WAL;"
        "PRAGMA synchronous = FULL;"
        "CREATE TABLE sales (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, at INTEGER NOT NULL,"
        "  lane TEXT, user TEXT, total INTEGER NOT NULL);"
        "CREATE INDEX sales_at ON sales(at);"
        "CREATE TABLE sale_lines (sale_id INTEGER NOT NULL, line INTEGER NOT NULL, product_id INTEGER NOT NULL,"
        "  qty INTEGER NOT NULL, unit_price INTEGER NOT NULL, amount INTEGER NOT NULL,"
        "  PRIMARY KEY (sale_id, line)) WITHOUT ROWID;"
        "CREATE TABLE sale_payments (sale_id INTEGER NOT NULL, seq INTEGER NOT NULL, method TEXT NOT NULL,"
        "  amount INTEGER NOT NULL, PRIMARY KEY (sale_id, seq)) WITHOUT ROWID;"
        "CREATE TABLE stock_movements (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, qty INTEGER NOT NULL,"
        "  doc_type TEXT NOT NULL, doc_id INTEGER NOT NULL, at INTEGER NOT NULL);"
        "CREATE INDEX stock_movements_product ON stock_movements(product_id);"
        "CREATE INDEX stock_movements_doc ON stock_movements(doc_type, doc_id);"
        "CREATE TABLE stock_on_hand (product_id INTEGER PRIMARY KEY, qty INTEGER NOT NULL);"
        "CREATE TABLE idempotency (key TEXT PRIMARY KEY, doc_id INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE journal (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL UNIQUE, prev_hash TEXT NOT NULL,"
        "  hash TEXT NOT NULL);";

enum raw_stmt { RS_BEGIN, RS_NUMBER, RS_SALE, RS_LINE, RS_PAY, RS_MOVE, RS_ONHAND, RS_IDEM, RS_JOURNAL, RS_COMMIT, RS__COUNT };

/* The loop's statements, each with the same parameters in both schemas: its own, the
 * plainest a sale can be, and posd's, where the same sale's rows go straight into the
 * tables and indexes posd keeps (a store made by the core), with posd's checks of
 * foreign keys; the figures posd works out (tax, cost) are put in as they come. */
enum raw_kind { RAW_PLAIN, RAW_POSD };

static const char *const raw_sql[2][RS__COUNT] = {
        [RAW_PLAIN] = {
                [RS_BEGIN] = "BEGIN IMMEDIATE",
                [RS_SALE] = "INSERT INTO sales(number, at, lane, user, total) VALUES (?1, ?2, 'L01', 'bench', ?3)",
                [RS_LINE] = "INSERT INTO sale_lines(sale_id, line, product_id, qty, unit_price, amount) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                [RS_PAY] = "INSERT INTO sale_payments(sale_id, seq, method, amount) VALUES (?1, 1, 'cash', ?2)",
                [RS_MOVE] = "INSERT INTO stock_movements(product_id, qty, doc_type, doc_id, at) VALUES (?1, ?2, 'sale', ?3, ?4)",
                [RS_ONHAND] = "INSERT INTO stock_on_hand(product_id, qty) VALUES (?1, ?2) "
                              "ON CONFLICT(product_id) DO UPDATE SET qty = qty + excluded.qty RETURNING qty",
                [RS_IDEM] = "INSERT INTO idempotency(key, doc_id) VALUES (?1, ?2)",
                [RS_JOURNAL] = "INSERT INTO journal(doc_id, prev_hash, hash) VALUES (?1, ?2, ?3)",
                [RS_COMMIT] = "COMMIT",
        },
        [RAW_POSD] = {
                [RS_BEGIN] = "BEGIN IMMEDIATE",
                [RS_NUMBER] = "UPDATE doc_sequences SET last = last + 1 WHERE doc_type = 'sale' RETURNING last",
                [RS_SALE] = "INSERT INTO sales(number, at, lane, user, location_id, total, tax, cost, paid, change)"
                            " VALUES (?1, ?2, 'L01', 'bench', 1, ?3, ?3 * 9 / 109, ?3 * 7 / 10, ?3, 0)",
                [RS_LINE] = "INSERT INTO sale_lines(sale_id, line, product_id, qty, unit_price, discount, amount,"
                            " tax_rate_bp, tax, unit_cost, cost)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, 900, ?6 * 9 / 109, ?5 * 7 / 10, ?6 * 7 / 10)",
                [RS_PAY] = "INSERT INTO sale_payments(sale_id, seq, method, amount) VALUES (?1, 1, 'cash', ?2)",
                [RS_MOVE] = "INSERT INTO stock_movements(product_id, location_id, qty, unit_cost, doc_type, doc_id, at)"
                            " VALUES (?1, 1, ?2, (SELECT avg_cost FROM products WHERE id = ?1), 'sale', ?3, ?4)",
                [RS_ONHAND] = "UPDATE stock_on_hand SET qty = qty + ?2 WHERE product_id = ?1 AND location_id = 1"
                              " RETURNING qty",
                [RS_IDEM] = "INSERT INTO idempotency(key, doc_type, doc_id, request_hash, at)"
                            " VALUES (?1, 'sale', ?2, randomblob(32), 0)",
                [RS_JOURNAL] = "INSERT INTO journal(at, doc_type, doc_id, number, digest, prev_hash, hash)"
                               " VALUES (0, 'sale', ?1, 'S' || ?1, ?3, ?2, ?3)",
                [RS_COMMIT] = "COMMIT",
        },
};

struct raw {
        enum raw_kind kind;
        sqlite3 *db;
        sqlite3_stmt *st[RS__COUNT];
        char prev[crypto_hash_sha256_BYTES * 2 + 1];
};

static int raw_fail(struct raw *w, const char *what)
{
        fprintf(stderr, "bench: raw SQLite: %s: %s\n", what, sqlite3_errmsg(w->db));
        return -1;
}

/* Step once and reset; a bind error collected in bind_rc counts as a failure too. */
static int raw_step(struct raw *w, enum raw_stmt s, int bind_rc)
{
        int rc;

        if (bind_rc != SQLITE_OK)
                return raw_fail(w, "binding a parameter");
        rc = sqlite3_step(w->st[s]);
        sqlite3_reset(w->st[s]);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : raw_fail(w, raw_sql[w->kind][s]);
}

/* posd's store as posd opens it (durable, foreign keys checked), its sales numbered from 0 */
static const char posd_pragmas[] = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                                   "INSERT OR IGNORE INTO doc_sequences(doc_type, last) VALUES ('sale', 0)";

static int raw_open(struct raw *w, enum raw_kind kind, const char *path)
{
        memset(w, 0, sizeof(*w));
        w->kind = kind;
        memset(w->prev, '0', sizeof(w->prev) - 1);
        if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
                return raw_fail(w, "open");
        if (sqlite3_exec(w->db, kind == RAW_POSD ? posd_pragmas : raw_schema, NULL, NULL, NULL) != SQLITE_OK)
                return raw_fail(w, "creating the schema");
        for (int i = 0; i < RS__COUNT; i++)
                if (raw_sql[kind][i] && sqlite3_prepare_v3(w->db, raw_sql[kind][i], -1, SQLITE_PREPARE_PERSISTENT,
                                                           &w->st[i], NULL) != SQLITE_OK)
                        return raw_fail(w, raw_sql[kind][i]);
        return 0;
}

static void raw_close(struct raw *w)
{
        for (int i = 0; i < RS__COUNT; i++)
                sqlite3_finalize(w->st[i]);
        sqlite3_close_v2(w->db);
}

static int raw_lines(struct raw *w, const struct sale_buf *b, int64_t sale_id, int64_t at)
{
        sqlite3_stmt *const *st = w->st;
        int rc, r = 0;

        for (int i = 0; i < SALE_LINES && r == 0; i++) {
                const struct sale_line_in *ln = &b->lines[i];
                int64_t pid = b->idx[i] + 1, price = price_of(b->idx[i]);
                rc = sqlite3_bind_int64(st[RS_LINE], 1, sale_id) | sqlite3_bind_int(st[RS_LINE], 2, i + 1) |
                     sqlite3_bind_int64(st[RS_LINE], 3, pid) | sqlite3_bind_int64(st[RS_LINE], 4, ln->qty) |
                     sqlite3_bind_int64(st[RS_LINE], 5, price) |
                     sqlite3_bind_int64(st[RS_LINE], 6, ln->qty / 1000 * price);
                if ((r = raw_step(w, RS_LINE, rc)) < 0)
                        break;
                rc = sqlite3_bind_int64(st[RS_MOVE], 1, pid) | sqlite3_bind_int64(st[RS_MOVE], 2, -ln->qty) |
                     sqlite3_bind_int64(st[RS_MOVE], 3, sale_id) | sqlite3_bind_int64(st[RS_MOVE], 4, at);
                if ((r = raw_step(w, RS_MOVE, rc)) < 0)
                        break;
                rc = sqlite3_bind_int64(st[RS_ONHAND], 1, pid) | sqlite3_bind_int64(st[RS_ONHAND], 2, -ln->qty);
                r = raw_step(w, RS_ONHAND, rc);
        }
        return r;
}

static int raw_journal(struct raw *w, const struct sale_buf *b, const char *number, int64_t sale_id)
{
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_state s;
        char hash[sizeof(w->prev)], total[24];
        int rc;

        snprintf(total, sizeof(total), "%" PRId64, b->pay.amount);
        if (crypto_hash_sha256_init(&s) != 0 ||
            crypto_hash_sha256_update(&s, (const unsigned char *)w->prev, strlen(w->prev)) != 0 ||
            crypto_hash_sha256_update(&s, (const unsigned char *)number, strlen(number) + 1) != 0 ||
            crypto_hash_sha256_update(&s, (const unsigned char *)total, strlen(total)) != 0 ||
            crypto_hash_sha256_final(&s, h) != 0) {
                fprintf(stderr, "bench: sha256 failed\n");
                return -1;
        }
        sodium_bin2hex(hash, sizeof(hash), h, sizeof(h));
        rc = sqlite3_bind_int64(w->st[RS_JOURNAL], 1, sale_id) |
             sqlite3_bind_text(w->st[RS_JOURNAL], 2, w->prev, -1, SQLITE_TRANSIENT) |
             sqlite3_bind_text(w->st[RS_JOURNAL], 3, hash, -1, SQLITE_TRANSIENT);
        if (raw_step(w, RS_JOURNAL, rc) < 0)
                return -1;
        memcpy(w->prev, hash, sizeof(hash));
        return 0;
}

static int raw_sale(struct raw *w, const struct sale_buf *b, long n)
{
        char number[32];
        int64_t at = (int64_t)time(NULL) * 1000, id;
        int rc, r;

        snprintf(number, sizeof(number), "S%08ld", n + 1);
        if (raw_step(w, RS_BEGIN, SQLITE_OK) < 0 || (w->st[RS_NUMBER] && raw_step(w, RS_NUMBER, SQLITE_OK) < 0))
                return -1;
        rc = sqlite3_bind_text(w->st[RS_SALE], 1, number, -1, SQLITE_TRANSIENT) |
             sqlite3_bind_int64(w->st[RS_SALE], 2, at) | sqlite3_bind_int64(w->st[RS_SALE], 3, b->pay.amount);
        r = raw_step(w, RS_SALE, rc);
        id = sqlite3_last_insert_rowid(w->db);
        if (r == 0)
                r = raw_lines(w, b, id, at);
        if (r == 0) {
                rc = sqlite3_bind_int64(w->st[RS_PAY], 1, id) | sqlite3_bind_int64(w->st[RS_PAY], 2, b->pay.amount);
                r = raw_step(w, RS_PAY, rc);
        }
        if (r == 0) {
                rc = sqlite3_bind_text(w->st[RS_IDEM], 1, b->key, -1, SQLITE_TRANSIENT) |
                     sqlite3_bind_int64(w->st[RS_IDEM], 2, id);
                r = raw_step(w, RS_IDEM, rc);
        }
        if (r == 0)
                r = raw_journal(w, b, number, id);
        if (r == 0)
                r = raw_step(w, RS_COMMIT, SQLITE_OK);
        if (r < 0 && !sqlite3_get_autocommit(w->db))
                sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
        return r;
}

static int raw_sales(const struct ctx *c, enum raw_kind kind, struct result *res)
{
        char db[PATH_MAX], csv[PATH_MAX];
        struct ledger *l = NULL;
        struct sale_buf b;
        struct raw w;
        uint64_t rng = SEED;
        double t0;
        int r;

        if (path_in(c, kind == RAW_POSD ? "raw-posd.db" : "raw.db", db) < 0)
                return -1;
        if (kind == RAW_POSD) {
                if (path_in(c, "raw-posd-catalog.csv", csv) < 0 || write_catalog(csv, SALES_CATALOG, SALES_STOCK) < 0 ||
                    store_with_catalog(db, csv, SALES_CATALOG, &l, &t0) < 0)
                        return -1;
                ledger_close(l);
        }
        if ((r = raw_open(&w, kind, db)) == 0) {
                t0 = now_s();
                for (long n = 0; n < c->o.sales && r == 0; n++)
                        if ((r = build_sale(&b, n, &rng)) == 0)
                                r = raw_sale(&w, &b, n);
                res->seconds = now_s() - t0;
                res->count = c->o.sales;
        }
        raw_close(&w);
        return r;
}

static int bench_raw_sales(const struct ctx *c, struct result *res)
{
        return raw_sales(c, RAW_PLAIN, res);
}

static int bench_raw_posd_sales(const struct ctx *c, struct result *res)
{
        return raw_sales(c, RAW_POSD, res);
}

/* --- 3. importing a large catalog ---------------------------------------------------- */

static int bench_generate(const struct ctx *c, struct result *res)
{
        char csv[PATH_MAX];
        double t0 = now_s();

        if (path_in(c, "products.csv", csv) < 0 || write_catalog(csv, c->o.products, 0) < 0)
                return -1;
        res->seconds = now_s() - t0;
        res->count = c->o.products;
        return 0;
}

static int bench_import(const struct ctx *c, struct result *res)
{
        char csv[PATH_MAX], db[PATH_MAX];
        struct ledger *l = NULL;

        if (path_in(c, "products.csv", csv) < 0 || path_in(c, "catalog.db", db) < 0 ||
            store_with_catalog(db, csv, c->o.products, &l, &res->seconds) < 0)
                return -1;
        res->count = c->o.products;
        ledger_close(l);
        return 0;
}

/* --- 4. barcode lookups -------------------------------------------------------------- */

static int lookup_one(struct ledger *l, bool known, long idx)
{
        struct scan_result s;
        char ean[32], sku[32];
        int r;

        if (make_ean(known ? KNOWN_PREFIX : UNKNOWN_PREFIX, idx, ean) < 0 || make_sku(idx, sku) < 0)
                return -1;
        r = catalog_lookup_barcode(l, ean, &s);
        if (r < 0 && (known || r != -ENOENT))
                return ledger_fail(l, "catalog_lookup_barcode");
        if (known ? strcmp(s.product.sku, sku) != 0 || s.product.price != price_of(idx) : r != -ENOENT) {
                fprintf(stderr, "bench: barcode %s gave %s, expected %s\n", ean, r == 0 ? s.product.sku : "nothing",
                        known ? sku : "nothing");
                return -1;
        }
        return 0;
}

static int bench_lookups(const struct ctx *c, bool known, struct result *res)
{
        char db[PATH_MAX];
        struct ledger_error err;
        struct ledger *l;
        uint64_t rng = SEED;
        double t0;
        int r = 0;

        if (path_in(c, "catalog.db", db) < 0)
                return -1;
        if (ledger_open(db, 0, &l, &err) < 0) {
                fprintf(stderr, "bench: %s: %s (%s)\n", db, err.msg, err.code);
                return -1;
        }
        t0 = now_s();
        for (long i = 0; i < c->o.lookups && r == 0; i++)
                r = lookup_one(l, known, (long)(xorshift64(&rng) % (uint64_t)c->o.products));
        res->seconds = now_s() - t0;
        res->count = c->o.lookups;
        ledger_close(l);
        return r;
}

static int bench_lookup_known(const struct ctx *c, struct result *res) { return bench_lookups(c, true, res); }
static int bench_lookup_unknown(const struct ctx *c, struct result *res) { return bench_lookups(c, false, res); }

/* --- children, the table, the temp dir ----------------------------------------------- */

static int write_all(int fd, const void *buf, size_t n)
{
        const char *p = buf;

        while (n > 0) {
                ssize_t w = write(fd, p, n);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return -1;
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
        char *p = buf;

        while (n > 0) {
                ssize_t got = read(fd, p, n);
                if (got < 0 && errno == EINTR)
                        continue;
                if (got <= 0)
                        return -1;
                p += got;
                n -= (size_t)got;
        }
        return 0;
}

static void progress(const char *what)
{
        if (isatty(STDERR_FILENO))
                fprintf(stderr, "bench: %s...\n", what);
}

/* Run fn in a child; its result comes back through a pipe, its peak RSS from wait4(). */
static int run_child(const struct ctx *c, bench_fn fn, struct row *row)
{
        struct result res;
        struct rusage ru;
        int fds[2], status, got;
        pid_t pid;

        progress(row->name);
        fflush(NULL);
        if (pipe(fds) < 0) {
                perror("bench: pipe");
                return -1;
        }
        if ((pid = fork()) < 0) {
                perror("bench: fork");
                close(fds[0]);
                close(fds[1]);
                return -1;
        }
        if (pid == 0) {
                close(fds[0]);
                memset(&res, 0, sizeof(res));
                _exit(fn(c, &res) == 0 && write_all(fds[1], &res, sizeof(res)) == 0 ? 0 : 1);
        }
        close(fds[1]);
        got = read_all(fds[0], &res, sizeof(res));
        close(fds[0]);
        while (wait4(pid, &status, 0, &ru) < 0)
                if (errno != EINTR) {
                        perror("bench: wait4");
                        return -1;
                }
        if (got < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "bench: '%s' failed\n", row->name);
                return -1;
        }
        row->res = res;
        row->rss_mib = (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
        return 0;
}



/* Under a search's row: the old query against catalog_search(), in-process medians. */
static void print_vs_old(const struct row *r)
{
        char name[64], buf[32];

        snprintf(name, sizeof(name), "  old query / new: %.1f / %.2f ms", r->res.old_us / 1000, r->res.new_us / 1000);
        snprintf(buf, sizeof(buf), "%.0f", r->res.new_us > 0 ? r->res.old_us / r->res.new_us : 0);
        print_row(name, buf, "x", -1, -1);
}

/* a / b of rates, or of times for rows that show a time */
static void print_ratio(const char *name, const struct row *a, const struct row *b)
{
        char buf[32];
        double x;

        if (!a || !b) /* one of them was not selected */
                return;
        x = a->show == SHOW_MS ? (b->res.seconds > 0 ? a->res.seconds / b->res.seconds : 0)
                               : (row_rate(b) > 0 ? row_rate(a) / row_rate(b) : 0);

        snprintf(buf, sizeof(buf), "%.2f", x);
        print_row(name, buf, "x", -1, -1);
}

static void print_table(const struct row *rows, size_t n)
{
        const struct row *raw = find_row(rows, n, RAW_ROW);
        char buf[40];

        printf("  %-42s %12s  %-10s %10s %12s\n", "benchmark", "result", "unit", "time", "peak RSS");
        for (size_t i = 0; i < n; i++) {
                const struct row *r = &rows[i];
                if (!r->ran)
                        continue;
                if (r->show == SHOW_LATENCY)
                        snprintf(buf, sizeof(buf), "%.0f / %.0f", r->res.p50_us, r->res.p99_us);
                else if (r->show == SHOW_MS)
                        snprintf(buf, sizeof(buf), "%.1f", r->res.seconds * 1000);
                else
                        snprintf(buf, sizeof(buf), "%.0f", row_rate(r));
                print_row(r->name, buf, r->unit, r->res.seconds, r->rss_mib);
                if (r->res.old_us > 0)
                        print_vs_old(r);
        }
        print_ratio("ratio HTTP 8 lanes / raw SQLite", find_row(rows, n, "completed sales over HTTP, 8 lanes"), raw);
        print_ratio("ratio time ledger-cli bal / posd Z", find_row(rows, n, "ledger bal of that journal (ledger-cli)"),
                    find_row(rows, n, "end-of-day Z over the day (posd)"));
}

static const char *fs_name(const char *dir)
{
        struct statfs s;

        if (statfs(dir, &s) < 0)
                return "unknown fs";
        switch ((unsigned long)s.f_type) {
        case TMPFS_MAGIC: return "tmpfs: fsync is free, 'durable' is not";
        case EXT4_SUPER_MAGIC: return "ext4";
        case XFS_SUPER_MAGIC: return "xfs";
        case BTRFS_SUPER_MAGIC: return "btrfs";
        case OVERLAYFS_SUPER_MAGIC: return "overlayfs";
        default: return "other fs";
        }
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        if (remove(path) < 0)
                fprintf(stderr, "bench: cannot remove %s: %s\n", path, strerror(errno));
        return 0;
}

static int parse_count(const char *opt, const char *s, long max, long *ret)
{
        char *end;
        long v;

        errno = 0;
        v = s ? strtol(s, &end, 10) : 0;
        if (!s || errno || end == s || *end || v < 1 || v > max) {
                fprintf(stderr, "bench: %s needs a whole number from 1 to %ld\n", opt, max);
                return -1;
        }
        *ret = v;
        return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
        *o = (struct opts){ DEFAULT_SALES, DEFAULT_PRODUCTS, DEFAULT_LOOKUPS, DEFAULT_HTTP_SALES, DEFAULT_DAY_SALES,
                            DEFAULT_ADDLINES, DEFAULT_LOAD_SECONDS, false, NULL, NULL };
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
                int r = 0;
                if (!strcmp(a, "--keep")) {
                        o->keep = true;
                        continue;
                }
                if (!strcmp(a, "--json")) {
                        if (!v) {
                                fprintf(stderr, "bench: --json needs the file to write the results to\n");
                                return -1;
                        }
                        o->json = v;
                        i++;
                        continue;
                }
                if (!strcmp(a, "--only")) {
                        if (!v || !*v) {
                                fprintf(stderr, "bench: --only needs words of the rows to run, like 'import,search'\n");
                                return -1;
                        }
                        o->only = v;
                        i++;
                        continue;
                }
                if (!strcmp(a, "--sales"))
                        r = parse_count(a, v, 100000000, &o->sales);
                else if (!strcmp(a, "--products"))
                        r = parse_count(a, v, INDEX_MAX, &o->products);
                else if (!strcmp(a, "--lookups"))
                        r = parse_count(a, v, 1000000000, &o->lookups);
                else if (!strcmp(a, "--http-sales"))
                        r = parse_count(a, v, 1000000, &o->http_sales);
                else if (!strcmp(a, "--day-sales"))
                        r = parse_count(a, v, 10000000, &o->day_sales);
                else if (!strcmp(a, "--addlines"))
                        r = parse_count(a, v, 10000000, &o->addlines);
                else if (!strcmp(a, "--load-seconds"))
                        r = parse_count(a, v, 3600, &o->load_seconds);
                else {
                        fprintf(stderr, "usage: %s [--sales N] [--products N] [--lookups N] [--http-sales N] "
                                        "[--day-sales N] [--addlines N] [--load-seconds N] [--only WORD,...] [--json FILE] [--keep]\n", argv[0]);
                        return -1;
                }
                if (r < 0)
                        return -1;
                i++;
        }
        return 0;
}

static int make_tmpdir(struct ctx *c)
{
        const char *base = getenv("TMPDIR");
        int n;

        if (!base || !*base)
                base = "/tmp";
        n = snprintf(c->dir, sizeof(c->dir), "%s/posd-bench.XXXXXX", base);
        if (n < 0 || n >= (int)sizeof(c->dir) || !mkdtemp(c->dir)) {
                fprintf(stderr, "bench: cannot create a directory under %s: %s\n", base, strerror(errno));
                return -1;
        }
        return 0;
}

/* One benchmark: its row, and the row whose files it reads (run first when selected). */
struct plan_entry {
        bench_fn fn;
        const char *name, *unit;
        enum show show;
        const char *needs;
};

#define IMPORT_ROW "product import (core, checked, then written in batches)" /* its store is catalog.db */

static const struct plan_entry plan[] = {
        { bench_core_sales, "sale postings (core, durable)", "sales/s", SHOW_RATE, NULL },
        { bench_raw_sales, RAW_ROW, "sales/s", SHOW_RATE, NULL },
        { bench_raw_posd_sales, SALE_FLOOR_ROW, "sales/s", SHOW_RATE, NULL },
        { bench_http_1lane, "completed sales over HTTP, 1 lane", "sales/s", SHOW_RATE, NULL },
        { bench_http_8lanes, "completed sales over HTTP, 8 lanes", "sales/s", SHOW_RATE, NULL },
        { bench_http_load, "load: 16 lanes selling, a sale p50 / p99", "us", SHOW_LATENCY, NULL },
        { bench_generate, "generate product CSV", "rows/s", SHOW_RATE, NULL },
        { bench_import, IMPORT_ROW, "rows/s", SHOW_RATE, "generate product CSV" },
        { bench_import_http, "import over HTTP while a lane adds lines", "rows/s", SHOW_RATE,
          "generate product CSV" },
        { bench_import_floor, FLOOR_ROW, "rows/s", SHOW_RATE, "generate product CSV" },
        { bench_lookup_known, "barcode lookups, known codes", "lookups/s", SHOW_RATE, IMPORT_ROW },
        { bench_lookup_unknown, "barcode lookups, unknown codes", "lookups/s", SHOW_RATE, IMPORT_ROW },
        { bench_addline_latency, "add line by barcode over HTTP, p50 / p99", "us", SHOW_LATENCY, IMPORT_ROW },
        { bench_scan_to_line, "scanner code to its line's event, p50 / p99", "us", SHOW_LATENCY, IMPORT_ROW },
        { bench_sale_to_print, "sale answered to receipt's 1st byte (TCP)", "us", SHOW_LATENCY, NULL },
        { bench_cold_start, "posd's start until it listens, p50 / max of 5", "us", SHOW_LATENCY, IMPORT_ROW },
        { bench_day_build, "post the day's sales (batches of 1000)", "sales/s", SHOW_RATE, NULL },
        { bench_z, "end-of-day Z over the day (posd)", "ms", SHOW_MS, "post the day's sales (batches of 1000)" },
        { bench_export_ledger, "posctl export ledger of the day", "ms", SHOW_MS,
          "post the day's sales (batches of 1000)" },
        { bench_ledger_bal, "ledger bal of that journal (ledger-cli)", "ms", SHOW_MS,
          "posctl export ledger of the day" },
        { bench_search_list, "product list over HTTP, first page", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_tea, "product search 'Green tea' (1 in 10)", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_few, "product search 'water 4242' (11)", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_cjk_tea, "product search '绿茶' (1 in 10)", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_pinyin, "product search 'lvcha', pinyin (1 in 10)", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_letter, "product search 'l', one letter", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_cjk_none, "product search '可乐' (none)", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
        { bench_search_barcode, "product search by barcode (1)", "us p50/p99", SHOW_LATENCY, IMPORT_ROW },
};
enum { N_PLAN = sizeof(plan) / sizeof(plan[0]) };

/* Does name hold one of the comma-separated words of only? */
static bool picked(const char *only, const char *name)
{
        char word[64];

        for (const char *w = only, *end; *w; w = *end ? end + 1 : end) {
                size_t n;
                end = strchrnul(w, ',');
                n = (size_t)(end - w);
                if (n == 0 || n >= sizeof(word))
                        continue;
                memcpy(word, w, n);
                word[n] = '\0';
                if (strstr(name, word))
                        return true;
        }
        return false;
}

/* The rows to run: all, or those picked and what they need (which come earlier). */
static int select_rows(const char *only, bool run[N_PLAN])
{
        size_t n = 0;

        for (size_t i = 0; i < N_PLAN; i++)
                n += run[i] = !only || picked(only, plan[i].name);
        for (size_t i = N_PLAN; i-- > 0;)
                for (size_t j = 0; run[i] && plan[i].needs && j < i; j++)
                        if (!strcmp(plan[j].name, plan[i].needs))
                                run[j] = true;
        if (n == 0)
                fprintf(stderr, "bench: no benchmark's name has a word of '%s'\n", only);
        return n ? 0 : -1;
}

int main(int argc, char **argv)
{
        struct row rows[N_PLAN];
        bool run[N_PLAN];
        char machine[PATH_MAX + 256];
        struct ctx c;
        int r = 1;

        memset(&c, 0, sizeof(c));
        ledger_process_init();
        if (parse_args(argc, argv, &c.o) < 0 || select_rows(c.o.only, run) < 0)
                return 2;
        if (sodium_init() < 0) {
                fprintf(stderr, "bench: libsodium failed to initialise\n");
                return 1;
        }
        if (make_tmpdir(&c) < 0)
                return 1;
        c.posd = getenv("POSD");
        snprintf(machine, sizeof(machine), "%ld cores, SQLite %s, %s (%s); %ld sales, %ld products, %ld lookups, %ld "
                 "HTTP sales a lane, %ld sales in the day", sysconf(_SC_NPROCESSORS_ONLN), sqlite3_libversion(), c.dir,
                 fs_name(c.dir), c.o.sales, c.o.products, c.o.lookups, c.o.http_sales, c.o.day_sales);
        printf("posd bench: %s\n", machine);
        size_t i;
        for (i = 0; i < N_PLAN; i++) {
                rows[i] = (struct row){ .name = plan[i].name, .unit = plan[i].unit, .show = plan[i].show };
                if (!run[i])
                        continue;
                if (run_child(&c, plan[i].fn, &rows[i]) < 0)
                        break;
                rows[i].ran = true;
        }
        if (i == N_PLAN) {
                print_table(rows, N_PLAN);
                r = goals_report(posd_goals, posd_ngoals, rows, N_PLAN, machine, c.o.json) < 0;
        }
        if (c.o.keep)
                fprintf(stderr, "bench: kept %s\n", c.dir);
        else if (nftw(c.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
                fprintf(stderr, "bench: cannot clean %s: %s\n", c.dir, strerror(errno));
        return r;
}
