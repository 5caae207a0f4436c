/* Sessions and their tokens. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "people/auth.h"
#include "ledger/ledger_int.h"

static void token_hash(const char *token, char out[static TOKEN_HEX + 1])
{
        unsigned char h[crypto_hash_sha256_BYTES];

        crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
        sodium_bin2hex(out, TOKEN_HEX + 1, h, sizeof(h));
}

int session_open(struct ledger *l, const struct user *u, const char *lane, int64_t ttl_ms,
                 char token[static TOKEN_HEX + 1], struct session *ret)
{
        static const char purge[] = "DELETE FROM auth_sessions WHERE expires_at < ?1";
        static const char ins[] =
                "INSERT INTO auth_sessions(token_hash, user_id, lane, created_at, expires_at, training)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        unsigned char raw[TOKEN_HEX / 2];
        char tok[TOKEN_HEX + 1], hash[TOKEN_HEX + 1];
        struct session s;
        sqlite3_stmt *st;
        int64_t now = ledger_now_ms(l);
        int r;

        clear_err(l);
        memset(&s, 0, sizeof(s));
        if ((r = check_text(l, "lane", lane, CODE_MAX_LEN, true)) < 0)
                return r;
        s.user = *u;
        s.training = u->training;
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(tok, sizeof(tok), raw, sizeof(raw));
        token_hash(tok, hash);
        s.expires_at = now + ttl_ms;
        snprintf(s.lane, sizeof(s.lane), "%s", lane);
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, purge))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_int64(st, 1, now);
        if ((r = step_done(l, st, "clearing old sessions")) < 0)
                goto fail;
        if (!(st = stmt(l, ins))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, s.user.id);
        sqlite3_bind_text(st, 3, lane, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, s.expires_at);
        sqlite3_bind_int(st, 6, s.training);
        if ((r = step_done(l, st, "opening a session")) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r;
        memcpy(token, tok, sizeof(tok));
        *ret = s;
        return 0;
fail:
        tx_rollback(l);
        return r;
}

int session_create(struct ledger *l, const char *name, const char *pin, const char *lane, int64_t ttl_ms,
                   char token[static TOKEN_HEX + 1], struct session *ret)
{
        struct user u;
        int r;

        if ((r = user_check_pin(l, name, pin, &u)) < 0)
                return r;
        return session_open(l, &u, lane, ttl_ms, token, ret);
}

int session_check(struct ledger *l, const char *token, struct session *ret)
{
        static const char sql[] =
                "SELECT u.id, u.name, u.role, u.active, s.lane, s.expires_at, s.training FROM auth_sessions s "
                "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1";
        char hash[TOKEN_HEX + 1];
        struct session s;
        sqlite3_stmt *st;
        int r;

        if (!token || strlen(token) != TOKEN_HEX)
                return fail(l, -EACCES, "NO_SESSION", "sign in first: no valid token was given");
        token_hash(token, hash);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        memset(&s, 0, sizeof(s));
        if ((r = step_one(l, st, "checking a session")) == 1) {
                s.user.id = sqlite3_column_int64(st, 0);
                snprintf(s.user.name, sizeof(s.user.name), "%s", (const char *)sqlite3_column_text(st, 1));
                (void)role_parse((const char *)sqlite3_column_text(st, 2), &s.user.role);
                s.user.active = sqlite3_column_int(st, 3);
                snprintf(s.lane, sizeof(s.lane), "%s", (const char *)sqlite3_column_text(st, 4));
                s.expires_at = sqlite3_column_int64(st, 5);
                s.training = sqlite3_column_int(st, 6);
        }
        sqlite3_reset(st);
        if (r < 0)
                return r;
        if (r == 0 || !s.user.active)
                return fail(l, -EACCES, "NO_SESSION", "the session has ended: sign in again");
        if (s.expires_at <= ledger_now_ms(l))
                return fail(l, -ETIMEDOUT, "TOKEN_EXPIRED", "the session has expired: sign in again");
        *ret = s;
        return 0;
}

int session_end(struct ledger *l, const char *token)
{
        static const char sql[] = "DELETE FROM auth_sessions WHERE token_hash = ?1";
        char hash[TOKEN_HEX + 1];
        sqlite3_stmt *st;

        if (!token || strlen(token) != TOKEN_HEX)
                return fail(l, -EACCES, "NO_SESSION", "no valid token was given");
        token_hash(token, hash);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        return step_alone(l, st, "ending a session");
}

int session_lane_training(struct ledger *l, const char *lane, bool *ret)
{
        static const char sql[] = "SELECT training FROM auth_sessions WHERE lane = ?1 AND expires_at > ?2"
                                  " ORDER BY created_at DESC LIMIT 1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, lane, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, ledger_now_ms(l));
        if ((r = step_one(l, st, "finding the lane's session")) >= 0)
                *ret = r == 1 && sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}
