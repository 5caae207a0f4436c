/* Network receipt printers on a raw TCP port (9100): "tcp:HOST:PORT". */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "printer.h"

#define CONNECT_MS 2000
#define WRITE_MS 10000
#define STATUS_MS 500

struct tcp_printer {
        struct sockaddr_in addr;
        int fd;
        bool answers; /* it has answered a status query: its answers confirm delivery */
};

static int tcp_open(const char *arg, void **ret)
{
        struct tcp_printer *p;
        const char *colon = strrchr(arg, ':');
        char host[64];
        char *end;
        long port;

        if (!colon || (size_t)(colon - arg) >= sizeof(host))
                return -EINVAL;
        memcpy(host, arg, (size_t)(colon - arg));
        host[colon - arg] = '\0';
        port = strtol(colon + 1, &end, 10);
        if (*end || port < 1 || port > 65535)
                return -EINVAL;
        if (!(p = calloc(1, sizeof(*p))))
                return -ENOMEM;
        p->addr.sin_family = AF_INET;
        p->addr.sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host, &p->addr.sin_addr) != 1) {
                free(p);
                return -EINVAL;
        }
        p->fd = -1;
        *ret = p;
        return 0;
}

/* A printer on this host that is not listening can leave a socket connected to itself
 * (a TCP simultaneous open on a port of the ephemeral range): that is no printer. */
static bool self_connected(const struct tcp_printer *p)
{
        struct sockaddr_in local;
        socklen_t len = sizeof(local);

        return getsockname(p->fd, (struct sockaddr *)&local, &len) == 0 && local.sin_port == p->addr.sin_port &&
               local.sin_addr.s_addr == p->addr.sin_addr.s_addr;
}

/* Connected, or -EAGAIN: a network printer comes and goes, so connect on demand. */
static int tcp_connect(struct tcp_printer *p)
{
        struct pollfd pf;
        int err = 0, one = 1;
        socklen_t len = sizeof(err);

        if (p->fd >= 0)
                return 0;
        p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (p->fd < 0)
                return -errno;
        setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (connect(p->fd, (struct sockaddr *)&p->addr, sizeof(p->addr)) < 0 && errno != EINPROGRESS)
                goto gone;
        pf = (struct pollfd){ p->fd, POLLOUT, 0 };
        if (poll(&pf, 1, CONNECT_MS) <= 0 || getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err ||
            self_connected(p))
                goto gone;
        return 0;
gone:
        close(p->fd);
        p->fd = -1;
        return -EAGAIN;
}

static void tcp_drop(struct tcp_printer *p)
{
        close(p->fd); /* a fresh connection next time */
        p->fd = -1;
}

/* A write to a socket whose printer just went away can still succeed: a printer that
 * answers status is asked once more after the receipt, and its answer, which comes after
 * the receipt's bytes, is what says they arrived. */
static int tcp_write(void *dev, const uint8_t *b, size_t n)
{
        struct tcp_printer *p = dev;
        struct printer_status st;
        int r;

        if ((r = tcp_connect(p)) < 0)
                return r;
        if (fd_write_all(p->fd, b, n, WRITE_MS) < 0) {
                tcp_drop(p);
                return -EAGAIN;
        }
        r = fd_printer_status(p->fd, WRITE_MS, &st);
        if (r == 0) {
                p->answers = true;
                return 0;
        }
        if (r == -ETIMEDOUT && !p->answers)
                return 0; /* a printer that never answers: sent is all that can be known */
        tcp_drop(p);
        return -EAGAIN;
}

static int tcp_status(void *dev, struct printer_status *ret)
{
        struct tcp_printer *p = dev;
        int r;

        if ((r = tcp_connect(p)) < 0) {
                memset(ret, 0, sizeof(*ret)); /* offline */
                return 0;
        }
        r = fd_printer_status(p->fd, STATUS_MS, ret);
        if (r == 0)
                p->answers = true;
        if (r == -ETIMEDOUT && !p->answers)
                return -ENOTSUP; /* connected, but it does not answer status */
        if (r < 0) {
                close(p->fd);
                p->fd = -1;
                memset(ret, 0, sizeof(*ret));
                return 0;
        }
        return 0;
}

static void tcp_close(void *dev)
{
        struct tcp_printer *p = dev;

        if (!p)
                return;
        if (p->fd >= 0)
                close(p->fd);
        free(p);
}

const struct printer_ops tcp_printer_ops = {
        .scheme = "tcp",
        .open = tcp_open,
        .write = tcp_write,
        .status = tcp_status,
        .close = tcp_close,
};
