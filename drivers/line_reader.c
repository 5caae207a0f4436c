/* Lines of text into codes, a byte at a time so nothing past a code's end is taken. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "line_reader.h"

int line_read(int fd, struct line_reader *lr, char code[static SCAN_MAX + 1])
{
        char c;
        ssize_t n;

        while ((n = read(fd, &c, 1)) == 1) {
                if (c == '\r' || c == '\n') {
                        bool drop = lr->overlong;
                        size_t len = lr->len;
                        lr->len = 0;
                        lr->overlong = false;
                        if (drop)
                                return -EMSGSIZE;
                        if (!len)
                                continue; /* the LF of a CR LF, or an empty line */
                        memcpy(code, lr->line, len);
                        code[len] = '\0';
                        return 1;
                }
                if (lr->len < SCAN_MAX)
                        lr->line[lr->len++] = c;
                else
                        lr->overlong = true;
        }
        if (n == 0) /* end of file: a serial line hung up */
                return -EPIPE;
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
}
