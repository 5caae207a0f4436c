/* Products and their barcodes. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/catalog_int.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"

void product_from_row(sqlite3_stmt *st, int col, struct product *p)
{
        memset(p, 0, sizeof(*p));
        p->id = sqlite3_column_int64(st, col);
        utf8_cut(p->sku, sizeof(p->sku), (const char *)sqlite3_column_text(st, col + 1));
        utf8_cut(p->name, sizeof(p->name), (const char *)sqlite3_column_text(st, col + 2));
        utf8_cut(p->spec, sizeof(p->spec), (const char *)sqlite3_column_text(st, col + 3));
        utf8_cut(p->unit, sizeof(p->unit), (const char *)sqlite3_column_text(st, col + 4));
        utf8_cut(p->category, sizeof(p->category), (const char *)sqlite3_column_text(st, col + 5));
        p->price = sqlite3_column_int64(st, col + 6);
        p->cost = sqlite3_column_int64(st, col + 7);
        p->avg_cost = sqlite3_column_int64(st, col + 8);
        p->tax_rate_bp = sqlite3_column_int(st, col + 9);
        p->reorder_point = sqlite3_column_int64(st, col + 10);
        p->max_level = sqlite3_column_int64(st, col + 11);
        p->active = sqlite3_column_int(st, col + 12);
        p->measured = sqlite3_column_int(st, col + 13);
}

int product_query(struct ledger *l, sqlite3_stmt *st, struct product *ret)
{
        int r = step_one(l, st, "reading a product");

        if (r == 1)
                product_from_row(st, 0, ret);
        sqlite3_reset(st);
        return r;
}

static const char by_sku_sql[] = "SELECT " PRODUCT_FIELDS PRODUCT_FROM "WHERE p.sku = ?1";

int product_get_by_sku(struct ledger *l, const char *sku, struct product *ret)
{
        sqlite3_stmt *st = stmt(l, by_sku_sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, sku ? sku : "", -1, SQLITE_TRANSIENT);
        if ((r = product_query(l, st, ret)) == 0) {
                char shown[CODE_MAX_LEN + 1];
                utf8_cut(shown, sizeof(shown), sku);
                return fail(l, -ENOENT, "UNKNOWN_PRODUCT", "no product with SKU '%s'", shown);
        }
        return r < 0 ? r : 0;
}

int product_get(struct ledger *l, int64_t id, struct product *ret)
{
        static const char sql[] = "SELECT " PRODUCT_FIELDS PRODUCT_FROM "WHERE p.id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((r = product_query(l, st, ret)) == 0)
                return fail(l, -ENOENT, "UNKNOWN_PRODUCT", "no product with id %lld", (long long)id);
        return r < 0 ? r : 0;
}

int category_find(struct ledger *l, const char *name, int64_t *ret_id)
{
        static const char find[] = "SELECT id FROM categories WHERE name = ?1";
        sqlite3_stmt *st = stmt(l, find);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding a category")) == 1)
                *ret_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_CATEGORY", "no category named %.60s", name);
        return r < 0 ? r : 0;
}

static int category_ensure(struct ledger *l, const char *name, int64_t *ret_id)
{
        static const char add[] = "INSERT INTO categories(name) VALUES (?1)";
        sqlite3_stmt *st;
        int r = category_find(l, name, ret_id);

        if (r != -ENOENT)
                return r;
        clear_err(l);
        if (!(st = stmt(l, add)))
                return l->e.num;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "adding a category")) < 0)
                return r;
        *ret_id = sqlite3_last_insert_rowid(l->db);
        return 0;
}

/* A barcode as given, normalized into key: 0, or why it is no barcode. A scale's item
 * key (a rule's prefix and item digits) is its own, however many digits it has. */
static int barcode_key(struct ledger *l, const char *code, char key[static BARCODE_MAX + 1])
{
        struct measure_rule rules[MEASURE_RULES_MAX];
        int r = barcode_normalize(code, NULL, key), n;

        if (r == -EBADMSG && (n = measure_rules_load(l, rules, MEASURE_RULES_MAX)) >= 0 &&
            measure_item_key(code, rules, (size_t)n)) {
                snprintf(key, BARCODE_MAX + 1, "%s", code);
                return 0;
        }
        if (r == -EBADMSG)
                return fail(l, r, "BAD_CHECK_DIGIT", "barcode %s has a wrong check digit", code);
        if (r < 0)
                return fail(l, r, "BAD_BARCODE",
                            "barcode '%.48s' is not valid: use up to %d letters, digits, '-', '.' or '_'",
                            code, BARCODE_MAX);
        return 0;
}

/* An entry as listed (BARCODE_ENTRY_MAX): its code normalized into key, and the pack it
 * stands for in milli-units of the unit u (0: a single item). */
static int barcode_entry(struct ledger *l, const char *entry, const struct unit_info *u,
                         char key[static BARCODE_MAX + 1], int64_t *ret_pack)
{
        char code[BARCODE_MAX + 1], gtin[BARCODE_MAX + 1];
        enum barcode_kind kind;
        const char *pack;
        int64_t q = 0;
        int r;

        if (barcode_entry_split(entry, code, &pack) < 0)
                return fail(l, -EINVAL, "BAD_BARCODE", "barcode '%.48s' is too long: a code has at most %d characters",
                            entry, BARCODE_MAX);
        if (pack && (decimal_parse(pack, QTY_SCALE, false, QTY_MAX, &q) < 0 || q <= 0 || !unit_qty_ok(u, q)))
                return fail(l, -EINVAL, "BAD_PACK", "barcode %s: after the '*' comes how much a case holds, above 0%s%s",
                            code, u->measured ? "" : ", in whole ", u->measured ? "" : u->code);
        if ((r = barcode_key(l, code, key)) < 0)
                return r;
        /* a case is a GTIN: what a till reads as a barcode, never as a name to search */
        if (pack && (barcode_normalize(code, &kind, gtin) < 0 || kind == BARCODE_INTERNAL))
                return fail(l, -EINVAL, "BAD_PACK", "barcode %s: only a GTIN (EAN, UPC, GTIN-14) stands for a case", code);
        *ret_pack = q == 1000 ? 0 : q;
        return 0;
}

/* The product that has the item key stands for (under key or its other reading), one
 * other than self first: 1 with its id, SKU and the pack it has the item as, or 0. */
static int barcode_holder(struct ledger *l, const char *key, int64_t self, int64_t *ret_id,
                          char ret_sku[static CODE_MAX_LEN + 1], int64_t *ret_pack)
{
        static const char sql[] = "SELECT p.id, p.sku, coalesce(b.pack, 0) FROM barcodes b"
                                  " JOIN products p ON p.id = b.product_id"
                                  " WHERE b.code IN (?1, ?2) ORDER BY p.id = ?3 LIMIT 1";
        char other[BARCODE_MAX + 1];
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        (void)barcode_other_reading(key, other);
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, other, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, self);
        if ((r = step_one(l, st, "reading barcodes")) == 1) {
                *ret_id = sqlite3_column_int64(st, 0);
                utf8_cut(ret_sku, CODE_MAX_LEN + 1, (const char *)sqlite3_column_text(st, 1));
                *ret_pack = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
        return r;
}

static int barcode_taken(struct ledger *l, const char *code, const char *sku)
{
        return fail(l, -EEXIST, "BARCODE_TAKEN", "barcode %s already belongs to product %s", code, sku);
}

/* One item listed twice with two packs: which would a scan ring up? */
static int packs_differ(struct ledger *l, const char *code)
{
        return fail(l, -EINVAL, "BAD_PACK", "barcode %s is listed already with another pack", code);
}

/* An entry filed for the product (sold by the unit u); nothing when it has the same item
 * already (a UPC-A and its EAN-13, a GTIN-14 of indicator 0 and its GTIN). */
static int barcode_insert(struct ledger *l, int64_t product_id, const struct unit_info *u, const char *entry, int seq)
{
        static const char sql[] = "INSERT INTO barcodes(code, product_id, seq, pack) VALUES (?1, ?2, ?3, nullif(?4, 0))";
        char key[BARCODE_MAX + 1], sku[CODE_MAX_LEN + 1];
        int64_t holder, pack, had;
        sqlite3_stmt *st;
        int r;

        if ((r = barcode_entry(l, entry, u, key, &pack)) < 0 ||
            (r = barcode_holder(l, key, product_id, &holder, sku, &had)) < 0)
                return r;
        if (r == 1 && holder != product_id)
                return barcode_taken(l, entry, sku);
        if (r == 1)
                return had == pack ? 0 : packs_differ(l, entry);
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, product_id);
        sqlite3_bind_int(st, 3, seq);
        sqlite3_bind_int64(st, 4, pack);
        return step_done(l, st, "adding a barcode");
}

static int product_validate(struct ledger *l, const struct product_input *in, struct unit_info *unit)
{
        int r;

        if ((r = check_text(l, "sku", in->sku, CODE_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "name", in->name, NAME_MAX_LEN, true)) < 0 ||
            (r = check_text(l, "spec", in->spec, SPEC_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "category", in->category, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "unit", in->unit, CODE_MAX_LEN, true)) < 0)
                return r;
        for (const char *c = in->sku; *c; c++)
                if (*c == ' ' || *c == '/' || *c == '?' || *c == '#' || *c == '%')
                        return fail(l, -EINVAL, "BAD_SKU", "sku '%s' may not contain spaces, '/', '?', '#' or '%%'",
                                    in->sku);
        if (in->price < 0 || in->price > MONEY_MAX || in->cost < 0 || in->cost > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_PRICE", "price and cost must be between 0 and %lld minor units",
                            (long long)MONEY_MAX);
        if (in->reorder_point < 0 || in->reorder_point > QTY_MAX || in->max_level < 0 || in->max_level > QTY_MAX)
                return fail(l, -EINVAL, "BAD_QUANTITY", "reorder point and max level must not be negative");
        if (in->max_level && in->max_level < in->reorder_point)
                return fail(l, -EINVAL, "BAD_QUANTITY", "max level is below the reorder point");
        if (in->nbarcodes > BARCODES_PER_PRODUCT)
                return fail(l, -EINVAL, "TOO_MANY_BARCODES", "a product has at most %d barcodes",
                            BARCODES_PER_PRODUCT);
        return unit_get(l, in->unit, unit);
}

int product_check(struct ledger *l, const struct product_input *in, struct unit_info *unit,
                  char keys[][BARCODE_MAX + 1])
{
        int64_t packs[BARCODES_PER_PRODUCT];
        struct unit_info u;
        int r;

        if ((r = product_validate(l, in, &u)) < 0 || (r = tax_rate_check(l, in->tax_rate_bp)) < 0)
                return r;
        for (size_t i = 0; i < in->nbarcodes; i++) {
                char sku[CODE_MAX_LEN + 1], other[BARCODE_MAX + 1];
                int64_t holder, had;

                if ((r = barcode_entry(l, in->barcodes[i], &u, keys[i], &packs[i])) < 0 ||
                    (r = barcode_holder(l, keys[i], 0, &holder, sku, &had)) < 0)
                        return r;
                if (r == 1)
                        return barcode_taken(l, in->barcodes[i], sku);
                /* the same item earlier in the list is kept once, with one pack */
                (void)barcode_other_reading(keys[i], other);
                for (size_t j = 0; j < i; j++)
                        if ((!strcmp(keys[j], keys[i]) || !strcmp(keys[j], other)) && packs[j] != packs[i])
                                return packs_differ(l, in->barcodes[i]);
        }
        *unit = u;
        return 0;
}

/* The statement sql, ready but for ?1, with the product's fields bound as ?2..?12 (name,
 * spec, unit, category, price, cost, tax rate, reorder point, max level, active, now);
 * its unit (*ret_unit), tax rate and category checked or made first. */
static int product_bound(struct ledger *l, const char *sql, const struct product_input *in, sqlite3_stmt **ret,
                         struct unit_info *ret_unit)
{
        struct unit_info unit;
        int64_t cat = 0, tax = 0;
        sqlite3_stmt *st;
        int r;

        if ((r = product_validate(l, in, &unit)) < 0 || (r = tax_rate_ensure(l, in->tax_rate_bp, &tax)) < 0)
                return r;
        if (in->category && *in->category && (r = category_ensure(l, in->category, &cat)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 2, in->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, in->spec ? in->spec : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, unit.code, -1, SQLITE_TRANSIENT);
        if (cat)
                sqlite3_bind_int64(st, 5, cat);
        sqlite3_bind_int64(st, 6, in->price);
        sqlite3_bind_int64(st, 7, in->cost);
        sqlite3_bind_int64(st, 8, tax);
        sqlite3_bind_int64(st, 9, in->reorder_point);
        sqlite3_bind_int64(st, 10, in->max_level);
        sqlite3_bind_int(st, 11, in->active);
        sqlite3_bind_int64(st, 12, ledger_now_ms(l));
        *ret = st;
        *ret_unit = unit;
        return 0;
}

int product_insert(struct ledger *l, const struct product_input *in, bool place, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO products(sku, name, spec, unit, category_id, price, cost, avg_cost, tax_rate_id,"
                " reorder_point, max_level, active, created_at, updated_at, search_key) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)";
        struct unit_info unit;
        int64_t id, key;
        sqlite3_stmt *st;
        int r;

        if ((place && (r = search_key_for(l, 0, in->active, in->name, in->sku, &key)) < 0) ||
            (r = product_bound(l, sql, in, &st, &unit)) < 0)
                return r;
        sqlite3_bind_text(st, 1, in->sku, -1, SQLITE_TRANSIENT);
        if (place)
                sqlite3_bind_int64(st, 13, key);
        if ((r = step_done(l, st, "adding a product")) < 0)
                return r == -EEXIST ? fail(l, r, "SKU_EXISTS", "a product with SKU %s already exists", in->sku) : r;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nbarcodes; i++)
                if ((r = barcode_insert(l, id, &unit, in->barcodes[i], (int)i + 1)) < 0)
                        return r;
        if (ret_id)
                *ret_id = id;
        return 0;
}

/* The product, its barcodes and any new category or tax rate, together or not at all. */
int product_add(struct ledger *l, const struct product_input *in, int64_t *ret_id)
{
        int r;

        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = product_insert(l, in, true, ret_id)) < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

int product_add_barcode(struct ledger *l, const char *sku, const char *code)
{
        static const char next[] = "SELECT coalesce(max(seq), 0) + 1, count(*) FROM barcodes WHERE product_id = ?1";
        struct product p;
        struct unit_info unit;
        sqlite3_stmt *st;
        int r, seq, count;

        if ((r = product_get_by_sku(l, sku, &p)) < 0 || (r = unit_get(l, p.unit, &unit)) < 0)
                return r;
        if (!(st = stmt(l, next)))
                return l->e.num;
        sqlite3_bind_int64(st, 1, p.id);
        if ((r = sqlite3_step(st)) != SQLITE_ROW) {
                sqlite3_reset(st);
                return fail_sql(l, r, "reading barcodes");
        }
        seq = sqlite3_column_int(st, 0);
        count = sqlite3_column_int(st, 1);
        sqlite3_reset(st);
        if (count >= BARCODES_PER_PRODUCT)
                return fail(l, -EINVAL, "TOO_MANY_BARCODES", "a product has at most %d barcodes",
                            BARCODES_PER_PRODUCT);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = barcode_insert(l, p.id, &unit, code, seq)) < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

int product_barcodes(struct ledger *l, int64_t id, char codes[][BARCODE_ENTRY_MAX + 1], size_t max)
{
        static const char sql[] = "SELECT code, coalesce(pack, 0) FROM barcodes WHERE product_id = ?1 ORDER BY seq";
        sqlite3_stmt *st = stmt(l, sql);
        size_t n = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
                int64_t pack = sqlite3_column_int64(st, 1);
                char q[BARCODE_PACK_MAX + 1] = "";
                if (pack)
                        decimal_format(pack, QTY_SCALE, true, q, sizeof(q));
                snprintf(codes[n++], BARCODE_ENTRY_MAX + 1, "%.*s%s%s", BARCODE_MAX,
                         (const char *)sqlite3_column_text(st, 0), pack ? "*" : "", q);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading barcodes");
        return (int)n;
}

static int product_change(struct ledger *l, const char *sku, const struct product_input *in)
{
        static const char upd[] =
                "UPDATE products SET name = ?2, spec = ?3, unit = ?4, category_id = ?5, price = ?6, cost = ?7,"
                " tax_rate_id = ?8, reorder_point = ?9, max_level = ?10, active = ?11, updated_at = ?12,"
                " search_key = coalesce(?13, search_key) WHERE id = ?1";
        static const char clear[] = "DELETE FROM barcodes WHERE product_id = ?1";
        struct product p;
        struct unit_info unit;
        sqlite3_stmt *st;
        int64_t key = 0;
        bool moves;
        int r;

        if ((r = product_get_by_sku(l, sku, &p)) < 0)
                return r;
        /* a new name or active state is a new place in the list */
        moves = strcmp(p.name, in->name ? in->name : "") != 0 || p.active != in->active;
        if ((moves && (r = search_key_for(l, p.id, in->active, in->name ? in->name : "", p.sku, &key)) < 0) ||
            (r = product_bound(l, upd, in, &st, &unit)) < 0)
                return r;
        sqlite3_bind_int64(st, 1, p.id);
        if (moves)
                sqlite3_bind_int64(st, 13, key);
        if ((r = step_done(l, st, "changing a product")) < 0 || !(st = stmt(l, clear)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, p.id);
        if ((r = step_done(l, st, "changing barcodes")) < 0)
                return r;
        for (size_t i = 0; i < in->nbarcodes; i++)
                if ((r = barcode_insert(l, p.id, &unit, in->barcodes[i], (int)i + 1)) < 0)
                        return r;
        return 0;
}

int product_update(struct ledger *l, const char *sku, const struct product_input *in)
{
        int r;

        clear_err(l);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = product_change(l, sku, in)) < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

