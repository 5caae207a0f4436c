/* A serial receipt printer, a serial scanner and a drawer on its own serial line at a
 * real posd. umockdev gives /dev/ttyUSB0, /dev/ttyUSB1 and /dev/ttyACM0, each a
 * pseudo-terminal whose other end this process holds, and their /sys entries, so libserialport takes them for USB-serial lines; an
 * ioctl handler answers the modem-line ioctls a pty has not. The printer end keeps what
 * it is sent and answers DLE EOT status; the scanner end types codes ending in CR LF. */
#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <umockdev.h>
#include <unistd.h>

#include "fake_printer.h"
#include "harness.h"

static const char devices[] =
        "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0\n"
        "N: ttyUSB0\nE: DEVNAME=/dev/ttyUSB0\nE: SUBSYSTEM=tty\n\n"
        "P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/ttyUSB1/tty/ttyUSB1\n"
        "N: ttyUSB1\nE: DEVNAME=/dev/ttyUSB1\nE: SUBSYSTEM=tty\n\n"
        "P: /devices/pci0000:00/0000:00:14.0/usb1/1-5/1-5:1.0/tty/ttyACM0\n"
        "N: ttyACM0\nE: DEVNAME=/dev/ttyACM0\nE: SUBSYSTEM=tty\n";

static struct fake_printer model;
static int printer_fd = -1; /* our end of the printer's line */
static atomic_bool quit;

/* DTR raised (B) and dropped (C) on the drawer's line, in order. */
static struct {
        pthread_mutex_t lock;
        char log[64];
        size_t n;
} dtr = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void log_dtr(UMockdevIoctlClient *client, gulong req)
{
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(int), NULL);

        if (!d)
                return;
        pthread_mutex_lock(&dtr.lock);
        if ((*(int *)d->data & TIOCM_DTR) && dtr.n + 1 < sizeof(dtr.log))
                dtr.log[dtr.n++] = req == TIOCMBIS ? 'B' : 'C';
        dtr.log[dtr.n] = '\0';
        pthread_mutex_unlock(&dtr.lock);
        umockdev_ioctl_data_unref(d);
}

/* Modem lines: a pty has none, a USB-serial adapter has; report DSR and CTS up. */
static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user)
{
        gulong req = umockdev_ioctl_client_get_request(client);
        (void)base;
        (void)user;

        if (req != TIOCMGET && req != TIOCMSET && req != TIOCMBIS && req != TIOCMBIC)
                return FALSE; /* the pty does the rest itself */
        if ((req == TIOCMBIS || req == TIOCMBIC) && !strcmp(umockdev_ioctl_client_get_devnode(client), "/dev/ttyUSB1"))
                log_dtr(client, req);
        if (req == TIOCMGET) {
                UMockdevIoctlData *d = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(int),
                                                                   NULL);
                if (d) {
                        *(int *)d->data = TIOCM_DTR | TIOCM_RTS | TIOCM_CTS | TIOCM_DSR;
                        umockdev_ioctl_data_unref(d);
                }
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
}

/* The printer's end of the line: bytes in, status answers out. */
static void *printer_main(void *arg)
{
        (void)arg;

        while (!atomic_load(&quit)) {
                struct pollfd pf = { printer_fd, POLLIN, 0 };
                uint8_t b[4096], answers[16];
                ssize_t n;
                size_t na;
                if (poll(&pf, 1, 50) <= 0 || (n = read(printer_fd, b, sizeof(b))) <= 0)
                        continue;
                na = fake_printer_take(&model, b, (size_t)n, answers, sizeof(answers));
                if (na && write(printer_fd, answers, na) != (ssize_t)na)
                        fprintf(stderr, "test_serial: the printer could not answer\n");
        }
        return NULL;
}

static UMockdevTestbed *tb;

/* The lane printer's field (state, drawer) once it is want, or the last value seen in
 * 5 s. */
static const char *printer_says(struct posd *p, const char *tok, const char *field, const char *want)
{
        static char value[32];

        for (int i = 0; i < 50; i++) {
                json_t *o = NULL, *v;
                assert_int_equal(http(p, "GET", "/devices", tok, NULL, NULL, &o), 200);
                v = json_object_get(json_array_get(json_object_get(o, "items"), 0), field);
                snprintf(value, sizeof(value), "%s", json_is_string(v) ? json_string_value(v) : "null");
                json_decref(o);
                if (!strcmp(value, want))
                        break;
                usleep(100000);
        }
        return value;
}

static void test_serial_printer_and_scanner(void **state)
{
        struct posd p;
        char sale[32];
        const char *tok, *scan = "6901234567892\r\n";
        int scanner = umockdev_testbed_get_dev_fd(tb, "/dev/ttyACM0");
        json_t *o;
        (void)state;

        tok = posd_open_lane(&p, "[printer]\ndevice = serial:/dev/ttyUSB0?baud=19200&flow=none\n"
                                 "[drawer]\ndevice = printer\n"
                                 "[scanner]\ndevice = serial:/dev/ttyACM0?baud=9600\n");
        fake_printer_paper_out_sale(&model, &p, tok, sale);

        /* the drawer the sale kicked open is seen open, then shut */
        fake_printer_drawer(&model, true);
        assert_string_equal(printer_says(&p, tok, "drawer", "open"), "open");
        fake_printer_drawer(&model, false);
        assert_string_equal(printer_says(&p, tok, "drawer", "closed"), "closed");

        /* the roll nearly used up: the lane is told, and receipts still print */
        fake_printer_near_end(&model, true);
        assert_string_equal(printer_says(&p, tok, "state", "paper near end"), "paper near end");
        sell(&p, tok, "card", sale);
        receipt_printed(&p, tok, sale);
        fake_printer_near_end(&model, false);
        assert_string_equal(printer_says(&p, tok, "state", "online"), "online");

        /* a scan on the serial scanner lands on a new ticket */
        assert_true(scanner >= 0);
        assert_int_equal(write(scanner, scan, strlen(scan)), (ssize_t)strlen(scan));
        o = ticket_with_lines(&p, tok, 1);
        assert_string_equal(jstr(o, "lines.0.sku"), "A1");
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/devices", tok, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.state"), "online");
        assert_string_equal(jstr(o, "items.1.kind"), "scanner");
        assert_string_equal(jstr(o, "items.1.state"), "online");
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* How many kicks (pin 2, 80 ms) the drawer's line received within a second; a test
 * failure on anything else. */
static size_t kicks(int fd)
{
        static struct decode d;
        uint8_t b[256];
        size_t n = 0, bad = 0, k = 0;

        for (int i = 0; i < 10; i++) {
                struct pollfd pf = { fd, POLLIN, 0 };
                ssize_t got;
                if (poll(&pf, 1, 100) <= 0 || (got = read(fd, b + n, sizeof(b) - n)) <= 0)
                        continue;
                n += (size_t)got;
        }
        assert_int_equal(escpos_decode(b, n, &d, &bad), 0);
        for (size_t i = 0; i < d.n; i++) {
                assert_int_not_equal(d.d[i].kind, D_LINE); /* nothing to print on a drawer */
                if (d.d[i].kind == D_DRAWER) {
                        assert_int_equal(d.d[i].n, 2);
                        assert_string_equal(d.d[i].text, "40 250");
                        k++;
                }
        }
        return k;
}

static void test_drawer_on_its_own_line(void **state)
{
        static struct decode d;
        struct posd p;
        char sale[32];
        const char *tok;
        int drawer = umockdev_testbed_get_dev_fd(tb, "/dev/ttyUSB1");
        size_t kicks_on_printer;
        json_t *o;
        (void)state;

        assert_true(drawer >= 0);
        fake_printer_printed(&model, &d);
        kicks_on_printer = decoded_count(&d, D_DRAWER, NULL);
        tok = posd_open_lane(&p, "[printer]\ndevice = serial:/dev/ttyUSB0?baud=19200\n"
                                 "[drawer]\ndevice = serial:/dev/ttyUSB1?baud=9600\npulse = 80\n");
        /* a cash sale: the drawer's line gets the kick, the printer only the receipt */
        sell(&p, tok, "cash", sale);
        receipt_printed(&p, tok, sale);
        assert_int_equal(kicks(drawer), 1);
        fake_printer_printed(&model, &d);
        assert_int_equal(decoded_count(&d, D_DRAWER, NULL), kicks_on_printer);
        /* paid by card: no kick */
        sell(&p, tok, "card", sale);
        receipt_printed(&p, tok, sale);
        assert_int_equal(kicks(drawer), 0);
        /* a manager's no-sale opens it */
        assert_int_equal(http(&p, "POST", "/drawer/open", tok, NULL,
                              "{\"reason\":\"change\",\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", NULL),
                         202);
        assert_int_equal(kicks(drawer), 1);
        assert_int_equal(http(&p, "GET", "/devices", tok, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.1.kind"), "drawer");
        assert_string_equal(jstr(o, "items.1.state"), "online");
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

static void test_drawer_on_dtr(void **state)
{
        struct posd p;
        char sale[32], log[64];
        const char *tok;
        (void)state;

        tok = posd_open_lane(&p, "[drawer]\ndevice = serial:/dev/ttyUSB1?kick=dtr\npulse = 60\n");
        pthread_mutex_lock(&dtr.lock);
        dtr.n = 0;
        dtr.log[0] = '\0';
        pthread_mutex_unlock(&dtr.lock);
        sell(&p, tok, "card", sale);
        usleep(500000);
        pthread_mutex_lock(&dtr.lock);
        snprintf(log, sizeof(log), "%s", dtr.log);
        pthread_mutex_unlock(&dtr.lock);
        assert_string_equal(log, ""); /* paid by card: the drawer stays shut */
        sell(&p, tok, "cash", sale);
        for (int i = 0; i < 50; i++) {
                pthread_mutex_lock(&dtr.lock);
                snprintf(log, sizeof(log), "%s", dtr.log);
                pthread_mutex_unlock(&dtr.lock);
                if (strstr(log, "BC"))
                        break;
                usleep(100000);
        }
        assert_non_null(strstr(log, "BC")); /* one pulse: raised, then dropped */
        assert_null(strchr(strstr(log, "BC") + 2, 'B'));
        posd_stop(&p);
        posd_cleanup(&p);
}

static void test_late_kick_is_dropped(void **state)
{
        struct posd p;
        char sale[32];
        const char *tok;
        (void)state;

        /* a drawer whose line is not there: the kick waits, retried */
        tok = posd_open_lane(&p, "[drawer]\ndevice = serial:/dev/ttyUSB9\n");
        sell(&p, tok, "cash", sale);
        usleep(1500000);
        assert_int_equal(tsql_int(p.store.path, "SELECT count(*) FROM print_jobs WHERE state = 'pending'"), 1);
        /* a minute on, it is given up rather than springing the drawer open late */
        assert_int_equal(tsql_exec(p.store.path, "UPDATE print_jobs SET created_at = created_at - 61000"), 0);
        for (int i = 0; i < 50 && tsql_int(p.store.path, "SELECT count(*) FROM print_jobs WHERE state = 'pending'"); i++)
                usleep(100000);
        assert_int_equal(tsql_int(p.store.path, "SELECT count(*) FROM print_jobs WHERE state = 'done' AND "
                                                "last_error LIKE 'dropped%'"), 1);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_serial_printer_and_scanner),
                cmocka_unit_test(test_drawer_on_its_own_line),
                cmocka_unit_test(test_drawer_on_dtr),
                cmocka_unit_test(test_late_kick_is_dropped),
        };
        UMockdevIoctlBase *lines = umockdev_ioctl_base_new();
        GError *err = NULL;
        pthread_t th;
        int r;

        tb = umockdev_testbed_new();
        g_signal_connect(lines, "handle-ioctl", G_CALLBACK(on_ioctl), NULL);
        fake_printer_init(&model);
        if (!umockdev_testbed_add_from_string(tb, devices, &err) ||
            !umockdev_testbed_attach_ioctl(tb, "/dev/ttyUSB0", lines, &err) ||
            !umockdev_testbed_attach_ioctl(tb, "/dev/ttyACM0", lines, &err) ||
            !umockdev_testbed_attach_ioctl(tb, "/dev/ttyUSB1", lines, &err) ||
            (printer_fd = umockdev_testbed_get_dev_fd(tb, "/dev/ttyUSB0")) < 0 ||
            pthread_create(&th, NULL, printer_main, NULL) != 0) {
                fprintf(stderr, "test_serial: no serial lines: %s\n", err ? err->message : "no pty");
                return 1;
        }
        tumockdev_preload(true);
        r = cmocka_run_group_tests_name("serial devices at posd", tests, NULL, NULL);
        tumockdev_preload(false);
        atomic_store(&quit, true);
        pthread_join(th, NULL);
        umockdev_testbed_detach_ioctl(tb, "/dev/ttyUSB0", NULL);
        umockdev_testbed_detach_ioctl(tb, "/dev/ttyACM0", NULL);
        umockdev_testbed_detach_ioctl(tb, "/dev/ttyUSB1", NULL);
        g_object_unref(lines);
        g_object_unref(tb);
        fake_printer_release(&model);
        return r;
}
