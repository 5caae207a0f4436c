/* The books for an accountant: every posted document as a ledger-cli transaction, in
 * journal order. Sales: takings in by tender, income and VAT out, cost of goods against
 * inventory; returns the reverse; goods in against goods received not invoiced, which a
 * supplier's invoice moves to what is owed to it; adjustments; transfers through inventory
 * in transit, and between stores through an account the chain's stores share, which
 * nets to nothing across them once each transfer is received; cash in and out; sales
 * orders and the payments on either account. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "ledger/ledger_int.h"
#include "ledger/posting_int.h"
#include "ledger/money.h"

struct books {
        struct ledger *l;
        FILE *out;
        int minor;
        char currency[4];
};

/* Every account the books post to, declared at their head so that ledger --strict and
 * hledger check -s know them all. */
static const char *const accounts[] = {
        "Assets:Bank", "Assets:Card receivable", "Assets:Cash", "Assets:Inter-store transfers", "Assets:Inventory",
        "Assets:Inventory in transit",
        "Assets:Other tenders", "Assets:Receivables", "Equity:Cash paid in", "Equity:Opening stock",
        "Expenses:Cash paid out", "Expenses:Cost of goods sold", "Expenses:Purchase price variance",
        "Expenses:Stock adjustments",
        "Expenses:Transfer losses", "Income:Cash rounding", "Income:Kept on returns", "Income:Sales",
        "Liabilities:Goods received not invoiced", "Liabilities:Suppliers", "Liabilities:VAT",
};

static void post(struct books *b, const char *account, int64_t amount)
{
        char v[48];

        if (!amount)
                return;
        decimal_format(amount, b->minor, false, v, sizeof(v));
        /* two spaces at least end an account name, which may hold one */
        fprintf(b->out, "    %-40s  %16s %s\n", account, v, b->currency);
}

/* A transaction's first line. Its description is free text (a supplier's name, a reason
 * typed at the till): a line break would end it, ';' starts a comment for hledger, and
 * two spaces before one for ledger, so controls become spaces, ';' a comma, and a run of
 * spaces one. */
static void head(struct books *b, int64_t at, const char *number, const char *what)
{
        time_t t = (time_t)(at / 1000);
        struct tm tm;
        char day[16] = "1970/01/01", text[256], cut[256];
        size_t n = 0;

        for (const char *p = what; *p && n < sizeof(text) - 1; p++) {
                char c = (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p == ';' ? ',' : *p;
                if (c != ' ' || (n > 0 && text[n - 1] != ' '))
                        text[n++] = c;
        }
        while (n > 0 && text[n - 1] == ' ')
                n--;
        text[n] = '\0';
        utf8_cut(cut, sizeof(cut), text); /* what came cut short ends on a whole character */
        if (localtime_r(&t, &tm))
                strftime(day, sizeof(day), "%Y/%m/%d", &tm);
        fprintf(b->out, "\n%s * (%s) %s\n", day, number, cut);
}

static const char *tender_account(const char *method)
{
        return !strcmp(method, "cash") ? "Assets:Cash" : !strcmp(method, "card") ? "Assets:Card receivable"
                                                                                 : "Assets:Other tenders";
}

/* Payments (or refunds, sign -1) of a document by tender; change comes off the cash. */
static int tenders(struct books *b, const char *sql, int64_t id, int sign, int64_t change)
{
        sqlite3_stmt *st = stmt(b->l, sql);
        int rc;

        if (!st)
                return b->l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *m = (const char *)sqlite3_column_text(st, 0);
                int64_t v = sqlite3_column_int64(st, 1) - (strcmp(m, "cash") ? 0 : change);
                post(b, tender_account(m), sign * v);
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : fail_sql(b->l, rc, "exporting tenders");
}

static int sale(struct books *b, int64_t id, const char *number, int64_t at)
{
        static const char sql[] = "SELECT coalesce(lane, '') FROM sales WHERE id = ?1";
        static const char pays[] = "SELECT method, sum(amount) FROM sale_payments WHERE sale_id = ?1 GROUP BY method";
        sqlite3_stmt *st;
        struct doc_result d;
        char what[64];
        int r;

        if ((r = doc_load_result(b->l, "sale", id, &d)) < 0)
                return r;
        if (!(st = stmt(b->l, sql)))
                return b->l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((r = step_one(b->l, st, "exporting a sale")) == 1)
                snprintf(what, sizeof(what), "Sale, lane %s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (r != 1)
                return r;
        head(b, at, number, what);
        if ((r = tenders(b, pays, id, 1, d.change)) < 0)
                return r;
        post(b, "Income:Sales", -(d.total - d.tax));
        post(b, "Liabilities:VAT", -d.tax);
        post(b, "Income:Cash rounding", -d.rounding);
        post(b, "Expenses:Cost of goods sold", d.cost);
        post(b, "Assets:Inventory", -d.cost);
        return 0;
}

static int retn(struct books *b, int64_t id, const char *number, int64_t at)
{
        static const char pays[] = "SELECT method, sum(amount) FROM return_refunds WHERE return_id = ?1 GROUP BY method";
        struct doc_result d;
        int r;

        if ((r = doc_load_result(b->l, "return", id, &d)) < 0)
                return r;
        head(b, at, number, "Return");
        post(b, "Income:Sales", d.total - d.tax);
        post(b, "Liabilities:VAT", d.tax);
        post(b, "Income:Kept on returns", -(d.total - d.paid)); /* paid: what was refunded */
        if ((r = tenders(b, pays, id, -1, 0)) < 0)
                return r;
        post(b, "Assets:Inventory", d.cost);
        post(b, "Expenses:Cost of goods sold", -d.cost);
        return 0;
}

/* Documents of a single amount: goods in, adjustments, cash in and out. */
static int simple(struct books *b, const char *type, int64_t id, const char *number, int64_t at)
{
        static const char rcpt[] = "SELECT total_cost, coalesce(supplier, ''), 0 FROM goods_receipts WHERE id = ?1";
        static const char adj[] = "SELECT value, reason, " OPENING_STOCK_SQL " FROM adjustments WHERE id = ?1";
        static const char cash[] =
                "SELECT CASE kind WHEN 'pay_in' THEN amount ELSE -amount END, reason, 0 FROM cash_movements WHERE id = ?1";
        const char *sql = !strcmp(type, "receipt") ? rcpt : !strcmp(type, "adjustment") ? adj : cash;
        sqlite3_stmt *st = stmt(b->l, sql);
        char what[256];
        int64_t v;
        int r, opening;

        if (!st)
                return b->l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((r = step_one(b->l, st, "exporting a document")) != 1) {
                sqlite3_reset(st);
                return r;
        }
        v = sqlite3_column_int64(st, 0);
        opening = sqlite3_column_int(st, 2);
        if (!v) { /* a count that found the books right moved no money */
                sqlite3_reset(st);
                return 0;
        }
        snprintf(what, sizeof(what), "%s%s", !strcmp(type, "receipt") ? "Goods in from " : !strcmp(type, "cash") ? "Cash: " : "Stock adjustment: ",
                 (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        head(b, at, number, what);
        if (!strcmp(type, "receipt")) {
                post(b, "Assets:Inventory", v);
                post(b, "Liabilities:Goods received not invoiced", -v);
        } else if (!strcmp(type, "adjustment")) {
                post(b, "Assets:Inventory", v);
                /* an import's opening stock is what the shop started with, not a loss or gain */
                post(b, opening ? "Equity:Opening stock" : "Expenses:Stock adjustments", -v);
        } else {
                post(b, "Assets:Cash", v);
                post(b, v > 0 ? "Equity:Cash paid in" : "Expenses:Cash paid out", -v);
        }
        return 0;
}

/* Goods between locations: in transit from dispatch to receipt; what did not arrive is
 * a loss at the cost it left with. Between stores the same, through the account the
 * stores share. */
static int transfer(struct books *b, const char *type, int64_t id, const char *number, int64_t at)
{
        bool between = !strncmp(type, "store_", 6);
        const char *transit = between ? "Assets:Inter-store transfers" : "Assets:Inventory in transit";
        struct doc_result d;
        int r;

        if ((r = doc_load_result(b->l, type, id, &d)) < 0)
                return r;
        if (!strcmp(type, "transfer") || !strcmp(type, "store_transfer")) {
                head(b, at, number, between ? "Sent to another store" : "Transfer dispatched");
                post(b, transit, d.total);
                post(b, "Assets:Inventory", -d.total);
        } else {
                head(b, at, number, between ? "Received from another store" : "Transfer received");
                post(b, "Assets:Inventory", d.total);
                post(b, "Expenses:Transfer losses", d.cost - d.total);
                post(b, transit, -d.cost);
        }
        return 0;
}

static const char *paid_with(const char *method)
{
        return !strcmp(method, "cash") ? "Assets:Cash" : !strcmp(method, "other") ? "Assets:Other tenders" : "Assets:Bank";
}

/* Payables and receivables: supplier invoices against goods received, payments either
 * way, and sales orders (stock out at shipment, income at the invoice, a credit note the
 * reverse of both). */
static int account_doc(struct books *b, const char *type, int64_t id, const char *number, int64_t at)
{
        static const char spay[] = "SELECT method FROM supplier_payments WHERE id = ?1";
        static const char cpay[] = "SELECT method FROM customer_payments WHERE id = ?1";
        bool supplier_pay = !strcmp(type, "supplier_payment");
        char method[16] = "";
        struct doc_result d;
        int r;

        if ((r = doc_load_result(b->l, type, id, &d)) < 0)
                return r;
        if (supplier_pay || !strcmp(type, "customer_payment")) {
                sqlite3_stmt *st = stmt(b->l, supplier_pay ? spay : cpay);
                if (!st)
                        return b->l->e.num;
                sqlite3_bind_int64(st, 1, id);
                if ((r = step_one(b->l, st, "exporting a payment")) == 1)
                        utf8_cut(method, sizeof(method), (const char *)sqlite3_column_text(st, 0));
                sqlite3_reset(st);
                if (r != 1)
                        return r < 0 ? r : fail(b->l, -ENOENT, "UNKNOWN_DOCUMENT", "no payment %lld", (long long)id);
                head(b, at, number, supplier_pay ? "Paid to a supplier" : "Paid by a customer");
                post(b, supplier_pay ? "Liabilities:Suppliers" : paid_with(method), d.total);
                post(b, supplier_pay ? paid_with(method) : "Assets:Receivables", -d.total);
        } else if (!strcmp(type, "supplier_invoice")) {
                head(b, at, number, "Supplier invoice");
                post(b, "Liabilities:Goods received not invoiced", d.total);
                post(b, "Liabilities:Suppliers", -d.total);
        } else if (!strcmp(type, "supplier_return")) {
                /* the stock goes at what it was worth; the supplier's credit at its price */
                head(b, at, number, "Goods back to a supplier");
                post(b, "Liabilities:Suppliers", d.total);
                post(b, "Expenses:Purchase price variance", d.cost - d.total);
                post(b, "Assets:Inventory", -d.cost);
        } else if (!strcmp(type, "shipment")) {
                head(b, at, number, "Shipment of a sales order");
                post(b, "Expenses:Cost of goods sold", d.cost);
                post(b, "Assets:Inventory", -d.cost);
        } else {
                int sign = !strcmp(type, "credit_note") ? -1 : 1;
                head(b, at, number, sign > 0 ? "Invoice for a sales order" : "Credit note");
                post(b, "Assets:Receivables", sign * d.total);
                post(b, "Income:Sales", -sign * (d.total - d.tax));
                post(b, "Liabilities:VAT", -sign * d.tax);
                post(b, "Assets:Inventory", -sign * d.cost);
                post(b, "Expenses:Cost of goods sold", sign * d.cost);
        }
        return 0;
}

int ledger_export_journal(struct ledger *l, FILE *out)
{
        static const char sql[] = "SELECT doc_type, doc_id, number, at FROM journal ORDER BY id";
        struct books b = { l, out, 2, "" };
        struct store_info s;
        sqlite3_stmt *st;
        int rc = SQLITE_DONE, r = 0, n = 0;

        if ((r = store_get(l, &s)) < 0 || !(st = stmt_own(l, sql)))
                return r < 0 ? r : l->e.num;
        b.minor = s.minor_unit;
        memcpy(b.currency, s.currency, sizeof(b.currency));
        fprintf(out, "; %s: the books of posd, one transaction per posted document\n", s.name);
        fprintf(out, "\ncommodity %s\n", s.currency);
        for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++)
                fprintf(out, "account %s\n", accounts[i]);
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *type = (const char *)sqlite3_column_text(st, 0), *number = (const char *)sqlite3_column_text(st, 2);
                int64_t id = sqlite3_column_int64(st, 1), at = sqlite3_column_int64(st, 3);
                r = !strcmp(type, "sale")                  ? sale(&b, id, number, at)
                    : !strcmp(type, "return")              ? retn(&b, id, number, at)
                    : !strncmp(type, "transfer", 8) || !strncmp(type, "store_", 6) ? transfer(&b, type, id, number, at)
                    : !strcmp(type, "receipt") || !strcmp(type, "adjustment") || !strcmp(type, "cash")
                            ? simple(&b, type, id, number, at)
                            : account_doc(&b, type, id, number, at);
                n++;
        }
        sqlite3_finalize(st);
        if (r < 0)
                return r;
        if (rc != SQLITE_DONE)
                return fail_sql(l, rc, "exporting the journal");
        if (fflush(out) != 0 || ferror(out))
                return fail(l, -EIO, "WRITE_FAILED", "could not write the export");
        return n;
}
