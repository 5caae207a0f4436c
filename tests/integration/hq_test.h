/* What the chain's tests share: HQ's PostgreSQL asked, posctl run, a store's sync state
 * and its journal caught up at HQ, HQ's changes published. */
#ifndef POSD_TEST_HQ_H
#define POSD_TEST_HQ_H

#include <jansson.h>
#include <libpq-fe.h>

#include "harness.h"
#include "pg.h"

/* posctl ARGS, stdout and stderr in out: its exit status. */
int posctl_run(const char *args, char *out, size_t size);
/* A one-number query, on a connection, or as HQ's superuser. */
long long pg_one(PGconn *c, const char *sql);
long long hq_one(struct pg *pg, const char *sql);
/* posctl hq init, and store `code`'s role with its credentials in p's folder (cred). */
void hq_init(struct pg *pg);
void hq_add_store(struct pg *pg, struct posd *p, const char *code, char cred[256]);
/* posctl hq publish KIND with these lines. */
void hq_publish(struct pg *pg, const char *kind, const char *lines);
/* GET /sync as the manager. */
json_t *sync_state(struct posd *p, const char *manager);
/* Wait until HQ holds the whole journal and the store applied HQ's changes up to version
 * (0: any): the journal's last entry. */
long long caught_up(struct posd *p, const char *manager, long long version);
/* The hash of the store's journal entry n. */
void store_hash(struct posd *p, long long n, char ret[65]);
long long wall_ms(void);

#endif
