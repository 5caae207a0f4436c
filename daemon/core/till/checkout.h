/* Checkout: shifts, cash, tickets being rung up, and the audit log of sensitive acts.
 *
 * A ticket lives in the database from its first line, so neither a restart nor a
 * browser crash loses it. Every change is one transaction; completing a ticket posts the
 * sale (posting.h) and closes the ticket in that same transaction. */
#ifndef POSD_CHECKOUT_H
#define POSD_CHECKOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/posting.h"
#include "ledger/store.h"
#include "till/sale.h"

struct ledger;

/* Limits the store sets in posd.conf. */
struct checkout_policy {
        int max_discount_bp; /* discounts above this need a manager */
        int64_t cash_step;   /* cash rounding step in minor units; 1: none */
        const char *printer; /* the lane's receipt printer; NULL: none */
        bool kick_drawer;    /* the lane's drawer opens for cash */
        const char *drawer;  /* a drawer on a line of its own gets the kicks; NULL: on the printer */
};

/* ---- shifts and cash ---------------------------------------------------------- */

struct shift_report {
        int64_t shift_id;
        char lane[CODE_MAX_LEN + 1];
        char opened_by[NAME_MAX_LEN + 1];
        int64_t opened_at, closed_at; /* closed_at 0 while open */
        int64_t opening_float;
        int64_t sales_count, returns_count;
        int64_t gross;   /* sales totals */
        /* returns: the goods' value as their sales charged it, the money given back, and
         * what a refund short of the goods' value kept */
        int64_t goods_returned, money_refunded, kept_on_returns;
        int64_t net;     /* gross + rounding - money refunded: what the lane took */
        int64_t tax;     /* tax on sales less tax on returns */
        int64_t rounding;
        int64_t by_method[TENDER__COUNT]; /* taken less change and refunds, per tender */
        int64_t pay_in, pay_out;
        int64_t expected_cash, counted_cash, variance;
};

int shift_open(struct ledger *l, const struct actor *a, int64_t opening_float, struct shift_report *ret);
/* The lane's open shift; -ENOENT (NO_OPEN_SHIFT) when there is none. */
int shift_current_id(struct ledger *l, const char *lane, int64_t *ret_id);
/* The X report: figures so far. */
int shift_report(struct ledger *l, int64_t shift_id, struct shift_report *ret);
/* The Z report: close the lane's shift with the cash counted in the drawer. */
int shift_close(struct ledger *l, const struct actor *a, int64_t counted_cash, struct shift_report *ret);

enum cash_kind { CASH_PAY_IN, CASH_PAY_OUT };
int cash_move(struct ledger *l, const struct actor *a, const char *idem_key, enum cash_kind kind, int64_t amount,
              const char *reason, struct doc_result *ret);

/* ---- tickets -------------------------------------------------------------------- */

#define TICKET_ID_LEN 16
#define TICKET_LINES_MAX 500

enum discount_kind { DISCOUNT_NONE, DISCOUNT_PERCENT, DISCOUNT_AMOUNT };

struct discount {
        enum discount_kind kind;
        int64_t value; /* percent: basis points (1000 = 10%); amount: minor units */
};

struct ticket_line {
        int line; /* stable number; voided lines keep theirs */
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char spec[SPEC_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        int64_t qty, unit_price, catalog_price;
        int64_t list_price; /* the price it was rung up at, before any override */
        bool price_overridden;
        bool measured; /* sold by weight or measure: its qty is what was weighed */
        struct discount discount;
        int64_t approved_off; /* the amount off a manager approved for this line; -1: none */
        int tax_rate_bp;
        /* derived; discount_amount includes the line's share of the ticket's discount */
        int64_t gross, discount_amount, amount, tax;
        int64_t list_gross, share;
};

struct ticket {
        char id[TICKET_ID_LEN + 1];
        char lane[CODE_MAX_LEN + 1];
        char user[NAME_MAX_LEN + 1];
        char state[12]; /* open, suspended, completed, voided */
        struct discount discount;
        int64_t approved_off; /* the ticket discount a manager approved; -1: none */
        int64_t version;
        int64_t updated_at; /* ms: its last change (for a suspended one, when it was put aside) */
        char sale_number[DOC_NUMBER_MAX + 1];
        int64_t customer_id; /* 0: none */
        char customer_name[NAME_MAX_LEN + 1];
        char customer_phone[33];
        size_t nlines;
        struct ticket_line *lines;
        size_t npayments;
        struct payment payments[DOC_PAYMENTS_MAX];
        int payment_seq[DOC_PAYMENTS_MAX]; /* each payment's number, kept when one is removed */
        /* derived */
        int64_t subtotal, discount_total, total, tax, paid, due;
        int64_t net, ticket_off; /* what the lines leave, and the ticket discount taken from it */
};

struct ticket *ticket_free(struct ticket *t);
const char *discount_kind_name(enum discount_kind k);

/* A new open ticket on the actor's lane (an open shift is needed; one open ticket per
 * lane: TICKET_ALREADY_OPEN otherwise). */
int ticket_open(struct ledger *l, const struct actor *a, struct ticket **ret);
/* A ticket of the actor's lane by id. */
int ticket_get(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret);
/* The id of the lane's open ticket; -ENOENT when there is none. */
int ticket_current(struct ledger *l, const char *lane, char ret_id[static TICKET_ID_LEN + 1]);
/* The lane's tickets in a state ("suspended", "open"), newest first; fn gets each. */
int ticket_each(struct ledger *l, const char *lane, const char *state, int (*fn)(const struct ticket *, void *),
                void *ud);

/* Add a line by barcode (weight or price labels give the quantity) or by SKU. qty 0
 * means one unit, or the label's. */
int ticket_add(struct ledger *l, const struct actor *a, const char *id, const char *barcode, const char *sku,
               int64_t qty, struct ticket **ret);
/* What a manager approved covers the amount off they saw: a quantity that takes more off
 * needs a manager again (APPROVAL_REQUIRED) or an approver; changed under an approval, it
 * is audited. */
int ticket_set_qty(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id, int line,
                   int64_t qty, struct ticket **ret);
/* Needs a manager: the actor's own role or an approver. Audited. */
int ticket_set_price(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                     int line, int64_t price, struct ticket **ret);
/* Over the policy's limit a discount needs a manager, whose approval covers the amount
 * off as it now is; a cashier's change drops an approval. line 0: the whole ticket. */
int ticket_set_discount(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                        int line, struct discount d, struct ticket **ret);
int ticket_void_line(struct ledger *l, const struct actor *a, const char *id, int line, struct ticket **ret);
/* The customer the sale is made out to; 0 takes it off. UNKNOWN_CUSTOMER (-ENOENT). */
int ticket_set_customer(struct ledger *l, const struct actor *a, const char *id, int64_t customer_id,
                        struct ticket **ret);
int ticket_pay(struct ledger *l, const struct actor *a, const char *id, enum tender method, int64_t amount,
               struct ticket **ret);
int ticket_unpay(struct ledger *l, const struct actor *a, const char *id, int seq, struct ticket **ret);
int ticket_suspend(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret);
int ticket_resume(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret);
/* Void a whole ticket. Audited. */
int ticket_void(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret);

/* Complete: post the sale with the ticket's payments. A completed ticket completes
 * again to its first sale. The key defaults to the ticket's own. What is taken off must
 * be covered as the ticket now stands (APPROVAL_REQUIRED); a manager completing, or an
 * approver, approves it. */
int ticket_complete(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                    const char *idem_key, struct doc_result *ret);

#endif
