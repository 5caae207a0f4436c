/* A keyboard-wedge barcode scanner through evdev, played by umockdev: the Zebra scanner of
 * tests/devices/counter.umockdev answers libevdev as tests/devices/scanner.ioctl says and
 * types the key events of typed[] (the program runs itself again under umockdev-run). The driver must grab it and turn the keys back into codes. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scanner.h"
#include "testlib.h"

#define NODE "/dev/input/event7"

/* What the scanner types, scan after scan; '\n' is its Enter suffix. */
static const char *const typed[] = {
        "4006381520035\n",                                             /* an EAN-13 */
        "AB-12/x\n",                                                   /* Code 128, shifted keys */
        "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890\n",
        /* longer than SCAN_MAX */
        "6901234567892\n",                                             /* the next scan still works */
};

static const struct scanner_ops *ops;
static void *dev;

/* The next thing the driver makes of the key events: 1 and a code, or an error. */
static int next_scan(char code[static SCAN_MAX + 1])
{
        time_t until = time(NULL) + 5;

        while (time(NULL) < until) {
                int fd = ops->fd(dev), r;
                struct pollfd pf = { fd, POLLIN, 0 };
                assert_true(fd >= 0);
                if (poll(&pf, 1, 100) <= 0)
                        continue;
                if ((r = ops->read(dev, code)) != 0)
                        return r;
        }
        fail_msg("the scanner typed nothing for 5 s");
        return 0;
}

static void test_scans_become_codes(void **state)
{
        char code[SCAN_MAX + 1];
        (void)state;

        assert_int_equal(next_scan(code), 1);
        assert_string_equal(code, "4006381520035");
        assert_int_equal(next_scan(code), 1);
        assert_string_equal(code, "AB-12/x");
        assert_int_equal(next_scan(code), -EMSGSIZE);
        assert_int_equal(next_scan(code), 1);
        assert_string_equal(code, "6901234567892");
}

static void test_bad_uris(void **state)
{
        static const char *const bad[] = { "evdev:event7", "evdev:" NODE "?layout=xx", "evdev:" NODE "?speed=1" };
        void *d = (void *)&d;
        (void)state;

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                const char *arg;
                const struct scanner_ops *o = scanner_driver(bad[i], &arg);
                assert_non_null(o);
                assert_int_equal(o->open(arg, &d), -EINVAL);
                assert_ptr_equal(d, (void *)&d);
        }
}

int main(int argc, char **argv)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_scans_become_codes),
                cmocka_unit_test(test_bad_uris),
        };
        const char *arg;
        int r;

        (void)argc;
        if (!tumockdev_dir()) /* once the driver has the device */
                return tumockdev_wedge(argv[0], typed, sizeof(typed) / sizeof(typed[0]));
        ops = scanner_driver("evdev:" NODE "?layout=us", &arg);
        if (!ops || ops->open(arg, &dev) < 0 || ops->fd(dev) < 0) {
                fprintf(stderr, "test_evdev_scanner: libevdev could not open the scanner\n");
                return 1;
        }
        r = cmocka_run_group_tests_name("evdev scanner", tests, NULL, NULL);
        ops->close(dev);
        tumockdev_cleanup();
        return r;
}
