/* The write turn of posd's connection pool (daemon/util/pool.c): the rules that keep a
 * till from waiting behind an import or behind another lane's luck.
 * - Writers take the turn in the order they asked for it, one at a time.
 * - A writer that gives up (STORE_BUSY after its wait) leaves the queue: those behind it
 *   go on as soon as the turn is free.
 * - A writer that takes the turn again at once (an import's next batch) goes behind
 *   every writer that queued meanwhile.
 * - No commit copies the WAL into the store (a checkpoint) on its writer's time: a thread
 *   of the pool does, so the WAL stays small however many commits come.
 * - A commit returns only once a sync of the WAL that began after its last write ended;
 *   writers who commit while another syncs share the next sync (group commit).
 * - An answer built from a read waits for a sync that covers every commit it could have
 *   read, one still inside its COMMIT too; with nothing new since the last sync, it
 *   waits for none.
 * - A pooled handle refuses a write outside a transaction: it would go unsynced. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger/ledger_int.h" /* before cmocka, whose fail() is a macro */
#include "pool.h"
#include "testlib.h"

#define WRITERS 5

static struct {
        pthread_mutex_t mu;
        int order[WRITERS + 1], n;
        int batch, batch_when_asked, batch_when_in;
} seen = { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0, 0, -1, -1 };

struct writer {
        struct pool *p;
        int id;
        int rc;
        char code[32];
};

static void *write_once(void *arg)
{
        struct writer *w = arg;
        struct ledger *l = pool_get(w->p, 10000);

        assert_non_null(l);
        pthread_mutex_lock(&seen.mu);
        seen.batch_when_asked = seen.batch;
        pthread_mutex_unlock(&seen.mu);
        if ((w->rc = ledger_begin(l)) == 0) {
                pthread_mutex_lock(&seen.mu);
                seen.order[seen.n++] = w->id;
                seen.batch_when_in = seen.batch;
                pthread_mutex_unlock(&seen.mu);
                w->rc = ledger_commit(l);
        } else {
                snprintf(w->code, sizeof(w->code), "%s", ledger_errcode(l));
        }
        pool_put(w->p, l);
        return NULL;
}

static void wait_queued(struct pool *p, unsigned n)
{
        for (int i = 0; i < 20000 && pool_writers_waiting(p) < n; i++)
                usleep(500);
        assert_int_equal(pool_writers_waiting(p), n);
}

static struct pool *pool_for(struct tstore *t, unsigned size)
{
        struct ledger_error e;
        struct pool *p = NULL;

        tstore_open(t);
        t->l = ledger_close(t->l);
        assert_int_equal(pool_new(t->path, size, &p, &e), 0);
        return p;
}

static void test_writers_go_in_the_order_they_asked(void **state)
{
        struct writer w[WRITERS];
        pthread_t th[WRITERS];
        struct tstore t;
        struct pool *p = pool_for(&t, WRITERS + 1);
        struct ledger *holder = pool_get(p, 1000);
        (void)state;

        seen.n = 0;
        assert_int_equal(ledger_begin(holder), 0);
        /* each asks while the one before it waits: the queue's order is known */
        for (int i = 0; i < WRITERS; i++) {
                w[i] = (struct writer){ p, i + 1, -1, "" };
                pthread_create(&th[i], NULL, write_once, &w[i]);
                wait_queued(p, (unsigned)i + 1);
        }
        assert_int_equal(seen.n, 0); /* nobody got in beside the holder */
        assert_int_equal(ledger_commit(holder), 0);
        pool_put(p, holder);
        for (int i = 0; i < WRITERS; i++) {
                pthread_join(th[i], NULL);
                assert_int_equal(w[i].rc, 0);
        }
        assert_int_equal(seen.n, WRITERS);
        for (int i = 0; i < WRITERS; i++)
                assert_int_equal(seen.order[i], i + 1);
        pool_free(p);
        tstore_close(&t);
}

static void test_one_who_gives_up_blocks_nobody(void **state)
{
        struct writer first, second;
        pthread_t th[2];
        struct tstore t;
        struct pool *p = pool_for(&t, 3);
        struct ledger *holder = pool_get(p, 1000);
        (void)state;

        seen.n = 0;
        assert_int_equal(ledger_begin(holder), 0);
        first = (struct writer){ p, 1, -1, "" };
        pthread_create(&th[0], NULL, write_once, &first);
        wait_queued(p, 1);
        sleep(1); /* the second's wait ends a second after the first's */
        second = (struct writer){ p, 2, -1, "" };
        pthread_create(&th[1], NULL, write_once, &second);
        wait_queued(p, 2);
        /* the first in the queue gives up after its wait; the second, asked later,
         * still waits: the holder lets go between the two */
        pthread_join(th[0], NULL);
        assert_int_equal(first.rc, -EBUSY);
        assert_string_equal(first.code, "STORE_BUSY");
        assert_int_equal(pool_writers_waiting(p), 1);
        assert_int_equal(ledger_commit(holder), 0);
        pool_put(p, holder);
        pthread_join(th[1], NULL);
        assert_int_equal(second.rc, 0);
        assert_int_equal(seen.n, 1);
        assert_int_equal(seen.order[0], 2);
        assert_int_equal(pool_writers_waiting(p), 0);
        pool_free(p);
        tstore_close(&t);
}

struct batches {
        struct pool *p;
        int n;
};

/* An import's rhythm: a short write, then the next at once. */
static void *write_batches(void *arg)
{
        struct batches *b = arg;
        struct ledger *l = pool_get(b->p, 1000);

        assert_non_null(l);
        for (int i = 0; i < b->n; i++) {
                assert_int_equal(ledger_begin(l), 0);
                pthread_mutex_lock(&seen.mu);
                seen.batch++;
                pthread_mutex_unlock(&seen.mu);
                usleep(2000);
                assert_int_equal(ledger_commit(l), 0);
        }
        pool_put(b->p, l);
        return NULL;
}

static void test_a_run_of_batches_lets_the_till_in_next(void **state)
{
        struct tstore t;
        struct pool *p = pool_for(&t, 3);
        struct batches b = { p, 400 };
        struct writer till = { p, 1, -1, "" };
        pthread_t th[2];
        (void)state;

        seen.n = seen.batch = 0;
        pthread_create(&th[0], NULL, write_batches, &b);
        for (int n = 0; n < 20; usleep(1000)) {
                pthread_mutex_lock(&seen.mu);
                n = seen.batch;
                pthread_mutex_unlock(&seen.mu);
        }
        pthread_create(&th[1], NULL, write_once, &till);
        pthread_join(th[1], NULL);
        pthread_join(th[0], NULL);
        assert_int_equal(till.rc, 0);
        /* asked during a batch (or between two), the till went in before the batch after
         * it: polling SQLite's lock it would wait for many */
        assert_true(seen.batch_when_asked >= 20);
        assert_true(seen.batch_when_in <= seen.batch_when_asked + 1);
        pool_free(p);
        tstore_close(&t);
}

static void test_the_wal_is_copied_by_nobody_s_commit(void **state)
{
        char wal[160];
        struct stat st;
        struct tstore t;
        struct pool *p = pool_for(&t, 2);
        struct ledger *l = pool_get(p, 1000);
        sqlite3_stmt *q;
        off_t largest = 0;
        (void)state;

        assert_int_equal(tsql_exec(t.path, "CREATE TABLE scratch(x TEXT)"), 0);
        snprintf(wal, sizeof(wal), "%s-wal", t.path);
        for (int i = 0; i < 3000; i++) {
                assert_int_equal(ledger_begin(l), 0);
                assert_int_equal(exec_sql(l, "INSERT INTO scratch VALUES (randomblob(3000))"), 0);
                assert_int_equal(ledger_commit(l), 0);
                usleep(1000); /* paced, so that a turn of the thread sees at most 200 */
                if (stat(wal, &st) == 0 && st.st_size > largest)
                        largest = st.st_size;
        }
        /* 3000 commits of a page or two each: 25 MB of WAL if nobody copied it; SQLite's
         * own checkpoints in a commit would keep it small too, but those are off */
        assert_int_equal(sqlite3_prepare_v2(l->db, "PRAGMA wal_autocheckpoint", -1, &q, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(q, 0), 0);
        sqlite3_finalize(q);
        printf("# the WAL grew to %lld KiB at most over 3000 commits\n", (long long)largest / 1024);
        assert_true(largest < 8 * 1024 * 1024);
        pool_put(p, l);
        pool_free(p);
        tstore_close(&t);
}

/* A WAL that counts, under the default VFS: each write gets the next number; a sync,
 * slowed down as a disk's is, covers every write numbered before it began, once it ends. */
#define SYNC_US 4000
#define COMMITTERS 8
#define COMMITS_EACH 30

static struct {
        sqlite3_vfs vfs, *real;
        pthread_mutex_t mu;
        long writes, syncs, covered;
} wal = { .mu = PTHREAD_MUTEX_INITIALIZER };
static __thread long my_last_write; /* the number of this thread's latest write */

struct counted {
        sqlite3_file base;
        sqlite3_file *real; /* the default VFS's file, after this struct */
};
#define REAL(f) (((struct counted *)(f))->real)

static int c_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int c_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return REAL(f)->pMethods->xRead(REAL(f), b, n, o); }
static int c_truncate(sqlite3_file *f, sqlite3_int64 n) { return REAL(f)->pMethods->xTruncate(REAL(f), n); }
static int c_size(sqlite3_file *f, sqlite3_int64 *n) { return REAL(f)->pMethods->xFileSize(REAL(f), n); }
static int c_lock(sqlite3_file *f, int k) { return REAL(f)->pMethods->xLock(REAL(f), k); }
static int c_unlock(sqlite3_file *f, int k) { return REAL(f)->pMethods->xUnlock(REAL(f), k); }
static int c_reserved(sqlite3_file *f, int *r) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r); }
static int c_control(sqlite3_file *f, int op, void *a) { return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int c_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int c_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }

/* counted once done: a sync that begins while it is under way does not cover it */
static int c_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
        int rc = REAL(f)->pMethods->xWrite(REAL(f), b, n, o);

        pthread_mutex_lock(&wal.mu);
        my_last_write = ++wal.writes;
        pthread_mutex_unlock(&wal.mu);
        return rc;
}

static int c_sync(sqlite3_file *f, int flags)
{
        long upto;
        int rc;

        pthread_mutex_lock(&wal.mu);
        upto = wal.writes;
        pthread_mutex_unlock(&wal.mu);
        usleep(SYNC_US);
        rc = REAL(f)->pMethods->xSync(REAL(f), flags);
        pthread_mutex_lock(&wal.mu);
        wal.syncs++;
        if (upto > wal.covered)
                wal.covered = upto;
        pthread_mutex_unlock(&wal.mu);
        return rc;
}

static const sqlite3_io_methods counted_io = {
        .iVersion = 1, .xClose = c_close, .xRead = c_read, .xWrite = c_write, .xTruncate = c_truncate, .xSync = c_sync,
        .xFileSize = c_size, .xLock = c_lock, .xUnlock = c_unlock, .xCheckReservedLock = c_reserved,
        .xFileControl = c_control, .xSectorSize = c_sector, .xDeviceCharacteristics = c_device,
};

/* the WAL counted; any other file is the default VFS's own */
static int c_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
        struct counted *c = (struct counted *)f;
        int rc;
        (void)v;

        if (!(flags & SQLITE_OPEN_WAL))
                return wal.real->xOpen(wal.real, name, f, flags, out);
        c->real = (sqlite3_file *)(c + 1);
        if ((rc = wal.real->xOpen(wal.real, name, c->real, flags, out)) == SQLITE_OK)
                f->pMethods = &counted_io;
        else
                f->pMethods = NULL;
        return rc;
}

static void *commit_many(void *arg)
{
        struct pool *p = arg;
        struct ledger *l = pool_get(p, 10000);
        long uncovered = 0;

        assert_non_null(l);
        for (int i = 0; i < COMMITS_EACH; i++) {
                if (ledger_begin(l) < 0 || exec_sql(l, "INSERT INTO scratch VALUES (randomblob(100))") < 0 ||
                    ledger_commit(l) < 0)
                        fail_msg("commit: %s", ledger_errmsg(l));
                pthread_mutex_lock(&wal.mu);
                uncovered += wal.covered < my_last_write;
                pthread_mutex_unlock(&wal.mu);
        }
        pool_put(p, l);
        return (void *)uncovered;
}

/* A pool of size over a store with a table scratch, its WAL counted. */
static struct pool *counted_pool(struct tstore *t, unsigned size)
{
        struct pool *p;

        wal.real = sqlite3_vfs_find(NULL);
        wal.vfs = *wal.real;
        wal.vfs.zName = "counted";
        wal.vfs.szOsFile = (int)sizeof(struct counted) + wal.real->szOsFile;
        wal.vfs.xOpen = c_open;
        assert_int_equal(sqlite3_vfs_register(&wal.vfs, 1), SQLITE_OK);
        p = pool_for(t, size);
        assert_int_equal(tsql_exec(t->path, "CREATE TABLE scratch(x BLOB)"), 0);
        return p;
}

static void counted_done(struct pool *p, struct tstore *t)
{
        pool_free(p);
        tstore_close(t);
        sqlite3_vfs_unregister(&wal.vfs);
}

static long counted(long *what)
{
        long n;

        pthread_mutex_lock(&wal.mu);
        n = *what;
        pthread_mutex_unlock(&wal.mu);
        return n;
}

static void test_commits_share_their_syncs(void **state)
{
        pthread_t th[COMMITTERS];
        struct tstore t;
        struct pool *p = counted_pool(&t, COMMITTERS);
        long uncovered = 0, syncs, syncs0 = counted(&wal.syncs);
        (void)state;

        for (int i = 0; i < COMMITTERS; i++)
                assert_int_equal(pthread_create(&th[i], NULL, commit_many, p), 0);
        for (int i = 0; i < COMMITTERS; i++) {
                void *u;
                pthread_join(th[i], &u);
                uncovered += (long)u;
        }
        syncs = counted(&wal.syncs) - syncs0;
        printf("# %d commits from %d writers took %ld syncs of the WAL\n", COMMITTERS * COMMITS_EACH, COMMITTERS, syncs);
        assert_int_equal(uncovered, 0);
        /* one at a time would be one sync each: while one writer syncs, the others commit
         * and then wait for the next, which is for all of them */
        assert_true(syncs * 2 <= COMMITTERS * COMMITS_EACH);
        counted_done(p, &t);
}

/* A writer held inside its COMMIT, after the commit is in the WAL and readable, until the
 * reader is done or 300 ms have passed (a reader that rightly waits for it). */
static struct {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        int phase; /* 1: the commit is readable, its writer held; 2: the reader answered */
        long commit_write, covered;
        struct pool *p;
        struct ledger *r;
        int64_t seen;
} race = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static int hold_writer(void *ud, sqlite3 *db, const char *name, int pages)
{
        struct timespec until;
        (void)ud, (void)db, (void)name, (void)pages;

        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 300 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&race.mu);
        race.commit_write = my_last_write;
        race.phase = 1;
        pthread_cond_broadcast(&race.cv);
        while (race.phase != 2 && pthread_cond_timedwait(&race.cv, &race.mu, &until) != ETIMEDOUT)
                ;
        pthread_mutex_unlock(&race.mu);
        return SQLITE_OK;
}

static void *read_and_answer(void *arg)
{
        sqlite3_stmt *st;
        (void)arg;

        pthread_mutex_lock(&race.mu);
        while (race.phase != 1)
                pthread_cond_wait(&race.cv, &race.mu);
        pthread_mutex_unlock(&race.mu);
        assert_non_null(st = stmt(race.r, "SELECT count(*) FROM scratch"));
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        race.seen = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        assert_true(ledger_needs_sync(race.r));
        pool_sync(race.p, race.r); /* as http.c does before an answer */
        race.covered = counted(&wal.covered);
        pthread_mutex_lock(&race.mu);
        race.phase = 2;
        pthread_cond_broadcast(&race.cv);
        pthread_mutex_unlock(&race.mu);
        return NULL;
}

static void test_an_answer_waits_for_what_it_read(void **state)
{
        struct tstore t;
        struct pool *p = counted_pool(&t, 2);
        struct ledger *w = pool_get(p, 1000), *r = pool_get(p, 1000);
        pthread_t th;
        (void)state;

        race.p = p;
        race.r = r;
        assert_int_equal(ledger_begin(w), 0);
        assert_int_equal(exec_sql(w, "INSERT INTO scratch VALUES (randomblob(100))"), 0);
        sqlite3_wal_hook(w->db, hold_writer, NULL);
        assert_int_equal(pthread_create(&th, NULL, read_and_answer, NULL), 0);
        assert_int_equal(ledger_commit(w), 0);
        pthread_join(th, NULL);
        sqlite3_wal_hook(w->db, NULL, NULL);
        printf("# the reader saw %lld row(s) of a commit whose last write was #%ld; synced up to #%ld before its "
               "answer\n", (long long)race.seen, race.commit_write, race.covered);
        assert_int_equal(race.seen, 1);
        assert_true(race.covered >= race.commit_write);
        pool_put(p, w);
        pool_put(p, r);
        counted_done(p, &t);
}

static void test_nothing_new_nothing_synced(void **state)
{
        struct tstore t;
        struct pool *p = counted_pool(&t, 2);
        struct ledger *l = pool_get(p, 1000);
        long before;
        (void)state;

        assert_int_equal(ledger_begin(l), 0);
        assert_int_equal(exec_sql(l, "INSERT INTO scratch VALUES (1)"), 0);
        assert_int_equal(ledger_commit(l), 0);
        usleep(450 * 1000); /* the copier's turns, with no commit */
        before = counted(&wal.syncs);
        assert_int_equal(ledger_begin(l), 0); /* a transaction rolled back: no commit either */
        ledger_rollback(l);
        assert_non_null(stmt(l, "SELECT count(*) FROM scratch"));
        assert_true(ledger_needs_sync(l));
        pool_sync(p, l);
        assert_int_equal(counted(&wal.syncs), before);
        pool_put(p, l);
        counted_done(p, &t);
}

static void test_no_write_outside_a_transaction(void **state)
{
        struct tstore t;
        struct pool *p = counted_pool(&t, 2);
        struct ledger *l = pool_get(p, 1000);
        (void)state;

        assert_true(exec_sql(l, "INSERT INTO scratch VALUES (1)") < 0);
        assert_string_equal(ledger_errcode(l), "INTERNAL");
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM scratch"), 0);
        /* nor after SQLite dropped the transaction by itself (a full disk, an I/O error),
         * while the core still counts it open */
        assert_int_equal(ledger_begin(l), 0);
        assert_int_equal(sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
        assert_true(exec_sql(l, "INSERT INTO scratch VALUES (1)") < 0);
        assert_string_equal(ledger_errcode(l), "INTERNAL");
        ledger_rollback(l);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM scratch"), 0);
        assert_int_equal(ledger_begin(l), 0);
        assert_int_equal(exec_sql(l, "INSERT INTO scratch VALUES (1)"), 0);
        assert_int_equal(ledger_commit(l), 0);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM scratch"), 1);
        pool_put(p, l);
        counted_done(p, &t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_writers_go_in_the_order_they_asked),
                cmocka_unit_test(test_one_who_gives_up_blocks_nobody),
                cmocka_unit_test(test_a_run_of_batches_lets_the_till_in_next),
                cmocka_unit_test(test_the_wal_is_copied_by_nobody_s_commit),
                cmocka_unit_test(test_commits_share_their_syncs),
                cmocka_unit_test(test_an_answer_waits_for_what_it_read),
                cmocka_unit_test(test_nothing_new_nothing_synced),
                cmocka_unit_test(test_no_write_outside_a_transaction),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
