/* The journal: an entry per posted document, chained by SHA-256. An entry's digest covers
 * the document's rows as stored (header, lines, payments, stock movements), so verify
 * notices a document edited after posting as well as an edited or missing entry. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "ledger/document.h"
#include "ledger/journal.h"
#include "ledger/journal_int.h"
#include "ledger/ledger_int.h"

static void hex(const unsigned char *h, char out[static JOURNAL_HASH_HEX])
{
        sodium_bin2hex(out, JOURNAL_HASH_HEX, h, crypto_hash_sha256_BYTES);
}

static void feed_row(crypto_hash_sha256_state *s, sqlite3_stmt *st)
{
        static const unsigned char us = 0x1f, rs = 0x1e, null = 0x00;
        int n = sqlite3_column_count(st);

        for (int c = 0; c < n; c++) {
                if (sqlite3_column_type(st, c) == SQLITE_NULL)
                        crypto_hash_sha256_update(s, &null, 1);
                else
                        crypto_hash_sha256_update(s, sqlite3_column_text(st, c), (size_t)sqlite3_column_bytes(st, c));
                crypto_hash_sha256_update(s, &us, 1);
        }
        crypto_hash_sha256_update(s, &rs, 1);
}

int journal_digest(struct ledger *l, const char *doc_type, int64_t doc_id, char ret[static JOURNAL_HASH_HEX])
{
        const struct doc_kind *k = doc_kind_find(doc_type);
        crypto_hash_sha256_state s;
        unsigned char h[crypto_hash_sha256_BYTES];
        int rc = SQLITE_DONE;

        if (!k || !doc_journalled(k))
                return fail(l, -EINVAL, "UNKNOWN_DOCUMENT_TYPE", "unknown document type '%s'", doc_type);
        crypto_hash_sha256_init(&s);
        for (int i = 0; i < DOC_DIGEST_PARTS && k->digest[i]; i++) {
                sqlite3_stmt *st = stmt(l, k->digest[i]);
                if (!st)
                        return l->e.num;
                sqlite3_bind_int64(st, 1, doc_id);
                if (sqlite3_bind_parameter_count(st) > 1)
                        sqlite3_bind_text(st, 2, doc_type, -1, SQLITE_STATIC);
                while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                        feed_row(&s, st);
                sqlite3_reset(st);
                if (rc != SQLITE_DONE)
                        return fail_sql(l, rc, "reading a document for the journal");
                crypto_hash_sha256_update(&s, (const unsigned char *)"\x1d", 1);
        }
        crypto_hash_sha256_final(&s, h);
        hex(h, ret);
        return 0;
}

void journal_chain_hash(const char *prev, const char *doc_type, int64_t doc_id, const char *number, int64_t at,
                        const char *digest, char ret[static JOURNAL_HASH_HEX])
{
        crypto_hash_sha256_state s;
        unsigned char h[crypto_hash_sha256_BYTES];
        char buf[64];

        crypto_hash_sha256_init(&s);
        crypto_hash_sha256_update(&s, (const unsigned char *)prev, strlen(prev));
        crypto_hash_sha256_update(&s, (const unsigned char *)doc_type, strlen(doc_type) + 1);
        snprintf(buf, sizeof(buf), "%lld|%lld|", (long long)doc_id, (long long)at);
        crypto_hash_sha256_update(&s, (const unsigned char *)buf, strlen(buf));
        crypto_hash_sha256_update(&s, (const unsigned char *)number, strlen(number) + 1);
        crypto_hash_sha256_update(&s, (const unsigned char *)digest, strlen(digest));
        crypto_hash_sha256_final(&s, h);
        hex(h, ret);
}

int journal_append(struct ledger *l, const char *doc_type, int64_t doc_id, const char *number, int64_t at)
{
        static const char last[] = "SELECT hash FROM journal ORDER BY id DESC LIMIT 1";
        static const char ins[] =
                "INSERT INTO journal(at, doc_type, doc_id, number, digest, prev_hash, hash) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        char prev[JOURNAL_HASH_HEX], digest[JOURNAL_HASH_HEX], hash[JOURNAL_HASH_HEX];
        sqlite3_stmt *st;
        int r, rc;

        if ((r = journal_digest(l, doc_type, doc_id, digest)) < 0)
                return r;
        if (!(st = stmt(l, last)))
                return l->e.num;
        rc = sqlite3_step(st);
        snprintf(prev, sizeof(prev), "%s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : JOURNAL_GENESIS);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return fail_sql(l, rc, "reading the journal");
        journal_chain_hash(prev, doc_type, doc_id, number, at, digest, hash);
        if (!(st = stmt(l, ins)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, at);
        sqlite3_bind_text(st, 2, doc_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, doc_id);
        sqlite3_bind_text(st, 4, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, digest, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, hash, -1, SQLITE_TRANSIENT);
        return step_done(l, st, "writing the journal");
}

/* Each row st gives, to rd->row as part `part`, counted in *count; st is reset. */
static int each_row(struct ledger *l, sqlite3_stmt *st, int part, const struct journal_reader *rd, const char *what,
                    int *count)
{
        int r = 0, rc;

        if (sqlite3_column_count(st) > JOURNAL_COLUMNS_MAX)
                return fail(l, -E2BIG, "INTERNAL", "a document's part has more than %d columns", JOURNAL_COLUMNS_MAX);
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *names[JOURNAL_COLUMNS_MAX], *values[JOURNAL_COLUMNS_MAX];
                const char *table = sqlite3_column_table_name(st, 0);
                int n = sqlite3_column_count(st);
                ++*count;
                for (int c = 0; c < n; c++) {
                        names[c] = sqlite3_column_name(st, c);
                        values[c] = (const char *)sqlite3_column_text(st, c);
                }
                r = rd->row(rd->ud, &(struct journal_row){ part, table ? table : "", n, names, values });
        }
        sqlite3_reset(st);
        return r == 0 && rc != SQLITE_DONE ? fail_sql(l, rc, what) : r;
}

static int read_parts(struct ledger *l, const struct doc_kind *k, int64_t doc_id, const struct journal_reader *rd)
{
        int r = 0, rows = 0;

        for (int i = 0; r == 0 && i < DOC_DIGEST_PARTS && k->digest[i]; i++) {
                sqlite3_stmt *st = stmt(l, doc_part_for_hq(k->digest[i]));
                if (!st)
                        return l->e.num;
                sqlite3_bind_int64(st, 1, doc_id);
                if (sqlite3_bind_parameter_count(st) > 1)
                        sqlite3_bind_text(st, 2, k->type, -1, SQLITE_STATIC);
                r = each_row(l, st, i, rd, "reading a document for HQ", &rows);
        }
        return r;
}

int journal_columns(struct ledger *l, int (*fn)(void *ud, const char *table, const char *column, const char *type),
                    void *ud)
{
        int r = 0;

        for (int t = 0; r == 0 && t < DOC__COUNT; t++) {
                const struct doc_kind *k = doc_kind((enum doc_type)t);
                for (int i = 0; r == 0 && i < DOC_DIGEST_PARTS && k->digest[i]; i++) {
                        sqlite3_stmt *st = stmt(l, doc_part_for_hq(k->digest[i]));
                        const char *table;
                        if (!st)
                                return l->e.num;
                        table = sqlite3_column_table_name(st, 0);
                        for (int c = 0; r == 0 && c < sqlite3_column_count(st); c++)
                                r = fn(ud, table ? table : "", sqlite3_column_name(st, c),
                                       sqlite3_column_decltype(st, c) ? sqlite3_column_decltype(st, c) : "");
                }
        }
        return r;
}

int journal_catalogue_read(struct ledger *l, const struct catalogue_mark *after, int max, const struct journal_reader *rd)
{
        static const char sql[] =
                "SELECT p.id, p.sku, p.name, p.spec, p.unit, c.name AS category, p.price, p.cost, p.active, p.updated_at "
                "FROM products p LEFT JOIN categories c ON c.id = p.category_id "
                "WHERE (p.updated_at, p.id) > (?1, ?2) ORDER BY p.updated_at, p.id LIMIT ?3";
        sqlite3_stmt *st = stmt(l, sql);
        int r, rows = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, after->at);
        sqlite3_bind_int64(st, 2, after->id);
        sqlite3_bind_int(st, 3, max);
        r = each_row(l, st, 0, rd, "reading the catalogue for HQ", &rows);
        return r ? r : rows;
}

int journal_read(struct ledger *l, int64_t after, int max, const struct journal_reader *rd)
{
        static const char sql[] = "SELECT id, doc_type, doc_id, number, at, digest, prev_hash, hash FROM journal "
                                  "WHERE id > ?1 ORDER BY id LIMIT ?2";
        sqlite3_stmt *st;
        int r, rc = SQLITE_DONE, n = 0;

        if ((r = exec_sql(l, "BEGIN")) < 0)
                return r;
        if (!(st = stmt_own(l, sql))) {
                (void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
                return l->e.num;
        }
        sqlite3_bind_int64(st, 1, after);
        sqlite3_bind_int(st, 2, max);
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct journal_entry e;
                const struct doc_kind *k;
                memset(&e, 0, sizeof(e));
                e.seq = sqlite3_column_int64(st, 0);
                snprintf(e.doc_type, sizeof(e.doc_type), "%s", (const char *)sqlite3_column_text(st, 1));
                e.doc_id = sqlite3_column_int64(st, 2);
                snprintf(e.number, sizeof(e.number), "%s", (const char *)sqlite3_column_text(st, 3));
                e.at = sqlite3_column_int64(st, 4);
                snprintf(e.digest, sizeof(e.digest), "%s", (const char *)sqlite3_column_text(st, 5));
                snprintf(e.prev_hash, sizeof(e.prev_hash), "%s", (const char *)sqlite3_column_text(st, 6));
                snprintf(e.hash, sizeof(e.hash), "%s", (const char *)sqlite3_column_text(st, 7));
                if (!(k = doc_kind_find(e.doc_type)))
                        r = fail(l, -EINVAL, "UNKNOWN_DOCUMENT_TYPE", "unknown document type '%s'", e.doc_type);
                else if ((r = rd->entry(rd->ud, &e)) == 0 && (r = read_parts(l, k, e.doc_id, rd)) == 0)
                        n++;
        }
        if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
                r = fail_sql(l, rc, "reading the journal");
        sqlite3_finalize(st);
        (void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        return r ? r : n;
}

int journal_sync_get(struct ledger *l, struct journal_sync *ret)
{
        static const char sql[] =
                "WITH h AS (SELECT coalesce(max(sent), 0) AS sent, coalesce(max(catalogue_at), 0) AS cat_at,"
                "                  coalesce(max(catalogue_id), 0) AS cat_id, coalesce(max(applied), 0) AS applied"
                "           FROM hq_sync WHERE id = 1) "
                "SELECT coalesce((SELECT max(id) FROM journal), 0), h.sent,"
                " coalesce((SELECT at FROM journal WHERE id > h.sent ORDER BY id LIMIT 1), 0), h.cat_at, h.cat_id,"
                " h.applied FROM h";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        if ((r = step_one(l, st, "reading the journal")) == 1)
                *ret = (struct journal_sync){ sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                              sqlite3_column_int64(st, 2),
                                              { sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4) },
                                              sqlite3_column_int64(st, 5) };
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

/* One of hq_sync's marks, made if it is not there; only forward. */
static int set_mark(struct ledger *l, const char *sql, int64_t a, int64_t b, const char *what)
{
        sqlite3_stmt *st = stmt(l, "INSERT INTO hq_sync(id, sent) VALUES (1, 0) ON CONFLICT(id) DO NOTHING");
        int r;

        if (!st)
                return l->e.num;
        if ((r = step_done(l, st, what)) < 0 || !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, a);
        if (sqlite3_bind_parameter_count(st) > 1)
                sqlite3_bind_int64(st, 2, b);
        return step_done(l, st, what);
}

int journal_set_sent(struct ledger *l, int64_t seq)
{
        return set_mark(l, "UPDATE hq_sync SET sent = max(sent, ?1) WHERE id = 1", seq, 0,
                        "recording what HQ holds");
}

int journal_set_applied(struct ledger *l, int64_t version)
{
        return set_mark(l, "UPDATE hq_sync SET applied = max(applied, ?1) WHERE id = 1", version, 0,
                        "recording HQ's changes applied");
}

int journal_set_catalogue_sent(struct ledger *l, const struct catalogue_mark *m)
{
        return set_mark(l, "UPDATE hq_sync SET catalogue_at = ?1, catalogue_id = ?2 WHERE id = 1 AND "
                           "(catalogue_at, catalogue_id) < (?1, ?2)", m->at, m->id, "recording the catalogue HQ holds");
}
