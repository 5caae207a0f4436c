/* What the network may not do to the tills: slow clients hold no slot past their
 * deadline and one address cannot take every slot; a burst of sign-ins leaves the store
 * to the tills; wrong PINs from one address lock nobody out elsewhere and tell no names;
 * an events stream ends with its session, and with its client. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static double now_s(void)
{
        struct timespec t;

        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct answer {
        char body[4096];
        size_t len;
        unsigned retry_after;
};

static size_t keep_body(char *ptr, size_t size, size_t n, void *ud)
{
        struct answer *a = ud;
        size_t k = size * n;

        if (a->len + k < sizeof(a->body)) {
                memcpy(a->body + a->len, ptr, k);
                a->len += k;
                a->body[a->len] = '\0';
        }
        return k;
}

static size_t keep_header(char *ptr, size_t size, size_t n, void *ud)
{
        struct answer *a = ud;

        if (size * n > 12 && !strncasecmp(ptr, "Retry-After:", 12))
                a->retry_after = (unsigned)atoi(ptr + 12);
        return size * n;
}

/* One request from the source address src (any of 127.0.0.0/8); the status, or -1. */
static int http_from(struct posd *p, const char *src, const char *method, const char *path, const char *tok,
                     const char *body, struct answer *a)
{
        CURL *c = curl_easy_init();
        struct curl_slist *h = NULL;
        char url[256], auth[160], iface[64];
        long status = -1;

        memset(a, 0, sizeof(*a));
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1%s", p->port, path);
        snprintf(iface, sizeof(iface), "host!%s", src);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, keep_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
        h = curl_slist_append(h, "Content-Type: application/json");
        if (tok) {
                snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
                h = curl_slist_append(h, auth);
        }
        if (body)
                curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        if (curl_easy_perform(c) == CURLE_OK)
                curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
        return (int)status;
}

static const char *field(const struct answer *a, const char *path)
{
        static char v[256];
        json_t *o = json_loads(a->body, 0, NULL);

        snprintf(v, sizeof(v), "%s", o ? jstr(o, path) : "");
        json_decref(o);
        return v;
}

static void expect_from(struct posd *p, const char *src, const char *method, const char *path, const char *tok,
                        const char *body, int want, struct answer *a)
{
        int st = http_from(p, src, method, path, tok, body, a);

        if (st != want)
                fail_msg("%s %s from %s: expected %d, got %d: %s", method, path, src, want, st, a->body);
}

/* A whole sale over HTTP from src: open a ticket, add a line, pay, complete. Its time. */
static double sale_from(struct posd *p, const char *src, const char *tok)
{
        struct answer a;
        char id[64], path[96];
        double t0 = now_s();

        expect_from(p, src, "POST", "/tickets", tok, NULL, 201, &a);
        snprintf(id, sizeof(id), "%s", field(&a, "id"));
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        expect_from(p, src, "POST", path, tok, "{\"sku\":\"A1\"}", 201, &a);
        snprintf(path, sizeof(path), "/tickets/%s/payments", id);
        expect_from(p, src, "POST", path, tok, "{\"method\":\"card\",\"amount\":1250}", 201, &a);
        snprintf(path, sizeof(path), "/tickets/%s/complete", id);
        expect_from(p, src, "POST", path, tok, NULL, 201, &a);
        return now_s() - t0;
}

/* ---- slow clients: a header byte a second, never the end of the headers ---- */

#define SLOW_N 200

struct slow {
        int port;
        int fd[SLOW_N];
        double opened[SLOW_N], closed[SLOW_N];
        double give_up; /* now_s() past which the thread stops */
};

static void *slow_clients(void *arg)
{
        static const char trickle[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa";
        struct slow *s = arg;
        struct sockaddr_in a = { .sin_family = AF_INET };
        size_t sent = 0;
        int open = 0;
        double next = 0;

        a.sin_port = htons((uint16_t)s->port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        for (int i = 0; i < SLOW_N; i++) {
                s->fd[i] = socket(AF_INET, SOCK_STREAM, 0);
                s->closed[i] = 0;
                if (s->fd[i] < 0 || connect(s->fd[i], (struct sockaddr *)&a, sizeof(a)) != 0) {
                        s->closed[i] = s->opened[i] = now_s();
                        continue;
                }
                s->opened[i] = now_s();
                open++;
        }
        while (open && now_s() < s->give_up) {
                struct pollfd pf[SLOW_N];
                int n = 0, map[SLOW_N];
                char buf[256];

                if (now_s() >= next) { /* one more byte each (the last one again once all are out) */
                        for (int i = 0; i < SLOW_N; i++)
                                if (!s->closed[i] && send(s->fd[i], trickle + sent, 1, MSG_NOSIGNAL) < 0) {
                                        s->closed[i] = now_s();
                                        open--;
                                }
                        if (sent + 1 < sizeof(trickle) - 1)
                                sent++;
                        next = now_s() + 1.0;
                }
                for (int i = 0; i < SLOW_N; i++)
                        if (!s->closed[i]) {
                                pf[n] = (struct pollfd){ .fd = s->fd[i], .events = POLLIN };
                                map[n++] = i;
                        }
                if (poll(pf, (nfds_t)n, 50) <= 0)
                        continue;
                for (int k = 0; k < n; k++)
                        if (pf[k].revents && recv(pf[k].fd, buf, sizeof(buf), MSG_DONTWAIT) <= 0 && errno != EAGAIN) {
                                s->closed[map[k]] = now_s();
                                open--;
                        }
        }
        for (int i = 0; i < SLOW_N; i++)
                if (s->fd[i] >= 0)
                        close(s->fd[i]);
        return NULL;
}

/* Every slot a slow client holds is given back by its deadline, and while 200 of them
 * trickle, a till's sale takes less than a second. The per-address limit is set above
 * 200 here, so that it is the deadline that cuts them. */
static void test_slow_clients_cut_at_their_deadline(void **state)
{
        struct posd p;
        struct slow *s = calloc(1, sizeof(*s));
        pthread_t th;
        const char *tok;
        double took;
        (void)state;

        tok = posd_open_lane(&p, "[http]\nmax_connections = 300\nmax_connections_per_address = 1024\n"
                                 "request_timeout_seconds = 3\ntimeout_seconds = 60\n");
        s->port = p.port;
        s->give_up = now_s() + 20;
        pthread_create(&th, NULL, slow_clients, s);
        usleep(1500000); /* all connected, a byte or two sent */
        took = sale_from(&p, "127.0.0.1", tok);
        if (took >= 1.0)
                fail_msg("a sale took %.2f s while slow clients trickled", took);
        pthread_join(th, NULL);
        for (int i = 0; i < SLOW_N; i++) {
                double held = s->closed[i] - s->opened[i];
                if (!s->closed[i] || held < 2.5 || held > 3 + 2.5)
                        fail_msg("slow client %d was held %.2f s (closed: %d), not cut at its 3 s deadline", i, held,
                                 s->closed[i] != 0);
        }
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, NULL), 200);
        free(s);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* One address cannot take every slot: with a deadline too long to help, 200 slow clients
 * from 127.0.0.1 hold at most the per-address limit, and a till at 127.0.0.2 still sells
 * within a second. */
static void test_one_address_takes_no_more_than_its_share(void **state)
{
        struct posd p;
        struct slow *s = calloc(1, sizeof(*s));
        pthread_t th;
        struct answer a;
        const char *tok;
        double took;
        int held = 0;
        (void)state;

        posd_store(&p);
        {
                char arg[256];
                twrite(&p.store, "posd.conf", "[http]\nmax_connections = 64\nmax_connections_per_address = 16\n"
                                              "request_timeout_seconds = 60\ntimeout_seconds = 60\n");
                snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);
                posd_start(&p, arg);
        }
        expect_from(&p, "127.0.0.2", "POST", "/sessions", NULL, "{\"user\":\"alice\",\"pin\":\"1111\"}", 201, &a);
        tok = strdup(field(&a, "token"));
        expect_from(&p, "127.0.0.2", "POST", "/shifts", tok, "{\"opening_float\":0}", 201, &a);
        s->port = p.port;
        s->give_up = now_s() + 4;
        pthread_create(&th, NULL, slow_clients, s);
        usleep(2000000);
        took = sale_from(&p, "127.0.0.2", tok);
        pthread_join(th, NULL);
        for (int i = 0; i < SLOW_N; i++)
                held += !s->closed[i];
        if (held > 16)
                fail_msg("127.0.0.1 held %d connections, more than its 16", held);
        assert_true(held > 0);
        if (took >= 1.0)
                fail_msg("a sale took %.2f s while one address held its slots", took);
        free((void *)tok);
        free(s);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* ---- sign-in bursts ---- */

#define BURST 16

struct signer {
        struct posd *p;
        pthread_barrier_t *go;
        int status;
        unsigned retry_after;
};

static void *sign_in(void *arg)
{
        struct signer *s = arg;
        struct answer a;

        pthread_barrier_wait(s->go);
        s->status = http_from(s->p, "127.0.0.1", "POST", "/sessions", NULL, "{\"user\":\"bob\",\"pin\":\"2222\"}", &a);
        s->retry_after = a.retry_after;
        return NULL;
}

/* More sign-ins at once than hashes allowed: the rest are told to retry (429), none finds
 * the store busy (503), and a signed-in till is answered within a second meanwhile. */
static void test_sign_in_burst_leaves_the_store_to_the_tills(void **state)
{
        struct posd p;
        struct signer s[BURST];
        pthread_t th[BURST];
        pthread_barrier_t go;
        struct answer a;
        const char *tok;
        int n429 = 0, n201 = 0;
        double worst = 0;
        (void)state;

        /* all from one address: its own limit is not what this proves */
        tok = posd_open_lane(&p, "[store]\nconnections = 2\n[auth]\npin_checks_at_once = 2\n"
                                 "[http]\nmax_connections_per_address = 64\n");
        pthread_barrier_init(&go, NULL, BURST + 1);
        for (int i = 0; i < BURST; i++) {
                s[i] = (struct signer){ &p, &go, 0, 0 };
                pthread_create(&th[i], NULL, sign_in, &s[i]);
        }
        pthread_barrier_wait(&go);
        for (int i = 0; i < 5; i++) {
                double t0 = now_s();
                expect_from(&p, "127.0.0.1", "GET", "/tickets/current", tok, NULL, 404, &a);
                if (now_s() - t0 > worst)
                        worst = now_s() - t0;
                usleep(20000);
        }
        for (int i = 0; i < BURST; i++) {
                pthread_join(th[i], NULL);
                if (s[i].status == 429) {
                        n429++;
                        assert_true(s[i].retry_after >= 1);
                } else if (s[i].status == 201) {
                        n201++;
                } else {
                        fail_msg("a sign-in in the burst was answered %d", s[i].status);
                }
        }
        pthread_barrier_destroy(&go);
        assert_true(n429 > 0);
        assert_true(n201 >= 2);
        if (worst >= 1.0)
                fail_msg("a signed-in request took %.2f s during the burst", worst);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* ---- wrong PINs ---- */

/* 20 wrong PINs for the manager from one address lock that address out for her, with a
 * time to retry, and nobody else: she signs in from another. */
static void test_wrong_pins_lock_out_only_their_address(void **state)
{
        struct posd p;
        struct answer a;
        const char *tok;
        (void)state;

        tok = posd_open_lane(&p, "[checkout]\nlanes = 1, 2\n");
        for (int i = 0; i < 20; i++) {
                int st = http_from(&p, "127.0.0.1", "POST", "/sessions", NULL, "{\"user\":\"maria\",\"pin\":\"0000\"}", &a);
                assert_int_equal(st, 401);
                assert_string_equal(field(&a, "error.code"), i < 5 ? "WRONG_PIN" : "USER_LOCKED");
                if (i >= 5)
                        assert_true(a.retry_after >= 60);
        }
        /* her approvals from there are refused too, and count for nothing elsewhere */
        expect_from(&p, "127.0.0.1", "POST", "/sessions", NULL, "{\"user\":\"maria\",\"pin\":\"5678\"}", 401, &a);
        assert_string_equal(field(&a, "error.code"), "USER_LOCKED");
        expect_from(&p, "127.0.0.1", "POST", "/drawer/open", tok,
                    "{\"reason\":\"change\",\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", 403, &a);
        assert_string_equal(field(&a, "error.code"), "APPROVAL_REFUSED");
        expect_from(&p, "127.0.0.2", "POST", "/sessions", NULL, "{\"user\":\"maria\",\"pin\":\"5678\",\"lane\":\"2\"}", 201,
                    &a);
        assert_string_equal(field(&a, "role"), "manager");
        /* a wrong approval PIN counts like a wrong sign-in, for its address only */
        for (int i = 0; i < 5; i++) {
                expect_from(&p, "127.0.0.3", "POST", "/drawer/open", tok,
                            "{\"reason\":\"change\",\"approved_by\":{\"user\":\"maria\",\"pin\":\"0001\"}}", 403, &a);
                assert_string_equal(field(&a, "error.code"), "APPROVAL_REFUSED");
        }
        expect_from(&p, "127.0.0.3", "POST", "/sessions", NULL, "{\"user\":\"maria\",\"pin\":\"5678\"}", 401, &a);
        assert_string_equal(field(&a, "error.code"), "USER_LOCKED");
        expect_from(&p, "127.0.0.4", "POST", "/sessions", NULL, "{\"user\":\"maria\",\"pin\":\"5678\"}", 201, &a);
        posd_stop(&p);
        posd_cleanup(&p);
}

static int by_value(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return x < y ? -1 : x > y;
}

/* An unknown user, a wrong PIN and a disabled user's wrong PIN: one status, one body,
 * and (medians of one run, as a ratio) one time. */
static void test_unknown_user_reads_as_a_wrong_pin(void **state)
{
        static const char *const bodies[] = { "{\"user\":\"maria\",\"pin\":\"0000\"}",
                                              "{\"user\":\"nosuchuser\",\"pin\":\"0000\"}",
                                              "{\"user\":\"gone\",\"pin\":\"0000\"}" };
        enum { KINDS = 3, ROUNDS = 7 };
        struct posd p;
        struct answer a;
        char first[4096] = "", src[32];
        double t[KINDS][ROUNDS], med[KINDS], lo = 1e9, hi = 0;
        const char *root;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        root = login(&p, "root", "9999");
        expect_from(&p, "127.0.0.9", "POST", "/users", root, "{\"name\":\"gone\",\"role\":\"cashier\",\"pin\":\"7777\"}", 201,
                    &a);
        expect_from(&p, "127.0.0.9", "PATCH", "/users/gone", root, "{\"active\":false}", 200, &a);
        for (int r = 0; r < ROUNDS; r++)
                for (int k = 0; k < KINDS; k++) {
                        double t0;
                        /* a fresh address for each: the slowing of wrong PINs is not what is timed */
                        snprintf(src, sizeof(src), "127.0.1.%d", 10 + r * KINDS + k);
                        t0 = now_s();
                        expect_from(&p, src, "POST", "/sessions", NULL, bodies[k], 401, &a);
                        t[k][r] = now_s() - t0;
                        if (!first[0])
                                snprintf(first, sizeof(first), "%s", a.body);
                        assert_string_equal(a.body, first);
                }
        assert_string_equal(field(&a, "error.code"), "WRONG_PIN");
        for (int k = 0; k < KINDS; k++) {
                qsort(t[k], ROUNDS, sizeof(double), by_value);
                med[k] = t[k][ROUNDS / 2];
                lo = med[k] < lo ? med[k] : lo;
                hi = med[k] > hi ? med[k] : hi;
        }
        if (hi > lo * 1.5)
                fail_msg("the answers took %.3f, %.3f and %.3f s: the time tells who exists", med[0], med[1], med[2]);
        /* the disabled user hears so only with the right PIN */
        expect_from(&p, "127.0.0.9", "POST", "/sessions", NULL, "{\"user\":\"gone\",\"pin\":\"7777\"}", 401, &a);
        assert_string_equal(field(&a, "error.code"), "USER_INACTIVE");
        posd_stop(&p);
        posd_cleanup(&p);
}

/* ---- the events stream ends with its session ---- */

struct stream {
        struct posd *p;
        const char *tok;
        double opened, closed, ended_at; /* ended_at: when the session was ended (set by the test) */
        int events, late;                 /* events seen; of them after ended_at */
        char tail[64];
        pthread_mutex_t lock;
};

static size_t stream_data(char *ptr, size_t size, size_t n, void *ud)
{
        struct stream *s = ud;
        size_t k = size * n;
        char joined[64 + 4096];
        size_t tl;

        pthread_mutex_lock(&s->lock);
        tl = strlen(s->tail);
        memcpy(joined, s->tail, tl);
        memcpy(joined + tl, ptr, k < 4096 ? k : 4096);
        joined[tl + (k < 4096 ? k : 4096)] = '\0';
        for (char *e = joined; (e = strstr(e, "event: ")); e += 7) {
                s->events++;
                if (s->ended_at && now_s() > s->ended_at)
                        s->late++;
        }
        tl = strlen(joined) < 8 ? strlen(joined) : 8; /* "event: " split across reads */
        snprintf(s->tail, sizeof(s->tail), "%s", joined + strlen(joined) - tl);
        if (strstr(s->tail, "event: ")) /* counted already */
                s->tail[0] = '\0';
        pthread_mutex_unlock(&s->lock);
        return k;
}

static void *watch(void *arg)
{
        struct stream *s = arg;

        s->opened = now_s();
        events_follow(s->p, s->tok, stream_data, s, 12);
        pthread_mutex_lock(&s->lock);
        s->closed = now_s();
        pthread_mutex_unlock(&s->lock);
        return NULL;
}

/* Ticket events on the lane, a line every 100 ms for secs. */
static void ticket_traffic(struct posd *p, const char *tok, const char *path, double secs)
{
        double until = now_s() + secs;

        while (now_s() < until) {
                assert_int_equal(http(p, "POST", path, tok, NULL, "{\"sku\":\"A1\"}", NULL), 201);
                usleep(100000);
        }
}

/* how: "sign-out" or "disable" */
static void stream_ends_with_session(const char *how)
{
        struct posd p;
        struct stream s;
        pthread_t th;
        const char *alice, *bob, *root;
        json_t *o = NULL;
        char path[96];
        int before;

        alice = posd_open_lane(&p, "");
        bob = login(&p, "bob", "2222");
        root = login(&p, "root", "9999");
        memset(&s, 0, sizeof(s));
        pthread_mutex_init(&s.lock, NULL);
        s.p = &p;
        s.tok = bob;
        pthread_create(&th, NULL, watch, &s);
        usleep(500000);
        assert_int_equal(http(&p, "POST", "/tickets", alice, NULL, NULL, &o), 201); /* the stream works */
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        json_decref(o);
        usleep(500000);
        pthread_mutex_lock(&s.lock);
        before = s.events;
        pthread_mutex_unlock(&s.lock);
        assert_true(before > 0);
        if (!strcmp(how, "sign-out"))
                assert_int_equal(http(&p, "DELETE", "/sessions/current", bob, NULL, NULL, NULL), 204);
        else
                assert_int_equal(http(&p, "PATCH", "/users/bob", root, NULL, "{\"active\":false}", NULL), 200);
        pthread_mutex_lock(&s.lock);
        s.ended_at = now_s();
        pthread_mutex_unlock(&s.lock);
        ticket_traffic(&p, alice, path, 3.0);
        pthread_join(th, NULL);
        if (s.closed - s.ended_at > 2.0)
                fail_msg("after %s the stream stayed open %.2f s", how, s.closed - s.ended_at);
        if (s.late)
                fail_msg("after %s the stream still carried %d events", how, s.late);
        pthread_mutex_destroy(&s.lock);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* An events stream opened from src with tok, its answer's head read: the socket, or -1. */
static int stream_from(struct posd *p, const char *src, const char *tok)
{
        struct sockaddr_in a = { .sin_family = AF_INET }, from = { .sin_family = AF_INET };
        char req[256], head[512];
        size_t got = 0;
        int fd = socket(AF_INET, SOCK_STREAM, 0);

        a.sin_port = htons((uint16_t)p->port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        inet_pton(AF_INET, src, &from.sin_addr);
        snprintf(req, sizeof(req), "GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", tok);
        if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) || connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
            send(fd, req, strlen(req), MSG_NOSIGNAL) < 0)
                goto fail;
        while (got < sizeof(head) - 1 && !strstr(head, "\r\n\r\n")) {
                struct pollfd pf = { .fd = fd, .events = POLLIN };
                ssize_t n;

                if (poll(&pf, 1, 5000) <= 0 || (n = recv(fd, head + got, sizeof(head) - 1 - got, 0)) <= 0)
                        goto fail;
                got += (size_t)n;
                head[got] = '\0';
        }
        if (strncmp(head, "HTTP/1.1 200", 12))
                goto fail;
        return fd;
fail:
        if (fd >= 0)
                close(fd);
        return -1;
}

/* A till's browser that closes (a tab, a test's context) leaves its events stream idle:
 * the stream must give its place under the address's limit back within a couple of
 * seconds, not at its next heartbeat, or the till's next page finds no place at all. */
static void test_a_stream_its_client_left_gives_its_place_back(void **state)
{
        struct posd p;
        struct answer a;
        int fd[4];
        const char *tok;
        double t0;
        int st = -1;
        (void)state;

        posd_store(&p);
        posd_start_conf(&p, "[http]\nmax_connections_per_address = 4\ntimeout_seconds = 60\n");
        expect_from(&p, "127.0.0.4", "POST", "/sessions", NULL, "{\"user\":\"alice\",\"pin\":\"1111\"}", 201, &a);
        tok = strdup(field(&a, "token"));
        for (int i = 0; i < 4; i++) {
                fd[i] = stream_from(&p, "127.0.0.4", tok);
                assert_true(fd[i] >= 0);
        }
        if ((st = http_from(&p, "127.0.0.4", "GET", "/health", NULL, NULL, &a)) != -1)
                fail_msg("with four streams open a fifth connection was answered %d", st);
        for (int i = 0; i < 4; i++)
                close(fd[i]);
        t0 = now_s();
        while (now_s() - t0 < 5 && (st = http_from(&p, "127.0.0.4", "GET", "/health", NULL, NULL, &a)) != 200)
                usleep(100000);
        if (st != 200 || now_s() - t0 > 2.5)
                fail_msg("closed streams gave their places back after %.2f s (status %d)", now_s() - t0, st);
        free((void *)tok);
        posd_stop(&p);
        posd_cleanup(&p);
}

static void test_stream_ends_at_sign_out(void **state)
{
        (void)state;
        stream_ends_with_session("sign-out");
}

static void test_stream_ends_when_the_user_is_disabled(void **state)
{
        (void)state;
        stream_ends_with_session("disable");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_slow_clients_cut_at_their_deadline),
                cmocka_unit_test(test_one_address_takes_no_more_than_its_share),
                cmocka_unit_test(test_sign_in_burst_leaves_the_store_to_the_tills),
                cmocka_unit_test(test_wrong_pins_lock_out_only_their_address),
                cmocka_unit_test(test_unknown_user_reads_as_a_wrong_pin),
                cmocka_unit_test(test_stream_ends_at_sign_out),
                cmocka_unit_test(test_a_stream_its_client_left_gives_its_place_back),
                cmocka_unit_test(test_stream_ends_when_the_user_is_disabled),
        };

        curl_global_init(CURL_GLOBAL_ALL);
        return cmocka_run_group_tests_name("net_limits", tests, NULL, NULL);
}
