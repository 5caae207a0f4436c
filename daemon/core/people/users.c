/* Users and PINs. PINs are stored as argon2id strings (libsodium's crypto_pwhash_str). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "ledger/audit.h"
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

static bool pin_shaped(const char *pin)
{
        size_t n = pin ? strnlen(pin, PIN_MAX + 1) : 0;

        return n >= PIN_MIN && n <= PIN_MAX && strspn(pin, "0123456789") == n;
}

static int check_pin(struct ledger *l, const char *pin)
{
        return pin_shaped(pin) ? 0 : fail(l, -EINVAL, "BAD_PIN", "a PIN is %d to %d digits", PIN_MIN, PIN_MAX);
}

/* argon2id at 19 MiB and two passes (OWASP's first choice): every lane signing in at
 * once stays within a till's memory, and a hash still costs a guesser real work. */
#define PIN_HASH_OPS 2
#define PIN_HASH_MEM (19u << 20)

int user_pin_hash(const char *pin, char out[static USER_PIN_HASH_MAX])
{
        if (!pin_shaped(pin))
                return -EINVAL;
        if (sodium_init() < 0)
                return -EIO;
        if (crypto_pwhash_str_alg(out, pin, strlen(pin), PIN_HASH_OPS, PIN_HASH_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
                return -ENOMEM;
        return 0;
}

static int hash_pin(struct ledger *l, const char *pin, char out[static crypto_pwhash_STRBYTES])
{
        switch (user_pin_hash(pin, out)) {
        case 0: return 0;
        case -EIO: return fail(l, -EIO, "CRYPTO_UNAVAILABLE", "libsodium could not start");
        case -EINVAL: return check_pin(l, pin);
        default: return fail(l, -ENOMEM, "OUT_OF_MEMORY", "not enough memory to hash a PIN");
        }
}

int user_put_hashed(struct ledger *l, const struct actor *a, const char *name, enum role role, const char *hash,
                    bool active)
{
        static const char sql[] =
                "INSERT INTO users(name, role, pin_hash, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT(name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash,"
                " active = excluded.active, failures = 0, locked_until = 0, lockouts = 0";
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if ((r = check_text(l, "user name", name, USER_NAME_MAX, true)) < 0)
                return r;
        if ((unsigned)role > ROLE_ADMIN)
                return fail(l, -EINVAL, "BAD_ROLE", "a role is cashier, manager or admin");
        /* only an argon2id string libsodium reads: nothing that would let any PIN in */
        if (!hash || strncmp(hash, "$argon2id$", 10) || strnlen(hash, USER_PIN_HASH_MAX) >= USER_PIN_HASH_MAX ||
            crypto_pwhash_str_needs_rehash(hash, 1, crypto_pwhash_MEMLIMIT_MIN) < 0)
                return fail(l, -EINVAL, "BAD_PIN_HASH", "a PIN hash is an argon2id string (posctl hq user makes one)");
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, role_name(role), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, active);
        sqlite3_bind_int64(st, 5, ledger_now_ms(l));
        if ((r = step_done(l, st, "keeping a user")) < 0 ||
            (r = audit_add(l, a, "user_put", "%s %s%s", name, role_name(role), active ? "" : " (disabled)")) < 0)
                goto fail;
        return tx_commit(l);
fail:
        tx_rollback(l);
        return r;
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
        if ((r = step_alone(l, st, "adding a user")) < 0)
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
        if ((r = step_alone(l, st, "changing a PIN")) < 0)
                return r;
        return sqlite3_changes(l->db) ? 0 : fail(l, -ENOENT, "UNKNOWN_USER", "no user called %s", name);
}

/* Reads a user and, when pin_hash is set, the stored hash. */
static int user_read(struct ledger *l, const char *name, struct user *ret, char *pin_hash)
{
        static const char sql[] = "SELECT id, name, role, active, pin_hash, training FROM users WHERE name = ?1";
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
                u.training = sqlite3_column_int(st, 5);
                *ret = u;
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
                return fail(l, -ENOENT, "UNKNOWN_USER", "no user called %.64s", name ? name : "");
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading a user");
}

int user_get(struct ledger *l, const char *name, struct user *ret)
{
        return user_read(l, name, ret, NULL);
}

int user_each(struct ledger *l, int (*fn)(const struct user *, void *), void *ud)
{
        static const char sql[] = "SELECT id, name, role, active, training FROM users ORDER BY name";
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
                u.training = sqlite3_column_int(st, 4);
                if ((r = fn(&u, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r == 0 && rc != SQLITE_DONE)
                return fail_sql(l, rc, "listing users");
        return r;
}

/* What an unknown name is checked against: the hash of "0000" with the parameters above,
 * written out so that no start pays for making it (users_init checks they still match). */
static const char dummy_hash[crypto_pwhash_STRBYTES] = "$argon2id$v=19$m=19456,t=2,p=1$mAHNX3KWFAcpGDPdP9upHA$"
                                 "Wc7gzkIPqVuyg3B0ZhKZ6a4MLoc6/7vZu5JSBWtWIgw";

int users_init(void)
{
        if (sodium_init() < 0)
                return -ENOSYS;
        return crypto_pwhash_str_needs_rehash(dummy_hash, PIN_HASH_OPS, PIN_HASH_MEM) == 0 ? 0 : -EINVAL;
}

int user_pin_read(struct ledger *l, const char *name, struct pin_check *ret)
{
        struct pin_check c;
        int r;

        _Static_assert(sizeof(c.hash) >= crypto_pwhash_STRBYTES, "a PIN hash fits");
        clear_err(l);
        if ((r = users_init()) < 0)
                return fail(l, r, "INTERNAL", "PINs cannot be checked: libsodium or the stand-in hash is wrong");
        memset(&c, 0, sizeof(c));
        r = user_read(l, name, &c.user, c.hash);
        if (r < 0 && r != -ENOENT)
                return r;
        c.known = r == 0;
        if (!c.known) /* an unknown name costs what a known one does: the time tells no names */
                snprintf(c.hash, sizeof(c.hash), "%s", dummy_hash);
        clear_err(l);
        *ret = c;
        return 0;
}

/* One verify whatever the name, the state or the PIN's shape, so every refusal takes the
 * same time. */
bool pin_matches(const struct pin_check *c, const char *pin)
{
        size_t n = pin ? strnlen(pin, PIN_MAX + 1) : 0;
        bool ok = c->hash[0] && crypto_pwhash_str_verify(c->hash, pin ? pin : "", n) == 0;

        return ok && c->known && n <= PIN_MAX;
}

int user_pin_outcome(struct ledger *l, const struct pin_check *c, bool matched, struct user *ret)
{
        clear_err(l);
        if (!matched)
                return fail(l, -EACCES, "WRONG_PIN", "wrong user or PIN");
        if (!c->user.active) /* told only to whoever knows the PIN */
                return fail(l, -EPERM, "USER_INACTIVE", "user %s is disabled", c->user.name);
        *ret = c->user;
        return 0;
}

int user_check_pin(struct ledger *l, const char *name, const char *pin, struct user *ret)
{
        struct pin_check c;
        int r;

        if ((r = user_pin_read(l, name, &c)) < 0)
                return r;
        r = user_pin_outcome(l, &c, pin_matches(&c, pin), ret);
        sodium_memzero(&c, sizeof(c));
        return r;
}
