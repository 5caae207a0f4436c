/* posd measured from outside: completed sales per second over HTTP on loopback for one
 * lane and for eight at once, the latency of adding a line by barcode on the large
 * catalog, and the end of a day of 100,000 sales: posd's Z beside ledger-cli's balance of
 * the same sales exported as a journal. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "catalog/catalog.h"
#include "till/checkout.h"
#include "ledger/posting.h"
#include "ledger/store.h"
#include "people/users.h"

#define LANES_MAX 16
#define LOAD_SALES_MAX 200000 /* a lane's latencies kept */
#define BASKET 50 /* lines of a large basket */

/* ---- a posd of our own --------------------------------------------------------------- */

static int read_port(const char *log)
{
        char line[512];
        FILE *f = fopen(log, "r");
        int port = 0;

        if (!f)
                return 0;
        while (fgets(line, sizeof(line), f)) {
                const char *at = strstr(line, "listening on http://127.0.0.1:");
                if (at)
                        port = (int)strtol(at + strlen("listening on http://127.0.0.1:"), NULL, 10);
        }
        fclose(f);
        return port;
}

int daemon_start(const struct ctx *c, const char *db, const char *conf, struct daemon *d)
{
        if (!c->posd) {
                fprintf(stderr, "bench: set POSD to the posd binary (make bench does)\n");
                return -1;
        }
        if (path_in(c, "posd.log", d->log) < 0)
                return -1;
        unlink(d->log);
        if ((d->pid = fork()) < 0)
                return -1;
        if (d->pid == 0) {
                int fd = open(d->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                dup2(fd, STDERR_FILENO);
                execl(c->posd, c->posd, "-c", conf, "--db", db, "--listen", "127.0.0.1:0", (char *)NULL);
                _exit(127);
        }
        for (double until = now_s() + 10; !(d->port = read_port(d->log)) && now_s() < until;)
                usleep(1000);
        if (!d->port)
                fprintf(stderr, "bench: posd did not start; see %s\n", d->log);
        return d->port ? 0 : -1;
}

void daemon_stop(struct daemon *d)
{
        int status;

        if (d->pid > 0) {
                kill(d->pid, SIGTERM);
                waitpid(d->pid, &status, 0);
        }
        d->pid = 0;
}

int write_conf(const struct ctx *c, int lanes, char path[static PATH_MAX])
{
        FILE *f;

        if (path_in(c, "posd.conf", path) < 0 || !(f = fopen(path, "w")))
                return -1;
        /* every lane comes from 127.0.0.1 here, where each would have an address of its own */
        fprintf(f, "[http]\nmax_connections_per_address = 1024\n[store]\nconnections = %d\n[checkout]\nlanes =", lanes + 2);
        for (int i = 1; i <= lanes; i++)
                fprintf(f, " %d", i);
        fprintf(f, "\n");
        return fclose(f) == 0 ? 0 : -1;
}

/* ---- a client ------------------------------------------------------------------------- */

size_t client_collect(char *ptr, size_t size, size_t n, void *ud)
{
        struct client *cl = ud;
        size_t k = size * n;

        if (cl->len + k >= sizeof(cl->body))
                return 0;
        memcpy(cl->body + cl->len, ptr, k);
        cl->len += k;
        cl->body[cl->len] = '\0';
        return k;
}

/* One request on the client's kept-alive connection; the status, or -1. */
static long request(struct client *cl, const char *method, const char *path, const char *json, const char *idem)
{
        struct curl_slist *h = NULL;
        char url[256], auth[128], key[160];

        snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1%s", cl->d->port, path);
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", cl->token);
        h = curl_slist_append(h, "Content-Type: application/json");
        if (cl->token[0])
                h = curl_slist_append(h, auth);
        if (idem) {
                snprintf(key, sizeof(key), "Idempotency-Key: %s", idem);
                h = curl_slist_append(h, key);
        }
        cl->len = 0;
        cl->body[0] = '\0';
        curl_easy_setopt(cl->curl, CURLOPT_URL, url);
        curl_easy_setopt(cl->curl, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(cl->curl, CURLOPT_POSTFIELDS, json ? json : "");
        curl_easy_setopt(cl->curl, CURLOPT_HTTPHEADER, h);
        cl->status = -1;
        if (curl_easy_perform(cl->curl) == CURLE_OK)
                curl_easy_getinfo(cl->curl, CURLINFO_RESPONSE_CODE, &cl->status);
        curl_slist_free_all(h);
        return cl->status;
}

static int expect_keyed(struct client *cl, long want, const char *method, const char *path, const char *json,
                        const char *idem)
{
        if (request(cl, method, path, json, idem) == want)
                return 0;
        fprintf(stderr, "bench: %s %s: %ld %.300s\n", method, path, cl->status, cl->body);
        return -1;
}

int expect(struct client *cl, long want, const char *method, const char *path, const char *json)
{
        return expect_keyed(cl, want, method, path, json, NULL);
}

int client_field(struct client *cl, const char *key, char *out, size_t size)
{
        char pat[64];
        const char *at, *end;

        snprintf(pat, sizeof(pat), "\"%s\":\"", key);
        if (!(at = strstr(cl->body, pat)) || !(end = strchr(at + strlen(pat), '"')) ||
            (size_t)(end - at - strlen(pat)) >= size)
                return -1;
        memcpy(out, at + strlen(pat), (size_t)(end - at - strlen(pat)));
        out[end - at - strlen(pat)] = '\0';
        return 0;
}

int client_signin(struct client *cl, struct daemon *d, const char *lane)
{
        char body[128];

        memset(cl, 0, sizeof(*cl));
        cl->d = d;
        if (!(cl->curl = curl_easy_init()))
                return -1;
        curl_easy_setopt(cl->curl, CURLOPT_WRITEFUNCTION, client_collect);
        curl_easy_setopt(cl->curl, CURLOPT_WRITEDATA, cl);
        curl_easy_setopt(cl->curl, CURLOPT_TIMEOUT, 60L);
        snprintf(body, sizeof(body), "{\"user\":\"bench\",\"pin\":\"2468\",\"lane\":\"%s\"}", lane);
        /* lanes signing in at once: past [auth] pin_checks_at_once, posd says to retry (429) */
        for (int i = 0; request(cl, "POST", "/sessions", body, NULL) == 429 && i < 100; i++)
                usleep(100000);
        if (cl->status != 201) {
                fprintf(stderr, "bench: POST /sessions: %ld %.300s\n", cl->status, cl->body);
                return -1;
        }
        if (client_field(cl, "token", cl->token, sizeof(cl->token)) < 0)
                return -1;
        return 0;
}

int client_open(struct client *cl, struct daemon *d, const char *lane)
{
        if (client_signin(cl, d, lane) < 0)
                return -1;
        return expect(cl, 201, "POST", "/shifts", "{\"opening_float\":0}");
}

void client_close(struct client *cl)
{
        if (cl->curl)
                curl_easy_cleanup(cl->curl);
        cl->curl = NULL;
}

/* ---- sales over HTTP ------------------------------------------------------------------- */

/* A ticket with SALE_LINES scanned lines (as the raw SQLite sale has), paid in cash,
 * completed with an idempotency key. */
static int http_sale(struct client *cl, uint64_t *rng, long n)
{
        char id[40], path[96], body[128], code[32], key[96];
        int64_t total = 0;

        if (expect(cl, 201, "POST", "/tickets", NULL) < 0 || client_field(cl, "id", id, sizeof(id)) < 0)
                return -1;
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        for (int i = 0; i < SALE_LINES; i++) {
                long idx = (long)(xorshift64(rng) % SALES_CATALOG);
                if (make_ean(KNOWN_PREFIX, idx, code) < 0)
                        return -1;
                snprintf(body, sizeof(body), "{\"barcode\":\"%s\"}", code);
                if (expect(cl, 201, "POST", path, body) < 0)
                        return -1;
                total += price_of(idx);
        }
        snprintf(path, sizeof(path), "/tickets/%s/payments", id);
        snprintf(body, sizeof(body), "{\"method\":\"cash\",\"amount\":%" PRId64 "}", total);
        if (expect(cl, 201, "POST", path, body) < 0)
                return -1;
        snprintf(path, sizeof(path), "/tickets/%s/complete", id);
        snprintf(key, sizeof(key), "bench-%s-%ld", id, n);
        return expect_keyed(cl, 201, "POST", path, NULL, key);
}

struct lane_run {
        struct daemon *d;
        int lane;
        long sales;     /* how many; or, with until, how many it managed */
        double until;   /* 0: sell `sales`; else sell until then (now_s()) */
        double *lat_us; /* each sale's time, with until */
        int rc;
};

static void *lane_main(void *arg)
{
        struct lane_run *lr = arg;
        struct client cl;
        uint64_t rng = SEED + (uint64_t)lr->lane;
        char lane[8];

        snprintf(lane, sizeof(lane), "%d", lr->lane);
        lr->rc = client_open(&cl, lr->d, lane);
        if (lr->until) {
                long n = 0;
                for (; lr->rc == 0 && now_s() < lr->until && n < LOAD_SALES_MAX; n++) {
                        double t = now_s();
                        lr->rc = http_sale(&cl, &rng, n);
                        lr->lat_us[n] = (now_s() - t) * 1e6;
                }
                lr->sales = n;
        }
        for (long n = 0; !lr->until && n < lr->sales && lr->rc == 0; n++)
                lr->rc = http_sale(&cl, &rng, n);
        client_close(&cl);
        return NULL;
}

/* The store the HTTP sales go to: the small catalog, a cashier, the lanes. */
static int sales_store(const struct ctx *c, int lanes, char db[static PATH_MAX], char conf[static PATH_MAX])
{
        char csv[PATH_MAX], name[32];
        struct ledger *l = NULL;
        double s;
        int r;

        snprintf(name, sizeof(name), "http-%d.db", lanes);
        if (path_in(c, "http-catalog.csv", csv) < 0 || path_in(c, name, db) < 0 || write_conf(c, lanes, conf) < 0 ||
            write_catalog(csv, SALES_CATALOG, SALES_STOCK) < 0 || store_with_catalog(db, csv, SALES_CATALOG, &l, &s) < 0)
                return -1;
        r = user_add(l, "bench", ROLE_CASHIER, "2468", NULL) < 0 ? ledger_fail(l, "user_add") : 0;
        ledger_close(l);
        return r;
}

/* CPU seconds so far of posd, and of this process (the lanes' clients). */
static void cpu_now(const struct daemon *d, double *posd, double *clients)
{
        char path[64], buf[1024], *p;
        unsigned long long ut = 0, st = 0;
        struct rusage ru;
        FILE *f;

        getrusage(RUSAGE_SELF, &ru);
        snprintf(path, sizeof(path), "/proc/%d/stat", (int)d->pid);
        if ((f = fopen(path, "r"))) {
                size_t n = fread(buf, 1, sizeof(buf) - 1, f);
                buf[n] = '\0';
                fclose(f);
                /* after the name, which may hold spaces: state is field 3, utime 14 */
                if ((p = strrchr(buf, ')')))
                        (void)sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st);
        }
        *posd = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
        *clients = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                   (double)ru.ru_stime.tv_usec / 1e6;
}

static int http_sales(const struct ctx *c, int lanes, struct result *res)
{
        struct lane_run runs[LANES_MAX];
        pthread_t th[LANES_MAX];
        char db[PATH_MAX], conf[PATH_MAX];
        struct daemon d = { 0, 0, "" };
        double t0, posd0, clients0, posd1, clients1;
        int r = 0;

        if (sales_store(c, lanes, db, conf) < 0 || daemon_start(c, db, conf, &d) < 0) {
                daemon_stop(&d);
                return -1;
        }
        curl_global_init(CURL_GLOBAL_DEFAULT);
        t0 = now_s();
        cpu_now(&d, &posd0, &clients0);
        for (int i = 0; i < lanes; i++) {
                runs[i] = (struct lane_run){ &d, i + 1, c->o.http_sales, 0, NULL, 0 };
                pthread_create(&th[i], NULL, lane_main, &runs[i]);
        }
        for (int i = 0; i < lanes; i++) {
                pthread_join(th[i], NULL);
                r |= runs[i].rc;
        }
        res->seconds = now_s() - t0;
        cpu_now(&d, &posd1, &clients1);
        res->posd_cpu_s = posd1 - posd0;
        res->cpu_s = res->posd_cpu_s + clients1 - clients0;
        res->count = (int64_t)lanes * c->o.http_sales;
        daemon_stop(&d);
        curl_global_cleanup();
        return r;
}

/* 16 lanes selling for load_seconds: every sale must succeed; each one's time. */
int bench_http_load(const struct ctx *c, struct result *res)
{
        enum { LANES = LOAD_LANES };
        struct lane_run runs[LANES];
        pthread_t th[LANES];
        char db[PATH_MAX], conf[PATH_MAX];
        struct daemon d = { 0, 0, "" };
        double t0, *all = NULL, posd0, clients0, posd1, clients1;
        long total = 0;
        int r = 0;

        if (sales_store(c, LANES, db, conf) < 0 || daemon_start(c, db, conf, &d) < 0) {
                daemon_stop(&d);
                return -1;
        }
        curl_global_init(CURL_GLOBAL_DEFAULT);
        t0 = now_s();
        cpu_now(&d, &posd0, &clients0);
        for (int i = 0; i < LANES; i++) {
                runs[i] = (struct lane_run){ &d, i + 1, 0, t0 + c->o.load_seconds, calloc(LOAD_SALES_MAX, sizeof(double)),
                                             0 };
                if (!runs[i].lat_us)
                        runs[i].rc = -1;
                else
                        pthread_create(&th[i], NULL, lane_main, &runs[i]);
        }
        for (int i = 0; i < LANES; i++) {
                if (runs[i].lat_us)
                        pthread_join(th[i], NULL);
                r |= runs[i].rc;
                total += runs[i].sales;
        }
        res->seconds = now_s() - t0;
        cpu_now(&d, &posd1, &clients1);
        res->posd_cpu_s = posd1 - posd0;
        res->cpu_s = res->posd_cpu_s + clients1 - clients0;
        res->count = total;
        if (r == 0 && total > 0 && (all = malloc((size_t)total * sizeof(double)))) {
                long k = 0;
                for (int i = 0; i < LANES; i++)
                        for (long n = 0; n < runs[i].sales; n++)
                                all[k++] = runs[i].lat_us[n];
                qsort(all, (size_t)total, sizeof(double), cmp_double);
                res->p50_us = all[total / 2];
                res->p99_us = all[total * 99 / 100];
                free(all);
        }
        for (int i = 0; i < LANES; i++)
                free(runs[i].lat_us);
        if (r)
                fprintf(stderr, "bench: a sale failed under load\n");
        daemon_stop(&d);
        curl_global_cleanup();
        return r || !total ? -1 : 0;
}

int bench_http_1lane(const struct ctx *c, struct result *res) { return http_sales(c, 1, res); }
int bench_http_8lanes(const struct ctx *c, struct result *res) { return http_sales(c, 8, res); }

/* ---- adding a line by barcode on the large catalog -------------------------------------- */

int catalog_store(const struct ctx *c, char db[static PATH_MAX])
{
        struct ledger *l = NULL;
        struct ledger_error e;
        int r = -1;

        if (path_in(c, "catalog.db", db) < 0 || ledger_open(db, 0, &l, &e) < 0)
                return -1;
        if (user_add(l, "bench", ROLE_CASHIER, "2468", NULL) == 0 || ledger_errnum(l) == -EEXIST)
                r = 0;
        else
                ledger_fail(l, "user_add");
        ledger_close(l);
        return r;
}

int bench_addline_latency(const struct ctx *c, struct result *res)
{
        char db[PATH_MAX], conf[PATH_MAX], id[40] = "", path[96], body[96], code[32];
        struct daemon d = { 0, 0, "" };
        struct client cl = { 0 };
        uint64_t rng = SEED;
        double *lat = calloc((size_t)c->o.addlines, sizeof(double)), t;
        int r = -1;

        if (!lat || catalog_store(c, db) < 0 || write_conf(c, 1, conf) < 0)
                goto out;
        if (daemon_start(c, db, conf, &d) < 0 || client_open(&cl, &d, "1") < 0)
                goto out;
        for (long n = 0; n < c->o.addlines; n++) {
                if (n % BASKET == 0) { /* a fresh ticket for every large basket */
                        if (id[0]) {
                                snprintf(path, sizeof(path), "/tickets/%s", id);
                                if (expect(&cl, 200, "DELETE", path, NULL) < 0)
                                        goto out;
                        }
                        if (expect(&cl, 201, "POST", "/tickets", NULL) < 0 || client_field(&cl, "id", id, sizeof(id)) < 0)
                                goto out;
                        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
                }
                if (make_ean(KNOWN_PREFIX, (long)(xorshift64(&rng) % (uint64_t)c->o.products), code) < 0)
                        goto out;
                snprintf(body, sizeof(body), "{\"barcode\":\"%s\"}", code);
                t = now_s();
                if (expect(&cl, 201, "POST", path, body) < 0)
                        goto out;
                lat[n] = (now_s() - t) * 1e6;
        }
        for (long n = 0; n < c->o.addlines; n++)
                res->seconds += lat[n] / 1e6;
        qsort(lat, (size_t)c->o.addlines, sizeof(double), cmp_double);
        res->count = c->o.addlines;
        res->p50_us = lat[c->o.addlines / 2];
        res->p99_us = lat[c->o.addlines * 99 / 100];
        r = 0;
out:
        client_close(&cl);
        daemon_stop(&d);
        free(lat);
        return r;
}

/* posd started on the store of the import benchmark until it listens, five times: the
 * median and the longest. */
int bench_cold_start(const struct ctx *c, struct result *res)
{
        enum { STARTS = 5 };
        char db[PATH_MAX], conf[PATH_MAX];
        double took[STARTS], t;

        if (path_in(c, "catalog.db", db) < 0 || write_conf(c, 1, conf) < 0)
                return -1;
        for (int i = 0; i < STARTS; i++) {
                struct daemon d = { 0, 0, "" };
                t = now_s();
                if (daemon_start(c, db, conf, &d) < 0) {
                        daemon_stop(&d);
                        return -1;
                }
                took[i] = (now_s() - t) * 1e6;
                res->seconds += took[i] / 1e6;
                daemon_stop(&d);
        }
        qsort(took, STARTS, sizeof(double), cmp_double);
        res->count = STARTS;
        res->p50_us = took[STARTS / 2];
        res->p99_us = took[STARTS - 1];
        return 0;
}

/* ---- the end of a day of 100,000 sales -------------------------------------------------- */

/* One shift with the day's sales, posted through the core in batches of a thousand. */
int bench_day_build(const struct ctx *c, struct result *res)
{
        char csv[PATH_MAX], db[PATH_MAX], skus[2][32], key[48];
        struct actor a = { "bench", "1", NULL, true };
        struct shift_report sh;
        struct ledger *l = NULL;
        uint64_t rng = SEED;
        double t0, s;
        int r = 0;

        if (path_in(c, "day-catalog.csv", csv) < 0 || path_in(c, "day.db", db) < 0 ||
            write_catalog(csv, SALES_CATALOG, SALES_STOCK) < 0 || store_with_catalog(db, csv, SALES_CATALOG, &l, &s) < 0)
                return -1;
        if (shift_open(l, &a, 0, &sh) < 0) {
                ledger_close(l);
                return ledger_fail(l, "shift_open");
        }
        t0 = now_s();
        for (long n = 0; n < c->o.day_sales && r == 0; n++) {
                long i0 = (long)(xorshift64(&rng) % SALES_CATALOG), i1 = (i0 + 1) % SALES_CATALOG;
                struct sale_line_in lines[2] = { { skus[0], 1000, -1, 0 }, { skus[1], 2000, -1, 0 } };
                struct payment pay = { n % 3 ? TENDER_CASH : TENDER_CARD, price_of(i0) + 2 * price_of(i1) };
                struct sale_in in = { { key, "bench", "1", NULL, 0 }, lines, 2, &pay, 1, sh.shift_id, NULL, 0, 1, NULL, false, NULL, NULL };
                struct doc_result d;
                make_sku(i0, skus[0]);
                make_sku(i1, skus[1]);
                snprintf(key, sizeof(key), "day-%ld", n);
                if (n % 1000 == 0 && (r = ledger_begin(l)) < 0)
                        break;
                if ((r = post_sale(l, &in, &d)) < 0)
                        break;
                if (n % 1000 == 999 || n == c->o.day_sales - 1)
                        r = ledger_commit(l);
        }
        if (r < 0)
                ledger_fail(l, "posting the day");
        res->seconds = now_s() - t0;
        res->count = c->o.day_sales;
        ledger_close(l);
        return r < 0 ? -1 : 0;
}

int bench_z(const struct ctx *c, struct result *res)
{
        char db[PATH_MAX];
        struct shift_report z;
        struct ledger *l = NULL;
        struct ledger_error e;
        int64_t id = 0;
        double t0;
        int r;

        if (path_in(c, "day.db", db) < 0 || ledger_open(db, LEDGER_OPEN_READONLY, &l, &e) < 0)
                return -1;
        t0 = now_s();
        r = shift_current_id(l, "1", &id) < 0 || shift_report(l, id, &z) < 0 ? ledger_fail(l, "the Z") : 0;
        res->seconds = now_s() - t0;
        res->count = z.sales_count;
        if (r == 0 && z.sales_count != c->o.day_sales) {
                fprintf(stderr, "bench: the Z counted %" PRId64 " sales, expected %ld\n", z.sales_count, c->o.day_sales);
                r = -1;
        }
        ledger_close(l);
        return r;
}

int bench_export_ledger(const struct ctx *c, struct result *res)
{
        char db[PATH_MAX], out[PATH_MAX];
        struct ledger *l = NULL;
        struct ledger_error e;
        FILE *f;
        double t0;
        int n;

        if (path_in(c, "day.db", db) < 0 || path_in(c, "day.ledger", out) < 0 || !(f = fopen(out, "w")))
                return -1;
        if (ledger_open(db, LEDGER_OPEN_READONLY, &l, &e) < 0) {
                fclose(f);
                return -1;
        }
        t0 = now_s();
        n = ledger_export_journal(l, f);
        res->seconds = now_s() - t0;
        res->count = n;
        if (n < 0)
                ledger_fail(l, "export ledger");
        ledger_close(l);
        return fclose(f) == 0 && n > 0 ? 0 : -1;
}

int bench_ledger_bal(const struct ctx *c, struct result *res)
{
        char journal[PATH_MAX], cmd[PATH_MAX + 64];
        double t0;
        int st;

        if (path_in(c, "day.ledger", journal) < 0)
                return -1;
        snprintf(cmd, sizeof(cmd), "ledger -f '%s' bal > /dev/null", journal);
        t0 = now_s();
        st = system(cmd);
        res->seconds = now_s() - t0;
        res->count = 1;
        if (st != 0)
                fprintf(stderr, "bench: '%s' failed (is Debian's ledger installed?)\n", cmd);
        return st == 0 ? 0 : -1;
}
