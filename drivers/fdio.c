/* Bytes to and from a printer over a file descriptor (a socket or /dev/usb/lp*). */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "printer.h"

static int64_t now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int fd_write_all(int fd, const uint8_t *p, size_t n, int timeout_ms)
{
        int64_t until = now_ms() + timeout_ms;

        while (n) {
                struct pollfd pf = { fd, POLLOUT, 0 };
                int64_t left = until - now_ms();
                ssize_t w;
                if (left <= 0)
                        return -ETIMEDOUT;
                if (poll(&pf, 1, (int)left) <= 0)
                        continue;
                if (pf.revents & (POLLERR | POLLHUP))
                        return -EPIPE;
                w = write(fd, p, n);
                if (w < 0) {
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        return -errno;
                }
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

static int read_byte(int fd, int timeout_ms, uint8_t *ret)
{
        struct pollfd pf = { fd, POLLIN, 0 };
        int r = poll(&pf, 1, timeout_ms);

        if (r == 0)
                return -ETIMEDOUT;
        if (r < 0 || !(pf.revents & POLLIN))
                return -EPIPE;
        r = (int)read(fd, ret, 1);
        return r == 1 ? 0 : r == 0 ? -EPIPE : -errno;
}

int fd_printer_status(int fd, int timeout_ms, struct printer_status *ret)
{
        static const int asks[] = { 1, 2, 4 };
        struct printer_status s;
        uint8_t q[3], b, junk[64];
        int r;

        memset(&s, 0, sizeof(s));
        /* drop anything stale, such as a late answer to an earlier question */
        for (struct pollfd pf = { fd, POLLIN, 0 }; poll(&pf, 1, 0) > 0 && (pf.revents & POLLIN);)
                if (read(fd, junk, sizeof(junk)) <= 0)
                        break;
        for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
                escpos_status_query(asks[i], q);
                if ((r = fd_write_all(fd, q, sizeof(q), timeout_ms)) < 0 || (r = read_byte(fd, timeout_ms, &b)) < 0)
                        return r;
                if ((r = escpos_status_parse(asks[i], b, &s)) < 0)
                        return r;
        }
        *ret = s;
        return 0;
}
