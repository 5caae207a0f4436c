/* What the catalog's files share among themselves. */
#ifndef POSD_CATALOG_INT_H
#define POSD_CATALOG_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "ledger/ledger_int.h"

#define MEASURE_RULES_MAX 10 /* one per prefix 20-29 */

/* st stepped once: 1 and *ret filled, 0 when there is no such product, or an error. */
int product_query(struct ledger *l, sqlite3_stmt *st, struct product *ret);

/* The search_key for a product that is (active, name, sku), self its id when it is
 * already in the store (0 for a new one): between its neighbours in the list's order.
 * The neighbours' own keys may move to make room. */
int search_key_for(struct ledger *l, int64_t self, bool active, const char *name, const char *sku, int64_t *ret);

/* Products added after after_id that have no key yet, placed together: evenly apart
 * between each two neighbours, and indexed in one statement. */
int search_place_new(struct ledger *l, int64_t after_id);

/* product_add inside the caller's transaction, with no savepoint of its own, and placed
 * in the search's order now or (place false) by search_place_new before the commit: an
 * import writes rows it checked, and FTS5 writes out its pending words at the end of
 * every statement and savepoint that changes them. On an error the caller rolls the
 * whole transaction back. */
int product_insert(struct ledger *l, const struct product_input *in, bool place, int64_t *ret_id);

#endif
