/* Checkout internals shared by its files. */
#ifndef POSD_CHECKOUT_INT_H
#define POSD_CHECKOUT_INT_H

#include "till/checkout.h"
#include "ledger/posting_int.h"

/* A ticket, priced; NULL lane: any lane. */
int ticket_load_lane(struct ledger *l, const char *lane, const char *id, struct ticket **ret);

/* What a discount takes off a base, never more than the base. */
int64_t discount_of(struct discount d, int64_t base);


/* Close an open ticket as completed by a sale, inside the sale's transaction. */
int ticket_mark_completed(struct ledger *l, const char *ticket_id, int64_t version, int64_t sale_id, int64_t at);

/* Inside a posting: the shift it belongs to is still open (NO_OPEN_SHIFT); 0: none. */
int shift_still_open(struct ledger *l, int64_t shift_id);

#endif
