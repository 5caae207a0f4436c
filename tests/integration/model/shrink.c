/* Delta debugging over a failing list of operations: chunks removed while the run still
 * fails the same invariant, then single operations, each try on a fresh store, within a
 * bound of re-runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static bool still_fails(const struct op *ops, int n, const struct run_opts *o, const char *tag, int *runs)
{
        struct run_result r;

        (*runs)++;
        model_run(ops, n, o, &r);
        return r.failed && !strcmp(r.tag, tag);
}

int model_shrink(struct op *ops, int n, const struct run_opts *o, const char *tag, int max_runs)
{
        struct op *try = malloc((size_t)n * sizeof(*ops));
        int runs = 0;

        if (!try)
                return n;
        for (int chunk = n / 2; chunk >= 1 && runs < max_runs; chunk /= 2) {
                for (int at = 0; at + chunk <= n && runs < max_runs;) {
                        /* the list without [at, at + chunk) */
                        memcpy(try, ops, (size_t)at * sizeof(*ops));
                        memcpy(try + at, ops + at + chunk, (size_t)(n - at - chunk) * sizeof(*ops));
                        if (still_fails(try, n - chunk, o, tag, &runs)) {
                                n -= chunk;
                                memcpy(ops, try, (size_t)n * sizeof(*ops));
                        } else {
                                at += chunk;
                        }
                }
        }
        free(try);
        return n;
}
