/* The training store: a copy of the store that sessions in training work on, so that
 * nothing they do reaches the store's stock, books, shifts or chain. It is made from the
 * store the first time a session in training needs it, and kept, across restarts too. */
#ifndef POSD_TRAINING_H
#define POSD_TRAINING_H

#include "pool.h"

#define TRAINING_CONNECTIONS 2

struct training;

/* Training beside the store at db_path (its file: db_path with ".training"). */
int training_new(const char *db_path, struct training **ret);
/* Free after everything that asked it for its pool has stopped. */
void training_free(struct training *t);

/* Its pool, the store made from `from` (a handle on the store) when there is none: 0, or
 * an error in err. */
int training_pool(struct training *t, struct ledger *from, struct pool **ret, struct ledger_error *err);
/* Its pool if it is open, else NULL: for those who only serve what training made. */
struct pool *training_open_pool(struct training *t);

#endif
