/* Posting a stock adjustment: quantities corrected by hand, valued at the average cost.
 * Its lines are its stock movements. */
#include <errno.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "ledger/money.h"
#include "stock/stock_int.h"

static int adjust_validate(struct ledger *l, struct posting *p, const struct adjust_in *in)
{
        int r;

        if ((r = check_text(l, "reason", in->reason, REASON_MAX_LEN, true)) < 0)
                return r;
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "an adjustment has 1 to %d lines", DOC_LINES_MAX);
        req_int(p, (int64_t)in->nlines);
        req_str(p, in->reason);
        for (size_t i = 0; i < in->nlines; i++) {
                if ((r = check_text(l, "sku", in->lines[i].sku, CODE_MAX_LEN, true)) < 0 ||
                    (r = check_qty(l, in->lines[i].qty, i + 1, true)) < 0)
                        return r;
                req_str(p, in->lines[i].sku);
                req_int(p, in->lines[i].qty);
        }
        return 0;
}

int adjust_product(struct ledger *l, struct posting *p, int64_t doc_id, size_t line, const struct product *pr,
                   int64_t qty, bool allow_negative, int64_t *value)
{
        struct unit_info unit;
        int64_t on_hand = 0, v;
        char q[32];
        int r;

        if ((r = unit_get(l, pr->unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s comes in whole %s", line, pr->sku, pr->unit);
        /* found stock comes in at the average; lost stock goes at its share of the value */
        if (qty > 0 && line_amount(qty, pr->avg_cost, &v) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the value is out of range", line);
        r = qty > 0 ? stock_in(l, p, doc_id, pr->id, qty, pr->avg_cost, v, NULL, &on_hand)
                    : stock_out(l, p, doc_id, pr->id, -qty, &v, &on_hand);
        if (r < 0)
                return r;
        if (qty < 0)
                v = -v;
        if (qty < 0 && on_hand < 0 && !allow_negative) {
                char take[32];
                decimal_format(on_hand - qty, QTY_SCALE, true, q, sizeof(q));
                decimal_format(-qty, QTY_SCALE, true, take, sizeof(take));
                return fail(l, -EINVAL, "INSUFFICIENT_STOCK",
                            "line %zu: %s %s of %s cannot be taken away: the location holds %s", line, take, pr->unit,
                            pr->sku, q);
        }
        *value += v;
        return 0;
}

int adjust_start(struct ledger *l, struct posting *p, const char *reason, int64_t *ret_id)
{
        static const char head[] =
                "INSERT INTO adjustments(number, at, user, reason, location_id, value) VALUES (?1, ?2, ?3, ?4, ?5, 0)";
        char number[DOC_NUMBER_MAX + 1];
        sqlite3_stmt *st;
        int r;

        if ((r = doc_number(l, DOC_ADJUSTMENT, number)) < 0 || !(st = stmt(l, head)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p->at);
        bind_text_or_null(st, 3, p->h->user);
        sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, p->location_id);
        if ((r = step_done(l, st, "recording an adjustment")) < 0)
                return r;
        *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

int post_adjustment(struct ledger *l, const struct adjust_in *in, struct doc_result *ret)
{
        struct posting p;
        struct product pr;
        int64_t id, value = 0;
        int r;

        if ((r = posting_init(l, &p, DOC_ADJUSTMENT, &in->h)) < 0 || (r = adjust_validate(l, &p, in)) < 0)
                return r;
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = adjust_start(l, &p, in->reason, &id)) < 0)
                return posting_abort(l, r);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = product_get_by_sku(l, in->lines[i].sku, &pr)) < 0 ||
                    (r = adjust_product(l, &p, id, i + 1, &pr, in->lines[i].qty, false, &value)) < 0)
                        return posting_abort(l, r);
        if ((r = doc_set_total(l, DOC_ADJUSTMENT, id, value)) < 0)
                return posting_abort(l, r);
        return posting_end(l, &p, id, ret);
}
