/* Importing products from CSV: one transaction, all or nothing, the bad line named. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "catalog/csv.h"
#include "ledger/money.h"
#include "ledger/posting_int.h"

#define IMPORT_MAX_RECORD 65536
#define IMPORT_MAX_FIELDS 64
#define IMPORT_PROGRESS_EVERY 4096 /* rows */

enum column { C_SKU, C_NAME, C_BARCODE, C_PRICE, C_COST, C_TAX, C_UNIT, C_CATEGORY, C_STOCK,
           C_SPEC, C_REORDER, C_MAX, C_ACTIVE, C__COUNT };
#define C__REQUIRED C_SPEC /* columns before this one must be present */

static const char *const col_names[C__COUNT] = {
        "sku", "name", "barcode", "price", "cost", "tax_rate", "unit", "category", "stock",
        "spec", "reorder_point", "max_level", "active",
};

struct import {
        struct ledger *l;
        struct csv_reader csv;
        int col[C__COUNT]; /* field index of each column, -1 when absent */
        size_t nheader;
        int minor_unit;
        struct posting p;  /* the opening-stock adjustment */
        int64_t adj_id, value, count;
        char adj_number[DOC_NUMBER_MAX + 1];
        char first_sku[CODE_MAX_LEN + 1];
};

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

static int opening_stock(struct import *im, int64_t product_id, int64_t qty, int64_t cost)
{
        static const char head[] =
                "INSERT INTO adjustments(number, at, user, reason, location_id, value) "
                "VALUES (?1, ?2, NULL, 'opening stock from a product import', ?3, 0)";
        struct ledger *l = im->l;
        sqlite3_stmt *st;
        int64_t v;
        int r;

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
        if (line_amount(qty, cost, &v) < 0 || im->value + v > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the stock value is out of range");
        im->value += v;
        return stock_move(l, &im->p, im->adj_id, product_id, qty, cost, NULL);
}

static int import_row(struct import *im)
{
        const char *codes[BARCODES_PER_PRODUCT + 1];
        struct product_input in;
        struct unit_info unit;
        int64_t tax = 0, stock = 0, id;
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
        if ((r = product_add(im->l, &in, &id)) < 0 || (r = unit_get(im->l, in.unit, &unit)) < 0)
                return r;
        if (!unit_qty_ok(&unit, stock) || !unit_qty_ok(&unit, in.reorder_point) || !unit_qty_ok(&unit, in.max_level))
                return fail(im->l, -EINVAL, "BAD_QUANTITY", "quantities of %s must be whole %s", in.sku, in.unit);
        if (stock && (r = opening_stock(im, id, stock, in.cost)) < 0)
                return r;
        if (im->count++ == 0)
                utf8_cut(im->first_sku, sizeof(im->first_sku), in.sku);
        return 0;
}

static bool row_empty(const struct csv_reader *csv)
{
        for (size_t i = 0; i < csv->nfields; i++)
                if (csv->fields[i][0])
                        return false;
        return true;
}

/* One row; with o->row_error, in a savepoint of its own, so that a bad row leaves no
 * trace and the rows after it are checked against the store as it would be. */
static int one_row(struct import *im, const struct import_opts *o)
{
        struct ledger *l = im->l;
        int r;

        if (im->csv.nfields != im->nheader)
                return fail(l, -EINVAL, "BAD_CSV", "line %lu: %zu fields where the header has %zu", im->csv.line,
                            im->csv.nfields, im->nheader);
        if (!o || !o->row_error)
                return import_row(im);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = import_row(im)) < 0) {
                struct ledger_error e = l->e;
                tx_rollback(l);
                l->e = e;
                return r;
        }
        return tx_commit(l);
}

static int import_rows(struct import *im, const struct import_opts *o)
{
        struct ledger *l = im->l;
        unsigned bad = 0;
        int r;

        while ((r = csv_next(&im->csv)) > 0) {
                if (row_empty(&im->csv))
                        continue; /* ",,,,," : a spreadsheet's empty row */
                while (im->csv.nfields > im->nheader && !im->csv.fields[im->csv.nfields - 1][0])
                        im->csv.nfields--;
                if ((r = one_row(im, o)) < 0) {
                        struct ledger_error e = l->e;
                        /* only a row's own fault is worth reading on: the store's is not */
                        if (!o || !o->row_error || (r != -EINVAL && r != -EEXIST && r != -ENOENT && r != -ERANGE))
                                return fail(l, r, e.code, "line %lu: %s", im->csv.line, e.msg);
                        o->row_error(o->ud, im->csv.line, e.code, e.msg);
                        r = 0;
                        if (++bad == IMPORT_MAX_ERRORS)
                                break;
                }
                if (o && o->progress && im->count % IMPORT_PROGRESS_EVERY == 0)
                        o->progress(o->ud, im->csv.bytes, o->total_bytes);
        }
        if (r < 0)
                return r;
        if (bad)
                return fail(l, -EINVAL, "IMPORT_ERRORS", "%u line%s %s wrong%s: nothing was imported", bad,
                            bad == 1 ? "" : "s", bad == 1 ? "is" : "are", bad == IMPORT_MAX_ERRORS ? " (checking stopped there)" : "");
        if (im->adj_id) {
                if ((r = doc_set_total(l, DOC_ADJUSTMENT, im->adj_id, im->value)) < 0 ||
                    (r = journal_append(l, "adjustment", im->adj_id, im->adj_number, im->p.at)) < 0)
                        return r;
        }
        return 0;
}

static int csv_error(struct import *im, int r)
{
        const char *why = r == -E2BIG ? "the row is too long or has too many columns"
                        : r == -EBADMSG ? "a quote is out of place or never closed"
                        : r == -EILSEQ ? "the text is not UTF-8 (save the file as UTF-8)"
                        : r == -ENOMEM ? "out of memory" : "the file could not be read";
        return fail(im->l, r == -ENOMEM || r == -EIO ? r : -EINVAL, "BAD_CSV", "line %lu: %s", im->csv.line, why);
}

/* COMMIT failed: the import happened only if its first product is there. */
static int settle(struct import *im, int r)
{
        struct ledger_error first = im->l->e;
        struct product p;

        if (!im->count)
                return r;
        if (product_get_by_sku(im->l, im->first_sku, &p) == 0) {
                clear_err(im->l);
                return (int)im->count;
        }
        im->l->e = first;
        return r;
}

int catalog_import_csv(struct ledger *l, FILE *in, const struct import_opts *o)
{
        struct import im;
        struct store_info store;
        int r;

        memset(&im, 0, sizeof(im));
        im.l = l;
        clear_err(l);
        if ((r = store_get(l, &store)) < 0)
                return r;
        im.minor_unit = store.minor_unit;
        im.p.type = DOC_ADJUSTMENT;
        im.p.doc_type = doc_kind(DOC_ADJUSTMENT)->type;
        im.p.at = ledger_now_ms(l);
        im.p.location_id = store.default_location;
        if ((r = csv_reader_init(&im.csv, in, IMPORT_MAX_RECORD, IMPORT_MAX_FIELDS)) < 0)
                return fail(l, r, "OUT_OF_MEMORY", "out of memory");
        if ((r = read_header(&im)) < 0 || (r = tx_begin(l)) < 0)
                goto out;
        if ((r = import_rows(&im, o)) < 0) {
                tx_rollback(l);
                goto out;
        }
        if ((r = tx_commit(l)) < 0) {
                r = settle(&im, r);
                goto out;
        }
        r = (int)im.count;
out:
        if (r < 0 && r != l->e.num)
                r = csv_error(&im, r); /* the reader failed: nothing recorded yet */
        csv_reader_release(&im.csv);
        return r;
}
