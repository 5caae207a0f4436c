/* Opening and setting up a serial line. Settings are few on purpose: receipt printers,
 * scanners and drawers on a counter are 8N1; speed and flow control are what differ. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "serial_port.h"

static int setting(const char *kv, size_t n, struct serial_spec *s)
{
        char *end;

        if (n > 5 && !strncmp(kv, "baud=", 5)) {
                long b = strtol(kv + 5, &end, 10);
                if (end != kv + n || b < 300 || b > 921600)
                        return -EINVAL;
                s->baud = (int)b;
        } else if (n == 9 && !strncmp(kv, "flow=none", n)) {
                s->flow = SP_FLOWCONTROL_NONE;
        } else if (n == 11 && !strncmp(kv, "flow=rtscts", n)) {
                s->flow = SP_FLOWCONTROL_RTSCTS;
        } else if (n == 12 && !strncmp(kv, "flow=xonxoff", n)) {
                s->flow = SP_FLOWCONTROL_XONXOFF;
        } else if ((n == 8 && !strncmp(kv, "kick=dtr", n)) || (n == 11 && !strncmp(kv, "kick=escpos", n))) {
                s->dtr_kick = n == 8;
        } else {
                return -EINVAL;
        }
        return 0;
}

int serial_spec_parse(const char *arg, struct serial_spec *ret)
{
        struct serial_spec s = { .baud = 9600, .flow = SP_FLOWCONTROL_NONE };
        const char *q = strchr(arg, '?');
        size_t n = q ? (size_t)(q - arg) : strlen(arg);

        if (arg[0] != '/' || n >= sizeof(s.path))
                return -EINVAL;
        memcpy(s.path, arg, n);
        while (q && *q) {
                const char *kv = q + 1, *amp = strchr(kv, '&');
                size_t len = amp ? (size_t)(amp - kv) : strlen(kv);
                if (setting(kv, len, &s) < 0)
                        return -EINVAL;
                q = amp;
        }
        *ret = s;
        return 0;
}

int serial_dev_new(const char *arg, size_t size, void **ret)
{
        struct serial_spec spec;
        void *dev;

        if (size < sizeof(spec) || serial_spec_parse(arg, &spec) < 0)
                return -EINVAL;
        if (!(dev = calloc(1, size)))
                return -ENOMEM;
        memcpy(dev, &spec, sizeof(spec));
        *ret = dev;
        return 0;
}

int serial_port_open(const struct serial_spec *s, struct sp_port **ret)
{
        struct sp_port *p = NULL;

        if (sp_get_port_by_name(s->path, &p) != SP_OK)
                return -EAGAIN;
        if (sp_open(p, SP_MODE_READ_WRITE) != SP_OK) {
                sp_free_port(p);
                return -EAGAIN;
        }
        if (sp_set_baudrate(p, s->baud) != SP_OK || sp_set_bits(p, 8) != SP_OK ||
            sp_set_parity(p, SP_PARITY_NONE) != SP_OK || sp_set_stopbits(p, 1) != SP_OK ||
            sp_set_flowcontrol(p, s->flow) != SP_OK) {
                serial_port_close(p);
                return -EIO;
        }
        *ret = p;
        return 0;
}

void serial_port_close(struct sp_port *p)
{
        if (!p)
                return;
        sp_close(p);
        sp_free_port(p);
}
