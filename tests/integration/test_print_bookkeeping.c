/* A receipt the printer took is never sent again because the store was slow to record
 * it: whether the store's write lock is held for less or much longer than its busy wait
 * while a receipt goes out, each receipt (and its drawer kick) comes out once, and stays
 * done across a restart. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "receipt_count.h"

#define ROUNDS 3

static char dir[256];

static void paper(bool in)
{
        char path[300];

        snprintf(path, sizeof(path), "%s/paper-out", dir);
        if (in)
                assert_int_equal(unlink(path), 0);
        else
                fclose(fopen(path, "w"));
}

static unsigned next_rand(unsigned *seed)
{
        *seed = *seed * 1103515245u + 12345u;
        return (*seed >> 16) & 0x7fff;
}

static void test_printed_once_however_slow_the_store(void **state)
{
        static char sales[ROUNDS][32];
        struct posd p;
        char conf[512], arg[300];
        const char *tok;
        const unsigned seed0 = getenv("POSD_SEED") ? (unsigned)atoi(getenv("POSD_SEED")) : 20261206u;
        unsigned seed = seed0;
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s\n[drawer]\ndevice = printer\npin = 2\n", dir);
        twrite(&p.store, "posd.conf", conf);
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);
        posd_start(&p, arg);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        for (int round = 0; round < ROUNDS; round++) {
                /* the first round outlasts the store's busy wait (5 s) and a poll either
                 * side of it; the others fall anywhere from well inside it to past it */
                int hold_ms = round == 0 ? 11000 : 500 + (int)(next_rand(&seed) % 10000);
                sqlite3 *db;
                paper(false);
                sell(&p, tok, "cash", sales[round]);
                receipt_held(&p, tok, sales[round], "paper out");
                /* another writer holds the store while the receipt goes out */
                assert_int_equal(sqlite3_open(p.store.path, &db), SQLITE_OK);
                sqlite3_busy_timeout(db, 10000);
                assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
                paper(true);
                usleep((useconds_t)hold_ms * 1000);
                print_message("[ INFO     ] seed %u, round %d: the store held for %d ms\n", seed0, round, hold_ms);
                if (hold_ms >= 4000) /* long enough for the printer's poll to have sent it */
                        receipts_once(dir, sales, round + 1);
                assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
                sqlite3_close(db);
                receipt_printed(&p, tok, sales[round]);
                receipts_once(dir, sales, round + 1);
        }
        /* the done is in the store: a restart sends nothing again */
        posd_stop(&p);
        posd_start(&p, arg);
        usleep(3000000);
        receipts_once(dir, sales, ROUNDS);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_printed_once_however_slow_the_store),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
