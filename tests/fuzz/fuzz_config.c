/* posd.conf: any file the parser may be pointed at. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct posd_config *c;
        char path[64], err[512];
        int fd = memfd_create("posd.conf", 0);

        if (fd < 0)
                return 0;
        if (write(fd, data, size) == (ssize_t)size && (c = calloc(1, sizeof(*c)))) {
                snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
                config_defaults(c);
                (void)config_load(path, c, err, sizeof(err));
                free(c);
        }
        close(fd);
        return 0;
}
