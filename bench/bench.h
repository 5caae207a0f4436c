/* Shared by the benchmark files. */
#ifndef POSD_BENCH_H
#define POSD_BENCH_H

#include <curl/curl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ledger/ledger.h"
#include "report.h"
#include "till/sale.h"

#define DEFAULT_SALES 2000
#define DEFAULT_PRODUCTS 1000000
#define DEFAULT_LOOKUPS 200000
#define SALES_CATALOG 1000  /* products in the store the sales are posted to */
#define SALE_LINES 3
#define SALES_STOCK 10000 /* units of each product on hand before the sales */
#define INDEX_MAX 999999999 /* nine digits of item number in a generated EAN-13 */
#define SEED UINT64_C(0x9e3779b97f4a7c15)

#define KNOWN_PREFIX "690"   /* barcodes of the generated catalog */
#define UNKNOWN_PREFIX "691" /* valid EAN-13 codes that are in no catalog */

#define DEFAULT_HTTP_SALES 300   /* per lane */
#define DEFAULT_DAY_SALES 100000 /* for the end-of-day Z */
#define DEFAULT_ADDLINES 2000
#define DEFAULT_LOAD_SECONDS 60
#define LOAD_LANES 16 /* selling at once in the load row */

struct opts {
        long sales, products, lookups, http_sales, day_sales, addlines, load_seconds;
        bool keep;
        const char *only; /* comma-separated words: run the rows whose name has one */
        const char *json; /* where to write the run's rows and goals */
};

struct ctx {
        struct opts o;
        char dir[PATH_MAX];
        const char *posd; /* the daemon to measure (POSD in the environment) */
};

int path_in(const struct ctx *c, const char *name, char buf[static PATH_MAX]);
int make_ean(const char *prefix, long idx, char out[static 32]);
int make_sku(long idx, char out[static 32]);
int64_t price_of(long idx);
int ledger_fail(struct ledger *l, const char *what);
/* A catalog of n generated products with base_stock units each (0: none). */
int write_catalog(const char *path, long n, long base_stock);

/* stores.c: a sale of SALE_LINES generated products of SALES_CATALOG, paid exactly in
 * cash, built (the nth, by rng) and posted. */
struct sale_buf {
        long idx[SALE_LINES]; /* generated product index of each line */
        char skus[SALE_LINES][32];
        char key[48];
        struct sale_line_in lines[SALE_LINES];
        struct payment pay;
        struct sale_in in;
};
int build_sale(struct sale_buf *b, long n, uint64_t *rng);
int post_one(struct ledger *l, struct sale_buf *b);
int store_with_catalog(const char *path, const char *csv, long n, struct ledger **ret, double *ret_seconds);

/* http.c: posd over loopback, and the end of the day */
#define BODY_MAX (256 * 1024)

struct daemon {
        pid_t pid;
        int port;
        char log[PATH_MAX];
};

/* A kept-alive connection to posd, signed in as the cashier "bench" (PIN 2468). */
struct client {
        CURL *curl;
        struct daemon *d;
        char token[80];
        char body[BODY_MAX]; /* the last answer */
        size_t len;
        long status;
};

/* posd on db with conf, on a port of its choosing; stopped with SIGTERM. */
int daemon_start(const struct ctx *c, const char *db, const char *conf, struct daemon *d);
void daemon_stop(struct daemon *d);
/* A posd.conf in the bench directory with lanes 1..lanes. */
int write_conf(const struct ctx *c, int lanes, char path[static PATH_MAX]);
int client_signin(struct client *cl, struct daemon *d, const char *lane);
/* Signed in with a shift of the lane's own opened. */
int client_open(struct client *cl, struct daemon *d, const char *lane);
/* curl's writer of an answer into cl->body */
size_t client_collect(char *ptr, size_t size, size_t n, void *ud);
/* A quoted value of "key" in the last answer. */
int client_field(struct client *cl, const char *key, char *out, size_t size);
void client_close(struct client *cl);
/* One request on the client's connection: 0, or -1 (said on stderr) unless the status is want. */
int expect(struct client *cl, long want, const char *method, const char *path, const char *json);

int bench_http_1lane(const struct ctx *c, struct result *res);
int bench_http_8lanes(const struct ctx *c, struct result *res);
int bench_http_load(const struct ctx *c, struct result *res);
/* The store of the import benchmark (catalog.db), with the cashier "bench". */
int catalog_store(const struct ctx *c, char db[static PATH_MAX]);
int bench_addline_latency(const struct ctx *c, struct result *res);
int bench_cold_start(const struct ctx *c, struct result *res);
int bench_day_build(const struct ctx *c, struct result *res);
int bench_z(const struct ctx *c, struct result *res);
int bench_export_ledger(const struct ctx *c, struct result *res);
int bench_ledger_bal(const struct ctx *c, struct result *res);

/* import_http.c: the catalogue over HTTP while a lane adds lines */
int bench_import_http(const struct ctx *c, struct result *res);
int bench_import_floor(const struct ctx *c, struct result *res);
#define FLOOR_ROW "import floor: the same rows written straight in (raw SQLite)"
#define RAW_ROW "sale transactions (raw SQLite, durable)"
#define SALE_FLOOR_ROW "the same sales straight into posd's schema (raw)"

/* devices.c: a scan to its line on the ticket, a sale to its receipt's first byte */
int bench_scan_to_line(const struct ctx *c, struct result *res);
int bench_sale_to_print(const struct ctx *c, struct result *res);

/* search.c: the product list and search on the large catalog */
int bench_search_list(const struct ctx *c, struct result *res);
int bench_search_tea(const struct ctx *c, struct result *res);
int bench_search_cjk_tea(const struct ctx *c, struct result *res);
int bench_search_pinyin(const struct ctx *c, struct result *res);
int bench_search_letter(const struct ctx *c, struct result *res);
int bench_search_few(const struct ctx *c, struct result *res);
int bench_search_cjk_none(const struct ctx *c, struct result *res);
int bench_search_barcode(const struct ctx *c, struct result *res);

#endif
