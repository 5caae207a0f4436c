/* The registry of drawer drivers. */
#include <string.h>

#include "drawer.h"

extern const struct drawer_ops serial_drawer_ops;

static const struct drawer_ops *const drivers[] = {
        &serial_drawer_ops,
};

const struct drawer_ops *drawer_driver(const char *uri, const char **arg)
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
