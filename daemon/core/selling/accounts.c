/* Payables and receivables: see accounts.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selling/accounts.h"
#include "people/customers.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "buying/purchasing.h"
#include "ledger/audit.h"


static int check_payment(struct ledger *l, struct posting *p, const struct account_payment_in *in)
{
        static const char *const methods[] = { "bank", "cash", "card", "other" };
        bool known = false;
        int r;

        for (size_t i = 0; i < 4; i++)
                known |= in->method && !strcmp(in->method, methods[i]);
        if (!known)
                return fail(l, -EINVAL, "BAD_METHOD", "a payment is made by bank, cash, card or other");
        if (in->amount <= 0 || in->amount > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "a payment is more than nothing");
        if ((r = check_text(l, "reference", in->reference, ACCOUNT_REF_MAX, false)) < 0)
                return r;
        req_str(p, in->method);
        req_int(p, in->amount);
        req_str(p, in->reference);
        return 0;
}

/* ---- statements ---- */

struct statement {
        struct account_entry *e;
        size_t n, cap;
};

static int read_entries(struct ledger *l, const char *sql, int64_t party, struct statement *s)
{
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, party);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct account_entry *e;
                if (grow(l, (void **)&s->e, &s->cap, s->n, sizeof(*s->e)) < 0) {
                        sqlite3_reset(st);
                        return l->e.num;
                }
                e = &s->e[s->n++];
                memset(e, 0, sizeof(*e));
                utf8_cut(e->kind, sizeof(e->kind), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(e->number, sizeof(e->number), (const char *)sqlite3_column_text(st, 1));
                utf8_cut(e->reference, sizeof(e->reference), (const char *)sqlite3_column_text(st, 2));
                e->at = sqlite3_column_int64(st, 3);
                e->due_at = sqlite3_column_int64(st, 4);
                e->amount = sqlite3_column_int64(st, 5);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "reading an account");
}

static int age_bucket(int days)
{
        return days <= 0 ? AGE_CURRENT : days <= 30 ? AGE_1_30 : days <= 60 ? AGE_31_60 : days <= 90 ? AGE_61_90
                                                                                             : AGE_OVER_90;
}

/* What was paid or credited settles the oldest invoices first; the rest is open. */
static void settle(struct statement *s, int64_t now, struct account_summary *sum)
{
        int64_t credit = 0, balance = 0;

        memset(sum, 0, sizeof(*sum));
        for (size_t i = 0; i < s->n; i++) {
                struct account_entry *e = &s->e[i];
                if (!strcmp(e->kind, "invoice"))
                        sum->invoiced += e->amount;
                else
                        *(strcmp(e->kind, "payment") ? &sum->credited : &sum->paid) -= e->amount;
                credit -= e->amount < 0 ? e->amount : 0;
                balance += e->amount;
                e->balance = balance;
        }
        sum->balance = balance;
        for (size_t i = 0; i < s->n; i++) {
                struct account_entry *e = &s->e[i];
                int64_t used;
                if (strcmp(e->kind, "invoice"))
                        continue;
                used = credit < e->amount ? credit : e->amount;
                credit -= used;
                e->open = e->amount - used;
                e->days_overdue = now > e->due_at ? (int)((now - e->due_at) / DAY_MS) + 1 : 0;
                if (e->open) {
                        sum->ageing[age_bucket(e->days_overdue)] += e->open;
                        sum->overdue += e->days_overdue ? e->open : 0;
                }
        }
}

static int account(struct ledger *l, const char *sql, int64_t party, int64_t now,
                   int (*fn)(const struct account_entry *, void *), void *ud, struct account_summary *ret)
{
        struct statement s = { 0 };
        int r = read_entries(l, sql, party, &s);

        if (r == 0) {
                settle(&s, now, ret);
                for (size_t i = 0; fn && i < s.n && r == 0; i++)
                        r = fn(&s.e[i], ud);
        }
        free(s.e);
        return r;
}

static const char supplier_sql[] =
        "SELECT 'invoice', number, reference, at, due_at, amount FROM supplier_invoices WHERE supplier_id = ?1 "
        "UNION ALL SELECT 'payment', number, reference, at, at, -amount FROM supplier_payments WHERE supplier_id = ?1 "
        "UNION ALL SELECT 'credit', number, reason, at, at, -value FROM supplier_returns WHERE supplier_id = ?1 "
        "ORDER BY 4, 2";

static const char customer_sql[] =
        "SELECT 'invoice', i.number, o.number, i.at, i.due_at, i.total FROM customer_invoices i "
        "JOIN sales_orders o ON o.id = i.so_id WHERE i.customer_id = ?1 "
        "UNION ALL SELECT 'credit', number, reason, at, at, -total FROM credit_notes WHERE customer_id = ?1 "
        "UNION ALL SELECT 'payment', number, reference, at, at, -amount FROM customer_payments WHERE customer_id = ?1 "
        "ORDER BY 4, 2";

int supplier_account(struct ledger *l, const char *supplier, int64_t now,
                     int (*fn)(const struct account_entry *, void *), void *ud, struct account_summary *ret)
{
        struct supplier s;
        int r = supplier_get(l, supplier, &s);

        return r < 0 ? r : account(l, supplier_sql, s.id, now, fn, ud, ret);
}

int customer_account(struct ledger *l, int64_t customer_id, int64_t now,
                     int (*fn)(const struct account_entry *, void *), void *ud, struct account_summary *ret)
{
        struct customer c;
        int r = customer_get(l, customer_id, &c);

        return r < 0 ? r : account(l, customer_sql, customer_id, now, fn, ud, ret);
}

static int parties_each(struct ledger *l, const char *list_sql, const char *account_sql, int64_t now, account_fn fn,
                        void *ud)
{
        sqlite3_stmt *st = stmt_own(l, list_sql);
        struct account_summary sum;
        char code[CODE_MAX_LEN + 1], name[NAME_MAX_LEN + 1];
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                if ((r = account(l, account_sql, sqlite3_column_int64(st, 0), now, NULL, NULL, &sum)) == 0) {
                        utf8_cut(code, sizeof(code), (const char *)sqlite3_column_text(st, 1));
                        utf8_cut(name, sizeof(name), (const char *)sqlite3_column_text(st, 2));
                        r = fn(code, name, &sum, ud);
                }
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "listing accounts");
}

int payables_each(struct ledger *l, int64_t now, account_fn fn, void *ud)
{
        static const char sql[] =
                "SELECT id, code, name FROM suppliers s WHERE EXISTS (SELECT 1 FROM supplier_invoices WHERE "
                "supplier_id = s.id) OR EXISTS (SELECT 1 FROM supplier_payments WHERE supplier_id = s.id) "
                "OR EXISTS (SELECT 1 FROM supplier_returns WHERE supplier_id = s.id) ORDER BY code";
        return parties_each(l, sql, supplier_sql, now, fn, ud);
}

int receivables_each(struct ledger *l, int64_t now, account_fn fn, void *ud)
{
        static const char sql[] =
                "SELECT id, id, name FROM customers c WHERE EXISTS (SELECT 1 FROM customer_invoices WHERE "
                "customer_id = c.id) OR EXISTS (SELECT 1 FROM customer_payments WHERE customer_id = c.id) ORDER BY name";
        return parties_each(l, sql, customer_sql, now, fn, ud);
}

/* ---- supplier invoices ---- */

static int invoice_po(struct ledger *l, const char *number, int64_t supplier_id, int64_t *ret_id)
{
        static const char sql[] = "SELECT id, supplier_id FROM purchase_orders WHERE number = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int64_t of = 0;
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding an order")) == 1) {
                *ret_id = sqlite3_column_int64(st, 0);
                of = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_PO", "no purchase order %.40s", number);
        if (r == 1 && of != supplier_id)
                return fail(l, -EINVAL, "PO_OF_ANOTHER_SUPPLIER", "order %.40s is not from this supplier", number);
        return r < 0 ? r : 0;
}

int post_supplier_invoice(struct ledger *l, const struct supplier_invoice_in *in, struct doc_result *ret)
{
        static const char sql[] =
                "INSERT INTO supplier_invoices(number, at, user, supplier_id, reference, po_id, due_at, amount, note) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        char number[DOC_NUMBER_MAX + 1];
        struct posting p;
        struct supplier s;
        int64_t po = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, DOC_SUPPLIER_INVOICE, &in->h)) < 0 ||
            (r = check_text(l, "reference", in->reference, ACCOUNT_REF_MAX, true)) < 0 ||
            (r = check_text(l, "note", in->note, NAME_MAX_LEN, false)) < 0)
                return r;
        if (in->amount <= 0 || in->amount > MONEY_MAX || in->due_at < 0 || in->due_at > TIME_MAX_MS)
                return fail(l, -EINVAL, "BAD_AMOUNT", "an invoice is for more than nothing, due before the year 10000");
        req_str(&p, in->supplier);
        req_str(&p, in->reference);
        req_str(&p, in->po);
        req_int(&p, in->amount);
        req_int(&p, in->due_at);
        req_str(&p, in->note);
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = supplier_get(l, in->supplier, &s)) < 0 || (in->po && (r = invoice_po(l, in->po, s.id, &po)) < 0) ||
            (r = doc_number(l, DOC_SUPPLIER_INVOICE, number)) < 0 || !(st = stmt(l, sql)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.user);
        sqlite3_bind_int64(st, 4, s.id);
        sqlite3_bind_text(st, 5, in->reference, -1, SQLITE_TRANSIENT);
        if (po)
                sqlite3_bind_int64(st, 6, po);
        else
                sqlite3_bind_null(st, 6);
        sqlite3_bind_int64(st, 7, in->due_at ? in->due_at : p.at + s.terms_days * DAY_MS);
        sqlite3_bind_int64(st, 8, in->amount);
        sqlite3_bind_text(st, 9, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "recording a supplier invoice")) < 0)
                return posting_abort(l, r == -EEXIST ? fail(l, r, "INVOICE_EXISTS", "invoice %.64s of %s is already "
                                                            "recorded", in->reference, s.code) : r);
        return posting_end(l, &p, sqlite3_last_insert_rowid(l->db), ret);
}

/* ---- payments ---- */

static int payment_insert(struct ledger *l, struct posting *p, const char *sql, int64_t party,
                          const struct account_payment_in *in, const char *approved_by, int64_t *ret_id)
{
        char number[DOC_NUMBER_MAX + 1];
        sqlite3_stmt *st;
        int r;

        if ((r = doc_number(l, p->type, number)) < 0 || !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_int64(st, 4, party);
        sqlite3_bind_text(st, 5, in->method, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, in->amount);
        sqlite3_bind_text(st, 7, in->reference ? in->reference : "", -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 8, approved_by);
        if ((r = step_done(l, st, "recording a payment")) < 0)
                return r;
        *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

static int within_balance(struct ledger *l, const struct account_summary *sum, int64_t amount)
{
        struct store_info si;
        int r;

        if (amount > sum->balance) {
                char owed[32];
                if ((r = store_get(l, &si)) < 0)
                        return r;
                decimal_format(sum->balance, si.minor_unit, false, owed, sizeof(owed));
                return fail(l, -EINVAL, "PAYMENT_EXCEEDS_BALANCE", "the payment is more than the %s owed", owed);
        }
        return 0;
}

int post_supplier_payment(struct ledger *l, const char *supplier, const struct account_payment_in *in,
                          struct doc_result *ret)
{
        static const char sql[] =
                "INSERT INTO supplier_payments(number, at, user, supplier_id, method, amount, reference, approved_by) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        struct account_summary sum;
        struct posting p;
        struct supplier s;
        int64_t id;
        int r;

        if ((r = posting_init(l, &p, DOC_SUPPLIER_PAYMENT, &in->h)) < 0 || (r = check_payment(l, &p, in)) < 0)
                return r;
        req_str(&p, supplier);
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = supplier_get(l, supplier, &s)) < 0 || (r = account(l, supplier_sql, s.id, p.at, NULL, NULL, &sum)) < 0 ||
            (r = within_balance(l, &sum, in->amount)) < 0 || (r = payment_insert(l, &p, sql, s.id, in, NULL, &id)) < 0)
                return posting_abort(l, r);
        return posting_end(l, &p, id, ret);
}

int post_customer_payment(struct ledger *l, const struct actor *a, int64_t customer_id,
                          const struct account_payment_in *in, struct doc_result *ret)
{
        static const char sql[] =
                "INSERT INTO customer_payments(number, at, user, customer_id, method, amount, reference, approved_by) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        struct account_summary sum;
        struct posting p;
        int64_t id;
        int r;

        if ((r = posting_init(l, &p, DOC_CUSTOMER_PAYMENT, &in->h)) < 0 || (r = check_payment(l, &p, in)) < 0)
                return r;
        req_int(&p, customer_id);
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = customer_account(l, customer_id, p.at, NULL, NULL, &sum)) < 0 ||
            (r = within_balance(l, &sum, in->amount)) < 0 ||
            (r = need_manager(l, a, "recording a payment on a customer's account")) < 0 ||
            (r = payment_insert(l, &p, sql, customer_id, in, a->approver, &id)) < 0)
                return posting_abort(l, r);
        return posting_end(l, &p, id, ret);
}
