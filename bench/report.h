/* What a benchmark measured (a row), the goals rows are held to, and the table of both:
 * shared by make bench and make bench-chain. */
#ifndef POSD_BENCH_REPORT_H
#define POSD_BENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a child sends back through its pipe. */
struct result {
        int64_t count;
        double seconds;
        double p50_us, p99_us; /* latency benchmarks */
        double old_us, new_us; /* searches: the old query and catalog_search(), in-process medians */
        double cpu_s, posd_cpu_s; /* CPU time of posd and the clients, and of posd alone, while timed (0: not taken) */
};

enum show { SHOW_RATE, SHOW_MS, SHOW_LATENCY };

struct row {
        const char *name;
        const char *unit;
        enum show show;
        bool ran;
        struct result res;
        double rss_mib;
};

enum figure {
        FIG_RATIO,  /* rate of row ÷ rate of over */
        FIG_RATE,   /* row's count a second */
        FIG_P99_MS, /* row's p99 */
        FIG_RSS,    /* row's peak RSS, MiB */
        FIG_NONE,   /* not measured yet */
};

/* What bounds a ratio on this machine, from the CPU the rows took: */
enum bound {
        BOUND_NONE,
        BOUND_CORES, /* row ÷ over, over's lanes using what they do of the cores: cores ÷ that */
        BOUND_CPU,   /* row's rate if its sales took only their CPU time, ÷ over's rate */
        BOUND_FLOOR, /* the figure the goal's floor row makes in place of its row: the same work done
                      * the plainest way */
        BOUND_SHARE, /* the least a p99 can be when row's lanes share the cores at its CPU a sale */
        BOUND_ALL_CORES, /* row's rate if the cores did nothing but its work, at the CPU it took (cpu_s) */
};

struct goal {
        const char *what;
        enum figure fig;
        const char *row, *over;
        bool at_least; /* the figure must be ≥ target, else ≤ */
        double target;
        const char *unit;
        enum bound bound;
        const char *floor, *floor_is; /* BOUND_FLOOR: the row, and what it does */
};

double now_s(void); /* util.c: monotonic seconds */
/* A line of the table: name, result and unit, seconds and peak RSS (< 0: the column is
 * empty). */
void print_row(const char *name, const char *result, const char *unit, double seconds, double rss);
/* Columns a terminal gives s: Chinese characters take two. */
int text_width(const char *s);
/* goals.c: a row's count a second, a row by name (NULL unless it ran), and the goals of
 * the run, printed and written to json_path (when not NULL) with every row */
double row_rate(const struct row *r);
const struct row *find_row(const struct row *rows, size_t n, const char *name);
int goals_report(const struct goal *goals, size_t ngoals, const struct row *rows, size_t n, const char *machine,
                 const char *json_path);

uint64_t xorshift64(uint64_t *s);
/* qsort's order of doubles */
int cmp_double(const void *a, const void *b);

/* make bench's goals (goals.c) */
extern const struct goal posd_goals[];
extern const size_t posd_ngoals;

#endif
