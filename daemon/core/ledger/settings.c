/* The store's own settings: read, and changed by a manager with each change audited. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/ledger_int.h"
#include "ledger/money.h"
#include "ledger/settings.h"

int store_settings_get(struct ledger *l, struct store_settings *ret)
{
        static const char sql[] = "SELECT name, receipt_header, receipt_footer, coalesce(max_discount_bp, -1),"
                                  " coalesce(cash_step, 0), blind_count FROM store WHERE id = 1";
        sqlite3_stmt *st = stmt(l, sql);
        struct store_settings s;
        int rc;

        if (!st)
                return l->e.num;
        if ((rc = step_one(l, st, "reading the store's settings")) <= 0) {
                sqlite3_reset(st);
                return rc < 0 ? rc : fail(l, -ENOENT, "NO_STORE", "the store is not set up; run 'posctl init'");
        }
        memset(&s, 0, sizeof(s));
        utf8_cut(s.name, sizeof(s.name), (const char *)sqlite3_column_text(st, 0));
        s.has_header = sqlite3_column_type(st, 1) != SQLITE_NULL;
        s.has_footer = sqlite3_column_type(st, 2) != SQLITE_NULL;
        utf8_cut(s.receipt_header, sizeof(s.receipt_header), (const char *)sqlite3_column_text(st, 1));
        utf8_cut(s.receipt_footer, sizeof(s.receipt_footer), (const char *)sqlite3_column_text(st, 2));
        s.max_discount_bp = sqlite3_column_int(st, 3);
        s.cash_step = sqlite3_column_int64(st, 4);
        s.blind_count = sqlite3_column_int(st, 5);
        sqlite3_reset(st);
        *ret = s;
        return 0;
}

/* A receipt's header or footer: lines of printable text. */
static int check_receipt_text(struct ledger *l, const char *what, const char *s)
{
        int lines = 1;

        if (strnlen(s, SETTINGS_TEXT_MAX + 1) > SETTINGS_TEXT_MAX)
                return fail(l, -EINVAL, "TOO_LONG", "the %s is longer than %d bytes", what, SETTINGS_TEXT_MAX);
        for (const char *p = s; *p; p++) {
                if (*p == '\n' && ++lines > SETTINGS_TEXT_LINES)
                        return fail(l, -EINVAL, "TOO_MANY_LINES", "the %s has more than %d lines", what,
                                    SETTINGS_TEXT_LINES);
                if (*p != '\n' && text_control_at(p))
                        return fail(l, -EINVAL, "BAD_TEXT", "the %s contains a control character", what);
        }
        return 0;
}

static int check_change(struct ledger *l, const struct settings_change *c)
{
        int r;

        if (c->name && (r = check_text(l, "store name", c->name, NAME_MAX_LEN, true)) < 0)
                return r;
        if (c->receipt_header.how == SETTING_SET && (r = check_receipt_text(l, "receipt header", c->receipt_header.v)) < 0)
                return r;
        if (c->receipt_footer.how == SETTING_SET && (r = check_receipt_text(l, "receipt footer", c->receipt_footer.v)) < 0)
                return r;
        if (c->max_discount_bp.how == SETTING_SET && (c->max_discount_bp.v < 0 || c->max_discount_bp.v > 10000))
                return fail(l, -EINVAL, "BAD_PERCENT", "the discount a cashier may give is from 0 to 100%%");
        if (c->cash_step.how == SETTING_SET && (c->cash_step.v < 1 || c->cash_step.v > CASH_STEP_MAX))
                return fail(l, -EINVAL, "BAD_CASH_ROUNDING",
                            "cash rounding is a step from 1 (none) to %d in the currency's smallest unit", CASH_STEP_MAX);
        return 0;
}

static void bind_text_setting(sqlite3_stmt *st, int idx, const struct setting_text *t, bool had, const char *old)
{
        if (t->how == SETTING_KEEP)
                bind_text_or_null(st, idx, had ? old : NULL);
        else
                bind_text_or_null(st, idx, t->how == SETTING_SET ? t->v : NULL);
}

static void bind_int_setting(sqlite3_stmt *st, int idx, const struct setting_int *v, int64_t old, int64_t unset)
{
        int64_t x = v->how == SETTING_KEEP ? old : v->how == SETTING_SET ? v->v : unset;

        if (x == unset)
                sqlite3_bind_null(st, idx);
        else
                sqlite3_bind_int64(st, idx, x);
}

/* "13.5%", or "posd.conf's" for an unset one */
static const char *percent(char buf[static PERCENT_TEXT_MAX], int64_t bp)
{
        return bp < 0 ? "posd.conf's" : percent_text(bp, buf);
}

static const char *step(char buf[static PERCENT_TEXT_MAX], int64_t v)
{
        if (v == 0)
                return "posd.conf's";
        snprintf(buf, PERCENT_TEXT_MAX, "%lld", (long long)v);
        return buf;
}

/* One audit entry per setting that changed, saying from what to what. */
static int audit_changes(struct ledger *l, const struct actor *a, const struct store_settings *was,
                         const struct store_settings *now)
{
        char b1[PERCENT_TEXT_MAX], b2[PERCENT_TEXT_MAX];
        int r = 0;

        if (strcmp(was->name, now->name))
                r = audit_add(l, a, "settings", "store name: %s -> %s", was->name, now->name);
        if (!r && (was->has_header != now->has_header || strcmp(was->receipt_header, now->receipt_header)))
                r = audit_add(l, a, "settings", "receipt header: %s", now->has_header ? now->receipt_header : "posd.conf's");
        if (!r && (was->has_footer != now->has_footer || strcmp(was->receipt_footer, now->receipt_footer)))
                r = audit_add(l, a, "settings", "receipt footer: %s", now->has_footer ? now->receipt_footer : "posd.conf's");
        if (!r && was->max_discount_bp != now->max_discount_bp)
                r = audit_add(l, a, "settings", "discount without a manager: %s -> %s", percent(b1, was->max_discount_bp),
                              percent(b2, now->max_discount_bp));
        if (!r && was->cash_step != now->cash_step)
                r = audit_add(l, a, "settings", "cash rounding: %s -> %s", step(b1, was->cash_step), step(b2, now->cash_step));
        if (!r && was->blind_count != now->blind_count)
                r = audit_add(l, a, "settings", "blind count: %s", now->blind_count ? "on" : "off");
        return r;
}

int store_settings_change(struct ledger *l, const struct actor *a, const struct settings_change *c,
                          struct store_settings *ret)
{
        static const char sql[] = "UPDATE store SET name = ?1, receipt_header = ?2, receipt_footer = ?3,"
                                  " max_discount_bp = ?4, cash_step = ?5, blind_count = ?6 WHERE id = 1";
        struct store_settings was, now;
        sqlite3_stmt *st;
        int r;

        if ((r = need_manager(l, a, "changing the store's settings")) < 0 || (r = check_change(l, c)) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = store_settings_get(l, &was)) < 0)
                goto out;
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_text(st, 1, c->name ? c->name : was.name, -1, SQLITE_TRANSIENT);
        bind_text_setting(st, 2, &c->receipt_header, was.has_header, was.receipt_header);
        bind_text_setting(st, 3, &c->receipt_footer, was.has_footer, was.receipt_footer);
        bind_int_setting(st, 4, &c->max_discount_bp, was.max_discount_bp, -1);
        bind_int_setting(st, 5, &c->cash_step, was.cash_step, 0);
        sqlite3_bind_int(st, 6, c->blind_count < 0 ? was.blind_count : c->blind_count != 0);
        if ((r = step_done(l, st, "changing the store's settings")) < 0 || (r = store_settings_get(l, &now)) < 0 ||
            (r = audit_changes(l, a, &was, &now)) < 0)
                goto out;
        if ((r = tx_commit(l)) < 0)
                return r;
        *ret = now;
        return 0;
out:
        tx_rollback(l);
        return r;
}
