/* Backup and restore round trip; private file modes; damaged or foreign files refused. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger/backup.h"
#include "ledger/journal.h"
#include "ledger/posting.h"
#include "testlib.h"
#include "till/sale.h"

static void sell_one(struct tstore *t, const char *key)
{
        const struct sale_line_in line = { "A1", 1000, -1, 0 };
        const struct payment pay = { TENDER_CASH, 1250 };
        const struct sale_in in = { { key, NULL, NULL, NULL, 0 }, &line, 1, &pay, 1, 0, NULL, 0, 0, NULL, false, NULL, NULL };
        struct doc_result r;
        assert_ok(t->l, post_sale(t->l, &in, &r));
}

static void test_round_trip(void **state)
{
        struct tstore t;
        struct stat sb;
        char bak[160];
        (void)state;
        tstore_open(&t);
        sell_one(&t, "before-backup");
        snprintf(bak, sizeof(bak), "%s/backup.db", t.dir);
        assert_ok(t.l, ledger_backup(t.l, bak));
        assert_int_equal(stat(bak, &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0600);
        /* a backup is one self-contained file */
        assert_int_equal(tsql_int(bak, "SELECT journal_mode = 'delete' FROM pragma_journal_mode"), 1);
        assert_int_equal(tsql_int(bak, "SELECT count(*) FROM sales"), 1);
        /* life goes on, then the store is put back as it was */
        sell_one(&t, "after-backup");
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sales"), 2);
        assert_ok(t.l, ledger_restore(t.l, bak));
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sales"), 1);
        assert_int_equal(tsql_int(t.path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        /* the restored store takes the next sale number again: gap-free from its own state */
        sell_one(&t, "after-restore");
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sales WHERE number = 'S00000002'"), 1);
        tstore_close(&t);
}

static void test_backup_does_not_overwrite(void **state)
{
        struct tstore t;
        const char *existing;
        (void)state;
        tstore_open(&t);
        existing = twrite(&t, "precious.db", "keep me");
        assert_int_equal(ledger_backup(t.l, existing), -EEXIST);
        assert_int_equal(tsql_int(t.path, "SELECT 1"), 1);
        {
                FILE *f = fopen(existing, "r");
                char buf[16] = "";
                assert_non_null(fgets(buf, sizeof(buf), f));
                fclose(f);
                assert_string_equal(buf, "keep me");
        }
        tstore_close(&t);
}

static void test_restore_refuses_bad_files(void **state)
{
        struct tstore t;
        const char *junk, *foreign;
        char bak[160];
        (void)state;
        tstore_open(&t);
        sell_one(&t, "s1");
        junk = twrite(&t, "junk.db", "this is not a database at all, just words; long enough to be read");
        assert_true(ledger_restore(t.l, junk) < 0);
        foreign = twrite(&t, "foreign.db", "");
        assert_int_equal(tsql_exec(foreign, "CREATE TABLE t(x)"), 0);
        assert_int_equal(ledger_restore(t.l, foreign), -EPROTO);
        /* a backup from a newer posd */
        snprintf(bak, sizeof(bak), "%s/newer.db", t.dir);
        assert_ok(t.l, ledger_backup(t.l, bak));
        assert_int_equal(tsql_exec(bak, "PRAGMA user_version = 999"), 0);
        assert_int_equal(ledger_restore(t.l, bak), -EPROTONOSUPPORT);
        /* nothing was lost on the way */
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM sales"), 1);
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_backup_does_not_overwrite),
                cmocka_unit_test(test_restore_refuses_bad_files),
        };
        return cmocka_run_group_tests_name("backup", tests, NULL, NULL);
}
