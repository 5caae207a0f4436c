/* A USB receipt printer through libusb, played by umockdev: a POS-58 board (0416:5011,
 * tests/devices/usb-printer.umockdev) that takes a long receipt in 4 KiB bulk transfers
 * and answers DLE EOT status on its bulk IN endpoint. The program writes the printer's
 * script (the exact bytes it must receive, the answers it gives), then runs itself again
 * under umockdev-run to talk to it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escpos.h"
#include "printer.h"
#include "testlib.h"

#define URI "usb:0416:5011"
#define CHUNK 4096

static const struct escpos_opts opts = { 32, 0, "CP437", true, 100 };
static struct bytes receipt;

/* A receipt well past one bulk transfer: 300 items and a cut. */
static void long_receipt(struct bytes *out)
{
        struct receipt r;
        char name[40];

        receipt_init(&r);
        receipt_add(&r, R_TEXT, ALIGN_CENTER, true, true, "POS58 test shop", NULL);
        for (int i = 1; i <= 300; i++) {
                snprintf(name, sizeof(name), "item %03d 苹果", i);
                receipt_add(&r, R_PAIR, ALIGN_LEFT, false, false, name, "12.50");
        }
        receipt_add(&r, R_CUT, ALIGN_LEFT, false, false, NULL, NULL);
        bytes_init(out, ESCPOS_MAX);
        assert_int_equal(escpos_render(&r, &opts, out), 0);
        receipt_release(&r);
}

/* One status round: DLE EOT 1, 2, 4 and the byte the printer answers to each. */
static void script_status(FILE *f, int b1, int b2, int b4)
{
        const int asks[] = { 1, 2, 4 }, answers[] = { b1, b2, b4 };

        for (int i = 0; i < 3; i++) {
                fprintf(f, "USBDEVFS_REAPURBNDELAY 0 3 1 0 0 3 3 0 1004%02X\n", asks[i]);
                fprintf(f, " USBDEVFS_REAPURBNDELAY 0 3 130 0 0 64 1 0 %02X\n", answers[i]);
        }
}

static void script_write(FILE *f, const uint8_t *p, size_t n)
{
        while (n) {
                size_t len = n > CHUNK ? CHUNK : n;
                fprintf(f, "USBDEVFS_REAPURBNDELAY 0 3 1 0 0 %zu %zu 0 ", len, len);
                for (size_t i = 0; i < len; i++)
                        fprintf(f, "%02X", p[i]);
                fputc('\n', f);
                p += len;
                n -= len;
        }
}

static void *open_printer(void)
{
        const char *arg;
        const struct printer_ops *ops = printer_driver(URI, &arg);
        void *dev = NULL;

        assert_non_null(ops);
        assert_string_equal(ops->scheme, "usb");
        assert_int_equal(ops->open(arg, &dev), 0);
        return dev;
}

static const struct printer_ops *ops_of(void)
{
        const char *arg;
        return printer_driver(URI, &arg);
}

static void test_receipt_goes_out_whole_and_status_reads_back(void **state)
{
        const struct printer_ops *ops = ops_of();
        struct printer_status s;
        void *dev = open_printer();
        (void)state;

        assert_true(receipt.len > 2 * CHUNK);
        assert_int_equal(ops->status(dev, &s), 0);
        assert_true(s.online);
        assert_false(s.paper_out);
        assert_false(s.paper_near_end);
        assert_false(s.drawer_open);
        /* umockdev refuses any URB whose bytes differ from the script: this is exact */
        assert_int_equal(ops->write(dev, receipt.data, receipt.len), 0);
        assert_int_equal(ops->status(dev, &s), 0);
        assert_true(s.online);
        assert_true(s.paper_out);
        assert_true(s.paper_near_end);
        ops->close(dev);
}

static void test_garbled_bytes_are_not_taken(void **state)
{
        const struct printer_ops *ops = ops_of();
        void *dev = open_printer();
        uint8_t wrong[3] = { 'x', 'y', 'z' };
        (void)state;

        /* the printer answers only what its script expects: a failed transfer is a retry */
        assert_int_equal(ops->write(dev, wrong, sizeof(wrong)), -EAGAIN);
        ops->close(dev);
}

static void test_absent_printer_is_offline(void **state)
{
        const char *arg;
        const struct printer_ops *ops = printer_driver("usb:04b8:0e15", &arg);
        struct printer_status s;
        void *dev = NULL;
        (void)state;

        assert_int_equal(ops->open(arg, &dev), 0);
        assert_int_equal(ops->write(dev, (const uint8_t *)"x", 1), -EAGAIN);
        s.online = true;
        assert_int_equal(ops->status(dev, &s), 0);
        assert_false(s.online);
        ops->close(dev);
        ops->close(NULL);
}

static void test_bad_uris(void **state)
{
        static const char *const bad[] = { "usb:04b8", "usb:04b8:", "usb:4b8:0202", "usb:04g8:0202",
                                           "usb:04b8:0202:1", "usb:" };
        void *dev = (void *)&dev;
        (void)state;

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                const char *arg;
                const struct printer_ops *ops = printer_driver(bad[i], &arg);
                assert_non_null(ops);
                assert_int_equal(ops->open(arg, &dev), -EINVAL);
                assert_ptr_equal(dev, (void *)&dev);
        }
}

/* Outside umockdev: write the printer's script, then run again inside. */
static int stage(const char *self)
{
        char dir[] = "/tmp/posd-usb-XXXXXX", script[64], devices[512], arg[128];
        const char *srcdir = getenv("SRCDIR");
        FILE *f;

        if (!srcdir || !mkdtemp(dir)) {
                fprintf(stderr, "test_usb_printer: needs SRCDIR and a writable /tmp\n");
                return 1;
        }
        snprintf(script, sizeof(script), "%s/printer.ioctl", dir);
        if (!(f = fopen(script, "w")))
                return 1;
        fprintf(f, "USBDEVFS_GET_CAPABILITIES 0 04000000\n"); /* no packet size limit */
        script_status(f, 0x16, 0x12, 0x12);                    /* online, paper in */
        script_write(f, receipt.data, receipt.len);
        script_status(f, 0x16, 0x32, 0x7E); /* then the roll ran out */
        fclose(f);
        snprintf(devices, sizeof(devices), "%s/tests/devices/usb-printer.umockdev", srcdir);
        snprintf(arg, sizeof(arg), "/dev/bus/usb/001/005=%s", script);
        return tumockdev_exec(self, dir, (const char *const[]){ "-d", devices, "-i", arg, NULL });
}

int main(int argc, char **argv)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_receipt_goes_out_whole_and_status_reads_back),
                cmocka_unit_test(test_garbled_bytes_are_not_taken),
                cmocka_unit_test(test_absent_printer_is_offline),
                cmocka_unit_test(test_bad_uris),
        };
        int r;

        (void)argc;
        long_receipt(&receipt);
        if (tumockdev_dir()) {
                r = cmocka_run_group_tests_name("usb printer", tests, NULL, NULL);
                tumockdev_cleanup();
        } else {
                r = stage(argv[0]); /* returns only when it could not run umockdev */
        }
        bytes_release(&receipt);
        return r;
}
