/* Opening stores: pragmas, migrations, and refusing what is not ours to open. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "ledger/ledger.h"
#include "ledger/schema.h"
#include "testlib.h"

static void file_hash(const char *path, unsigned char out[crypto_hash_sha256_BYTES])
{
        FILE *f = fopen(path, "rb");
        unsigned char buf[4096];
        crypto_hash_sha256_state s;
        size_t n;

        assert_non_null(f);
        crypto_hash_sha256_init(&s);
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
                crypto_hash_sha256_update(&s, buf, n);
        fclose(f);
        crypto_hash_sha256_final(&s, out);
}

static void test_new_store_is_durable_and_current(void **state)
{
        struct tstore t;
        struct stat sb;
        (void)state;
        tstore_open(&t);
        assert_int_equal(ledger_schema_version(t.l), LEDGER_SCHEMA_VERSION);
        assert_int_equal(tsql_int(t.path, "PRAGMA user_version"), LEDGER_SCHEMA_VERSION);
        /* WAL is a property of the file; synchronous and foreign keys of the connection */
        assert_int_equal(tsql_int(t.path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
        assert_int_equal(stat(t.path, &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0600);
        tstore_close(&t);
}

static void test_connection_pragmas(void **state)
{
        struct tstore t;
        (void)state;
        tstore_open(&t);
        /* foreign keys are enforced: a movement for a product that does not exist fails */
        assert_int_not_equal(tsql_exec(t.path, "PRAGMA foreign_keys = ON;"
                                               "INSERT INTO stock_on_hand VALUES (999999, 1, 5)"), 0);
        tstore_close(&t);
}

static void test_newer_schema_refused_untouched(void **state)
{
        unsigned char before[crypto_hash_sha256_BYTES], after[crypto_hash_sha256_BYTES];
        struct ledger *l = NULL;
        struct ledger_error e;
        struct tstore t;
        char bump[64];
        (void)state;
        tstore_open(&t);
        t.l = ledger_close(t.l);
        snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", LEDGER_SCHEMA_VERSION + 1);
        assert_int_equal(tsql_exec(t.path, bump), 0);
        assert_int_equal(tsql_exec(t.path, "PRAGMA wal_checkpoint(TRUNCATE)"), 0);
        file_hash(t.path, before);
        assert_int_equal(ledger_open(t.path, 0, &l, &e), -EPROTONOSUPPORT);
        assert_null(l);
        assert_string_equal(e.code, "SCHEMA_TOO_NEW");
        assert_non_null(strstr(e.msg, "newer than this program"));
        assert_int_equal(ledger_open(t.path, LEDGER_OPEN_CREATE, &l, &e), -EPROTONOSUPPORT);
        file_hash(t.path, after);
        assert_memory_equal(before, after, sizeof(before));
        tstore_close(&t);
}

static void test_foreign_database_refused(void **state)
{
        struct ledger *l = NULL;
        struct ledger_error e;
        struct tstore t;
        (void)state;
        tstore_dir(&t);
        assert_int_equal(tsql_exec(t.path, "CREATE TABLE customers(id INTEGER PRIMARY KEY)"), 0);
        assert_int_equal(ledger_open(t.path, LEDGER_OPEN_CREATE, &l, &e), -EPROTO);
        assert_string_equal(e.code, "NOT_A_STORE");
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sqlite_schema"), 1);
        tstore_close(&t);
}

static void test_missing_store_not_created_without_asking(void **state)
{
        struct ledger *l = NULL;
        struct ledger_error e;
        struct tstore t;
        struct stat sb;
        (void)state;
        tstore_dir(&t);
        assert_true(ledger_open(t.path, 0, &l, &e) < 0);
        assert_null(l);
        assert_int_equal(stat(t.path, &sb), -1);
        tstore_close(&t);
}

static void test_migrates_from_empty(void **state)
{
        struct ledger *l = NULL;
        struct ledger_error e;
        struct tstore t;
        (void)state;
        tstore_dir(&t);
        /* an empty file: version 0, migrated on a read-write open with CREATE */
        assert_int_equal(tsql_exec(t.path, "PRAGMA user_version = 0"), 0);
        assert_int_equal(ledger_open(t.path, LEDGER_OPEN_CREATE, &l, &e), 0);
        assert_int_equal(ledger_schema_version(l), LEDGER_SCHEMA_VERSION);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sqlite_schema WHERE name = 'stock_movements'"), 1);
        ledger_close(l);
        tstore_close(&t);
}

static void test_upgrades_an_older_store(void **state)
{
        size_t n;
        const struct migration *m = schema_migrations(&n);
        struct ledger *l = NULL;
        struct ledger_error e;
        struct tstore t;
        char *sql;
        (void)state;
        assert_true(n >= 2);
        tstore_dir(&t);
        /* a store as the first release left it, with a unit of its own */
        sql = sqlite3_mprintf("%s; INSERT INTO units VALUES ('dozen', 'dozen', 0);"
                              "PRAGMA application_id = 1347375940; PRAGMA user_version = 1;", m[0].sql);
        assert_int_equal(tsql_exec(t.path, sql), 0);
        sqlite3_free(sql);
        /* read-only it is refused (an upgrade writes), read-write it is brought up to date */
        assert_int_equal(ledger_open(t.path, LEDGER_OPEN_READONLY, &l, &e), -EPROTO);
        assert_int_equal(ledger_open(t.path, 0, &l, &e), 0);
        assert_int_equal(ledger_schema_version(l), LEDGER_SCHEMA_VERSION);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sqlite_schema WHERE name = 'tickets'"), 1);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM units WHERE code = 'dozen'"), 1);
        ledger_close(l);
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_new_store_is_durable_and_current),
                cmocka_unit_test(test_connection_pragmas),
                cmocka_unit_test(test_newer_schema_refused_untouched),
                cmocka_unit_test(test_foreign_database_refused),
                cmocka_unit_test(test_missing_store_not_created_without_asking),
                cmocka_unit_test(test_migrates_from_empty),
                cmocka_unit_test(test_upgrades_an_older_store),
        };
        return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
