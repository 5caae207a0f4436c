/* What is told to whom. The public /health says what a load balancer or a lane's screen
 * needs (up, the store, each device's kind, name, lane and state) and never where a
 * device is (its path, address or serial) nor what its queue holds; a cashier's
 * /devices adds what the till shows (the job held, receipts waiting, the drawer); a
 * manager's adds where each device is. And a lane's takings are its own: a cashier
 * prints the X or Z of their own lane's shifts only; another lane's needs a manager,
 * signed in or approving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char dir1[160], dir2[160];

static void start(struct posd *p)
{
        char conf[1024], arg[256];

        posd_store(p);
        snprintf(dir1, sizeof(dir1), "%s/front", p->store.dir);
        snprintf(dir2, sizeof(dir2), "%s/back", p->store.dir);
        snprintf(conf, sizeof(conf),
                 "[checkout]\nlanes = 1, 2, 3\n"
                 "[printer front]\ndevice = sim:%s\nlane = 1\n"
                 "[printer back]\ndevice = sim:%s\nlane = 2\n"
                 "[printer kitchen]\ndevice = tcp:127.0.0.1:1\nlane = 3\n",
                 dir1, dir2);
        twrite(&p->store, "posd.conf", conf);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p->store.dir);
        posd_start(p, arg);
}

static const char *sign_in(struct posd *p, const char *user, const char *pin, const char *lane)
{
        static char tokens[6][80];
        static int next;
        char body[128], *t = tokens[next++ % 6];
        json_t *o = NULL;

        snprintf(body, sizeof(body), "{\"user\":\"%s\",\"pin\":\"%s\",\"lane\":\"%s\"}", user, pin, lane);
        assert_int_equal(http(p, "POST", "/sessions", NULL, NULL, body, &o), 201);
        snprintf(t, sizeof(tokens[0]), "%s", jstr(o, "token"));
        json_decref(o);
        return t;
}

/* where the devices are, in any spelling a body might carry it */
static void tells_no_place(const char *body, const char *who)
{
        static const char *const places[] = { "sim:", "tcp:", "127.0.0.1", "/front", "/back", "\"device\"", "usb:",
                                              "serial", "/dev/" };

        for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++)
                if (strstr(body, places[i]))
                        fail_msg("%s tells '%s': %s", who, places[i], body);
}

static void test_devices_told_by_role(void **state)
{
        struct posd p;
        const char *alice, *maria;
        char *body;
        int status = 0;
        json_t *o = NULL, *d;
        size_t i;
        (void)state;

        start(&p);
        body = http_text(&p, "/health", NULL, &status);
        assert_int_equal(status, 200);
        tells_no_place(body, "the public /health");
        if (strstr(body, "\"pending\"") || strstr(body, "\"detail\""))
                fail_msg("the public /health tells the queue: %s", body);
        free(body);
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "status"), "ok");
        assert_int_equal(json_array_size(json_object_get(o, "devices")), 3);
        json_array_foreach(json_object_get(o, "devices"), i, d) {
                assert_non_null(json_string_value(json_object_get(d, "kind")));
                assert_non_null(json_string_value(json_object_get(d, "name")));
                assert_non_null(json_string_value(json_object_get(d, "state")));
        }
        json_decref(o);

        alice = sign_in(&p, "alice", "1111", "1");
        body = http_text(&p, "/devices", alice, &status);
        assert_int_equal(status, 200);
        tells_no_place(body, "a cashier's /devices");
        free(body);
        assert_int_equal(http(&p, "GET", "/devices", alice, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.name"), "front");
        assert_int_equal(jint(o, "items.0.pending"), 0);
        json_decref(o);

        maria = sign_in(&p, "maria", "5678", "1");
        assert_int_equal(http(&p, "GET", "/devices", maria, NULL, NULL, &o), 200);
        json_array_foreach(json_object_get(o, "items"), i, d) {
                const char *name = json_string_value(json_object_get(d, "name"));
                const char *where = json_string_value(json_object_get(d, "device"));
                assert_non_null(where);
                if (!strcmp(name, "front"))
                        assert_true(!strncmp(where, "sim:", 4) && strstr(where, dir1));
                if (!strcmp(name, "kitchen"))
                        assert_string_equal(where, "tcp:127.0.0.1:1");
        }
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

static int print(struct posd *p, const char *tok, json_int_t shift, const char *body, const char *code)
{
        char path[64];
        json_t *o = NULL;
        int status;

        snprintf(path, sizeof(path), "/shifts/%lld/print", (long long)shift);
        status = http(p, "POST", path, tok, NULL, body, &o);
        if (code && status != 202)
                assert_string_equal(jstr(o, "error.code"), code);
        json_decref(o);
        return status;
}

static void test_shift_reports_by_lane(void **state)
{
        static const char approval[] = "{\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}";
        static const char wrong[] = "{\"approved_by\":{\"user\":\"bob\",\"pin\":\"2222\"}}";
        struct posd p;
        const char *alice1, *bob2, *bob1, *maria1;
        json_int_t s1, s2;
        json_t *o = NULL;
        (void)state;

        start(&p);
        alice1 = sign_in(&p, "alice", "1111", "1");
        bob2 = sign_in(&p, "bob", "2222", "2");
        bob1 = sign_in(&p, "bob", "2222", "1");
        maria1 = sign_in(&p, "maria", "5678", "1");
        assert_int_equal(http(&p, "POST", "/shifts", alice1, NULL, "{\"opening_float\":0}", &o), 201);
        s1 = jint(o, "id");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/shifts", bob2, NULL, "{\"opening_float\":0}", &o), 201);
        s2 = jint(o, "id");
        json_decref(o);

        for (int closed = 0; closed < 2; closed++) {
                /* its own lane's: anyone of the lane, whoever opened it */
                assert_int_equal(print(&p, alice1, s1, NULL, NULL), 202);
                assert_int_equal(print(&p, bob1, s1, NULL, NULL), 202);
                assert_int_equal(print(&p, bob2, s2, NULL, NULL), 202);
                /* another lane's: refused to a cashier, and to a cashier's approval */
                assert_int_equal(print(&p, alice1, s2, NULL, "APPROVAL_REQUIRED"), 403);
                assert_int_equal(print(&p, bob2, s1, NULL, "APPROVAL_REQUIRED"), 403);
                assert_int_equal(print(&p, alice1, s2, wrong, "APPROVAL_REFUSED"), 403);
                /* ... taken from a manager, or with one's approval */
                assert_int_equal(print(&p, maria1, s2, NULL, NULL), 202);
                assert_int_equal(print(&p, alice1, s2, approval, NULL), 202);
                /* no such shift reads the same to everyone */
                assert_int_equal(print(&p, alice1, 99, NULL, "UNKNOWN_SHIFT"), 404);
                if (!closed) {
                        assert_int_equal(http(&p, "POST", "/shifts/current/close", alice1, NULL, "{\"counted_cash\":0}",
                                              NULL), 200);
                        assert_int_equal(http(&p, "POST", "/shifts/current/close", bob2, NULL, "{\"counted_cash\":0}",
                                              NULL), 200);
                }
        }
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_devices_told_by_role),
                cmocka_unit_test(test_shift_reports_by_lane),
        };
        return cmocka_run_group_tests_name("exposure", tests, NULL, NULL);
}
