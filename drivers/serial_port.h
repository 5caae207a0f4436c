/* Serial lines through libserialport: "/dev/ttyUSB0?baud=9600&flow=rtscts", 8N1. */
#ifndef POSD_SERIAL_PORT_H
#define POSD_SERIAL_PORT_H

#include <libserialport.h>
#include <stdbool.h>
#include <stddef.h>

struct serial_spec {
        char path[256];
        int baud;
        enum sp_flowcontrol flow;
        bool dtr_kick; /* kick=dtr: a drawer opened by a DTR pulse (drawers only) */
};

/* The device's path and settings from the URI's argument; -EINVAL on an unknown or bad
 * setting. Default 9600 baud, no flow control. */
int serial_spec_parse(const char *arg, struct serial_spec *ret);

/* A driver's state of size bytes, zeroed, that starts with a struct serial_spec read
 * from arg; -EINVAL or -ENOMEM. */
int serial_dev_new(const char *arg, size_t size, void **ret);

/* The port opened and set up; -EAGAIN while it is not there. */
int serial_port_open(const struct serial_spec *s, struct sp_port **ret);

/* NULL accepted. */
void serial_port_close(struct sp_port *p);

#endif
