/* Sales away from the counter (phone, web shop, B2B), on the customer's account:
 * ordered -> picked -> shipped (the stock leaves, a posted shipment) -> invoiced (the
 * receivable, a posted invoice due after the customer's terms), or cancelled before it
 * ships. Goods come back against an invoiced order as a credit note: stock in again at
 * the cost they left with, the receivable reduced. */
#ifndef POSD_SALES_ORDER_H
#define POSD_SALES_ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;
struct actor;

#define SO_LINES_MAX 500

struct so_line_in {
        const char *sku;
        int64_t qty;        /* milli-units, > 0 */
        int64_t unit_price; /* minor units; < 0: the catalog price */
};

struct so_input {
        int64_t customer_id;
        const char *location; /* where it ships from; NULL: the default one */
        const char *note;
        const struct so_line_in *lines;
        size_t nlines;
};

struct so_line {
        int line;
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        int64_t qty, unit_price, amount, tax, returned;
        int tax_rate_bp;
};

struct sales_order {
        int64_t id;
        char number[DOC_NUMBER_MAX + 1];
        int64_t customer_id;
        char customer[NAME_MAX_LEN + 1];
        char location[CODE_MAX_LEN + 1];
        char state[16];
        char note[NAME_MAX_LEN + 1];
        char created_by[NAME_MAX_LEN + 1], approved_by[NAME_MAX_LEN + 1];
        char shipment[DOC_NUMBER_MAX + 1], invoice[DOC_NUMBER_MAX + 1]; /* "" until then */
        int64_t total, tax, created_at, updated_at, due_at;
        size_t nlines;
        struct so_line *lines;
};

struct sales_order *so_free(struct sales_order *so);

/* An order, numbered SO00000001 on. What the customer would then owe (its balance, its
 * open orders and this one) over its credit limit is CREDIT_LIMIT (-EPERM) unless a
 * manager approves it (a->approver, or a manager's own order). */
int so_create(struct ledger *l, const struct actor *a, const struct so_input *in, struct sales_order **ret);
/* UNKNOWN_SO (-ENOENT). */
int so_get(struct ledger *l, const char *number, struct sales_order **ret);
/* Newest first, in a state ("" or NULL: any), for a customer (0: any), without lines. */
int so_each(struct ledger *l, const char *state, int64_t customer_id, int limit,
            int (*fn)(const struct sales_order *, void *), void *ud);

enum so_action { SO_PICK, SO_CANCEL };
/* pick: an ordered order; cancel: one not shipped. SO_WRONG_STATE (-EBUSY) otherwise. */
int so_act(struct ledger *l, const struct actor *a, const char *number, enum so_action act, struct sales_order **ret);

/* Ship a picked order: a shipment (SH00000001 on) takes every line out of stock at the
 * average cost; more than the location holds is INSUFFICIENT_STOCK. */
int so_ship(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
            struct doc_result *ret_doc, struct sales_order **ret);
/* Invoice a shipped order: the customer owes its total (INV00000001 on). */
int so_invoice(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
               struct doc_result *ret_doc, struct sales_order **ret);

struct so_return_line {
        int line;
        int64_t qty; /* milli-units, > 0, at most what is left unreturned */
};
/* Goods back against an invoiced order: a credit note (CN00000001 on) for their share of
 * the lines, stock in at the cost they shipped at. RETURN_EXCEEDS_ORDER when more comes
 * back than went out. */
int so_return(struct ledger *l, const struct actor *a, const char *idem_key, const char *number,
              const struct so_return_line *lines, size_t n, const char *reason, struct doc_result *ret_doc,
              struct sales_order **ret);

#endif
