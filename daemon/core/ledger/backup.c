/* Backup and restore with SQLite's online backup API. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ledger/backup.h"
#include "ledger/document.h"
#include "ledger/ledger_int.h"

#define BACKUP_PAGES_PER_STEP 256 /* small steps let posd write in between */

/* Copy src into dst, a page batch at a time, waiting out a busy source. */
static int copy_db(struct ledger *l, sqlite3 *dst, sqlite3 *src, const char *what)
{
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        int rc;

        if (!b)
                return fail(l, sqlite_to_errno(sqlite3_errcode(dst)), "BACKUP_FAILED", "%s: %s", what,
                            sqlite3_errmsg(dst));
        do {
                rc = sqlite3_backup_step(b, BACKUP_PAGES_PER_STEP);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                        sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
                return fail(l, sqlite_to_errno(rc), "BACKUP_FAILED", "%s: %s", what, sqlite3_errstr(rc));
        return 0;
}

int ledger_backup(struct ledger *l, const char *dest_path)
{
        sqlite3 *dst = NULL;
        int fd, r, rc;

        clear_err(l);
        fd = open(dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
                return fail(l, -errno, errno == EEXIST ? "FILE_EXISTS" : "CANNOT_CREATE", "cannot create %s: %s",
                            dest_path, strerror(errno));
        close(fd);
        rc = sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE, NULL);
        if (rc != SQLITE_OK) {
                r = fail(l, sqlite_to_errno(rc), "CANNOT_CREATE", "cannot open %s: %s", dest_path, sqlite3_errstr(rc));
                goto out;
        }
        /* posd commits before its sync, and what the copy read must not be newer than
         * the disk: a power cut could take it back, and its numbers be given again */
        if ((r = copy_db(l, dst, l->db, "backing up")) < 0 || (r = ledger_sync_wal(l)) < 0)
                goto out;
        /* the copy keeps the source's WAL flag; a backup is a single self-contained file */
        rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
                r = fail(l, sqlite_to_errno(rc), "BACKUP_FAILED", "finishing %s: %s", dest_path, sqlite3_errmsg(dst));
out:
        sqlite3_close_v2(dst);
        if (r < 0)
                unlink(dest_path);
        return r;
}

int ledger_restore(struct ledger *l, const char *src_path)
{
        struct ledger *src = NULL;
        struct ledger_error e;
        int r;

        clear_err(l);
        if ((r = ledger_open(src_path, LEDGER_OPEN_READONLY | LEDGER_OPEN_ANY_VERSION, &src, &e)) < 0)
                return fail(l, r, e.code, "%s", e.msg);
        {
                sqlite3_stmt *st = NULL;
                if (sqlite3_prepare_v2(src->db, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK ||
                    sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
                        r = fail(l, -EUCLEAN, "BACKUP_DAMAGED", "%s fails integrity_check; nothing was restored",
                                 src_path);
                sqlite3_finalize(st);
        }
        if (r == 0)
                r = copy_db(l, l->db, src->db, "restoring");
        ledger_close(src);
        /* the copy brings the backup's journal mode and schema version: put ours back */
        if (r == 0 && (r = exec_sql(l, "PRAGMA journal_mode = WAL")) == 0)
                r = ledger_migrate(l);
        return r;
}

int ledger_training_copy(struct ledger *l, const char *path)
{
        static const char fresh[] = "DELETE FROM print_jobs; DELETE FROM auth_sessions; DELETE FROM replies;"
                                    "DELETE FROM ticket_payments; DELETE FROM ticket_lines; DELETE FROM tickets;"
                                    /* nor a drawer being counted: a shift open in the store
                                     * would tell a trainee what it should hold */
                                    "UPDATE sales SET shift_id = NULL WHERE shift_id IN"
                                    "  (SELECT id FROM shifts WHERE closed_at IS NULL);"
                                    "UPDATE returns SET shift_id = NULL WHERE shift_id IN"
                                    "  (SELECT id FROM shifts WHERE closed_at IS NULL);"
                                    "DELETE FROM cash_movements WHERE shift_id IN (SELECT id FROM shifts WHERE closed_at IS NULL);"
                                    "DELETE FROM shifts WHERE closed_at IS NULL;";
        static const char move[] = "INSERT INTO doc_sequences(doc_type, last) VALUES (?1, ?2)"
                                   " ON CONFLICT(doc_type) DO UPDATE SET last = last + ?2";
        static const char *const sides[] = { "-wal", "-shm" };
        char tmp[PATH_MAX];
        sqlite3 *db = NULL;
        int r, rc;

        if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp))
                return fail(l, -ENAMETOOLONG, "CANNOT_CREATE", "the training store's path is too long");
        unlink(tmp);
        if ((r = ledger_backup(l, tmp)) < 0)
                return r;
        rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL);
        if (rc == SQLITE_OK)
                rc = sqlite3_exec(db, fresh, NULL, NULL, NULL);
        for (int t = 0; rc == SQLITE_OK && t < DOC__COUNT; t++) { /* every kind, numbered yet or not */
                sqlite3_stmt *st = NULL;
                if ((rc = sqlite3_prepare_v2(db, move, -1, &st, NULL)) == SQLITE_OK) {
                        sqlite3_bind_text(st, 1, doc_kind((enum doc_type)t)->type, -1, SQLITE_STATIC);
                        sqlite3_bind_int64(st, 2, TRAINING_NUMBERS);
                        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
                }
                sqlite3_finalize(st);
        }
        if (rc != SQLITE_OK)
                r = fail(l, sqlite_to_errno(rc), "CANNOT_CREATE", "making the training store: %s",
                         db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        /* an old store's WAL beside the new one would be read as the new one's */
        for (size_t i = 0; r == 0 && i < sizeof(sides) / sizeof(sides[0]); i++) {
                char aside[PATH_MAX + 8];
                snprintf(aside, sizeof(aside), "%s%s", path, sides[i]);
                if (unlink(aside) < 0 && errno != ENOENT)
                        r = fail(l, -errno, "CANNOT_CREATE", "removing %s: %s", aside, strerror(errno));
        }
        if (r == 0 && rename(tmp, path) < 0)
                r = fail(l, -errno, "CANNOT_CREATE", "making the training store %s: %s", path, strerror(errno));
        if (r < 0)
                unlink(tmp);
        return r;
}
