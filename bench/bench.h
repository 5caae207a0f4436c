/* Shared by the benchmark files. */
#ifndef POSD_BENCH_H
#define POSD_BENCH_H

#include <curl/curl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ledger/ledger.h"

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

/* What a child sends back through its pipe. */
struct result {
        int64_t count;
        double seconds;
        double p50_us, p99_us; /* latency benchmarks */
        double old_us, new_us; /* searches: the old query and catalog_search(), in-process medians */
        double cpu_s, posd_cpu_s; /* CPU time of posd and the clients, and of posd alone, while timed (0: not taken) */
};

enum show { SHOW_RATE, SHOW_MS, SHOW_LATENCY };

struct row {
        const char *name;
        const char *unit;
        enum show show;
        bool ran;
        struct result res;
        double rss_mib;
};


double now_s(void);
/* Columns a terminal gives s: Chinese characters take two. */
int text_width(const char *s);
/* goals.c: a row's count a second, a row by name (NULL unless it ran), and the goals of
 * the run, printed and written to json_path (when not NULL) with every row */
double row_rate(const struct row *r);
const struct row *find_row(const struct row *rows, size_t n, const char *name);
int goals_report(const struct row *rows, size_t n, const char *machine, const char *json_path);
uint64_t xorshift64(uint64_t *s);
int path_in(const struct ctx *c, const char *name, char buf[static PATH_MAX]);
int make_ean(const char *prefix, long idx, char out[static 32]);
int make_sku(long idx, char out[static 32]);
int64_t price_of(long idx);
int ledger_fail(struct ledger *l, const char *what);
/* A catalog of n generated products with base_stock units each (0: none). */
int write_catalog(const char *path, long n, long base_stock);
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
int cmp_double(const void *a, const void *b);

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
int bench_search_few(const struct ctx *c, struct result *res);
int bench_search_cjk_none(const struct ctx *c, struct result *res);
int bench_search_barcode(const struct ctx *c, struct result *res);

#endif
