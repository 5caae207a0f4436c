/* Goods from a supplier without an order (a manager's approval), and goods sent back to
 * a supplier from stock (a supplier return, which the supplier's account is credited
 * with). */
#include <errno.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "buying/purchasing.h"

int receive_without_order(struct ledger *l, const struct actor *a, const char *supplier, const struct receipt_in *in,
                          struct doc_result *ret)
{
        static const char approve[] = "UPDATE goods_receipts SET approved_by = ?2 WHERE id = ?1";
        const char *by = a->approver ? a->approver : a->user;
        struct receipt_in rin = *in;
        struct doc_result d;
        struct supplier s;
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = need_manager(l, a, "taking goods in without an order")) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = supplier_get(l, supplier, &s)) < 0)
                goto fail;
        rin.supplier = s.name;
        if ((r = post_goods_receipt(l, &rin, &d)) < 0)
                goto fail;
        if (!d.replayed) {
                if (!(st = stmt(l, approve))) {
                        r = l->e.num;
                        goto fail;
                }
                sqlite3_bind_int64(st, 1, d.id);
                sqlite3_bind_text(st, 2, by, -1, SQLITE_TRANSIENT);
                if ((r = step_done(l, st, "recording the approval")) < 0 ||
                    (r = audit_add(l, a, "receipt_without_order", "%s from %s, approved by %s", d.number, s.code, by)) < 0)
                        goto fail;
        }
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        *ret = d;
        return 0;
fail:
        tx_rollback(l);
        return r;
}

/* A line: the stock goes at what it is worth (added to *cost), the supplier credits it at
 * the price given, or at that worth (added to *value). */
static int return_line(struct ledger *l, struct posting *p, int64_t id, size_t i, const struct supplier_return_line *ln,
                       int64_t *value, int64_t *cost)
{
        static const char sql[] =
                "INSERT INTO supplier_return_lines(return_id, line, product_id, qty, unit_cost, amount) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        struct product pr;
        struct unit_info unit;
        int64_t on_hand = 0, amount, worth, price;
        sqlite3_stmt *st;
        int r;

        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = unit_get(l, pr.unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, ln->qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s goes back in whole %s", i + 1, pr.sku, pr.unit);
        price = ln->unit_cost < 0 ? pr.avg_cost : ln->unit_cost;
        if (price > MONEY_MAX || (ln->unit_cost >= 0 && line_amount(ln->qty, price, &amount) < 0))
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the amount is out of range", i + 1);
        if ((r = stock_out(l, p, id, pr.id, ln->qty, &worth, &on_hand)) < 0)
                return r;
        if (ln->unit_cost < 0)
                amount = worth;
        if (on_hand < 0) {
                char held[32];
                decimal_format(on_hand + ln->qty, QTY_SCALE, true, held, sizeof(held));
                return fail(l, -EINVAL, "INSUFFICIENT_STOCK", "line %zu: only %s %s of %s are here to send back", i + 1,
                            held, pr.unit, pr.sku);
        }
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, pr.id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, price);
        sqlite3_bind_int64(st, 6, amount);
        *value += amount;
        *cost += worth;
        return step_done(l, st, "recording a supplier return line");
}

int post_supplier_return(struct ledger *l, const struct supplier_return_in *in, struct doc_result *ret)
{
        static const char head[] = "INSERT INTO supplier_returns(number, at, user, supplier_id, location_id, reason, value) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)";
        static const char set_cost[] = "UPDATE supplier_returns SET cost = ?2 WHERE id = ?1";
        char number[DOC_NUMBER_MAX + 1];
        struct posting p;
        struct supplier s;
        int64_t id, value = 0, cost = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, DOC_SUPPLIER_RETURN, &in->h)) < 0 ||
            (r = check_text(l, "reason", in->reason, REASON_MAX_LEN, true)) < 0)
                return r;
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a supplier return has 1 to %d lines", DOC_LINES_MAX);
        req_str(&p, in->supplier);
        req_str(&p, in->reason);
        for (size_t i = 0; i < in->nlines; i++) {
                if ((r = check_text(l, "sku", in->lines[i].sku, CODE_MAX_LEN, true)) < 0 ||
                    (r = check_qty(l, in->lines[i].qty, i + 1, false)) < 0)
                        return r;
                req_str(&p, in->lines[i].sku);
                req_int(&p, in->lines[i].qty);
                req_int(&p, in->lines[i].unit_cost);
        }
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = supplier_get(l, in->supplier, &s)) < 0 || (r = doc_number(l, DOC_SUPPLIER_RETURN, number)) < 0 ||
            !(st = stmt(l, head)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.user);
        sqlite3_bind_int64(st, 4, s.id);
        sqlite3_bind_int64(st, 5, p.location_id);
        sqlite3_bind_text(st, 6, in->reason, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "recording a supplier return")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = return_line(l, &p, id, i, &in->lines[i], &value, &cost)) < 0)
                        return posting_abort(l, r);
        if (!(st = stmt(l, set_cost)))
                return posting_abort(l, l->e.num);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, cost);
        if ((r = step_done(l, st, "recording what the stock was worth")) < 0)
                return posting_abort(l, r);
        return posting_close(l, &p, id, value, ret);
}
