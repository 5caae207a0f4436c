/* USB receipt printers reached through libusb: "usb:VID:PID" in hex ("usb:0416:5011").
 * For printers the kernel's usblp does not take (many answer with a vendor class rather
 * than the printer class) and for tills where /dev/usb/lp* is not there. The first
 * interface with a bulk OUT endpoint carries the print data; a bulk IN endpoint on the
 * same interface, when there is one, answers the real-time status. */
#include <errno.h>
#include <libusb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "usb_id.h"

#define WRITE_MS 10000
#define STATUS_MS 500
#define CHUNK 4096 /* a receipt goes out in pieces, so a slow printer is not one long timeout */

struct usb_printer {
        libusb_context *ctx;
        libusb_device_handle *h;
        uint16_t vid, pid;
        int iface;
        unsigned char out_ep, in_ep; /* in_ep 0: the printer cannot answer */
        uint16_t in_size;
        bool detached; /* usblp held the interface: handed back when we let go */
};

static int usb_open(const char *arg, void **ret)
{
        struct usb_printer *p;
        uint16_t vid, pid;

        if (usb_id_parse(arg, strlen(arg), &vid, &pid) < 0)
                return -EINVAL;
        if (!(p = calloc(1, sizeof(*p))))
                return -ENOMEM;
        if (libusb_init(&p->ctx) < 0) {
                free(p);
                return -EIO;
        }
        p->vid = vid;
        p->pid = pid;
        *ret = p;
        return 0;
}

/* The interface to print on: the printer class first, any other with a bulk OUT next. */
static int pick_interface(struct usb_printer *p, const struct libusb_config_descriptor *c)
{
        for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i < c->bNumInterfaces; i++) {
                        const struct libusb_interface_descriptor *d;
                        unsigned char out = 0, in = 0;
                        uint16_t in_size = 0;
                        if (c->interface[i].num_altsetting < 1)
                                continue;
                        d = &c->interface[i].altsetting[0];
                        if (pass == 0 && d->bInterfaceClass != LIBUSB_CLASS_PRINTER)
                                continue;
                        for (int e = 0; e < d->bNumEndpoints; e++) {
                                const struct libusb_endpoint_descriptor *ep = &d->endpoint[e];
                                if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
                                        continue;
                                if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
                                        if (!in) {
                                                in = ep->bEndpointAddress;
                                                in_size = ep->wMaxPacketSize;
                                        }
                                } else if (!out) {
                                        out = ep->bEndpointAddress;
                                }
                        }
                        if (out) {
                                p->iface = d->bInterfaceNumber;
                                p->out_ep = out;
                                p->in_ep = in;
                                p->in_size = in_size ? in_size : 64;
                                return 0;
                        }
                }
        return -ENODEV;
}

/* Opened on demand: the printer may be switched off or unplugged at any time. */
static int usb_ready(struct usb_printer *p)
{
        struct libusb_config_descriptor *c = NULL;
        libusb_device_handle *h;
        int r;

        if (p->h)
                return 0;
        if (!(h = libusb_open_device_with_vid_pid(p->ctx, p->vid, p->pid)))
                return -EAGAIN;
        r = libusb_get_active_config_descriptor(libusb_get_device(h), &c) < 0 ? -EAGAIN : pick_interface(p, c);
        libusb_free_config_descriptor(c);
        if (r == 0) {
                p->detached = libusb_kernel_driver_active(h, p->iface) == 1 &&
                              libusb_detach_kernel_driver(h, p->iface) == 0;
                if (libusb_claim_interface(h, p->iface) < 0)
                        r = -EAGAIN;
        }
        if (r < 0) {
                if (p->detached)
                        libusb_attach_kernel_driver(h, p->iface);
                p->detached = false;
                libusb_close(h);
                return r;
        }
        p->h = h;
        return 0;
}

static void usb_drop(struct usb_printer *p)
{
        if (!p->h)
                return;
        libusb_release_interface(p->h, p->iface);
        if (p->detached)
                libusb_attach_kernel_driver(p->h, p->iface);
        p->detached = false;
        libusb_close(p->h);
        p->h = NULL;
}

static int bulk_out(struct usb_printer *p, const uint8_t *b, size_t n, unsigned timeout_ms)
{
        while (n) {
                int len = n > CHUNK ? CHUNK : (int)n, done = 0;
                int r = libusb_bulk_transfer(p->h, p->out_ep, (unsigned char *)b, len, &done, timeout_ms);
                if (r < 0 || done <= 0)
                        return r == LIBUSB_ERROR_TIMEOUT ? -ETIMEDOUT : -EIO;
                b += done;
                n -= (size_t)done;
        }
        return 0;
}

static int usb_write(void *dev, const uint8_t *b, size_t n)
{
        struct usb_printer *p = dev;

        if (usb_ready(p) < 0)
                return -EAGAIN;
        if (bulk_out(p, b, n, WRITE_MS) < 0) {
                usb_drop(p);
                return -EAGAIN;
        }
        return 0;
}

/* DLE EOT 1, 2 and 4, each answered by one byte on the IN endpoint. */
static int ask(struct usb_printer *p, struct printer_status *s)
{
        static const int asks[] = { 1, 2, 4 };
        unsigned char buf[512];
        int len = p->in_size <= sizeof(buf) ? p->in_size : (int)sizeof(buf);

        for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
                uint8_t q[3];
                int got = 0, r;
                escpos_status_query(asks[i], q);
                if ((r = bulk_out(p, q, sizeof(q), STATUS_MS)) < 0)
                        return r;
                r = libusb_bulk_transfer(p->h, p->in_ep, buf, len, &got, STATUS_MS);
                if (r == LIBUSB_ERROR_TIMEOUT || (r == 0 && got == 0))
                        return -ETIMEDOUT;
                if (r < 0)
                        return -EIO;
                /* the last byte answers this question; anything before it is stale */
                if ((r = escpos_status_parse(asks[i], buf[got - 1], s)) < 0)
                        return r;
        }
        return 0;
}

static int usb_status(void *dev, struct printer_status *ret)
{
        struct usb_printer *p = dev;
        struct printer_status s;
        int r;

        memset(&s, 0, sizeof(s));
        if (usb_ready(p) < 0) {
                *ret = s; /* not there: offline */
                return 0;
        }
        if (!p->in_ep)
                return -ENOTSUP;
        r = ask(p, &s);
        if (r == -ETIMEDOUT)
                return -ENOTSUP;
        if (r < 0) {
                usb_drop(p);
                memset(&s, 0, sizeof(s));
        }
        *ret = s;
        return 0;
}

static void usb_close(void *dev)
{
        struct usb_printer *p = dev;

        if (!p)
                return;
        usb_drop(p);
        libusb_exit(p->ctx);
        free(p);
}

const struct printer_ops usb_printer_ops = {
        .scheme = "usb",
        .open = usb_open,
        .write = usb_write,
        .status = usb_status,
        .close = usb_close,
};
