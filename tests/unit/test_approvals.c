/* What a manager's approval covers, checked as a rule over a seeded random run of till
 * work: lines rung up, quantities changed, prices overridden, discounts on lines and on
 * the ticket, by cashiers alone and with a manager's approval, lines voided, tickets
 * completed.
 *
 * The model keeps, for each line and for the ticket, the amount off a manager saw when
 * approving (-1: none), cut down whenever less is taken off. The rule, after
 * every sale a cashier completes alone: what the sale takes off the price each line was
 * rung up at is no more than, per line, what a manager saw or the cashier's allowance,
 * plus for the ticket what a manager saw or the allowance. Every change of quantity
 * under an approval is audited. A run fails naming its seed (POSD_SEED repeats one).
 *
 * Checked that it bites: with approval_check taking any recorded approval as covering
 * whatever the line or ticket later comes to (the rule before: a flag, not an amount),
 * the run from each of seeds 1, 100, 200, 300 and the default fails (seed 300 at its
 * 87th step). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/barcode.h"
#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "testlib.h"
#include "till/checkout.h"
#include "till/sale.h"

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

/* the cashier's allowance, rounded half up as a discount of that size is */
static int64_t allowance(int64_t base)
{
        return (base * LIMIT_BP * 2 + 10000) / 20000;
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

/* An approval never grows back: less taken off cuts it to that (the touched line's, and
 * the ticket's). */
static void shrink(struct model *m, struct mline *ml, const struct ticket *t)
{
        if (ml && ml->approved > own_off(tline(t, ml->line)))
                ml->approved = own_off(tline(t, ml->line));
        if (m->ticket_approved > t->ticket_off)
                m->ticket_approved = t->ticket_off;
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

static const struct actor cashier = { "alice", "1", NULL, false }, approver = { "alice", "1", "maria", false },
                          manager = { "maria", "1", NULL, true };
static const struct checkout_policy policy = { LIMIT_BP, 1, NULL, false, NULL };

struct tally {
        int cashier_sales, refused_sales, refused_edits, approved_edits;
};

static void run(unsigned seed, struct tally *n)
{
        static const struct {
                const char *sku;
                int64_t price;
        } goods[] = { { "A1", 1250 }, { "B2", 599 } };
        const struct checkout_policy pol = policy;
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
                char sql[256];

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
                        snprintf(sql, sizeof(sql),
                                 "SELECT (SELECT approved_off IS NOT NULL FROM ticket_lines WHERE ticket_id = '%s' AND line = %d)"
                                 " OR (SELECT approved_off IS NOT NULL FROM tickets WHERE id = '%s')", m.id, ml->line, m.id);
                        had = tsql_int(ts.path, sql);
                        r = ticket_set_qty(ts.l, who, &pol, m.id, ml->line, q, &t);
                        if (r == 0 && boss)
                                ml->approved = own_off(tline(t, ml->line));
                        if (r == 0)
                                shrink(&m, ml, t);
                        /* a quantity changed under an approval is on record, and only then */
                        assert_int_equal(audits(ts.path) - before,
                                         r == 0 && was->qty != q && had);
                        ticket_free(cur);
                } else if (op == PRICE) {
                        r = ticket_set_price(ts.l, boss ? who : &cashier, &pol, m.id, ml->line, rand() % (ml->list_price + 1), &t);
                        assert_true(boss ? r == 0 : r == -EPERM);
                        if (r == 0)
                                ml->approved = own_off(tline(t, ml->line));
                        if (r == 0)
                                shrink(&m, ml, t);
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
                        if (r == 0 && boss && line)
                                ml->approved = own_off(tline(t, line));
                        else if (r == 0 && boss)
                                m.ticket_approved = t->ticket_off;
                        if (r == 0)
                                shrink(&m, line ? ml : NULL, t);
                } else if (op == VOID) {
                        assert_ok(ts.l, ticket_void_line(ts.l, who, m.id, ml->line, &t)); /* by a manager too */
                        *ml = m.lines[--m.n];
                        shrink(&m, NULL, t);
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

/* ---- the cases a review found, each once ---- */


/* a fresh store with a shift and an open ticket; its id */
static void start(struct tstore *ts, char id[TICKET_ID_LEN + 1])
{
        struct shift_report sh;
        struct ticket *t = NULL;

        tstore_open(ts);
        assert_ok(ts->l, shift_open(ts->l, &cashier, 0, &sh));
        assert_ok(ts->l, ticket_open(ts->l, &cashier, &t));
        snprintf(id, TICKET_ID_LEN + 1, "%s", t->id);
        ticket_free(t);
}

static int pay_and_complete(struct tstore *ts, const struct actor *a, const char *id, struct doc_result *d)
{
        struct ticket *t = NULL;

        assert_ok(ts->l, ticket_get(ts->l, &cashier, id, &t));
        if (t->due > 0)
                assert_ok(ts->l, ticket_pay(ts->l, &cashier, id, TENDER_CASH, t->due, NULL));
        ticket_free(t);
        return ticket_complete(ts->l, a, &policy, id, NULL, d);
}

/* A manager's PIN given with a completion that is refused approves nothing for later. */
static void test_refused_completion_approves_nothing(void **state)
{
        char id[TICKET_ID_LEN + 1];
        struct doc_result d;
        struct tstore ts;
        (void)state;

        start(&ts, id);
        assert_ok(ts.l, ticket_add(ts.l, &cashier, id, NULL, "A1", 1000, NULL));
        assert_ok(ts.l, ticket_set_discount(ts.l, &manager, &policy, id, 0, (struct discount){ DISCOUNT_PERCENT, 5000 },
                                            NULL));
        assert_ok(ts.l, ticket_add(ts.l, &cashier, id, NULL, "A1", 3000, NULL)); /* merged into the line */
        assert_int_equal(audits(ts.path), 1);
        assert_int_equal(ticket_complete(ts.l, &cashier, &policy, id, NULL, &d), -EPERM);
        assert_int_equal(ticket_complete(ts.l, &approver, &policy, id, NULL, &d), -EINVAL); /* nothing paid */
        assert_string_equal(ledger_errcode(ts.l), "TENDER_SHORT");
        assert_int_equal(pay_and_complete(&ts, &cashier, id, &d), -EPERM);
        assert_string_equal(ledger_errcode(ts.l), "APPROVAL_REQUIRED");
        assert_ok(ts.l, pay_and_complete(&ts, &approver, id, &d));
        assert_int_equal(tsql_int(ts.path, "SELECT count(*) FROM audit_log WHERE action = 'approval' AND approved_by = "
                                           "'maria' AND detail LIKE 'sale S%'"), 1);
        tstore_close(&ts);
}

/* A price label far below what the smallest weighable amount costs takes no more off
 * than the cashier may. */
static void test_label_takes_no_more_than_allowed(void **state)
{
        struct measure_rule mr = { "22", MEASURE_PRICE, 5, 5, 1 };
        char id[TICKET_ID_LEN + 1], code[14] = "220010200001";
        struct doc_result d;
        struct tstore ts;
        (void)state;

        start(&ts, id);
        assert_int_equal(timport(ts.l, "sku,name,spec,barcode,price,cost,tax_rate,unit,category,stock,reorder_point,active\n"
                                       "S1,Saffron,,2200102,50000.00,30000.00,9,kg,Produce,2,,1\n"), 1);
        assert_ok(ts.l, measure_rule_add(ts.l, &mr));
        code[12] = (char)('0' + gs1_check_digit(code, 12));
        code[13] = 0;
        assert_ok(ts.l, ticket_add(ts.l, &cashier, id, code, NULL, 0, NULL)); /* 0.01 for a gram at 50.00 */
        assert_int_equal(pay_and_complete(&ts, &cashier, id, &d), -EPERM);
        assert_string_equal(ledger_errcode(ts.l), "APPROVAL_REQUIRED");
        tstore_close(&ts);
}

/* The allowance is rounded as a discount of that size is: 10% of 5.99 is 0.60. */
static void test_allowance_rounds_as_discounts(void **state)
{
        char id[TICKET_ID_LEN + 1];
        struct doc_result d;
        struct tstore ts;
        (void)state;

        start(&ts, id);
        assert_ok(ts.l, ticket_add(ts.l, &cashier, id, NULL, "B2", 1000, NULL));
        assert_ok(ts.l, ticket_set_discount(ts.l, &cashier, &policy, id, 1, (struct discount){ DISCOUNT_PERCENT, 1000 },
                                            NULL));
        assert_int_equal(ticket_set_discount(ts.l, &cashier, &policy, id, 1, (struct discount){ DISCOUNT_AMOUNT, 61 },
                                             NULL), -EPERM);
        assert_ok(ts.l, pay_and_complete(&ts, &cashier, id, &d));
        assert_int_equal(d.total, 599 - 60);
        tstore_close(&ts);
}

/* Taking a discount off a line whose price a manager cut leaves the cut approved; the
 * approval then never grows back. */
static void test_less_off_keeps_the_approval_and_shrinks_it(void **state)
{
        char id[TICKET_ID_LEN + 1];
        struct doc_result d;
        struct tstore ts;
        (void)state;

        start(&ts, id);
        assert_ok(ts.l, ticket_add(ts.l, &cashier, id, NULL, "A1", 2000, NULL));
        assert_ok(ts.l, ticket_set_price(ts.l, &manager, &policy, id, 1, 1000, NULL)); /* 5.00 off */
        assert_ok(ts.l, ticket_set_discount(ts.l, &cashier, &policy, id, 1, (struct discount){ DISCOUNT_NONE, 0 }, NULL));
        assert_ok(ts.l, ticket_set_qty(ts.l, &cashier, &policy, id, 1, 1000, NULL)); /* 2.50 off now */
        assert_int_equal(ticket_set_qty(ts.l, &cashier, &policy, id, 1, 2000, NULL), -EPERM); /* 5.00 again */
        assert_ok(ts.l, pay_and_complete(&ts, &cashier, id, &d));
        assert_int_equal(d.total, 1000);
        tstore_close(&ts);
}

/* Cash leaves a drawer only with a manager's say (a pay-out) and only as far as the drawer
 * holds it (a pay-out, or a refund of another lane's cash sale). */
static void test_cash_out_of_the_drawer(void **state)
{
        static const struct actor bob = { "bob", "2", NULL, false };
        const struct return_line_in back = { 1, NULL, 1000, -1 };
        const struct payment cash = { TENDER_CASH, 1250 };
        char id[TICKET_ID_LEN + 1];
        struct shift_report sh;
        struct doc_result d;
        struct tstore ts;
        (void)state;

        start(&ts, id);
        assert_int_equal(cash_move(ts.l, &cashier, NULL, CASH_PAY_OUT, 100, "window cleaner", &d), -EPERM);
        assert_string_equal(ledger_errcode(ts.l), "APPROVAL_REQUIRED");
        assert_int_equal(cash_move(ts.l, &approver, NULL, CASH_PAY_OUT, 100, "window cleaner", &d), -EINVAL);
        assert_string_equal(ledger_errcode(ts.l), "INSUFFICIENT_CASH");
        assert_ok(ts.l, ticket_add(ts.l, &cashier, id, NULL, "A1", 1000, NULL));
        assert_ok(ts.l, pay_and_complete(&ts, &cashier, id, &d));
        assert_ok(ts.l, shift_open(ts.l, &bob, 0, &sh));
        {
                const struct return_in in = { { NULL, "bob", "2", NULL, 0 }, d.number, NULL, "", &back, 1, &cash, 1,
                                              sh.shift_id, NULL, false, NULL };
                struct doc_result pay_in, back_d;

                assert_int_equal(post_return(ts.l, &in, &d), -EINVAL);
                assert_string_equal(ledger_errcode(ts.l), "INSUFFICIENT_CASH");
                /* a drawer holding exactly the refund pays it */
                assert_ok(ts.l, cash_move(ts.l, &bob, NULL, CASH_PAY_IN, 1250, "change from the bank", &pay_in));
                assert_ok(ts.l, post_return(ts.l, &in, &back_d));
        }
        assert_ok(ts.l, cash_move(ts.l, &approver, NULL, CASH_PAY_OUT, 1250, "to the bank", &d));
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
                cmocka_unit_test(test_refused_completion_approves_nothing),
                cmocka_unit_test(test_label_takes_no_more_than_allowed),
                cmocka_unit_test(test_allowance_rounds_as_discounts),
                cmocka_unit_test(test_less_off_keeps_the_approval_and_shrinks_it),
                cmocka_unit_test(test_cash_out_of_the_drawer),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
