/* The stores the benchmarks measure: a generated catalog, a store with it imported, and
 * generated sales posted through the core. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "bench.h"
#include "till/sale.h"

/* "690" + nine-digit index + the GS1 check digit. */
int make_ean(const char *prefix, long idx, char out[static 32])
{
        int n = snprintf(out, 32, "%s%09ld", prefix, idx);

        if (n != 12) {
                fprintf(stderr, "bench: cannot build a barcode for item %ld\n", idx);
                return -1;
        }
        out[12] = (char)('0' + gs1_check_digit(out, 12));
        out[13] = '\0';
        return 0;
}

int make_sku(long idx, char out[static 32])
{
        int n = snprintf(out, 32, "SKU%08ld", idx);

        return n > 0 && n < 32 ? 0 : -1;
}

/* Shelf price of generated product idx: 1.00 to 999.99, in minor units. */
int64_t price_of(long idx)
{
        return 100 + ((int64_t)idx * 7919) % 99900;
}

int ledger_fail(struct ledger *l, const char *what)
{
        fprintf(stderr, "bench: %s: %s (%s)\n", what, ledger_errmsg(l), ledger_errcode(l));
        return -1;
}

/* --- the generated catalog ----------------------------------------------------------- */

static const char *const names[][2] = {
        { "矿泉水", "Mineral water" }, { "方便面", "Instant noodles" }, { "酸奶", "Yogurt" },
        { "薯片", "Potato chips" },    { "绿茶", "Green tea" },         { "牙膏", "Toothpaste" },
        { "洗衣液", "Laundry liquid" }, { "饼干", "Biscuits" },          { "酱油", "Soy sauce" },
        { "大米", "Rice" },
};
static const int tax_rates[] = { 13, 9, 6, 0 };

static int write_row(FILE *f, long i, long base_stock)
{
        const char *const *nm = names[i % (long)(sizeof(names) / sizeof(names[0]))];
        int64_t price = price_of(i), cost = price * 7 / 10;
        char sku[32], ean[32];

        if (make_sku(i, sku) < 0 || make_ean(KNOWN_PREFIX, i, ean) < 0)
                return -1;
        return fprintf(f, "%s,%s %s %ld,%s,%" PRId64 ".%02" PRId64 ",%" PRId64 ".%02" PRId64
                          ",%d,pcs,类别%02ld Category %02ld,%ld\n",
                       sku, nm[0], nm[1], i, ean, price / 100, price % 100, cost / 100, cost % 100,
                       tax_rates[i % 4], i % 100, i % 100, base_stock + i % 200) < 0 ? -1 : 0;
}

/* n products with base_stock + (0..199) units on hand each. */
int write_catalog(const char *path, long n, long base_stock)
{
        FILE *f = fopen(path, "w");
        int r = 0;

        if (!f) {
                fprintf(stderr, "bench: cannot create %s: %s\n", path, strerror(errno));
                return -1;
        }
        if (fputs("sku,name,barcode,price,cost,tax_rate,unit,category,stock\n", f) < 0)
                r = -1;
        for (long i = 0; i < n && r == 0; i++)
                r = write_row(f, i, base_stock);
        if (ferror(f))
                r = -1;
        if (fclose(f) != 0)
                r = -1;
        if (r < 0)
                fprintf(stderr, "bench: writing %s failed: %s\n", path, strerror(errno));
        return r;
}

/* A fresh store at path with the catalog of csv imported; *ret_seconds: the import. */
int store_with_catalog(const char *path, const char *csv, long n, struct ledger **ret, double *ret_seconds)
{
        struct store_setup setup = { .name = "基准测试店 Bench store", .currency = NULL, .minor_unit = -1 };
        struct ledger_error err;
        struct ledger *l = NULL;
        FILE *f = NULL;
        double t0;
        int r;

        if (ledger_open(path, LEDGER_OPEN_CREATE, &l, &err) < 0) {
                fprintf(stderr, "bench: %s: %s (%s)\n", path, err.msg, err.code);
                return -1;
        }
        if (store_init(l, &setup) < 0) {
                r = ledger_fail(l, "store_init");
                goto out;
        }
        if (!(f = fopen(csv, "r"))) {
                fprintf(stderr, "bench: cannot open %s: %s\n", csv, strerror(errno));
                r = -1;
                goto out;
        }
        t0 = now_s();
        r = catalog_import_csv(l, f, NULL);
        *ret_seconds = now_s() - t0;
        if (r < 0)
                r = ledger_fail(l, "catalog_import_csv");
        else if (r != n) {
                fprintf(stderr, "bench: imported %d products, expected %ld\n", r, n);
                r = -1;
        }
out:
        if (f && fclose(f) != 0 && r >= 0)
                r = -1;
        if (r < 0) {
                ledger_close(l);
                return -1;
        }
        *ret = l;
        return 0;
}

/* --- 1. sales through the core ------------------------------------------------------- */


/* Three distinct products, one to three of each, paid exactly in cash. */
int build_sale(struct sale_buf *b, long n, uint64_t *rng)
{
        long *idx = b->idx;
        int64_t total = 0;

        memset(b, 0, sizeof(*b));
        for (int i = 0; i < SALE_LINES; i++) {
                bool dup;
                do {
                        idx[i] = (long)(xorshift64(rng) % SALES_CATALOG);
                        dup = false;
                        for (int j = 0; j < i; j++)
                                dup |= idx[j] == idx[i];
                } while (dup);
                int64_t units = 1 + (int64_t)(xorshift64(rng) % 3);
                if (make_sku(idx[i], b->skus[i]) < 0)
                        return -1;
                b->lines[i] = (struct sale_line_in){ .sku = b->skus[i], .qty = units * 1000, .unit_price = -1 };
                total += units * price_of(idx[i]);
        }
        if (snprintf(b->key, sizeof(b->key), "bench-sale-%ld", n) >= (int)sizeof(b->key))
                return -1;
        b->pay = (struct payment){ .method = TENDER_CASH, .amount = total };
        b->in = (struct sale_in){
                .h = { .idem_key = b->key, .user = "bench", .lane = "L01" },
                .lines = b->lines, .nlines = SALE_LINES, .payments = &b->pay, .npayments = 1,
        };
        return 0;
}

int post_one(struct ledger *l, struct sale_buf *b)
{
        struct doc_result res;

        if (post_sale(l, &b->in, &res) < 0)
                return ledger_fail(l, "post_sale");
        if (res.replayed || res.total != b->pay.amount || res.paid != b->pay.amount || res.change != 0) {
                fprintf(stderr, "bench: sale %s: total %" PRId64 " paid %" PRId64 " change %" PRId64
                                ", expected %" PRId64 "\n",
                        res.number, res.total, res.paid, res.change, b->pay.amount);
                return -1;
        }
        return 0;
}

