/* The tamper-evident journal: one entry per posted document, each carrying the SHA-256
 * of the previous entry and a digest of the document's rows as stored. */
#ifndef POSD_JOURNAL_H
#define POSD_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct ledger;

#define JOURNAL_HASH_HEX 65

/* Verify the store: SQLite integrity_check, cached on-hand == sum of movements, every
 * document journalled, the journal chain and every document digest intact. 0 if all is
 * well; otherwise -EUCLEAN (or a storage error) with the first broken row in errmsg.
 * progress (may be NULL) is told each stage. */
int ledger_verify(struct ledger *l, void (*progress)(void *ud, const char *stage), void *ud);

#endif
