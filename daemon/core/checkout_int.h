/* Checkout internals shared by its files. */
#ifndef POSD_CHECKOUT_INT_H
#define POSD_CHECKOUT_INT_H

#include "checkout.h"
#include "posting_int.h"

/* A ticket, priced; NULL lane: any lane. */
int ticket_load_lane(struct ledger *l, const char *lane, const char *id, struct ticket **ret);

/* What a discount takes off a base, never more than the base. */
int64_t discount_of(struct discount d, int64_t base);


#endif
