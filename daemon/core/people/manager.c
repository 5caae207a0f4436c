/* Whoever gives goods or money away needs the same authority wherever it is done: the
 * till, sales orders, accounts, transfers, stocktakes. */
#include <errno.h>
#include <stddef.h>

#include "ledger/ledger_int.h"
#include "people/manager.h"
#include "people/users.h"

static int is_manager(struct ledger *l, const char *name, bool *ret)
{
        struct user u;
        int r;

        *ret = false;
        if (!name || !*name)
                return 0;
        if ((r = user_get(l, name, &u)) < 0)
                return r == -ENOENT ? 0 : r;
        *ret = u.active && u.role != ROLE_CASHIER;
        return 0;
}

int user_need_manager(struct ledger *l, const char *user, const char *approver, const char *what)
{
        bool ok = false;
        int r;

        if ((r = is_manager(l, user, &ok)) < 0 || (!ok && (r = is_manager(l, approver, &ok)) < 0))
                return r;
        if (!ok)
                return fail(l, -EPERM, "APPROVAL_REQUIRED", "%s needs a manager's approval", what);
        return 0;
}
