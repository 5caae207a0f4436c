/* Customers a sale can be made out to: found at the till by name or phone. */
#ifndef POSD_CUSTOMERS_H
#define POSD_CUSTOMERS_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/store.h"

struct ledger;
struct actor;

#define CUSTOMER_PHONE_MAX 32

struct customer {
        int64_t id;
        char name[NAME_MAX_LEN + 1];
        char phone[CUSTOMER_PHONE_MAX + 1];
        int64_t created_at;
        int64_t credit_limit; /* minor units owed at most on account; 0: no account */
        int terms_days;       /* an invoice is due this long after it */
        char contact[NAME_MAX_LEN + 1];
};

struct customer_account_in {
        int64_t credit_limit;
        int terms_days;
        const char *contact; /* NULL: kept */
};

/* A new customer, audited as a's act. The phone is digits, spaces, + and -, and unique
 * when given: -EEXIST (PHONE_TAKEN) otherwise. */
int customer_add(struct ledger *l, const struct actor *a, const char *name, const char *phone, struct customer *ret);
/* -ENOENT (UNKNOWN_CUSTOMER) when there is none. */
int customer_get(struct ledger *l, int64_t id, struct customer *ret);
/* Customers whose phone starts with q or whose name holds q, by name; the count. */
int customer_search(struct ledger *l, const char *q, int limit, int (*fn)(const struct customer *, void *), void *ud);

/* What a customer bought: counter sales made out to it and its sales orders, newest
 * first, at most limit; the count passed. kind is "sale" or "order"; state "" for a sale. */
struct customer_purchase {
        char kind[8];
        char number[32];
        char state[16];
        int64_t at, total;
};
int customer_purchases(struct ledger *l, int64_t id, int limit, int (*fn)(const struct customer_purchase *, void *),
                       void *ud);

/* A customer's account terms, set by a manager (APPROVAL_REQUIRED); audited. */
int customer_set_account(struct ledger *l, const struct actor *a, int64_t id, const struct customer_account_in *in,
                         struct customer *ret);

#endif
