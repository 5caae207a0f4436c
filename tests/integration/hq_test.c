#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "hq_test.h"

int posctl_run(const char *args, char *out, size_t size)
{
        char cmd[2048];

        snprintf(cmd, sizeof(cmd), "%s %s 2>&1", getenv("POSCTL"), args);
        return trun(cmd, out, size);
}

long long pg_one(PGconn *c, const char *sql)
{
        PGresult *r = PQexec(c, sql);
        long long v;

        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
                fail_msg("%s: %s", sql, PQerrorMessage(c));
        v = atoll(PQgetvalue(r, 0, 0));
        PQclear(r);
        return v;
}

long long hq_one(struct pg *pg, const char *sql)
{
        PGconn *c = PQconnectdb(pg_as(pg, NULL));
        long long v = pg_one(c, sql);

        PQfinish(c);
        return v;
}

void hq_init(struct pg *pg)
{
        char args[1024], out[4096];

        snprintf(args, sizeof(args), "hq init '%s'", pg_as(pg, NULL));
        if (posctl_run(args, out, sizeof(out)) != 0)
                fail_msg("posctl %s: %s", args, out);
}

void hq_add_store(struct pg *pg, struct posd *p, const char *code, char cred[256])
{
        char args[1024], out[4096];

        snprintf(cred, 256, "%s/hq.pass", p->store.dir);
        snprintf(args, sizeof(args), "hq add-store '%s' %s %s", pg_as(pg, NULL), code, cred);
        if (posctl_run(args, out, sizeof(out)) != 0)
                fail_msg("posctl %s: %s", args, out);
}

void hq_publish(struct pg *pg, const char *kind, const char *lines)
{
        char cmd[4096], out[1024];

        snprintf(cmd, sizeof(cmd), "printf '%%s' '%s' | %s hq publish '%s' %s - 2>&1", lines, getenv("POSCTL"),
                 pg_as(pg, NULL), kind);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("publish %s: %s", kind, out);
}

json_t *sync_state(struct posd *p, const char *manager)
{
        json_t *o = NULL;

        assert_int_equal(http(p, "GET", "/sync", manager, NULL, NULL, &o), 200);
        return o;
}

long long caught_up(struct posd *p, const char *manager, long long version)
{
        /* a store coming back after failures waits up to its backoff (with jitter) */
        for (int i = 0; i < 900; i++) {
                json_t *o = sync_state(p, manager);
                long long waiting = jint(o, "waiting"), journal = jint(o, "journal"), applied = jint(o, "hq_version");
                json_decref(o);
                if (waiting == 0 && applied >= version)
                        return journal;
                usleep(100000);
        }
        fail_msg("the store did not catch up with HQ in 90 s; see %s", p->log);
        return -1;
}

void store_hash(struct posd *p, long long n, char ret[65])
{
        sqlite3 *db;
        sqlite3_stmt *st;

        assert_int_equal(sqlite3_open_v2(p->store.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM journal WHERE id = ?1", -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_int64(st, 1, n);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        snprintf(ret, 65, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(db);
}

long long wall_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
