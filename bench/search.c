/* The back office's product list and search on the large catalog (the import's store):
 * the server time of each over HTTP on loopback, p50 and p99, and beside it the single
 * query the list was first served with, run in-process on the same store for the same
 * question as catalog_search() (the ratio of their medians is steadier than either
 * time). The two must give the same page. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "catalog/catalog.h"
#include "people/users.h"

#define SEARCH_REQUESTS 200 /* over HTTP, per question */
#define SEARCH_CALLS 20     /* of catalog_search, in-process */
#define OLD_CALLS 5         /* of the old query: a scan and sort of the whole catalog each */
#define PAGE 50

/* The query of catalog_search() before the list had its own index and the search its
 * trigram indexes: every product tested, every match sorted. NOT INDEXED keeps the plan
 * it had then: on the new schema SQLite would walk products_by_name and read each row,
 * some four times slower, which would flatter the new way. */
static const char old_sql[] =
        "SELECT p.id, p.sku, p.name, p.spec, p.unit, coalesce(c.name, ''), p.price, p.cost,"
        " p.avg_cost, t.rate_bp, p.reorder_point, p.max_level, p.active "
        "FROM products p NOT INDEXED JOIN tax_rates t ON t.id = p.tax_rate_id "
        "LEFT JOIN categories c ON c.id = p.category_id "
        "WHERE ?1 = '' OR p.sku = ?1 OR p.id IN (SELECT product_id FROM barcodes WHERE code = ?1)"
        " OR instr(p.name, ?1) > 0 OR instr(p.sku, ?1) > 0 "
        "ORDER BY p.active DESC, p.sku = ?1 DESC, p.name LIMIT ?2 OFFSET ?3";

struct skus {
        int n;
        char sku[PAGE][CODE_MAX_LEN + 1];
};

static int keep_sku(const struct product *p, void *ud)
{
        struct skus *s = ud;

        if (s->n >= PAGE)
                return -1;
        snprintf(s->sku[s->n++], sizeof(s->sku[0]), "%s", p->sku);
        return 0;
}

static double median(double *v, int n)
{
        qsort(v, (size_t)n, sizeof(double), cmp_double);
        return v[n / 2];
}

/* The median of SEARCH_CALLS searches through the core; the first page in *ret. */
static int time_new(struct ledger *l, const char *q, struct skus *ret, double *ret_us)
{
        double us[SEARCH_CALLS], t;

        for (int i = 0; i < SEARCH_CALLS; i++) {
                ret->n = 0;
                t = now_s();
                if (catalog_search(l, q, PAGE, 0, keep_sku, ret) < 0)
                        return ledger_fail(l, "catalog_search");
                us[i] = (now_s() - t) * 1e6;
        }
        *ret_us = median(us, SEARCH_CALLS);
        return 0;
}

/* The median of OLD_CALLS runs of the old query on a connection of its own. */
static int time_old(const char *db, const char *q, struct skus *ret, double *ret_us)
{
        double us[OLD_CALLS], t;
        sqlite3 *h = NULL;
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), r = -1;

        if (rc != SQLITE_OK || sqlite3_prepare_v2(h, old_sql, -1, &st, NULL) != SQLITE_OK)
                goto out;
        for (int i = 0; i < OLD_CALLS; i++) {
                ret->n = 0;
                t = now_s();
                sqlite3_bind_text(st, 1, q ? q : "", -1, SQLITE_STATIC);
                sqlite3_bind_int(st, 2, PAGE);
                sqlite3_bind_int(st, 3, 0);
                while ((rc = sqlite3_step(st)) == SQLITE_ROW && ret->n < PAGE)
                        snprintf(ret->sku[ret->n++], sizeof(ret->sku[0]), "%s",
                                 (const char *)sqlite3_column_text(st, 1));
                sqlite3_reset(st);
                us[i] = (now_s() - t) * 1e6;
                if (rc != SQLITE_DONE)
                        goto out;
        }
        *ret_us = median(us, OLD_CALLS);
        r = 0;
out:
        if (r < 0)
                fprintf(stderr, "bench: the old query: %s\n", h ? sqlite3_errmsg(h) : "cannot open the store");
        sqlite3_finalize(st);
        sqlite3_close(h);
        return r;
}

static int same_page(const char *q, const struct skus *a, const struct skus *b)
{
        for (int i = 0; i < a->n || i < b->n; i++)
                if (i >= a->n || i >= b->n || strcmp(a->sku[i], b->sku[i]) != 0) {
                        fprintf(stderr, "bench: search '%s': item %d is %s, the old query's is %s\n", q ? q : "", i + 1,
                                i < a->n ? a->sku[i] : "nothing", i < b->n ? b->sku[i] : "nothing");
                        return -1;
                }
        return 0;
}

/* Old and new in-process on the same store; the cashier the HTTP client signs in as. */
static int search_inproc(const struct ctx *c, const char *db, const char *q, struct skus *page, struct result *res)
{
        struct ledger_error e;
        struct ledger *l = NULL;
        struct skus old;
        int r;

        (void)c;
        if (ledger_open(db, 0, &l, &e) < 0) { /* an older store is brought up to date here */
                fprintf(stderr, "bench: %s: %s (%s)\n", db, e.msg, e.code);
                return -1;
        }
        if (user_add(l, "bench", ROLE_CASHIER, "2468", NULL) < 0 && ledger_errnum(l) != -EEXIST)
                r = ledger_fail(l, "user_add");
        else
                r = time_new(l, q, page, &res->new_us);
        ledger_close(l);
        if (r == 0)
                r = time_old(db, q, &old, &res->old_us);
        return r == 0 ? same_page(q, page, &old) : r;
}

/* Items in the last answer: each product has one "sku". */
static int items_in(const struct client *cl)
{
        int n = 0;

        for (const char *s = cl->body; (s = strstr(s, "\"sku\":")); s++)
                n++;
        return n;
}

static int search_http(const struct ctx *c, const char *db, const char *q, int want, struct result *res)
{
        char conf[PATH_MAX], path[256];
        struct daemon d = { 0, 0, "" };
        struct client cl = { 0 };
        double *lat = calloc(SEARCH_REQUESTS, sizeof(double)), t;
        char *esc = NULL;
        int r = -1;

        if (!lat || write_conf(c, 1, conf) < 0 || daemon_start(c, db, conf, &d) < 0 || client_signin(&cl, &d, "1") < 0)
                goto out;
        if (q && !(esc = curl_easy_escape(cl.curl, q, 0)))
                goto out;
        snprintf(path, sizeof(path), "/products?limit=%d%s%s", PAGE, esc ? "&q=" : "", esc ? esc : "");
        for (int i = 0; i < SEARCH_REQUESTS; i++) {
                t = now_s();
                if (expect(&cl, 200, "GET", path, NULL) < 0)
                        goto out;
                lat[i] = (now_s() - t) * 1e6;
                res->seconds += lat[i] / 1e6;
                if (items_in(&cl) != want) {
                        fprintf(stderr, "bench: GET %s gave %d products, the core %d\n", path, items_in(&cl), want);
                        goto out;
                }
        }
        qsort(lat, SEARCH_REQUESTS, sizeof(double), cmp_double);
        res->count = SEARCH_REQUESTS;
        res->p50_us = lat[SEARCH_REQUESTS / 2];
        res->p99_us = lat[SEARCH_REQUESTS * 99 / 100];
        r = 0;
out:
        curl_free(esc);
        client_close(&cl);
        daemon_stop(&d);
        free(lat);
        return r;
}

static int search_case(const struct ctx *c, const char *q, struct result *res)
{
        char db[PATH_MAX];
        struct skus page;
        int r;

        if (path_in(c, "catalog.db", db) < 0 || search_inproc(c, db, q, &page, res) < 0)
                return -1;
        curl_global_init(CURL_GLOBAL_DEFAULT);
        r = search_http(c, db, q, page.n, res);
        curl_global_cleanup();
        return r;
}

int bench_search_list(const struct ctx *c, struct result *res) { return search_case(c, NULL, res); }
/* Words of every tenth name: the matches are one block in the middle of the name order. */
int bench_search_tea(const struct ctx *c, struct result *res) { return search_case(c, "Green tea", res); }
int bench_search_cjk_tea(const struct ctx *c, struct result *res) { return search_case(c, "绿茶", res); }
/* Pinyin: 绿茶 as typed, and one letter, as the first key of any search is: every word
 * of a tenth of the catalogue starts with it. */
int bench_search_pinyin(const struct ctx *c, struct result *res) { return search_case(c, "lvcha", res); }
int bench_search_letter(const struct ctx *c, struct result *res) { return search_case(c, "l", res); }
/* Eleven products of a million. */
int bench_search_few(const struct ctx *c, struct result *res) { return search_case(c, "water 4242", res); }
/* In no name: every product tested before the answer is known without an index. */
int bench_search_cjk_none(const struct ctx *c, struct result *res) { return search_case(c, "可乐", res); }

int bench_search_barcode(const struct ctx *c, struct result *res)
{
        char ean[32];

        if (make_ean(KNOWN_PREFIX, c->o.products / 2, ean) < 0)
                return -1;
        return search_case(c, ean, res);
}
