/* The kernel's USB printer node: "lp:/dev/usb/lp0". usblp passes bytes both ways, so the
 * real-time status can be asked. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"

#define WRITE_MS 10000
#define STATUS_MS 500

struct lp_printer {
        char path[256];
        int fd;
};

static int lp_open(const char *arg, void **ret)
{
        struct lp_printer *p;

        if (arg[0] != '/' || strlen(arg) >= sizeof(p->path))
                return -EINVAL;
        if (!(p = calloc(1, sizeof(*p))))
                return -ENOMEM;
        memcpy(p->path, arg, strlen(arg) + 1);
        p->fd = -1;
        *ret = p;
        return 0;
}

/* Opened on demand: the node goes away when the cable is pulled and comes back. */
static int lp_ready(struct lp_printer *p)
{
        if (p->fd >= 0)
                return 0;
        p->fd = open(p->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        return p->fd >= 0 ? 0 : -EAGAIN;
}

static void lp_drop(struct lp_printer *p)
{
        if (p->fd >= 0)
                close(p->fd);
        p->fd = -1;
}

static int lp_write(void *dev, const uint8_t *b, size_t n)
{
        struct lp_printer *p = dev;

        if (lp_ready(p) < 0)
                return -EAGAIN;
        if (fd_write_all(p->fd, b, n, WRITE_MS) < 0) {
                lp_drop(p);
                return -EAGAIN;
        }
        return 0;
}

static int lp_status(void *dev, struct printer_status *ret)
{
        struct lp_printer *p = dev;
        int r;

        memset(ret, 0, sizeof(*ret));
        if (lp_ready(p) < 0)
                return 0; /* not there: offline */
        r = fd_printer_status(p->fd, STATUS_MS, ret);
        if (r == -ETIMEDOUT)
                return -ENOTSUP;
        if (r < 0)
                lp_drop(p);
        return 0;
}

static void lp_close(void *dev)
{
        struct lp_printer *p = dev;

        if (!p)
                return;
        lp_drop(p);
        free(p);
}

const struct printer_ops lp_printer_ops = {
        .scheme = "lp",
        .open = lp_open,
        .write = lp_write,
        .status = lp_status,
        .close = lp_close,
};
