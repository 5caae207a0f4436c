/* The product list and search at a million products.
 *
 * The list is read in the order of the products' search keys, which is active first,
 * then name, then SKU. A search is answered in that order too, within four kinds of
 * match, best first:
 *  1. the product whose SKU is the text, or else the one with that barcode;
 *  2. every word of the text is a whole word of the name or spec, in any order;
 *  3. every word begins a word of the name or spec;
 *  4. the SKU, and then a barcode, begins with the text (one word only).
 * Words are read alike in names and in the text (search_words(), then FTS5's unicode61
 * tokenizer): case, accents and full width do not count, and each Chinese character is a
 * word, so that "绿茶" finds the two characters side by side.
 *
 * product_words (schema migration 13) hands out the matches of kinds 2 and 3 in key
 * order, which is the list's order, so a page reads no further than its own rows: no
 * match is ranked that is not shown. This part of the file keeps the keys in that
 * order. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/catalog_int.h"
#include "ledger/ledger_int.h"

/* Active products have keys in (0, SEARCH_BAND), inactive ones in (SEARCH_BAND,
 * INT64_MAX). Products placed after the last one go SEARCH_STEP apart, those placed
 * between two evenly between them (one: halfway); when they do not fit, the products
 * around are spread out again, at least SEARCH_SPACING apart. */
#define SEARCH_BAND ((int64_t)1 << 62)
#define SEARCH_STEP ((int64_t)1 << 32)
#define SEARCH_SPACING ((int64_t)1 << 24)
#define SPREAD_FIRST 8 /* products on each side looked at first, 4 times more each time */

struct band {
        int64_t lo, hi; /* keys strictly between */
};

static struct band band_of(bool active)
{
        return active ? (struct band){ 0, SEARCH_BAND } : (struct band){ SEARCH_BAND, INT64_MAX };
}

/* The key of the placed product next to (name, sku) in its band, before it (after false)
 * or after it: 1 and *ret, 0 when there is none, or an error. The products not placed
 * yet are not in products_by_name. */
static int neighbour(struct ledger *l, bool after, bool active, const char *name, const char *sku, int64_t *ret)
{
#define NEIGHBOUR(cmp, dir)                                                                  \
        "SELECT search_key FROM products WHERE active = ?1 AND (name, sku) " cmp " (?2, ?3)"  \
        " AND search_key IS NOT NULL ORDER BY name " dir ", sku " dir " LIMIT 1"
        static const char before_sql[] = NEIGHBOUR("<", "DESC");
        static const char after_sql[] = NEIGHBOUR(">", "ASC");
#undef NEIGHBOUR
        sqlite3_stmt *st = stmt(l, after ? after_sql : before_sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int(st, 1, active);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, sku, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "placing a product")) == 1)
                *ret = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return r;
}

/* k keys in order strictly between lo and hi, the bounds of the band where there is no
 * neighbour: SEARCH_STEP apart past the last product or before the first, else evenly
 * between the two; -ENOSPC when they do not fit. */
static int keys_between(struct band b, bool has_lo, int64_t lo, bool has_hi, int64_t hi, int k, int64_t *ret)
{
        int64_t start, step;

        lo = has_lo ? lo : b.lo;
        hi = has_hi ? hi : b.hi;
        step = (hi - lo) / (k + 1);
        start = lo;
        if (has_lo != has_hi && step > SEARCH_STEP) {
                start = has_lo ? lo : hi - (int64_t)(k + 1) * SEARCH_STEP;
                step = SEARCH_STEP;
        }
        if (step < 1)
                return -ENOSPC;
        for (int i = 0; i < k; i++)
                ret[i] = start + (i + 1) * step;
        return 0;
}

struct placed {
        int64_t id, old, key; /* id 0: a product being placed */
};

/* Up to want products of band b past key at, going up (after) or down from at itself,
 * into ret; their count. */
static int keys_from(struct ledger *l, struct band b, int64_t at, bool after, int want, struct placed *ret)
{
        static const char up[] = "SELECT id, search_key FROM products WHERE search_key > ?1 AND search_key < ?2"
                                 " ORDER BY search_key LIMIT ?3";
        static const char down[] = "SELECT id, search_key FROM products WHERE search_key <= ?1 AND search_key > ?2"
                                   " ORDER BY search_key DESC LIMIT ?3";
        sqlite3_stmt *st = stmt(l, after ? up : down);
        int n = 0, rc = SQLITE_DONE;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, at);
        sqlite3_bind_int64(st, 2, after ? b.hi : b.lo);
        sqlite3_bind_int(st, 3, want);
        while (n < want && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                ret[n].id = sqlite3_column_int64(st, 0);
                ret[n++].old = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        if (n < want && rc != SQLITE_DONE)
                return fail_sql(l, rc, "placing a product");
        return n;
}

static int key_set(struct ledger *l, int64_t id, const int64_t *key)
{
        static const char sql[] = "UPDATE products SET search_key = ?2 WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if (key)
                sqlite3_bind_int64(st, 2, *key);
        return step_done(l, st, "placing a product");
}

/* The products w on each side of the place after key at, in order, with k new ones (id
 * 0) between them, into *ret (n in all); *ret_lo and *ret_hi, the keys that bound them. */
static int spread_window(struct ledger *l, struct band b, int64_t at, int k, int w, struct placed **ret,
                         int *ret_n, int64_t *ret_lo, int64_t *ret_hi)
{
        struct placed *p = calloc(2 * (size_t)w + 2 + (size_t)k, sizeof(*p));
        int nb, na;

        if (!p)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        /* below, read downwards into the front, and above, read after the room for k:
         * the last one read each way bounds the window */
        if ((nb = keys_from(l, b, at, false, w + 1, p)) < 0 ||
            (na = keys_from(l, b, at, true, w + 1, p + w + 1 + k)) < 0) {
                free(p);
                return nb < 0 ? nb : na;
        }
        *ret_lo = nb > w ? p[w].old : b.lo;
        *ret_hi = na > w ? p[w + 1 + k + w].old : b.hi;
        nb = nb > w ? w : nb;
        na = na > w ? w : na;
        for (int i = 0; i < nb / 2; i++) {
                struct placed t = p[i];
                p[i] = p[nb - 1 - i];
                p[nb - 1 - i] = t;
        }
        memset(p + nb, 0, (size_t)k * sizeof(*p));
        memmove(p + nb + k, p + w + 1 + k, (size_t)na * sizeof(*p));
        *ret = p;
        *ret_n = nb + k + na;
        return 0;
}

/* No room for k keys after at: the products around it, more each time, are spread out
 * evenly, leaving k keys in order in ret. Each moves in an order in which no two ever
 * hold one key (the index has one entry a key): those going down from the lowest, then
 * those going up from the highest. */
static int spread(struct ledger *l, struct band b, int64_t at, int k, int64_t *ret)
{
        struct placed *p = NULL;
        int64_t lo = 0, hi = 0, gap = 0;
        int n = 0, r = 0, m = 0;

        for (int w = SPREAD_FIRST;; w *= 4) {
                free(p);
                if ((r = spread_window(l, b, at, k, w, &p, &n, &lo, &hi)) < 0)
                        return r;
                gap = (hi - lo) / (n + 1);
                if (gap >= SEARCH_SPACING || (lo == b.lo && hi == b.hi))
                        break;
        }
        if (gap < 1) {
                r = fail(l, -ENOSPC, "TOO_MANY_PRODUCTS", "the search has no room for more products");
                goto out;
        }
        for (int i = 0; i < n; i++)
                p[i].key = lo + (i + 1) * gap;
        for (int i = 0; i < n && r == 0; i++)
                if (p[i].id && p[i].key < p[i].old)
                        r = key_set(l, p[i].id, &p[i].key);
        for (int i = n - 1; i >= 0 && r == 0; i--)
                if (p[i].id && p[i].key > p[i].old)
                        r = key_set(l, p[i].id, &p[i].key);
        for (int i = 0; i < n && r == 0; i++)
                if (!p[i].id)
                        ret[m++] = p[i].key;
out:
        free(p);
        return r;
}

/* k keys for the products that go between the neighbours lo and hi. */
static int keys_for(struct ledger *l, struct band b, bool has_lo, int64_t lo, bool has_hi, int64_t hi, int k,
                    int64_t *ret)
{
        int r = keys_between(b, has_lo, lo, has_hi, hi, k, ret);

        return r == -ENOSPC ? spread(l, b, has_lo ? lo : b.lo, k, ret) : r;
}

int search_key_for(struct ledger *l, int64_t self, bool active, const char *name, const char *sku, int64_t *ret)
{
        struct band b = band_of(active);
        int64_t lo = 0, hi = 0, key = 0;
        int has_lo, has_hi, r;

        /* the product's own key goes first, so that room made around it cannot meet it */
        if (self && (r = key_set(l, self, NULL)) < 0)
                return r;
        if ((has_lo = neighbour(l, false, active, name, sku, &lo)) < 0 ||
            (has_hi = neighbour(l, true, active, name, sku, &hi)) < 0)
                return has_lo < 0 ? has_lo : has_hi;
        if ((r = keys_for(l, b, has_lo, lo, has_hi, hi, 1, &key)) == 0)
                *ret = key;
        return r;
}

/* A product an import added, still without a key, and its neighbours among the placed. */
struct unplaced {
        int64_t id, lo, hi;
        bool active, has_lo, has_hi;
};

static bool same_gap(const struct unplaced *a, const struct unplaced *b)
{
        return a->active == b->active && a->has_lo == b->has_lo && a->lo == b->lo && a->has_hi == b->has_hi &&
               a->hi == b->hi;
}

/* Each product after after_id still without a key, read in the list's order, with its
 * neighbours, into *ret (*ret_n of them). */
static int unplaced_read(struct ledger *l, int64_t after_id, struct unplaced **ret, size_t *ret_n)
{
        static const char sql[] = "SELECT id, active, name, sku FROM products WHERE id > ?1 AND search_key IS NULL"
                                  " ORDER BY active DESC, name, sku";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct unplaced *u = NULL;
        size_t n = 0, cap = 0;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, after_id);
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *name = (const char *)sqlite3_column_text(st, 2), *sku = (const char *)sqlite3_column_text(st, 3);
                struct unplaced x = { sqlite3_column_int64(st, 0), 0, 0, sqlite3_column_int(st, 1), false, false };
                int lo, hi;

                if ((lo = neighbour(l, false, x.active, name, sku, &x.lo)) < 0 ||
                    (hi = neighbour(l, true, x.active, name, sku, &x.hi)) < 0 ||
                    (r = grow(l, (void **)&u, &cap, n + 1, sizeof(*u))) < 0) {
                        r = lo < 0 ? lo : hi < 0 ? hi : r;
                        break;
                }
                x.has_lo = lo, x.has_hi = hi;
                u[n++] = x;
        }
        if (r == 0 && rc != SQLITE_DONE)
                r = fail_sql(l, rc, "placing products");
        sqlite3_finalize(st);
        if (r < 0) {
                free(u);
                return r;
        }
        *ret = u;
        *ret_n = n;
        return 0;
}

/* The keys of u[0..n) into the store at once, through temp.search_placed: FTS5 writes out
 * its pending words at the end of each statement. */
static int keys_write(struct ledger *l, const struct unplaced *u, const int64_t *keys, size_t n)
{
        static const char keep[] = "INSERT INTO temp.search_placed(id, key) VALUES (?1, ?2)";
        static const char set[] = "UPDATE products SET search_key = (SELECT key FROM temp.search_placed p"
                                  " WHERE p.id = products.id) WHERE id IN (SELECT id FROM temp.search_placed)";
        sqlite3_stmt *st;
        int r = 0;

        if (n == 0)
                return 0;
        for (size_t i = 0; r == 0 && i < n; i++) {
                if (!(st = stmt(l, keep)))
                        return l->e.num;
                sqlite3_bind_int64(st, 1, u[i].id);
                sqlite3_bind_int64(st, 2, keys[i]);
                r = step_done(l, st, "placing products");
        }
        if (r == 0)
                r = (st = stmt(l, set)) ? step_done(l, st, "placing products") : l->e.num;
        return r == 0 ? exec_sql(l, "DELETE FROM temp.search_placed") : r;
}

/* One pass over the products still without a key: those between the same two neighbours
 * get their keys together, evenly apart. A run with no room spreads its neighbours out,
 * which moves keys the runs after it were read with: the keys so far and the run's are
 * written, and 1 tells the caller to read the rest again. */
static int place_pass(struct ledger *l, int64_t after_id)
{
        struct unplaced *u = NULL;
        int64_t *keys = NULL;
        size_t n = 0, i = 0, j;
        int r;

        if ((r = unplaced_read(l, after_id, &u, &n)) < 0)
                return r;
        if (n && !(keys = malloc(n * sizeof(*keys))))
                r = fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        for (; r == 0 && i < n; i = j) {
                struct band b = band_of(u[i].active);
                for (j = i + 1; j < n && same_gap(&u[i], &u[j]); j++)
                        ;
                r = keys_between(b, u[i].has_lo, u[i].lo, u[i].has_hi, u[i].hi, (int)(j - i), keys + i);
                if (r == -ENOSPC) {
                        /* what came before goes in first, so that the spread sees it */
                        if ((r = keys_write(l, u, keys, i)) == 0 &&
                            (r = spread(l, b, u[i].has_lo ? u[i].lo : b.lo, (int)(j - i), keys + i)) == 0 &&
                            (r = keys_write(l, u + i, keys + i, j - i)) == 0)
                                r = 1;
                        break;
                }
        }
        if (r == 0)
                r = keys_write(l, u, keys, n);
        free(keys);
        free(u);
        return r;
}

int search_place_new(struct ledger *l, int64_t after_id)
{
        int r;

        if ((r = exec_sql(l, "CREATE TEMP TABLE IF NOT EXISTS search_placed(id INTEGER PRIMARY KEY, key INTEGER)")) < 0)
                return r;
        while ((r = place_pass(l, after_id)) == 1)
                ;
        return r;
}

/* --- the search ------------------------------------------------------------------------ */

/* The words of a text as FTS5 queries: each a phrase ("cola", "可 乐"), all of them whole
 * words of a name, or each the start of one. A word the tokenizer makes nothing of (a lone
 * '-') is left out, so that it neither matches nor stops a match. Sized for the worst: a
 * text of one-byte words, each quote doubled. */
#define QUERY_MAX (NAME_MAX_LEN * 3 * 10 + 16)

struct query {
        char whole[QUERY_MAX], starts[QUERY_MAX], later[QUERY_MAX * 2 + 16];
        size_t nw, ns;
        int words;
        /* a text of one word (kind 4 may match): the word, and the word with a byte
         * above any of UTF-8 after it, which bound the texts that start with it */
        char word[NAME_MAX_LEN * 3 + 1], above[NAME_MAX_LEN * 3 + 2];
};

/* FTS5's own unicode61 tokenizer, set up as product_words has it. */
struct tokenizer {
        fts5_tokenizer api;
        Fts5Tokenizer *t;
};

static int tokenizer_open(struct ledger *l, struct tokenizer *ret)
{
        const char *args[] = { "remove_diacritics", "2" };
        sqlite3_stmt *st = stmt(l, "SELECT fts5(?1)");
        fts5_api *fts = NULL;
        void *ud = NULL;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_pointer(st, 1, (void *)&fts, "fts5_api_ptr", NULL);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW || !fts)
                return fail_sql(l, rc == SQLITE_ROW ? SQLITE_ERROR : rc, "searching products");
        if ((rc = fts->xFindTokenizer(fts, "unicode61", &ud, &ret->api)) != SQLITE_OK ||
            (rc = ret->api.xCreate(ud, args, 2, &ret->t)) != SQLITE_OK)
                return fail_sql(l, rc, "searching products");
        return 0;
}

static int count_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
        (void)flags, (void)token, (void)n, (void)start, (void)end;
        ++*(int *)ctx;
        return SQLITE_OK;
}

static void put(char *dst, size_t *at, const char *s, size_t n)
{
        memcpy(dst + *at, s, n);
        *at += n;
        dst[*at] = '\0';
}

/* One word onto both queries. */
static void query_add(struct query *q, const char *word, size_t n)
{
        if (q->words++) {
                put(q->whole, &q->nw, " AND ", 5);
                put(q->starts, &q->ns, " AND ", 5);
        }
        put(q->whole, &q->nw, "\"", 1);
        put(q->starts, &q->ns, "\"", 1);
        for (size_t i = 0; i < n; i++) {
                /* a quote inside a phrase is written twice */
                const char *c = word[i] == '"' ? "\"\"" : word + i;
                size_t k = word[i] == '"' ? 2 : 1;
                put(q->whole, &q->nw, c, k);
                put(q->starts, &q->ns, c, k);
        }
        put(q->whole, &q->nw, "\"", 1);
        put(q->starts, &q->ns, "\"*", 2);
}

/* The length of the space at s: a space, a tab or the ideographic space; 0 when none. */
static size_t space_len(const char *s)
{
        return *s == ' ' || *s == '\t' ? 1 : !strncmp(s, "\xe3\x80\x80", 3) ? 3 : 0;
}

/* The text's words, split where it has spaces (not where search_words() spaces Chinese
 * characters apart: those of one word are a phrase, side by side). */
static int query_make(struct ledger *l, const char *text, struct query *q)
{
        char folded[NAME_MAX_LEN * 3 + 1];
        struct tokenizer tk;
        size_t i = 0, spans = 0, n, k;
        int r = 0;

        if (strlen(text) > NAME_MAX_LEN)
                return fail(l, -EINVAL, "BAD_QUERY", "a search is at most %d bytes", NAME_MAX_LEN);
        if ((r = tokenizer_open(l, &tk)) < 0)
                return r;
        q->whole[0] = q->starts[0] = q->word[0] = q->above[0] = '\0';
        q->nw = q->ns = 0;
        q->words = 0;
        while (r == 0) {
                size_t start;
                char word[NAME_MAX_LEN + 1];
                int tokens = 0;

                while (text[i] && (k = space_len(text + i)))
                        i += k;
                for (start = i; text[i] && !space_len(text + i); i++)
                        ;
                if (i == start)
                        break;
                memcpy(word, text + start, i - start);
                word[i - start] = '\0';
                n = text_search_words(folded, sizeof(folded), word);
                if (spans++ == 0)
                        memcpy(q->word, folded, n + 1);
                if (tk.api.xTokenize(tk.t, &tokens, FTS5_TOKENIZE_QUERY, folded, (int)n, count_token) != SQLITE_OK)
                        r = fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
                else if (tokens > 0)
                        query_add(q, folded, n);
        }
        tk.api.xDelete(tk.t);
        if (r < 0)
                return r;
        snprintf(q->later, sizeof(q->later), "(%s) NOT (%s)", q->starts, q->whole);
        if (spans == 1) {
                n = strlen(q->word);
                memcpy(q->above, q->word, n);
                q->above[n] = (char)0xFF;
                q->above[n + 1] = '\0';
        } else {
                q->word[0] = '\0';
        }
        return 0;
}

/* A page being filled: rows still to skip, rows passed on, what to pass them to. */
struct page {
        int skip, n, limit;
        int (*fn)(const struct product *, void *);
        void *ud;
};

/* The rows still wanted, those to skip included. */
static int page_wants(const struct page *pg)
{
        return pg->skip + pg->limit - pg->n;
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

/* The rows of st (PRODUCT_FIELDS) into the page while it wants them, st reset after.
 * 0, what fn returned when not 0, or an error. */
static int page_rows(struct ledger *l, sqlite3_stmt *st, struct page *pg)
{
        struct product p;
        int rc = SQLITE_DONE, r = 0;

        while (r == 0 && page_wants(pg) > 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                product_from_row(st, 0, &p);
                r = page_add(pg, &p);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return fail_sql(l, rc, "searching products");
        return r;
}

static int search_list(struct ledger *l, struct page *pg)
{
        static const char sql[] = "SELECT " PRODUCT_FIELDS PRODUCT_FROM
                                  "WHERE p.search_key IS NOT NULL ORDER BY p.search_key LIMIT ?1 OFFSET ?2";
        sqlite3_stmt *st = stmt(l, sql);
        int skip = pg->skip;

        if (!st)
                return l->e.num;
        pg->skip = 0;
        sqlite3_bind_int(st, 1, pg->limit);
        sqlite3_bind_int(st, 2, skip);
        return page_rows(l, st, pg);
}

/* Kind 1: the product whose SKU is the text, or else the one with the barcode: 1 and
 * *ret, 0, or an error. */
static int search_exact(struct ledger *l, const char *text, struct product *ret)
{
        static const char sql[] =
                "SELECT " PRODUCT_FIELDS PRODUCT_FROM "WHERE p.sku = ?1 UNION ALL "
                "SELECT " PRODUCT_FIELDS PRODUCT_FROM "WHERE p.id = (SELECT product_id FROM barcodes"
                " WHERE code IN (?2, ?3) ORDER BY code <> ?2 LIMIT 1) "
                "LIMIT 1";
        char key[BARCODE_MAX + 1], other[BARCODE_MAX + 1];
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        if (barcode_normalize(text, NULL, key) < 0)
                utf8_cut(key, sizeof(key), text);
        (void)barcode_other_reading(key, other);
        sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, other, -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "searching products")) == 1)
                product_from_row(st, 0, ret);
        sqlite3_reset(st);
        return r;
}

/* Bound: ?1 an FTS5 query, ?2 the product found by kind 1 (left out), ?3 the rows wanted.
 * The index's matches are read in key order, each product found by its key. */
#define WORDS_FROM                                                                            \
        "FROM product_words w CROSS JOIN products p ON p.search_key = w.rowid "               \
        "JOIN tax_rates t ON t.id = p.tax_rate_id LEFT JOIN categories c ON c.id = p.category_id "
static const char words_sql[] =
        "SELECT " PRODUCT_FIELDS WORDS_FROM "WHERE product_words MATCH ?1 AND p.id IS NOT ?2 ORDER BY w.rowid LIMIT ?3";

/* Kind 4. Bound: ?1 the word, ?2 as above, ?3 the rows wanted, ?4 above every text that
 * starts with the word, ?5 the query of kind 3 (what it found is not found again). */
#define NOT_FOUND_BEFORE \
        "p.id IS NOT ?2 AND NOT EXISTS (SELECT 1 FROM product_words WHERE product_words MATCH ?5 AND rowid = p.search_key)"
#define SKU_STARTS "p.sku COLLATE NOCASE >= ?1 AND p.sku COLLATE NOCASE < ?4"
static const char sku_starts_sql[] =
        "SELECT " PRODUCT_FIELDS PRODUCT_FROM "WHERE " SKU_STARTS " AND " NOT_FOUND_BEFORE
        " ORDER BY p.sku COLLATE NOCASE LIMIT ?3";
/* a product's first barcode that starts with the word, in the barcodes' order */
static const char code_starts_sql[] =
        "SELECT " PRODUCT_FIELDS "FROM barcodes b CROSS JOIN products p ON p.id = b.product_id "
        "JOIN tax_rates t ON t.id = p.tax_rate_id LEFT JOIN categories c ON c.id = p.category_id "
        "WHERE b.code >= ?1 AND b.code < ?4 AND NOT (" SKU_STARTS ") AND " NOT_FOUND_BEFORE
        " AND NOT EXISTS (SELECT 1 FROM barcodes o WHERE o.product_id = b.product_id AND o.code >= ?1"
        "   AND o.code < b.code) ORDER BY b.code LIMIT ?3";

/* One kind's statement, bound and read into the page. */
static int search_kind(struct ledger *l, const char *sql, const char *match, const struct query *q, int64_t exact,
                       struct page *pg)
{
        sqlite3_stmt *st;

        if (page_wants(pg) <= 0)
                return 0;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        if (sql == words_sql) {
                sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
        } else {
                sqlite3_bind_text(st, 1, q->word, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 4, q->above, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 5, q->words ? q->starts : "\"\"", -1, SQLITE_TRANSIENT);
        }
        if (exact)
                sqlite3_bind_int64(st, 2, exact);
        sqlite3_bind_int(st, 3, page_wants(pg));
        return page_rows(l, st, pg);
}

static int search_text(struct ledger *l, const char *text, struct page *pg)
{
        struct query *q = malloc(sizeof(*q));
        struct product e;
        int64_t exact = 0;
        int r;

        if (!q)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        if ((r = query_make(l, text, q)) < 0 || (r = search_exact(l, text, &e)) < 0)
                goto out;
        if (r == 1) {
                exact = e.id;
                if ((r = page_add(pg, &e)) != 0)
                        goto out;
        }
        if (q->words && ((r = search_kind(l, words_sql, q->whole, q, exact, pg)) != 0 ||
                         (r = search_kind(l, words_sql, q->later, q, exact, pg)) != 0))
                goto out;
        if (q->word[0] && ((r = search_kind(l, sku_starts_sql, NULL, q, exact, pg)) != 0 ||
                           (r = search_kind(l, code_starts_sql, NULL, q, exact, pg)) != 0))
                goto out;
out:
        free(q);
        return r;
}

int catalog_search(struct ledger *l, const char *q, int limit, int offset,
                   int (*fn)(const struct product *, void *), void *ud)
{
        struct page pg = { offset, 0, limit, fn, ud };
        int r;

        if (limit < 0 || offset < 0 || offset > INT_MAX - limit)
                return fail(l, -EINVAL, "BAD_QUERY", "limit and offset are whole numbers");
        if (limit == 0)
                return 0;
        r = !q || !*q ? search_list(l, &pg) : search_text(l, q, &pg);
        return r != 0 ? r : pg.n;
}
