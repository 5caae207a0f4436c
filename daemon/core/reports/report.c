/* The sales report: sums per time slot, read straight from the posted sales and returns
 * (both indexed by time). */
#include <errno.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "reports/report.h"

static int add_rows(struct ledger *l, const char *sql, int64_t from, int64_t to, int64_t bucket_ms,
                    struct sales_bucket *out, int n, int sign)
{
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, to);
        sqlite3_bind_int64(st, 3, bucket_ms);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t b = sqlite3_column_int64(st, 0);
                struct sales_bucket *s;
                if (b < 0 || b >= n)
                        continue;
                s = &out[b];
                if (sign > 0) {
                        s->sales += sqlite3_column_int64(st, 1);
                        s->gross += sqlite3_column_int64(st, 2);
                } else {
                        s->returns += sqlite3_column_int64(st, 1);
                        s->refunds += sqlite3_column_int64(st, 2);
                }
                s->tax += sign * sqlite3_column_int64(st, 3);
                s->cost += sign * sqlite3_column_int64(st, 4);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "reading the sales report");
}

int report_sales(struct ledger *l, int64_t from, int64_t to, int64_t bucket_ms, struct sales_bucket *out, int *ret_n)
{
        static const char sales[] =
                "SELECT (at - ?1) / ?3, count(*), sum(total + rounding), sum(tax), sum(cost) FROM sales"
                " WHERE at >= ?1 AND at < ?2 GROUP BY 1";
        static const char returns[] =
                "SELECT (at - ?1) / ?3, count(*), sum(total), sum(tax), sum(cost) FROM returns"
                " WHERE at >= ?1 AND at < ?2 GROUP BY 1";
        int64_t n, span;
        int r;

        clear_err(l);
        if (to <= from || bucket_ms < 60000)
                return fail(l, -EINVAL, "BAD_RANGE", "the report needs from before to, and slots of a minute or more");
        span = to - from; /* both are >= 0: no overflow */
        if (span / bucket_ms >= REPORT_BUCKETS_MAX)
                return fail(l, -EINVAL, "BAD_RANGE", "at most %d slots in one report", REPORT_BUCKETS_MAX);
        n = span / bucket_ms + (span % bucket_ms != 0);
        memset(out, 0, sizeof(*out) * (size_t)n);
        for (int64_t i = 0; i < n; i++)
                out[i].start = from + i * bucket_ms;
        if ((r = add_rows(l, sales, from, to, bucket_ms, out, (int)n, 1)) < 0 ||
            (r = add_rows(l, returns, from, to, bucket_ms, out, (int)n, -1)) < 0)
                return r;
        *ret_n = (int)n;
        return 0;
}
