/* Store setup: the store row, locations, tax rates, units and measure rules. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/audit.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"
#include "ledger/store.h"

static const struct {
        const char *code;
        int minor;
} currencies[] = {
        { "CNY", 2 }, { "HKD", 2 }, { "MOP", 2 }, { "TWD", 2 }, { "USD", 2 }, { "EUR", 2 },
        { "GBP", 2 }, { "CHF", 2 }, { "CAD", 2 }, { "AUD", 2 }, { "NZD", 2 }, { "SGD", 2 },
        { "MYR", 2 }, { "THB", 2 }, { "PHP", 2 }, { "INR", 2 }, { "SEK", 2 }, { "NOK", 2 },
        { "DKK", 2 }, { "PLN", 2 }, { "CZK", 2 }, { "MXN", 2 }, { "BRL", 2 }, { "ZAR", 2 },
        { "JPY", 0 }, { "KRW", 0 }, { "VND", 0 }, { "IDR", 2 }, { "ISK", 0 }, { "CLP", 0 },
        { "BHD", 3 }, { "KWD", 3 }, { "OMR", 3 }, { "JOD", 3 }, { "TND", 3 },
};

int currency_minor_unit(const char *code)
{
        for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
                if (code && strcmp(code, currencies[i].code) == 0)
                        return currencies[i].minor;
        return -ENOENT;
}

static const char seed_sql[] =
        "INSERT INTO locations(code, name, kind, is_default) VALUES"
        "  ('SHOP', '卖场 Shop floor', 'shop', 1), ('BACK', '后仓 Back room', 'backroom', 0);"
        "INSERT INTO tax_rates(name, rate_bp, is_default) VALUES"
        "  ('0%', 0, 0), ('6%', 600, 0), ('9%', 900, 0), ('13%', 1300, 1);"
        "INSERT INTO units(code, name, measured) VALUES"
        "  ('pcs', '件 piece', 0), ('box', '箱 box', 0), ('pack', '包 pack', 0),"
        "  ('kg', '千克 kilogram', 1), ('g', '克 gram', 1), ('l', '升 litre', 1), ('m', '米 metre', 1);"
        /* 21: 5-digit item, 5-digit weight in grams; 22: 5-digit item, price in minor units */
        "INSERT INTO measure_rules(prefix, kind, item_digits, value_digits, value_scale) VALUES"
        "  ('21', 'weight', 5, 5, 1), ('22', 'price', 5, 5, 1);";

int store_init(struct ledger *l, const struct store_setup *s)
{
        static const char sql[] =
                "INSERT INTO store(id, name, currency, minor_unit, prices_include_tax, created_at) "
                "VALUES (1, ?1, ?2, ?3, ?4, ?5)";
        const char *cur = s->currency ? s->currency : "CNY";
        int minor = s->minor_unit >= 0 ? s->minor_unit : currency_minor_unit(cur);
        sqlite3_stmt *st;
        int r;

        if ((r = check_text(l, "store name", s->name, NAME_MAX_LEN, true)) < 0)
                return r;
        if (strlen(cur) != 3 || minor < 0 || minor > 4)
                return fail(l, -EINVAL, "BAD_CURRENCY",
                            "unknown currency '%s': give an ISO 4217 code and its decimals", cur);
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_text(st, 1, s->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, cur, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, minor);
        sqlite3_bind_int(st, 4, !s->prices_exclude_tax);
        sqlite3_bind_int64(st, 5, ledger_now_ms(l));
        if ((r = step_done(l, st, "creating the store")) < 0) {
                if (r == -EEXIST)
                        r = fail(l, -EEXIST, "STORE_EXISTS", "this database already holds a store");
                goto out;
        }
        if ((r = exec_sql(l, seed_sql)) < 0)
                goto out;
        return tx_commit(l); /* on failure it has rolled back */
out:
        tx_rollback(l);
        return r;
}

int store_get(struct ledger *l, struct store_info *ret)
{
        static const char sql[] =
                "SELECT name, currency, minor_unit, prices_include_tax,"
                " (SELECT id FROM locations WHERE is_default = 1) FROM store WHERE id = 1";
        sqlite3_stmt *st = stmt(l, sql);
        struct store_info s;
        int rc;

        if (!st)
                return l->e.num;
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
                sqlite3_reset(st);
                if (rc == SQLITE_DONE)
                        return fail(l, -ENOENT, "NO_STORE", "the store is not set up; run 'posctl init'");
                return fail_sql(l, rc, "reading the store");
        }
        memset(&s, 0, sizeof(s));
        utf8_cut(s.name, sizeof(s.name), (const char *)sqlite3_column_text(st, 0));
        utf8_cut(s.currency, sizeof(s.currency), (const char *)sqlite3_column_text(st, 1));
        s.minor_unit = sqlite3_column_int(st, 2);
        s.prices_include_tax = sqlite3_column_int(st, 3);
        s.default_location = sqlite3_column_int64(st, 4);
        sqlite3_reset(st);
        *ret = s;
        return 0;
}

int location_add(struct ledger *l, const char *code, const char *name, const char *kind, int64_t *ret_id)
{
        static const char sql[] = "INSERT INTO locations(code, name, kind) VALUES (?1, ?2, ?3)";
        sqlite3_stmt *st;
        int r;

        if ((r = check_text(l, "location code", code, CODE_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "location name", name, NAME_MAX_LEN, true)) < 0)
                return r;
        if (!kind)
                kind = "warehouse";
        if (strcmp(kind, "shop") && strcmp(kind, "backroom") && strcmp(kind, "warehouse"))
                return fail(l, -EINVAL, "BAD_LOCATION_KIND",
                            "location kind '%s' is not one of shop, backroom, warehouse", kind);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
        if ((r = step_alone(l, st, "adding a location")) < 0)
                return r == -EEXIST ? fail(l, r, "LOCATION_EXISTS", "location %s already exists", code) : r;
        if (ret_id)
                *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

int location_find(struct ledger *l, const char *code, int64_t *ret_id)
{
        static const char by_code[] = "SELECT id FROM locations WHERE code = ?1";
        static const char dflt[] = "SELECT id FROM locations WHERE is_default = 1";
        sqlite3_stmt *st = stmt(l, code ? by_code : dflt);
        int r;

        if (!st)
                return l->e.num;
        if (code)
                sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding a location")) == 1)
                *ret_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == 0)
                return code ? fail(l, -ENOENT, "UNKNOWN_LOCATION", "no location with code '%s'", code)
                            : fail(l, -ENOENT, "NO_STORE", "the store is not set up; run 'posctl init'");
        return r < 0 ? r : 0;
}

int location_each(struct ledger *l, int (*fn)(const struct location *, void *), void *ud)
{
        static const char sql[] = "SELECT id, code, name, kind, is_default FROM locations ORDER BY id";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct location loc;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&loc, 0, sizeof(loc));
                loc.id = sqlite3_column_int64(st, 0);
                utf8_cut(loc.code, sizeof(loc.code), (const char *)sqlite3_column_text(st, 1));
                utf8_cut(loc.name, sizeof(loc.name), (const char *)sqlite3_column_text(st, 2));
                utf8_cut(loc.kind, sizeof(loc.kind), (const char *)sqlite3_column_text(st, 3));
                loc.is_default = sqlite3_column_int(st, 4);
                if ((r = fn(&loc, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r == 0 && rc != SQLITE_DONE)
                return fail_sql(l, rc, "listing locations");
        return r;
}

int tax_rate_check(struct ledger *l, int rate_bp)
{
        if (rate_bp < 0 || rate_bp > TAX_RATE_MAX)
                return fail(l, -EINVAL, "BAD_TAX_RATE", "tax rate must be between 0 and 100%%");
        return 0;
}

int tax_rate_ensure(struct ledger *l, int rate_bp, int64_t *ret_id)
{
        static const char find[] = "SELECT id FROM tax_rates WHERE rate_bp = ?1";
        static const char add[] = "INSERT INTO tax_rates(name, rate_bp) VALUES (?1, ?2)";
        sqlite3_stmt *st;
        char name[PERCENT_TEXT_MAX];
        int rc;

        if ((rc = tax_rate_check(l, rate_bp)) < 0)
                return rc;
        if (!(st = stmt(l, find)))
                return l->e.num;
        sqlite3_bind_int(st, 1, rate_bp);
        if ((rc = step_one(l, st, "finding a tax rate")) == 1)
                *ret_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != 0)
                return rc < 0 ? rc : 0;
        if (!(st = stmt(l, add)))
                return l->e.num;
        percent_text(rate_bp, name);
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, rate_bp);
        if ((rc = step_done(l, st, "adding a tax rate")) < 0)
                return rc;
        *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

int unit_get(struct ledger *l, const char *code, struct unit_info *ret)
{
        static const char sql[] = "SELECT code, name, measured FROM units WHERE code = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        struct unit_info u;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                memset(&u, 0, sizeof(u));
                utf8_cut(u.code, sizeof(u.code), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(u.name, sizeof(u.name), (const char *)sqlite3_column_text(st, 1));
                u.measured = sqlite3_column_int(st, 2);
                *ret = u;
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
                return fail(l, -ENOENT, "UNKNOWN_UNIT", "unknown unit '%s'", code);
        return rc == SQLITE_ROW ? 0 : fail_sql(l, rc, "reading a unit");
}

bool unit_qty_ok(const struct unit_info *u, int64_t qty_milli)
{
        return u->measured || qty_milli % 1000 == 0;
}

int unit_qty_check(struct ledger *l, const char *code, int64_t qty_milli, size_t line, const char *sku)
{
        struct unit_info u;
        int r;

        if ((r = unit_get(l, code, &u)) < 0)
                return r;
        if (unit_qty_ok(&u, qty_milli))
                return 0;
        if (line)
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: %s comes in whole %s", line, sku, code);
        return fail(l, -EINVAL, "BAD_QUANTITY", "%s comes in whole %s", sku, code);
}

int unit_add(struct ledger *l, const char *code, const char *name, bool measured)
{
        static const char sql[] = "INSERT INTO units(code, name, measured) VALUES (?1, ?2, ?3)";
        sqlite3_stmt *st;
        int r;

        if ((r = check_text(l, "unit code", code, CODE_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "unit name", name, NAME_MAX_LEN, true)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, measured);
        if ((r = step_alone(l, st, "adding a unit")) < 0)
                return r == -EEXIST ? fail(l, r, "UNIT_EXISTS", "unit %s already exists", code) : r;
        return 0;
}


const char *money_text(struct ledger *l, int64_t v, char *buf)
{
        struct store_info s;
        struct ledger_error keep = l->e; /* a message is being built: keep its error */

        decimal_format(v, store_get(l, &s) == 0 ? s.minor_unit : 2, false, buf, 32);
        l->e = keep;
        return buf;
}

int tax_rate_each(struct ledger *l, int (*fn)(const struct tax_rate *, void *), void *ud)
{
        static const char sql[] = "SELECT t.id, t.name, t.rate_bp, t.is_default,"
                                  " (SELECT count(*) FROM products p WHERE p.tax_rate_id = t.id)"
                                  " FROM tax_rates t ORDER BY t.rate_bp";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct tax_rate t;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&t, 0, sizeof(t));
                t.id = sqlite3_column_int64(st, 0);
                utf8_cut(t.name, sizeof(t.name), (const char *)sqlite3_column_text(st, 1));
                t.rate_bp = sqlite3_column_int(st, 2);
                t.is_default = sqlite3_column_int(st, 3);
                t.products = sqlite3_column_int64(st, 4);
                if ((r = fn(&t, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r == 0 && rc != SQLITE_DONE)
                return fail_sql(l, rc, "listing tax rates");
        return r;
}

int tax_rate_default(struct ledger *l, int *ret_bp)
{
        static const char sql[] = "SELECT rate_bp FROM tax_rates WHERE is_default = 1";
        sqlite3_stmt *st = stmt(l, sql);
        int rc;

        if (!st)
                return l->e.num;
        if ((rc = step_one(l, st, "finding the default tax rate")) >= 0)
                *ret_bp = rc == 1 ? sqlite3_column_int(st, 0) : 1300; /* a store from before defaults: China's */
        sqlite3_reset(st);
        return rc < 0 ? rc : 0;
}

static int check_tax_rate_name(struct ledger *l, const char *name)
{
        return check_text(l, "tax rate name", name, TAX_RATE_NAME_MAX, true);
}

int tax_rate_add(struct ledger *l, const struct actor *a, const char *name, int rate_bp, int64_t *ret_id)
{
        static const char sql[] = "INSERT INTO tax_rates(name, rate_bp) VALUES (?1, ?2)";
        char pct[PERCENT_TEXT_MAX];
        sqlite3_stmt *st;
        int64_t id;
        int r;

        if ((r = need_manager(l, a, "adding a tax rate")) < 0 || (r = check_tax_rate_name(l, name)) < 0 ||
            (r = tax_rate_check(l, rate_bp)) < 0)
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, rate_bp);
        if ((r = step_done(l, st, "adding a tax rate")) < 0) {
                if (r == -EEXIST)
                        r = fail(l, r, "TAX_RATE_EXISTS", "the store has a tax rate of %s already",
                                 percent_text(rate_bp, pct));
                goto out;
        }
        id = sqlite3_last_insert_rowid(l->db);
        if ((r = audit_add(l, a, "tax_rate", "added %s (%s)", name, percent_text(rate_bp, pct))) < 0)
                goto out;
        if ((r = tx_commit(l)) < 0)
                return r;
        if (ret_id)
                *ret_id = id;
        return 0;
out:
        tx_rollback(l);
        return r;
}

int tax_rate_change(struct ledger *l, const struct actor *a, int64_t id, const char *name, bool make_default)
{
        static const char rename[] = "UPDATE tax_rates SET name = coalesce(?2, name) WHERE id = ?1";
        /* two statements: SQLite checks the one-default index row by row */
        static const char undflt[] = "UPDATE tax_rates SET is_default = 0 WHERE is_default = 1 AND id <> ?1";
        static const char dflt[] = "UPDATE tax_rates SET is_default = 1 WHERE id = ?1";
        sqlite3_stmt *st;
        int r;

        if ((r = need_manager(l, a, "changing a tax rate")) < 0 || (name && (r = check_tax_rate_name(l, name)) < 0))
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if (!(st = stmt(l, rename))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_int64(st, 1, id);
        bind_text_or_null(st, 2, name);
        if ((r = step_done(l, st, "renaming a tax rate")) < 0)
                goto out;
        if (sqlite3_changes(l->db) == 0) {
                r = fail(l, -ENOENT, "UNKNOWN_TAX_RATE", "no tax rate %lld", (long long)id);
                goto out;
        }
        for (int i = 0; make_default && i < 2; i++) {
                if (!(st = stmt(l, i ? dflt : undflt))) {
                        r = l->e.num;
                        goto out;
                }
                sqlite3_bind_int64(st, 1, id);
                if ((r = step_done(l, st, "choosing the default tax rate")) < 0)
                        goto out;
        }
        if ((r = audit_add(l, a, "tax_rate", "rate %lld:%s%s%s", (long long)id, name ? " named " : "", name ? name : "",
                           make_default ? ", the default" : "")) < 0)
                goto out;
        return tx_commit(l);
out:
        tx_rollback(l);
        return r;
}
