/* Receipt printers on a serial line: "serial:/dev/ttyUSB0?baud=19200&flow=rtscts".
 * libserialport sets the line up; the bytes and the DLE EOT status then go as on any
 * descriptor. A printer wired without its transmit line never answers: no status. */
#include <errno.h>
#include <stdlib.h>

#include "printer.h"
#include "serial_port.h"

#define WRITE_MS 10000
#define STATUS_MS 500

struct serial_printer {
        struct serial_spec spec;
        struct sp_port *port;
};

static int serial_open(const char *arg, void **ret)
{
        return serial_dev_new(arg, sizeof(struct serial_printer), ret); /* the spec comes first */
}

/* Opened on demand: a USB-serial adapter comes and goes with its cable. */
static int serial_fd(struct serial_printer *p)
{
        int fd = -1;

        if (!p->port && serial_port_open(&p->spec, &p->port) < 0)
                return -1;
        if (sp_get_port_handle(p->port, &fd) != SP_OK)
                return -1;
        return fd;
}

static void serial_drop(struct serial_printer *p)
{
        serial_port_close(p->port);
        p->port = NULL;
}

static int serial_write(void *dev, const uint8_t *b, size_t n)
{
        struct serial_printer *p = dev;
        int fd = serial_fd(p);

        if (fd < 0)
                return -EAGAIN;
        if (fd_write_all(fd, b, n, WRITE_MS) < 0 || sp_drain(p->port) != SP_OK) {
                serial_drop(p);
                return -EAGAIN;
        }
        return 0;
}

static int serial_status(void *dev, struct printer_status *ret)
{
        struct serial_printer *p = dev;
        int fd = serial_fd(p), r;

        *ret = (struct printer_status){ 0 };
        if (fd < 0)
                return 0; /* not there: offline */
        r = fd_printer_status(fd, STATUS_MS, ret);
        if (r == -ETIMEDOUT)
                return -ENOTSUP;
        if (r < 0)
                serial_drop(p);
        return 0;
}

static void serial_close(void *dev)
{
        struct serial_printer *p = dev;

        if (!p)
                return;
        serial_drop(p);
        free(p);
}

const struct printer_ops serial_printer_ops = {
        .scheme = "serial",
        .open = serial_open,
        .write = serial_write,
        .status = serial_status,
        .close = serial_close,
};
