/* The chain's side of transfers between stores (see transfer.h): what HQ passes on,
 * applied by the store inside the transaction of HQ's batch. None of it is a document:
 * the documents are the sending store's dispatch and this store's receipt. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "stock/transfer.h"

int chain_store_put(struct ledger *l, const char *code, const char *name, bool self)
{
        static const char sql[] = "INSERT INTO chain_stores(code, name, self) VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, self = excluded.self";
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = check_text(l, "store", code, CODE_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "name", name, NAME_MAX_LEN, true)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, self);
        return step_done(l, st, "recording a store of the chain");
}

int chain_store_each(struct ledger *l, int (*fn)(const struct chain_store *, void *), void *ud)
{
        static const char sql[] = "SELECT code, name, self FROM chain_stores WHERE self = 0 ORDER BY code";
        static const struct col cols[] = {
                COL_TEXT(struct chain_store, code), COL_TEXT(struct chain_store, name), COL_BOOL(struct chain_store, self),
        };
        static const struct row_shape shape = ROW_SHAPE(struct chain_store, cols);
        sqlite3_stmt *st = stmt_own(l, sql);
        struct chain_store s;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                row_read(st, &shape, &s);
                if ((r = fn(&s, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        return r ? r : rc == SQLITE_DONE ? 0 : fail_sql(l, rc, "listing the chain's stores");
}

static int check_expected(struct ledger *l, const struct transfer_expected *in)
{
        int64_t sum = 0;
        int r;

        if ((r = check_text(l, "store", in->from_store, CODE_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "number", in->number, DOC_NUMBER_MAX, true)) < 0 ||
            (r = check_text(l, "user", in->user, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "note", in->note, NAME_MAX_LEN, false)) < 0)
                return r;
        if (strchr(in->number, '-'))
                return fail(l, -EINVAL, "BAD_NUMBER", "a transfer's number has no '-'");
        if (in->nlines == 0 || in->nlines > DOC_LINES_MAX)
                return fail(l, -EINVAL, "BAD_LINES", "a transfer has 1 to %d lines", DOC_LINES_MAX);
        if (in->at < 0 || in->value < 0 || in->value > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "a transfer's time and value are 0 or more");
        for (size_t i = 0; i < in->nlines; i++) {
                const struct transfer_expected_line *ln = &in->lines[i];
                if ((r = check_text(l, "sku", ln->sku, CODE_MAX_LEN, true)) < 0 ||
                    (r = check_qty(l, ln->qty, i + 1, false)) < 0)
                        return r;
                if (ln->unit_cost < 0 || ln->unit_cost > MONEY_MAX || ln->value < 0 || ln->value > MONEY_MAX)
                        return fail(l, -EINVAL, "BAD_AMOUNT", "line %zu: cost and value are 0 to %lld", i + 1,
                                    (long long)MONEY_MAX);
                sum += ln->value;
        }
        if (sum != in->value)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the lines' values add up to %lld, not %lld", (long long)sum,
                            (long long)in->value);
        return 0;
}

/* sql (by expected id, line, sku, qty, unit_cost, value) bound for line i; NULL on error. */
static sqlite3_stmt *expected_line(struct ledger *l, const char *sql, int64_t id, size_t i,
                                   const struct transfer_expected_line *ln)
{
        sqlite3_stmt *st = stmt(l, sql);

        if (st) {
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int64(st, 2, (int64_t)i + 1);
                sqlite3_bind_text(st, 3, ln->sku, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 4, ln->qty);
                sqlite3_bind_int64(st, 5, ln->unit_cost);
                sqlite3_bind_int64(st, 6, ln->value);
        }
        return st;
}

/* The same transfer again (HQ's change applied twice) is no change; another under its
 * number is TRANSFER_CHANGED. */
static int same_expected(struct ledger *l, const struct transfer_expected *in, int64_t id)
{
        static const char head[] = "SELECT count(*) FROM transfers_expected e WHERE id = ?1 AND at = ?2 AND value = ?3"
                                   " AND (SELECT count(*) FROM transfers_expected_lines WHERE expected_id = ?1) = ?4";
        static const char line[] = "SELECT count(*) FROM transfers_expected_lines WHERE expected_id = ?1 AND line = ?2"
                                   " AND sku = ?3 AND qty = ?4 AND unit_cost = ?5 AND value = ?6";
        sqlite3_stmt *st = stmt(l, head);
        int64_t same = 0;
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, in->at);
        sqlite3_bind_int64(st, 3, in->value);
        sqlite3_bind_int64(st, 4, (int64_t)in->nlines);
        if ((r = step_one(l, st, "reading an expected transfer")) == 1)
                same = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        for (size_t i = 0; r == 1 && same && i < in->nlines; i++) {
                if (!(st = expected_line(l, line, id, i, &in->lines[i])))
                        return l->e.num;
                if ((r = step_one(l, st, "reading an expected transfer")) == 1)
                        same = sqlite3_column_int64(st, 0);
                sqlite3_reset(st);
        }
        if (r < 0)
                return r;
        return same ? 0
                    : fail(l, -EEXIST, "TRANSFER_CHANGED", "transfer %s-%s is expected already, as another",
                           in->from_store, in->number);
}

int transfer_expect(struct ledger *l, const struct transfer_expected *in)
{
        static const char head[] = "INSERT INTO transfers_expected(from_store, number, at, user, note, value) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (from_store, number) DO NOTHING";
        static const char known[] = "SELECT id FROM transfers_expected WHERE from_store = ?1 AND number = ?2";
        static const char line[] = "INSERT INTO transfers_expected_lines(expected_id, line, sku, qty, unit_cost, value) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        sqlite3_stmt *st;
        int64_t id;
        int r;

        clear_err(l);
        if ((r = check_expected(l, in)) < 0 || (r = ledger_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, head)))
                goto fail;
        sqlite3_bind_text(st, 1, in->from_store, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, in->number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, in->at);
        sqlite3_bind_text(st, 4, in->user ? in->user : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, in->value);
        if ((r = step_done(l, st, "recording an expected transfer")) < 0)
                goto out;
        if (sqlite3_changes(l->db) == 0) {
                if (!(st = stmt(l, known)))
                        goto fail;
                sqlite3_bind_text(st, 1, in->from_store, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 2, in->number, -1, SQLITE_TRANSIENT);
                if ((r = step_one(l, st, "reading an expected transfer")) == 1)
                        id = sqlite3_column_int64(st, 0);
                sqlite3_reset(st);
                if (r == 1)
                        r = same_expected(l, in, id);
                else if (r == 0) /* there a moment ago: the store changed under us */
                        r = fail(l, -EIO, "INTERNAL", "an expected transfer went missing");
                goto out;
        }
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; r == 0 && i < in->nlines; i++) {
                if (!(st = expected_line(l, line, id, i, &in->lines[i])))
                        goto fail;
                r = step_done(l, st, "recording an expected transfer's line");
        }
        goto out;
fail:
        r = l->e.num;
out:
        if (r < 0) {
                ledger_rollback(l);
                return r;
        }
        return ledger_commit(l);
}

/* What the sending store's transfer id says of itself: its value, and whether it arrived. */
static int sent_as(struct ledger *l, const char *number, int64_t *id, int64_t *value, bool *arrived)
{
        static const char sql[] = "SELECT t.id, t.value, a.transfer_id IS NOT NULL FROM store_transfers t "
                                  "LEFT JOIN store_transfer_arrivals a ON a.transfer_id = t.id WHERE t.number = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a transfer")) == 1) {
                *id = sqlite3_column_int64(st, 0);
                *value = sqlite3_column_int64(st, 1);
                *arrived = sqlite3_column_int(st, 2);
        }
        sqlite3_reset(st);
        return r < 0 ? r : r == 0 ? fail(l, -ENOENT, "UNKNOWN_TRANSFER", "no transfer %.24s sent to a store", number) : 0;
}

int transfer_arrived(struct ledger *l, const char *number, const char *receipt, int64_t at,
                     const struct transfer_receive_line *lines, size_t n, int64_t value, int64_t short_value)
{
        static const char head[] =
                "INSERT INTO store_transfer_arrivals(transfer_id, receipt, at, value, short_value) VALUES (?1, ?2, ?3, ?4, ?5)";
        static const char line[] =
                "INSERT INTO store_transfer_arrival_lines(transfer_id, line, received) SELECT ?1, ?2, ?3 "
                "WHERE EXISTS (SELECT 1 FROM store_transfer_lines WHERE transfer_id = ?1 AND line = ?2 AND qty >= ?3)";
        int64_t id = 0, sent = 0;
        bool arrived = false;
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = check_text(l, "number", number, DOC_NUMBER_MAX, true)) < 0 ||
            (r = check_text(l, "receipt", receipt, TRANSFER_NUMBER_MAX, true)) < 0 ||
            (r = sent_as(l, number, &id, &sent, &arrived)) < 0)
                return r;
        if (arrived) /* told again */
                return 0;
        if (value < 0 || short_value < 0 || value > MONEY_MAX || short_value > MONEY_MAX || value + short_value != sent ||
            n > DOC_LINES_MAX || at < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "transfer %s left with %lld: what arrived and what did not add up"
                            " to that", number, (long long)sent);
        if ((r = ledger_begin(l)) < 0)
                return r;
        if ((st = stmt(l, head))) {
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_text(st, 2, receipt, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 3, at);
                sqlite3_bind_int64(st, 4, value);
                sqlite3_bind_int64(st, 5, short_value);
                r = step_done(l, st, "recording a transfer's arrival");
        } else {
                r = l->e.num;
        }
        for (size_t i = 0; r == 0 && i < n; i++) {
                if (!(st = stmt(l, line))) {
                        r = l->e.num;
                        break;
                }
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int(st, 2, lines[i].line);
                sqlite3_bind_int64(st, 3, lines[i].received);
                if ((r = step_done(l, st, "recording what arrived")) == 0 && sqlite3_changes(l->db) == 0)
                        r = fail(l, -EINVAL, "UNKNOWN_LINE", "transfer %s has no line %d of %lld or more", number,
                                 lines[i].line, (long long)lines[i].received);
        }
        if (r < 0) {
                ledger_rollback(l);
                return r;
        }
        return ledger_commit(l);
}
