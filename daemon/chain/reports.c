#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connect.h"
#include "json_out.h"
#include "reports.h"

#define INT8OID 20
#define INT4OID 23

struct hq_reports {
        struct hq_config c;
        pthread_mutex_t lock; /* one report at a time on the one connection */
        PGconn *pg;
};

/* sales less returns from hq.sales_daily, grouped by the key; margin as for prices
 * that include tax (posd's default) */
#define SALES(key, name, join, group)                                                                               \
        "SELECT " key " AS key, " name " AS name, sum(d.qty)::bigint AS qty, sum(d.amount)::bigint AS amount,"      \
        " sum(d.tax)::bigint AS tax, sum(d.cost)::bigint AS cost,"                                                   \
        " (sum(d.amount) - sum(d.tax) - sum(d.cost))::bigint AS margin FROM hq.sales_daily d"                       \
        " JOIN hq.stores s ON s.id = d.store_id " join " WHERE d.day BETWEEN $1::date AND $2::date GROUP BY " group \
        " ORDER BY amount DESC, key LIMIT 1000"
#define PRODUCT_JOIN "LEFT JOIN hq.store_products p ON p.store_id = d.store_id AND p.id = d.product_id"
#define STOCK(key, name, join, group)                                                                                \
        "SELECT " key " AS key, " name " AS name, sum(d.qty)::bigint AS qty, sum(d.value)::bigint AS value"          \
        " FROM hq.stock_levels d"                                                                                    \
        " JOIN hq.stores s ON s.id = d.store_id " join " WHERE $1::text IS NOT NULL AND $2::text IS NOT NULL"        \
        " GROUP BY " group " ORDER BY value DESC, key LIMIT 1000"

#define TRANSFERS(where, order)                                                                                    \
        "SELECT f.code AS from_store, t.to_store, t.number, t.at, t.value, t.lines,"                                  \
        " CASE WHEN t.receipt IS NOT NULL THEN 'received' WHEN t.refused IS NOT NULL THEN 'refused'"                  \
        " ELSE 'in_transit' END AS state, coalesce(t.refused, '') AS why,"                                            \
        " coalesce(t.receipt, '') AS receipt, coalesce(t.received_at, 0) AS received_at,"                            \
        " coalesce(t.received_value, 0) AS received_value, coalesce(t.short_value, 0) AS short_value,"               \
        " (coalesce(t.received_at, (extract(epoch FROM now()) * 1000)::bigint) - t.at) / 1000 AS age_s"             \
        " FROM hq.transfers t JOIN hq.stores f ON f.id = t.store_id"                                                  \
        " WHERE $1::text IS NOT NULL AND $2::text IS NOT NULL AND " where " ORDER BY " order " LIMIT 1000"

static const struct query {
        enum hq_report kind;
        const char *by, *sql;
} queries[] = {
        { HQ_STORES, "store",
          "SELECT s.code AS store, s.last_seq AS received, s.journal_last AS journal,"
          " greatest(s.journal_last - s.last_seq, 0) AS waiting,"
          " coalesce((extract(epoch FROM s.updated_at) * 1000)::bigint, 0) AS received_at,"
          " coalesce((extract(epoch FROM s.contacted_at) * 1000)::bigint, 0) AS contacted_at,"
          " coalesce(extract(epoch FROM now() - s.contacted_at)::bigint, -1) AS silent_s,"
          " s.applied AS hq_version,"
          " (SELECT count(*) FROM hq.changes c WHERE c.id > s.applied AND (c.store_id IS NULL OR c.store_id = s.id))"
          " AS changes_waiting FROM hq.stores s WHERE $1::text IS NOT NULL AND $2::text IS NOT NULL ORDER BY s.code" },
        { HQ_SALES, "store", SALES("s.code", "''", "", "s.code") },
        { HQ_SALES, "day", SALES("d.day::text", "''", "", "d.day") },
        { HQ_SALES, "category", SALES("coalesce(p.category, '')", "''", PRODUCT_JOIN, "1") },
        { HQ_SALES, "product", SALES("coalesce(p.sku, '')", "coalesce(max(p.name), '')", PRODUCT_JOIN, "1") },
        { HQ_STOCK, "store", STOCK("s.code", "''", "", "s.code") },
        { HQ_STOCK, "product", STOCK("coalesce(p.sku, '')", "coalesce(max(p.name), '')", PRODUCT_JOIN, "1") },
        { HQ_TRANSFERS, "in_transit", TRANSFERS("t.receipt IS NULL", "t.at") },
        { HQ_TRANSFERS, "all", TRANSFERS("true", "t.at DESC") },
};

int hq_reports_new(const struct hq_config *c, struct hq_reports **ret, char *err, size_t errsize)
{
        struct hq_reports *r;
        int e;

        if ((e = hq_check_credentials(c->credentials, err, errsize)) < 0)
                return e;
        if (!(r = calloc(1, sizeof(*r))))
                return -ENOMEM;
        r->c = *c;
        pthread_mutex_init(&r->lock, NULL);
        *ret = r;
        return 0;
}

struct hq_reports *hq_reports_free(struct hq_reports *r)
{
        if (r) {
                PQfinish(r->pg);
                pthread_mutex_destroy(&r->lock);
                free(r);
        }
        return NULL;
}

/* The rows as objects: whole numbers as numbers, a quantity (milli-units) as the API
 * gives one. */
static json_t *rows_json(PGresult *res)
{
        json_t *rows = json_array();

        for (int i = 0; rows && i < PQntuples(res); i++) {
                json_t *o = json_object();
                for (int c = 0; o && c < PQnfields(res); c++) {
                        const char *v = PQgetvalue(res, i, c);
                        bool whole = PQftype(res, c) == INT8OID || PQftype(res, c) == INT4OID;
                        json_object_set_new(o, PQfname(res, c),
                                            PQgetisnull(res, i, c)        ? json_null()
                                            : !whole                      ? json_string(v)
                                            : strcmp(PQfname(res, c), "qty") ? json_integer(strtoll(v, NULL, 10))
                                                                           : json_qty(strtoll(v, NULL, 10)));
                }
                json_array_append_new(rows, o);
        }
        return rows;
}

/* A day as YYYY-MM-DD, nothing else. */
static bool is_day(const char *s)
{
        return s && strlen(s) == 10 && strspn(s, "0123456789-") == 10 && s[4] == '-' && s[7] == '-';
}

json_t *hq_report(struct hq_reports *r, enum hq_report kind, const char *from, const char *to, const char *by, int *status,
                  char *err, size_t errsize)
{
        const struct query *q = NULL;
        const char *params[2] = { from ? from : "", to ? to : "" };
        PGresult *res;
        json_t *out = NULL;

        for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
                if (queries[i].kind == kind && (!by || !strcmp(by, queries[i].by)))
                        q = q ? q : &queries[i];
        if (!q || (kind == HQ_SALES && (!is_day(from) || !is_day(to) || strcmp(from, to) > 0))) {
                *status = 422;
                snprintf(err, errsize, "%s",
                         !q ? "by is one of what the report groups by" : "from and to are days, YYYY-MM-DD, from first");
                return NULL;
        }
        pthread_mutex_lock(&r->lock);
        if (r->pg && PQstatus(r->pg) != CONNECTION_OK) {
                PQfinish(r->pg);
                r->pg = NULL;
        }
        if (!r->pg)
                r->pg = hq_connect(&r->c, err, errsize);
        if (r->pg) {
                res = PQexecParams(r->pg, q->sql, 2, NULL, params, NULL, NULL, 0);
                if (PQresultStatus(res) == PGRES_TUPLES_OK) {
                        out = json_pack("{s:o,s:s}", "rows", rows_json(res), "by", q->by);
                        if (out && kind == HQ_SALES)
                                json_object_update_new(out, json_pack("{s:s,s:s}", "from", from, "to", to));
                } else {
                        snprintf(err, errsize, "%s", PQerrorMessage(r->pg));
                        PQfinish(r->pg); /* signed in afresh next time */
                        r->pg = NULL;
                }
                PQclear(res);
        }
        pthread_mutex_unlock(&r->lock);
        if (!out) {
                err[strcspn(err, "\n")] = '\0';
                *status = 503;
        }
        return out;
}
