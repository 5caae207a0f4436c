/* Suppliers and purchase orders: draft -> approved (a manager) -> sent -> partly received
 * -> received, or closed short, or cancelled. Goods come in against an order as goods
 * receipts, never more than was ordered. */
#ifndef POSD_PURCHASING_H
#define POSD_PURCHASING_H

#include <stdbool.h>
#include <stdint.h>

#include "buying/goods_in.h"
#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;
struct actor;

#define PO_LINES_MAX 500

struct supplier {
        int64_t id;
        char code[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char contact[NAME_MAX_LEN + 1];
        char phone[33];
        int terms_days; /* payment terms */
        int lead_days;  /* from order to delivery */
        bool active;
};

struct supplier_input {
        const char *code, *name, *contact, *phone;
        int terms_days, lead_days;
};

/* SUPPLIER_EXISTS (-EEXIST) when the code is taken. Audited. */
int supplier_add(struct ledger *l, const struct actor *a, const struct supplier_input *in, struct supplier *ret);
/* supplier_add, or the supplier with that code changed to in (a chain's HQ keeps them). */
int supplier_put(struct ledger *l, const struct actor *a, const struct supplier_input *in, struct supplier *ret);
/* UNKNOWN_SUPPLIER (-ENOENT). */
int supplier_get(struct ledger *l, const char *code, struct supplier *ret);
int supplier_each(struct ledger *l, int (*fn)(const struct supplier *, void *), void *ud);

/* How a supplier has done, from its orders: those that goods came in against, how many of
 * them by the expected date (their first receipt), the days from order to first receipt
 * on average, and per product the first and the latest unit cost ordered (a price trend). */
struct supplier_product {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        int orders;
        int64_t first_cost, last_cost;
};

struct supplier_record {
        int orders;         /* not cancelled */
        int delivered;      /* with goods in */
        int on_time;        /* first goods in by the expected date */
        int64_t lead_ms;    /* order to first goods in, on average; 0 when none came */
        int64_t received, rejected; /* milli-units over all its order lines */
        size_t nproducts;
        struct supplier_product *products; /* free() */
};

int supplier_record(struct ledger *l, const struct supplier *s, struct supplier_record *ret);

struct po_line_in {
        const char *sku;
        int64_t qty;       /* milli-units, > 0 */
        int64_t unit_cost; /* minor units, >= 0 */
};

struct po_input {
        const char *supplier; /* its code */
        const struct po_line_in *lines;
        size_t nlines;
        int64_t expected_at; /* ms; 0: the supplier's lead time from now */
        const char *note;
};

struct po_line {
        int line;
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        int64_t qty, unit_cost, received;
        int64_t rejected; /* refused on arrival: not in stock, still owed */
};

struct purchase_order {
        int64_t id;
        char number[DOC_NUMBER_MAX + 1];
        char supplier[CODE_MAX_LEN + 1];
        char supplier_name[NAME_MAX_LEN + 1];
        char state[16];
        char note[NAME_MAX_LEN + 1];
        char created_by[NAME_MAX_LEN + 1], approved_by[NAME_MAX_LEN + 1];
        int64_t expected_at, created_at, updated_at;
        int64_t total; /* ordered quantity x unit cost */
        size_t nlines;
        struct po_line *lines;
};

struct purchase_order *po_free(struct purchase_order *po);

/* A draft order, numbered P00000001 on. */
int po_create(struct ledger *l, const struct actor *a, const struct po_input *in, struct purchase_order **ret);
/* UNKNOWN_PO (-ENOENT). */
int po_get(struct ledger *l, const char *number, struct purchase_order **ret);
/* Orders in a state ("" or NULL: all), newest first, at most limit, without their lines. */
int po_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct purchase_order *, void *),
            void *ud);

enum po_action { PO_APPROVE, PO_SEND, PO_CANCEL, PO_CLOSE };
/* approve: a draft, by a manager (APPROVAL_REQUIRED otherwise); send: an approved order;
 * cancel: before anything came in; close: one partly received, waiting for no more.
 * PO_WRONG_STATE (-EBUSY) otherwise. Audited. */
int po_act(struct ledger *l, const struct actor *a, const char *number, enum po_action act,
           struct purchase_order **ret);

struct po_receive_line {
        int line;
        int64_t qty;      /* milli-units accepted into stock, >= 0 */
        int64_t rejected; /* milli-units refused, >= 0; qty + rejected > 0 */
        const char *lot;  /* the batch what is accepted comes in as (see receipt_line_in) */
        int64_t expires_at;
};

/* Goods in against an approved or sent order: a goods receipt of what is accepted, at the
 * order's costs, in one transaction with the order's received and rejected quantities and
 * its new state. Refused goods stay owed: a line is complete when enough was accepted.
 * Accepting more than is still to come on a line is RECEIVE_EXCEEDS_ORDER (-EINVAL) unless
 * a manager does it or approves it (audited as po_over_receipt). When
 * everything is refused no receipt is posted (ret_receipt->number is ""). idem_key as for
 * any posting; location: where the goods go (NULL: the default one). */
int po_receive(struct ledger *l, const struct actor *a, const char *idem_key, const char *location,
               const char *number, const struct po_receive_line *lines, size_t n, struct doc_result *ret_receipt,
               struct purchase_order **ret);

/* Goods in without an order, from a known supplier: a manager's act, or approved by one
 * (a->approver); APPROVAL_REQUIRED (-EPERM) otherwise. The receipt names the supplier and
 * records the approval; audited as receipt_without_order (supplier_goods.c). */
int receive_without_order(struct ledger *l, const struct actor *a, const char *supplier, const struct receipt_in *in,
                          struct doc_result *ret);

struct supplier_return_line {
        const char *sku;
        int64_t qty;       /* milli-units, > 0 */
        int64_t unit_cost; /* minor units credited a unit; < 0: the average cost */
};

struct supplier_return_in {
        struct doc_head h; /* h.location: where the goods leave from */
        const char *supplier;
        const char *reason;
        const struct supplier_return_line *lines;
        size_t nlines;
};

/* Goods back to a supplier from stock (SR00000001 on): out of the location, and the
 * supplier's account credited with their value. More than the location holds is
 * INSUFFICIENT_STOCK. */
int post_supplier_return(struct ledger *l, const struct supplier_return_in *in, struct doc_result *ret);

/* A product that should be ordered now (reorder.c). Quantities in milli-units. */
struct reorder_line {
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char supplier[CODE_MAX_LEN + 1]; /* of its latest order; "" when never ordered */
        int lead_days;
        int64_t on_hand, on_order;
        int64_t daily;     /* sold a day over the last four weeks */
        int64_t qty;       /* to order */
        int64_t unit_cost; /* of its latest order */
};

/* What to order now, by supplier; fn per product; the count. */
int reorder_suggest(struct ledger *l, int (*fn)(const struct reorder_line *, void *), void *ud);
/* The suggestions as draft orders, one per supplier (products never ordered are left out:
 * no supplier is known), in one transaction; made() per draft. */
int reorder_draft(struct ledger *l, const struct actor *a, int (*made)(const struct purchase_order *, void *),
                  void *ud);

#endif
