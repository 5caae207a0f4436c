/* Customers: the few facts a till needs to put a name on a sale. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/audit.h"
#include "people/customers.h"
#include "ledger/money.h"
#include "ledger/ledger_int.h"

#define CUSTOMER_FIELDS "SELECT id, name, phone, created_at, credit_limit, terms_days, contact FROM customers "

static void from_row(sqlite3_stmt *st, struct customer *c)
{
        memset(c, 0, sizeof(*c));
        c->id = sqlite3_column_int64(st, 0);
        utf8_cut(c->name, sizeof(c->name), (const char *)sqlite3_column_text(st, 1));
        utf8_cut(c->phone, sizeof(c->phone), (const char *)sqlite3_column_text(st, 2));
        c->created_at = sqlite3_column_int64(st, 3);
        c->credit_limit = sqlite3_column_int64(st, 4);
        c->terms_days = sqlite3_column_int(st, 5);
        utf8_cut(c->contact, sizeof(c->contact), (const char *)sqlite3_column_text(st, 6));
}

static int check_phone(struct ledger *l, const char *phone)
{
        size_t n = strlen(phone);

        if (n > CUSTOMER_PHONE_MAX)
                return fail(l, -E2BIG, "TOO_LONG", "a phone number is at most %d characters", CUSTOMER_PHONE_MAX);
        if (strspn(phone, "0123456789 +-") != n)
                return fail(l, -EINVAL, "BAD_PHONE", "a phone number is digits, spaces, + and -");
        return 0;
}

int customer_add(struct ledger *l, const struct actor *a, const char *name, const char *phone, struct customer *ret)
{
        static const char sql[] = "INSERT INTO customers(name, phone, created_at) VALUES (?1, ?2, ?3)";
        sqlite3_stmt *st;
        int64_t id;
        int r;

        clear_err(l);
        phone = phone ? phone : "";
        if ((r = check_text(l, "name", name, NAME_MAX_LEN, true)) < 0 || (r = check_phone(l, phone)) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, ledger_now_ms(l));
        if ((r = step_done(l, st, "adding a customer")) < 0) {
                if (r == -EEXIST)
                        r = fail(l, r, "PHONE_TAKEN", "a customer with phone %s is already there", phone);
                goto fail;
        }
        id = sqlite3_last_insert_rowid(l->db);
        if ((r = audit_add(l, a, "customer_add", "%s %s", name, phone)) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return customer_get(l, id, ret);
fail:
        tx_rollback(l);
        return r;
}

int customer_get(struct ledger *l, int64_t id, struct customer *ret)
{
        static const char sql[] = CUSTOMER_FIELDS "WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        struct customer c;
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((r = step_one(l, st, "reading a customer")) == 1)
                from_row(st, &c);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_CUSTOMER", "no customer %lld", (long long)id);
        if (r < 0)
                return r;
        *ret = c;
        return 0;
}

int customer_search(struct ledger *l, const char *q, int limit, int (*fn)(const struct customer *, void *), void *ud)
{
        /* the phone by its index (a prefix range); names by a scan: customers are thousands,
         * not millions */
        static const char sql[] = CUSTOMER_FIELDS
                "WHERE ?1 = '' OR (phone >= ?1 AND phone < ?1 || x'ff') OR instr(name, ?1) > 0 "
                "ORDER BY name LIMIT ?2";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct customer c;
        int rc, n = 0, r = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, q ? q : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, limit);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                from_row(st, &c);
                n++;
                if ((r = fn(&c, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? n : fail_sql(l, rc, "searching customers");
}

int customer_set_account(struct ledger *l, const struct actor *a, int64_t id, const struct customer_account_in *in,
                         struct customer *ret)
{
        static const char sql[] = "UPDATE customers SET credit_limit = ?2, terms_days = ?3, contact = ?4 WHERE id = ?1";
        struct customer c;
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = need_manager(l, a, "setting a customer's credit")) < 0)
                return r;
        if (in->credit_limit < 0 || in->credit_limit > MONEY_MAX || in->terms_days < 0 || in->terms_days > 3650)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the credit limit is 0 or more and the terms 0 to 3650 days");
        if ((r = check_text(l, "contact", in->contact, NAME_MAX_LEN, false)) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = customer_get(l, id, &c)) < 0 || !(st = stmt(l, sql))) {
                r = r < 0 ? r : l->e.num;
                goto fail;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, in->credit_limit);
        sqlite3_bind_int(st, 3, in->terms_days);
        sqlite3_bind_text(st, 4, in->contact ? in->contact : c.contact, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "changing a customer")) < 0 ||
            (r = audit_add(l, a, "customer_account", "%lld %s: credit limit %lld, %d days", (long long)id, c.name,
                           (long long)in->credit_limit, in->terms_days)) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        return customer_get(l, id, ret);
fail:
        tx_rollback(l);
        return r;
}

int customer_purchases(struct ledger *l, int64_t id, int limit, int (*fn)(const struct customer_purchase *, void *),
                       void *ud)
{
        static const char sql[] =
                "SELECT 'sale', number, '', at, total + rounding FROM sales WHERE customer_id = ?1 "
                "UNION ALL SELECT 'order', number, state, created_at, total FROM sales_orders WHERE customer_id = ?1 "
                "ORDER BY 4 DESC, 2 DESC LIMIT ?2";
        struct customer_purchase p;
        struct customer c;
        sqlite3_stmt *st;
        int rc, r, n = 0;

        if ((r = customer_get(l, id, &c)) < 0 || !(st = stmt_own(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, limit);
        r = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&p, 0, sizeof(p));
                utf8_cut(p.kind, sizeof(p.kind), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(p.number, sizeof(p.number), (const char *)sqlite3_column_text(st, 1));
                utf8_cut(p.state, sizeof(p.state), (const char *)sqlite3_column_text(st, 2));
                p.at = sqlite3_column_int64(st, 3);
                p.total = sqlite3_column_int64(st, 4);
                if ((r = fn(&p, ud)) != 0)
                        break;
                n++;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? n : fail_sql(l, rc, "reading a customer's purchases");
}
