/* Posting goods in: stock up at the given unit costs, moving average updated, into the
 * batch each line names. */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "stock/batch.h"
#include "catalog/catalog.h"
#include "ledger/money.h"
#include "buying/goods_in.h"
#include "ledger/posting_int.h"

static int receipt_validate(struct ledger *l, struct posting *p, const struct receipt_in *in)
{
        int r;

        if ((r = check_text(l, "supplier", in->supplier, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "reference", in->reference, NAME_MAX_LEN, false)) < 0)
                return r;
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a goods receipt has 1 to %d lines", DOC_LINES_MAX);
        req_int(p, (int64_t)in->nlines);
        req_str(p, in->supplier);
        req_str(p, in->reference);
        for (size_t i = 0; i < in->nlines; i++) {
                const struct receipt_line_in *ln = &in->lines[i];
                if ((r = check_text(l, "sku", ln->sku, CODE_MAX_LEN, true)) < 0 ||
                    (r = check_qty(l, ln->qty, i + 1, false)) < 0)
                        return r;
                if (ln->unit_cost < 0 || ln->unit_cost > MONEY_MAX)
                        return fail(l, -EINVAL, "BAD_COST", "line %zu: the unit cost must not be negative", i + 1);
                if ((r = check_text(l, "lot", ln->lot, LOT_MAX_LEN, false)) < 0)
                        return r;
                if (ln->expires_at < 0)
                        return fail(l, -EINVAL, "BAD_TIME", "line %zu: the expiry is a time after 1970", i + 1);
                req_str(p, ln->sku);
                req_int(p, ln->qty);
                req_int(p, ln->unit_cost);
                req_str(p, ln->lot);
                req_int(p, ln->expires_at);
        }
        return 0;
}

/* The batch a line comes in as: its lot, or a lot named by its expiry date. */
static int line_batch(struct ledger *l, int64_t product_id, const struct receipt_line_in *ln, struct batch_src *ret)
{
        char lot[LOT_MAX_LEN + 1];
        time_t t = (time_t)(ln->expires_at / 1000);
        struct tm tm;

        if (ln->lot && *ln->lot)
                utf8_cut(lot, sizeof(lot), ln->lot);
        else if (ln->expires_at && gmtime_r(&t, &tm))
                strftime(lot, sizeof(lot), "exp %Y-%m-%d", &tm);
        else
                return 0;
        return batch_find(l, product_id, lot, ln->expires_at, &ret->batch_id);
}

static int receipt_line(struct ledger *l, struct posting *p, int64_t id, size_t i, const struct receipt_line_in *ln,
                        int64_t *total)
{
        static const char sql[] =
                "INSERT INTO goods_receipt_lines(receipt_id, line, product_id, qty, unit_cost, amount) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        struct batch_src batch = { 0, NULL, 0 };
        struct product pr;
        struct unit_info unit;
        int64_t amount;
        sqlite3_stmt *st;
        int r;

        if ((r = product_get_by_sku(l, ln->sku, &pr)) < 0 || (r = unit_get(l, pr.unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, ln->qty))
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s comes in whole %s", i + 1, pr.sku, pr.unit);
        if (line_amount(ln->qty, ln->unit_cost, &amount) < 0 || *total + amount > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: the amount is out of range", i + 1);
        if ((r = line_batch(l, pr.id, ln, &batch)) < 0 ||
            (r = stock_in(l, p, id, pr.id, ln->qty, ln->unit_cost, amount, &batch, NULL)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, pr.id);
        sqlite3_bind_int64(st, 4, ln->qty);
        sqlite3_bind_int64(st, 5, ln->unit_cost);
        sqlite3_bind_int64(st, 6, amount);
        *total += amount;
        return step_done(l, st, "recording a receipt line");
}

int post_goods_receipt(struct ledger *l, const struct receipt_in *in, struct doc_result *ret)
{
        static const char head[] =
                "INSERT INTO goods_receipts(number, at, user, supplier, reference, location_id, total_cost) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)";
        struct posting p;
        char number[DOC_NUMBER_MAX + 1];
        int64_t id, total = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = posting_init(l, &p, DOC_RECEIPT, &in->h)) < 0 || (r = receipt_validate(l, &p, in)) < 0)
                return r;
        if ((r = posting_begin(l, &p, ret)) != 0)
                return r < 0 ? r : 0;
        if ((r = doc_number(l, DOC_RECEIPT, number)) < 0 || !(st = stmt(l, head)))
                return posting_abort(l, r < 0 ? r : l->e.num);
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.at);
        bind_text_or_null(st, 3, in->h.user);
        sqlite3_bind_text(st, 4, in->supplier ? in->supplier : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, in->reference ? in->reference : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, p.location_id);
        if ((r = step_done(l, st, "recording a goods receipt")) < 0)
                return posting_abort(l, r);
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nlines; i++)
                if ((r = receipt_line(l, &p, id, i, &in->lines[i], &total)) < 0)
                        return posting_abort(l, r);
        return posting_close(l, &p, id, total, ret);
}
