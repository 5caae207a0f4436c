/* Recorded answers: the first answer to a request that carried an idempotency key,
 * written in the same transaction as the request's effect, so that a repeat gets the
 * same answer and changes nothing. The core keeps them as opaque text. */
#ifndef POSD_REPLIES_H
#define POSD_REPLIES_H

#include <stdint.h>

struct ledger;

#define REPLY_HASH_BYTES 32
#define REPLY_KEEP_MS (7LL * 24 * 3600 * 1000)

/* 1 and the answer (body malloc'd) when the key is known for this request; 0 when it is
 * not; -EEXIST (IDEMPOTENCY_KEY_REUSED) when it was used for another request. */
int reply_find(struct ledger *l, const char *key, const unsigned char hash[REPLY_HASH_BYTES], int *ret_status,
               char **ret_body);
/* Inside the transaction of what it answers, and only there: outside any, or in one that
 * SQLite rolled back after an error, STORAGE_ERROR (-EIO) and nothing is written. */
int reply_store(struct ledger *l, const char *key, const unsigned char hash[REPLY_HASH_BYTES], int status,
                const char *body);

#endif
