/* make bench-chain runs and prints its table: tools/bench-chain at a smoke run's scale
 * (--smoke: 20 stores, seconds) against a PostgreSQL of its own, every row measured and
 * every goal printed with its figure and ✔ or ✘, and the run written as JSON. The
 * figures themselves are the bench's to judge, not a test's. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static void test_bench_chain_prints_its_table(void **state)
{
        static const char *const goals[] = {
                "HQ takes 1,000 stores' backlog", "1,000 stores selling 5,000 sales/s: HQ keeps up",
                "... the sync delay, p99", "a store a day offline (2,000 sales) caught up",
                "a price from HQ in force at every store, p99", "a month's sales by store, 100,000,000 lines",
        };
        struct tstore t;
        char cmd[2048], json[256], *out = malloc(1 << 16);
        json_t *doc, *g;
        size_t i;
        (void)state;

        assert_non_null(out);
        tstore_dir(&t);
        snprintf(json, sizeof(json), "%s/chain.json", t.dir);
        snprintf(cmd, sizeof(cmd), "%s/tools/bench-chain %s %s %s %s --smoke 2>&1", getenv("SRCDIR"), getenv("POSCTL"),
                 getenv("POSD_PLAIN"), getenv("BENCH_CHAIN"), json);
        if (trun(cmd, out, 1 << 16) != 0)
                fail_msg("%s:\n%s", cmd, out);
        for (i = 0; i < sizeof(goals) / sizeof(goals[0]); i++) {
                const char *at = strstr(out, goals[i]), *eol = at ? strchr(at, '\n') : NULL;
                if (!at || !eol || (!memmem(at, (size_t)(eol - at), "✔", 3) && !memmem(at, (size_t)(eol - at), "✘", 3)))
                        fail_msg("no line for '%s' with ✔ or ✘ in:\n%s", goals[i], out);
        }
        assert_non_null(strstr(out, "goals met"));
        assert_non_null(doc = json_load_file(json, 0, NULL));
        assert_int_equal(json_array_size(json_object_get(doc, "rows")), 6);
        assert_int_equal(json_array_size(json_object_get(doc, "goals")), 6);
        json_array_foreach(json_object_get(doc, "goals"), i, g)
                if (!json_is_number(json_object_get(g, "now")) || json_number_value(json_object_get(g, "now")) <= 0)
                        fail_msg("goal '%s' has no figure", json_string_value(json_object_get(g, "goal")));
        json_decref(doc);
        free(out);
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bench_chain_prints_its_table),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
