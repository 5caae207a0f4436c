/* Log lines for journald. */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

void log_at(const char *prefix, const char *fmt, ...)
{
        char line[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        fprintf(stderr, "%sposd: %s\n", prefix, line);
}
