/* The daemon itself: its configuration, SIGHUP, a restart in the middle of a ticket, the
 * events stream, cash rounding and the limits on requests. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static char conf_arg[256];

static const char *with_conf(struct posd *p, const char *text)
{
        const char *path = twrite(&p->store, "posd.conf", text);
        snprintf(conf_arg, sizeof(conf_arg), "-c %s", path);
        return conf_arg;
}

static json_t *ok(struct posd *p, int want, const char *method, const char *path, const char *tok, const char *body)
{
        json_t *o = NULL;
        int st = http(p, method, path, tok, NULL, body, &o);

        if (st != want)
                fail_msg("%s %s: expected %d, got %d: %s", method, path, want, st, o ? json_dumps(o, JSON_COMPACT) : "");
        return o;
}

static void test_bad_config_stops_the_start(void **state)
{
        struct posd p;
        char cmd[512], out[1024];
        (void)state;
        posd_store(&p);
        with_conf(&p, "[checkout]\nlanes = 1 2\nmax_discount_percent = 150\n");
        snprintf(cmd, sizeof(cmd), "%s %s --db %s 2>&1", getenv("POSD"), conf_arg, p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        if (!strstr(out, "posd.conf:3: max_discount_percent must be a whole number from 0 to 100"))
                fail_msg("posd said: %s", out);
        with_conf(&p, "[checkout]\ncolour = red\n");
        snprintf(cmd, sizeof(cmd), "%s %s --db %s 2>&1", getenv("POSD"), conf_arg, p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        assert_non_null(strstr(out, "posd.conf:2: unknown key 'colour' in [checkout]"));
        with_conf(&p, "[drawer]\ndevice = printer\npulse = 900\n");
        snprintf(cmd, sizeof(cmd), "%s %s --db %s 2>&1", getenv("POSD"), conf_arg, p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        assert_non_null(strstr(out, "posd.conf:3: pulse must be a whole number from 20 to 500"));
        snprintf(cmd, sizeof(cmd), "%s --db %s/none.db 2>&1", getenv("POSD"), p.store.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        assert_non_null(strstr(out, "posctl init"));
        posd_cleanup(&p);
}

static void test_reload_and_restart(void **state)
{
        struct posd p;
        const char *tok;
        json_t *o;
        char id[32], path[96];
        (void)state;
        posd_store(&p);
        posd_start(&p, with_conf(&p, "[checkout]\nlanes = 1 2\nmax_discount_percent = 5\ncash_rounding = 10\n"));
        tok = login(&p, "alice", "1111");
        json_decref(ok(&p, 201, "POST", "/shifts", tok, "{\"opening_float\":1000}"));
        o = ok(&p, 201, "POST", "/tickets", tok, NULL);
        snprintf(id, sizeof(id), "%s", jstr(o, "id"));
        json_decref(o);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        json_decref(ok(&p, 201, "POST", path, tok, "{\"sku\":\"B2\",\"qty\":2}"));
        snprintf(path, sizeof(path), "/tickets/%s/lines/1", id);
        json_decref(ok(&p, 200, "PATCH", path, tok, "{\"qty\":3}"));
        json_decref(ok(&p, 403, "PATCH", path, tok, "{\"discount\":{\"percent\":8}}"));
        /* SIGHUP: the limit goes up to 10% without a restart */
        with_conf(&p, "[checkout]\nlanes = 1 2\nmax_discount_percent = 10\ncash_rounding = 10\n");
        kill(p.pid, SIGHUP);
        for (int i = 0; i < 100; i++) {
                int st = http(&p, "PATCH", path, tok, NULL, "{\"discount\":{\"percent\":8}}", NULL);
                if (st == 200)
                        break;
                assert_int_equal(st, 403);
                usleep(20000);
        }
        /* a restart in the middle of the ticket loses nothing */
        posd_stop(&p);
        posd_start(&p, conf_arg);
        o = ok(&p, 200, "GET", "/tickets/current", tok, NULL);
        assert_string_equal(jstr(o, "id"), id);
        assert_int_equal(jint(o, "lines.0.gross"), 1797);     /* 3 x 5.99 */
        assert_int_equal(jint(o, "total"), 1797 - 144);       /* 8% off: 1.44 */
        json_decref(o);
        /* cash rounding to 0.10: 16.53 in cash is 16.50 */
        snprintf(path, sizeof(path), "/tickets/%s/payments", id);
        json_decref(ok(&p, 201, "POST", path, tok, "{\"method\":\"cash\",\"amount\":2000}"));
        snprintf(path, sizeof(path), "/tickets/%s/complete", id);
        o = ok(&p, 201, "POST", path, tok, NULL);
        assert_int_equal(jint(o, "sale.total"), 1653);
        assert_int_equal(jint(o, "sale.rounding"), -3);
        assert_int_equal(jint(o, "sale.change"), 350);
        json_decref(o);
        json_decref(ok(&p, 201, "POST", "/cash-movements", tok, "{\"kind\":\"pay_in\",\"amount\":500,\"reason\":\"change float\"}"));
        o = ok(&p, 200, "GET", "/shifts/current", tok, NULL);
        assert_int_equal(jint(o, "expected_cash"), 1000 + 1650 + 500);
        assert_int_equal(jint(o, "rounding"), -3);
        assert_int_equal(jint(o, "net"), 1650);
        json_decref(o);
        /* the second lane has its own shift */
        {
                json_t *s = NULL;
                const char *t2;
                assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL, "{\"user\":\"bob\",\"pin\":\"2222\",\"lane\":\"2\"}", &s),
                                 201);
                t2 = jstr(s, "token");
                json_decref(ok(&p, 404, "GET", "/shifts/current", t2, NULL));
                json_decref(s);
        }
        posd_stop(&p);
        posd_cleanup(&p);
}

struct listener {
        struct posd *p;
        const char *tok;
        char got[8192];
        size_t len;
};

static size_t sse_collect(char *ptr, size_t size, size_t n, void *ud)
{
        struct listener *li = ud;
        size_t k = size * n;

        if (li->len + k >= sizeof(li->got))
                return 0;
        memcpy(li->got + li->len, ptr, k);
        li->len += k;
        li->got[li->len] = '\0';
        /* enough once a ticket event came: stop reading */
        return strstr(li->got, "event: ticket\n") && strstr(strstr(li->got, "event: ticket\n"), "\n\n") ? 0 : k;
}

static void *listen_events(void *arg)
{
        struct listener *li = arg;

        events_follow(li->p, li->tok, sse_collect, li, 20);
        return NULL;
}

static void test_events_and_limits(void **state)
{
        struct posd p;
        struct listener li;
        pthread_t th;
        json_t *o;
        char path[96], cmd[512], out[512];
        (void)state;
        posd_store(&p);
        posd_start(&p, NULL);
        memset(&li, 0, sizeof(li));
        li.p = &p;
        li.tok = login(&p, "alice", "1111");
        json_decref(ok(&p, 201, "POST", "/shifts", li.tok, "{\"opening_float\":0}"));
        o = ok(&p, 201, "POST", "/tickets", li.tok, NULL);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        json_decref(o);
        pthread_create(&th, NULL, listen_events, &li);
        usleep(300000);
        json_decref(ok(&p, 201, "POST", path, li.tok, "{\"barcode\":\"6901234567892\"}"));
        pthread_join(th, NULL);
        assert_non_null(strstr(li.got, "event: ticket\n"));
        assert_non_null(strstr(li.got, "\"sku\":\"A1\""));
        /* a second posd on the same address does not start */
        snprintf(cmd, sizeof(cmd), "%s --db %s --listen 127.0.0.1:%d 2>&1", getenv("POSD"), p.store.path, p.port);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        assert_non_null(strstr(out, "cannot listen"));
        /* the events stream needs a session too */
        assert_int_equal(http(&p, "GET", "/events", NULL, NULL, NULL, NULL), 401);
        /* a header block over the limit is refused without taking posd down */
        snprintf(cmd, sizeof(cmd), "curl -s -o /dev/null -w '%%{http_code}' -H \"X-Junk: $(head -c 40000 /dev/zero | tr '\\0' a)\" "
                                   "http://127.0.0.1:%d/api/v1/health", p.port);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        assert_true(!strcmp(out, "431") || !strcmp(out, "413"));
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, NULL), 200);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bad_config_stops_the_start),
                cmocka_unit_test(test_reload_and_restart),
                cmocka_unit_test(test_events_and_limits),
        };
        return cmocka_run_group_tests_name("daemon", tests, NULL, NULL);
}
