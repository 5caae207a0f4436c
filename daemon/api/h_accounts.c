/* What is owed: supplier invoices and payments (/supplier-invoices, /suppliers/{code}/
 * payments, /suppliers/{code}/account, /payables), customers' payments and accounts
 * (/customers/{id}/payments, /customers/{id}/account, /receivables). */
#include <stdlib.h>
#include <string.h>

#include "selling/accounts.h"
#include "api_int.h"

static json_t *summary_json(const struct account_summary *s)
{
        return json_pack("{s:I,s:I,s:I,s:I,s:I,s:{s:I,s:I,s:I,s:I,s:I}}", "invoiced", (json_int_t)s->invoiced, "paid",
                         (json_int_t)s->paid, "credited", (json_int_t)s->credited, "balance", (json_int_t)s->balance,
                         "overdue", (json_int_t)s->overdue, "ageing", "current", (json_int_t)s->ageing[AGE_CURRENT],
                         "1_30", (json_int_t)s->ageing[AGE_1_30], "31_60", (json_int_t)s->ageing[AGE_31_60], "61_90",
                         (json_int_t)s->ageing[AGE_61_90], "over_90", (json_int_t)s->ageing[AGE_OVER_90]);
}

static int add_entry(const struct account_entry *e, void *ud)
{
        json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "kind", e->kind, "number", e->number, "reference",
                              e->reference, "at", (json_int_t)e->at, "amount", (json_int_t)e->amount, "balance",
                              (json_int_t)e->balance);

        if (o && !strcmp(e->kind, "invoice")) {
                json_object_set_new(o, "due_at", json_integer(e->due_at));
                json_object_set_new(o, "open", json_integer(e->open));
                json_object_set_new(o, "days_overdue", json_integer(e->days_overdue));
        }
        return json_array_append_new(ud, o);
}

/* ?at=MS: the account as it stood then (ageing counts from it); now when left out */
static bool query_at(struct req *r, int64_t *ret)
{
        const char *s = query(r, "at");
        char *end;
        long long v;

        *ret = ledger_now_ms(r->l);
        if (!s)
                return true;
        v = strtoll(s, &end, 10);
        if (*end || v <= 0) {
                reply_error(r, 400, "BAD_QUERY", "at is a time in milliseconds");
                return false;
        }
        *ret = v;
        return true;
}

static void reply_account(struct req *r, int rc, json_t *entries, const struct account_summary *sum)
{
        if (rc < 0) {
                json_decref(entries);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o,s:o}", "summary", summary_json(sum), "entries", entries));
}

void h_supplier_account(struct req *r)
{
        struct account_summary sum;
        json_t *entries;
        int64_t at;

        if (!query_at(r, &at))
                return;
        entries = json_array();
        reply_account(r, supplier_account(r->l, r->part[0], at, add_entry, entries, &sum), entries, &sum);
}

void h_customer_account(struct req *r)
{
        struct account_summary sum;
        json_t *entries;
        int64_t at, id = path_customer(r);

        if (!id || !query_at(r, &at))
                return;
        entries = json_array();
        reply_account(r, customer_account(r->l, id, at, add_entry, entries, &sum), entries, &sum);
}

static int add_party(const char *party, const char *name, const struct account_summary *s, void *ud)
{
        json_t *o = summary_json(s);

        json_object_set_new(o, "party", json_string(party));
        json_object_set_new(o, "name", json_string(name));
        return json_array_append_new(ud, o);
}

static void reply_parties(struct req *r, bool payables)
{
        json_t *items;
        int64_t at;

        if (!query_at(r, &at))
                return;
        items = json_array();
        if ((payables ? payables_each : receivables_each)(r->l, at, add_party, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply_report(r, json_pack("{s:o}", "items", items), "items", payables ? "payables.csv" : "receivables.csv");
}

void h_payables(struct req *r) { reply_parties(r, true); }
void h_receivables(struct req *r) { reply_parties(r, false); }

/* POST /supplier-invoices {"supplier", "reference", "amount", "po"?, "date"?, "due_at"?, "note"?} */
void h_supplier_invoice_new(struct req *r)
{
        struct supplier_invoice_in in = { { r->idem_key, r->actor.user, NULL, NULL, 0 }, NULL, NULL, NULL, 0, 0, NULL };
        int64_t date = 0;
        struct doc_result d;

        if (!in_str(r, "supplier", true, CODE_MAX_LEN, &in.supplier) ||
            !in_str(r, "reference", true, ACCOUNT_REF_MAX, &in.reference) || !in_str(r, "po", false, DOC_NUMBER_MAX, &in.po) ||
            !in_money(r, r->in, "amount", true, &in.amount) || !in_int(r, r->in, "date", false, 1, TIME_MAX_MS, &date) ||
            !in_int(r, r->in, "due_at", false, 1, TIME_MAX_MS, &in.due_at) || !in_str(r, "note", false, NAME_MAX_LEN, &in.note))
                return;
        in.h.at_ms = date;
        if (post_supplier_invoice(r->l, &in, &d) < 0)
                return reply_core(r, true);
        reply(r, d.replayed ? 200 : 201, json_pack("{s:s,s:I}", "number", d.number, "amount", (json_int_t)d.total));
}

static bool payment_in(struct req *r, struct account_payment_in *in)
{
        *in = (struct account_payment_in){ { r->idem_key, r->actor.user, NULL, NULL, 0 }, NULL, 0, NULL };
        return in_str(r, "method", true, 16, &in->method) && in_money(r, r->in, "amount", true, &in->amount) &&
               in_str(r, "reference", false, ACCOUNT_REF_MAX, &in->reference) && in_approval(r);
}

static void reply_payment(struct req *r, int rc, const struct doc_result *d)
{
        if (rc < 0)
                return reply_core(r, strcmp(ledger_errcode(r->l), "UNKNOWN_SUPPLIER") &&
                                             strcmp(ledger_errcode(r->l), "UNKNOWN_CUSTOMER"));
        reply(r, d->replayed ? 200 : 201, json_pack("{s:s,s:I}", "number", d->number, "amount", (json_int_t)d->total));
}

void h_supplier_payment(struct req *r)
{
        struct account_payment_in in;
        struct doc_result d;

        if (payment_in(r, &in))
                reply_payment(r, post_supplier_payment(r->l, r->part[0], &in, &d), &d);
}

void h_customer_payment(struct req *r)
{
        struct account_payment_in in;
        struct doc_result d;
        int64_t id = path_customer(r);

        if (id && payment_in(r, &in))
                reply_payment(r, post_customer_payment(r->l, &r->actor, id, &in, &d), &d);
}
