/* What the catalog's files share among themselves. */
#ifndef POSD_CATALOG_INT_H
#define POSD_CATALOG_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"

/* The search_key for a product that is (active, name, sku), self its id when it is
 * already in the store (0 for a new one): between its neighbours in the list's order.
 * The neighbours' own keys may move to make room. */
int search_key_for(struct ledger *l, int64_t self, bool active, const char *name, const char *sku, int64_t *ret);

/* product_add inside the caller's transaction, with no savepoint of its own: an import
 * writes rows it checked, and a savepoint a row would make FTS5 write out its pending
 * words each time. On an error the caller rolls the whole transaction back. */
int product_insert(struct ledger *l, const struct product_input *in, int64_t *ret_id);

#endif
