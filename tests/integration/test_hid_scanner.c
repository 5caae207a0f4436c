/* USB HID barcode scanners at a real posd, through libusb: a Honeywell in HID POS mode
 * (0c2e:0b61, 64-byte reports) and a Newland in USB keyboard mode (1eab:0d10, boot
 * keyboard protocol), both described in tests/devices/hid-scanners.umockdev, played by an
 * ioctl handler in this process that answers their interrupt endpoints with the reports
 * a test queues. Each scan must land on the lane's open ticket. */
#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h> /* before linux/usbdevice_fs.h */
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#include "fake_usb.h"
#include "harness.h"

#define REPORTS_MAX 256

/* One scanner: the reports it has yet to send, the host's read waiting for one. */
struct fake_scanner {
        const char *node;
        uint8_t reports[REPORTS_MAX][64];
        size_t lens[REPORTS_MAX], head, tail;
        UMockdevIoctlData *flying; /* the URB of the host's pending read, or NULL */
        UMockdevIoctlData *done;   /* a URB the host can reap, or NULL */
        bool unplugged;            /* every call fails with ENODEV, as on a pulled device */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct fake_scanner scanners[] = {
        { .node = "/dev/bus/usb/001/006" }, /* HID POS */
        { .node = "/dev/bus/usb/001/007" }, /* boot keyboard */
};

static struct fake_scanner *scanner_of(UMockdevIoctlClient *client)
{
        const char *node = umockdev_ioctl_client_get_devnode(client);

        for (size_t i = 0; i < sizeof(scanners) / sizeof(scanners[0]); i++)
                if (!strcmp(node, scanners[i].node))
                        return &scanners[i];
        return NULL;
}

/* A read waiting and a report to send: the read completes with it. */
static void deliver(struct fake_scanner *s)
{
        struct usbdevfs_urb *urb;
        UMockdevIoctlData *buf;
        size_t n;

        if (!s->flying || s->done || s->head == s->tail)
                return;
        urb = (struct usbdevfs_urb *)s->flying->data;
        buf = umockdev_ioctl_data_resolve(s->flying, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                          (gsize)urb->buffer_length, NULL);
        n = s->lens[s->head % REPORTS_MAX];
        if (n > (size_t)urb->buffer_length)
                n = (size_t)urb->buffer_length;
        memcpy(buf->data, s->reports[s->head % REPORTS_MAX], n);
        umockdev_ioctl_data_unref(buf);
        s->head++;
        urb->actual_length = (int)n;
        urb->status = 0;
        s->done = s->flying;
        s->flying = NULL;
}

static void reap(struct fake_scanner *s, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
        UMockdevIoctlData *ptr;

        deliver(s);
        if (!s->done) {
                umockdev_ioctl_client_complete(client, -1, EAGAIN);
                return;
        }
        ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
        umockdev_ioctl_data_set_ptr(ptr, 0, s->done);
        umockdev_ioctl_data_unref(ptr);
        umockdev_ioctl_data_unref(s->done);
        s->done = NULL;
        umockdev_ioctl_client_complete(client, 0, 0);
}

static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user)
{
        UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
        struct fake_scanner *s = scanner_of(client);
        gboolean handled = TRUE;
        gulong req;
        (void)base;
        (void)user;

        if (!s)
                return FALSE;
        pthread_mutex_lock(&lock);
        req = umockdev_ioctl_client_get_request(client);
        /* pulled out: the read it ended can still be reaped, nothing else works */
        if (s->unplugged && !(s->done && (req == USBDEVFS_REAPURB || req == USBDEVFS_REAPURBNDELAY))) {
                umockdev_ioctl_client_complete(client, -1, ENODEV);
                pthread_mutex_unlock(&lock);
                return TRUE;
        }
        if (fake_usb_housekeeping(client, req, USBDEVFS_CAP_NO_PACKET_SIZE_LIM)) {
                pthread_mutex_unlock(&lock);
                return TRUE;
        }
        switch (req) {
        case USBDEVFS_SUBMITURB:
                if (s->flying) {
                        umockdev_ioctl_client_complete(client, -1, EBUSY);
                        break;
                }
                s->flying = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
                umockdev_ioctl_client_complete(client, 0, 0);
                break;
        case USBDEVFS_REAPURB:
        case USBDEVFS_REAPURBNDELAY:
                reap(s, client, arg);
                break;
        case USBDEVFS_DISCARDURB: /* a read that timed out: given back unfilled */
                deliver(s);
                if (s->flying) {
                        ((struct usbdevfs_urb *)s->flying->data)->status = -ENOENT;
                        s->done = s->flying;
                        s->flying = NULL;
                }
                umockdev_ioctl_client_complete(client, 0, 0);
                break;
        default:
                handled = FALSE;
        }
        pthread_mutex_unlock(&lock);
        return handled;
}

static void queue(struct fake_scanner *s, const uint8_t *report, size_t len)
{
        pthread_mutex_lock(&lock);
        if (s->tail - s->head < REPORTS_MAX) {
                memcpy(s->reports[s->tail % REPORTS_MAX], report, len);
                s->lens[s->tail % REPORTS_MAX] = len;
                s->tail++;
        }
        pthread_mutex_unlock(&lock);
}

/* A HID POS scanner's report of a decoded code: id 2, length, data, AIM id. */
static void scan_pos(const char *code)
{
        uint8_t r[64] = { 0x02, (uint8_t)strlen(code) };

        memcpy(r + 2, code, strlen(code));
        memcpy(r + 58, "]E0", 3);
        queue(&scanners[0], r, sizeof(r));
}

/* A keyboard-mode scanner typing a code of digits and Enter (with enter false, only the
 * digits: a scan cut short): a press, then a release. */
static void type_keys(const char *code, bool enter)
{
        for (const char *c = code;; c++) {
                uint8_t press[8] = { 0 }, release[8] = { 0 };
                if (!*c && !enter)
                        break;
                press[2] = *c ? (*c == '0' ? 0x27 : (uint8_t)(0x1e + *c - '1')) : 0x28;
                queue(&scanners[1], press, sizeof(press));
                queue(&scanners[1], release, sizeof(release));
                if (!*c)
                        break;
        }
}

static void scan_keys(const char *code) { type_keys(code, true); }

/* Until the host has read every report queued on s (5 s at most). */
static void drained(struct fake_scanner *s)
{
        for (int i = 0; i < 500; i++) {
                bool empty;
                pthread_mutex_lock(&lock);
                empty = s->head == s->tail;
                pthread_mutex_unlock(&lock);
                if (empty)
                        return;
                usleep(10000);
        }
        fail_msg("the scanner's reports were not read");
}

static void set_plugged(struct fake_scanner *s, bool in)
{
        pthread_mutex_lock(&lock);
        s->unplugged = !in;
        if (!in && s->flying && !s->done) { /* the kernel ends the read in flight */
                ((struct usbdevfs_urb *)s->flying->data)->status = -ESHUTDOWN;
                s->done = s->flying;
                s->flying = NULL;
        }
        pthread_mutex_unlock(&lock);
}

/* The state /devices gives scanner n once it is want, or after 5 s. */
static void scanner_state(struct posd *p, const char *tok, int n, const char *want)
{
        char state[16] = "", path[32];

        snprintf(path, sizeof(path), "items.%d.state", n);
        for (int i = 0; i < 50 && strcmp(state, want); i++) {
                json_t *o = NULL;
                if (i)
                        usleep(100000);
                assert_int_equal(http(p, "GET", "/devices", tok, NULL, NULL, &o), 200);
                snprintf(state, sizeof(state), "%s", jstr(o, path));
                json_decref(o);
        }
        assert_string_equal(state, want);
}

static void test_hid_scans_land_on_the_ticket(void **state)
{
        struct posd p;
        const char *tok;
        json_t *o;
        (void)state;

        tok = posd_open_lane(&p, "[scanner]\ndevice = hid:0c2e:0b61\n"
                                 "[scanner keys]\ndevice = hid:1eab:0d10?layout=us\n");
        scan_pos("6901234567892");   /* A1 */
        o = ticket_with_lines(&p, tok, 1);
        json_decref(o);
        scan_pos("6901234567891");   /* a misread: wrong check digit */
        scan_keys("2100101012501"); /* K1, 1.250 kg */
        o = ticket_with_lines(&p, tok, 2);
        assert_string_equal(jstr(o, "lines.0.sku"), "A1");
        assert_string_equal(jstr(o, "lines.1.sku"), "K1");
        assert_int_equal(jint(o, "lines.1.amount"), 1100);
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/devices", tok, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.state"), "online");
        assert_string_equal(jstr(o, "items.1.state"), "online");
        json_decref(o);

        /* pulled out, the scanner is offline; plugged back, it scans again */
        set_plugged(&scanners[0], false);
        scanner_state(&p, tok, 0, "offline");
        set_plugged(&scanners[0], true);
        scanner_state(&p, tok, 0, "online");
        scan_pos("4006381333931"); /* B2 */
        o = ticket_with_lines(&p, tok, 3);
        assert_string_equal(jstr(o, "lines.2.sku"), "B2");
        json_decref(o);

        /* the keyboard-mode scanner pulled out half way through a code: what it had typed
         * is dropped, and the next whole scan is read as itself */
        type_keys("690123", false);
        drained(&scanners[1]);
        set_plugged(&scanners[1], false);
        scanner_state(&p, tok, 1, "offline");
        set_plugged(&scanners[1], true);
        scanner_state(&p, tok, 1, "online");
        scan_keys("036000291452"); /* C3, soap */
        o = ticket_with_lines(&p, tok, 4);
        assert_string_equal(jstr(o, "lines.3.sku"), "C3");
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_hid_scans_land_on_the_ticket),
        };
        UMockdevTestbed *tb = umockdev_testbed_new();
        UMockdevIoctlBase *fake = umockdev_ioctl_base_new();
        GError *err = NULL;
        char path[512], *desc = NULL;
        int r;

        g_signal_connect(fake, "handle-ioctl", G_CALLBACK(on_ioctl), NULL);
        snprintf(path, sizeof(path), "%s/tests/devices/hid-scanners.umockdev", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        if (!g_file_get_contents(path, &desc, NULL, &err) ||
            !umockdev_testbed_attach_ioctl(tb, scanners[0].node, fake, &err) ||
            !umockdev_testbed_attach_ioctl(tb, scanners[1].node, fake, &err) ||
            !umockdev_testbed_add_from_string(tb, desc, &err)) {
                fprintf(stderr, "test_hid_scanner: no fake scanners: %s\n", err->message);
                g_error_free(err);
                g_free(desc);
                return 1;
        }
        tumockdev_preload(true);
        r = cmocka_run_group_tests_name("hid scanners at posd", tests, NULL, NULL);
        tumockdev_preload(false);
        for (size_t i = 0; i < sizeof(scanners) / sizeof(scanners[0]); i++) {
                umockdev_testbed_detach_ioctl(tb, scanners[i].node, NULL);
                if (scanners[i].flying)
                        umockdev_ioctl_data_unref(scanners[i].flying);
                if (scanners[i].done)
                        umockdev_ioctl_data_unref(scanners[i].done);
        }
        g_object_unref(fake);
        g_object_unref(tb);
        g_free(desc);
        return r;
}
