/* Signing in to HQ's PostgreSQL as [hq] in posd.conf says: the credentials file
 * checked, TLS as asked, every wait bounded. */
#ifndef POSD_HQ_CONNECT_H
#define POSD_HQ_CONNECT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "config.h"

#define HQ_TIMEOUT_S 30 /* a connection, a statement, unacknowledged TCP data */

/* The credentials file is a libpq password file of posd's user that no one else can
 * read: -EPERM or the errno of stat with why in err otherwise. */
int hq_check_credentials(const char *path, char *err, size_t errsize);
/* Signed in to HQ, or NULL with why in err. */
PGconn *hq_connect(const struct hq_config *c, char *err, size_t errsize);

#endif
