/* Receipt printers: one vtable, one file per transport, one registry (printers.c).
 * A driver moves bytes and reads status; it knows nothing of sales. */
#ifndef POSD_PRINTER_H
#define POSD_PRINTER_H

#include <stddef.h>
#include <stdint.h>

#include "escpos.h"

struct printer_ops {
        const char *scheme; /* the URI's scheme: "sim", "tcp", "lp", "usb" */
        /* Open the device named by the rest of the URI. */
        int (*open)(const char *arg, void **ret);
        /* 0 once every byte reached the device; -EAGAIN (try again later) or another error. */
        int (*write)(void *dev, const uint8_t *p, size_t n);
        /* Real-time status; -ENOTSUP where the transport cannot read it back. */
        int (*status)(void *dev, struct printer_status *ret);
        void (*close)(void *dev);
};

/* The driver for a URI ("tcp:192.0.2.10:9100"); *arg points past the scheme. NULL when
 * no driver knows the scheme. */
const struct printer_ops *printer_driver(const char *uri, const char **arg);

/* For the status of fd-backed transports (tcp, lp): ask DLE EOT 1, 2, 4 and read the
 * answers within timeout_ms each. -ETIMEDOUT when the printer answers nothing. */
int fd_printer_status(int fd, int timeout_ms, struct printer_status *ret);
/* Write all of p to fd within timeout_ms; -ETIMEDOUT, -EPIPE, ... */
int fd_write_all(int fd, const uint8_t *p, size_t n, int timeout_ms);

#endif
