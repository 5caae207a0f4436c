/* Users, roles and PINs (argon2id through libsodium). */
#ifndef POSD_USERS_H
#define POSD_USERS_H

#include <stdbool.h>
#include <stdint.h>

struct ledger;

#define USER_NAME_MAX 64
#define PIN_MIN 4
#define PIN_MAX 12

enum role { ROLE_CASHIER, ROLE_MANAGER, ROLE_ADMIN };
const char *role_name(enum role r);
int role_parse(const char *s, enum role *ret);

struct user {
        int64_t id;
        char name[USER_NAME_MAX + 1];
        enum role role;
        bool active;
        bool training; /* signs in to the training store: nothing reaches the real one */
};

#define USER_PIN_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* A PIN's hash as the store keeps it (argon2id): -EINVAL for a PIN that is not 4 to 12
 * digits, -ENOMEM, -EIO when libsodium cannot start. */
int user_pin_hash(const char *pin, char out[static USER_PIN_HASH_MAX]);

/* PINs are 4 to 12 digits. -EEXIST if the name is taken. */
int user_add(struct ledger *l, const char *name, enum role role, const char *pin, int64_t *ret_id);
int user_set_pin(struct ledger *l, const char *name, const char *pin);
int user_get(struct ledger *l, const char *name, struct user *ret);
int user_each(struct ledger *l, int (*fn)(const struct user *, void *), void *ud);

/* A PIN is checked in three steps so that the costly hash holds no store connection:
 * user_pin_read (with a connection), pin_matches (without), user_pin_outcome. */
struct pin_check {
        struct user user;
        bool known;     /* false: no such user; checked against a stand-in hash */
        char hash[128]; /* crypto_pwhash_STRBYTES */
};
/* Once, before any PIN is checked: libsodium ready (-ENOSYS else), and the stand-in hash
 * made with today's PIN hash parameters (-EINVAL else: an unknown name would answer
 * faster than a known one). */
int users_init(void);
/* The user's hash and state; an unknown name is no error (known is false). */
int user_pin_read(struct ledger *l, const char *name, struct pin_check *ret);
/* The argon2id verify: the same cost for an unknown, disabled or known user. */
bool pin_matches(const struct pin_check *c, const char *pin);
/* -EACCES (WRONG_PIN, the same for an unknown user and a wrong PIN), -EPERM
 * (USER_INACTIVE) for a disabled user with the right PIN, else 0 and the user. Failures
 * are not counted in the store: a lock there would let anyone lock anyone out; the API
 * slows wrong PINs per user and client address instead. */
int user_pin_outcome(struct ledger *l, const struct pin_check *c, bool matched, struct user *ret);
/* The three at once, on one connection (posctl, tests). */
int user_check_pin(struct ledger *l, const char *name, const char *pin, struct user *ret);

struct actor;

/* What an admin changes; NULL members stay as they are. */
struct user_change {
        const enum role *role;
        const bool *active;
        const char *pin;
};

/* A user as a chain's HQ keeps it, with the hash of its PIN (user_pin_hash): added, or
 * changed to this role, PIN and access. Audited as a's act. BAD_PIN_HASH for anything
 * but an argon2id string. */
int user_put_hashed(struct ledger *l, const struct actor *a, const char *name, enum role role, const char *hash,
                    bool active);

/* user_add, audited as a's act. */
int user_create(struct ledger *l, const struct actor *a, const char *name, enum role role, const char *pin,
                struct user *ret);
/* Role, access and PIN, audited. -EPERM (SELF_CHANGE) when a takes their own role or
 * access away; -ENOENT unknown user. */
int user_change(struct ledger *l, const struct actor *a, const char *name, const struct user_change *c,
                struct user *ret);
/* A manager puts a cashier in training (TRAINING_CASHIERS_ONLY for anyone else) or takes
 * a user out: from their next sign-in, what they do goes to the training store. Audited. */
int user_set_training(struct ledger *l, const struct actor *a, const char *name, bool on, struct user *ret);

/* Wrong PINs in a row, for one user from one client address, before that address is
 * refused for that user; the refusal lasts USER_LOCK_MS, each next one in a row twice the
 * one before, up to a day (the API keeps the count). */
#define USER_MAX_FAILURES 5
#define USER_LOCK_MS (5 * 60 * 1000)

#endif
