/* Recorded answers to repeated requests. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "ledger/posting.h"
#include "ledger/replies.h"

int reply_find(struct ledger *l, const char *key, const unsigned char hash[REPLY_HASH_BYTES], int *ret_status,
               char **ret_body)
{
        static const char sql[] = "SELECT request_hash, status, body FROM replies WHERE key = ?1";
        sqlite3_stmt *st;
        char *body;
        int r;

        if ((r = check_text(l, "idempotency key", key, IDEM_KEY_MAX, true)) < 0 || !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "looking up a request")) == 1) {
                if (sqlite3_column_bytes(st, 0) != REPLY_HASH_BYTES || memcmp(sqlite3_column_blob(st, 0), hash, REPLY_HASH_BYTES))
                        r = fail(l, -EEXIST, "IDEMPOTENCY_KEY_REUSED",
                                 "idempotency key '%.64s' was already used for a different request", key);
                else if (!(body = strdup((const char *)sqlite3_column_text(st, 2))))
                        r = fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
                else {
                        *ret_status = sqlite3_column_int(st, 1);
                        *ret_body = body;
                }
        }
        sqlite3_reset(st);
        return r;
}

int reply_store(struct ledger *l, const char *key, const unsigned char hash[REPLY_HASH_BYTES], int status,
                const char *body)
{
        static const char purge[] = "DELETE FROM replies WHERE at < ?1";
        static const char ins[] = "INSERT INTO replies(key, request_hash, status, body, at) VALUES (?1, ?2, ?3, ?4, ?5)";
        int64_t now = ledger_now_ms(l);
        sqlite3_stmt *st = stmt(l, ins);
        int r;

        /* an answer is recorded only inside the transaction of what it answers: if SQLite
         * rolled that back after an error, the answer must not be saved on its own */
        if (l->tx_depth == 0 || sqlite3_get_autocommit(l->db))
                return fail(l, -EIO, "STORAGE_ERROR", "the store dropped the transaction after an error; nothing was saved");
        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 2, hash, REPLY_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, status);
        sqlite3_bind_text(st, 4, body, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, now);
        if ((r = step_done(l, st, "recording an answer")) < 0)
                return r;
        /* answers older than a week are forgotten: an index range, usually empty */
        if (!(st = stmt(l, purge)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, now - REPLY_KEEP_MS);
        return step_done(l, st, "forgetting old answers");
}
