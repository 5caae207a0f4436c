/* Barcode scanners on a serial line: "serial:/dev/ttyACM0?baud=9600". Each code ends
 * with CR, LF or both, the scanners' usual suffix. */
#include <errno.h>
#include <stdlib.h>

#include "line_reader.h"
#include "scanner.h"
#include "serial_port.h"

struct serial_scanner {
        struct serial_spec spec;
        struct sp_port *port;
        struct line_reader lines;
};

static int serial_open(const char *arg, void **ret)
{
        return serial_dev_new(arg, sizeof(struct serial_scanner), ret); /* the spec comes first */
}

static int serial_fd(void *dev)
{
        struct serial_scanner *s = dev;
        int fd = -1;

        if (!s->port && serial_port_open(&s->spec, &s->port) < 0)
                return -1;
        if (sp_get_port_handle(s->port, &fd) != SP_OK)
                return -1;
        return fd;
}

static int serial_read(void *dev, char code[static SCAN_MAX + 1])
{
        struct serial_scanner *s = dev;
        int fd = serial_fd(s), r;

        if (fd < 0)
                return 0;
        if ((r = line_read(fd, &s->lines, code)) < 0 && r != -EMSGSIZE) {
                serial_port_close(s->port); /* unplugged: looked for again at the next poll */
                s->port = NULL;
                s->lines = (struct line_reader){ 0 };
                return 0;
        }
        return r;
}

static void serial_close(void *dev)
{
        struct serial_scanner *s = dev;

        if (!s)
                return;
        serial_port_close(s->port);
        free(s);
}

const struct scanner_ops serial_scanner_ops = {
        .scheme = "serial",
        .open = serial_open,
        .fd = serial_fd,
        .read = serial_read,
        .close = serial_close,
};
