/* Codes arriving as lines of text on a descriptor (a FIFO, a pipe, a serial line): CR
 * and LF end a code, an over-long one is dropped whole. */
#ifndef POSD_LINE_READER_H
#define POSD_LINE_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "scanner.h"

struct line_reader {
        char line[SCAN_MAX + 1];
        size_t len;
        bool overlong;
};

/* What scanner_ops.read answers: 1 and a code, 0 when no whole line is in yet,
 * -EMSGSIZE for a dropped over-long line, -EPIPE at end of file, or -errno. */
int line_read(int fd, struct line_reader *lr, char code[static SCAN_MAX + 1]);

#endif
