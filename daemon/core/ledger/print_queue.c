/* The print queue. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "ledger/print_queue.h"

int print_enqueue(struct ledger *l, const char *printer, const char *doc_type, const char *number, bool reprint,
                  bool kick, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO print_jobs(printer, doc_type, number, reprint, kick, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        sqlite3_stmt *st;
        int r;

        if ((r = check_text(l, "printer", printer, PRINTER_NAME_MAX, true)) < 0 || !(st = stmt(l, sql)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_text(st, 1, printer, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, doc_type, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, reprint);
        sqlite3_bind_int(st, 5, kick);
        sqlite3_bind_int64(st, 6, ledger_now_ms(l));
        if ((r = step_alone(l, st, "queueing a receipt")) < 0)
                return r;
        if (ret_id)
                *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

int print_enqueue_doc(struct ledger *l, const char *printer, const char *drawer, const char *doc_type,
                      const char *number, bool kick)
{
        int r = 0;

        if (printer)
                r = print_enqueue(l, printer, doc_type, number, false, kick && !drawer, NULL);
        if (r == 0 && kick && drawer)
                r = print_enqueue(l, drawer, "drawer", number, false, true, NULL);
        return r;
}

int print_next(struct ledger *l, const char *printer, struct print_job *ret)
{
        static const char sql[] =
                "SELECT id, printer, doc_type, number, reprint, kick, attempts, created_at, next_at FROM print_jobs "
                "WHERE printer = ?1 AND state = 'pending' ORDER BY id LIMIT 1";
        sqlite3_stmt *st = stmt(l, sql);
        struct print_job j;
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, printer, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading the print queue")) == 1) {
                memset(&j, 0, sizeof(j));
                j.id = sqlite3_column_int64(st, 0);
                snprintf(j.printer, sizeof(j.printer), "%s", (const char *)sqlite3_column_text(st, 1));
                snprintf(j.doc_type, sizeof(j.doc_type), "%s", (const char *)sqlite3_column_text(st, 2));
                snprintf(j.number, sizeof(j.number), "%s", (const char *)sqlite3_column_text(st, 3));
                j.reprint = sqlite3_column_int(st, 4);
                j.kick = sqlite3_column_int(st, 5);
                j.attempts = sqlite3_column_int(st, 6);
                j.created_at = sqlite3_column_int64(st, 7);
                j.next_at = sqlite3_column_int64(st, 8);
                *ret = j;
        }
        sqlite3_reset(st);
        return r;
}

int print_give_up(struct ledger *l, int64_t id, const char *why)
{
        static const char sql[] =
                "UPDATE print_jobs SET state = 'done', done_at = ?2, last_error = ?3 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ledger_now_ms(l));
        sqlite3_bind_text(st, 3, why, -1, SQLITE_STATIC);
        return step_alone(l, st, "giving up a print job");
}

int print_done(struct ledger *l, int64_t id)
{
        static const char sql[] =
                "UPDATE print_jobs SET state = 'done', done_at = ?2, attempts = attempts + 1, last_error = '' WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ledger_now_ms(l));
        return step_alone(l, st, "finishing a print job");
}

int print_retry(struct ledger *l, int64_t id, int64_t next_ms, const char *why)
{
        static const char sql[] =
                "UPDATE print_jobs SET attempts = attempts + 1, next_at = ?2, last_error = substr(?3, 1, 120) WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, next_ms);
        sqlite3_bind_text(st, 3, why ? why : "", -1, SQLITE_TRANSIENT);
        return step_alone(l, st, "postponing a print job");
}

int print_pending_count(struct ledger *l, const char *printer)
{
        static const char sql[] = "SELECT count(*) FROM print_jobs WHERE printer = ?1 AND state = 'pending'";
        sqlite3_stmt *st = stmt(l, sql);
        int r, n = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, printer, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "counting print jobs")) == 1)
                n = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        return r < 0 ? r : n;
}

int print_state(struct ledger *l, const char *number, char state[static 8], char why[static 128])
{
        static const char sql[] =
                "SELECT state, last_error FROM print_jobs WHERE number = ?1 AND doc_type <> 'drawer' "
                "ORDER BY id DESC LIMIT 1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading a receipt's state")) == 1) {
                snprintf(state, 8, "%s", (const char *)sqlite3_column_text(st, 0));
                utf8_cut(why, 128, (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "NO_RECEIPT", "no receipt was queued for %s", number);
        return r < 0 ? r : 0;
}
