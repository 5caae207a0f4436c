/* The registry of scanner drivers. */
#include <string.h>

#include "scanner.h"

extern const struct scanner_ops sim_scanner_ops, evdev_scanner_ops, hid_scanner_ops, serial_scanner_ops;

static const struct scanner_ops *const drivers[] = {
        &sim_scanner_ops,
        &evdev_scanner_ops,
        &hid_scanner_ops,
        &serial_scanner_ops,
};

const struct scanner_ops *scanner_driver(const char *uri, const char **arg)
{
        for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
                size_t n = strlen(drivers[i]->scheme);
                if (!strncmp(uri, drivers[i]->scheme, n) && uri[n] == ':') {
                        *arg = uri + n + 1;
                        return drivers[i];
                }
        }
        return NULL;
}
