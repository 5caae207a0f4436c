#include <stdio.h>
#include <stdlib.h>
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
        pg_restart(p);
}

const char *pg_as(struct pg *p, const char *role)
{
        static char conninfo[256];

        snprintf(conninfo, sizeof(conninfo), "host=%s user=%s dbname=postgres connect_timeout=5", p->dir,
                 role ? role : "hq");
        return conninfo;
}

void pg_restart(struct pg *p)
{
        char cmd[1024];

        /* no TCP: the socket in the folder only; fsync off, as a test's data is thrown away */
        snprintf(cmd, sizeof(cmd),
                 "%s%s/pg_ctl -D %s/data -l %s/server.log -w -t 30 -o \"-k %s -c listen_addresses='' -c fsync=off\""
                 " start >/dev/null 2>&1 || { cat %s/server.log; exit 1; }",
                 p->as, PG_BIN, p->dir, p->dir, p->dir, p->dir);
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
