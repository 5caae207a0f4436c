/* Importing products from CSV. The whole file is checked first, every bad line named,
 * and nothing is written if one is bad: the check reads the store and writes nothing
 * there, so the tills never wait for it. Then it is written in short batches, each its
 * own transaction, so that the tills' writes go in between. A row whose product was already
 * in the store before the import, exactly as the row says, is skipped: sending the same
 * file again after an import that stopped half-way finishes it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/catalog.h"
#include "catalog/catalog_int.h"
#include "catalog/csv.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"

#define IMPORT_MAX_RECORD 65536
#define IMPORT_MAX_FIELDS 64
#define IMPORT_PROGRESS_EVERY 4096 /* rows */
/* A batch ends at whichever comes first: the write lock is held no longer than this, so
 * that a till's write waits at most one batch. Shorter costs more commits; at 10 ms an
 * import over HTTP runs at about the rate of 100 ms batches (make bench). */
#define IMPORT_BATCH_ROWS 2000
#define IMPORT_BATCH_MS 10
/* ...but a stalled machine does not commit row by row: a small file is one batch */
#define IMPORT_BATCH_MIN_ROWS 16
/* Between batches, with no writer turn (let_go), the lock is let go. SQLite's waiters try
 * again at most 100 ms apart, so a short gap lets in only a waiter that happens to try
 * then; a gap longer than 100 ms at least every IMPORT_LOCKED_MS lets in every waiter,
 * which thus waits at most about 0.4 s. */
#define IMPORT_GAP_MS 2
#define IMPORT_LONG_GAP_MS 120
#define IMPORT_LOCKED_MS 300

enum column { C_SKU, C_NAME, C_BARCODE, C_PRICE, C_COST, C_TAX, C_UNIT, C_CATEGORY, C_STOCK,
           C_SPEC, C_REORDER, C_MAX, C_ACTIVE, C__COUNT };
#define C__REQUIRED C_SPEC /* columns before this one must be present */

static const char *const col_names[C__COUNT] = {
        "sku", "name", "barcode", "price", "cost", "tax_rate", "unit", "category", "stock",
        "spec", "reorder_point", "max_level", "active",
};

/* A product's SKU or one of its barcodes, as the check met it: "s:SKU" or "b:normalized
 * code", kept with its line in a table of the connection's own temporary database (the
 * store's write lock is not taken for it), so that a later row that repeats it is told. */
#define KEY_MAX (BARCODE_MAX + 2)

struct import {
        struct ledger *l;
        const struct import_opts *o;
        struct csv_reader csv;
        int col[C__COUNT]; /* field index of each column, -1 when absent */
        size_t nheader;
        int minor_unit;
        bool writing;         /* the second pass: the file is known good */
        int64_t last_old_id;  /* products up to this id were there before the import */
        struct posting p;     /* the batch's opening-stock adjustment */
        int64_t adj_id, value;
        char adj_number[DOC_NUMBER_MAX + 1];
        long added, skipped;  /* written so far */
        long batch_added, batch_skipped;
        long rows_read;       /* in this reading of the file */
        unsigned long written_line; /* the last line of the last batch written */
        char first_sku[CODE_MAX_LEN + 1]; /* the batch's first new product */
        int64_t last_long_gap;
        int64_t place_us; /* placing a row in the search's order took, in the last batch */
};

static int64_t mono_us(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_ms(void)
{
        return mono_us() / 1000;
}

static int read_header(struct import *im)
{
        int r = csv_next(&im->csv);

        if (r == 0)
                return fail(im->l, -EINVAL, "EMPTY_FILE", "the file is empty: it needs a header row");
        if (r < 0)
                return r;
        for (int c = 0; c < C__COUNT; c++)
                im->col[c] = -1;
        /* spreadsheets save empty columns after the last one */
        while (im->csv.nfields > 1 && !im->csv.fields[im->csv.nfields - 1][0])
                im->csv.nfields--;
        for (size_t i = 0; i < im->csv.nfields; i++) {
                const char *name = im->csv.fields[i];
                int c;
                while (*name == ' ')
                        name++;
                for (c = 0; c < C__COUNT && strcasecmp(name, col_names[c]) != 0; c++)
                        ;
                if (c == C__COUNT)
                        return fail(im->l, -EINVAL, "BAD_HEADER", "line 1: unknown column '%.40s'", name);
                if (im->col[c] >= 0)
                        return fail(im->l, -EINVAL, "BAD_HEADER", "line 1: column '%s' appears twice", col_names[c]);
                im->col[c] = (int)i;
        }
        im->nheader = im->csv.nfields;
        for (int c = 0; c < C__REQUIRED; c++)
                if (im->col[c] < 0)
                        return fail(im->l, -EINVAL, "BAD_HEADER", "line 1: the column '%s' is missing", col_names[c]);
        return 0;
}

static const char *field(struct import *im, enum column c)
{
        int i = im->col[c];

        return i >= 0 ? im->csv.fields[i] : "";
}

static int parse_num(struct import *im, enum column c, int scale, int64_t max, int64_t *ret)
{
        const char *s = field(im, c);
        char buf[48];
        size_t n = strlen(s);
        int r;

        if (c == C_TAX && n && n < sizeof(buf) && s[n - 1] == '%') { /* "13%" */
                memcpy(buf, s, n - 1);
                buf[n - 1] = '\0';
                s = buf;
        }
        if (!*s && c != C_PRICE && c != C_COST && c != C_TAX) {
                *ret = 0;
                return 0;
        }
        r = decimal_parse(s, scale, false, max, ret);
        if (r == -ERANGE)
                return fail(im->l, r, "BAD_NUMBER", "%s '%.40s' has more than %d decimals, is negative or is too large",
                            col_names[c], s, scale);
        if (r < 0)
                return fail(im->l, r, "BAD_NUMBER", "%s '%.40s' is not a number (write it like 12.50)", col_names[c], s);
        return 0;
}

static int parse_active(struct import *im, bool *ret)
{
        const char *s = field(im, C_ACTIVE);

        if (!*s || !strcasecmp(s, "1") || !strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "true"))
                *ret = true;
        else if (!strcasecmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "n") || !strcasecmp(s, "false"))
                *ret = false;
        else
                return fail(im->l, -EINVAL, "BAD_VALUE", "active '%.40s' is not 1/0 or yes/no", s);
        return 0;
}

/* "690...|690..." -> codes, pointing into the field (which is modified). */
static size_t split_barcodes(char *s, const char *codes[BARCODES_PER_PRODUCT + 1])
{
        size_t n = 0;

        for (char *tok = s, *end; tok && n <= BARCODES_PER_PRODUCT; tok = end) {
                end = strchr(tok, '|');
                if (end)
                        *end++ = '\0';
                while (*tok == ' ')
                        tok++;
                for (char *t = tok + strlen(tok); t > tok && t[-1] == ' ';)
                        *--t = '\0';
                if (*tok)
                        codes[n++] = tok;
        }
        return n;
}

/* The batch's opening stock so far: one journalled adjustment, complete within its
 * batch. */
static int close_batch(struct import *im)
{
        struct ledger *l = im->l;
        int r;

        if (!im->adj_id)
                return 0;
        if ((r = doc_set_total(l, DOC_ADJUSTMENT, im->adj_id, im->value)) < 0)
                return r;
        return journal_append(l, "adjustment", im->adj_id, im->adj_number, im->p.at);
}

static int opening_stock(struct import *im, int64_t product_id, int64_t qty, int64_t cost)
{
        static const char head[] =
                "INSERT INTO adjustments(number, at, user, reason, location_id, value) "
                "VALUES (?1, ?2, NULL, '" OPENING_STOCK_REASON "', ?3, 0)";
        struct ledger *l = im->l;
        sqlite3_stmt *st;
        int64_t v;
        int r;

        if (line_amount(qty, cost, &v) < 0)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the stock value is out of range");
        /* rows the check passed one by one may not fit one adjustment together: the
         * batch goes on in another, so that the writing never fails where the check
         * could not look */
        if (im->adj_id && im->value + v > MONEY_MAX) {
                if ((r = close_batch(im)) < 0)
                        return r;
                im->adj_id = im->value = 0;
        }
        if (!im->adj_id) {
                if ((r = doc_number(l, DOC_ADJUSTMENT, im->adj_number)) < 0 || !(st = stmt(l, head)))
                        return r < 0 ? r : l->e.num;
                sqlite3_bind_text(st, 1, im->adj_number, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 2, im->p.at);
                sqlite3_bind_int64(st, 3, im->p.location_id);
                if ((r = step_done(l, st, "recording the opening stock")) < 0)
                        return r;
                im->adj_id = sqlite3_last_insert_rowid(l->db);
        }
        im->value += v;
        return stock_in(l, &im->p, im->adj_id, product_id, qty, cost, v, NULL, NULL);
}

/* An entry's code, normalized into key, and its pack (0: a single item): 0, or -EINVAL. */
static int entry_key(const char *entry, char key[static BARCODE_MAX + 1], int64_t *pack)
{
        char code[BARCODE_MAX + 1];
        const char *q;

        *pack = 0;
        if (barcode_entry_split(entry, code, &q) < 0 || barcode_normalize(code, NULL, key) < 0 ||
            (q && decimal_parse(q, QTY_SCALE, false, QTY_MAX, pack) < 0))
                return -EINVAL;
        if (*pack == 1000)
                *pack = 0;
        return 0;
}

/* Whether the row's barcodes are the product's n entries, item for item and pack for
 * pack, in any of their forms (a UPC-A given as its EAN-13, a UPC-E as its UPC-A). */
static bool same_items(const struct product_input *in, char codes[][BARCODE_ENTRY_MAX + 1], int n)
{
        bool had[BARCODES_PER_PRODUCT] = { false };
        char key[BARCODE_MAX + 1], other[BARCODE_MAX + 1], stored[BARCODE_MAX + 1];
        int64_t pack, stored_pack;

        for (size_t i = 0; i < in->nbarcodes; i++) {
                bool found = false;
                if (entry_key(in->barcodes[i], key, &pack) < 0)
                        return false;
                (void)barcode_other_reading(key, other);
                for (int j = 0; j < n; j++)
                        if (entry_key(codes[j], stored, &stored_pack) == 0 && stored_pack == pack &&
                            (!strcmp(stored, key) || !strcmp(stored, other)))
                                had[j] = found = true;
                if (!found)
                        return false;
        }
        for (int j = 0; j < n; j++)
                if (!had[j])
                        return false;
        return true;
}

/* Whether the row's product was in the store before the import began, exactly as the row
 * has it: 1 (the row is skipped: an import sent again), 0 (no such product, or one this
 * import made, which product_add refuses as a repeated SKU), or SKU_EXISTS when it
 * differs. */
static int already_there(struct import *im, const struct product_input *in)
{
        char codes[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
        struct unit_info unit;
        struct product p;
        bool same;
        int n, r = product_get_by_sku(im->l, in->sku, &p);

        if (r == -ENOENT) {
                clear_err(im->l);
                return 0;
        }
        if (r < 0)
                return r;
        if (p.id > im->last_old_id) {
                /* while checking nothing of this import is written: someone else added it */
                if (!im->writing)
                        return fail(im->l, -EEXIST, "SKU_EXISTS",
                                    "a product with SKU %s was added while the file was checked", in->sku);
                return 0;
        }
        if ((r = unit_get(im->l, in->unit, &unit)) < 0)
                return r;
        if ((n = product_barcodes(im->l, p.id, codes, BARCODES_PER_PRODUCT)) < 0)
                return n;
        same = !strcmp(p.name, in->name) && !strcmp(p.spec, in->spec) && !strcmp(p.unit, unit.code) &&
               !strcmp(p.category, in->category) && p.price == in->price && p.cost == in->cost &&
               p.tax_rate_bp == in->tax_rate_bp && p.reorder_point == in->reorder_point &&
               p.max_level == in->max_level && p.active == in->active && same_items(in, codes, n);
        if (!same)
                return fail(im->l, -EEXIST, "SKU_EXISTS",
                            "a product with SKU %s already exists, with other details: an import adds products, "
                            "it does not change them", in->sku);
        return 1;
}

/* A key an earlier batch of the check met: a SKU or barcode the file holds twice. */
static int seen_before(struct import *im, const char *key)
{
        static const char sql[] = "SELECT line FROM temp.import_keys WHERE key = ?1";
        sqlite3_stmt *st = stmt(im->l, sql);
        unsigned long line = 0;
        int r;

        if (!st)
                return im->l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        if ((r = step_one(im->l, st, "checking the file for repeats")) == 1)
                line = (unsigned long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r <= 0)
                return r;
        if (key[0] == 's')
                return fail(im->l, -EEXIST, "SKU_EXISTS", "SKU %s is also on line %lu", key + 2, line);
        return fail(im->l, -EEXIST, "BARCODE_TAKEN", "barcode %s is also on line %lu", key + 2, line);
}

static int keep_key(struct import *im, const char *key)
{
        static const char sql[] = "INSERT OR IGNORE INTO temp.import_keys(key, line) VALUES (?1, ?2)";
        sqlite3_stmt *st = stmt(im->l, sql);

        if (!st)
                return im->l->e.num;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, (int64_t)im->csv.line);
        return step_done(im->l, st, "noting the file's keys");
}

/* The row's SKU and barcodes: with keep, kept for the rows after; else looked up in the
 * rows before. */
static int row_keys(struct import *im, const struct product_input *in, bool keep)
{
        char key[KEY_MAX + 1], code[BARCODE_MAX + 1], other[BARCODE_MAX + 1];
        int64_t pack;
        int r;

        for (size_t i = 0; i <= in->nbarcodes; i++) {
                if (i == 0)
                        snprintf(key, sizeof(key), "s:%s", in->sku);
                else if (entry_key(in->barcodes[i - 1], code, &pack) == 0)
                        snprintf(key, sizeof(key), "b:%s", code);
                else
                        continue; /* product_check names the bad code */
                if ((r = keep ? keep_key(im, key) : seen_before(im, key)) < 0)
                        return r;
                /* a row before may have the same item under its other reading */
                if (i > 0 && !keep && barcode_other_reading(code, other)) {
                        snprintf(key, sizeof(key), "b:%s", other);
                        if ((r = seen_before(im, key)) < 0)
                                return r;
                }
        }
        return 0;
}

static int quantities_fit(struct import *im, const struct product_input *in, const struct unit_info *unit,
                          int64_t stock)
{
        if (!unit_qty_ok(unit, stock) || !unit_qty_ok(unit, in->reorder_point) || !unit_qty_ok(unit, in->max_level))
                return fail(im->l, -EINVAL, "BAD_QUANTITY", "quantities of %s must be whole %s", in->sku, in->unit);
        return 0;
}

/* What writing the row would refuse, without writing it: the store's rules for a new
 * product (product_check), whole quantities of its unit, and a stock value in range. */
static int check_new(struct import *im, const struct product_input *in, int64_t stock)
{
        char keys[BARCODES_PER_PRODUCT][BARCODE_MAX + 1];
        struct unit_info unit;
        int64_t v;
        int r;

        if ((r = product_check(im->l, in, &unit, keys)) < 0 || (r = quantities_fit(im, in, &unit, stock)) < 0)
                return r;
        if (line_amount(stock, in->cost, &v) < 0)
                return fail(im->l, -EINVAL, "BAD_AMOUNT", "the stock value is out of range");
        return 0;
}

/* The row's product added, with its opening stock. */
static int write_new(struct import *im, const struct product_input *in, int64_t stock)
{
        struct unit_info unit;
        int64_t id;
        int r;

        if ((r = product_insert(im->l, in, false, &id)) < 0 || (r = unit_get(im->l, in->unit, &unit)) < 0 ||
            (r = quantities_fit(im, in, &unit, stock)) < 0)
                return r;
        if (stock && (r = opening_stock(im, id, stock, in->cost)) < 0)
                return r;
        if (im->batch_added++ == 0)
                utf8_cut(im->first_sku, sizeof(im->first_sku), in->sku);
        return 0;
}

static int import_row(struct import *im)
{
        const char *codes[BARCODES_PER_PRODUCT + 1];
        struct product_input in;
        int64_t tax = 0, stock = 0;
        int r;

        memset(&in, 0, sizeof(in));
        in.sku = field(im, C_SKU);
        in.name = field(im, C_NAME);
        in.spec = field(im, C_SPEC);
        in.unit = field(im, C_UNIT);
        in.category = field(im, C_CATEGORY);
        if ((r = parse_num(im, C_PRICE, im->minor_unit, MONEY_MAX, &in.price)) < 0 ||
            (r = parse_num(im, C_COST, im->minor_unit, MONEY_MAX, &in.cost)) < 0 ||
            (r = parse_num(im, C_TAX, 2, TAX_RATE_MAX, &tax)) < 0 ||
            (r = parse_num(im, C_STOCK, QTY_SCALE, QTY_MAX, &stock)) < 0 ||
            (r = parse_num(im, C_REORDER, QTY_SCALE, QTY_MAX, &in.reorder_point)) < 0 ||
            (r = parse_num(im, C_MAX, QTY_SCALE, QTY_MAX, &in.max_level)) < 0 || (r = parse_active(im, &in.active)) < 0)
                return r;
        if (tax > 0 && tax < 100)
                return fail(im->l, -EINVAL, "BAD_NUMBER", "tax_rate '%s' looks like a fraction: write 13 for 13%%",
                            field(im, C_TAX));
        in.tax_rate_bp = (int)tax;
        in.barcodes = codes;
        in.nbarcodes = split_barcodes(im->csv.fields[im->col[C_BARCODE]], codes);
        if (!im->writing && (r = row_keys(im, &in, false)) < 0)
                return r;
        if ((r = already_there(im, &in)) < 0)
                return r;
        if (r == 1)
                im->batch_skipped++;
        else if ((r = im->writing ? write_new(im, &in, stock) : check_new(im, &in, stock)) < 0)
                return r;
        return im->writing ? 0 : row_keys(im, &in, true);
}

static bool row_empty(const struct csv_reader *csv)
{
        for (size_t i = 0; i < csv->nfields; i++)
                if (csv->fields[i][0])
                        return false;
        return true;
}

/* One row; a bad one keeps no key, so the rows after it are checked as if it were not
 * in the file. */
static int one_row(struct import *im)
{
        if (im->csv.nfields != im->nheader)
                return fail(im->l, -EINVAL, "BAD_CSV", "line %lu: %zu fields where the header has %zu", im->csv.line,
                            im->csv.nfields, im->nheader);
        return import_row(im);
}

/* COMMIT failed: the batch went in only if its first new product is there. */
static int settle(struct import *im, int r)
{
        struct ledger_error first = im->l->e;
        struct product p;

        if (!im->batch_added)
                return r;
        if (product_get_by_sku(im->l, im->first_sku, &p) == 0) {
                clear_err(im->l);
                return 0;
        }
        im->l->e = first;
        return r;
}

static void report_progress(struct import *im)
{
        const struct import_opts *o = im->o;

        /* the file is read twice: the check fills the first half, the writing the second */
        if (o && o->progress)
                o->progress(o->ud, (im->writing ? o->total_bytes : 0) / 2 + im->csv.bytes / 2, o->total_bytes);
}

/* A batch is a transaction: while checking, one that reads the store and writes only the
 * file's keys (no write lock of the store, no writer turn); while writing, the store's. */
static int batch_begin(struct import *im)
{
        return im->writing ? tx_begin(im->l) : exec_sql(im->l, "BEGIN");
}

static void batch_abort(struct import *im)
{
        if (im->writing)
                tx_rollback(im->l);
        else
                (void)sqlite3_exec(im->l->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The rows of one batch, each checked or written, then committed. 1 when rows may
 * remain, 0 at the end of the file. */
static int one_batch(struct import *im, unsigned *bad)
{
        const struct import_opts *o = im->o;
        struct ledger *l = im->l;
        int64_t start;
        int r, more = 1, rows = 0;

        im->adj_id = im->value = 0;
        im->batch_added = im->batch_skipped = 0;
        if ((r = batch_begin(im)) < 0)
                return r;
        /* each batch is dated when it is written: sales go in between them */
        im->p.at = ledger_now_ms(l);
        start = mono_us();
        /* the batch's new products are placed at its end, in time that grows with them:
         * the rows stop early enough for the whole batch to keep to IMPORT_BATCH_MS */
        while (rows < IMPORT_BATCH_ROWS &&
               (rows < IMPORT_BATCH_MIN_ROWS ||
                mono_us() - start + im->batch_added * im->place_us < IMPORT_BATCH_MS * 1000)) {
                if ((r = csv_next(&im->csv)) <= 0) {
                        more = 0;
                        break;
                }
                if (row_empty(&im->csv))
                        continue; /* ",,,,," : a spreadsheet's empty row */
                while (im->csv.nfields > im->nheader && !im->csv.fields[im->csv.nfields - 1][0])
                        im->csv.nfields--;
                rows++;
                im->rows_read++;
                if ((r = one_row(im)) < 0) {
                        struct ledger_error e = l->e;
                        /* only a row's own fault is worth reading on: the store's is not */
                        if (im->writing || !o || !o->row_error ||
                            (r != -EINVAL && r != -EEXIST && r != -ENOENT && r != -ERANGE)) {
                                batch_abort(im);
                                return fail(l, r, e.code, "line %lu: %s", im->csv.line, e.msg);
                        }
                        o->row_error(o->ud, im->csv.line, e.code, e.msg);
                        r = 0;
                        if (++*bad == IMPORT_MAX_ERRORS) {
                                more = 0;
                                break;
                        }
                }
                if (im->rows_read % IMPORT_PROGRESS_EVERY == 0)
                        report_progress(im);
        }
        if (r < 0) { /* the reader's own error: it is told with its line */
                batch_abort(im);
                return r;
        }
        if (!im->writing)
                return (r = exec_sql(l, "COMMIT")) < 0 ? r : more;
        start = mono_us();
        if ((r = search_place_new(l, im->last_old_id)) < 0 || (r = close_batch(im)) < 0) {
                tx_rollback(l);
                return r;
        }
        if (im->batch_added)
                im->place_us = (mono_us() - start) / im->batch_added;
        if ((r = tx_commit(l)) < 0 && (r = settle(im, r)) < 0)
                return r;
        /* the batch's pages into the store now, with the lock let go: else the WAL grows
         * and the commit of some till's sale pays for copying it; posd's pool has a thread
         * of its own for it */
        if (!l->writer.enter)
                (void)ledger_checkpoint(l, false);
        im->added += im->batch_added;
        im->skipped += im->batch_skipped;
        im->written_line = im->csv.line;
        if (o && o->written)
                o->written(o->ud, im->csv.line, im->added, im->skipped);
        return more;
}

/* Between batches the write lock is let go. Handles that share a writer turn (posd's
 * pool) queue for it in order, so every till that asked meanwhile goes next; an import
 * without one (posctl beside a running posd) pauses, now and then long enough for
 * every till that polls SQLite's lock. */
static void let_go(struct import *im)
{
        if (im->l->writer.enter || !im->writing) /* the check holds no lock */
                return;
        bool long_gap = mono_ms() - im->last_long_gap >= IMPORT_LOCKED_MS;
        struct timespec ts = { 0, (long_gap ? IMPORT_LONG_GAP_MS : IMPORT_GAP_MS) * 1000000L };

        nanosleep(&ts, NULL);
        if (long_gap)
                im->last_long_gap = mono_ms();
}

static int csv_error(struct import *im, int r)
{
        const char *why = r == -E2BIG ? "the row is too long or has too many columns"
                        : r == -EBADMSG ? "a quote is out of place or never closed"
                        : r == -EILSEQ ? "the text is not UTF-8 (save the file as UTF-8)"
                        : r == -ENOMEM ? "out of memory" : "the file could not be read";
        return fail(im->l, r == -ENOMEM || r == -EIO ? r : -EINVAL, "BAD_CSV", "line %lu: %s", im->csv.line, why);
}

/* One reading of the file from start: checking, or writing. */
static int one_pass(struct import *im, FILE *in, off_t start)
{
        const struct import_opts *o = im->o;
        struct ledger *l = im->l;
        unsigned bad = 0;
        int r;

        if (fseeko(in, start, SEEK_SET) < 0)
                return fail(l, -EIO, "BAD_CSV", "the file could not be read again");
        if ((r = csv_reader_init(&im->csv, in, IMPORT_MAX_RECORD, IMPORT_MAX_FIELDS)) < 0)
                return fail(l, r, "OUT_OF_MEMORY", "out of memory");
        if ((r = read_header(im)) < 0)
                goto out;
        if (im->writing && o && o->written)
                o->written(o->ud, 1, 0, 0);
        im->last_long_gap = mono_ms();
        im->rows_read = 0;
        while ((r = one_batch(im, &bad)) > 0) {
                if (o && o->stop && o->stop(o->ud)) {
                        r = fail(l, -ECANCELED, "IMPORT_STOPPED", "posd stopped during the import%s",
                                 im->writing ? "" : ": nothing was imported");
                        break;
                }
                let_go(im);
        }
        if (r == 0 && bad)
                r = fail(l, -EINVAL, "IMPORT_ERRORS", "%u line%s %s wrong%s: nothing was imported", bad,
                         bad == 1 ? "" : "s", bad == 1 ? "is" : "are",
                         bad == IMPORT_MAX_ERRORS ? " (checking stopped there)" : "");
out:
        if (r < 0 && r != l->e.num)
                r = csv_error(im, r); /* the reader failed */
        csv_reader_release(&im->csv);
        return r;
}

/* The file read twice needs a file that can be read again: a pipe is copied first. */
static int seekable(struct ledger *l, FILE *in, FILE **ret_copy, off_t *ret_start)
{
        char buf[65536];
        off_t start = ftello(in);
        FILE *copy;
        size_t n;

        if (start >= 0) {
                *ret_start = start;
                return 0;
        }
        if (!(copy = tmpfile()))
                return fail(l, -EIO, "STORAGE_ERROR", "no room to read the file");
        while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
                if (fwrite(buf, 1, n, copy) != n)
                        break;
        if (ferror(in) || ferror(copy) || fflush(copy) != 0) {
                fclose(copy);
                return fail(l, -EIO, "STORAGE_ERROR", "the file could not be read");
        }
        *ret_copy = copy;
        *ret_start = 0;
        return 0;
}

static int products_before(struct ledger *l, int64_t *ret)
{
        static const char sql[] = "SELECT coalesce(max(id), 0) FROM products";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        if ((r = step_one(l, st, "reading the catalogue")) == 1)
                *ret = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return r < 0 ? r : 0;
}

int catalog_import_csv(struct ledger *l, FILE *in, const struct import_opts *o)
{
        static const char keys[] = "CREATE TEMP TABLE IF NOT EXISTS import_keys(key TEXT PRIMARY KEY, line INTEGER NOT NULL) "
                                   "WITHOUT ROWID; DELETE FROM temp.import_keys";
        struct import im;
        struct store_info store;
        FILE *copy = NULL;
        off_t start = 0;
        int r;

        memset(&im, 0, sizeof(im));
        im.l = l;
        im.o = o;
        clear_err(l);
        if ((r = store_get(l, &store)) < 0 || (r = products_before(l, &im.last_old_id)) < 0 ||
            (r = seekable(l, in, &copy, &start)) < 0)
                return r;
        im.minor_unit = store.minor_unit;
        im.p.type = DOC_ADJUSTMENT;
        im.p.doc_type = doc_kind(DOC_ADJUSTMENT)->type;
        im.p.at = ledger_now_ms(l);
        im.p.location_id = store.default_location;
        if ((r = exec_sql(l, keys)) < 0 || (r = one_pass(&im, copy ? copy : in, start)) < 0)
                goto out;
        im.writing = true;
        if ((r = one_pass(&im, copy ? copy : in, start)) < 0) {
                struct ledger_error e = l->e;
                if (im.written_line)
                        fail(l, r, e.code, "%s; lines 2 to %lu were imported: send the same file again once this is "
                                           "put right (what is in is skipped)", e.msg, im.written_line);
                goto out;
        }
        r = im.added > INT_MAX ? INT_MAX : (int)im.added;
out:
        (void)sqlite3_exec(l->db, "DELETE FROM temp.import_keys", NULL, NULL, NULL);
        if (copy)
                fclose(copy);
        return r;
}
