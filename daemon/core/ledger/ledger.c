/* Opening a store database, errors, prepared statements and transactions. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ledger/ledger_int.h"
#include "ledger/schema.h"

#define APPLICATION_ID 0x504f5344 /* "POSD": marks a file as a posd store */
#define BUSY_TIMEOUT_MS 5000

/* A savepoint's undo (its statement journal: an import checks each row of a file in one)
 * kept in memory up to this size instead of a temporary file written page by page; a
 * batch of an import stays well under it. */
#define STMT_JOURNAL_IN_MEMORY (8 << 20)

void ledger_process_init(void)
{
        (void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_IN_MEMORY);
}

int fail(struct ledger *l, int r, const char *code, const char *fmt, ...)
{
        va_list ap;

        l->e.num = r;
        utf8_cut(l->e.code, sizeof(l->e.code), code);
        va_start(ap, fmt);
        utf8_vprintf(l->e.msg, sizeof(l->e.msg), fmt, ap);
        va_end(ap);
        return r;
}

int sqlite_to_errno(int rc)
{
        switch (rc & 0xff) {
        case SQLITE_OK: return 0;
        case SQLITE_FULL: return -ENOSPC;
        case SQLITE_IOERR: return -EIO;
        case SQLITE_CORRUPT: case SQLITE_NOTADB: return -EUCLEAN;
        case SQLITE_BUSY: case SQLITE_LOCKED: return -EBUSY;
        case SQLITE_CONSTRAINT:
                /* only a duplicate is a conflict; any other broken rule is a bad value */
                return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ? -EEXIST : -EINVAL;
        case SQLITE_NOMEM: return -ENOMEM;
        case SQLITE_READONLY: return -EROFS;
        case SQLITE_PERM: case SQLITE_AUTH: return -EACCES;
        case SQLITE_CANTOPEN: return -ENOENT;
        case SQLITE_TOOBIG: return -E2BIG;
        default: return -EIO;
        }
}

int fail_sql(struct ledger *l, int rc, const char *what)
{
        int r = sqlite_to_errno(rc);
        const char *code = "STORAGE_ERROR";

        if (rc == SQLITE_CONSTRAINT_COMMITHOOK) /* commit_outside: a fault of posd's own */
                return fail(l, -EIO, "INTERNAL", "%s: a write outside a transaction was refused: it would not be "
                            "saved on the disk before its answer", what);
        if (r == -ENOSPC)
                code = "DISK_FULL";
        else if (r == -EBUSY)
                code = "STORE_BUSY";
        else if (r == -EEXIST)
                code = "CONFLICT";
        else if (r == -EINVAL)
                code = "CONSTRAINT";
        return fail(l, r, code, "%s: %s", what, sqlite3_errmsg(l->db));
}

void clear_err(struct ledger *l)
{
        l->e.num = 0;
        l->e.code[0] = '\0';
        l->e.msg[0] = '\0';
}

const char *ledger_errcode(const struct ledger *l) { return l->e.code; }
const char *ledger_errmsg(const struct ledger *l) { return l->e.msg; }
int ledger_errnum(const struct ledger *l) { return l->e.num; }

int64_t ledger_now_ms(const struct ledger *l)
{
        struct timespec ts;

        if (l->fixed_clock_ms)
                return l->fixed_clock_ms;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ledger_set_clock(struct ledger *l, int64_t fixed_ms) { l->fixed_clock_ms = fixed_ms; }

void ledger_format_time(int64_t at_ms, char buf[static 32])
{
        time_t t = (time_t)(at_ms / 1000);
        struct tm tm;

        if (!localtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%d %H:%M:%S", &tm))
                snprintf(buf, 32, "@%lld", (long long)at_ms);
}

sqlite3_stmt *stmt(struct ledger *l, const char *sql)
{
        size_t h = ((uintptr_t)sql >> 3) * 2654435761u, i, n;
        int rc;

        l->statements++;
        /* open addressing on the text's address: every literal has its own */
        for (n = 0, i = h % STMT_CACHE_SIZE; n < STMT_CACHE_SIZE && l->stmts[i].sql;
             n++, i = (i + 1) % STMT_CACHE_SIZE)
                if (l->stmts[i].sql == sql) {
                        sqlite3_reset(l->stmts[i].stmt);
                        sqlite3_clear_bindings(l->stmts[i].stmt);
                        return l->stmts[i].stmt;
                }
        if (n == STMT_CACHE_SIZE) {
                fail(l, -ENOMEM, "INTERNAL", "statement cache full");
                return NULL;
        }
        rc = sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &l->stmts[i].stmt, NULL);
        if (rc != SQLITE_OK) {
                fail_sql(l, rc, "preparing a statement");
                return NULL;
        }
        l->stmts[i].sql = sql;
        return l->stmts[i].stmt;
}

sqlite3_stmt *stmt_own(struct ledger *l, const char *sql)
{
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);

        l->statements++;
        if (rc != SQLITE_OK) {
                fail_sql(l, rc, "preparing a statement");
                return NULL;
        }
        return st;
}

int exec_sql(struct ledger *l, const char *sql)
{
        int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);

        l->statements++;
        return rc == SQLITE_OK ? 0 : fail_sql(l, rc, "writing the store");
}

int step_done(struct ledger *l, sqlite3_stmt *st, const char *what)
{
        int rc = sqlite3_step(st);

        sqlite3_reset(st);
        if (rc == SQLITE_DONE || rc == SQLITE_ROW)
                return 0;
        return fail_sql(l, rc, what);
}

int step_alone(struct ledger *l, sqlite3_stmt *st, const char *what)
{
        int r;

        if ((r = tx_begin(l)) < 0) {
                sqlite3_reset(st);
                return r;
        }
        if ((r = step_done(l, st, what)) < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

int step_one(struct ledger *l, sqlite3_stmt *st, const char *what)
{
        int rc = sqlite3_step(st);

        if (rc == SQLITE_ROW)
                return 1;
        if (rc == SQLITE_DONE)
                return 0;
        return fail_sql(l, rc, what);
}

/* A handle whose commits the writer syncs: a commit to the store other than tx_commit's
 * own (a statement that writes on its own, also after SQLite dropped a transaction) would
 * be answered unsynced, and is refused. One to the connection's temporary tables alone is
 * nobody else's. */
static int commit_outside(void *arg)
{
        const struct ledger *l = arg;

        return !l->committing && sqlite3_txn_state(l->db, "main") == SQLITE_TXN_WRITE;
}

void ledger_set_writer(struct ledger *l, const struct ledger_writer *w)
{
        l->writer = *w;
        if (!w->sync)
                return;
        /* the sync comes after the commit, from the writer: never from SQLite */
        if (sqlite3_exec(l->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) == SQLITE_OK)
                l->sync_normal = true;
        sqlite3_commit_hook(l->db, commit_outside, l);
}

int ledger_sync_wal(struct ledger *l)
{
        sqlite3_file *f = NULL;
        int rc = sqlite3_file_control(l->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f);

        /* a handle that has read nothing yet has no WAL open: a read opens it */
        if (rc == SQLITE_OK && (!f || !f->pMethods) &&
            (rc = sqlite3_exec(l->db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL)) == SQLITE_OK)
                rc = sqlite3_file_control(l->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f);
        if (rc == SQLITE_OK && (!f || !f->pMethods))
                return fail(l, -EIO, "STORAGE_ERROR", "the store's WAL is not open: it cannot be saved on the disk");
        if (rc == SQLITE_OK)
                rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
        return rc == SQLITE_OK ? 0 : fail_sql(l, rc, "saving the WAL on the disk");
}

bool ledger_needs_sync(const struct ledger *l)
{
        return l->writer.sync && !l->draft && l->synced_at != l->statements;
}

int ledger_checkpoint(struct ledger *l, bool whole)
{
        int rc = sqlite3_wal_checkpoint_v2(l->db, NULL, whole ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE,
                                           NULL, NULL);

        return rc == SQLITE_OK ? 0 : fail_sql(l, rc, "copying the WAL into the store");
}

void ledger_set_autocheckpoint(struct ledger *l, int pages) { (void)sqlite3_wal_autocheckpoint(l->db, pages); }

static int writer_enter(struct ledger *l)
{
        int r;

        if (!l->writer.enter)
                return 0;
        if ((r = l->writer.enter(l->writer.ud)) < 0)
                return fail(l, r, "STORE_BUSY", "the store is busy: try again");
        l->writing = true;
        return 0;
}

static void writer_leave(struct ledger *l)
{
        if (!l->writing)
                return;
        l->writing = false;
        l->writer.leave(l->writer.ud);
}

/* Transactions nest: inside an outer one (the daemon records a request's answer in the
 * same transaction as its effect) an inner one is a savepoint. */
int tx_begin(struct ledger *l)
{
        char sql[32];
        int r;

        /* SQLite rolled the outer transaction back after an error: what follows must not
         * run on its own, outside it */
        if (l->tx_depth > 0 && sqlite3_get_autocommit(l->db))
                return fail(l, -EIO, "STORAGE_ERROR", "the store dropped the transaction after an error");
        if (l->tx_depth == 0 && (r = writer_enter(l)) < 0)
                return r;
        if (l->tx_depth == 0 && !l->writer.sync && l->draft != l->sync_normal) {
                /* In WAL mode a commit at synchronous NORMAL appends its frames to the WAL
                 * with no fsync; one at FULL fsyncs the WAL, every frame before its own
                 * with it, and a checkpoint syncs the WAL before copying a frame. So a
                 * power cut takes only drafts committed after the last durable commit. */
                if ((r = exec_sql(l, l->draft ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL")) < 0) {
                        writer_leave(l);
                        return r;
                }
                l->sync_normal = l->draft;
        }
        if (l->tx_depth == 0)
                r = exec_sql(l, "BEGIN IMMEDIATE");
        else {
                snprintf(sql, sizeof(sql), "SAVEPOINT tx%d", l->tx_depth);
                r = exec_sql(l, sql);
        }
        if (r == 0)
                l->tx_depth++;
        else if (l->tx_depth == 0)
                writer_leave(l);
        return r;
}

void tx_rollback(struct ledger *l)
{
        char sql[64];

        if (l->tx_depth == 0)
                return;
        if (sqlite3_get_autocommit(l->db)) { /* already gone: unwind one level */
                if (--l->tx_depth == 0)
                        writer_leave(l);
                return;
        }
        if (--l->tx_depth == 0) {
                (void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
                writer_leave(l);
                return;
        }
        snprintf(sql, sizeof(sql), "ROLLBACK TO tx%d; RELEASE tx%d", l->tx_depth, l->tx_depth);
        (void)sqlite3_exec(l->db, sql, NULL, NULL, NULL);
}

int tx_commit(struct ledger *l)
{
        char sql[32];
        int rc, r;

        if (l->tx_depth > 0 && sqlite3_get_autocommit(l->db)) {
                if (!l->e.num)
                        fail(l, -EIO, "STORAGE_ERROR", "the store dropped the transaction after an error");
                if (--l->tx_depth == 0)
                        writer_leave(l);
                return l->e.num;
        }
        if (l->tx_depth > 1)
                snprintf(sql, sizeof(sql), "RELEASE tx%d", l->tx_depth - 1);
        else
                snprintf(sql, sizeof(sql), "COMMIT");
        if (l->tx_depth == 1 && l->writing && l->writer.committing)
                l->writer.committing(l->writer.ud);
        l->committing = l->tx_depth == 1;
        rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
        l->committing = false;
        if (rc == SQLITE_OK) {
                if (--l->tx_depth > 0)
                        return 0;
                writer_leave(l);
                if (!l->writer.sync || l->draft)
                        return 0;
                if ((r = l->writer.sync(l->writer.ud, l)) < 0)
                        return fail(l, r, "STORAGE_ERROR", "the store could not confirm the save on its disk");
                l->synced_at = l->statements;
                return 0;
        }
        fail_sql(l, rc, "committing");
        tx_rollback(l);
        return l->e.num;
}

int ledger_begin(struct ledger *l) { return tx_begin(l); }
int ledger_commit(struct ledger *l) { return tx_commit(l); }
void ledger_rollback(struct ledger *l) { tx_rollback(l); }

void ledger_reset(struct ledger *l)
{
        if (!sqlite3_get_autocommit(l->db))
                (void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        l->tx_depth = 0;
        writer_leave(l);
        l->draft = false;
        l->synced_at = 0;
        if (l->sync_normal && !l->writer.sync && sqlite3_exec(l->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) == SQLITE_OK)
                l->sync_normal = false;
        clear_err(l);
}

int ledger_set_draft(struct ledger *l)
{
        if (l->tx_depth > 0)
                return fail(l, -EBUSY, "INTERNAL", "a transaction is a draft or not from its start");
        l->draft = true;
        return 0;
}

int doc_next_number(struct ledger *l, const char *doc_type, int64_t *ret)
{
        static const char sql[] =
                "INSERT INTO doc_sequences(doc_type, last) VALUES (?1, 1) "
                "ON CONFLICT(doc_type) DO UPDATE SET last = last + 1 RETURNING last";
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, doc_type, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
                sqlite3_reset(st);
                return fail_sql(l, rc, "numbering a document");
        }
        *ret = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return 0;
}

int grow(struct ledger *l, void **arr, size_t *cap, size_t n, size_t elem)
{
        size_t c = *cap ? *cap * 2 : 16;
        void *more;

        if (n < *cap)
                return 0;
        if (!(more = realloc(*arr, c * elem)))
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        *arr = more;
        *cap = c;
        return 0;
}

int bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
        return s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, idx);
}

bool text_control_at(const char *p)
{
        const unsigned char *u = (const unsigned char *)p;

        return u[0] < 0x20 || u[0] == 0x7f || (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f); /* C0, DEL, C1 */
}

int check_text(struct ledger *l, const char *what, const char *s, size_t max, bool required)
{
        size_t n;

        if (!s || !*s)
                return required ? fail(l, -EINVAL, "MISSING_FIELD", "%s is required", what) : 0;
        n = strnlen(s, max + 1);
        if (n > max)
                return fail(l, -EINVAL, "TOO_LONG", "%s is longer than %zu bytes", what, max);
        for (size_t i = 0; i < n; i++)
                if (text_control_at(s + i))
                        return fail(l, -EINVAL, "BAD_TEXT", "%s contains a control character", what);
        return 0;
}

static int pragma_int(struct ledger *l, const char *sql, int *ret)
{
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);

        if (rc == SQLITE_OK)
                rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
                fail_sql(l, rc, "reading the store header");
                sqlite3_finalize(st);
                return l->e.num;
        }
        *ret = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        return 0;
}

int ledger_schema_version(struct ledger *l)
{
        int v = 0;
        int r = pragma_int(l, "PRAGMA user_version", &v);

        return r < 0 ? r : v;
}

/* Refuse what is not ours before anything is written: a newer schema, or a foreign file. */
static int check_header(struct ledger *l, const char *path, unsigned flags, int *ret_version)
{
        int version, app, tables, r;

        if ((r = pragma_int(l, "PRAGMA user_version", &version)) < 0 ||
            (r = pragma_int(l, "PRAGMA application_id", &app)) < 0 ||
            (r = pragma_int(l, "SELECT count(*) FROM sqlite_schema", &tables)) < 0)
                return r;
        if (tables > 0 && app != APPLICATION_ID)
                return fail(l, -EPROTO, "NOT_A_STORE", "%s is an SQLite database but not a posd store", path);
        if (version > LEDGER_SCHEMA_VERSION)
                return fail(l, -EPROTONOSUPPORT, "SCHEMA_TOO_NEW",
                            "%s has schema version %d, newer than this program's %d; "
                            "upgrade posd to open it (the file was left untouched)",
                            path, version, LEDGER_SCHEMA_VERSION);
        if (version == 0 && !(flags & LEDGER_OPEN_CREATE))
                return fail(l, -ENOENT, "NO_STORE", "%s holds no store; create one with 'posctl init'", path);
        if (version < LEDGER_SCHEMA_VERSION && (flags & LEDGER_OPEN_READONLY) && !(flags & LEDGER_OPEN_ANY_VERSION))
                return fail(l, -EPROTO, "SCHEMA_OLD",
                            "%s has schema version %d; open it read-write once to upgrade it", path, version);
        *ret_version = version;
        return 0;
}

/* Whether search_words_made says the index's words were made as id makes them. */
static int made_with(struct ledger *l, int64_t id, bool *ret)
{
        sqlite3_stmt *st = stmt(l, "SELECT count(*) FROM search_words_made WHERE id = ?1");
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((r = step_one(l, st, "reading how the search index was made")) == 1)
                *ret = sqlite3_column_int(st, 0) > 0;
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

/* The search index as this build makes its words (see migration 23): made again, whole,
 * in one transaction, when search_words_made names another way of making them. */
static int search_words_current(struct ledger *l)
{
        static const char rebuild[] =
                "INSERT INTO product_words(product_words) VALUES ('delete-all');"
                "INSERT INTO product_words(rowid, words) SELECT search_key, search_words(name || ' ' || spec)"
                " FROM products WHERE search_key IS NOT NULL ORDER BY search_key;"
                "DELETE FROM search_words_made;";
        const int64_t id = text_words_id();
        sqlite3_stmt *st;
        bool made = false;
        int r;

        /* looked at first outside a write transaction: most opens find it made */
        if ((r = made_with(l, id, &made)) < 0 || made || (r = tx_begin(l)) < 0)
                return r;
        /* ... and again inside it: another connection may have made it meanwhile */
        if ((r = made_with(l, id, &made)) < 0 || made || (r = exec_sql(l, rebuild)) < 0)
                goto out;
        if (!(st = stmt(l, "INSERT INTO search_words_made(id) VALUES (?1)"))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_int64(st, 1, id);
        if ((r = step_done(l, st, "recording how the search index was made")) == 0)
                return tx_commit(l);
out:
        tx_rollback(l);
        return r;
}

static int migrate(struct ledger *l, int from)
{
        size_t n, i;
        const struct migration *m = schema_migrations(&n);
        char bump[64];
        int r;

        for (i = 0; i < n; i++) {
                if (m[i].version <= from)
                        continue;
                if ((r = tx_begin(l)) < 0)
                        return r;
                snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", m[i].version);
                if ((r = exec_sql(l, m[i].sql)) < 0 || (r = exec_sql(l, bump)) < 0 ||
                    (r = exec_sql(l, "PRAGMA application_id = 1347375940")) < 0) {
                        struct ledger_error e = l->e;
                        tx_rollback(l);
                        return fail(l, r, "MIGRATION_FAILED", "upgrading the store to schema %d: %s",
                                    m[i].version, e.msg);
                }
                if ((r = tx_commit(l)) < 0)
                        return r;
        }
        return search_words_current(l);
}

int ledger_migrate(struct ledger *l)
{
        int v = ledger_schema_version(l);

        return v < 0 ? v : migrate(l, v);
}

/* search_words(text): text_search_words() and then text_pinyin_words(), for SQL, so that
 * the search index's triggers and the statements that search read names alike. */
static void search_words_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
        const char *src = (const char *)sqlite3_value_text(argv[0]);
        size_t len = src ? strlen(src) : 0, size = len * 3 + 1 + len * 20 + 1, n, k;
        char *dst;

        (void)argc;
        /* no text from a value that is not NULL: out of memory, not an empty name, or a
         * later 'delete' would name words that were never indexed */
        if ((!src && sqlite3_value_type(argv[0]) != SQLITE_NULL) || !(dst = sqlite3_malloc64(size))) {
                sqlite3_result_error_nomem(ctx);
                return;
        }
        n = text_search_words(dst, len * 3 + 1, src);
        if ((k = text_pinyin_words(dst + n + 1, size - n - 1, src)) > 0) {
                dst[n] = ' ';
                n += 1 + k;
        }
        sqlite3_result_text(ctx, dst, (int)n, sqlite3_free);
}

int ledger_sql_functions(sqlite3 *db)
{
        return sqlite3_create_function(db, "search_words", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                       NULL, search_words_fn, NULL, NULL);
}

/* A new store file is created 0600 before SQLite sees it; SQLite gives its -wal and -shm
 * files the same mode. */
static int create_private(struct ledger *l, const char *path)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

        if (fd < 0)
                return fail(l, -errno, "CANNOT_CREATE", "cannot create %s: %s", path, strerror(errno));
        close(fd);
        return 0;
}

int ledger_open(const char *path, unsigned flags, struct ledger **ret, struct ledger_error *err)
{
        struct ledger *l = calloc(1, sizeof(*l));
        int oflags = SQLITE_OPEN_NOMUTEX, version = 0, rc, r;

        if (!l) {
                if (err)
                        *err = (struct ledger_error){ -ENOMEM, "OUT_OF_MEMORY", "out of memory" };
                return -ENOMEM;
        }
        if (flags & LEDGER_OPEN_READONLY)
                oflags |= SQLITE_OPEN_READONLY;
        else
                oflags |= SQLITE_OPEN_READWRITE;
        if (access(path, F_OK) < 0 && errno == ENOENT) {
                if (!(flags & LEDGER_OPEN_CREATE) || (flags & LEDGER_OPEN_READONLY)) {
                        r = fail(l, -ENOENT, "NO_STORE", "there is no store at %s; create one with 'posctl init'", path);
                        goto fail;
                }
                if ((r = create_private(l, path)) < 0)
                        goto fail;
        }
        rc = sqlite3_open_v2(path, &l->db, oflags, NULL);
        if (rc != SQLITE_OK) {
                r = fail(l, sqlite_to_errno(rc), "CANNOT_OPEN", "cannot open %s: %s", path,
                         l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
                goto fail;
        }
        sqlite3_extended_result_codes(l->db, 1);
        sqlite3_busy_timeout(l->db, BUSY_TIMEOUT_MS);
        if ((rc = ledger_sql_functions(l->db)) != SQLITE_OK) {
                r = fail_sql(l, rc, "opening the store");
                goto fail;
        }
        if ((r = check_header(l, path, flags, &version)) < 0)
                goto fail;
        if ((r = exec_sql(l, "PRAGMA foreign_keys = ON")) < 0)
                goto fail;
        if (!(flags & LEDGER_OPEN_READONLY)) {
                if ((r = exec_sql(l, "PRAGMA journal_mode = WAL")) < 0 ||
                    (r = exec_sql(l, "PRAGMA synchronous = FULL")) < 0 ||
                    (r = migrate(l, version)) < 0)
                        goto fail;
        }
        clear_err(l);
        *ret = l;
        return 0;
fail:
        if (err)
                *err = l->e;
        ledger_close(l);
        return r;
}

struct ledger *ledger_close(struct ledger *l)
{
        if (!l)
                return NULL;
        for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
                sqlite3_finalize(l->stmts[i].stmt);
        sqlite3_close_v2(l->db);
        free(l);
        return NULL;
}
