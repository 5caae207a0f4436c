/* The systemd watchdog is fed while posd serves, not while it can write: another writer
 * holding the store's write lock for long starves no ping, and posd says in its status
 * that the store takes no write, then that it does again. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "notify.h"

#define WATCHDOG_USEC "3000000"
#define PING_GAP_MAX_MS 3000 /* the watchdog's time: a gap over it gets posd killed */
/* past the 30 s after which a store that takes no write is told, counted from the first
 * try of a write that found it held (tries are 10 s apart) */
#define HOLD_MS 45000

static void test_fed_while_another_writer_holds_the_store(void **state)
{
        struct posd p;
        struct notify n;
        char sock[256];
        const char *tok;
        int64_t t0;
        sqlite3 *db;
        (void)state;

        posd_store(&p);
        twrite(&p.store, "posd.conf", "");
        snprintf(sock, sizeof(sock), "%s/notify", p.store.dir);
        notify_open(&n, sock);
        posd_start_watched(&p, getenv("POSD"), sock, WATCHDOG_USEC);
        tok = login(&p, "alice", "1111");

        assert_int_equal(sqlite3_open(p.store.path, &db), SQLITE_OK);
        sqlite3_busy_timeout(db, 10000);
        assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
        t0 = mono_ms();
        while (mono_ms() - t0 < HOLD_MS) {
                if (ping_gap(&n) > PING_GAP_MAX_MS)
                        fail_msg("no watchdog ping for %lld ms while the store was held", (long long)ping_gap(&n));
                assert_int_equal(waitpid(p.pid, NULL, WNOHANG), 0);
                /* reads go on */
                assert_int_equal(http(&p, "GET", "/products/A1", tok, NULL, NULL, NULL), 200);
                usleep(200000);
        }
        if (!strstr(notify_status(&n), "the store has taken no write for"))
                fail_msg("posd's status after %d s without a write: '%s'", HOLD_MS / 1000, notify_status(&n));
        assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        /* writes again: told within a try of the store and a look */
        t0 = mono_ms();
        while (!strstr(notify_status(&n), "serving on") && mono_ms() - t0 < 20000)
                usleep(200000);
        if (!strstr(notify_status(&n), "serving on"))
                fail_msg("posd's status once the store was let go: '%s'", notify_status(&n));
        assert_true(ping_gap(&n) <= PING_GAP_MAX_MS);
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        posd_stop(&p);
        notify_close(&n);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fed_while_another_writer_holds_the_store),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
