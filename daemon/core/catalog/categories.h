/* The store's categories, kept by a manager: products pick one of them. */
#ifndef POSD_CATEGORIES_H
#define POSD_CATEGORIES_H

#include <stdint.h>

#include "ledger/audit.h"
#include "ledger/store.h"

struct category {
        int64_t id;
        char name[NAME_MAX_LEN + 1];
        int64_t products;
};

/* By name; stops and returns fn's value if non-zero. */
int category_each(struct ledger *l, int (*fn)(const struct category *, void *), void *ud);
/* A manager's, each audited: CATEGORY_EXISTS for a name taken, UNKNOWN_CATEGORY for no
 * such id, CATEGORY_IN_USE to delete one products still have. */
int category_add(struct ledger *l, const struct actor *a, const char *name, int64_t *ret_id);
int category_rename(struct ledger *l, const struct actor *a, int64_t id, const char *name);
int category_delete(struct ledger *l, const struct actor *a, int64_t id);

#endif
