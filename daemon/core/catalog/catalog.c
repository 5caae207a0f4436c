/* Products, barcodes and what a scanned code means. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
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
}

/* 1 and *ret filled, 0 when there is no such product, or an error. */
static int product_query(struct ledger *l, sqlite3_stmt *st, struct product *ret)
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

/* A barcode as given, normalized into key: 0, or why it is no barcode. */
static int barcode_key(struct ledger *l, const char *code, char key[static BARCODE_MAX + 1])
{
        int r = barcode_normalize(code, NULL, key);

        if (r == -EBADMSG)
                return fail(l, r, "BAD_CHECK_DIGIT", "barcode %s has a wrong check digit", code);
        if (r < 0)
                return fail(l, r, "BAD_BARCODE",
                            "barcode '%.48s' is not valid: use up to %d letters, digits, '-', '.' or '_'",
                            code, BARCODE_MAX);
        return 0;
}

/* 0 when no product has key; else BARCODE_TAKEN, naming the one that has it. */
static int barcode_free(struct ledger *l, const char *code, const char *key)
{
        static const char owner[] =
                "SELECT p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?1";
        sqlite3_stmt *st = stmt(l, owner);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "reading barcodes")) == 1)
                r = fail(l, -EEXIST, "BARCODE_TAKEN", "barcode %s already belongs to product %s", code,
                         (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return r;
}

static int barcode_insert(struct ledger *l, int64_t product_id, const char *code, int seq)
{
        static const char sql[] = "INSERT INTO barcodes(code, product_id, seq) VALUES (?1, ?2, ?3)";
        char key[BARCODE_MAX + 1];
        sqlite3_stmt *st;
        int r;

        if ((r = barcode_key(l, code, key)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, product_id);
        sqlite3_bind_int(st, 3, seq);
        if ((r = step_done(l, st, "adding a barcode")) != -EEXIST)
                return r;
        return (r = barcode_free(l, code, key)) < 0 ? r : -EEXIST;
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
        struct unit_info u;
        int r;

        if ((r = product_validate(l, in, &u)) < 0 || (r = tax_rate_check(l, in->tax_rate_bp)) < 0)
                return r;
        for (size_t i = 0; i < in->nbarcodes; i++) {
                if ((r = barcode_key(l, in->barcodes[i], keys[i])) < 0 || (r = barcode_free(l, in->barcodes[i], keys[i])) < 0)
                        return r;
                for (size_t j = 0; j < i; j++)
                        if (!strcmp(keys[i], keys[j]))
                                return fail(l, -EEXIST, "BARCODE_TAKEN", "barcode %s is given twice", in->barcodes[i]);
        }
        *unit = u;
        return 0;
}

/* The statement sql, ready but for ?1, with the product's fields bound as ?2..?12 (name,
 * spec, unit, category, price, cost, tax rate, reorder point, max level, active, now);
 * its unit, tax rate and category checked or made first. */
static int product_bound(struct ledger *l, const char *sql, const struct product_input *in, sqlite3_stmt **ret)
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
        return 0;
}

static int product_insert(struct ledger *l, const struct product_input *in, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO products(sku, name, spec, unit, category_id, price, cost, avg_cost, tax_rate_id,"
                " reorder_point, max_level, active, created_at, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
        int64_t id;
        sqlite3_stmt *st;
        int r;

        if ((r = product_bound(l, sql, in, &st)) < 0)
                return r;
        sqlite3_bind_text(st, 1, in->sku, -1, SQLITE_TRANSIENT);
        if ((r = step_done(l, st, "adding a product")) < 0)
                return r == -EEXIST ? fail(l, r, "SKU_EXISTS", "a product with SKU %s already exists", in->sku) : r;
        id = sqlite3_last_insert_rowid(l->db);
        for (size_t i = 0; i < in->nbarcodes; i++)
                if ((r = barcode_insert(l, id, in->barcodes[i], (int)i + 1)) < 0)
                        return r;
        if (ret_id)
                *ret_id = id;
        return 0;
}

/* The product, its barcodes and any new category or tax rate, together or not at all
 * (a savepoint inside an import's transaction). */
int product_add(struct ledger *l, const struct product_input *in, int64_t *ret_id)
{
        int r;

        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = product_insert(l, in, ret_id)) < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

int product_add_barcode(struct ledger *l, const char *sku, const char *code)
{
        static const char next[] = "SELECT coalesce(max(seq), 0) + 1, count(*) FROM barcodes WHERE product_id = ?1";
        struct product p;
        sqlite3_stmt *st;
        int r, seq, count;

        if ((r = product_get_by_sku(l, sku, &p)) < 0)
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
        if ((r = barcode_insert(l, p.id, code, seq)) < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

int product_barcodes(struct ledger *l, int64_t id, char codes[][BARCODE_MAX + 1], size_t max)
{
        static const char sql[] = "SELECT code FROM barcodes WHERE product_id = ?1 ORDER BY seq";
        sqlite3_stmt *st = stmt(l, sql);
        size_t n = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
                utf8_cut(codes[n++], BARCODE_MAX + 1, (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
                return fail_sql(l, rc, "reading barcodes");
        return (int)n;
}

static int lookup_key(struct ledger *l, const char *key, struct product *ret)
{
        static const char sql[] =
                "SELECT " PRODUCT_FIELDS PRODUCT_FROM "WHERE p.id = (SELECT product_id FROM barcodes WHERE code = ?1)";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        return product_query(l, st, ret);
}

#define MEASURE_RULES_MAX 10 /* one per prefix 20-29 */

int catalog_lookup_barcode(struct ledger *l, const char *code, struct scan_result *ret)
{
        struct measure_rule rules[MEASURE_RULES_MAX];
        struct measure_code m;
        struct scan_result s;
        char key[BARCODE_MAX + 1];
        int n, r;

        r = barcode_normalize(code, NULL, key);
        if (r == -EBADMSG)
                return fail(l, r, "BAD_CHECK_DIGIT", "barcode %s has a wrong check digit: scan it again", code);
        if (r < 0)
                return fail(l, r, "BAD_BARCODE", "'%.48s' is not a barcode", code ? code : "");
        memset(&s, 0, sizeof(s));
        if ((n = measure_rules_load(l, rules, MEASURE_RULES_MAX)) < 0)
                return n;
        r = measure_decode(key, rules, (size_t)n, &m);
        if (r == 0) {
                if ((r = lookup_key(l, m.item_key, &s.product)) <= 0)
                        return r < 0 ? r : fail(l, -ENOENT, "UNKNOWN_BARCODE",
                                                "no product for scale item %s (label %s)", m.item_key, code);
                s.has_qty = m.kind == MEASURE_WEIGHT;
                s.has_price = m.kind == MEASURE_PRICE;
                if (s.has_qty)
                        s.qty = m.value;
                if (s.has_price) {
                        s.price = m.value;
                        if (s.product.price > 0)
                                (void)muldiv_round(m.value, 1000, s.product.price, &s.qty);
                }
        } else if (r == -EBADMSG) {
                return fail(l, r, "BAD_CHECK_DIGIT", "barcode %s has a wrong check digit: scan it again", code);
        } else if ((r = lookup_key(l, key, &s.product)) <= 0) {
                return r < 0 ? r : fail(l, -ENOENT, "UNKNOWN_BARCODE", "no product has barcode %s", code);
        }
        *ret = s;
        return 0;
}

static int product_change(struct ledger *l, const char *sku, const struct product_input *in)
{
        static const char upd[] =
                "UPDATE products SET name = ?2, spec = ?3, unit = ?4, category_id = ?5, price = ?6, cost = ?7,"
                " tax_rate_id = ?8, reorder_point = ?9, max_level = ?10, active = ?11, updated_at = ?12 WHERE id = ?1";
        static const char clear[] = "DELETE FROM barcodes WHERE product_id = ?1";
        struct product p;
        sqlite3_stmt *st;
        int r;

        if ((r = product_get_by_sku(l, sku, &p)) < 0 || (r = product_bound(l, upd, in, &st)) < 0)
                return r;
        sqlite3_bind_int64(st, 1, p.id);
        if ((r = step_done(l, st, "changing a product")) < 0 || !(st = stmt(l, clear)))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, p.id);
        if ((r = step_done(l, st, "changing barcodes")) < 0)
                return r;
        for (size_t i = 0; i < in->nbarcodes; i++)
                if ((r = barcode_insert(l, p.id, in->barcodes[i], (int)i + 1)) < 0)
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

/* --- the product list and search ------------------------------------------------------
 *
 * The list is read in the order of the index products_by_name: active first, then name,
 * then SKU. A search (see schema migration 4) merges, in that order, a stream of products
 * read in that index's order with a few others sorted: SQLite merges a compound SELECT
 * lazily, so only a page's worth is read. The trigram indexes of names and SKUs tell
 * beforehand how many products hold the text where, and so which way is cheap:
 *  - few hold it other than at the start of their name: the names that start with it are
 *    a range of the index, and the rest are sorted;
 *  - many names hold it, few SKUs: the index is walked testing names (a page of them is
 *    near the start when they are many), and the SKU matches are sorted;
 *  - many SKUs too, or a text the index cannot answer for: the index is walked testing
 *    names and SKUs. */

/* Products sorted whole up to this many (some 5 ms); each is found in the trigram index
 * and then read, so above it walking the name order is the cheaper bet. */
#define SEARCH_SORT_MAX 5000

#define SEARCH_ORDER "ORDER BY p.active DESC, p.name, p.sku "
#define SEARCH_MERGE_ORDER "ORDER BY 13 DESC, 3, 2 LIMIT ?2" /* the same, by PRODUCT_FIELDS columns */

/* Bound: ?1 the text, ?2 the rows wanted, ?3 above every text starting with ?1, ?4 the
 * exact SKU match (left out: page_rows places it), ?5 the product with the barcode ?1. */
#define SEARCH_STARTS "p.name >= ?1 AND p.name < ?3"
#define SEARCH_IN_NAME "instr(p.name, ?1) > 0"
#define SEARCH_IN_SKU "instr(p.sku, ?1) > 0"
#define SEARCH_QUEUED "p.id IN (SELECT id FROM product_search_queue)"

/* Three characters or more: FTS5 phrases of trigrams. One or two: the trigrams that begin
 * with them (each indexed text ends in two separators, so every occurrence begins one). */
#define SEARCH_PHRASE "'\"' || replace(?1, '\"', '\"\"') || '\"'"
#define SEARCH_NAME_INNER_FTS                                                                 \
        "SELECT rowid FROM product_names WHERE product_names MATCH ("                          \
        SEARCH_PHRASE " || ' NOT ^' || " SEARCH_PHRASE ")"
#define SEARCH_SKU_FTS "SELECT rowid FROM product_skus WHERE product_skus MATCH " SEARCH_PHRASE
#define SEARCH_NAME_INNER_TERMS "SELECT doc FROM product_names_terms WHERE term >= ?1 AND term < ?3 AND offset > 0"
#define SEARCH_SKU_TERMS "SELECT doc FROM product_skus_terms WHERE term >= ?1 AND term < ?3"

#define SEARCH_SELECT "SELECT " PRODUCT_FIELDS PRODUCT_FROM

/* Names that start with the text, a range per active state, and the other matches. */
#define SEARCH_MERGED(name_inner, sku)                                                         \
        SEARCH_SELECT "WHERE p.active = 1 AND " SEARCH_STARTS " AND p.id IS NOT ?4 "           \
        "UNION ALL " SEARCH_SELECT "WHERE p.active = 0 AND " SEARCH_STARTS " AND p.id IS NOT ?4 " \
        "UNION ALL " SEARCH_SELECT                                                             \
        "WHERE (p.id IN (" name_inner ") OR p.id IN (" sku ") OR p.id = ?5"                    \
        "  OR (" SEARCH_QUEUED " AND (" SEARCH_IN_NAME " OR " SEARCH_IN_SKU ")))"              \
        " AND NOT (" SEARCH_STARTS ") AND p.id IS NOT ?4 " SEARCH_MERGE_ORDER

/* Names that hold the text, walked in order, and the products only the SKU (or barcode)
 * of which does. */
#define SEARCH_NAME_WALK(sku)                                                                  \
        SEARCH_SELECT "WHERE " SEARCH_IN_NAME " AND p.id IS NOT ?4 "                           \
        "UNION ALL " SEARCH_SELECT                                                             \
        "WHERE (p.id IN (" sku ") OR p.id = ?5 OR (" SEARCH_QUEUED " AND " SEARCH_IN_SKU "))"  \
        " AND NOT " SEARCH_IN_NAME " AND p.id IS NOT ?4 " SEARCH_MERGE_ORDER

static const char search_walk_sql[] =
        SEARCH_SELECT "WHERE (" SEARCH_IN_NAME " OR " SEARCH_IN_SKU " OR p.id = ?5) AND p.id IS NOT ?4 "
        SEARCH_ORDER "LIMIT ?2";

/* A page being filled: rows still to skip, rows passed on, what to pass them to. */
struct page {
        int skip, n, limit;
        int (*fn)(const struct product *, void *);
        void *ud;
};

static bool page_full(const struct page *pg)
{
        return pg->n >= pg->limit;
}

/* Skip p or pass it on; what fn returned. */
static int page_add(struct page *pg, const struct product *p)
{
        int r;

        if (pg->skip > 0) {
                pg->skip--;
                return 0;
        }
        if ((r = pg->fn(p, pg->ud)) == 0)
                pg->n++;
        return r;
}

/* The rows of st (PRODUCT_FIELDS, in list order) into the page until it is full. The
 * exact SKU match e, when given (and left out of st), goes first among the products of its
 * own active state. 0, what fn returned when not 0, or an error. */
static int page_rows(struct ledger *l, sqlite3_stmt *st, struct page *pg, const struct product *e)
{
        bool e_due = e != NULL;
        struct product p;
        int rc = SQLITE_DONE, r = 0;

        if (e_due && e->active) {
                e_due = false;
                r = page_add(pg, e);
        }
        while (r == 0 && !page_full(pg) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                product_from_row(st, 0, &p);
                if (e_due && !p.active) {
                        e_due = false;
                        if ((r = page_add(pg, e)) != 0 || page_full(pg))
                                break;
                }
                r = page_add(pg, &p);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return fail_sql(l, rc, "searching products");
        if (r == 0 && e_due && !page_full(pg))
                r = page_add(pg, e);
        return r;
}

/* An own statement (fn may use cached ones), stepped into the page and finalized. */
static int page_run(struct ledger *l, sqlite3_stmt *st, struct page *pg, const struct product *e)
{
        int r = page_rows(l, st, pg, e);

        sqlite3_finalize(st);
        return r;
}

static int search_list(struct ledger *l, int offset, struct page *pg)
{
        static const char sql[] = SEARCH_SELECT SEARCH_ORDER "LIMIT ?1 OFFSET ?2";
        sqlite3_stmt *st = stmt_own(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int(st, 1, pg->limit);
        sqlite3_bind_int(st, 2, offset);
        return page_run(l, st, pg, NULL);
}

/* The characters of q, or -1 when the trigram index cannot answer for it: a control
 * character (the index's separator is one, and no name or SKU holds any), bytes that are
 * not UTF-8 as the tokenizer reads it, or more than a name holds. */
static int search_chars(const char *q)
{
        const unsigned char *s = (const unsigned char *)q;
        int n = 0, len;

        if (strlen(q) > NAME_MAX_LEN)
                return -1;
        for (; *s; s += len, n++) {
                unsigned c = s[0], c1 = s[1];
                len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
                if (c < 0x20 || len == 0 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||
                    (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
                        return -1; /* overlong, a surrogate, past U+10FFFF */
                for (int i = 1; i < len; i++)
                        if ((s[i] & 0xC0) != 0x80)
                                return -1;
                if (c == 0xEF && c1 == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
                        return -1; /* U+FFFE and U+FFFF, which the tokenizer reads as U+FFFD */
        }
        return n;
}

/* Above every text that starts with q, and below the rest: q and 0xFF, which UTF-8 never
 * holds. q has at most NAME_MAX_LEN bytes (search_chars). */
static void search_above(const char *q, char ret[static NAME_MAX_LEN + 2])
{
        size_t n = strlen(q);

        memcpy(ret, q, n);
        ret[n] = (char)0xFF;
        ret[n + 1] = '\0';
}

/* What the trigram index says of q, each counted up to SEARCH_SORT_MAX + 1: the names
 * that hold it other than at their start, the SKUs that hold it, and the products queued
 * for the index (to be tested one by one). */
struct search_counts {
        int name_inner, sku, queued;
};

static int search_count(struct ledger *l, const char *q, int chars, const char *above, struct search_counts *ret)
{
#define COUNT(sub) "(SELECT count(*) FROM (" sub " LIMIT ?2)), "
        static const char phrase[] = "SELECT " COUNT(SEARCH_NAME_INNER_FTS) COUNT(SEARCH_SKU_FTS)
                "(SELECT count(*) FROM product_search_queue)";
        static const char terms[] = "SELECT " COUNT(SEARCH_NAME_INNER_TERMS) COUNT(SEARCH_SKU_TERMS)
                "(SELECT count(*) FROM product_search_queue)";
#undef COUNT
        sqlite3_stmt *st = stmt(l, chars >= 3 ? phrase : terms);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, SEARCH_SORT_MAX + 1);
        sqlite3_bind_text(st, 3, above, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "searching products")) == 1)
                *ret = (struct search_counts){ sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
                                               sqlite3_column_int(st, 2) };
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

/* The statement that answers q cheaply (see the top of this part). */
static int search_plan(struct ledger *l, const char *q, const char *above, const char **ret_sql)
{
        static const char merged_phrase[] = SEARCH_MERGED(SEARCH_NAME_INNER_FTS, SEARCH_SKU_FTS);
        static const char merged_terms[] = SEARCH_MERGED(SEARCH_NAME_INNER_TERMS, SEARCH_SKU_TERMS);
        static const char names_phrase[] = SEARCH_NAME_WALK(SEARCH_SKU_FTS);
        static const char names_terms[] = SEARCH_NAME_WALK(SEARCH_SKU_TERMS);
        struct search_counts c = { 0, 0, 0 };
        int chars = search_chars(q), r;

        *ret_sql = search_walk_sql;
        if (chars < 0)
                return 0;
        if ((r = search_count(l, q, chars, above, &c)) < 0)
                return r;
        if (c.name_inner + c.sku + c.queued <= SEARCH_SORT_MAX)
                *ret_sql = chars >= 3 ? merged_phrase : merged_terms;
        else if (c.sku + c.queued <= SEARCH_SORT_MAX)
                *ret_sql = chars >= 3 ? names_phrase : names_terms;
        return 0;
}

/* The product whose SKU is q into *ret_e (1) and the one with the barcode q into
 * *ret_code_of (0 when none): matches whatever their names hold. */
static int search_exact(struct ledger *l, const char *q, struct product *ret_e, int64_t *ret_code_of)
{
        static const char owner[] = "SELECT product_id FROM barcodes WHERE code = ?1";
        sqlite3_stmt *st = stmt(l, by_sku_sql);
        int has_e, r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
        if ((has_e = product_query(l, st, ret_e)) < 0 || !(st = stmt(l, owner)))
                return has_e < 0 ? has_e : l->e.num;
        sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
        *ret_code_of = 0;
        if ((r = step_one(l, st, "searching barcodes")) == 1)
                *ret_code_of = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return r < 0 ? r : has_e;
}

static int search_text(struct ledger *l, const char *q, int offset, struct page *pg)
{
        char above[NAME_MAX_LEN + 2] = "";
        const char *sql;
        struct product e;
        int64_t code_of = 0;
        sqlite3_stmt *st;
        int has_e, r;

        if (strlen(q) <= NAME_MAX_LEN)
                search_above(q, above);
        if ((r = search_plan(l, q, above, &sql)) < 0 || (has_e = search_exact(l, q, &e, &code_of)) < 0)
                return r < 0 ? r : has_e;
        if (!(st = stmt_own(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, offset + pg->limit);
        sqlite3_bind_text(st, 3, above, -1, SQLITE_TRANSIENT);
        if (has_e)
                sqlite3_bind_int64(st, 4, e.id);
        if (code_of)
                sqlite3_bind_int64(st, 5, code_of);
        pg->skip = offset; /* here: the exact match is not in st */
        return page_run(l, st, pg, has_e ? &e : NULL);
}

int catalog_search(struct ledger *l, const char *q, int limit, int offset,
                   int (*fn)(const struct product *, void *), void *ud)
{
        struct page pg = { 0, 0, limit, fn, ud };
        int r;

        if (limit < 0 || offset < 0 || offset > INT_MAX - limit)
                return fail(l, -EINVAL, "BAD_QUERY", "limit and offset are whole numbers");
        if (limit == 0)
                return 0;
        r = !q || !*q ? search_list(l, offset, &pg) : search_text(l, q, offset, &pg);
        return r != 0 ? r : pg.n;
}
