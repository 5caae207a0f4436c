/* The store's variable-measure barcode rules (barcode.h reads labels by them). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/ledger_int.h"

int measure_rules_load(struct ledger *l, struct measure_rule *rules, size_t max)
{
        static const char sql[] =
                "SELECT prefix, kind, item_digits, value_digits, value_scale FROM measure_rules ORDER BY prefix";
        sqlite3_stmt *st = stmt(l, sql);
        size_t n = 0;
        int rc;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
                struct measure_rule *r = &rules[n++];
                memset(r, 0, sizeof(*r));
                utf8_cut(r->prefix, sizeof(r->prefix), (const char *)sqlite3_column_text(st, 0));
                r->kind = strcmp((const char *)sqlite3_column_text(st, 1), "price") == 0 ? MEASURE_PRICE
                                                                                         : MEASURE_WEIGHT;
                r->item_digits = sqlite3_column_int(st, 2);
                r->value_digits = sqlite3_column_int(st, 3);
                r->value_scale = sqlite3_column_int(st, 4);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading measure rules");
        return (int)n;
}

int measure_rule_add(struct ledger *l, const struct measure_rule *m)
{
        static const char sql[] =
                "INSERT OR REPLACE INTO measure_rules(prefix, kind, item_digits, value_digits, value_scale) "
                "VALUES (?1, ?2, ?3, ?4, ?5)";
        sqlite3_stmt *st;

        if (measure_rule_check(m) < 0)
                return fail(l, -EINVAL, "BAD_MEASURE_RULE",
                            "a measure rule needs a prefix 20-29 and item + value digits of 9 or 10");
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, m->prefix, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, m->kind == MEASURE_PRICE ? "price" : "weight", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, m->item_digits);
        sqlite3_bind_int(st, 4, m->value_digits);
        sqlite3_bind_int(st, 5, m->value_scale);
        return step_alone(l, st, "adding a measure rule");
}
