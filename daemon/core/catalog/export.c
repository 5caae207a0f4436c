/* CSV exports: products in the columns import reads, and stock per location. Text goes
 * through csv_put_text, which keeps a spreadsheet from running it as a formula. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "catalog/csv.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"

/* Money keeps its decimals ("3.50"); quantities and rates drop trailing zeros ("2", "1.5"). */
static void put_num(FILE *f, int64_t v, int scale, bool trim, char sep)
{
        char buf[48];

        decimal_format(v, scale, trim, buf, sizeof(buf));
        csv_put(f, buf, sep);
}

static const char *col_text(sqlite3_stmt *st, int c)
{
        const unsigned char *s = sqlite3_column_text(st, c);
        return s ? (const char *)s : "";
}

static int export_query(struct ledger *l, FILE *out, const char *sql, const char *header,
                        void (*row)(FILE *, sqlite3_stmt *, int minor))
{
        struct store_info store;
        sqlite3_stmt *st = NULL;
        int rc, r, n = 0;

        if ((r = store_get(l, &store)) < 0)
                return r;
        rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
        if (rc != SQLITE_OK)
                return fail_sql(l, rc, "exporting");
        fputs(header, out);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                row(out, st, store.minor_unit);
                n++;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "exporting");
        if (fflush(out) != 0 || ferror(out))
                return fail(l, -EIO, "WRITE_FAILED", "could not write the export");
        return n;
}

static void product_row(FILE *f, sqlite3_stmt *st, int minor)
{
        for (int c = 0; c < 4; c++) /* sku, name, spec, barcode */
                csv_put_text(f, col_text(st, c), ',', false);
        put_num(f, sqlite3_column_int64(st, 4), minor, false, ',');
        put_num(f, sqlite3_column_int64(st, 5), minor, false, ',');
        put_num(f, sqlite3_column_int64(st, 6), 2, true, ',');
        csv_put_text(f, col_text(st, 7), ',', false);
        csv_put_text(f, col_text(st, 8), ',', false);
        put_num(f, sqlite3_column_int64(st, 9), QTY_SCALE, true, ',');
        put_num(f, sqlite3_column_int64(st, 10), QTY_SCALE, true, ',');
        put_num(f, sqlite3_column_int64(st, 11), QTY_SCALE, true, ',');
        csv_put(f, sqlite3_column_int(st, 12) ? "1" : "0", '\n');
}

int catalog_export_products(struct ledger *l, FILE *out)
{
        static const char sql[] =
                "SELECT p.sku, p.name, p.spec,"
                " coalesce((SELECT group_concat(code, '|') FROM (SELECT code || CASE WHEN pack IS NULL THEN ''"
                "  WHEN pack % 1000 = 0 THEN '*' || (pack / 1000)"
                "  ELSE '*' || rtrim(printf('%d.%03d', pack / 1000, pack % 1000), '0') END AS code"
                "  FROM barcodes WHERE product_id = p.id ORDER BY seq)), ''),"
                " p.price, p.cost, t.rate_bp, p.unit, coalesce(c.name, ''),"
                " coalesce((SELECT sum(qty) FROM stock_on_hand WHERE product_id = p.id), 0),"
                " p.reorder_point, p.max_level, p.active "
                "FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id "
                "LEFT JOIN categories c ON c.id = p.category_id ORDER BY p.sku";

        return export_query(l, out, sql,
                            "sku,name,spec,barcode,price,cost,tax_rate,unit,category,stock,reorder_point,max_level,active\n",
                            product_row);
}

static void stock_row(FILE *f, sqlite3_stmt *st, int minor)
{
        for (int c = 0; c < 3; c++) /* sku, name, location */
                csv_put_text(f, col_text(st, c), ',', false);
        put_num(f, sqlite3_column_int64(st, 3), QTY_SCALE, true, ',');
        csv_put_text(f, col_text(st, 4), ',', false);
        put_num(f, sqlite3_column_int64(st, 5), minor, false, ',');
        put_num(f, sqlite3_column_int64(st, 6), minor, false, '\n');
}

int catalog_export_stock(struct ledger *l, FILE *out)
{
        static const char sql[] =
                "SELECT p.sku, p.name, lo.code, h.qty, p.unit, p.avg_cost, h.value FROM stock_on_hand h "
                "JOIN products p ON p.id = h.product_id JOIN locations lo ON lo.id = h.location_id "
                "WHERE h.qty <> 0 OR h.value <> 0 ORDER BY p.sku, lo.id";

        return export_query(l, out, sql, "sku,name,location,qty,unit,avg_cost,value\n", stock_row);
}
