/* Users changed by someone signed in: each change audited in its own transaction. An
 * admin cannot take away their own role or access, and the last active admin cannot be
 * taken away by anyone, so a store always keeps one. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/audit.h"
#include "ledger/ledger_int.h"
#include "people/users.h"

int user_create(struct ledger *l, const struct actor *a, const char *name, enum role role, const char *pin,
                struct user *ret)
{
        struct user u;
        int r;

        clear_err(l);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = user_add(l, name, role, pin, NULL)) < 0 || (r = user_get(l, name, &u)) < 0 ||
            (r = audit_add(l, a, "user_add", "%s added as %s", name, role_name(role))) < 0) {
                tx_rollback(l);
                return r;
        }
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        *ret = u;
        return 0;
}

static int set_role_active(struct ledger *l, const char *name, enum role role, bool active)
{
        static const char sql[] = "UPDATE users SET role = ?2, active = ?3 WHERE name = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, role_name(role), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, active);
        return step_done(l, st, "changing a user");
}

/* Read inside the change's transaction: two admins demoting each other at once cannot
 * both pass. */
static int admins_left(struct ledger *l)
{
        static const char sql[] = "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1";
        sqlite3_stmt *st = stmt(l, sql);
        int r, n = 0;

        if (!st)
                return l->e.num;
        if ((r = step_one(l, st, "counting admins")) == 1)
                n = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        return r < 0 ? r : n;
}

int user_change(struct ledger *l, const struct actor *a, const char *name, const struct user_change *c,
                struct user *ret)
{
        struct user u;
        char what[96] = "";
        int r;

        clear_err(l);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = user_get(l, name, &u)) < 0)
                goto fail;
        if (!strcmp(name, a->user) && ((c->role && *c->role != u.role) || (c->active && !*c->active))) {
                r = fail(l, -EPERM, "SELF_CHANGE", "you cannot change your own role or disable yourself: ask another "
                         "admin");
                goto fail;
        }
        if (c->role || c->active) {
                u.role = c->role ? *c->role : u.role;
                u.active = c->active ? *c->active : u.active;
                if ((r = set_role_active(l, name, u.role, u.active)) < 0 || (r = admins_left(l)) < 0)
                        goto fail;
                if (r == 0) {
                        r = fail(l, -EPERM, "LAST_ADMIN", "%s is the last active admin: make another admin first", name);
                        goto fail;
                }
                snprintf(what, sizeof(what), " %s, %s", role_name(u.role), u.active ? "active" : "disabled");
        }
        if (c->pin && (r = user_set_pin(l, name, c->pin)) < 0)
                goto fail;
        if ((r = audit_add(l, a, "user_change", "%s:%s%s", name, what, c->pin ? " new PIN" : "")) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r; /* tx_commit rolled back */
        *ret = u;
        return 0;
fail:
        tx_rollback(l);
        return r;
}

int user_set_training(struct ledger *l, const struct actor *a, const char *name, bool on, struct user *ret)
{
        static const char sql[] = "UPDATE users SET training = ?2 WHERE name = ?1";
        sqlite3_stmt *st;
        struct user u;
        int r;

        if ((r = need_manager(l, a, "training")) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = user_get(l, name, &u)) < 0)
                goto fail;
        /* a manager in training would manage nothing of the store, and know it too late */
        if (on && u.role != ROLE_CASHIER) {
                r = fail(l, -EPERM, "TRAINING_CASHIERS_ONLY", "%s is a %s: only cashiers are trained at the till", name,
                         role_name(u.role));
                goto fail;
        }
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto fail;
        }
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, on);
        if ((r = step_done(l, st, "putting a user in training")) < 0 ||
            (r = audit_add(l, a, "training", "%s: %s", name, on ? "in training" : "out of training")) < 0)
                goto fail;
        if ((r = tx_commit(l)) < 0)
                return r;
        u.training = on;
        *ret = u;
        return 0;
fail:
        tx_rollback(l);
        return r;
}
