/* Journal internals shared with verify. */
#ifndef POSD_JOURNAL_INT_H
#define POSD_JOURNAL_INT_H

#include <stdint.h>

#include "ledger/journal.h"
#include "ledger/posting_int.h"

#define JOURNAL_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* SHA-256 (hex) of a document's rows as stored. */
int journal_digest(struct ledger *l, const char *doc_type, int64_t doc_id, char ret[static JOURNAL_HASH_HEX]);

/* An entry's hash from the previous entry's hash and its own fields. */
void journal_chain_hash(const char *prev, const char *doc_type, int64_t doc_id, const char *number, int64_t at,
                        const char *digest, char ret[static JOURNAL_HASH_HEX]);

#endif
