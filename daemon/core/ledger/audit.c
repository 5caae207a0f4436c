/* The audit log: who did a sensitive act, who approved it, and what it was. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ledger/audit.h"
#include "ledger/ledger_int.h"

int audit_add(struct ledger *l, const struct actor *a, const char *action, const char *fmt, ...)
{
        static const char sql[] =
                "INSERT INTO audit_log(at, lane, user, approved_by, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        char detail[256];
        sqlite3_stmt *st;
        va_list ap;

        va_start(ap, fmt);
        utf8_vprintf(detail, sizeof(detail), fmt, ap);
        va_end(ap);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, ledger_now_ms(l));
        bind_text_or_null(st, 2, a->lane);
        sqlite3_bind_text(st, 3, a->user ? a->user : "", -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 4, a->approver);
        sqlite3_bind_text(st, 5, action, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
        return step_done(l, st, "writing the audit log");
}

int audit_each(struct ledger *l, int64_t before_id, int limit, int (*fn)(const struct audit_entry *, void *), void *ud)
{
        static const char sql[] =
                "SELECT id, at, coalesce(lane, ''), user, coalesce(approved_by, ''), action, detail FROM audit_log "
                "WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct audit_entry e;
        int rc, r = 0, n = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, before_id);
        sqlite3_bind_int(st, 2, limit);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&e, 0, sizeof(e));
                e.id = sqlite3_column_int64(st, 0);
                e.at = sqlite3_column_int64(st, 1);
                utf8_cut(e.lane, sizeof(e.lane), (const char *)sqlite3_column_text(st, 2));
                utf8_cut(e.user, sizeof(e.user), (const char *)sqlite3_column_text(st, 3));
                utf8_cut(e.approved_by, sizeof(e.approved_by), (const char *)sqlite3_column_text(st, 4));
                utf8_cut(e.action, sizeof(e.action), (const char *)sqlite3_column_text(st, 5));
                utf8_cut(e.detail, sizeof(e.detail), (const char *)sqlite3_column_text(st, 6));
                n++;
                if ((r = fn(&e, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? n : fail_sql(l, rc, "reading the audit log");
}

int need_manager(struct ledger *l, const struct actor *a, const char *what)
{
        if (!a->is_manager && !a->approver)
                return fail(l, -EPERM, "APPROVAL_REQUIRED", "%s needs a manager's approval", what);
        return 0;
}
