/* Internals shared by the core's files: not for posd, posctl or drivers. */
#ifndef POSD_LEDGER_INT_H
#define POSD_LEDGER_INT_H

#include <sqlite3.h>
#include <stdarg.h>

#include "ledger/ledger.h"
#include "ledger/text.h"

/* An import's opening stock is an adjustment with this reason and no user: what the shop
 * started with, not a loss or gain (the finance report and the books tell it apart so).
 * A hand correction always has its own reason, whatever words it holds. */
#define OPENING_STOCK_REASON "opening stock from a product import"
#define OPENING_STOCK_SQL "(user IS NULL AND reason = '" OPENING_STOCK_REASON "')"

#define STMT_CACHE_SIZE 512 /* a power of two, well above the statements the code has */

struct ledger {
        sqlite3 *db;
        int64_t fixed_clock_ms;
        struct ledger_error e;
        int tx_depth; /* 0: no transaction of ours; 1: BEGIN; more: savepoints */
        bool draft;       /* the next transactions are drafts (ledger_set_draft) */
        bool sync_normal; /* synchronous is NORMAL now */
        struct ledger_writer writer;
        bool writing; /* inside writer.enter, until its leave */
        bool committing; /* tx_commit's outermost COMMIT is under way */
        uint64_t statements; /* run so far (stmt, stmt_own, exec_sql) */
        uint64_t synced_at;  /* statements when a durable commit was last synced, or 0 */
        /* Prepared statements, keyed by the address of their SQL text (a literal). */
        struct {
                const char *sql;
                sqlite3_stmt *stmt;
        } stmts[STMT_CACHE_SIZE];
};

/* Open even a store of an older schema read-only (restore reads old backups). */
#define LEDGER_OPEN_ANY_VERSION (1u << 8)

/* Bring the open store's schema up to LEDGER_SCHEMA_VERSION. */
int ledger_migrate(struct ledger *l);

/* Record an error and return r (negative). */
int fail(struct ledger *l, int r, const char *code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Record an SQLite failure (rc) met while doing `what`, mapped to an errno code:
 * SQLITE_FULL -ENOSPC, IOERR -EIO, BUSY/LOCKED -EBUSY, CONSTRAINT -EEXIST, ... */
int fail_sql(struct ledger *l, int rc, const char *what);
int sqlite_to_errno(int rc);
void clear_err(struct ledger *l);

/* A cached prepared statement for a literal SQL text, reset and unbound; NULL on error
 * (recorded). The statement stays owned by the cache. */
sqlite3_stmt *stmt(struct ledger *l, const char *sql);

/* A statement of the caller's own, to finalize: for iterations that call back into
 * code which may use the cached statements (a cached one must not be reset mid-way). */
sqlite3_stmt *stmt_own(struct ledger *l, const char *sql);

/* Run SQL without results. */
int exec_sql(struct ledger *l, const char *sql);

/* Step a statement expected to finish without rows; the statement is reset after. */
int step_done(struct ledger *l, sqlite3_stmt *st, const char *what);
/* step_done for a statement that writes, in a transaction of its own (a savepoint inside
 * one): a write outside tx_begin would be answered before it is on the disk, and a
 * pooled handle refuses one. */
int step_alone(struct ledger *l, sqlite3_stmt *st, const char *what);

/* Step a statement that gives at most one row: 1 with the row ready to read (reset it
 * after), 0 when there is none, or the SQLite error recorded against `what`. */
int step_one(struct ledger *l, sqlite3_stmt *st, const char *what);

/* BEGIN IMMEDIATE / ROLLBACK. */
int tx_begin(struct ledger *l);
void tx_rollback(struct ledger *l);
/* COMMIT; on failure rolls back what is left and returns the SQLite error mapped. */
int tx_commit(struct ledger *l);

/* Next number of a gap-free document sequence ("sale" -> 1, 2, ...), inside a transaction. */
int doc_next_number(struct ledger *l, const char *doc_type, int64_t *ret);

int bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);

/* An amount in the store's currency for a message ("12.50"); buf has 32 bytes. */
const char *money_text(struct ledger *l, int64_t v, char *buf);

/* Room for one more of n elements of size elem in *arr (capacity *cap, doubling from 16). */
int grow(struct ledger *l, void **arr, size_t *cap, size_t n, size_t elem);

/* A control character starts at p (C0, DEL or C1): no printer or screen shows one. */
bool text_control_at(const char *p);
/* Length checks for text from outside: -EINVAL naming `what`. */
int check_text(struct ledger *l, const char *what, const char *s, size_t max, bool required);


/* Shared by the catalog, stock and posting files. */
#define PRODUCT_FIELDS                                                                       \
        "p.id, p.sku, p.name, p.spec, p.unit, coalesce(c.name, ''), p.price, p.cost,"       \
        " p.avg_cost, t.rate_bp, p.reorder_point, p.max_level, p.active,"                  \
        " coalesce((SELECT u.measured FROM units u WHERE u.code = p.unit), 0) "
#define PRODUCT_FIELD_COUNT 14
#define PRODUCT_FROM                                                                         \
        "FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id "                         \
        "LEFT JOIN categories c ON c.id = p.category_id "

/* SQL for qty (milli-units) x cost, rounded half away from zero as line_amount() does. */
#define SQL_LINE_AMOUNT(q, c) \
        "(CASE WHEN " q " < 0 THEN -((-" q " * " c " + 500) / 1000) ELSE (" q " * " c " + 500) / 1000 END)"

/* A category's id by its name (UNKNOWN_CATEGORY, -ENOENT). */
int category_find(struct ledger *l, const char *name, int64_t *ret_id);

struct product;
/* Fill *p from the PRODUCT_FIELDS of a row, starting at column col. */
void product_from_row(sqlite3_stmt *st, int col, struct product *p);

#endif
