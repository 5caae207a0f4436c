/* Log lines for journald. */
#include <stdarg.h>
#include <stdio.h>

#include "ledger/text.h"
#include "log.h"

void log_at(const char *prefix, const char *fmt, ...)
{
        char line[1024];
        va_list ap;

        va_start(ap, fmt);
        utf8_vprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        fprintf(stderr, "%sposd: %s\n", prefix, line);
}
