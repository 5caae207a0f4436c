/* HQ's reports, for a posd that serves them ([hq] serve = reports): HQ's PostgreSQL read
 * as a reader role (posctl hq add-reader), one connection kept and made again when lost,
 * each report one query. */
#ifndef POSD_HQ_REPORTS_H
#define POSD_HQ_REPORTS_H

#include <jansson.h>
#include <stddef.h>

#include "config.h"

struct hq_reports;

enum hq_report {
        HQ_STORES, /* each store's sync: last entry received, what waits, lag, HQ's version */
        HQ_SALES,  /* sales less returns, by store, day, category or product */
        HQ_STOCK,  /* stock and its value, by store or product */
        HQ_TRANSFERS, /* transfers between stores: in transit, or all */
};

/* -EPERM/-ENOENT with why in err when the credentials file will not do. */
int hq_reports_new(const struct hq_config *c, struct hq_reports **ret, char *err, size_t errsize);
struct hq_reports *hq_reports_free(struct hq_reports *r);

/* A report: {"rows": [...], "by"} (sales: "from", "to" too), at most 1000 rows, or NULL
 * with why in err and the HTTP status to answer with in *status: 422 for a bad by or
 * range, 503 when HQ cannot be reached or fails. from and to: YYYY-MM-DD, both days in
 * (sales); by (NULL: the first): store, day, category, product (sales), store, product
 * (stock), in_transit, all (transfers). */
json_t *hq_report(struct hq_reports *r, enum hq_report kind, const char *from, const char *to, const char *by, int *status,
                  char *err, size_t errsize);

#endif
