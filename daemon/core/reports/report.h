/* Reports over the posted documents. */
#ifndef POSD_REPORT_H
#define POSD_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/store.h"

struct ledger;

#define REPORT_BUCKETS_MAX 1000

/* Sales and returns in one time slot. Money in minor units. */
struct sales_bucket {
        int64_t start;        /* ms */
        int64_t sales, returns;
        int64_t gross;        /* the sales' totals with their cash rounding */
        int64_t refunds;      /* the value of the goods returned */
        int64_t tax;          /* on sales less on returns */
        int64_t cost;         /* of the goods sold less of those returned, as recorded when posted */
};

/* Buckets of bucket_ms from `from` (included) to `to` (excluded), every one of them, empty
 * ones too. -EINVAL for an empty range, a bucket under a minute or over
 * REPORT_BUCKETS_MAX buckets. out (room for REPORT_BUCKETS_MAX) is scratch until 0 is
 * returned. */
int report_sales(struct ledger *l, int64_t from, int64_t to, int64_t bucket_ms, struct sales_bucket *out,
                 int *ret_n);

/* Purchases from `from` to `to`: per supplier the orders placed and their amount, the
 * goods in (at cost), and what its open orders still owe; per product what came in
 * against orders. Money in minor units, quantities in milli-units. */
struct purchase_by_supplier {
        char code[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        int orders;
        int64_t ordered, received, outstanding;
        int open_orders;  /* not yet received, closed or cancelled, whenever placed */
        int64_t lead_ms;  /* order to first goods in, on average, of those first in in the range */
};

struct purchase_by_product {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        int64_t qty, amount;
};

struct purchase_report_fns {
        int (*supplier)(const struct purchase_by_supplier *, void *);
        int (*product)(const struct purchase_by_product *, void *);
};

/* BAD_RANGE (-EINVAL) when to is not after from. */
int report_purchases(struct ledger *l, int64_t from, int64_t to, const struct purchase_report_fns *fns, void *ud);

/* Sales from `from` to `to` broken down: counter sales and returns, and sales orders
 * invoiced and credited, line by line at their recorded amounts and costs (cash rounding,
 * which belongs to a whole sale, is left out; by method it is in). */
enum sales_by { SALES_BY_PRODUCT, SALES_BY_CATEGORY, SALES_BY_CASHIER, SALES_BY_METHOD };

struct sales_by_row {
        char key[NAME_MAX_LEN + 1];  /* SKU, category, user or payment method */
        char name[NAME_MAX_LEN + 1]; /* the product's name; "" otherwise */
        int64_t sold, returned;      /* milli-units (by product; by category a plain sum) */
        int64_t gross, refunds;      /* what was charged, what went back; by method what was taken and paid back */
        int64_t tax, cost;           /* net of returns */
};

/* The largest net first, at most limit rows; fn per row. BAD_RANGE as for report_sales. */
int report_sales_by(struct ledger *l, int64_t from, int64_t to, enum sales_by by, int limit,
                    int (*fn)(const struct sales_by_row *, void *), void *ud);

/* Stock now, per product, at one location or all: its value at average cost, and how it
 * sold over the last `days` days (counter sales less returns, and shipments). */
struct stock_row {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        char category[NAME_MAX_LEN + 1];
        int64_t on_hand, value;
        int64_t sold, sold_cost; /* over the days */
        int64_t last_sold_at;   /* ms; 0: never */
        int64_t cover_days;     /* on_hand at the rate it sold; -1: it did not sell */
};

struct stock_location_total {
        char location[CODE_MAX_LEN + 1];
        int64_t value;
};

struct stock_report {
        int64_t value, sold_cost;       /* all the products' */
        int64_t turnover_x100;          /* sold cost a year at the rate of the days, over the value, x 100 */
        struct stock_location_total locations[16]; /* the first 16; value counts them all */
        size_t nlocations;
};

/* Rows of products with stock (slow_only: those with stock that did not sell over the
 * days), the highest value first, limit of them after offset; totals in *ret. */
int report_stock(struct ledger *l, const char *location, int days, bool slow_only, int limit, int offset,
                 int (*fn)(const struct stock_row *, void *), void *ud, struct stock_report *ret);

/* The money from `from` to `to`: what was sold and returned at the counter and on
 * account, its tax and cost, cash paid in and out, stock written off, and what is owed
 * each way at `to`; the stock's value now. */
struct finance_report {
        int64_t counter_sales; /* with cash rounding */
        /* returns at the counter: the goods' value as their sales charged it, the money
         * given back, and what a refund short of the goods' value kept (income with no tax
         * of its own, as the books have it: the goods' tax goes back whole) */
        int64_t goods_returned, money_refunded, kept_on_returns;
        int64_t account_sales, credit_notes;
        int64_t net_sales, tax, cost_of_goods, gross_profit;
        int64_t pay_ins, pay_outs;
        int64_t adjustments;     /* stock counted up (+) or written off (-), at cost */
        int64_t transit_losses;
        int64_t supplier_invoices, supplier_payments, supplier_returns;
        int64_t customer_payments;
        int64_t payables, receivables; /* owed at `to` */
        int64_t stock_value;
};

int report_finance(struct ledger *l, int64_t from, int64_t to, struct finance_report *ret);

/* What `posctl info` shows. */
struct store_stats {
        int64_t products, active_products, low_stock;
        int64_t stock_value; /* at average cost, minor units */
        int64_t sales, returns, receipts, adjustments;
        int64_t journal_entries;
        char journal_head[65]; /* hash of the last entry, "" when empty */
};

int store_stats(struct ledger *l, struct store_stats *ret);

#endif
