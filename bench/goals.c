/* The goals the benchmarks are held to, each figure of one run against its goal with ✔
 * or ✘, and the whole run as JSON so that two runs can be compared. Goals are ratios within the run wherever the figure depends on the
 * machine (a raw SQLite loop on the same disk, one lane against eight); latencies are the
 * daemon's own share over loopback. A goal whose rows were not run is left out; one
 * whose measurement does not exist yet is shown as such, never as met. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define RAW RAW_ROW
#define ONE_LANE "completed sales over HTTP, 1 lane"

const struct goal posd_goals[] = {
        { "core posting / raw SQLite", FIG_RATIO, "sale postings (core, durable)", RAW, true, 0.9, "x", BOUND_FLOOR,
          SALE_FLOOR_ROW, "the same sales' rows written straight into posd's tables and indexes with raw SQLite" },
        { "a whole sale over HTTP, 1 lane / raw SQLite", FIG_RATIO, ONE_LANE, RAW, true, 0.5, "x", BOUND_CPU, NULL, NULL },
        { "8 lanes' sales / 1 lane's", FIG_RATIO, "completed sales over HTTP, 8 lanes", ONE_LANE, true, 2.5, "x",
          BOUND_CORES, NULL, NULL },
        { "16 lanes for a minute, p99 of a sale (no errors)", FIG_P99_MS, "load: 16 lanes selling, a sale p50 / p99",
          NULL, false, 50, "ms", BOUND_SHARE, NULL, NULL },
        { "import of 1,000,000 products over HTTP, the till selling", FIG_RATE,
          "import over HTTP while a lane adds lines", NULL, true, 65000, "rows/s", BOUND_FLOOR, FLOOR_ROW,
          "the same rows written straight into this schema with raw SQLite, nothing checked, in 10 ms transactions," },
        { "add a line during that import, p99", FIG_P99_MS, "import over HTTP while a lane adds lines", NULL, false,
          20, "ms", BOUND_NONE, NULL, NULL },
        { "add a line by barcode, p99", FIG_P99_MS, "add line by barcode over HTTP, p50 / p99", NULL, false, 2, "ms", BOUND_NONE, NULL, NULL },
        { "posd's peak RSS with 1,000,000 products", FIG_RSS, "add line by barcode over HTTP, p50 / p99", NULL, false,
          30, "MiB", BOUND_NONE, NULL, NULL },
        { "product list, first page, p99", FIG_P99_MS, "product list over HTTP, first page", NULL, false, 20, "ms", BOUND_NONE, NULL, NULL },
        { "search 'Green tea', p99", FIG_P99_MS, "product search 'Green tea' (1 in 10)", NULL, false, 20, "ms", BOUND_NONE, NULL, NULL },
        { "search 'water 4242', p99", FIG_P99_MS, "product search 'water 4242' (11)", NULL, false, 20, "ms", BOUND_NONE, NULL, NULL },
        { "search '绿茶', p99", FIG_P99_MS, "product search '绿茶' (1 in 10)", NULL, false, 20, "ms", BOUND_NONE, NULL, NULL },
        { "search '可乐', p99", FIG_P99_MS, "product search '可乐' (none)", NULL, false, 20, "ms", BOUND_NONE, NULL, NULL },
        { "search 'lvcha' (pinyin), p99", FIG_P99_MS, "product search 'lvcha', pinyin (1 in 10)", NULL, false, 20, "ms",
          BOUND_NONE, NULL, NULL },
        { "search 'l' (one letter), p99", FIG_P99_MS, "product search 'l', one letter", NULL, false, 20, "ms",
          BOUND_NONE, NULL, NULL },
        { "search by barcode, p99", FIG_P99_MS, "product search by barcode (1)", NULL, false, 20, "ms", BOUND_NONE, NULL, NULL },
        { "scanner event to line on the ticket, p99", FIG_P99_MS, "scanner code to its line's event, p50 / p99", NULL,
          false, 5, "ms", BOUND_NONE, NULL, NULL },
        { "commit to first receipt byte at a TCP printer, p99", FIG_P99_MS,
          "sale answered to receipt's 1st byte (TCP)", NULL, false, 5, "ms", BOUND_NONE, NULL, NULL },
        { "cold start with 1,000,000 products (the longest of 5)", FIG_P99_MS,
          "posd's start until it listens, p50 / max of 5", NULL, false, 200, "ms", BOUND_NONE, NULL, NULL },
};

const size_t posd_ngoals = sizeof(posd_goals) / sizeof(posd_goals[0]);

double row_rate(const struct row *r)
{
        return r->res.seconds > 0 ? (double)r->res.count / r->res.seconds : 0;
}

const struct row *find_row(const struct row *rows, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (rows[i].ran && !strcmp(rows[i].name, name))
                        return &rows[i];
        return NULL;
}

/* The figure of g in this run: 1 and *ret, 0 when its rows were not run, -1 when it is
 * not measured yet. */
static int figure(const struct goal *g, const struct row *rows, size_t n, double *ret)
{
        const struct row *a = g->row ? find_row(rows, n, g->row) : NULL, *b = g->over ? find_row(rows, n, g->over) : NULL;

        if (g->fig == FIG_NONE)
                return -1;
        if (!a || (g->over && !b))
                return 0;
        switch (g->fig) {
        case FIG_RATIO: *ret = row_rate(b) > 0 ? row_rate(a) / row_rate(b) : 0; break;
        case FIG_RATE: *ret = row_rate(a); break;
        case FIG_P99_MS: *ret = a->res.p99_us / 1000; break;
        case FIG_RSS: *ret = a->rss_mib; break;
        default: return -1;
        }
        return 1;
}

/* The most g's ratio can be on this machine, and why, in note; 0 when not known. */
static double bound(const struct goal *g, const struct row *rows, size_t n, char *note, size_t size)
{
        const struct row *a = find_row(rows, n, g->row), *b = g->over ? find_row(rows, n, g->over) : NULL,
                         *f = g->floor ? find_row(rows, n, g->floor) : NULL;
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        double busy, ms, posd_ms, max;

        if (!a || (g->over && !b) || (g->bound == BOUND_FLOOR && !f))
                return 0;
        switch (g->bound) {
        case BOUND_CORES:
                if (b->res.cpu_s <= 0 || b->res.seconds <= 0)
                        return 0;
                busy = b->res.cpu_s / b->res.seconds; /* cores one lane keeps busy, posd and client */
                max = (double)cores / busy;
                snprintf(note, size, "one lane keeps %.2f of the %ld cores busy (posd and its client): %.2f at most "
                         "here, if a sale took the same CPU (%.2f ms) in a crowd; it took %.2f ms", busy, cores, max,
                         1000 * b->res.cpu_s / (double)b->res.count,
                         a->res.count > 0 ? 1000 * a->res.cpu_s / (double)a->res.count : 0);
                return max;
        case BOUND_CPU:
                if (a->res.cpu_s <= 0 || a->res.count <= 0 || row_rate(b) <= 0)
                        return 0;
                ms = 1000 * a->res.cpu_s / (double)a->res.count;
                posd_ms = 1000 * a->res.posd_cpu_s / (double)a->res.count;
                max = (1000 / ms) / row_rate(b);
                snprintf(note, size, "a sale takes %.2f ms of CPU (posd %.2f, its client %.2f), the raw loop's %.2f ms "
                         "in all: %.2f at most at this CPU a sale", ms, posd_ms, ms - posd_ms, 1000 / row_rate(b), max);
                return max;
        case BOUND_SHARE:
                if (a->res.cpu_s <= 0 || a->res.count <= 0)
                        return 0;
                ms = 1000 * a->res.cpu_s / (double)a->res.count;
                max = LOAD_LANES * ms / (double)cores;
                snprintf(note, size, "%d lanes at once share the %ld cores, and a sale took %.2f ms of CPU there "
                         "(posd and its clients): each waits for the others', %.1f ms at the least",
                         LOAD_LANES, cores, ms, max);
                return max;
        case BOUND_ALL_CORES:
                if (a->res.cpu_s <= 0 || a->res.count <= 0)
                        return 0;
                ms = 1000 * a->res.cpu_s / (double)a->res.count;
                max = (double)cores * 1000 / ms;
                snprintf(note, size, "HQ's PostgreSQL took %.2f ms of CPU a sale: %.0f %s at most on these %ld cores if "
                         "it had them all (the stores' side shares them here)", ms, max, g->unit, cores);
                return max;
        case BOUND_FLOOR:
                max = b ? (row_rate(b) > 0 ? row_rate(f) / row_rate(b) : 0) : row_rate(f);
                snprintf(note, size, b ? "%s reach %.2f %s here" : "%s reach %.0f %s here", g->floor_is, max, g->unit);
                return max;
        default:
                return 0;
        }
}

static json_t *row_json(const struct row *r)
{
        return json_pack("{s:s,s:s,s:I,s:f,s:f,s:f,s:f,s:f,s:f}", "name", r->name, "unit", r->unit, "count",
                         (json_int_t)r->res.count, "seconds", r->res.seconds, "p50_us", r->res.p50_us, "p99_us",
                         r->res.p99_us, "peak_rss_mib", r->rss_mib, "cpu_s", r->res.cpu_s, "posd_cpu_s",
                         r->res.posd_cpu_s);
}

int goals_report(const struct goal *goals, size_t ngoals, const struct row *rows, size_t n, const char *machine,
                 const char *json_path)
{
        json_t *doc = json_pack("{s:s,s:[],s:[]}", "machine", machine, "rows", "goals");
        int met = 0, missed = 0, r = 0;

        if (!doc)
                return -1;
        for (size_t i = 0; i < n; i++)
                if (rows[i].ran)
                        json_array_append_new(json_object_get(doc, "rows"), row_json(&rows[i]));
        printf("\n  %-52s %12s  %-14s %s\n", "goal", "now", "", "met");
        for (size_t i = 0; i < ngoals; i++) {
                const struct goal *g = &goals[i];
                char now[32] = "not measured", want[32], note[200] = "";
                double v = 0, most;
                int have = figure(g, rows, n, &v);
                bool ok = have > 0 && (g->at_least ? v >= g->target : v <= g->target);

                if (have == 0)
                        continue;
                if (have > 0)
                        snprintf(now, sizeof(now), g->fig == FIG_RATIO ? "%.2f" : "%.1f", v);
                snprintf(want, sizeof(want), "%s %g %s", g->at_least ? ">=" : "<=", g->target, g->unit);
                most = have > 0 && g->bound ? bound(g, rows, n, note, sizeof(note)) : 0;
                printf("  %s%*s %12s  %-14s %s\n", g->what, 52 - text_width(g->what), "", now, want, ok ? "✔" : "✘");
                if (note[0] && g->at_least)
                        printf("      %s; reached %.0f%% of it\n", note, 100 * v / most);
                else if (note[0])
                        printf("      %s; the p99 is %.1f times that\n", note, v / most);
                ok ? met++ : missed++;
                json_array_append_new(json_object_get(doc, "goals"),
                                      json_pack("{s:s,s:o,s:s,s:f,s:s,s:b,s:o,s:s}", "goal", g->what, "now",
                                                have > 0 ? json_real(v) : json_null(), "op", g->at_least ? ">=" : "<=",
                                                "target", g->target, "unit", g->unit, "met", ok, "bound",
                                                most > 0 ? json_real(most) : json_null(), "why", note));
        }
        printf("  %d goals met, %d not\n", met, missed);
        if (json_path && json_dump_file(doc, json_path, JSON_INDENT(1) | JSON_REAL_PRECISION(6)) < 0) {
                fprintf(stderr, "bench: cannot write %s\n", json_path);
                r = -1;
        }
        json_decref(doc);
        return r;
}
