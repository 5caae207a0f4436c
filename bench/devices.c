/* The daemon's share of the counter's two hardware paths, with no hardware: a code
 * written to the simulated scanner until the lane hears of the line on its ticket (the
 * events stream), and a completed sale until its receipt's first byte reaches a printer
 * on TCP. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"
#include "people/users.h"

#define SCANS 500
#define PRINTS 200
#define WAIT_S 5.0

/* What a thread heard (a ticket event, a printer's first byte), for the main one to wait
 * for: a count and the time of the latest. */
struct heard {
        pthread_mutex_t lock;
        long n;
        double at;
        bool stop;
};

static void heard_one(struct heard *h)
{
        pthread_mutex_lock(&h->lock);
        h->n++;
        h->at = now_s();
        pthread_mutex_unlock(&h->lock);
}

static long heard_count(struct heard *h)
{
        long n;

        pthread_mutex_lock(&h->lock);
        n = h->n;
        pthread_mutex_unlock(&h->lock);
        return n;
}

/* The time of the first thing heard after `after` were, or -1 past WAIT_S; looked for
 * every 0.1 ms. */
static double heard_next(struct heard *h, long after)
{
        double at = -1, until = now_s() + WAIT_S;

        pthread_mutex_lock(&h->lock);
        while (h->n <= after && now_s() < until) {
                pthread_mutex_unlock(&h->lock);
                usleep(100);
                pthread_mutex_lock(&h->lock);
        }
        if (h->n > after)
                at = h->at;
        pthread_mutex_unlock(&h->lock);
        return at;
}

static void latencies(double *lat, long n, struct result *res)
{
        for (long i = 0; i < n; i++)
                res->seconds += lat[i] / 1e6;
        qsort(lat, (size_t)n, sizeof(double), cmp_double);
        res->count = n;
        res->p50_us = lat[n / 2];
        res->p99_us = lat[n * 99 / 100];
}

/* ---- a scan to its line ------------------------------------------------------------ */

struct stream {
        struct heard h;
        char token[80], line[256];
        size_t len;
        int port;
};

/* The events stream, line by line: each "event: ticket" is heard. */
static size_t stream_in(char *ptr, size_t size, size_t n, void *ud)
{
        struct stream *s = ud;

        for (size_t i = 0; i < size * n; i++) {
                if (ptr[i] != '\n') {
                        if (s->len + 1 < sizeof(s->line))
                                s->line[s->len++] = ptr[i];
                        continue;
                }
                s->line[s->len] = '\0';
                if (!strcmp(s->line, "event: ticket"))
                        heard_one(&s->h);
                s->len = 0;
        }
        return s->h.stop ? 0 : size * n;
}

static int stream_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
        (void)a, (void)b, (void)c, (void)d;
        return ((struct stream *)ud)->h.stop;
}

static void *follow(void *arg)
{
        struct stream *s = arg;
        struct curl_slist *hd = NULL;
        char url[128], auth[128];
        CURL *c = curl_easy_init();

        if (!c)
                return NULL;
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/events", s->port);
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", s->token);
        hd = curl_slist_append(hd, auth);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_in);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, stream_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
        curl_easy_perform(c);
        curl_slist_free_all(hd);
        curl_easy_cleanup(c);
        return NULL;
}

static int scan_conf(const struct ctx *c, const char *fifo, char conf[static PATH_MAX])
{
        FILE *f;

        if (write_conf(c, 2, conf) < 0 || !(f = fopen(conf, "a")))
                return -1;
        /* lane 2: the add-line benchmark left lane 1's shift open in this store */
        fprintf(f, "[scanner]\ndevice = sim:%s\nlane = 2\n", fifo);
        return fclose(f) == 0 ? 0 : -1;
}

/* With the catalogue of the import benchmark: each scan a code of it, a basket of 50 to a
 * ticket, voided after. */
int bench_scan_to_line(const struct ctx *c, struct result *res)
{
        char db[PATH_MAX], conf[PATH_MAX], fifo[PATH_MAX], code[32], line[40], id[40], path[96];
        struct stream s = { .h = { PTHREAD_MUTEX_INITIALIZER, 0, 0, false } };
        struct daemon d = { 0, 0, "" };
        struct client cl = { 0 };
        double lat[SCANS];
        uint64_t rng = SEED;
        pthread_t th;
        bool following = false;
        int fd = -1, r = -1;

        if (catalog_store(c, db) < 0 || path_in(c, "scan", fifo) < 0 || scan_conf(c, fifo, conf) < 0 ||
            daemon_start(c, db, conf, &d) < 0 || client_open(&cl, &d, "2") < 0)
                goto out;
        snprintf(s.token, sizeof(s.token), "%s", cl.token);
        s.port = d.port;
        if (pthread_create(&th, NULL, follow, &s) != 0)
                goto out;
        following = true;
        usleep(200000); /* the stream is open */
        if ((fd = open(fifo, O_WRONLY | O_CLOEXEC)) < 0) {
                fprintf(stderr, "bench: cannot open the scanner's pipe %s: %s\n", fifo, strerror(errno));
                goto out;
        }
        for (long n = 0; n < SCANS; n++) {
                long before;
                double t, at;
                if (n % 50 == 0 && n) { /* the basket is done: void it, and let its events pass */
                        if (expect(&cl, 200, "GET", "/tickets/current", NULL) < 0 ||
                            client_field(&cl, "id", id, sizeof(id)) < 0)
                                goto out;
                        snprintf(path, sizeof(path), "/tickets/%s", id);
                        if (expect(&cl, 200, "DELETE", path, NULL) < 0)
                                goto out;
                        usleep(50000);
                }
                if (make_ean(KNOWN_PREFIX, (long)(xorshift64(&rng) % (uint64_t)c->o.products), code) < 0)
                        goto out;
                snprintf(line, sizeof(line), "%s\n", code);
                before = heard_count(&s.h);
                t = now_s();
                if (write(fd, line, strlen(line)) != (ssize_t)strlen(line) || (at = heard_next(&s.h, before)) < 0) {
                        fprintf(stderr, "bench: scan %ld heard of no line within %.0f s\n", n, WAIT_S);
                        goto out;
                }
                lat[n] = (at - t) * 1e6;
        }
        latencies(lat, SCANS, res);
        r = 0;
out:
        if (fd >= 0)
                close(fd);
        s.h.stop = true;
        daemon_stop(&d);
        if (following)
                pthread_join(th, NULL);
        client_close(&cl);
        return r;
}

/* ---- a sale to its receipt's first byte ------------------------------------------- */

struct printer {
        struct heard h;
        int listen_fd;
};

/* A printer on TCP that answers every status question (DLE EOT n) as ready; the first
 * byte of anything else after a quiet spell is a receipt's first. */
static void *printer_main(void *arg)
{
        struct printer *p = arg;
        unsigned char b[4096], ok = 0x12;
        int fd = accept(p->listen_fd, NULL, NULL), dle = 0;
        bool printing = false;

        if (fd < 0)
                return NULL;
        for (;;) {
                ssize_t n = recv(fd, b, sizeof(b), 0);
                if (n <= 0)
                        break;
                for (ssize_t i = 0; i < n; i++) {
                        if (dle == 2) { /* DLE EOT n: answered, and no part of a receipt */
                                dle = 0;
                                if (send(fd, &ok, 1, MSG_NOSIGNAL) != 1)
                                        break;
                                printing = false;
                                continue;
                        }
                        dle = b[i] == 0x10 && dle == 0 ? 1 : b[i] == 0x04 && dle == 1 ? 2 : 0;
                        if (dle == 0 && !printing) {
                                printing = true;
                                heard_one(&p->h);
                        }
                }
        }
        close(fd);
        return NULL;
}

int bench_sale_to_print(const struct ctx *c, struct result *res)
{
        char db[PATH_MAX], csv[PATH_MAX], conf[PATH_MAX], path[96], key[48], tid[40];
        struct printer p = { .h = { PTHREAD_MUTEX_INITIALIZER, 0, 0, false }, .listen_fd = -1 };
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t alen = sizeof(a);
        struct daemon d = { 0, 0, "" };
        struct client cl = { 0 };
        struct ledger *l = NULL;
        double lat[PRINTS], s;
        pthread_t th;
        bool serving = false;
        FILE *f;
        int r = -1;

        if ((p.listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
            bind(p.listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(p.listen_fd, 1) < 0 ||
            getsockname(p.listen_fd, (struct sockaddr *)&a, &alen) < 0 || pthread_create(&th, NULL, printer_main, &p) != 0)
                goto out;
        serving = true;
        if (path_in(c, "print.db", db) < 0 || path_in(c, "print-catalog.csv", csv) < 0 ||
            write_catalog(csv, SALES_CATALOG, SALES_STOCK) < 0 || store_with_catalog(db, csv, SALES_CATALOG, &l, &s) < 0)
                goto out;
        if (user_add(l, "bench", ROLE_CASHIER, "2468", NULL) < 0) {
                ledger_fail(l, "user_add");
                goto out;
        }
        l = ledger_close(l);
        if (write_conf(c, 1, conf) < 0 || !(f = fopen(conf, "a")))
                goto out;
        fprintf(f, "[printer]\ndevice = tcp:127.0.0.1:%d\ncolumns = 48\n", ntohs(a.sin_port));
        if (fclose(f) != 0 || daemon_start(c, db, conf, &d) < 0 || client_open(&cl, &d, "1") < 0)
                goto out;
        for (long n = 0; n < PRINTS; n++) {
                long before;
                double t, at;
                char code[32];
                if (expect(&cl, 201, "POST", "/tickets", NULL) < 0 || client_field(&cl, "id", tid, sizeof(tid)) < 0)
                        goto out;
                snprintf(path, sizeof(path), "/tickets/%s/lines", tid);
                if (make_ean(KNOWN_PREFIX, n % SALES_CATALOG, code) < 0)
                        goto out;
                snprintf(key, sizeof(key), "{\"barcode\":\"%s\"}", code);
                if (expect(&cl, 201, "POST", path, key) < 0)
                        goto out;
                snprintf(path, sizeof(path), "/tickets/%s/payments", tid);
                snprintf(key, sizeof(key), "{\"method\":\"card\",\"amount\":%lld}", (long long)price_of(n % SALES_CATALOG));
                if (expect(&cl, 201, "POST", path, key) < 0)
                        goto out;
                usleep(20000); /* the printer idle, as between two customers */
                snprintf(path, sizeof(path), "/tickets/%s/complete", tid);
                before = heard_count(&p.h);
                if (expect(&cl, 201, "POST", path, NULL) < 0)
                        goto out;
                t = now_s();
                if ((at = heard_next(&p.h, before)) < 0) {
                        fprintf(stderr, "bench: sale %ld: no receipt within %.0f s\n", n, WAIT_S);
                        goto out;
                }
                lat[n] = at > t ? (at - t) * 1e6 : 0;
        }
        latencies(lat, PRINTS, res);
        r = 0;
out:
        daemon_stop(&d);
        client_close(&cl);
        ledger_close(l);
        if (p.listen_fd >= 0)
                shutdown(p.listen_fd, SHUT_RDWR);
        if (serving)
                pthread_join(th, NULL);
        if (p.listen_fd >= 0)
                close(p.listen_fd);
        return r;
}
