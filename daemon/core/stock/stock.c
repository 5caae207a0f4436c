/* Reading stock: on hand per location, its value, reorder state. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"
#include "stock/stock.h"

int stock_of(struct ledger *l, int64_t product_id, struct stock_info *ret)
{
        static const char sql[] =
                "SELECT coalesce(sum(h.qty), 0), p.avg_cost, coalesce(sum(h.value), 0) "
                "FROM products p LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        struct stock_info s;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        rc = sqlite3_step(st);
        memset(&s, 0, sizeof(s));
        if (rc == SQLITE_ROW) {
                s.total = sqlite3_column_int64(st, 0);
                s.avg_cost = sqlite3_column_int64(st, 1);
                s.value = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
                return fail(l, -ENOENT, "UNKNOWN_PRODUCT", "no product with id %lld", (long long)product_id);
        if (rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading stock");
        *ret = s;
        return 0;
}

int stock_levels(struct ledger *l, int64_t product_id, struct stock_level *levels, size_t max)
{
        static const char sql[] =
                "SELECT lo.code, lo.name, coalesce(h.qty, 0) FROM locations lo "
                "LEFT JOIN stock_on_hand h ON h.location_id = lo.id AND h.product_id = ?1 ORDER BY lo.id";
        sqlite3_stmt *st = stmt(l, sql);
        size_t n = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (n < max) {
                        struct stock_level *v = &levels[n];
                        memset(v, 0, sizeof(*v));
                        utf8_cut(v->location, sizeof(v->location), (const char *)sqlite3_column_text(st, 0));
                        snprintf(v->location_name, sizeof(v->location_name), "%s",
                                 (const char *)sqlite3_column_text(st, 1));
                        v->qty = sqlite3_column_int64(st, 2);
                }
                n++;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "reading stock levels");
        return (int)n;
}

int stock_each_alert(struct ledger *l, bool over_max_too,
                     int (*fn)(const struct product *, int64_t on_hand, enum stock_alert kind, void *), void *ud)
{
        static const char sql[] =
                "SELECT " PRODUCT_FIELDS ", coalesce(s.qty, 0) " PRODUCT_FROM
                "LEFT JOIN (SELECT product_id, sum(qty) AS qty FROM stock_on_hand GROUP BY product_id) s"
                "  ON s.product_id = p.id "
                "WHERE p.active = 1 AND ((p.reorder_point > 0 AND coalesce(s.qty, 0) <= p.reorder_point)"
                "  OR (?1 AND p.max_level > 0 AND coalesce(s.qty, 0) > p.max_level)) "
                "ORDER BY p.sku";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct product p;
        int rc, r = 0, n = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_int(st, 1, over_max_too);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t on_hand = sqlite3_column_int64(st, PRODUCT_FIELD_COUNT);
                product_from_row(st, 0, &p);
                n++;
                if (fn && (r = fn(&p, on_hand, on_hand > p.reorder_point ? STOCK_OVER_MAX : STOCK_LOW, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "listing stock alerts");
        return n;
}

struct low_only {
        int (*fn)(const struct product *, int64_t on_hand, void *);
        void *ud;
};

static int low_only(const struct product *p, int64_t on_hand, enum stock_alert kind, void *ud)
{
        struct low_only *lo = ud;

        (void)kind;
        return lo->fn ? lo->fn(p, on_hand, lo->ud) : 0;
}

int stock_each_low(struct ledger *l, int (*fn)(const struct product *, int64_t on_hand, void *), void *ud)
{
        struct low_only lo = { fn, ud };

        return stock_each_alert(l, false, low_only, &lo);
}
