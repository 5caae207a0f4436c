/* A PostgreSQL of the test's own, started as production starts one: initdb into a
 * temporary folder (as an unprivileged user when the test runs as root, as CI does), a
 * socket in that folder and no TCP unless asked for, stopped and removed at the end. */
#ifndef POSD_TEST_PG_H
#define POSD_TEST_PG_H

#include <stdbool.h>

struct pg {
        char dir[128]; /* the folder: data/, the socket, the log */
        char as[32];   /* runuser prefix when root, else "" */
        bool passwords; /* set before pg_start: every role but hq signs in with its password (SCRAM) */
        bool tcp;       /* ... and PostgreSQL listens on 127.0.0.1:port too */
        bool tls;       /* ... TLS only, with a certificate for localhost from the test's CA
                           (dir/ca.pem; dir/other-ca.pem is a CA that did not sign it) */
        int port;
};

/* libpq's conninfo for a role (NULL: the superuser, hq). */
const char *pg_as(struct pg *p, const char *role);
/* initdb and start; fails the test when it cannot. */
void pg_start(struct pg *p);
/* Stop at once, as a power cut would (-m immediate), or cleanly; then start again. */
void pg_stop(struct pg *p, bool immediate);
void pg_restart(struct pg *p);
/* Stop and remove the folder. */
void pg_cleanup(struct pg *p);

#endif
