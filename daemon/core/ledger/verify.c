/* posctl verify: prove the store is whole, and name the first row that is not. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/document.h"
#include "ledger/journal_int.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"

static int check_integrity(struct ledger *l)
{
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(l->db, "PRAGMA integrity_check(1)", -1, &st, NULL);
        int r = 0;

        if (rc == SQLITE_OK)
                rc = sqlite3_step(st);
        if (rc != SQLITE_ROW)
                r = fail_sql(l, rc, "integrity check");
        else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
                r = fail(l, -EUCLEAN, "VERIFY_FAILED", "integrity_check: %s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return r;
}

/* Each location's stock on hand, quantity and value, is what its movements add up to. */
static int check_on_hand(struct ledger *l)
{
        static const char cached[] =
                "SELECT p.sku, lo.code, h.qty, coalesce(s.qty, 0), h.value, coalesce(s.value, 0) FROM stock_on_hand h "
                "JOIN products p ON p.id = h.product_id JOIN locations lo ON lo.id = h.location_id "
                "LEFT JOIN (SELECT product_id, location_id, sum(qty) AS qty, sum(m.value) AS value"
                "  FROM stock_movements m GROUP BY 1, 2) s "
                "  ON s.product_id = h.product_id AND s.location_id = h.location_id "
                "WHERE h.qty IS NOT coalesce(s.qty, 0) OR h.value IS NOT coalesce(s.value, 0) LIMIT 1";
        static const char missing[] =
                "SELECT p.sku, lo.code, 0, sum(m.qty), 0, sum(m.value) FROM stock_movements m "
                "JOIN products p ON p.id = m.product_id JOIN locations lo ON lo.id = m.location_id "
                "LEFT JOIN stock_on_hand h ON h.product_id = m.product_id AND h.location_id = m.location_id "
                "WHERE h.product_id IS NULL GROUP BY m.product_id, m.location_id "
                "HAVING sum(m.qty) <> 0 OR sum(m.value) <> 0 LIMIT 1";
        const char *sqls[] = { cached, missing };
        int r = 0;

        for (int i = 0; i < 2 && r == 0; i++) {
                sqlite3_stmt *st = stmt(l, sqls[i]);
                int rc;
                if (!st)
                        return l->e.num;
                rc = sqlite3_step(st);
                if (rc == SQLITE_ROW) {
                        bool qty = sqlite3_column_int64(st, 2) != sqlite3_column_int64(st, 3);
                        int c = qty ? 2 : 4;
                        char cached_v[32], sum[32];
                        decimal_format(sqlite3_column_int64(st, c), qty ? QTY_SCALE : 0, qty, cached_v, sizeof(cached_v));
                        decimal_format(sqlite3_column_int64(st, c + 1), qty ? QTY_SCALE : 0, qty, sum, sizeof(sum));
                        r = fail(l, -EUCLEAN, "VERIFY_FAILED", "stock %s of %s at %s is %s but its movements add up to %s",
                                 qty ? "on hand" : "value", (const char *)sqlite3_column_text(st, 0),
                                 (const char *)sqlite3_column_text(st, 1), cached_v, sum);
                }
                else if (rc != SQLITE_DONE)
                        r = fail_sql(l, rc, "checking stock on hand");
                sqlite3_reset(st);
        }
        return r;
}

/* Batch stock is what its batch movements add up to, and no movement puts more into
 * batches, or takes more out of them, than it moved. */
static int check_batches(struct ledger *l)
{
        static const char cached[] =
                "SELECT b.lot, lo.code, bs.qty, coalesce(s.qty, 0) FROM batch_stock bs "
                "JOIN batches b ON b.id = bs.batch_id JOIN locations lo ON lo.id = bs.location_id "
                "LEFT JOIN (SELECT mb.batch_id, m.location_id, sum(mb.qty) AS qty FROM movement_batches mb "
                "  JOIN stock_movements m ON m.id = mb.movement_id GROUP BY 1, 2) s "
                "  ON s.batch_id = bs.batch_id AND s.location_id = bs.location_id "
                "WHERE bs.qty IS NOT coalesce(s.qty, 0) LIMIT 1";
        static const char spread[] =
                "SELECT m.id, m.doc_type, m.qty, sum(mb.qty) FROM movement_batches mb "
                "JOIN stock_movements m ON m.id = mb.movement_id GROUP BY m.id "
                "HAVING sum(mb.qty) * m.qty < 0 OR abs(sum(mb.qty)) > abs(m.qty) LIMIT 1";
        sqlite3_stmt *st = stmt(l, cached);
        int rc, r = 0;

        if (!st)
                return l->e.num;
        if ((rc = sqlite3_step(st)) == SQLITE_ROW)
                r = fail(l, -EUCLEAN, "VERIFY_FAILED", "batch %s at %s holds %lld but its movements add up to %lld",
                         (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                         (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3));
        else if (rc != SQLITE_DONE)
                r = fail_sql(l, rc, "checking batch stock");
        sqlite3_reset(st);
        if (r < 0)
                return r;
        if (!(st = stmt(l, spread)))
                return l->e.num;
        if ((rc = sqlite3_step(st)) == SQLITE_ROW)
                r = fail(l, -EUCLEAN, "VERIFY_FAILED", "stock movement %lld (%s) moved %lld but its batches %lld",
                         (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                         (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3));
        else if (rc != SQLITE_DONE)
                r = fail_sql(l, rc, "checking batch movements");
        sqlite3_reset(st);
        return r;
}

/* Numbers run gap-free, so a document type numbered up to N holds N documents. */
static int check_counts(struct ledger *l, const struct doc_kind *k)
{
        char sql[512];
        sqlite3_stmt *st;
        int r;

        snprintf(sql, sizeof(sql),
                 "SELECT (SELECT count(*) FROM %s), coalesce((SELECT last FROM doc_sequences WHERE doc_type = ?1), 0),"
                 " (SELECT m.doc_id FROM stock_movements m WHERE m.doc_type = ?1"
                 "  AND NOT EXISTS (SELECT 1 FROM %s d WHERE d.id = m.doc_id) LIMIT 1)",
                 k->table, k->table);
        if (!(st = stmt_own(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, k->type, -1, SQLITE_STATIC);
        if ((r = step_one(l, st, "counting documents")) == 1) {
                int64_t n = sqlite3_column_int64(st, 0), last = sqlite3_column_int64(st, 1);
                if (sqlite3_column_type(st, 2) != SQLITE_NULL)
                        r = fail(l, -EUCLEAN, "VERIFY_FAILED", "stock movements of %s id %lld remain but the %s was deleted",
                                 k->type, (long long)sqlite3_column_int64(st, 2), k->type);
                else if (n != last)
                        r = fail(l, -EUCLEAN, "VERIFY_FAILED", "%lld %s documents were numbered but %lld are stored: %s",
                                 (long long)last, k->type, (long long)n,
                                 n < last ? "some were deleted" : "the numbering was tampered with");
                else
                        r = 0;
        }
        sqlite3_finalize(st);
        return r;
}

/* What a document's journalled lines book for each product is what its stock movements
 * of the product moved: a value moved from one product to another shows. */
static int check_value_lines(struct ledger *l, const struct doc_kind *k)
{
        char sql[1024];
        sqlite3_stmt *st;
        int r;

        snprintf(sql, sizeof(sql),
                 "SELECT d.number, p.sku, coalesce(b.value, 0), coalesce(m.moved, 0) FROM (%s) b FULL JOIN"
                 " (SELECT doc_id, product_id, sum(value) AS moved FROM stock_movements WHERE doc_type = ?1"
                 "  GROUP BY 1, 2) m ON m.doc_id = b.doc AND m.product_id = b.product"
                 " JOIN %s d ON d.id = coalesce(b.doc, m.doc_id) JOIN products p ON p.id = coalesce(b.product, m.product_id) "
                 "WHERE coalesce(b.value, 0) <> coalesce(m.moved, 0) LIMIT 1",
                 k->inventory_lines, k->table);
        if (!(st = stmt_own(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, k->type, -1, SQLITE_STATIC);
        if ((r = step_one(l, st, "checking stock values by product")) == 1)
                r = fail(l, -EUCLEAN, "VERIFY_FAILED",
                         "%s %s books %lld to inventory for %s but its stock movements of it moved %lld", k->noun,
                         (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 2),
                         (const char *)sqlite3_column_text(st, 1), (long long)sqlite3_column_int64(st, 3));
        sqlite3_finalize(st);
        return r;
}

/* What a document books to inventory is what its stock movements moved, so that the
 * books' inventory is the stock's value; every movement has its value. */
static int check_value(struct ledger *l, const struct doc_kind *k)
{
        char sql[640];
        sqlite3_stmt *st;
        int r;

        if (!k->inventory)
                return 0;
        snprintf(sql, sizeof(sql),
                 "SELECT d.number, (%s), coalesce(m.moved, 0) FROM %s d LEFT JOIN"
                 " (SELECT doc_id, sum(value) AS moved FROM stock_movements WHERE doc_type = ?1 GROUP BY doc_id) m"
                 " ON m.doc_id = d.id WHERE (%s) <> coalesce(m.moved, 0) LIMIT 1",
                 k->inventory, k->table, k->inventory);
        if (!(st = stmt_own(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, k->type, -1, SQLITE_STATIC);
        if ((r = step_one(l, st, "checking stock values")) == 1)
                r = fail(l, -EUCLEAN, "VERIFY_FAILED", "%s %s books %lld to inventory but its stock movements moved %lld",
                         k->noun, (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                         (long long)sqlite3_column_int64(st, 2));
        sqlite3_finalize(st);
        return r == 0 && k->inventory_lines ? check_value_lines(l, k) : r;
}

/* After the chain: a document edited after posting is told as that, not by its value. */
static int check_values(struct ledger *l)
{
        static const char unvalued[] = "SELECT id, doc_type FROM stock_movements WHERE value IS NULL LIMIT 1";
        sqlite3_stmt *st = stmt(l, unvalued);
        int r;

        if (!st)
                return l->e.num;
        if ((r = step_one(l, st, "checking stock values")) == 1)
                r = fail(l, -EUCLEAN, "VERIFY_FAILED", "stock movement %lld (%s) has lost its value",
                         (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        for (size_t i = 0; i < DOC__COUNT && r == 0; i++)
                r = check_value(l, doc_kind((enum doc_type)i));
        return r;
}

static int check_journalled(struct ledger *l)
{
        char sql[512];

        for (size_t i = 0; i < DOC__COUNT; i++) {
                const struct doc_kind *k = doc_kind((enum doc_type)i);
                sqlite3_stmt *st = NULL;
                int rc, r = 0;
                if (!doc_journalled(k))
                        continue;
                snprintf(sql, sizeof(sql),
                         "SELECT d.id, d.number FROM %s d LEFT JOIN journal j ON j.doc_type = ?1 AND j.doc_id = d.id "
                         "WHERE j.id IS NULL LIMIT 1", k->table);
                rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
                if (rc == SQLITE_OK) {
                        sqlite3_bind_text(st, 1, k->type, -1, SQLITE_STATIC);
                        rc = sqlite3_step(st);
                }
                if (rc == SQLITE_ROW)
                        r = fail(l, -EUCLEAN, "VERIFY_FAILED", "%s %s (id %lld) has no journal entry: the entry was deleted",
                                 k->type, (const char *)sqlite3_column_text(st, 1),
                                 (long long)sqlite3_column_int64(st, 0));
                else if (rc != SQLITE_DONE)
                        r = fail_sql(l, rc, "checking the journal");
                sqlite3_finalize(st);
                if (r < 0 || (r = check_counts(l, k)) < 0)
                        return r;
        }
        return 0;
}

static int check_entry(struct ledger *l, sqlite3_stmt *st, char prev[static JOURNAL_HASH_HEX])
{
        int64_t id = sqlite3_column_int64(st, 0), at = sqlite3_column_int64(st, 1), doc_id = sqlite3_column_int64(st, 3);
        char type[24], number[DOC_NUMBER_MAX + 1], digest[JOURNAL_HASH_HEX], hash[JOURNAL_HASH_HEX];
        const char *stored_digest = (const char *)sqlite3_column_text(st, 5);
        const char *stored_prev = (const char *)sqlite3_column_text(st, 6);
        const char *stored_hash = (const char *)sqlite3_column_text(st, 7);
        int r;

        snprintf(type, sizeof(type), "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(number, sizeof(number), "%s", (const char *)sqlite3_column_text(st, 4));
        if (strcmp(stored_prev, prev) != 0)
                return fail(l, -EUCLEAN, "VERIFY_FAILED",
                            "journal entry %lld (%s %s) does not follow the entry before it: an entry was deleted or edited",
                            (long long)id, type, number);
        journal_chain_hash(prev, type, doc_id, number, at, stored_digest, hash);
        if (strcmp(hash, stored_hash) != 0)
                return fail(l, -EUCLEAN, "VERIFY_FAILED", "journal entry %lld (%s %s) was edited: its hash does not match",
                            (long long)id, type, number);
        if ((r = journal_digest(l, type, doc_id, digest)) < 0)
                return r;
        if (strcmp(digest, stored_digest) != 0) {
                struct doc_result d;
                bool gone = doc_load_result(l, type, doc_id, &d) == -ENOENT;
                return fail(l, -EUCLEAN, "VERIFY_FAILED", "%s %s (journal entry %lld) was %s after it was posted", type,
                            number, (long long)id, gone ? "deleted" : "changed");
        }
        snprintf(prev, JOURNAL_HASH_HEX, "%s", stored_hash);
        return 0;
}

static int check_chain(struct ledger *l)
{
        sqlite3_stmt *st = NULL;
        char prev[JOURNAL_HASH_HEX] = JOURNAL_GENESIS;
        int rc, r = 0;

        rc = sqlite3_prepare_v2(l->db,
                                "SELECT id, at, doc_type, doc_id, number, digest, prev_hash, hash FROM journal ORDER BY id",
                                -1, &st, NULL);
        if (rc == SQLITE_OK)
                while ((rc = sqlite3_step(st)) == SQLITE_ROW && (r = check_entry(l, st, prev)) == 0)
                        ;
        if (r == 0 && rc != SQLITE_DONE)
                r = fail_sql(l, rc, "reading the journal");
        sqlite3_finalize(st);
        return r;
}

int ledger_verify(struct ledger *l, void (*progress)(void *ud, const char *stage), void *ud)
{
        static const struct {
                const char *stage;
                int (*fn)(struct ledger *);
        } checks[] = {
                { "integrity_check", check_integrity },
                { "stock on hand", check_on_hand },
                { "batches", check_batches },
                { "documents journalled", check_journalled },
                { "journal chain", check_chain },
                { "stock values", check_values },
        };
        int r;

        clear_err(l);
        /* one read transaction: a consistent snapshot while posd goes on posting */
        if ((r = exec_sql(l, "BEGIN")) < 0)
                return r;
        for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
                if (progress)
                        progress(ud, checks[i].stage);
                if ((r = checks[i].fn(l)) < 0)
                        break;
        }
        (void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        return r;
}
