/* Stores written by earlier builds stay whole. tests/fixtures/every-kind-v11.sql is the
 * store every_kind() wrote with the build before the document descriptors (schema 11),
 * dumped by the sqlite3 shell. This build must verify it, and must write the same
 * journal itself (kinds added since come after it): every digest and every chained hash alike, so that no document kind's
 * rows are read or hashed differently than before. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "ledger/document.h" /* before cmocka, whose fail() is a macro */
#include "ledger/journal.h"
#include "every_kind.h"

/* The journal as text: type, number, digest and hash of each entry, a line each. */
static char *journal_text(const char *path)
{
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        size_t len = 0, cap = 1 << 16;
        char *out = calloc(1, cap);

        assert_non_null(out);
        assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT doc_type, number, at, digest, prev_hash, hash FROM journal ORDER BY id",
                                            -1, &st, NULL),
                         SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
                int n = snprintf(out + len, cap - len, "%s %s %lld %s %s %s\n", sqlite3_column_text(st, 0),
                                 sqlite3_column_text(st, 1), (long long)sqlite3_column_int64(st, 2),
                                 sqlite3_column_text(st, 3), sqlite3_column_text(st, 4), sqlite3_column_text(st, 5));
                assert_true(n > 0 && (size_t)n < cap - len);
                len += (size_t)n;
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        return out;
}

static void test_every_kind_is_journalled(void **state)
{
        struct tstore t;
        int journalled = 0;
        (void)state;

        every_kind(&t);
        assert_ok(t.l, ledger_verify(t.l, NULL, NULL));
        for (int i = 0; i < DOC__COUNT; i++)
                journalled += doc_journalled(doc_kind((enum doc_type)i));
        /* the fixture below is only as good as its coverage */
        assert_int_equal(tsql_int(t.path, "SELECT count(DISTINCT doc_type) FROM journal"), journalled);
        tstore_close(&t);
}

static void test_old_store_verifies_and_matches(void **state)
{
        struct tstore now, old;
        char cmd[1024], out[4096];
        char *a, *b;
        struct ledger_error e;
        (void)state;

        every_kind(&now);
        now.l = ledger_close(now.l);
        tstore_dir(&old);
        snprintf(cmd, sizeof(cmd), "sqlite3 %s < %s/tests/fixtures/every-kind-v11.sql 2>&1", old.path,
                 getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("loading the fixture: %s", out);
        if (ledger_open(old.path, 0, &old.l, &e) < 0)
                fail_msg("open: %s", e.msg);
        assert_ok(old.l, ledger_verify(old.l, NULL, NULL));
        old.l = ledger_close(old.l);
        a = journal_text(old.path);
        b = journal_text(now.path);
        assert_true(strlen(a) > 0);
        /* kinds added since follow the fixture's documents */
        if (strncmp(b, a, strlen(a)) != 0)
                assert_string_equal(b, a);
        free(a);
        free(b);
        /* and an edit of the old store is still seen */
        assert_int_equal(tsql_exec(old.path, "UPDATE credit_notes SET total = total + 1"), 0);
        assert_int_equal(ledger_open(old.path, 0, &old.l, &e), 0);
        assert_int_equal(ledger_verify(old.l, NULL, NULL), -EUCLEAN);
        assert_non_null(strstr(ledger_errmsg(old.l), "credit_note CN00000001"));
        tstore_close(&old);
        tstore_close(&now);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_kind_is_journalled),
                cmocka_unit_test(test_old_store_verifies_and_matches),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
