/* make bench-chain: HQ's PostgreSQL (started by tools/bench-chain) and a thousand stores.
 * A store here is what posd's uploader sends: real journal entries of a real store, built
 * by posd's core (sales of SALE_LINES lines) and read by the uploader's own batch builder
 * (upload_batch), sent through hq.ingest as each store's own role (a few connections
 * serve them all, each batch under SET SESSION AUTHORIZATION, as pgbouncer would give a
 * pass a connection). The stores' entries are alike, which HQ does not mind: each store's
 * chain is its own. The day offline is a real posd; the price is applied by posd's own
 * code (changes_pass) to a thousand stores' own ledgers.
 *
 * usage: chain ADMIN-CONNINFO POSCTL POSD DIR [JSON [--smoke]]
 * --smoke: every row at a small scale (20 stores, seconds, not minutes), for the test that
 * the bench runs and prints its table. */
#include <errno.h>
#include <libpq-fe.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "catalog/catalog.h"
#include "changes.h"
#include "ledger/journal.h"
#include "pool.h"
#include "upload.h"

#define STORES_MAX 1000
#define BACKLOG 40    /* sales each store has waiting at the start */
#define RATE 5        /* sales a second at each store in the steady run: 5,000 in all */
#define PASS_S 1      /* the uploader's pass (every_seconds) in the steady run */
#define BATCH 50
#define WORKERS 6     /* connections to HQ */
#define MONTH_LINES 100000000LL

/* The run's scale: the bench's, or a smoke run's. */
static int n_stores = STORES_MAX;
static int steady_s = 20;     /* how long the stores sell */
static int late_sales = 2000; /* the day offline */
static int price_pass_s = 5;  /* every_seconds as posd.conf has it by default */

struct bench {
        const char *admin, *posctl, *posd;
        char dir[PATH_MAX];
        struct pool *tpl; /* the store whose entries every store sends */
        int64_t tpl_last;
        char *catalogue;
};

struct sim {
        int64_t cursor; /* HQ has its entries up to here */
        double due;     /* its next pass */
        double done_at; /* the price row: when the price was in force there */
        bool busy;
};

/* What the workers share in one row. */
struct run {
        struct bench *b;
        struct sim sims[STORES_MAX];
        pthread_mutex_t lock;
        double t0, end, pass_s;
        bool steady, price;
        double published; /* price row: when HQ published the price (0: not yet), */
        int64_t price_change; /* ... its number */
        double *delays;
        size_t ndelays, cap;
        int64_t sent;
        double last_commit;
        double hq_cpu; /* CPU seconds the workers' backends took */
        int failed;
};

static int fail_pg(PGconn *c, const char *what)
{
        fprintf(stderr, "bench-chain: %s: %s", what, PQerrorMessage(c));
        return -1;
}

static int exec_ok(PGconn *c, const char *sql)
{
        PGresult *r = PQexec(c, sql);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

        PQclear(r);
        return ok ? 0 : fail_pg(c, sql);
}

static double query_num(PGconn *c, const char *sql)
{
        PGresult *r = PQexec(c, sql);
        double v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? atof(PQgetvalue(r, 0, 0)) : NAN;

        if (isnan(v))
                fail_pg(c, sql);
        PQclear(r);
        return v;
}

/* Act as store i (its role, as hq.add_store made it), or as HQ again (i < 0). */
static int act_as(PGconn *c, int i)
{
        char sql[64];

        if (i < 0)
                return exec_ok(c, "RESET SESSION AUTHORIZATION");
        snprintf(sql, sizeof(sql), "SET SESSION AUTHORIZATION bench_%d", i);
        return exec_ok(c, sql);
}

static long long send_text(PGconn *c, const char *sql, char *text)
{
        const char *params[1] = { text };
        PGresult *r = PQexecParams(c, sql, 1, NULL, params, NULL, NULL, 0);
        long long v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? atoll(PQgetvalue(r, 0, 0)) : -1;

        if (v < 0)
                fail_pg(c, sql);
        free(text);
        PQclear(r);
        return v;
}

/* When store i's entry seq was sold: the backlog at the start, then RATE a second. */
static double sold_at(const struct run *u, int64_t seq)
{
        return seq <= BACKLOG ? u->t0 : u->t0 + (double)(seq - BACKLOG) / RATE;
}

/* What store i has sold by t. */
static int64_t sold_by(const struct run *u, double t)
{
        int64_t n = BACKLOG;

        if (u->steady)
                n += (int64_t)((t < u->end ? t - u->t0 : u->end - u->t0) * RATE);
        return n;
}

/* One uploader pass of store i, as upload_pass makes it: HQ hears the journal's length,
 * then takes what waits in batches. */
static int journal_pass(struct run *u, PGconn *c, int i)
{
        struct sim *s = &u->sims[i];
        int64_t upto = sold_by(u, now_s());
        char sql[64], err[256];
        int r = 0;

        snprintf(sql, sizeof(sql), "SELECT hq.cursor(%lld)", (long long)upto);
        if (act_as(c, i) < 0 || exec_ok(c, sql) < 0)
                return -1;
        while (r == 0 && s->cursor < upto) {
                struct catalogue_mark m;
                char *text;
                int64_t want = upto - s->cursor < BATCH ? upto - s->cursor : BATCH;
                int n = upload_batch(u->b->tpl, s->cursor, false, (int)want, &text, &m, err, sizeof(err));
                long long at;
                double t;
                if (n <= 0) {
                        fprintf(stderr, "bench-chain: reading a batch: %s\n", n < 0 ? err : "nothing");
                        return -1;
                }
                if ((at = send_text(c, "SELECT hq.ingest($1::jsonb)", text)) < 0)
                        return -1;
                t = now_s();
                pthread_mutex_lock(&u->lock);
                for (int64_t k = s->cursor + 1; k <= at && u->ndelays < u->cap; k++)
                        u->delays[u->ndelays++] = t - sold_at(u, k);
                u->sent += at - s->cursor;
                u->last_commit = t;
                pthread_mutex_unlock(&u->lock);
                s->cursor = at;
        }
        return act_as(c, -1);
}

/* One pass of HQ's changes to store i's own ledger, through posd's own code. */
static int price_pass(struct run *u, PGconn *c, int i)
{
        struct ledger_error e;
        struct journal_sync js;
        struct pool *p = NULL;
        char path[PATH_MAX + 32], err[256];
        int refused = 0, n;
        int64_t want;

        snprintf(path, sizeof(path), "%s/shm/s%04d.db", u->b->dir, i);
        if (pool_new(path, 1, &p, &e) < 0) {
                fprintf(stderr, "bench-chain: %s: %s\n", path, e.msg);
                return -1;
        }
        if ((n = act_as(c, i)) == 0 && (n = changes_pass(p, c, 5000, &refused, err, sizeof(err))) >= 0)
                n = upload_sync_get(p, &js, err, sizeof(err));
        pool_free(p);
        if (n < 0) {
                fprintf(stderr, "bench-chain: store %d: %s\n", i, err);
                return -1;
        }
        /* in force from the end of the pass that applied it */
        pthread_mutex_lock(&u->lock);
        want = u->published > 0 ? u->price_change : 0;
        pthread_mutex_unlock(&u->lock);
        if (want > 0 && js.applied >= want)
                u->sims[i].done_at = now_s();
        return act_as(c, -1);
}

static bool finished(const struct run *u, const struct sim *s, double t)
{
        return u->price ? s->done_at > 0 : t >= u->end && s->cursor >= sold_by(u, t);
}

/* The store whose pass is due first, or -1: none left (*wait: none due yet). */
static int next_due(struct run *u, double t, bool *wait)
{
        int best = -1;

        *wait = false;
        for (int i = 0; i < n_stores; i++) {
                struct sim *s = &u->sims[i];
                if (s->busy || finished(u, s, t))
                        continue;
                *wait = true;
                if (s->due <= t && (best < 0 || s->due < u->sims[best].due))
                        best = i;
        }
        return best;
}

/* CPU seconds a process took, from /proc (0 when it cannot be read). */
static double cpu_of(int pid)
{
        char path[64], buf[1024], *p;
        unsigned long ut = 0, st = 0;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        if (!(f = fopen(path, "r")))
                return 0;
        p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
        fclose(f);
        /* after the name: state, then 10 fields to utime and stime */
        if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
                return 0;
        return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void *worker(void *ud)
{
        struct run *u = ud;
        PGconn *c = PQconnectdb(u->b->admin);

        if (PQstatus(c) != CONNECTION_OK) {
                fail_pg(c, "connecting");
                u->failed = 1;
        }
        while (!u->failed) {
                bool wait;
                int i, r;
                pthread_mutex_lock(&u->lock);
                i = next_due(u, now_s(), &wait);
                if (i >= 0)
                        u->sims[i].busy = true;
                pthread_mutex_unlock(&u->lock);
                if (i < 0 && !wait)
                        break;
                if (i < 0) {
                        usleep(2000);
                        continue;
                }
                r = u->price ? price_pass(u, c, i) : journal_pass(u, c, i);
                pthread_mutex_lock(&u->lock);
                u->sims[i].busy = false;
                u->sims[i].due += u->pass_s;
                if (r < 0)
                        u->failed = 1;
                pthread_mutex_unlock(&u->lock);
        }
        /* the backend's CPU, all of it this run's: the connection is the run's own */
        pthread_mutex_lock(&u->lock);
        u->hq_cpu += cpu_of(PQbackendPID(c));
        pthread_mutex_unlock(&u->lock);
        PQfinish(c);
        return NULL;
}

static int run_workers(struct run *u)
{
        pthread_t t[WORKERS];

        for (int i = 0; i < WORKERS; i++)
                if (pthread_create(&t[i], NULL, worker, u) != 0)
                        return -1;
        for (int i = 0; i < WORKERS; i++)
                pthread_join(t[i], NULL);
        return u->failed ? -1 : 0;
}

static void percentiles(double *v, size_t n, struct result *res)
{
        qsort(v, n, sizeof(*v), cmp_double);
        res->p50_us = n ? v[n / 2] * 1e6 : 0;
        res->p99_us = n ? v[(size_t)((double)(n - 1) * 0.99)] * 1e6 : 0;
}

static struct run *run_new(struct bench *b)
{
        struct run *u = calloc(1, sizeof(*u));

        if (!u || !(u->delays = malloc(sizeof(double) * n_stores * (BACKLOG + RATE * (steady_s + 2))))) {
                free(u);
                return NULL;
        }
        u->b = b;
        u->cap = n_stores * (size_t)(BACKLOG + RATE * (steady_s + 2));
        pthread_mutex_init(&u->lock, NULL);
        return u;
}

static void run_free(struct run *u)
{
        if (u) {
                pthread_mutex_destroy(&u->lock);
                free(u->delays);
                free(u);
        }
}

/* 1 and 2: the backlog of every store at once, then every store selling RATE a second,
 * its uploader passing every PASS_S. */
static int journal_rows(struct bench *b, struct row *backlog, struct row *steady)
{
        struct run *u = run_new(b);
        uint64_t rng = SEED;
        int r = -1;

        if (!u)
                return -1;
        u->t0 = now_s();
        u->end = u->t0;
        if (run_workers(u) < 0)
                goto out;
        backlog->res = (struct result){ .count = u->sent, .seconds = u->last_commit - u->t0, .cpu_s = u->hq_cpu };
        percentiles(u->delays, u->ndelays, &backlog->res);
        backlog->ran = true;

        u->steady = true;
        u->pass_s = PASS_S;
        u->sent = 0;
        u->ndelays = 0;
        u->hq_cpu = 0;
        u->t0 = now_s();
        u->end = u->t0 + steady_s;
        for (int i = 0; i < n_stores; i++) /* the backlog was HQ's already */
                u->sims[i].due = u->t0 + (double)(xorshift64(&rng) % 1000) / 1000.0 * PASS_S;
        if (run_workers(u) < 0)
                goto out;
        steady->res = (struct result){ .count = u->sent, .seconds = u->last_commit - u->t0, .cpu_s = u->hq_cpu };
        percentiles(u->delays, u->ndelays, &steady->res);
        steady->ran = true;
        r = 0;
out:
        run_free(u);
        return r;
}

/* 3: a real posd back after a day offline with late_sales sales, until HQ has them all. */
static int late_row(struct bench *b, PGconn *hq, struct row *row)
{
        char cmd[PATH_MAX * 8], db[PATH_MAX + 16], conf[PATH_MAX + 16], sql[96];
        double t0;
        pid_t pid;
        int r = -1;

        snprintf(db, sizeof(db), "%s/late.db", b->dir);
        snprintf(conf, sizeof(conf), "%s/late.conf", b->dir);
        snprintf(cmd, sizeof(cmd),
                 "cp %s/shm/template.db %s && %s hq add-store '%s' LATE %s/late.pass | sed -n '/^\\[hq\\]/,$p' > %s"
                 " && echo 'every_seconds = 1' >> %s",
                 b->dir, db, b->posctl, b->admin, b->dir, conf, conf);
        if (system(cmd) != 0) {
                fprintf(stderr, "bench-chain: %s failed\n", cmd);
                return -1;
        }
        snprintf(sql, sizeof(sql), "SELECT last_seq FROM hq.stores WHERE code = 'LATE'");
        t0 = now_s();
        if ((pid = fork()) == 0) {
                snprintf(cmd, sizeof(cmd), "exec %s -c %s --db %s --listen 127.0.0.1:0 >%s/late.log 2>&1", b->posd, conf,
                         db, b->dir);
                execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
                _exit(127);
        }
        while (pid > 0 && now_s() - t0 < 600) {
                double seq = query_num(hq, sql);
                if (isnan(seq))
                        break;
                if ((int64_t)seq >= b->tpl_last) {
                        r = 0;
                        break;
                }
                if (waitpid(pid, NULL, WNOHANG) == pid) {
                        fprintf(stderr, "bench-chain: the late store's posd stopped; see %s/late.log\n", b->dir);
                        pid = 0;
                        break;
                }
                usleep(20000);
        }
        row->res = (struct result){ .count = b->tpl_last, .seconds = now_s() - t0 };
        row->res.p50_us = row->res.p99_us = row->res.seconds * 1e6;
        row->ran = r == 0;
        if (pid > 0) {
                kill(pid, SIGTERM);
                waitpid(pid, NULL, 0);
        }
        return r;
}

/* 4: a price HQ publishes, in force at every store: each applies HQ's changes to its own
 * ledger every price_pass_s, at its own phase. */
static int price_row(struct bench *b, PGconn *hq, struct row *row)
{
        struct run *u = run_new(b);
        uint64_t rng = SEED;
        double *delays = NULL;
        size_t n = 0;
        int r = -1;

        if (!u || !(delays = calloc(n_stores, sizeof(*delays))))
                goto out;
        u->price = true;
        u->pass_s = price_pass_s;
        u->t0 = now_s();
        for (int i = 0; i < n_stores; i++)
                u->sims[i].due = u->t0 + (double)(xorshift64(&rng) % 1000) / 1000.0 * price_pass_s;
        /* the stores pass for a while before HQ publishes, as they would */
        {
                struct run *first = u;
                pthread_t t[WORKERS];
                for (int i = 0; i < WORKERS; i++)
                        pthread_create(&t[i], NULL, worker, first);
                sleep(price_pass_s + 1);
                double id = query_num(hq, "SELECT hq.publish('price', '{\"sku\": \"SKU00000007\", \"price\": 4321}')");
                pthread_mutex_lock(&u->lock);
                u->published = now_s();
                u->price_change = isnan(id) ? 0 : (int64_t)id;
                u->failed |= isnan(id);
                pthread_mutex_unlock(&u->lock);
                for (int i = 0; i < WORKERS; i++)
                        pthread_join(t[i], NULL);
        }
        if (u->failed)
                goto out;
        for (int i = 0; i < n_stores; i++) {
                struct ledger_error e;
                struct ledger *l = NULL;
                struct product p;
                char path[PATH_MAX + 32];
                snprintf(path, sizeof(path), "%s/shm/s%04d.db", b->dir, i);
                if (ledger_open(path, 0, &l, &e) < 0 || product_get_by_sku(l, "SKU00000007", &p) < 0 || p.price != 4321) {
                        fprintf(stderr, "bench-chain: store %d does not have HQ's price\n", i);
                        ledger_close(l);
                        goto out;
                }
                ledger_close(l);
                delays[n++] = u->sims[i].done_at - u->published;
        }
        row->res = (struct result){ .count = (int64_t)n, .seconds = 0 };
        percentiles(delays, n, &row->res);
        row->res.seconds = row->res.p99_us / 1e6;
        row->ran = true;
        r = 0;
out:
        free(delays);
        run_free(u);
        return r;
}

/* 5: a month's sales by store through hq.store_days, for a month of 1,000 stores whose
 * days add up to MONTH_LINES sale lines; beside it the same question of the raw
 * documents HQ holds, and what that would take over MONTH_LINES lines at its pace. */
static int month_row(PGconn *hq, struct row *row, struct row *raw)
{
        static const char summary[] =
                "SELECT s.code, sum(d.sales), sum(d.total) FROM hq.store_days d JOIN hq.stores s ON s.id = d.store_id"
                " WHERE d.day BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY s.code";
        static const char rawq[] =
                "SELECT l.store_id, count(*), sum(l.amount::bigint) FROM doc.sale_lines l GROUP BY l.store_id";
        double t[5], lines;
        char sql[512];

        /* each store-day: a third of the month's lines' share, SALE_LINES to a sale */
        snprintf(sql, sizeof(sql),
                 "INSERT INTO hq.store_days (store_id, day, sales, returns, total, tax, cost)"
                 " SELECT s.id, d::date, %lld / %d / 31 / (SELECT count(*) FROM hq.stores), 0, 1000000 + s.id, 100000,"
                 " 600000 FROM hq.stores s, generate_series('2026-10-01'::date, '2026-10-31', '1 day') d"
                 " ON CONFLICT DO NOTHING",
                 MONTH_LINES, SALE_LINES);
        if (exec_ok(hq, sql) < 0 || exec_ok(hq, "ANALYZE hq.store_days") < 0)
                return -1;
        for (int i = 0; i < 5; i++) {
                double t0 = now_s();
                if (exec_ok(hq, summary) < 0)
                        return -1;
                t[i] = now_s() - t0;
        }
        row->res = (struct result){ .count = 1, .seconds = t[0] };
        percentiles(t, 5, &row->res);
        row->res.p99_us = t[4] * 1e6; /* the slowest of five */
        row->ran = true;
        if (isnan(lines = query_num(hq, "SELECT count(*) FROM doc.sale_lines")))
                return -1;
        for (int i = 0; i < 3; i++) {
                double t0 = now_s();
                if (exec_ok(hq, rawq) < 0)
                        return -1;
                t[i] = now_s() - t0;
        }
        qsort(t, 3, sizeof(t[0]), cmp_double);
        raw->res = (struct result){ .count = (int64_t)lines, .seconds = t[1] };
        raw->res.p50_us = raw->res.p99_us = t[1] * 1e6;
        raw->ran = true;
        return 0;
}

/* The template: a store with SALES_CATALOG products and late_sales sales, whose entries
 * every store sends; and its catalogue, as each store sends it. */
static int sales_template(struct bench *b)
{
        char csv[PATH_MAX + 16], db[PATH_MAX + 32], err[256];
        struct ledger *l = NULL;
        struct ledger_error e;
        struct journal_sync js;
        struct sale_buf sb;
        struct catalogue_mark m;
        uint64_t rng = SEED;
        double ignored;
        int r = 0;

        snprintf(csv, sizeof(csv), "%s/catalog.csv", b->dir);
        snprintf(db, sizeof(db), "%s/shm/template.db", b->dir);
        /* no stock to begin with (sales may take it below zero): no opening stock in the journal */
        if (write_catalog(csv, SALES_CATALOG, 0) < 0 || store_with_catalog(db, csv, SALES_CATALOG, &l, &ignored) < 0)
                return -1;
        for (long n = 0; n < late_sales && r == 0; n++)
                if ((r = build_sale(&sb, n, &rng)) == 0)
                        r = post_one(l, &sb);
        if (r == 0 && (r = journal_sync_get(l, &js)) == 0)
                b->tpl_last = js.last;
        ledger_close(l);
        if (r < 0 || pool_new(db, WORKERS, &b->tpl, &e) < 0)
                return -1;
        return upload_batch(b->tpl, 0, true, 5000, &b->catalogue, &m, err, sizeof(err)) > 0 ? 0 : -1;
}

/* The ledger of each store of the price row: the catalogue, with HQ's changes so far
 * applied (the stores would have them). */
static int price_stores(struct bench *b, PGconn *hq)
{
        char csv[PATH_MAX + 16], db[PATH_MAX + 32], cmd[PATH_MAX + 128];
        struct ledger *l = NULL;
        double ignored, version;

        snprintf(csv, sizeof(csv), "%s/catalog.csv", b->dir);
        snprintf(db, sizeof(db), "%s/shm/catalogue.db", b->dir);
        if (store_with_catalog(db, csv, SALES_CATALOG, &l, &ignored) < 0)
                return -1;
        if (isnan(version = query_num(hq, "SELECT coalesce(max(id), 0) FROM hq.changes")) || ledger_begin(l) < 0 ||
            journal_set_applied(l, (int64_t)version) < 0 || ledger_commit(l) < 0) {
                ledger_close(l);
                return -1;
        }
        ledger_close(l);
        snprintf(cmd, sizeof(cmd), "cd %s/shm && for i in $(seq -f %%04g 0 %d); do cp catalogue.db s$i.db; done", b->dir,
                 n_stores - 1);
        return system(cmd) == 0 ? 0 : -1;
}

/* The stores at HQ, each with its role and its catalogue. */
static int stores_at_hq(struct bench *b, PGconn *hq)
{
        char sql[128];

        snprintf(sql, sizeof(sql), "SELECT hq.add_store('B' || i, 'bench_' || i) FROM generate_series(0, %d) i",
                 n_stores - 1);
        if (exec_ok(hq, sql) < 0)
                return -1;
        for (int i = 0; i < n_stores; i++)
                if (act_as(hq, i) < 0 || send_text(hq, "SELECT hq.catalogue($1::jsonb)", strdup(b->catalogue)) < 0 ||
                    act_as(hq, -1) < 0)
                        return -1;
        return 0;
}

enum { R_BACKLOG, R_STEADY, R_LATE, R_PRICE, R_MONTH, R_RAW, R__COUNT };

static const struct goal chain_goals[] = {
        { "HQ takes 1,000 stores' backlog", FIG_RATE, "ingest: 1,000 stores' backlog", NULL, true, 5000, "sales/s",
          BOUND_ALL_CORES, NULL, NULL },
        { "1,000 stores selling 5,000 sales/s: HQ keeps up", FIG_RATE, "ingest: 1,000 stores selling, sync delay", NULL,
          true, 4750, "sales/s", BOUND_ALL_CORES, NULL, NULL },
        { "... the sync delay, p99", FIG_P99_MS, "ingest: 1,000 stores selling, sync delay", NULL, false, 5000, "ms",
          BOUND_NONE, NULL, NULL },
        { "a store a day offline (2,000 sales) caught up", FIG_P99_MS, "posd back after a day offline, caught up", NULL,
          false, 60000, "ms", BOUND_NONE, NULL, NULL },
        { "a price from HQ in force at every store, p99", FIG_P99_MS, "a price from HQ in force at 1,000 stores", NULL,
          false, 60000, "ms", BOUND_NONE, NULL, NULL },
        { "a month's sales by store, 100,000,000 lines (slowest of 5)", FIG_P99_MS,
          "a month's sales by store, summaries", NULL, false, 1000, "ms", BOUND_NONE, NULL, NULL },
};

static void print_rows(const struct row *rows)
{
        char buf[64];

        printf("\n  %-42s %12s  %-10s %10s\n", "benchmark", "result", "unit", "time");
        for (int i = 0; i < R__COUNT; i++) {
                const struct row *w = &rows[i];
                if (!w->ran)
                        continue;
                if (w->show == SHOW_RATE)
                        snprintf(buf, sizeof(buf), "%.0f", row_rate(w));
                else
                        snprintf(buf, sizeof(buf), "%.0f / %.0f", w->res.p50_us / 1000, w->res.p99_us / 1000);
                print_row(w->name, buf, w->unit, w->res.seconds, -1);
                if (i == R_STEADY || i == R_BACKLOG) {
                        snprintf(buf, sizeof(buf), "%.0f / %.0f", w->res.p50_us / 1000, w->res.p99_us / 1000);
                        print_row("  sync delay p50 / p99", buf, "ms", -1, -1);
                }
        }
        if (rows[R_RAW].ran && rows[R_RAW].res.count > 0) {
                double at = rows[R_RAW].res.seconds * (double)MONTH_LINES / (double)rows[R_RAW].res.count;
                snprintf(buf, sizeof(buf), "%.0f", at);
                print_row("  raw at 100,000,000 lines, at that pace", buf, "s", -1, -1);
                snprintf(buf, sizeof(buf), "%.0f", rows[R_MONTH].res.p99_us > 0 ? at * 1e6 / rows[R_MONTH].res.p99_us : 0);
                print_row("  summaries / raw at 100,000,000 lines", buf, "x faster", -1, -1);
        }
}

int main(int argc, char **argv)
{
        struct bench b = { 0 };
        struct row rows[R__COUNT] = {
                [R_BACKLOG] = { .name = "ingest: 1,000 stores' backlog", .unit = "sales/s", .show = SHOW_RATE },
                [R_STEADY] = { .name = "ingest: 1,000 stores selling, sync delay", .unit = "sales/s", .show = SHOW_RATE },
                [R_LATE] = { .name = "posd back after a day offline, caught up", .unit = "ms", .show = SHOW_LATENCY },
                [R_PRICE] = { .name = "a price from HQ in force at 1,000 stores", .unit = "ms p50/p99",
                              .show = SHOW_LATENCY },
                [R_MONTH] = { .name = "a month's sales by store, summaries", .unit = "ms p50/max", .show = SHOW_LATENCY },
                [R_RAW] = { .name = "the same of the raw sale lines HQ holds", .unit = "lines/s", .show = SHOW_RATE },
        };
        char machine[PATH_MAX + 256];
        PGconn *hq;
        int r = 1;

        if (argc < 5) {
                fprintf(stderr, "usage: chain ADMIN-CONNINFO POSCTL POSD DIR [JSON [--smoke]]\n");
                return 2;
        }
        if (argc > 6 && !strcmp(argv[6], "--smoke")) {
                n_stores = 20;
                steady_s = 3;
                late_sales = 100;
                price_pass_s = 1;
        }
        b.admin = argv[1];
        b.posctl = argv[2];
        b.posd = argv[3];
        snprintf(b.dir, sizeof(b.dir), "%s", argv[4]);
        ledger_process_init();
        hq = PQconnectdb(b.admin);
        if (PQstatus(hq) != CONNECTION_OK)
                return fail_pg(hq, "connecting to HQ") ? 1 : 1;
        snprintf(machine, sizeof(machine), "%ld cores, PostgreSQL %s; %d stores, %d lines a sale, batches of %d, %d "
                 "connections to HQ", sysconf(_SC_NPROCESSORS_ONLN), PQparameterStatus(hq, "server_version"), n_stores,
                 SALE_LINES, BATCH, WORKERS);
        printf("posd bench-chain: %s\n", machine);
        fflush(stdout);
        if (sales_template(&b) < 0 || stores_at_hq(&b, hq) < 0 || journal_rows(&b, &rows[R_BACKLOG], &rows[R_STEADY]) < 0 ||
            late_row(&b, hq, &rows[R_LATE]) < 0 || price_stores(&b, hq) < 0 || price_row(&b, hq, &rows[R_PRICE]) < 0 ||
            month_row(hq, &rows[R_MONTH], &rows[R_RAW]) < 0) {
                fprintf(stderr, "bench-chain: a benchmark failed; what ran:\n");
                print_rows(rows);
                goto out;
        }
        print_rows(rows);
        r = goals_report(chain_goals, sizeof(chain_goals) / sizeof(chain_goals[0]), rows, R__COUNT, machine,
                         argc > 5 ? argv[5] : NULL) < 0;
out:
        pool_free(b.tpl);
        free(b.catalogue);
        PQfinish(hq);
        return r;
}
