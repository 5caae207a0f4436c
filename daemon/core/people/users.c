/* Users and PINs. PINs are stored as argon2id strings (libsodium's crypto_pwhash_str). */
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "people/users.h"

static const char *const role_names[] = { "cashier", "manager", "admin" };

const char *role_name(enum role r)
{
        return (unsigned)r <= ROLE_ADMIN ? role_names[r] : "?";
}

int role_parse(const char *s, enum role *ret)
{
        for (int i = 0; i <= ROLE_ADMIN; i++)
                if (s && strcmp(s, role_names[i]) == 0) {
                        *ret = (enum role)i;
                        return 0;
                }
        return -EINVAL;
}

static int check_pin(struct ledger *l, const char *pin)
{
        size_t n = pin ? strnlen(pin, PIN_MAX + 1) : 0;

        if (n < PIN_MIN || n > PIN_MAX || strspn(pin, "0123456789") != n)
                return fail(l, -EINVAL, "BAD_PIN", "a PIN is %d to %d digits", PIN_MIN, PIN_MAX);
        return 0;
}

/* argon2id at 19 MiB and two passes (OWASP's first choice): every lane signing in at
 * once stays within a till's memory, and a hash still costs a guesser real work. */
#define PIN_HASH_OPS 2
#define PIN_HASH_MEM (19u << 20)

static int hash_pin(struct ledger *l, const char *pin, char out[static crypto_pwhash_STRBYTES])
{
        if (sodium_init() < 0)
                return fail(l, -EIO, "CRYPTO_UNAVAILABLE", "libsodium could not start");
        if (crypto_pwhash_str_alg(out, pin, strlen(pin), PIN_HASH_OPS, PIN_HASH_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "not enough memory to hash a PIN");
        return 0;
}

int user_add(struct ledger *l, const char *name, enum role role, const char *pin, int64_t *ret_id)
{
        static const char sql[] = "INSERT INTO users(name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)";
        char hash[crypto_pwhash_STRBYTES];
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = check_text(l, "user name", name, USER_NAME_MAX, true)) < 0 || (r = check_pin(l, pin)) < 0)
                return r;
        if ((unsigned)role > ROLE_ADMIN)
                return fail(l, -EINVAL, "BAD_ROLE", "a role is cashier, manager or admin");
        if ((r = hash_pin(l, pin, hash)) < 0 || !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, role_name(role), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, ledger_now_ms(l));
        if ((r = step_done(l, st, "adding a user")) < 0)
                return r == -EEXIST ? fail(l, r, "USER_EXISTS", "there is already a user called %s", name) : r;
        if (ret_id)
                *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

int user_set_pin(struct ledger *l, const char *name, const char *pin)
{
        static const char sql[] =
                "UPDATE users SET pin_hash = ?2, failures = 0, locked_until = 0, lockouts = 0 WHERE name = ?1";
        char hash[crypto_pwhash_STRBYTES];
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = check_pin(l, pin)) < 0 || (r = hash_pin(l, pin, hash)) < 0 || !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "changing a PIN")) < 0)
                return r;
        return sqlite3_changes(l->db) ? 0 : fail(l, -ENOENT, "UNKNOWN_USER", "no user called %s", name);
}

/* Reads a user and, when pin_hash is set, the stored hash and lock state. */
static int user_read(struct ledger *l, const char *name, struct user *ret, char *pin_hash, int *ret_failures, int64_t *ret_locked_until)
{
        static const char sql[] =
                "SELECT id, name, role, active, pin_hash, failures, locked_until FROM users WHERE name = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        struct user u;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, name ? name : "", -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                memset(&u, 0, sizeof(u));
                u.id = sqlite3_column_int64(st, 0);
                snprintf(u.name, sizeof(u.name), "%s", (const char *)sqlite3_column_text(st, 1));
                (void)role_parse((const char *)sqlite3_column_text(st, 2), &u.role);
                u.active = sqlite3_column_int(st, 3);
                if (pin_hash)
                        snprintf(pin_hash, crypto_pwhash_STRBYTES, "%s", (const char *)sqlite3_column_text(st, 4));
                if (ret_failures)
                        *ret_failures = sqlite3_column_int(st, 5);
                if (ret_locked_until)
                        *ret_locked_until = sqlite3_column_int64(st, 6);
                *ret = u;
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
                return fail(l, -ENOENT, "UNKNOWN_USER", "no user called %.64s", name ? name : "");
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading a user");
}

int user_get(struct ledger *l, const char *name, struct user *ret)
{
        return user_read(l, name, ret, NULL, NULL, NULL);
}

int user_each(struct ledger *l, int (*fn)(const struct user *, void *), void *ud)
{
        static const char sql[] = "SELECT id, name, role, active FROM users ORDER BY name";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct user u;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&u, 0, sizeof(u));
                u.id = sqlite3_column_int64(st, 0);
                snprintf(u.name, sizeof(u.name), "%s", (const char *)sqlite3_column_text(st, 1));
                (void)role_parse((const char *)sqlite3_column_text(st, 2), &u.role);
                u.active = sqlite3_column_int(st, 3);
                if ((r = fn(&u, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r == 0 && rc != SQLITE_DONE)
                return fail_sql(l, rc, "listing users");
        return r;
}

/* One more wrong PIN, counted in the database itself so that two lanes failing at once
 * both count; the fifth locks the user until lock_until. */
static int count_failure(struct ledger *l, int64_t id, int64_t now)
{
        /* each lockout in a row lasts twice the one before, up to a day */
        static const char sql[] =
                "UPDATE users SET failures = CASE WHEN failures + 1 >= ?2 THEN 0 ELSE failures + 1 END,"
                " locked_until = CASE WHEN failures + 1 >= ?2"
                "  THEN ?3 + min(?4 << min(lockouts, 10), 86400000) ELSE locked_until END,"
                " lockouts = lockouts + (failures + 1 >= ?2) WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, USER_MAX_FAILURES);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, USER_LOCK_MS);
        return step_done(l, st, "recording a sign-in attempt");
}

static int clear_failures(struct ledger *l, int64_t id)
{
        static const char sql[] = "UPDATE users SET failures = 0, locked_until = 0, lockouts = 0 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        return step_done(l, st, "recording a sign-in");
}

static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
        if (sodium_init() < 0 ||
            crypto_pwhash_str_alg(dummy_hash, "0000", 4, PIN_HASH_OPS, PIN_HASH_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
                dummy_hash[0] = '\0';
}

/* An unknown name costs what a known one does: the time of an answer tells no names. */
static void spend_like_a_check(const char *pin)
{
        static pthread_once_t once = PTHREAD_ONCE_INIT;

        pthread_once(&once, make_dummy);
        if (dummy_hash[0] && pin && crypto_pwhash_str_verify(dummy_hash, pin, strnlen(pin, PIN_MAX)) == 0)
                return; /* the answer does not matter, only the time it took */
}

int user_check_pin(struct ledger *l, const char *name, const char *pin, struct user *ret)
{
        char hash[crypto_pwhash_STRBYTES];
        struct user u;
        int failures = 0, r;
        int64_t locked_until = 0, now = ledger_now_ms(l);

        clear_err(l);
        if ((r = user_read(l, name, &u, hash, &failures, &locked_until)) < 0) {
                if (r == -ENOENT)
                        spend_like_a_check(pin);
                return r;
        }
        if (!u.active)
                return fail(l, -EPERM, "USER_INACTIVE", "user %s is disabled", u.name);
        if (locked_until > now)
                return fail(l, -EPERM, "USER_LOCKED", "user %s is locked after %d wrong PINs; try again in %lld minutes",
                            u.name, USER_MAX_FAILURES, (long long)((locked_until - now + 59999) / 60000));
        if (!pin || strnlen(pin, PIN_MAX + 1) > PIN_MAX ||
            crypto_pwhash_str_verify(hash, pin, strlen(pin)) != 0) {
                if ((r = count_failure(l, u.id, now)) < 0)
                        return r;
                return fail(l, -EACCES, "WRONG_PIN", "wrong PIN for %s", u.name);
        }
        if ((failures || locked_until) && (r = clear_failures(l, u.id)) < 0)
                return r;
        *ret = u;
        return 0;
}
