/* What a cashier may take off alone, and what a manager's approval covers. An approval
 * is the amount off the manager saw, not a flag: a later change that takes more off (a
 * larger quantity at an approved price, more lines under an approved ticket discount)
 * is not covered by it and needs a manager again. It never grows back either: a change
 * that takes less off shrinks it to what is now taken off. Amounts off are measured
 * against the price each line was rung up at, before any override. */
#include <errno.h>
#include <stdio.h>

#include "ledger/money.h"
#include "ledger/settings.h"
#include "till/checkout_int.h"

/* off is within the cashier's allowance of base, rounded as a discount of that size is */
static bool allowed(const struct checkout_policy *pol, int64_t off, int64_t base)
{
        int64_t limit = 0;

        if (off <= 0)
                return true;
        return base > 0 && muldiv_round(base, pol->max_discount_bp, 10000, &limit) == 0 && off <= limit;
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
        char off[32], approved[32], pct[PERCENT_TEXT_MAX];

        for (size_t i = 0; i < t->nlines; i++) {
                const struct ticket_line *ln = &t->lines[i];
                if ((which != APPROVAL_ALL && which != ln->line) || line_covered(pol, t, ln))
                        continue;
                if (ln->approved_off < 0) {
                        money_text(l, line_off(ln) + (t->approved_off < 0 ? ln->share : 0), off);
                        return fail(l, -EPERM, "APPROVAL_REQUIRED",
                                    "line %d (%s) would have %s off, more than %s: a manager must approve it", ln->line,
                                    ln->sku, off, percent_text(pol->max_discount_bp, pct));
                }
                money_text(l, line_off(ln), off);
                money_text(l, ln->approved_off, approved);
                return fail(l, -EPERM, "APPROVAL_REQUIRED",
                            "line %d (%s): a manager approved %s off, it would now be %s: a manager must approve again",
                            ln->line, ln->sku, approved, off);
        }
        if ((which == APPROVAL_ALL || which == APPROVAL_TICKET) && !ticket_covered(pol, t)) {
                money_text(l, t->ticket_off, off);
                if (t->approved_off < 0)
                        return fail(l, -EPERM, "APPROVAL_REQUIRED",
                                    "the ticket's discount of %s is more than %s: a manager must approve it", off,
                                    percent_text(pol->max_discount_bp, pct));
                money_text(l, t->approved_off, approved);
                return fail(l, -EPERM, "APPROVAL_REQUIRED",
                            "a manager approved %s off the ticket, it would now be %s: a manager must approve again",
                            approved, off);
        }
        return 0;
}

static int set_line(struct ledger *l, struct ticket *t, struct ticket_line *ln, int64_t v)
{
        static const char sql[] = "UPDATE ticket_lines SET approved_off = ?2 WHERE ticket_id = ?1 AND line = ?3";
        int r = ticket_exec(l, sql, t->id, v, ln->line, "recording an approval");

        if (r == 0)
                ln->approved_off = v;
        return r;
}

static int set_ticket(struct ledger *l, struct ticket *t, int64_t v)
{
        static const char sql[] = "UPDATE tickets SET approved_off = ?2 WHERE id = ?1 AND ?3 = 0";
        int r = ticket_exec(l, sql, t->id, v, 0, "recording an approval");

        if (r == 0)
                t->approved_off = v;
        return r;
}

/* A manager at hand approves what which names that is not covered, as it now stands. */
static int record(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, struct ticket *t,
                  int which)
{
        char off[32];
        int r;

        for (size_t i = 0; i < t->nlines; i++) {
                struct ticket_line *ln = &t->lines[i];
                if ((which != APPROVAL_ALL && which != ln->line) || line_covered(pol, t, ln))
                        continue;
                money_text(l, line_off(ln), off);
                if ((r = set_line(l, t, ln, line_off(ln))) < 0 ||
                    (r = audit_add(l, a, "approval", "ticket %s line %d %s: %s off", t->id, ln->line, ln->sku, off)) < 0)
                        return r;
        }
        if ((which == APPROVAL_ALL || which == APPROVAL_TICKET) && !ticket_covered(pol, t)) {
                money_text(l, t->ticket_off, off);
                if ((r = set_ticket(l, t, t->ticket_off)) < 0 ||
                    (r = audit_add(l, a, "approval", "ticket %s whole ticket: %s off", t->id, off)) < 0)
                        return r;
        }
        return 0;
}

/* Less taken off than approved: the approval is now that much, and no more. */
static int shrink(struct ledger *l, struct ticket *t, int which)
{
        int r;

        for (size_t i = 0; i < t->nlines; i++) {
                struct ticket_line *ln = &t->lines[i];
                int64_t off = line_off(ln) < 0 ? 0 : line_off(ln);
                if ((which == APPROVAL_ALL || which == ln->line) && ln->approved_off > off &&
                    (r = set_line(l, t, ln, off)) < 0)
                        return r;
        }
        if (t->approved_off > t->ticket_off && (r = set_ticket(l, t, t->ticket_off)) < 0)
                return r;
        return 0;
}

int approval_settle(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                    int which, bool check)
{
        struct checkout_policy eff;
        struct ticket *now = NULL;
        int r;

        if (check && (r = policy_effective(l, pol, &eff)) < 0)
                return r;
        if (check)
                pol = &eff;
        if ((r = ticket_load_lane(l, a->lane, id, &now)) < 0)
                return r;
        if (check && (a->is_manager || a->approver) && (r = record(l, a, pol, now, which)) < 0)
                goto out;
        if (check && (r = approval_check(l, pol, now, which)) < 0)
                goto out;
        r = shrink(l, now, which);
out:
        ticket_free(now);
        return r;
}

int policy_effective(struct ledger *l, const struct checkout_policy *conf, struct checkout_policy *ret)
{
        struct store_settings s;
        int r = store_settings_get(l, &s);

        if (r < 0)
                return r;
        *ret = *conf;
        if (s.max_discount_bp >= 0)
                ret->max_discount_bp = s.max_discount_bp;
        if (s.cash_step > 0)
                ret->cash_step = s.cash_step;
        return 0;
}
