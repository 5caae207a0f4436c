/* The simulated scanner: codes written to a FIFO, one a line ("sim:/run/posd/scan"),
 * as `posctl scan CODE` does. They take the same path a real scan takes. A file beside
 * it named FIFO.unplugged plays the scanner pulled out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "line_reader.h"
#include "scanner.h"

struct sim_scanner {
        int fd;
        struct line_reader lines;
        char unplugged[PATH_MAX];
};

static int sim_open(const char *arg, void **ret)
{
        struct sim_scanner *s;
        struct stat st;

        if (arg[0] != '/')
                return -EINVAL;
        if (mkfifo(arg, 0660) < 0 && errno != EEXIST)
                return -errno;
        if (stat(arg, &st) < 0 || !S_ISFIFO(st.st_mode))
                return -ENOTSUP;
        if (!(s = calloc(1, sizeof(*s))))
                return -ENOMEM;
        /* read and write: the FIFO never reads end-of-file when a writer goes */
        if ((s->fd = open(arg, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
                free(s);
                return -errno;
        }
        snprintf(s->unplugged, sizeof(s->unplugged), "%s.unplugged", arg);
        *ret = s;
        return 0;
}

static int sim_fd(void *dev)
{
        struct sim_scanner *s = dev;

        return access(s->unplugged, F_OK) == 0 ? -1 : s->fd;
}

static int sim_read(void *dev, char code[static SCAN_MAX + 1])
{
        struct sim_scanner *s = dev;

        return line_read(s->fd, &s->lines, code);
}

static void sim_close(void *dev)
{
        struct sim_scanner *s = dev;

        if (!s)
                return;
        close(s->fd);
        free(s);
}

const struct scanner_ops sim_scanner_ops = {
        .scheme = "sim",
        .open = sim_open,
        .fd = sim_fd,
        .read = sim_read,
        .close = sim_close,
};
