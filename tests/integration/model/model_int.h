/* What the interpreter (run.c) and the checks (check.c) share: the model of the store. */
#ifndef POSD_MODEL_INT_H
#define POSD_MODEL_INT_H

#include "model/model.h"

#define MAX_SKUS 12
#define LOCS 2 /* SHOP (the default), BACK */
#define MAX_LINES 16
#define MAX_DOCS 4096
#define LIMIT_BP 1000 /* max_discount_percent = 10 */

enum doc { D_SALE, D_RETURN, D_CASH, D_TRANSFER, D_TRANSFER_IN, D_RECEIPT, D_SHIPMENT, D_INVOICE, D_CPAY, D_SO,
           D_PO, D_ADJ, D__COUNT };
enum tender { CASH, CARD, OTHER, TENDERS };

struct mline {
        int line, sku;
        int64_t qty, gross, own_disc;
        int64_t approved; /* the amount off a manager saw on it; -1: none */
};

struct mticket {
        char id[24];
        struct mline lines[MAX_LINES];
        int n, npay;
        int64_t approved; /* the ticket's amount off a manager saw; -1: none */
        int64_t total, due, ticket_off, paid[TENDERS];
};

struct mlane {
        bool shift;
        int64_t opening, sales, returns, gross, refunds, by_method[TENDERS], pay_in, pay_out;
        bool has_open;
        struct mticket open;
        struct mticket held[6]; /* suspended */
        int nheld;
};

struct msale {
        char number[16];
        int n;
        int sku[MAX_LINES];
        int64_t qty[MAX_LINES], returned[MAX_LINES];
        int64_t paid[TENDERS], refunded[TENDERS]; /* paid: taken less change */
};

struct mdoc { /* transfers, sales orders, purchase orders */
        char number[16];
        int state, from, to, sku;
        int64_t qty, done, total;
};

struct model {
        char sku[MAX_SKUS][16];
        int64_t price[MAX_SKUS];
        int nskus;
        int64_t stock[MAX_SKUS][LOCS];
        int64_t docs[D__COUNT];
        struct mlane lane[2];
        struct msale *sales;
        int nsales;
        struct mdoc transfers[MAX_DOCS], sos[MAX_DOCS], pos[MAX_DOCS];
        int ntransfers, nsos, npos;
        int64_t sales_total, refunds_total, pay_in, pay_out, invoiced, customer_paid, transit_lost;
        long customer;
        int imports;
};

struct ctx {
        struct posd p;
        const struct run_opts *o;
        struct run_result *res;
        const struct op *op;
        int step;
        unsigned sub; /* requests of this step, for their keys */
        char tok[ACTORS][80];
        const char *powerloss;
        char fault_file[200], fault_env[256];
        int wrong_run; /* wrong PINs in a row from 127.0.0.1 */
        struct model m;
};

/* the test fails here: tag names the invariant; returns false */
bool model_fail(struct ctx *c, const char *tag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* After every op: documents per kind, stock per product and location against the model
 * and against the sum of movements, refunds within what was paid per tender per sale. */
bool check_store(struct ctx *c);
/* A completed sale takes off its lines' list prices no more than managers saw or the
 * cashier's allowance. */
bool check_sale(struct ctx *c, const char *number, const struct mticket *t, bool boss);
/* A Z (or X) report: the model's figures and the sums of the shift's documents. */
bool check_shift(struct ctx *c, int lane, json_t *report);
/* Every N ops and at the end: posctl verify, the finance report, the open shifts' X. */
bool check_deep(struct ctx *c);
/* A sale's line as stored. */
int64_t discount_of_json(json_t *d, int64_t base);

#endif
