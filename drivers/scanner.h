/* Barcode scanners: one vtable, one file per kind, one registry (scanners.c). A driver
 * turns bytes into codes; what a code means is not its business. */
#ifndef POSD_SCANNER_H
#define POSD_SCANNER_H

#include <stddef.h>

#define SCAN_MAX 96 /* the longest code a scanner may send: a GS1 label, its identifier and separators */

struct scanner_ops {
        const char *scheme; /* "sim" */
        int (*open)(const char *arg, void **ret);
        /* The descriptor to poll for input; -1 while the device is away (it is looked
         * for again at each call, so a scanner plugged back in is picked up). */
        int (*fd)(void *dev);
        /* After the descriptor polled readable: 1 and a code, 0 when no whole code is in
         * yet, -EMSGSIZE for an over-long code (dropped), or an error. */
        int (*read)(void *dev, char code[static SCAN_MAX + 1]);
        void (*close)(void *dev);
};

const struct scanner_ops *scanner_driver(const char *uri, const char **arg);

#endif
