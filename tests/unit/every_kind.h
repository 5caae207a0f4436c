/* A store holding one document of every journalled kind, written the same way by every
 * build: the pinned clock, the seed catalog, fixed keys. */
#ifndef POSD_EVERY_KIND_H
#define POSD_EVERY_KIND_H

#include "testlib.h"

/* A new store in t, with a shift, a sale and its return, a cash pay-in, goods in, an
 * adjustment, a transfer and its receipt, a supplier's invoice, payment and return, and a
 * sales order shipped, invoiced, credited and paid; then a transfer sent to another store
 * of a chain and one received from it. */
void every_kind(struct tstore *t);

#endif
