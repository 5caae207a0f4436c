/* posd killed with SIGKILL in the middle of a stream of completions, and killed as in a
 * power cut (every write not yet fsynced lost): every sale it acknowledged is in the
 * store after a restart, its receipt queued once, and the store verifies. And what each
 * may take of an open ticket, whose edits are drafts (not each fsynced): a crash of posd
 * nothing, a power cut the latest edits since the last durable commit, a completed sale
 * never. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "ledger/journal.h"

#define ROUNDS 10
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

/* An acknowledged sale is in the store, once. */
static void acked_once(struct posd *p, const char *number)
{
        char sql[128];

        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sales WHERE number = '%s'", number);
        if (tsql_int(p->store.path, sql) != 1)
                fail_msg("acknowledged sale %s is missing after the crash", number);
}

/* Rounds of selling and a kill at a random moment; with a preload (the power-cut VFS),
 * nothing not yet fsynced survives a kill. Then every acknowledged sale is there once,
 * its receipt queued once and printed, and the store verifies. */
static void kill_rounds(int rounds, const char *preload)
{
        static char acked[ACKED_MAX][32];
        char conf[512], arg[600];
        struct posd p;
        int nacked = 0, n = 0, round_start = 0;

        srand((unsigned)time(NULL));
        posd_store(&p);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s/receipts\n", p.store.dir);
        twrite(&p.store, "posd.conf", conf);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);
        for (int round = 0; round < rounds; round++) {
                struct killer k;
                pthread_t th;
                const char *tok;
                if (preload)
                        posd_start_preload(&p, preload, NULL, arg);
                else
                        posd_start(&p, arg);
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
                /* after every kill: what this round acknowledged is there, and the store
                 * verifies */
                for (int i = round_start; i < nacked; i++)
                        acked_once(&p, acked[i]);
                verify_ok(&p);
                round_start = nacked;
        }
        assert_true(nacked > 0);
        for (int i = 0; i < nacked; i++) {
                char sql[128];
                snprintf(sql, sizeof(sql), "SELECT count(*) FROM print_jobs WHERE doc_type = 'sale' AND number = '%s'",
                         acked[i]);
                if (tsql_int(p.store.path, sql) != 1)
                        fail_msg("the receipt of %s is queued %lld times", acked[i], (long long)tsql_int(p.store.path, sql));
        }
        verify_ok(&p);
        /* a calm start prints what was left waiting */
        posd_start(&p, arg);
        {
                const char *tok = login(&p, "alice", "1111");
                for (int i = 0; i < nacked; i++)
                        receipt_printed(&p, tok, acked[i]);
        }
        posd_stop(&p);
        printf("# %d sales acknowledged across %d kills%s, all present, each receipt queued once and printed\n",
               nacked, rounds, preload ? " with writes not yet synced lost" : "");
        posd_cleanup(&p);
}

static void test_sigkill_loses_no_acknowledged_sale(void **state)
{
        (void)state;
        kill_rounds(ROUNDS, NULL);
}

static void test_power_cut_loses_no_acknowledged_sale(void **state)
{
        const char *lib = getenv("POWERLOSS_SO");
        (void)state;

        if (!lib)
                fail_msg("POWERLOSS_SO is not set: run through 'make check'");
        kill_rounds(ROUNDS, lib);
}

/* An open ticket of n lines of C3, by drafts alone; its id into id. */
static void draft_ticket(struct posd *p, const char *tok, int n, char id[40])
{
        json_t *o = NULL;
        char path[96];

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &o), 201);
        snprintf(id, 40, "%s", jstr(o, "id"));
        json_decref(o);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        for (int i = 0; i < n; i++)
                assert_int_equal(http(p, "POST", path, tok, NULL, "{\"sku\":\"C3\"}", NULL), 201);
}

/* the units on a ticket (scans of one product add to its line) */
static int64_t units_on(struct posd *p, const char *ticket)
{
        char sql[128];

        snprintf(sql, sizeof(sql), "SELECT coalesce(sum(qty), 0) / 1000 FROM ticket_lines WHERE ticket_id = '%s'", ticket);
        return tsql_int(p->store.path, sql);
}

static void test_what_a_cut_takes_of_an_open_ticket(void **state)
{
        const char *lib = getenv("POWERLOSS_SO"), *tok;
        char conf[512], arg[600], id[40], path[160], voided[160], sale[32] = "";
        int64_t kept;
        json_t *o = NULL;
        struct posd p;
        (void)state;

        assert_non_null(lib);
        posd_store(&p);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s/receipts\n", p.store.dir);
        twrite(&p.store, "posd.conf", conf);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);

        /* a crash of posd: the page cache keeps every draft */
        posd_start(&p, arg);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        draft_ticket(&p, tok, 3, id);
        posd_kill(&p);
        assert_int_equal(units_on(&p, id), 3);

        /* a power cut: it may take the drafts since the last durable commit (or since
         * posd last copied the WAL into the store, which syncs it), latest first */
        posd_start_preload(&p, lib, NULL, arg);
        tok = login(&p, "alice", "1111");
        snprintf(path, sizeof(path), "/tickets/%s", id);
        assert_int_equal(http(&p, "DELETE", path, tok, NULL, NULL, NULL), 200); /* durable */
        snprintf(voided, sizeof(voided), "SELECT count(*) FROM tickets WHERE id = '%s' AND state = 'voided'", id);
        draft_ticket(&p, tok, 2, id);
        posd_kill(&p);
        assert_int_equal(tsql_int(p.store.path, voided), 1);
        snprintf(path, sizeof(path), "SELECT count(*) FROM tickets WHERE id = '%s'", id);
        kept = tsql_int(p.store.path, path) ? 1 + units_on(&p, id) : 0;
        assert_true(kept <= 3);
        printf("# a power cut took %s of an open ticket's three drafts (its opening, two scans)\n",
               kept == 0 ? "all" : kept == 1 ? "two" : kept == 2 ? "one" : "none");

        /* a completed sale takes its ticket's drafts to the disk with it */
        posd_start_preload(&p, lib, NULL, arg);
        tok = login(&p, "alice", "1111");
        draft_ticket(&p, tok, 2, id);
        snprintf(path, sizeof(path), "/tickets/%s/payments", id);
        assert_int_equal(http(&p, "POST", path, tok, NULL, "{\"method\":\"cash\",\"amount\":600}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", id);
        assert_int_equal(http(&p, "POST", path, tok, "cut-complete", NULL, &o), 201);
        snprintf(sale, sizeof(sale), "%s", jstr(o, "sale.number"));
        json_decref(o);
        posd_kill(&p);
        acked_once(&p, sale);
        snprintf(path, sizeof(path), "SELECT sum(l.qty) / 1000 FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                 "WHERE s.number = '%s'", sale);
        assert_int_equal(tsql_int(p.store.path, path), 2);
        verify_ok(&p);
        posd_cleanup(&p);
}

/* Writes that are one statement each (a sign-in, a location, a sign-out), cut right
 * after their answers: each answer stands. */
static void test_a_cut_takes_no_acknowledged_write(void **state)
{
        const char *lib = getenv("POWERLOSS_SO");
        char tok[128], sql[128], body[96], code[24];
        struct posd p;
        (void)state;

        assert_non_null(lib);
        posd_store(&p);
        for (int i = 0; i < 4; i++) {
                posd_start_preload(&p, lib, NULL, NULL);
                snprintf(tok, sizeof(tok), "%s", login(&p, "maria", "5678"));
                posd_kill(&p);
                posd_start_preload(&p, lib, NULL, NULL);
                assert_int_equal(http(&p, "GET", "/tickets/current", tok, NULL, NULL, NULL) == 401, false);
                snprintf(code, sizeof(code), "SHELF%d", i);
                snprintf(body, sizeof(body), "{\"code\":\"%s\",\"name\":\"Shelf %d\"}", code, i);
                assert_int_equal(http(&p, "POST", "/locations", tok, NULL, body, NULL), 201);
                assert_int_equal(http(&p, "DELETE", "/sessions/current", tok, NULL, NULL, NULL), 204);
                posd_kill(&p);
                snprintf(sql, sizeof(sql), "SELECT count(*) FROM locations WHERE code = '%s'", code);
                if (tsql_int(p.store.path, sql) != 1)
                        fail_msg("location %s, answered 201, is gone after the cut", code);
                posd_start_preload(&p, lib, NULL, NULL);
                if (http(&p, "GET", "/tickets/current", tok, NULL, NULL, NULL) != 401)
                        fail_msg("a session signed out (204) works again after the cut");
                posd_kill(&p);
        }
        posd_cleanup(&p);
}

/* After a crash the WAL may hold commits that only the page cache has (a failed fsync
 * stopped posd, and Linux keeps such pages readable but never writes them again): posd's
 * start copies the whole WAL into the store and syncs it before it serves anything. */
static void test_a_start_saves_what_the_wal_shows(void **state)
{
        char wal[300], sale[32];
        const char *tok;
        struct stat st;
        struct posd p;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        sell(&p, tok, "cash", sale);
        posd_kill(&p);
        snprintf(wal, sizeof(wal), "%s-wal", p.store.path);
        assert_int_equal(stat(wal, &st), 0);
        assert_true(st.st_size > 0);
        posd_start(&p, NULL);
        assert_int_equal(stat(wal, &st), 0);
        if (st.st_size != 0)
                fail_msg("posd serves with %lld bytes of WAL not yet in the store", (long long)st.st_size);
        acked_once(&p, sale);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_a_start_saves_what_the_wal_shows),
                cmocka_unit_test(test_a_cut_takes_no_acknowledged_write),
                cmocka_unit_test(test_what_a_cut_takes_of_an_open_ticket),
                cmocka_unit_test(test_sigkill_loses_no_acknowledged_sale),
                cmocka_unit_test(test_power_cut_loses_no_acknowledged_sale),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
