/* HQ's changes to the store (chain/hq.sql's hq.changes): products with their barcodes and
 * category, prices from a given time, suppliers and users, numbered; the store applies
 * each batch in one transaction with the number it reached, then tells HQ. */
#ifndef POSD_CHANGES_H
#define POSD_CHANGES_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/audit.h"

struct pool;

/* What HQ does in a store is audited as HQ's. */
extern const struct actor hq_actor;

/* What HQ has for the store after the version it applied, in batches of at most batch,
 * each in one store transaction with the version it reaches; then HQ is told the
 * version. A change the store refuses (a bad price, an unknown SKU) is left out and
 * audited with why, counted in *refused; a failure of the store ends the batch, undone.
 * Then what HQ passes on from other stores (hq.transfers_for: transfers sent here, the
 * arrival of those sent from here), each taken once, HQ told which. How many changes,
 * -EIO (why in err) when HQ fails, or a store error. */
int changes_pass(struct pool *pool, PGconn *hq, int batch, int *refused, char *err, size_t errsize);

#endif
