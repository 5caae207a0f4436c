/* Receipts a sim: printer wrote, counted against the sales made. */
#ifndef POSD_RECEIPT_COUNT_H
#define POSD_RECEIPT_COUNT_H

#include "harness.h"

/* Every sale's receipt is in dir exactly once, each with its drawer kick, and there is
 * no other; a test failure otherwise. */
void receipts_once(const char *dir, char (*sales)[32], int nsales);

#endif
