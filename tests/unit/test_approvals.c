/* What a manager's approval covers, checked as a rule over a seeded random run of till
 * work: lines rung up, quantities changed, prices overridden, discounts on lines and on
 * the ticket, by cashiers alone and with a manager's approval, lines voided, tickets
 * completed.
 *
 * The model keeps, for each line and for the ticket, the amount off a manager saw when
 * approving (-1: none); a cashier's own change of a discount drops it. The rule, after
 * every sale a cashier completes alone: what the sale takes off the price each line was
 * rung up at is no more than, per line, what a manager saw or the cashier's allowance,
 * plus for the ticket what a manager saw or the allowance. Every change of quantity
 * under an approval is audited. A run fails naming its seed (POSD_SEED repeats one).
 *
 * Checked that it bites: with approval_check taking any recorded approval as covering
 * whatever the line or ticket later comes to (the rule before: a flag, not an amount),
 * each of seeds 1, 100, 200, 300 and the default fails, the first within 24 steps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "testlib.h"
#include "till/checkout.h"

#define LIMIT_BP 1000
#define MAX_LINES 12

struct mline {
        int line;
        int64_t list_price, approved; /* -1: no approval */
};

struct model {
        struct mline lines[MAX_LINES];
        size_t n;
        int64_t ticket_approved;
        char id[TICKET_ID_LEN + 1];
};

static struct mline *mfind(struct model *m, int line)
{
        for (size_t i = 0; i < m->n; i++)
                if (m->lines[i].line == line)
                        return &m->lines[i];
        return NULL;
}

static int64_t allowance(int64_t base)
{
        return base * LIMIT_BP / 10000;
}

static int64_t own_off(const struct ticket_line *ln)
{
        int64_t off = ln->list_gross - ln->gross + ln->discount_amount - ln->share;
        return off < 0 ? 0 : off;
}

static const struct ticket_line *tline(const struct ticket *t, int line)
{
        for (size_t i = 0; i < t->nlines; i++)
                if (t->lines[i].line == line)
                        return &t->lines[i];
        return NULL;
}

/* A manager saw this ticket as it stands: what is taken off is theirs now. */
static void approved_all(struct model *m, const struct ticket *t)
{
        for (size_t i = 0; i < m->n; i++) {
                const struct ticket_line *ln = tline(t, m->lines[i].line);
                if (ln && own_off(ln) > m->lines[i].approved)
                        m->lines[i].approved = own_off(ln);
        }
        if (t->ticket_off > m->ticket_approved)
                m->ticket_approved = t->ticket_off;
}

static int64_t audits(const char *path)
{
        return tsql_int(path, "SELECT count(*) FROM audit_log WHERE action = 'approved_qty'");
}

/* The rule, read from the sale as stored (whole units: amounts are exact). */
static void check_sale(struct tstore *ts, struct model *m, const char *number, unsigned seed, int step)
{
        char sql[256];
        int64_t list = 0, off, bound = 0;

        for (size_t i = 0; i < m->n; i++) {
                int64_t lg;
                snprintf(sql, sizeof(sql),
                         "SELECT coalesce(sum(l.qty / 1000 * %lld), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                         "WHERE s.number = '%s' AND l.line = %zu",
                         (long long)m->lines[i].list_price, number, i + 1);
                lg = tsql_int(ts->path, sql);
                list += lg;
                bound += m->lines[i].approved > allowance(lg) ? m->lines[i].approved : allowance(lg);
        }
        bound += m->ticket_approved > allowance(list) ? m->ticket_approved : allowance(list);
        snprintf(sql, sizeof(sql),
                 "SELECT sum(l.qty / 1000 * l.unit_price - l.discount) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                 "WHERE s.number = '%s'",
                 number);
        off = list - tsql_int(ts->path, sql);
        if (off > bound)
                fail_msg("seed %u step %d: sale %s takes %lld off %lld; approvals and allowances cover %lld", seed, step,
                         number, (long long)off, (long long)list, (long long)bound);
}

/* Quantities change most: that is where an approval would stretch. */
enum op { ADD, QTY, PRICE, LINE_DISCOUNT, TICKET_DISCOUNT, VOID, COMPLETE };

static enum op pick(void)
{
        static const enum op deck[] = { ADD, ADD, QTY, QTY, QTY, QTY, PRICE, LINE_DISCOUNT, LINE_DISCOUNT,
                                        TICKET_DISCOUNT, VOID, COMPLETE };
        return deck[rand() % (sizeof(deck) / sizeof(deck[0]))];
}

struct tally {
        int cashier_sales, refused_sales, refused_edits, approved_edits;
};

static void run(unsigned seed, struct tally *n)
{
        static const struct {
                const char *sku;
                int64_t price;
        } goods[] = { { "A1", 1250 }, { "B2", 599 } };
        struct actor cashier = { "alice", "1", NULL, false }, approver = { "alice", "1", "maria", false },
                     manager = { "maria", "1", NULL, true };
        struct checkout_policy pol = { LIMIT_BP, 1, NULL, false, NULL };
        struct model m = { .n = 0 };
        struct shift_report sh;
        struct tstore ts;

        srand(seed);
        tstore_open(&ts);
        assert_ok(ts.l, shift_open(ts.l, &cashier, 0, &sh));
        for (int step = 0; step < 400; step++) {
                struct ticket *t = NULL;
                const struct actor *who = rand() % 3 == 0 ? (rand() % 2 ? &approver : &manager) : &cashier;
                bool boss = who != &cashier;
                struct mline *ml = m.n ? &m.lines[rand() % m.n] : NULL;
                enum op op = pick();
                int r = 0;
                int64_t before = audits(ts.path);

                if (!m.id[0]) {
                        assert_ok(ts.l, ticket_open(ts.l, &cashier, &t));
                        snprintf(m.id, sizeof(m.id), "%s", t->id);
                        m.n = 0;
                        m.ticket_approved = -1;
                        t = ticket_free(t);
                        continue;
                }
                if (op == ADD || !ml) {
                        int g = rand() % 2;
                        if (m.n >= MAX_LINES)
                                continue;
                        assert_ok(ts.l, ticket_add(ts.l, &cashier, m.id, NULL, goods[g].sku, 1000 * (1 + rand() % 4), &t));
                        if (!mfind(&m, t->lines[t->nlines - 1].line))
                                m.lines[m.n++] = (struct mline){ t->lines[t->nlines - 1].line, goods[g].price, -1 };
                } else if (op == QTY) {
                        const struct ticket_line *was;
                        struct ticket *cur = NULL;
                        int64_t q = 1000 * (1 + rand() % 8);
                        bool had;
                        assert_ok(ts.l, ticket_get(ts.l, &cashier, m.id, &cur));
                        was = tline(cur, ml->line);
                        had = ml->approved >= 0 || m.ticket_approved >= 0;
                        r = ticket_set_qty(ts.l, who, &pol, m.id, ml->line, q, &t);
                        if (r == 0 && boss)
                                ml->approved = own_off(tline(t, ml->line));
                        /* a quantity changed under an approval is on record, and only then */
                        assert_int_equal(audits(ts.path) - before,
                                         r == 0 && was->qty != q && had);
                        ticket_free(cur);
                } else if (op == PRICE) {
                        r = ticket_set_price(ts.l, boss ? who : &cashier, &pol, m.id, ml->line, rand() % (ml->list_price + 1), &t);
                        assert_true(boss ? r == 0 : r == -EPERM);
                        if (r == 0)
                                ml->approved = own_off(tline(t, ml->line));
                } else if (op == LINE_DISCOUNT || op == TICKET_DISCOUNT) {
                        struct discount d = { rand() % 3 == 0 ? DISCOUNT_AMOUNT : DISCOUNT_PERCENT, 0 };
                        int line = op == LINE_DISCOUNT ? ml->line : 0;
                        /* managers give more than the allowance, so that what follows can stretch it */
                        if (d.kind == DISCOUNT_AMOUNT)
                                d.value = rand() % 300;
                        else
                                d.value = boss ? 1000 + rand() % 4000 : rand() % 4 ? rand() % 1500 : rand() % 10001;
                        if (rand() % 6 == 0)
                                d = (struct discount){ DISCOUNT_NONE, 0 };
                        r = ticket_set_discount(ts.l, who, &pol, m.id, line, d, &t);
                        if (r == 0 && line)
                                ml->approved = boss ? own_off(tline(t, line)) : -1;
                        else if (r == 0)
                                m.ticket_approved = boss ? t->ticket_off : -1;
                } else if (op == VOID) {
                        assert_ok(ts.l, ticket_void_line(ts.l, &cashier, m.id, ml->line, &t));
                        *ml = m.lines[--m.n];
                } else {
                        struct doc_result d;
                        assert_ok(ts.l, ticket_get(ts.l, &cashier, m.id, &t));
                        if (t->due > 0)
                                assert_ok(ts.l, ticket_pay(ts.l, &cashier, m.id, TENDER_CASH, t->due, NULL));
                        r = ticket_complete(ts.l, who, &pol, m.id, NULL, &d);
                        if (r == 0 && boss) {
                                approved_all(&m, t);
                        } else if (r == 0) {
                                n->cashier_sales++;
                        }
                        /* lines are numbered in the order rung up: the sale's line i is the model's i */
                        if (r == 0 && m.n == t->nlines) {
                                struct model sorted = m;
                                for (size_t i = 0; i < t->nlines; i++)
                                        sorted.lines[i] = *mfind(&m, t->lines[i].line);
                                check_sale(&ts, &sorted, d.number, seed, step);
                        }
                        if (r == 0 || m.n == 0) {
                                if (r < 0)
                                        assert_ok(ts.l, ticket_void(ts.l, &cashier, m.id, NULL));
                                m.id[0] = 0;
                        }
                }
                if (r < 0) {
                        if (strcmp(ledger_errcode(ts.l), "APPROVAL_REQUIRED") != 0 && op != PRICE && r != -EINVAL)
                                fail_msg("seed %u step %d op %d: %s", seed, step, (int)op, ledger_errmsg(ts.l));
                        if (op == COMPLETE)
                                n->refused_sales++;
                        else if (op != PRICE)
                                n->refused_edits++;
                } else if (boss && op != ADD && op != VOID && op != COMPLETE) {
                        n->approved_edits++;
                }
                ticket_free(t);
        }
        tstore_close(&ts);
}

static void test_approvals_cover_what_was_seen(void **state)
{
        const char *env = getenv("POSD_SEED");
        unsigned seed = env ? (unsigned)strtoul(env, NULL, 10) : 20261207u;
        struct tally n = { 0 };
        (void)state;

        for (unsigned i = 0; i < 3; i++)
                run(seed + i, &n);
        print_message("cashier sales %d, refused %d; edits refused %d, approved %d\n", n.cashier_sales, n.refused_sales,
                      n.refused_edits, n.approved_edits);
        /* the run went where the rule matters */
        assert_true(n.cashier_sales > 5);
        assert_true(n.refused_edits > 20);
        assert_true(n.approved_edits > 5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_approvals_cover_what_was_seen),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
