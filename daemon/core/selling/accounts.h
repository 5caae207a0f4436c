/* What is owed: to suppliers (their invoices less what was paid them) and by customers
 * (invoices for orders shipped on account, less their payments and credit notes); goods
 * sent back to a supplier are a credit on its account. Each
 * invoice, payment and credit note is a posted, journalled document; balances and ageing
 * are worked out from them, payments settling the oldest invoices first. */
#ifndef POSD_ACCOUNTS_H
#define POSD_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;
struct actor;

#define ACCOUNT_REF_MAX 64

struct supplier_invoice_in {
        struct doc_head h;     /* h.at_ms: the invoice's date (0: today) */
        const char *supplier;  /* its code */
        const char *reference; /* the supplier's own invoice number, once per supplier */
        const char *po;        /* the order it bills, NULL: none */
        int64_t amount;        /* minor units, tax included, > 0 */
        int64_t due_at;        /* 0: the supplier's terms after the invoice's date */
        const char *note;
};

/* Numbered PI00000001 on. Errors: UNKNOWN_SUPPLIER, UNKNOWN_PO, PO_OF_ANOTHER_SUPPLIER,
 * INVOICE_EXISTS (-EEXIST, the same reference twice), BAD_AMOUNT. */
int post_supplier_invoice(struct ledger *l, const struct supplier_invoice_in *in, struct doc_result *ret);

struct account_payment_in {
        struct doc_head h;
        const char *method; /* bank, cash, card, other */
        int64_t amount;     /* minor units, > 0 */
        const char *reference;
};

/* A payment to a supplier (PAY00000001 on) or from a customer (RCV00000001 on). More than
 * is owed is PAYMENT_EXCEEDS_BALANCE: an advance is not an account's business here. A
 * customer's payment clears what they owe with money no till counts: it is a manager's
 * to record, or approve (APPROVAL_REQUIRED). */
int post_supplier_payment(struct ledger *l, const char *supplier, const struct account_payment_in *in,
                          struct doc_result *ret);
int post_customer_payment(struct ledger *l, const struct actor *a, int64_t customer_id,
                          const struct account_payment_in *in, struct doc_result *ret);

enum { AGE_CURRENT, AGE_1_30, AGE_31_60, AGE_61_90, AGE_OVER_90, AGE__COUNT };

/* One line of a statement. amount is what it adds to the balance (a payment or credit
 * less than zero); for an invoice, open is what is still unpaid of it and days_overdue
 * how long past due that is at the statement's time (0: not yet due). */
struct account_entry {
        char kind[16]; /* invoice, payment, credit */
        char number[DOC_NUMBER_MAX + 1];
        char reference[ACCOUNT_REF_MAX + 1];
        int64_t at, due_at;
        int64_t amount, balance;
        int64_t open;
        int days_overdue;
};

struct account_summary {
        int64_t invoiced, paid, credited; /* paid and credited >= 0 */
        int64_t balance;                  /* invoiced - paid - credited */
        int64_t overdue;                  /* open on invoices past due */
        int64_t ageing[AGE__COUNT];       /* open by days past due */
};

/* A supplier's (by code) or a customer's account at time now (ms): fn (may be NULL) per
 * entry, oldest first, then *ret. */
int supplier_account(struct ledger *l, const char *supplier, int64_t now,
                     int (*fn)(const struct account_entry *, void *), void *ud, struct account_summary *ret);
int customer_account(struct ledger *l, int64_t customer_id, int64_t now,
                     int (*fn)(const struct account_entry *, void *), void *ud, struct account_summary *ret);

/* Every supplier (payables) or customer (receivables) with anything on its account: fn
 * with its code or id as text, its name and its summary at now. */
typedef int (*account_fn)(const char *party, const char *name, const struct account_summary *, void *);
int payables_each(struct ledger *l, int64_t now, account_fn fn, void *ud);
int receivables_each(struct ledger *l, int64_t now, account_fn fn, void *ud);

#endif
