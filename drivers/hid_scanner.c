/* USB HID barcode scanners through libusb: "hid:05e0:1200" (a scanner in HID POS mode),
 * "hid:05e0:1200?layout=de" (one in USB keyboard mode, typing on a German layout). The
 * kernel's usbhid is detached, so a keyboard-mode scanner types into nothing else. A
 * thread of its own reads the interrupt endpoint and hands whole codes over a pipe, a
 * line each, to the descriptor the scanner thread polls. */
#include <errno.h>
#include <fcntl.h>
#include <libusb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hid_report.h"
#include "line_reader.h"
#include "scanner.h"
#include "usb_id.h"

#define READ_MS 250 /* how soon the reader notices it should stop */

struct hid_scanner {
        libusb_context *ctx;
        uint16_t vid, pid;
        enum keymap_layout layout;
        int pipe[2];
        struct line_reader lines;
        pthread_t th;
        atomic_bool stop, present;
};

/* The interrupt IN endpoint of the first HID interface; boot: it speaks the boot
 * keyboard protocol. */
static int hid_endpoint(libusb_device_handle *h, int *iface, unsigned char *ep, int *size, bool *boot)
{
        struct libusb_config_descriptor *c;
        int r = -ENODEV;

        if (libusb_get_active_config_descriptor(libusb_get_device(h), &c) < 0)
                return -EIO;
        for (int i = 0; i < c->bNumInterfaces && r < 0; i++) {
                const struct libusb_interface_descriptor *d;
                if (c->interface[i].num_altsetting < 1)
                        continue;
                d = &c->interface[i].altsetting[0];
                if (d->bInterfaceClass != LIBUSB_CLASS_HID)
                        continue;
                for (int e = 0; e < d->bNumEndpoints && r < 0; e++) {
                        const struct libusb_endpoint_descriptor *x = &d->endpoint[e];
                        if ((x->bmAttributes & 3) == LIBUSB_TRANSFER_TYPE_INTERRUPT &&
                            (x->bEndpointAddress & LIBUSB_ENDPOINT_IN)) {
                                *iface = d->bInterfaceNumber;
                                *ep = x->bEndpointAddress;
                                *size = x->wMaxPacketSize ? x->wMaxPacketSize : 64;
                                *boot = d->bInterfaceSubClass == 1 && d->bInterfaceProtocol == 1;
                                r = 0;
                        }
                }
        }
        libusb_free_config_descriptor(c);
        return r;
}

static void hand_over(struct hid_scanner *s, const char *code, int r)
{
        char line[SCAN_MAX + 2];
        size_t n;

        if (r == -EMSGSIZE) /* an over-long line: the reader drops it */
                memset(line, 'X', n = SCAN_MAX + 1);
        else
                memcpy(line, code, n = strlen(code));
        line[n++] = '\n';
        if (write(s->pipe[1], line, n) != (ssize_t)n) {
                /* a full pipe: nobody reads, the code is lost as a scan into a dead till is */
        }
}

/* Read one claimed scanner until it goes away or the driver closes. */
static void read_scanner(struct hid_scanner *s, libusb_device_handle *h, unsigned char ep, int size, bool boot)
{
        struct hid_keys keys;
        uint8_t report[512];
        char code[SCAN_MAX + 1];

        if (size > (int)sizeof(report))
                size = sizeof(report);
        hid_keys_init(&keys, s->layout);
        while (!atomic_load(&s->stop)) {
                int got = 0, r = libusb_interrupt_transfer(h, ep, report, size, &got, READ_MS);
                if (r == LIBUSB_ERROR_TIMEOUT)
                        continue;
                if (r < 0)
                        return;
                r = boot ? hid_keys_feed(&keys, report, (size_t)got, code) : hid_pos_report(report, (size_t)got, code);
                if (r == 1 || r == -EMSGSIZE)
                        hand_over(s, code, r);
        }
}

static void *reader(void *arg)
{
        struct hid_scanner *s = arg;

        while (!atomic_load(&s->stop)) {
                libusb_device_handle *h = libusb_open_device_with_vid_pid(s->ctx, s->vid, s->pid);
                int iface = 0, size = 0;
                unsigned char ep = 0;
                bool boot = false, detached = false;
                if (h && hid_endpoint(h, &iface, &ep, &size, &boot) == 0) {
                        detached = libusb_kernel_driver_active(h, iface) == 1 && libusb_detach_kernel_driver(h, iface) == 0;
                        if (libusb_claim_interface(h, iface) == 0) {
                                atomic_store(&s->present, true);
                                read_scanner(s, h, ep, size, boot);
                                atomic_store(&s->present, false);
                                libusb_release_interface(h, iface);
                        }
                        if (detached)
                                libusb_attach_kernel_driver(h, iface);
                }
                if (h)
                        libusb_close(h);
                for (int i = 0; i < 4 && !atomic_load(&s->stop); i++) /* looked for again within a second */
                        usleep(READ_MS * 1000);
        }
        return NULL;
}

static int hid_open(const char *arg, void **ret)
{
        const char *q = strchr(arg, '?');
        struct hid_scanner *s;
        uint16_t vid, pid;
        enum keymap_layout layout = LAYOUT_US;
        int r = -EINVAL;

        if (usb_id_parse(arg, q ? (size_t)(q - arg) : strlen(arg), &vid, &pid) < 0)
                return -EINVAL;
        if (q && (strncmp(q, "?layout=", 8) || keymap_layout_parse(q + 8, &layout) < 0))
                return -EINVAL;
        if (!(s = calloc(1, sizeof(*s))))
                return -ENOMEM;
        s->vid = vid;
        s->pid = pid;
        s->layout = layout;
        s->pipe[0] = s->pipe[1] = -1;
        if (pipe2(s->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
                r = -errno;
        else if (libusb_init(&s->ctx) < 0)
                r = -EIO;
        else if ((r = -pthread_create(&s->th, NULL, reader, s)) == 0) {
                *ret = s;
                return 0;
        }
        if (s->ctx)
                libusb_exit(s->ctx);
        if (s->pipe[0] >= 0) {
                close(s->pipe[0]);
                close(s->pipe[1]);
        }
        free(s);
        return r;
}

static int hid_fd(void *dev)
{
        struct hid_scanner *s = dev;

        return atomic_load(&s->present) ? s->pipe[0] : -1;
}

static int hid_read(void *dev, char code[static SCAN_MAX + 1])
{
        struct hid_scanner *s = dev;

        return line_read(s->pipe[0], &s->lines, code);
}

static void hid_close(void *dev)
{
        struct hid_scanner *s = dev;

        if (!s)
                return;
        atomic_store(&s->stop, true);
        pthread_join(s->th, NULL);
        libusb_exit(s->ctx);
        close(s->pipe[0]);
        close(s->pipe[1]);
        free(s);
}

const struct scanner_ops hid_scanner_ops = {
        .scheme = "hid",
        .open = hid_open,
        .fd = hid_fd,
        .read = hid_read,
        .close = hid_close,
};
