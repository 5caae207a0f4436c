/* HQ's reports, for HQ's managers, from a posd that serves them ([hq] serve = reports):
 * each store's sync, sales and stock across the chain, and transfers between stores, as
 * JSON or CSV. */
#include "api_int.h"
#include "reports.h"

static void chain_report(struct req *r, enum hq_report kind, const char *name)
{
        char err[512];
        int status = 503;
        json_t *doc;

        if (!r->api->reports)
                return reply_error(r, 404, "NOT_HQ", "this posd serves no HQ reports: [hq] serve = reports in posd.conf");
        /* the store's handle goes back before HQ is asked: a slow HQ holds up no till */
        pool_put(r->lpool, r->l);
        r->l = NULL;
        if (!(doc = hq_report(r->api->reports, kind, query(r, "from"), query(r, "to"), query(r, "by"), &status, err,
                              sizeof(err))))
                return reply_error(r, status, status == 422 ? "BAD_QUERY" : "HQ_UNAVAILABLE", "%s", err);
        reply_report(r, doc, "rows", name);
}

void h_chain_stores(struct req *r)
{
        chain_report(r, HQ_STORES, "chain-stores.csv");
}

void h_chain_sales(struct req *r)
{
        chain_report(r, HQ_SALES, "chain-sales.csv");
}

void h_chain_stock(struct req *r)
{
        chain_report(r, HQ_STOCK, "chain-stock.csv");
}

void h_chain_transfers(struct req *r)
{
        chain_report(r, HQ_TRANSFERS, "chain-transfers.csv");
}
