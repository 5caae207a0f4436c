/* The simulated printer of the demo and the UI tests: "sim:DIR". Each job's ESC/POS
 * bytes go to DIR/NNNNNN.bin and what the paper would show to DIR/NNNNNN.txt. A file
 * DIR/paper-out, DIR/cover-open or DIR/offline plays that condition. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "printer.h"

struct sim_printer {
        char dir[PATH_MAX - 32];
        unsigned next;
};

static bool exists_in(const struct sim_printer *p, const char *name)
{
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "%s/%s", p->dir, name);
        return access(path, F_OK) == 0;
}

static int sim_open(const char *arg, void **ret)
{
        struct sim_printer *p;
        char path[PATH_MAX];

        if (!*arg || strlen(arg) >= sizeof(p->dir))
                return -EINVAL;
        if (mkdir(arg, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (!(p = calloc(1, sizeof(*p))))
                return -ENOMEM;
        snprintf(p->dir, sizeof(p->dir), "%s", arg);
        /* number on from the receipts already there */
        do
                snprintf(path, sizeof(path), "%s/%06u.bin", p->dir, ++p->next);
        while (access(path, F_OK) == 0);
        *ret = p;
        return 0;
}

static int write_file(const char *path, const void *data, size_t n)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), r = 0;

        if (fd < 0)
                return -errno;
        if (fd_write_all(fd, data, n, 1000) < 0 || fsync(fd) < 0)
                r = -EIO;
        close(fd);
        return r;
}

static int sim_write(void *dev, const uint8_t *b, size_t n)
{
        struct sim_printer *p = dev;
        char path[PATH_MAX], *text = NULL;
        size_t len = 0;
        int r;

        if (exists_in(p, "offline") || exists_in(p, "paper-out") || exists_in(p, "cover-open"))
                return -EAGAIN;
        if ((r = escpos_text(b, n, &text, &len)) < 0)
                return r;
        snprintf(path, sizeof(path), "%s/%06u.txt", p->dir, p->next);
        r = write_file(path, text, len);
        free(text);
        snprintf(path, sizeof(path), "%s/%06u.bin", p->dir, p->next);
        /* the .bin last: a receipt is there once its bytes are */
        if (r == 0 && (r = write_file(path, b, n)) == 0)
                p->next++;
        return r;
}

static int sim_status(void *dev, struct printer_status *ret)
{
        struct sim_printer *p = dev;

        memset(ret, 0, sizeof(*ret));
        ret->online = !exists_in(p, "offline");
        ret->paper_out = exists_in(p, "paper-out");
        ret->paper_near_end = exists_in(p, "paper-near-end");
        ret->cover_open = exists_in(p, "cover-open");
        ret->drawer_open = exists_in(p, "drawer-open");
        return 0;
}

static void sim_close(void *dev)
{
        free(dev);
}

const struct printer_ops sim_printer_ops = {
        .scheme = "sim",
        .open = sim_open,
        .write = sim_write,
        .status = sim_status,
        .close = sim_close,
};
