/* The stock report: see report.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "reports/report.h"


/* What sold since ?2 (ms), at location ?1 (0: all): counter sales less returns, and
 * sales orders shipped less credited. */
#define SOLD                                                                                                     \
        "sold(product_id, qty, cost, at, location_id) AS ("                                                     \
        " SELECT sl.product_id, sl.qty, sl.cost, s.at, s.location_id FROM sale_lines sl"                        \
        "  JOIN sales s ON s.id = sl.sale_id WHERE s.at >= ?2"                                                  \
        " UNION ALL SELECT rl.product_id, -rl.qty, -rl.cost, r.at, r.location_id FROM return_lines rl"          \
        "  JOIN returns r ON r.id = rl.return_id WHERE r.at >= ?2"                                              \
        " UNION ALL SELECT shl.product_id, shl.qty, shl.cost, sh.at, sh.location_id FROM shipment_lines shl"    \
        "  JOIN shipments sh ON sh.id = shl.shipment_id WHERE sh.at >= ?2"                                      \
        " UNION ALL SELECT cl.product_id, -cl.qty, -cl.cost, c.at, c.location_id FROM credit_note_lines cl"     \
        "  JOIN credit_notes c ON c.id = cl.credit_id WHERE c.at >= ?2),"                                       \
        "s AS (SELECT product_id, sum(qty) AS qty, sum(cost) AS cost FROM sold"                                  \
        "  WHERE ?1 = 0 OR location_id = ?1 GROUP BY product_id) "

static int stock_totals(struct ledger *l, int64_t location, int64_t since, int days, struct stock_report *ret)
{
        static const char by_location[] =
                "SELECT loc.code, sum(h.value) FROM stock_on_hand h JOIN locations loc ON loc.id = h.location_id "
                "WHERE ?1 = 0 OR h.location_id = ?1 GROUP BY loc.id ORDER BY loc.id";
        static const char sold_cost[] = "WITH " SOLD "SELECT coalesce(sum(cost), 0) FROM s";
        sqlite3_stmt *st = stmt(l, by_location);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, location);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const size_t max = sizeof(ret->locations) / sizeof(ret->locations[0]);
                ret->value += sqlite3_column_int64(st, 1); /* every location counts, the first few are listed */
                if (ret->nlocations < max) {
                        struct stock_location_total *t = &ret->locations[ret->nlocations++];
                        utf8_cut(t->location, sizeof(t->location), (const char *)sqlite3_column_text(st, 0));
                        t->value = sqlite3_column_int64(st, 1);
                }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "reading stock values");
        if (!(st = stmt(l, sold_cost)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, location);
        sqlite3_bind_int64(st, 2, since);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                ret->sold_cost = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading what sold");
        if (ret->value > 0)
                ret->turnover_x100 = (int64_t)((__int128)ret->sold_cost * 365 * 100 / days / ret->value);
        return 0;
}

int report_stock(struct ledger *l, const char *location, int days, bool slow_only, int limit, int offset,
                 int (*fn)(const struct stock_row *, void *), void *ud, struct stock_report *ret)
{
        /* the page first, then the last sale of each product on it (by the movements' index) */
        static const char sql[] =
                "WITH oh AS (SELECT product_id, sum(qty) AS qty, sum(value) AS value FROM stock_on_hand"
                "  WHERE ?1 = 0 OR location_id = ?1 GROUP BY product_id HAVING sum(qty) <> 0 OR sum(value) <> 0), " SOLD
                "SELECT page.*, (SELECT coalesce(max(m.at), 0) FROM stock_movements m WHERE m.product_id = page.id"
                " AND m.doc_type IN ('sale', 'shipment') AND (?1 = 0 OR m.location_id = ?1)) FROM ("
                " SELECT p.id, p.sku, p.name, p.unit, coalesce(c.name, ''), oh.qty, oh.value AS v,"
                "  coalesce(s.qty, 0), coalesce(s.cost, 0)"
                " FROM oh JOIN products p ON p.id = oh.product_id LEFT JOIN categories c ON c.id = p.category_id"
                " LEFT JOIN s ON s.product_id = oh.product_id"
                " WHERE ?3 = 0 OR (oh.qty > 0 AND coalesce(s.qty, 0) <= 0)"
                " ORDER BY v DESC, p.sku LIMIT ?4 OFFSET ?5) page";
        struct stock_report rep;
        struct stock_row row;
        int64_t loc = 0, since;
        sqlite3_stmt *st;
        int rc, r;

        clear_err(l);
        if (days < 1 || days > 3650)
                return fail(l, -EINVAL, "BAD_RANGE", "days is 1 to 3650");
        if (location && *location && (r = location_find(l, location, &loc)) < 0)
                return r;
        since = ledger_now_ms(l) - days * DAY_MS;
        memset(&rep, 0, sizeof(rep));
        if ((r = stock_totals(l, loc, since, days, &rep)) < 0)
                return r;
        if (!(st = stmt_own(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, loc);
        sqlite3_bind_int64(st, 2, since);
        sqlite3_bind_int(st, 3, slow_only);
        sqlite3_bind_int(st, 4, limit);
        sqlite3_bind_int(st, 5, offset);
        r = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&row, 0, sizeof(row));
                utf8_cut(row.sku, sizeof(row.sku), (const char *)sqlite3_column_text(st, 1));
                utf8_cut(row.name, sizeof(row.name), (const char *)sqlite3_column_text(st, 2));
                utf8_cut(row.unit, sizeof(row.unit), (const char *)sqlite3_column_text(st, 3));
                utf8_cut(row.category, sizeof(row.category), (const char *)sqlite3_column_text(st, 4));
                row.on_hand = sqlite3_column_int64(st, 5);
                row.value = sqlite3_column_int64(st, 6);
                row.sold = sqlite3_column_int64(st, 7);
                row.sold_cost = sqlite3_column_int64(st, 8);
                row.last_sold_at = sqlite3_column_int64(st, 9);
                row.cover_days = row.sold > 0 ? (int64_t)((__int128)row.on_hand * days / row.sold) : -1;
                if ((r = fn(&row, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "reading the stock report");
        *ret = rep;
        return 0;
}
