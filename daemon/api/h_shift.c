/* Shifts and cash: POST /shifts, GET /shifts/current (X), POST /shifts/current/close (Z),
 * POST /cash-movements. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "ledger/print_queue.h"

/* Under a blind count a cashier does not learn what the drawer should hold until the count
 * is on record: an open shift's money is left out of what they are shown. *ret: whether
 * to hide it from this request. */
static int blind(struct req *r, const struct shift_report *s, bool *ret)
{
        struct store_settings set;

        if (store_settings_get(r->l, &set) < 0)
                return -1;
        *ret = set.blind_count && !s->closed_at && !r->actor.is_manager && !r->actor.approver;
        return 0;
}

static void reply_shift(struct req *r, int status, const struct shift_report *s)
{
        static const char *const money[] = { "gross", "goods_returned", "money_refunded", "kept_on_returns", "net", "tax",
                                             "rounding", "by_method", "expected_cash", "variance" };
        bool hide;
        json_t *o;

        if (blind(r, s, &hide) < 0)
                return reply_core(r, false);
        o = shift_json(s);
        for (size_t i = 0; hide && i < sizeof(money) / sizeof(money[0]); i++)
                json_object_set_new(o, money[i], json_null());
        json_object_set_new(o, "blind", json_boolean(hide));
        reply(r, status, o);
}

void h_shift_open(struct req *r)
{
        struct shift_report s;
        int64_t opening = 0;

        if (!in_money(r, r->in, "opening_float", true, &opening))
                return;
        if (shift_open(r->l, &r->actor, opening, &s) < 0)
                return reply_core(r, false);
        reply_shift(r, 201, &s);
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
        reply_shift(r, 200, &s);
}

/* A shift's report on the lane's printer: "SHIFT-<id>" in the print queue. */
static int print_report(struct req *r, int64_t id)
{
        struct checkout_policy pol = lane_policy(r);
        char number[32];
        int rc;

        if (!pol.printer)
                return -ENODEV;
        snprintf(number, sizeof(number), "SHIFT-%lld", (long long)id);
        if ((rc = print_enqueue(r->l, pol.printer, "shift", number, false, false, NULL)) == 0)
                r->wake_printer = pol.printer;
        return rc;
}

/* The Z is printed in the transaction that closes the shift. */
void h_shift_close(struct req *r)
{
        struct shift_report s;
        int64_t counted = 0;
        int rc;

        if (!in_money(r, r->in, "counted_cash", true, &counted))
                return;
        if (ledger_begin(r->l) < 0)
                return reply_core(r, false);
        if (shift_close(r->l, &r->actor, counted, &s) < 0 ||
            ((rc = print_report(r, s.shift_id)) < 0 && rc != -ENODEV) || ledger_commit(r->l) < 0) {
                ledger_rollback(r->l);
                r->wake_printer = NULL;
                return reply_core(r, false);
        }
        reply_shift(r, 200, &s);
}

/* POST /shifts/{id}/print: the X of an open shift, the Z of a closed one, again. A lane's
 * takings are its own: another lane's report needs a manager. */
void h_shift_print(struct req *r)
{
        struct shift_report s;
        char *end;
        long long id = strtoll(r->part[0], &end, 10);
        bool hidden;
        int rc;

        if (!in_approval(r))
                return;
        if (*end || id <= 0 || shift_report(r->l, id, &s) < 0)
                return reply_error(r, 404, "UNKNOWN_SHIFT", "no shift %s", r->part[0]);
        if (strcmp(s.lane, r->actor.lane ? r->actor.lane : "") &&
            need_manager(r->l, &r->actor, "printing another lane's shift report") < 0)
                return reply_core(r, false);
        if (blind(r, &s, &hidden) < 0 ||
            (hidden && need_manager(r->l, &r->actor, "the X report while the store counts blind") < 0))
                return reply_core(r, false);
        if ((rc = print_report(r, id)) == -ENODEV)
                return reply_error(r, 409, "NO_PRINTER", "lane %s has no receipt printer", r->actor.lane);
        if (rc < 0)
                return reply_core(r, false);
        reply(r, 202, json_pack("{s:I,s:s,s:s}", "shift", (json_int_t)id, "report", s.closed_at ? "Z" : "X", "printer",
                                r->wake_printer));
}

void h_cash(struct req *r)
{
        const char *kind = NULL, *reason = NULL;
        struct doc_result d;
        int64_t amount = 0;

        if (!in_str(r, "kind", true, 16, &kind) || !in_money(r, r->in, "amount", true, &amount) ||
            !in_str(r, "reason", true, 200, &reason) || !in_approval(r))
                return;
        if (strcmp(kind, "pay_in") && strcmp(kind, "pay_out"))
                return reply_error(r, 422, "BAD_KIND", "kind is pay_in or pay_out");
        if (cash_move(r->l, &r->actor, r->idem_key, !strcmp(kind, "pay_in") ? CASH_PAY_IN : CASH_PAY_OUT, amount, reason,
                      &d) < 0)
                return reply_core(r, false);
        reply(r, 201, json_pack("{s:s,s:s,s:I,s:s}", "number", d.number, "kind", kind, "amount", (json_int_t)amount,
                                "reason", reason));
}
