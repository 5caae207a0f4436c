/* posd killed with SIGKILL in the middle of a stream of completions: every sale it
 * acknowledged is in the store after a restart, and the store verifies. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "journal.h"

#define ROUNDS 4
#define ACKED_MAX 4096

struct killer {
        pid_t pid;
        int delay_ms;
};

static void *kill_later(void *arg)
{
        struct killer *k = arg;

        usleep((useconds_t)k->delay_ms * 1000);
        kill(k->pid, SIGKILL);
        return NULL;
}

/* One sale, start to finish; its number when posd acknowledged it, else NULL. */
static const char *one_sale(struct posd *p, const char *tok, int n, char number[32])
{
        json_t *o = NULL;
        char path[96], key[48];
        int st;

        snprintf(key, sizeof(key), "crash-%d-%d", getpid(), n);
        if (http(p, "POST", "/tickets", tok, NULL, NULL, &o) != 201) {
                json_decref(o);
                return NULL;
        }
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        json_decref(o);
        if (http(p, "POST", path, tok, NULL, "{\"sku\":\"C3\"}", NULL) != 201)
                return NULL;
        memcpy(strstr(path, "/lines"), "/payments", sizeof("/payments"));
        if (http(p, "POST", path, tok, NULL, "{\"method\":\"cash\",\"amount\":300}", NULL) != 201)
                return NULL;
        memcpy(strstr(path, "/payments"), "/complete", sizeof("/complete"));
        st = http(p, "POST", path, tok, key, NULL, &o);
        if (st == 201)
                snprintf(number, 32, "%s", jstr(o, "sale.number"));
        json_decref(o);
        return st == 201 ? number : NULL;
}

/* What a cashier does after a crash: the ticket left open is voided. */
static void clear_open_ticket(struct posd *p, const char *tok)
{
        json_t *o = NULL;
        char path[64];

        if (http(p, "GET", "/tickets/current", tok, NULL, NULL, &o) == 200) {
                snprintf(path, sizeof(path), "/tickets/%s", jstr(o, "id"));
                assert_int_equal(http(p, "DELETE", path, tok, NULL, NULL, NULL), 200);
        }
        json_decref(o);
}

static void test_sigkill_loses_no_acknowledged_sale(void **state)
{
        static char acked[ACKED_MAX][32];
        struct posd p;
        int nacked = 0, n = 0;
        (void)state;
        srand((unsigned)time(NULL));
        posd_store(&p);
        for (int round = 0; round < ROUNDS; round++) {
                struct killer k;
                pthread_t th;
                const char *tok;
                posd_start(&p, NULL);
                tok = login(&p, "alice", "1111");
                if (round == 0)
                        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
                clear_open_ticket(&p, tok);
                k = (struct killer){ p.pid, 150 + rand() % 600 };
                pthread_create(&th, NULL, kill_later, &k);
                while (nacked < ACKED_MAX && one_sale(&p, tok, n++, acked[nacked]))
                        nacked++;
                pthread_join(th, NULL);
                posd_kill(&p); /* reaps it */
        }
        assert_true(nacked > 0);
        for (int i = 0; i < nacked; i++) {
                char sql[96];
                snprintf(sql, sizeof(sql), "SELECT count(*) FROM sales WHERE number = '%s'", acked[i]);
                if (tsql_int(p.store.path, sql) != 1)
                        fail_msg("acknowledged sale %s is missing after the crash", acked[i]);
        }
        {
                char cmd[512], out[512];
                snprintf(cmd, sizeof(cmd), "%s --db %s verify 2>&1", getenv("POSCTL"), p.store.path);
                if (trun(cmd, out, sizeof(out)) != 0 || strcmp(out, "ok\n") != 0)
                        fail_msg("posctl verify after the kills: %s", out);
        }
        printf("# %d sales acknowledged across %d kills, all present\n", nacked, ROUNDS);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sigkill_loses_no_acknowledged_sale),
        };
        return cmocka_run_group_tests_name("crash", tests, NULL, NULL);
}
