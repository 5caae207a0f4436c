#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "pg.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

static void run(struct pg *p, const char *what, const char *cmd)
{
        char out[4096];

        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("%s: %s\n%s", what, cmd, out);
        (void)p;
}

/* A TCP port nobody listens on now. */
static int free_port(void)
{
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t len = sizeof(a);
        int fd = socket(AF_INET, SOCK_STREAM, 0);

        if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || getsockname(fd, (struct sockaddr *)&a, &len) < 0)
                fail_msg("no free port");
        close(fd);
        return ntohs(a.sin_port);
}

/* The test's CA, a certificate for localhost it signed, and a CA that signed nothing,
 * made with openssl. */
static void make_certificates(struct pg *p)
{
        char cmd[2048];

        snprintf(cmd, sizeof(cmd),
                 "cd %s && for ca in ca other-ca; do openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
                 " -nodes -days 2 -subj \"/CN=posd test $ca\" -keyout $ca.key -out $ca.pem 2>&1 || exit 1; done &&"
                 " openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost"
                 " -addext subjectAltName=DNS:localhost -keyout server.key -out server.csr 2>&1 &&"
                 " openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -copy_extensions copy"
                 " -days 2 -out server.crt 2>&1 && chmod 600 server.key && %s",
                 p->dir, p->as[0] ? "chown nobody server.key server.crt" : "true");
        run(p, "certificates", cmd);
}

void pg_start(struct pg *p)
{
        char cmd[1024];

        snprintf(p->dir, sizeof(p->dir), "/tmp/posd-pg-XXXXXX");
        if (!mkdtemp(p->dir))
                fail_msg("mkdtemp for PostgreSQL");
        /* PostgreSQL will not run as root: as nobody, in a folder nobody owns */
        snprintf(p->as, sizeof(p->as), "%s", geteuid() == 0 ? "runuser -u nobody -- " : "");
        if (geteuid() == 0) {
                snprintf(cmd, sizeof(cmd), "chown nobody %s 2>&1", p->dir);
                run(p, "chown", cmd);
        }
        snprintf(cmd, sizeof(cmd),
                 "%s%s/initdb -D %s/data -U hq --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >%s/initdb.log 2>&1"
                 " || { cat %s/initdb.log; exit 1; }",
                 p->as, PG_BIN, p->dir, p->dir, p->dir);
        run(p, "initdb", cmd);
        p->port = free_port();
        if (p->tls)
                make_certificates(p);
        if (p->passwords) {
                snprintf(cmd, sizeof(cmd),
                         "%ssh -c 'printf \"local all hq trust\\nlocal all all scram-sha-256\\n"
                         "%s all all 127.0.0.1/32 scram-sha-256\\n\" >%s/data/pg_hba.conf'",
                         p->as, p->tls ? "hostssl" : "host", p->dir);
                run(p, "pg_hba.conf", cmd);
        }
        pg_restart(p);
}

const char *pg_as(struct pg *p, const char *role)
{
        static char conninfo[256];

        snprintf(conninfo, sizeof(conninfo), "host=%s port=%d user=%s dbname=postgres connect_timeout=5", p->dir,
                 p->port, role ? role : "hq");
        return conninfo;
}

void pg_restart(struct pg *p)
{
        char cmd[2048], tls[512] = "";

        if (p->tls)
                snprintf(tls, sizeof(tls), " -c ssl=on -c ssl_cert_file=%s/server.crt -c ssl_key_file=%s/server.key", p->dir,
                         p->dir);
        /* the socket in the folder, TCP on 127.0.0.1 when asked for; fsync off, as a test's
         * data is thrown away */
        snprintf(cmd, sizeof(cmd),
                 "%s%s/pg_ctl -D %s/data -l %s/server.log -w -t 30 -o \"-k %s -p %d -c listen_addresses='%s' -c fsync=off%s\""
                 " start >/dev/null 2>&1 || { cat %s/server.log; exit 1; }",
                 p->as, PG_BIN, p->dir, p->dir, p->dir, p->port, p->tls || p->tcp ? "127.0.0.1" : "", tls, p->dir);
        run(p, "pg_ctl start", cmd);
}

void pg_stop(struct pg *p, bool immediate)
{
        char cmd[1024];

        snprintf(cmd, sizeof(cmd), "%s%s/pg_ctl -D %s/data -w -t 30 -m %s stop 2>&1", p->as, PG_BIN, p->dir,
                 immediate ? "immediate" : "fast");
        run(p, "pg_ctl stop", cmd);
}

void pg_cleanup(struct pg *p)
{
        char cmd[1024];

        if (!p->dir[0])
                return;
        snprintf(cmd, sizeof(cmd), "%s%s/pg_ctl -D %s/data -m immediate stop >/dev/null 2>&1; rm -rf %s", p->as, PG_BIN,
                 p->dir, p->dir);
        (void)system(cmd);
        p->dir[0] = '\0';
}
