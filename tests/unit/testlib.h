/* Helpers shared by the unit tests: a store in a fresh temporary directory, a small
 * catalog, and raw SQL on the side (as a person with the sqlite3 shell would). */
#ifndef POSD_TESTLIB_H
#define POSD_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ledger/ledger.h"

struct tstore {
        char dir[64];
        char path[128];
        struct ledger *l;
};

/* A new store with the seed catalog below (SKUs A1 B2 C3 K1 Z9). */
void tstore_open(struct tstore *t);
/* A new, empty directory only. */
void tstore_dir(struct tstore *t);
void tstore_close(struct tstore *t);

/* Seed catalog: A1 juice 12.50 (13%) stock 100, B2 bread 5.99 (9%) stock 50,
 * C3 soap 3.00 (13%) stock 0, K1 bananas 8.80/kg (9%) stock 20.5 kg, Z9 inactive. */
extern const char *const tseed_csv;

/* Import CSV text; returns what catalog_import_csv returned. */
int timport(struct ledger *l, const char *csv);
int timport_len(struct ledger *l, const char *csv, size_t len);

/* Raw SQL through a separate connection: a number, or run a statement. */
int64_t tsql_int(const char *db, const char *sql);
int tsql_exec(const char *db, const char *sql);

/* The store (closed) as schema 14 had it: without what later schemas added (stock values,
 * case packs, a supplier return's cost, what HQ holds, prices planned), for an upgrade to
 * fill in again. */
void tstore_as_schema_14(struct tstore *t);
/* SQL taking away what schemas 18 on added (a chain's: what HQ holds, prices planned,
 * transfers between stores; how the search's words were made; the store's own settings). */
#define TSTORE_UNDO_SINCE_18                                                                                  \
        "DROP TABLE hq_sync; DROP INDEX products_changed; DROP TABLE price_schedule; DROP TABLE price_set;"   \
        "DROP TABLE store_transfer_arrival_lines; DROP TABLE store_transfer_arrivals;"                        \
        "DROP TABLE store_receipt_lines; DROP TABLE store_receipts; DROP TABLE transfers_expected_lines;"     \
        "DROP TABLE transfers_expected; DROP TABLE store_transfer_lines; DROP TABLE store_transfers;"         \
        "DROP TABLE chain_stores; DROP TABLE search_words_made;" TSTORE_UNDO_SINCE_24
/* SQL taking away what schemas 24 on added (the store's own settings, a default tax rate;
 * training). */
#define TSTORE_UNDO_SINCE_24                                                                                  \
        "ALTER TABLE users DROP COLUMN training; ALTER TABLE auth_sessions DROP COLUMN training;"              \
        "DROP INDEX tax_rates_one_default; ALTER TABLE tax_rates DROP COLUMN is_default;"                     \
        "ALTER TABLE store DROP COLUMN receipt_header; ALTER TABLE store DROP COLUMN receipt_footer;"          \
        "ALTER TABLE store DROP COLUMN max_discount_bp; ALTER TABLE store DROP COLUMN cash_step;"              \
        "ALTER TABLE store DROP COLUMN blind_count;"

/* Write text to a new file in t->dir; returns its path in a static buffer slot. */
const char *twrite(struct tstore *t, const char *name, const char *text);

/* Run a command line through sh; capture stdout+stderr (at most size-1 bytes). */
int trun(const char *cmd, char *out, size_t size);
/* A whole file as text (malloc'd), or NULL when it cannot be read. */
char *tslurp(const char *path);

/* Let programs started from here take umockdev's preload library ahead of ASan's. */
void tumockdev_asan(void);
/* Programs started from here (posd) go through umockdev's preload library, so they see
 * the testbed this process holds; or no longer. */
void tumockdev_preload(bool on);
/* Run this program again under umockdev-run with args (-d FILE, -i DEV=FILE, ...), with
 * POSD_UMOCKDEV set to dir so the second run knows it is the one inside. Returns only
 * when umockdev-run could not be started. */
int tumockdev_exec(const char *self, const char *dir, const char *const args[]);
/* The same for the till of tests/devices/counter.umockdev, its keyboard-wedge scanner
 * (/dev/input/event7) typing each string of typed in turn, on a US layout, from 0.2 s
 * after it is opened; '\n' is Enter. Digits, letters, '-' and '/' only. */
int tumockdev_wedge(const char *self, const char *const typed[], size_t n);
/* In the run inside: the dir given to tumockdev_exec, or NULL in the first run. */
const char *tumockdev_dir(void);
/* In the run inside: remove that dir and what is in it. */
void tumockdev_cleanup(void);

#define assert_ok(l, expr) do { int r_ = (expr); if (r_ < 0) fail_msg("%s: %s", #expr, ledger_errmsg(l)); } while (0)

#endif
