/* Posting a stock adjustment: quantities corrected by hand, valued at the average cost.
 * Its lines are its stock movements. */
#include <errno.h>
#include <stdio.h>

#include "catalog.h"
#include "money.h"
#include "posting_int.h"

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

static int adjust_line(struct ledger *l, struct posting *p, int64_t id, size_t i, const struct adjust_line_in *ln,
                       int64_t *value)
{
        struct product pr;
        struct unit_info unit;
        int64_t on_hand = 0, v;
        char q[32];
        int r;

        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = unit_get(l, pr.unit, &unit)) < 0)
                return r;
        if (!unit.measured && ln->qty % 1000)
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s comes in whole %s", i + 1, pr.sku, pr.unit);
        if (line_amount(ln->qty, pr.avg_cost, &v) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the value is out of range", i + 1);
        if ((r = stock_move(l, p, id, pr.id, ln->qty, pr.avg_cost, &on_hand)) < 0)
                return r;
        if (ln->qty < 0 && on_hand < 0) {
                char take[32];
                decimal_format(on_hand - ln->qty, QTY_SCALE, true, q, sizeof(q));
                decimal_format(-ln->qty, QTY_SCALE, true, take, sizeof(take));
                return fail(l, -EINVAL, "INSUFFICIENT_STOCK",
                            "line %zu: %s %s of %s cannot be taken away: the location holds %s", i + 1, take, pr.unit,
                            pr.sku, q);
        }
        *value += v;
        return 0;
}

int post_adjustment(struct ledger *l, const struct adjust_in *in, struct doc_result *ret)
{
        static const char head[] =
                "INSERT INTO adjustments(number, at, user, reason, location_id, value) VALUES (?1, ?2, ?3, ?4, ?5, 0)";
        static const char sums[] = "UPDATE adjustments SET value = ?2 WHERE id = ?1";
        struct posting p;
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, value = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, "adjustment", &in->h)) < 0 || (r = adjust_validate(l, &p, in)) < 0)
                return r;
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = doc_number(l, "adjustment", "ADJ", number)) < 0 || !(st = stmt(l, head)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.user);
        sqlite3_bind_text(st, 4, in->reason, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, p.location_id);
        if ((r = step_done(l, st, "recording an adjustment")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = adjust_line(l, &p, id, i, &in->lines[i], &value)) < 0)
                        return posting_abort(l, r);
        if (!(st = stmt(l, sums)))
                return posting_abort(l, l->e.num);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, value);
        if ((r = step_done(l, st, "recording adjustment totals")) < 0)
                return posting_abort(l, r);
        return posting_end(l, &p, id, ret);
}
