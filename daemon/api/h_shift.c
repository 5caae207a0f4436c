/* Shifts and cash: POST /shifts, GET /shifts/current (X), POST /shifts/current/close (Z),
 * POST /cash-movements. */
#include <string.h>

#include "api_int.h"

void h_shift_open(struct req *r)
{
        struct shift_report s;
        int64_t opening = 0;

        if (!in_money(r, r->in, "opening_float", true, &opening))
                return;
        if (shift_open(r->l, &r->actor, opening, &s) < 0)
                return reply_core(r, false);
        reply(r, 201, shift_json(&s));
}

void h_shift_current(struct req *r)
{
        struct shift_report s;
        int64_t id;

        if (shift_current_id(r->l, r->actor.lane, &id) < 0) {
                if (!strcmp(ledger_errcode(r->l), "NO_OPEN_SHIFT"))
                        return reply_error(r, 404, "NO_OPEN_SHIFT", "%s", ledger_errmsg(r->l));
                return reply_core(r, false);
        }
        if (shift_report(r->l, id, &s) < 0)
                return reply_core(r, false);
        reply(r, 200, shift_json(&s));
}

void h_shift_close(struct req *r)
{
        struct shift_report s;
        int64_t counted = 0;

        if (!in_money(r, r->in, "counted_cash", true, &counted))
                return;
        if (shift_close(r->l, &r->actor, counted, &s) < 0)
                return reply_core(r, false);
        reply(r, 200, shift_json(&s));
}

void h_cash(struct req *r)
{
        const char *kind = NULL, *reason = NULL;
        struct doc_result d;
        int64_t amount = 0;

        if (!in_str(r, "kind", true, 16, &kind) || !in_money(r, r->in, "amount", true, &amount) ||
            !in_str(r, "reason", true, 200, &reason))
                return;
        if (strcmp(kind, "pay_in") && strcmp(kind, "pay_out"))
                return reply_error(r, 422, "BAD_KIND", "kind is pay_in or pay_out");
        if (cash_move(r->l, &r->actor, r->idem_key, !strcmp(kind, "pay_in") ? CASH_PAY_IN : CASH_PAY_OUT, amount, reason,
                      &d) < 0)
                return reply_core(r, false);
        reply(r, 201, json_pack("{s:s,s:s,s:I,s:s}", "number", d.number, "kind", kind, "amount", (json_int_t)amount,
                                "reason", reason));
}
