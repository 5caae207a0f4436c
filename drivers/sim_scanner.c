/* The simulated scanner: codes written to a FIFO, one a line ("sim:/run/posd/scan"),
 * as `posctl scan CODE` does. They take the same path a real scan takes. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanner.h"

struct sim_scanner {
        int fd;
        char line[SCAN_MAX + 2];
        size_t len;
        bool overlong;
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
        *ret = s;
        return 0;
}

static int sim_fd(void *dev)
{
        return ((struct sim_scanner *)dev)->fd;
}

static int sim_read(void *dev, char code[static SCAN_MAX + 1])
{
        struct sim_scanner *s = dev;
        char c;
        ssize_t n;

        while ((n = read(s->fd, &c, 1)) == 1) {
                if (c == '\r')
                        continue;
                if (c == '\n') {
                        bool drop = s->overlong;
                        s->line[s->len] = '\0';
                        memcpy(code, s->line, s->len + 1);
                        s->len = 0;
                        s->overlong = false;
                        if (drop)
                                return -EMSGSIZE;
                        if (code[0])
                                return 1;
                        continue;
                }
                if (s->len < SCAN_MAX)
                        s->line[s->len++] = c;
                else
                        s->overlong = true;
        }
        return n < 0 && errno != EAGAIN ? -errno : 0;
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
