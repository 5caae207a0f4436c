/* Checkout internals shared by its files. */
#ifndef POSD_CHECKOUT_INT_H
#define POSD_CHECKOUT_INT_H

#include "till/checkout.h"
#include "ledger/posting_int.h"

/* A ticket, priced; NULL lane: any lane. */
int ticket_load_lane(struct ledger *l, const char *lane, const char *id, struct ticket **ret);

/* What a discount takes off a base, never more than the base. */
int64_t discount_of(struct discount d, int64_t base);


/* Run sql on the ticket's row(s): ?1 the ticket's id, ?2 and ?3 the numbers. */
int ticket_exec(struct ledger *l, const char *sql, const char *id, int64_t a, int64_t b, const char *what);

/* The policy as it stands: a discount allowance or cash rounding a manager set among the
 * store's settings wins over posd.conf's (conf); the rest is conf's. */
int policy_effective(struct ledger *l, const struct checkout_policy *conf, struct checkout_policy *ret);

/* Approvals (approvals.c): which is a line's number, or one of these. */
enum { APPROVAL_TICKET = 0, APPROVAL_ALL = -1 };
/* APPROVAL_REQUIRED (-EPERM) when what is taken off is neither within the cashier's
 * allowance nor what a manager approved, naming what and how much. */
int approval_check(struct ledger *l, const struct checkout_policy *pol, const struct ticket *t, int which);
/* Inside an edit of ticket id, after the change. With check (a change that may take more
 * off): a manager at hand (the actor or an approver) approves what which names and is not
 * covered, as it now stands, audited; then what which names must be covered. Without (a
 * change that takes nothing more off; pol may be NULL): nothing is approved or refused.
 * Either way every approval is cut down to what is now taken off. */
int approval_settle(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                    int which, bool check);

/* Close an open ticket as completed by a sale, inside the sale's transaction. */
int ticket_mark_completed(struct ledger *l, const char *ticket_id, int64_t version, int64_t sale_id, int64_t at);

/* Cash going out of a shift's drawer is in it: INSUFFICIENT_CASH (-EINVAL) otherwise;
 * shift 0: no drawer. */
int shift_cash_covers(struct ledger *l, int64_t shift_id, int64_t amount);

/* Inside a posting: the shift it belongs to is still open (NO_OPEN_SHIFT); 0: none. */
int shift_still_open(struct ledger *l, int64_t shift_id);

#endif
