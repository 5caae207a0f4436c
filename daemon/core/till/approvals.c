/* What a cashier may take off alone, and what a manager's approval covers. An approval
 * is the amount off the manager saw, not a flag: a later change that takes more off (a
 * larger quantity at an approved price, more lines under an approved ticket discount)
 * is not covered by it and needs a manager again. Amounts off are measured against the
 * price each line was rung up at, before any override. */
#include <errno.h>
#include <stdio.h>

#include "ledger/money.h"
#include "till/checkout_int.h"

/* off is within the cashier's allowance of base */
static bool allowed(const struct checkout_policy *pol, int64_t off, int64_t base)
{
        return off <= 0 || (__int128)off * 10000 <= (__int128)pol->max_discount_bp * (base > 0 ? base : 0);
}

/* A line's own amount off: its price override and its discount, without the ticket's share. */
static int64_t line_off(const struct ticket_line *ln)
{
        return ln->list_gross - ln->gross + (ln->discount_amount - ln->share);
}

static bool line_covered(const struct checkout_policy *pol, const struct ticket *t, const struct ticket_line *ln)
{
        int64_t off = line_off(ln);

        if (!allowed(pol, off, ln->list_gross) && !(ln->approved_off >= 0 && off <= ln->approved_off))
                return false;
        /* a cashier's allowance on the line and on the ticket do not add up */
        return ln->approved_off >= 0 || t->approved_off >= 0 || allowed(pol, off + ln->share, ln->list_gross);
}

static bool ticket_covered(const struct checkout_policy *pol, const struct ticket *t)
{
        return allowed(pol, t->ticket_off, t->net) || (t->approved_off >= 0 && t->ticket_off <= t->approved_off);
}

int approval_check(struct ledger *l, const struct checkout_policy *pol, const struct ticket *t, int which)
{
        char off[32], approved[32];

        for (size_t i = 0; i < t->nlines; i++) {
                const struct ticket_line *ln = &t->lines[i];
                if ((which != APPROVAL_ALL && which != ln->line) || line_covered(pol, t, ln))
                        continue;
                money_text(l, line_off(ln) + (ln->approved_off < 0 && t->approved_off < 0 ? ln->share : 0), off);
                if (ln->approved_off < 0)
                        return fail(l, -EPERM, "APPROVAL_REQUIRED",
                                    "line %d (%s) would have %s off, more than %d%%: a manager must approve it", ln->line,
                                    ln->sku, off, pol->max_discount_bp / 100);
                money_text(l, ln->approved_off, approved);
                return fail(l, -EPERM, "APPROVAL_REQUIRED",
                            "line %d (%s): a manager approved %s off, it would now be %s: a manager must approve again",
                            ln->line, ln->sku, approved, off);
        }
        if ((which == APPROVAL_ALL || which == APPROVAL_TICKET) && !ticket_covered(pol, t)) {
                money_text(l, t->ticket_off, off);
                if (t->approved_off < 0)
                        return fail(l, -EPERM, "APPROVAL_REQUIRED",
                                    "the ticket's discount of %s is more than %d%%: a manager must approve it", off,
                                    pol->max_discount_bp / 100);
                money_text(l, t->approved_off, approved);
                return fail(l, -EPERM, "APPROVAL_REQUIRED",
                            "a manager approved %s off the ticket, it would now be %s: a manager must approve again",
                            approved, off);
        }
        return 0;
}

int approval_record(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, struct ticket *t,
                    int which)
{
        static const char on_line[] = "UPDATE ticket_lines SET approved_off = ?2 WHERE ticket_id = ?1 AND line = ?3";
        static const char on_ticket[] = "UPDATE tickets SET approved_off = ?2 WHERE id = ?1 AND ?3 = 0";
        char off[32];
        int r;

        if (!a->is_manager && !a->approver)
                return 0;
        for (size_t i = 0; i < t->nlines; i++) {
                struct ticket_line *ln = &t->lines[i];
                int64_t v = line_off(ln) < 0 ? 0 : line_off(ln);
                if (which == APPROVAL_ALL ? line_covered(pol, t, ln) : which != ln->line)
                        continue;
                money_text(l, v, off);
                if ((r = ticket_exec(l, on_line, t->id, v, ln->line, "recording an approval")) < 0 ||
                    (r = audit_add(l, a, "approval", "ticket %s line %d %s: %s off", t->id, ln->line, ln->sku, off)) < 0)
                        return r;
                ln->approved_off = v;
        }
        if (which == APPROVAL_ALL ? !ticket_covered(pol, t) : which == APPROVAL_TICKET) {
                money_text(l, t->ticket_off, off);
                if ((r = ticket_exec(l, on_ticket, t->id, t->ticket_off, 0, "recording an approval")) < 0 ||
                    (r = audit_add(l, a, "approval", "ticket %s whole ticket: %s off", t->id, off)) < 0)
                        return r;
                t->approved_off = t->ticket_off;
        }
        return 0;
}
