/* Who acts, and the audit log of sensitive acts: who did what, and which manager
 * approved it. */
#ifndef POSD_AUDIT_H
#define POSD_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/store.h"

struct ledger;

/* Who acts: the signed-in user at a lane, and a manager who approved (already
 * verified by the caller), if any. */
struct actor {
        const char *user;
        const char *lane;
        const char *approver;
        bool is_manager; /* the user's own role is manager or admin */
};

/* 0 when a is a manager or brings a manager's approval; else APPROVAL_REQUIRED (-EPERM)
 * naming what needs it. */
int need_manager(struct ledger *l, const struct actor *a, const char *what);

int audit_add(struct ledger *l, const struct actor *a, const char *action, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

struct audit_entry {
        int64_t id, at;
        char lane[CODE_MAX_LEN + 1];
        char user[NAME_MAX_LEN + 1];
        char approved_by[NAME_MAX_LEN + 1];
        char action[32];
        char detail[256];
};
/* Entries newest first, at most limit, older than before_id (0: from the newest). */
int audit_each(struct ledger *l, int64_t before_id, int limit, int (*fn)(const struct audit_entry *, void *),
               void *ud);

#endif
