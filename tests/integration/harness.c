#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "ledger/ledger.h"
#include "ledger/money.h"
#include "people/users.h"

#define POSD_START_WAIT_S 60

static time_t mono_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec;
}

void posd_store(struct posd *p)
{
        memset(p, 0, sizeof(*p));
        tstore_open(&p->store);
        assert_int_equal(user_add(p->store.l, "alice", ROLE_CASHIER, "1111", NULL), 0);
        assert_int_equal(user_add(p->store.l, "bob", ROLE_CASHIER, "2222", NULL), 0);
        assert_int_equal(user_add(p->store.l, "maria", ROLE_MANAGER, "5678", NULL), 0);
        assert_int_equal(user_add(p->store.l, "root", ROLE_ADMIN, "9999", NULL), 0);
        p->store.l = ledger_close(p->store.l);
        snprintf(p->log, sizeof(p->log), "%s/posd.log", p->store.dir);
}

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
                        port = atoi(at + strlen("listening on http://127.0.0.1:"));
        }
        fclose(f);
        return port;
}

void posd_start(struct posd *p, const char *extra)
{
        char cmd[1024];
        const char *bin = getenv("POSD");

        if (!bin)
                fail_msg("POSD is not set: run through 'make check'");
        snprintf(cmd, sizeof(cmd), "exec %s --db %s --listen 127.0.0.1:0 %s", bin, p->store.path, extra ? extra : "");
        posd_run(p, cmd);
}

void posd_start_preload(struct posd *p, const char *lib, const char *env, const char *extra)
{
        const char *asan = getenv("ASAN_OPTIONS");
        char cmd[2048];

        /* the preloaded library comes before the sanitizer's runtime in the list */
        snprintf(cmd, sizeof(cmd), "exec env ASAN_OPTIONS=%s%sverify_asan_link_order=0 LD_PRELOAD=%s %s %s --db %s "
                 "--listen 127.0.0.1:0 %s", asan ? asan : "", asan ? ":" : "", lib, env ? env : "", getenv("POSD"),
                 p->store.path, extra ? extra : "");
        posd_run(p, cmd);
}

void posd_start_clock(struct posd *p, const char *clock, const char *extra)
{
        char env[512];
        glob_t g;

        if (glob("/usr/lib/*/faketime/libfaketimeMT.so.1", 0, NULL, &g) != 0)
                fail_msg("libfaketime is not installed (Debian package faketime)");
        snprintf(env, sizeof(env), "TZ=UTC FAKETIME_TIMESTAMP_FILE=%s FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1",
                 clock);
        posd_start_preload(p, g.gl_pathv[0], env, extra);
        globfree(&g);
}

void posd_run(struct posd *p, const char *cmd)
{
        unlink(p->log);
        p->pid = fork();
        assert_true(p->pid >= 0);
        if (p->pid == 0) {
                int fd = open(p->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
                prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test leaves no posd behind */
                dup2(fd, STDERR_FILENO);
                dup2(fd, STDOUT_FILENO);
                execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
                _exit(127);
        }
        /* a busy 2-core machine running sanitized builds side by side can take many
         * seconds to start one */
        for (time_t until = mono_s() + POSD_START_WAIT_S; !(p->port = read_port(p->log));) {
                int status;
                if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
                        char log[2048] = "";
                        FILE *f = fopen(p->log, "r");
                        if (f) {
                                size_t n = fread(log, 1, sizeof(log) - 1, f);
                                log[n] = '\0';
                                fclose(f);
                        }
                        fail_msg("posd exited at start:\n%s", log);
                }
                if (mono_s() > until)
                        fail_msg("posd was not listening after %d s (its log: %s)", POSD_START_WAIT_S, p->log);
                usleep(10000);
        }
}

void posd_stop(struct posd *p)
{
        int status = 0;

        if (p->pid <= 0)
                return;
        kill(p->pid, SIGTERM);
        assert_int_equal(waitpid(p->pid, &status, 0), p->pid);
        p->pid = 0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                fail_msg("posd did not exit cleanly on SIGTERM (status %d); see %s", status, p->log);
}

void posd_kill(struct posd *p)
{
        int status;

        if (p->pid <= 0)
                return;
        kill(p->pid, SIGKILL);
        waitpid(p->pid, &status, 0);
        p->pid = 0;
}

bool posd_failed(struct posd *p, int wait_ms)
{
        int status = 0;
        pid_t gone = 0;

        if (p->pid <= 0)
                return false;
        for (int i = 0; i <= wait_ms / 10 && (gone = waitpid(p->pid, &status, WNOHANG)) == 0; i++)
                usleep(10000);
        if (gone != p->pid)
                return false;
        p->pid = 0;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                fail_msg("posd stopped by itself, with success; see %s", p->log);
        return true;
}

void posd_cleanup(struct posd *p)
{
        posd_kill(p);
        tstore_close(&p->store);
}

struct buf {
        char *data;
        size_t len;
};

static size_t collect(char *ptr, size_t size, size_t n, void *ud)
{
        struct buf *b = ud;
        char *d = realloc(b->data, b->len + size * n + 1);

        if (!d)
                return 0;
        memcpy(d + b->len, ptr, size * n);
        b->data = d;
        b->len += size * n;
        d[b->len] = '\0';
        return size * n;
}

static int request_buf(struct posd *p, const char *method, const char *path, const char *token, const char *idem,
                       const char *body, size_t len, struct buf *ret)
{
        CURL *c = curl_easy_init();
        struct curl_slist *h = NULL;
        struct buf b = { NULL, 0 };
        char url[512], auth[256], key[256];
        long status = -1;

        snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1%s", p->port, path);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
        h = curl_slist_append(h, "Content-Type: application/json");
        if (token) {
                snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
                h = curl_slist_append(h, auth);
        }
        if (idem) {
                snprintf(key, sizeof(key), "Idempotency-Key: %s", idem);
                h = curl_slist_append(h, key);
        }
        if (body || idem) {
                curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
                curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
        }
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        if (curl_easy_perform(c) == CURLE_OK)
                curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        *ret = b;
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
        return (int)status;
}

static int request(struct posd *p, const char *method, const char *path, const char *token, const char *idem,
                   const char *body, size_t len, json_t **out)
{
        struct buf b;
        int status = request_buf(p, method, path, token, idem, body, len, &b);

        if (out)
                *out = b.len ? json_loads(b.data, 0, NULL) : NULL;
        free(b.data);
        return status;
}

char *http_text(struct posd *p, const char *path, const char *token, int *status)
{
        struct buf b;

        *status = request_buf(p, "GET", path, token, NULL, NULL, 0, &b);
        return b.data ? b.data : strdup("");
}

int http_raw(struct posd *p, const char *method, const char *path, const char *token, const char *body, size_t len,
             json_t **out)
{
        return request(p, method, path, token, NULL, body, len, out);
}

void events_follow(struct posd *p, const char *token, size_t (*fn)(char *, size_t, size_t, void *), void *ud,
                   long timeout_s)
{
        CURL *c = curl_easy_init();
        struct curl_slist *h = NULL;
        char url[128], auth[128];

        assert_non_null(c);
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/events", p->port);
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fn);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, ud);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
        curl_easy_perform(c);
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
}

int http_raw_key(struct posd *p, const char *method, const char *path, const char *token, const char *idem,
                 const char *body, size_t len, json_t **out)
{
        return request(p, method, path, token, idem, body, len, out);
}

int http(struct posd *p, const char *method, const char *path, const char *token, const char *idem, const char *body,
         json_t **out)
{
        return request(p, method, path, token, idem, body, body ? strlen(body) : 0, out);
}

void posd_start_conf(struct posd *p, const char *conf)
{
        char arg[256];

        twrite(&p->store, "posd.conf", conf);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p->store.dir);
        posd_start(p, arg);
}

const char *posd_open_lane(struct posd *p, const char *conf)
{
        const char *tok;

        posd_store(p);
        posd_start_conf(p, conf);
        tok = login(p, "alice", "1111");
        assert_int_equal(http(p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        return tok;
}

/* A sale of one A1 (12.50) paid in `method`; its number. */
void sell(struct posd *p, const char *tok, const char *method, char number[32])
{
        json_t *o = NULL;
        char path[96], body[96];

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &o), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(o, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"%s\",\"amount\":%d}", method, strcmp(method, "cash") ? 1250 : 2000);
        assert_int_equal(http(p, "POST", path, tok, NULL, body, NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(o, "id"));
        json_decref(o);
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, &o), 201);
        snprintf(number, 32, "%s", jstr(o, "sale.number"));
        json_decref(o);
}

const char *receipt_state(struct posd *p, const char *tok, const char *number)
{
        static char state[32];
        json_t *o = NULL;
        char path[64];

        snprintf(path, sizeof(path), "/sales/%s", number);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        snprintf(state, sizeof(state), "%s", jstr(o, "sale.receipt.state"));
        json_decref(o);
        return state;
}

/* The sale's receipt is still waiting after a while, and the printer is in state. */
void receipt_held(struct posd *p, const char *tok, const char *sale, const char *state)
{
        json_t *o = NULL;

        usleep(1500000);
        assert_string_equal(receipt_state(p, tok, sale), "waiting");
        assert_int_equal(http(p, "GET", "/devices", tok, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.state"), state);
        json_decref(o);
}

void receipt_printed(struct posd *p, const char *tok, const char *sale)
{
        for (int i = 0; i < 300 && strcmp(receipt_state(p, tok, sale), "printed"); i++)
                usleep(20000);
        assert_string_equal(receipt_state(p, tok, sale), "printed");
}

json_t *ticket_with_lines(struct posd *p, const char *token, size_t n)
{
        json_t *o = NULL;
        int st = 0;

        for (int i = 0; i < 250; i++) {
                json_decref(o);
                o = NULL;
                st = http(p, "GET", "/tickets/current", token, NULL, NULL, &o);
                if (st == 200 && json_array_size(json_object_get(o, "lines")) == n)
                        return o;
                usleep(20000);
        }
        json_decref(o);
        fail_msg("GET /tickets/current: %d, not a ticket with %zu lines after 5 s", st, n);
        return NULL;
}

const char *login(struct posd *p, const char *user, const char *pin)
{
        static char tokens[8][80];
        static int next;
        char body[128];
        json_t *o = NULL;
        char *t = tokens[next++ % 8];

        snprintf(body, sizeof(body), "{\"user\":\"%s\",\"pin\":\"%s\"}", user, pin);
        assert_int_equal(http(p, "POST", "/sessions", NULL, NULL, body, &o), 201);
        snprintf(t, sizeof(tokens[0]), "%s", json_string_value(json_object_get(o, "token")));
        json_decref(o);
        return t;
}

json_t *jget(json_t *o, const char *path)
{
        char buf[128], *save = NULL;

        snprintf(buf, sizeof(buf), "%s", path);
        for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
                o = json_is_array(o) ? json_array_get(o, strtoul(k, NULL, 10)) : json_object_get(o, k);
        return o;
}

int64_t jint(json_t *o, const char *path)
{
        json_t *v = jget(o, path);

        if (!json_is_integer(v))
                fail_msg("'%s' is not an integer in %s", path, o ? json_dumps(o, JSON_COMPACT) : "(nothing)");
        return json_integer_value(v);
}

const char *jstr(json_t *o, const char *path)
{
        json_t *v = jget(o, path);

        if (!json_is_string(v))
                fail_msg("'%s' is not a string in %s", path, o ? json_dumps(o, JSON_COMPACT) : "(nothing)");
        return json_string_value(v);
}

int64_t jqty(json_t *o, const char *path)
{
        json_t *v = jget(o, path);

        if (!json_is_number(v))
                fail_msg("'%s' is not a number in %s", path, o ? json_dumps(o, JSON_COMPACT) : "(nothing)");
        return json_is_integer(v) ? json_integer_value(v) * 1000 : (int64_t)(json_real_value(v) * 1000 + (json_real_value(v) < 0 ? -0.5 : 0.5));
}

void expect_error(struct posd *p, const char *method, const char *path, const char *tok, const char *body, int status,
                  const char *code)
{
        json_t *o = NULL;
        int got = http(p, method, path, tok, NULL, body, &o);

        if (got != status || !o || strcmp(jstr(o, "error.code"), code))
                fail_msg("%s %s %s: %d %s, not %d %s", method, path, body ? body : "", got,
                         o ? json_dumps(o, JSON_COMPACT) : "", status, code);
        json_decref(o);
}

void verify_ok(struct posd *p)
{
        char cmd[512], out[4096];

        snprintf(cmd, sizeof(cmd), "%s --db %s verify 2>&1", getenv("POSCTL"), p->store.path);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("posctl verify: %s", out);
}

const char *books_export(struct posd *p)
{
        static char journal[192];
        char cmd[512], out[1024];

        snprintf(journal, sizeof(journal), "%s/books.ledger", p->store.dir);
        snprintf(cmd, sizeof(cmd), "%s --db %s export ledger %s 2>&1", getenv("POSCTL"), p->store.path, journal);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("export ledger: %s", out);
        /* every account and commodity declared, every transaction balanced: as strict as
         * both tools can be */
        snprintf(cmd, sizeof(cmd), "ledger --strict --pedantic -f %s bal 2>&1 >/dev/null", journal);
        if (trun(cmd, out, sizeof(out)) != 0 || out[0])
                fail_msg("ledger --strict --pedantic: %s", out);
        snprintf(cmd, sizeof(cmd), "hledger -f %s check -s 2>&1", journal);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("hledger check -s: %s", out);
        return journal;
}

int64_t books_balance(const char *journal, const char *account)
{
        char cmd[512], out[256], *p;
        int64_t v = 0;

        snprintf(cmd, sizeof(cmd), "ledger -f %s bal --flat --no-total '^%s$' 2>&1", journal, account);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        for (p = out; *p == ' '; p++)
                ;
        if (*p && decimal_parse(strtok(p, " "), 2, true, MONEY_MAX, &v) < 0)
                fail_msg("ledger said: %s", out);
        return v;
}

int64_t stock_total(struct posd *p, const char *tok, const char *sku)
{
        char path[64];
        json_t *o = NULL;
        int64_t n;

        snprintf(path, sizeof(path), "/stock?sku=%s", sku);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        n = jint(o, "total");
        json_decref(o);
        return n;
}

int64_t stock_at(struct posd *p, const char *tok, const char *sku, const char *location)
{
        char path[64];
        json_t *o = NULL, *v;
        int64_t n = -1;
        size_t i;

        snprintf(path, sizeof(path), "/stock?sku=%s", sku);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        json_array_foreach(json_object_get(o, "on_hand"), i, v)
                if (!strcmp(json_string_value(json_object_get(v, "location")), location))
                        n = jqty(v, "qty");
        json_decref(o);
        if (n < 0)
                fail_msg("no location %s in the stock of %s", location, sku);
        return n;
}

const char *sim_receipt(const char *dir, int n)
{
        static char text[16384];
        char path[512];

        snprintf(path, sizeof(path), "%s/%06d.txt", dir, n);
        for (int i = 0; i < 100; i++) {
                FILE *f = fopen(path, "r");
                if (f) {
                        size_t len = fread(text, 1, sizeof(text) - 1, f);
                        text[len] = '\0';
                        fclose(f);
                        if (len)
                                return text;
                }
                usleep(100000);
        }
        fail_msg("no receipt %d in %s", n, dir);
        return NULL;
}
