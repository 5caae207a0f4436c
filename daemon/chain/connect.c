#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "connect.h"

int hq_check_credentials(const char *path, char *err, size_t errsize)
{
        struct stat s;

        if (stat(path, &s) < 0) {
                snprintf(err, errsize, "[hq] credentials %s: %s", path, strerror(errno));
                return -errno;
        }
        /* libpq would ignore a password file others can read; say so at the start instead */
        if (!S_ISREG(s.st_mode) || (s.st_mode & 077) || s.st_uid != geteuid()) {
                snprintf(err, errsize,
                         "[hq] credentials %s must be a file of posd's own user that no one else can read (chmod 600)",
                         path);
                return -EPERM;
        }
        return 0;
}

/* Every wait is bounded: the connection, each statement, and data the network never
 * acknowledges. */
PGconn *hq_connect(const struct hq_config *c, char *err, size_t errsize)
{
        char port[8], timeout[8], user_timeout[16], options[64];
        bool tls = c->host[0] != '/' && strcmp(c->tls, "off");
        static const char *const keys[] = { "host", "port", "dbname", "user", "passfile", "sslmode", "sslrootcert",
                                            "connect_timeout", "keepalives_idle", "keepalives_interval",
                                            "keepalives_count", "tcp_user_timeout", "options", "application_name",
                                            "channel_binding", NULL };
        const char *values[sizeof(keys) / sizeof(keys[0])];
        PGconn *pg;

        snprintf(port, sizeof(port), "%d", c->port);
        snprintf(timeout, sizeof(timeout), "%d", HQ_TIMEOUT_S);
        snprintf(user_timeout, sizeof(user_timeout), "%d", HQ_TIMEOUT_S * 1000);
        snprintf(options, sizeof(options), "-c statement_timeout=%d", HQ_TIMEOUT_S * 1000);
        values[0] = c->host;
        values[1] = port;
        values[2] = c->database;
        values[3] = c->role;
        values[4] = c->credentials;
        /* no TLS on a socket of the same machine, nor on its loopback if config said off */
        values[5] = tls ? c->tls : "disable";
        values[6] = c->ca; /* "": libpq's default */
        values[7] = timeout;
        values[8] = "10";
        values[9] = "5";
        values[10] = "3";
        values[11] = user_timeout;
        values[12] = options;
        values[13] = "posd";
        /* over TLS the password's proof is bound to HQ's certificate: a man in the middle
         * with a certificate of its own learns nothing it can use */
        values[14] = tls ? "require" : "prefer";
        values[15] = NULL;
        pg = PQconnectdbParams(keys, values, 0);
        if (pg && PQstatus(pg) == CONNECTION_OK)
                return pg;
        snprintf(err, errsize, "%s", pg ? PQerrorMessage(pg) : "out of memory");
        PQfinish(pg);
        return NULL;
}

