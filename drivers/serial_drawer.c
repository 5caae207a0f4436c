/* Cash drawers on a serial line: "serial:/dev/ttyUSB1?baud=9600" takes the printer's
 * kick, ESC p, as most drawer interfaces do (and those that open on any byte open on
 * it too); "...?kick=dtr" pulses DTR instead, for interfaces wired to the modem lines. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "drawer.h"
#include "printer.h"
#include "serial_port.h"

#define WRITE_MS 2000

struct serial_drawer {
        struct serial_spec spec;
        struct sp_port *port;
};

static int drawer_open(const char *arg, void **ret)
{
        return serial_dev_new(arg, sizeof(struct serial_drawer), ret); /* the spec comes first */
}

static void drop(struct serial_drawer *s)
{
        serial_port_close(s->port);
        s->port = NULL;
}

static int pulse_dtr(struct sp_port *port, int ms)
{
        struct timespec t = { 0, (long)ms * 1000000L };

        if (sp_set_dtr(port, SP_DTR_ON) != SP_OK)
                return -EIO;
        nanosleep(&t, NULL);
        return sp_set_dtr(port, SP_DTR_OFF) == SP_OK ? 0 : -EIO;
}

static int drawer_kick(void *dev, int pin, int pulse_ms)
{
        struct serial_drawer *s = dev;
        int fd = -1, r;

        if (!s->port && serial_port_open(&s->spec, &s->port) < 0)
                return -EAGAIN;
        if (s->spec.dtr_kick) {
                r = pulse_dtr(s->port, pulse_ms);
        } else {
                uint8_t kick[5];
                escpos_kick(pin, pulse_ms, kick);
                r = sp_get_port_handle(s->port, &fd) == SP_OK ? fd_write_all(fd, kick, sizeof(kick), WRITE_MS) : -EIO;
        }
        if (r < 0) {
                drop(s); /* unplugged: opened again for the next kick */
                return -EAGAIN;
        }
        return 0;
}

static void drawer_close(void *dev)
{
        struct serial_drawer *s = dev;

        if (!s)
                return;
        drop(s);
        free(s);
}

const struct drawer_ops serial_drawer_ops = {
        .scheme = "serial",
        .open = drawer_open,
        .kick = drawer_kick,
        .close = drawer_close,
};
