/* Till shifts, cash in and out of the drawer, and the X and Z reports. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "till/checkout.h"
#include "ledger/money.h"
#include "ledger/settings.h"
#include "ledger/posting_int.h"
#include "till/checkout_int.h"

int shift_current_id(struct ledger *l, const char *lane, int64_t *ret_id)
{
        static const char sql[] = "SELECT id FROM shifts WHERE lane = ?1 AND closed_at IS NULL";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, lane ? lane : "", -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding the open shift")) == 1)
                *ret_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "NO_OPEN_SHIFT", "lane %s has no open shift: open one with a float first",
                            lane ? lane : "?");
        return r < 0 ? r : 0;
}

int shift_open(struct ledger *l, const struct actor *a, int64_t opening_float, struct shift_report *ret)
{
        static const char sql[] = "INSERT INTO shifts(lane, opened_by, opened_at, opening_float) VALUES (?1, ?2, ?3, ?4)";
        sqlite3_stmt *st;
        int64_t id;
        int r;

        clear_err(l);
        if (opening_float < 0 || opening_float > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the opening float must not be negative");
        if ((r = check_text(l, "lane", a->lane, CODE_MAX_LEN, true)) < 0 || (r = tx_begin(l)) < 0)
                return r;
        if (shift_current_id(l, a->lane, &id) == 0) {
                r = fail(l, -EBUSY, "SHIFT_ALREADY_OPEN", "lane %s already has an open shift; close it first", a->lane);
                goto out;
        }
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_text(st, 1, a->lane, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, a->user ? a->user : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, ledger_now_ms(l));
        sqlite3_bind_int64(st, 4, opening_float);
        if ((r = step_done(l, st, "opening a shift")) < 0)
                goto out;
        id = sqlite3_last_insert_rowid(l->db);
        if ((r = tx_commit(l)) < 0)
                return r;
        return shift_report(l, id, ret);
out:
        tx_rollback(l);
        return r;
}

/* Sums of one shift; each query's columns land in the given slots. */
static int shift_sums(struct ledger *l, const char *sql, int64_t shift_id, int64_t *const slots[], int n)
{
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, shift_id);
        if ((r = step_one(l, st, "adding up the shift")) == 1)
                for (int i = 0; i < n; i++)
                        *slots[i] = sqlite3_column_int64(st, i);
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

static int shift_by_method(struct ledger *l, const char *sql, int64_t shift_id, int64_t out[TENDER__COUNT], int sign)
{
        sqlite3_stmt *st = stmt(l, sql);
        enum tender t;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, shift_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                if (tender_parse((const char *)sqlite3_column_text(st, 0), &t) == 0)
                        out[t] += sign * sqlite3_column_int64(st, 1);
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "adding up the shift");
}

int shift_report(struct ledger *l, int64_t shift_id, struct shift_report *ret)
{
        static const char head[] =
                "SELECT lane, opened_by, opened_at, coalesce(closed_at, 0), opening_float, coalesce(counted_cash, 0) "
                "FROM shifts WHERE id = ?1";
        static const char sales[] =
                "SELECT count(*), coalesce(sum(total), 0), coalesce(sum(tax), 0), coalesce(sum(rounding), 0),"
                " coalesce(sum(change), 0) FROM sales WHERE shift_id = ?1";
        static const char rets[] =
                "SELECT count(*), coalesce(sum(total), 0), coalesce(sum(refunded), 0), coalesce(sum(tax), 0)"
                " FROM returns WHERE shift_id = ?1";
        static const char cash[] =
                "SELECT coalesce(sum(CASE kind WHEN 'pay_in' THEN amount END), 0),"
                " coalesce(sum(CASE kind WHEN 'pay_out' THEN amount END), 0) FROM cash_movements WHERE shift_id = ?1";
        static const char paid[] =
                "SELECT p.method, sum(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id "
                "WHERE s.shift_id = ?1 GROUP BY p.method";
        static const char refunded[] =
                "SELECT f.method, sum(f.amount) FROM return_refunds f JOIN returns r ON r.id = f.return_id "
                "WHERE r.shift_id = ?1 GROUP BY f.method";
        struct shift_report s;
        int64_t change = 0, return_tax = 0;
        sqlite3_stmt *st = stmt(l, head);
        int r;

        if (!st)
                return l->e.num;
        memset(&s, 0, sizeof(s));
        sqlite3_bind_int64(st, 1, shift_id);
        if ((r = step_one(l, st, "reading the shift")) == 1) {
                utf8_cut(s.lane, sizeof(s.lane), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(s.opened_by, sizeof(s.opened_by), (const char *)sqlite3_column_text(st, 1));
                s.opened_at = sqlite3_column_int64(st, 2);
                s.closed_at = sqlite3_column_int64(st, 3);
                s.opening_float = sqlite3_column_int64(st, 4);
                s.counted_cash = sqlite3_column_int64(st, 5);
        }
        sqlite3_reset(st);
        if (r <= 0)
                return r < 0 ? r : fail(l, -ENOENT, "UNKNOWN_SHIFT", "no shift %lld", (long long)shift_id);
        s.shift_id = shift_id;
        if ((r = shift_sums(l, sales, shift_id, (int64_t *const[]){ &s.sales_count, &s.gross, &s.tax, &s.rounding, &change },
                            5)) < 0 ||
            (r = shift_sums(l, rets, shift_id,
                            (int64_t *const[]){ &s.returns_count, &s.goods_returned, &s.money_refunded, &return_tax }, 4)) < 0 ||
            (r = shift_sums(l, cash, shift_id, (int64_t *const[]){ &s.pay_in, &s.pay_out }, 2)) < 0 ||
            (r = shift_by_method(l, paid, shift_id, s.by_method, 1)) < 0 ||
            (r = shift_by_method(l, refunded, shift_id, s.by_method, -1)) < 0)
                return r;
        s.by_method[TENDER_CASH] -= change;
        s.tax -= return_tax;
        s.kept_on_returns = s.goods_returned - s.money_refunded;
        s.net = s.gross + s.rounding - s.money_refunded;
        s.expected_cash = s.opening_float + s.by_method[TENDER_CASH] + s.pay_in - s.pay_out;
        if (s.closed_at)
                s.variance = s.counted_cash - s.expected_cash;
        *ret = s;
        return 0;
}

int shift_close(struct ledger *l, const struct actor *a, int64_t counted_cash, struct shift_report *ret)
{
        static const char sql[] =
                "UPDATE shifts SET closed_by = ?2, closed_at = ?3, counted_cash = ?4, expected_cash = ?5 WHERE id = ?1";
        struct shift_report s;
        char open_ticket[TICKET_ID_LEN + 1], e[32], c[32];
        sqlite3_stmt *st;
        int64_t id;
        int r;

        clear_err(l);
        if (counted_cash < 0 || counted_cash > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the counted cash must not be negative");
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = shift_current_id(l, a->lane, &id)) < 0)
                goto out;
        if (ticket_current(l, a->lane, open_ticket) == 0) {
                r = fail(l, -EBUSY, "TICKET_OPEN", "ticket %s is still open: complete, suspend or void it first",
                         open_ticket);
                goto out;
        }
        if ((r = shift_report(l, id, &s)) < 0 || !(st = stmt(l, sql))) {
                r = r < 0 ? r : l->e.num;
                goto out;
        }
        s.closed_at = ledger_now_ms(l);
        s.counted_cash = counted_cash;
        s.variance = counted_cash - s.expected_cash;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, a->user ? a->user : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, s.closed_at);
        sqlite3_bind_int64(st, 4, counted_cash);
        sqlite3_bind_int64(st, 5, s.expected_cash);
        money_text(l, s.expected_cash, e);
        money_text(l, counted_cash, c);
        if ((r = step_done(l, st, "closing the shift")) < 0 ||
            (r = audit_add(l, a, "shift_close", "shift %lld closed: expected cash %s, counted %s", (long long)id, e, c)) < 0)
                goto out;
        if ((r = tx_commit(l)) < 0)
                return r;
        *ret = s;
        return 0;
out:
        tx_rollback(l);
        return r;
}

int cash_move(struct ledger *l, const struct actor *a, const char *idem_key, enum cash_kind kind, int64_t amount,
              const char *reason, struct doc_result *ret)
{
        static const char sql[] =
                "INSERT INTO cash_movements(number, at, shift_id, kind, amount, reason, user) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        const struct doc_head h = { idem_key, a->user, a->lane, NULL, 0 };
        const char *kind_name = kind == CASH_PAY_IN ? "pay_in" : "pay_out";
        char number[DOC_NUMBER_MAX + 1], v[32];
        struct posting p;
        sqlite3_stmt *st;
        int64_t shift, id;
        int r;

        if ((r = posting_init(l, &p, DOC_CASH, &h)) < 0 || (r = check_text(l, "reason", reason, REASON_MAX_LEN, true)) < 0)
                return r;
        if (amount <= 0 || amount > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the amount must be positive");
        if (kind == CASH_PAY_OUT && (r = need_manager(l, a, "cash paid out of the drawer")) < 0)
                return r;
        req_str(&p, kind_name);
        req_int(&p, amount);
        req_str(&p, reason);
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = shift_current_id(l, a->lane, &shift)) < 0 ||
            (kind == CASH_PAY_OUT && (r = shift_cash_covers(l, shift, amount)) < 0))
                return posting_abort(l, r);
        if ((r = doc_number(l, DOC_CASH, number)) < 0 || !(st = stmt(l, sql)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        sqlite3_bind_int64(st, 3, shift);
        sqlite3_bind_text(st, 4, kind_name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, amount);
        sqlite3_bind_text(st, 6, reason, -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 7, a->user);
        money_text(l, amount, v);
        if ((r = step_done(l, st, "recording cash")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        if ((r = audit_add(l, a, kind_name, "%s %s: %s", number, v, reason)) < 0)
                return posting_abort(l, r);
        return posting_end(l, &p, id, ret);
}

int shift_cash_covers(struct ledger *l, int64_t shift_id, int64_t amount)
{
        struct store_settings set;
        struct shift_report s;
        char v[32];
        int r;

        if (!shift_id || amount <= 0)
                return 0;
        if ((r = shift_report(l, shift_id, &s)) < 0 || (r = store_settings_get(l, &set)) < 0)
                return r;
        if (amount <= s.expected_cash)
                return 0;
        if (set.blind_count) /* the figure a blind count keeps from the till */
                return fail(l, -EINVAL, "INSUFFICIENT_CASH",
                            "the drawer does not hold that much cash: give less in cash, or refund another way");
        money_text(l, s.expected_cash, v);
        return fail(l, -EINVAL, "INSUFFICIENT_CASH", "the drawer should hold only %s", v);
}

int shift_still_open(struct ledger *l, int64_t shift_id)
{
        static const char sql[] = "SELECT 1 FROM shifts WHERE id = ?1 AND closed_at IS NULL";
        sqlite3_stmt *st;
        int r;

        if (!shift_id)
                return 0;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, shift_id);
        r = step_one(l, st, "checking the shift");
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "NO_OPEN_SHIFT", "the shift was closed: open a new one first");
        return r < 0 ? r : 0;
}
