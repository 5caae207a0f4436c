/* A keyboard-wedge scanner at a real posd: the test runs itself again under umockdev-run,
 * so posd, its child, finds the Zebra scanner of tests/devices/counter.umockdev at
 * /dev/input/event7 and reads the key events this program wrote. Each good scan becomes a
 * line on the lane's open ticket; a misread does not. */
#include <stdio.h>

#include "harness.h"

#define NODE "/dev/input/event7"

static const char *const typed[] = {
        "6901234567892\n", /* A1 apple juice */
        "6901234567891\n", /* a misread: wrong check digit */
        "2100101012501\n", /* K1 bananas, 1.250 kg in the code */
};

static void test_scans_land_on_the_ticket(void **state)
{
        struct posd p;
        char arg[256];
        const char *tok;
        json_t *o;
        (void)state;

        posd_store(&p);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);
        /* the shift is open before the scanner is: the scans come when posd opens it */
        twrite(&p.store, "posd.conf", "");
        posd_start(&p, arg);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        posd_stop(&p);
        twrite(&p.store, "posd.conf", "[scanner]\ndevice = evdev:" NODE "?layout=us\n"
                                      "[scanner spare]\ndevice = evdev:/dev/input/event9\n"); /* not plugged in */
        posd_start(&p, arg);
        tok = login(&p, "alice", "1111");
        o = ticket_with_lines(&p, tok, 2);
        assert_string_equal(jstr(o, "lines.0.sku"), "A1");
        assert_string_equal(jstr(o, "lines.1.sku"), "K1");
        assert_int_equal(jint(o, "lines.1.amount"), 1100); /* 1.250 kg at 8.80 */
        json_decref(o);
        /* the lane sees which scanner is there and which is not; where it is, a manager */
        assert_int_equal(http(&p, "GET", "/devices", login(&p, "maria", "5678"), NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.kind"), "scanner");
        assert_string_equal(jstr(o, "items.0.device"), "evdev:" NODE "?layout=us");
        assert_string_equal(jstr(o, "items.0.state"), "online");
        assert_string_equal(jstr(o, "items.1.name"), "spare");
        assert_string_equal(jstr(o, "items.1.state"), "offline");
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(int argc, char **argv)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_scans_land_on_the_ticket),
        };
        int r;

        (void)argc;
        if (!tumockdev_dir())
                return tumockdev_wedge(argv[0], typed, sizeof(typed) / sizeof(typed[0]));
        r = cmocka_run_group_tests_name("wedge scanner at posd", tests, NULL, NULL);
        tumockdev_cleanup();
        return r;
}
