/* The registry of printer drivers: the one place that lists them. */
#include <string.h>

#include "printer.h"

extern const struct printer_ops sim_printer_ops, tcp_printer_ops, lp_printer_ops, usb_printer_ops,
        serial_printer_ops, cups_printer_ops;

static const struct printer_ops *const drivers[] = {
        &sim_printer_ops,
        &tcp_printer_ops,
        &lp_printer_ops,
        &usb_printer_ops,
        &serial_printer_ops,
        &cups_printer_ops,
};

const struct printer_ops *printer_driver(const char *uri, const char **arg)
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
