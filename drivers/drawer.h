/* Cash drawers on a line of their own: one vtable, one file per kind, one registry
 * (drawers.c). A drawer on a receipt printer's drawer port needs none of this: the
 * printer's ESC p does it. */
#ifndef POSD_DRAWER_H
#define POSD_DRAWER_H

#include <stdbool.h>

struct drawer_ops {
        const char *scheme; /* "serial" */
        int (*open)(const char *arg, void **ret);
        /* Open the drawer: fire pin (2 or 5) for pulse_ms. 0 once done; -EAGAIN while the
         * line is not there. */
        int (*kick)(void *dev, int pin, int pulse_ms);
        void (*close)(void *dev);
};

const struct drawer_ops *drawer_driver(const char *uri, const char **arg);

#endif
