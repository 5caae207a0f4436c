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
};

/* PINs are 4 to 12 digits. -EEXIST if the name is taken. */
int user_add(struct ledger *l, const char *name, enum role role, const char *pin, int64_t *ret_id);
int user_set_pin(struct ledger *l, const char *name, const char *pin);
int user_get(struct ledger *l, const char *name, struct user *ret);
int user_each(struct ledger *l, int (*fn)(const struct user *, void *), void *ud);

/* Check a PIN. -EACCES on a wrong PIN (the failure is counted and the user locked after
 * five in a row: 5 minutes, then 10, 20, ... up to a day), -EPERM while locked or
 * inactive, -ENOENT unknown user. */
int user_check_pin(struct ledger *l, const char *name, const char *pin, struct user *ret);

struct actor;

/* What an admin changes; NULL members stay as they are. */
struct user_change {
        const enum role *role;
        const bool *active;
        const char *pin;
};

/* user_add, audited as a's act. */
int user_create(struct ledger *l, const struct actor *a, const char *name, enum role role, const char *pin,
                struct user *ret);
/* Role, access and PIN, audited. -EPERM (SELF_CHANGE) when a takes their own role or
 * access away; -ENOENT unknown user. */
int user_change(struct ledger *l, const struct actor *a, const char *name, const struct user_change *c,
                struct user *ret);

#define USER_MAX_FAILURES 5
#define USER_LOCK_MS (5 * 60 * 1000) /* the first lockout; each next one in a row doubles */

#endif
