/* Helpers every benchmark program shares. */
#include <stdio.h>
#include <time.h>

#include "report.h"

double now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t xorshift64(uint64_t *s)
{
        uint64_t x = *s;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return *s = x;
}

int text_width(const char *s)
{
        int w = 0;

        for (const unsigned char *c = (const unsigned char *)s; *c; c++)
                if ((*c & 0xC0) != 0x80)
                        w += *c >= 0xE3 && *c <= 0xED ? 2 : 1;
        return w;
}

/* seconds or rss < 0: the column is empty. */
void print_row(const char *name, const char *result, const char *unit, double seconds, double rss)
{
        char t[32] = "-", m[32] = "-";
        int pad = 42 - text_width(name);

        if (seconds >= 0)
                snprintf(t, sizeof(t), "%.2f s", seconds);
        if (rss >= 0)
                snprintf(m, sizeof(m), "%.1f MiB", rss);
        printf("  %s%*s %12s  %-10s %10s %12s\n", name, pad > 0 ? pad : 0, "", result, unit, t, m);
}

int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return x < y ? -1 : x > y;
}
