/* The ledger handle: one SQLite connection to a store database plus the last error.
 *
 * Every core function takes a struct ledger and returns 0 (or a count) on success and a
 * negative errno-style code on failure; on failure ledger_errcode() and ledger_errmsg()
 * say what went wrong in words a person can act on. Output parameters are left untouched
 * on failure. A handle is used by one thread at a time. */
#ifndef POSD_LEDGER_H
#define POSD_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

struct ledger;

/* The schema version this program writes; a database with a higher user_version is
 * refused without being touched. */
#define LEDGER_SCHEMA_VERSION 25

enum ledger_open_flags {
        LEDGER_OPEN_CREATE = 1 << 0,   /* create the file and the schema if missing */
        LEDGER_OPEN_READONLY = 1 << 1, /* verify, export, backup source */
};

struct ledger_error {
        int num;       /* negative errno-style code */
        char code[40]; /* SNAKE_CASE, for APIs */
        char msg[512]; /* for a person */
};

/* Once, first thing in a program, before any store is opened: SQLite's settings for the
 * whole process. */
void ledger_process_init(void);

/* Open a store. On failure *err (when not NULL) says why. */
int ledger_open(const char *path, unsigned flags, struct ledger **ret, struct ledger_error *err);
struct ledger *ledger_close(struct ledger *l);

/* Error of the last failed call on this handle: a SNAKE_CASE code and a message.
 * Both are "" after a successful call that cleared them. */
const char *ledger_errcode(const struct ledger *l);
const char *ledger_errmsg(const struct ledger *l);
int ledger_errnum(const struct ledger *l);

/* An outer transaction around core calls, which then nest inside it: BEGIN IMMEDIATE,
 * COMMIT (on failure the outcome is unknown: look the work up again), ROLLBACK. */
int ledger_begin(struct ledger *l);
int ledger_commit(struct ledger *l);
void ledger_rollback(struct ledger *l);
/* Back to no transaction at all, whatever was left open, and every commit durable again;
 * for a handle going back to a pool. */
void ledger_reset(struct ledger *l);
/* The transactions begun from now until ledger_reset are drafts (an open ticket's
 * edits): their commits are not fsynced, so a power cut may take the last of them,
 * though a crash of posd never does; the next durable commit takes every draft before it
 * to the disk. Outside a transaction only: -EBUSY inside one. */
int ledger_set_draft(struct ledger *l);

/* Called around every outermost transaction: enter before its BEGIN IMMEDIATE (a
 * negative errno refuses the transaction as STORE_BUSY), leave once it is committed or
 * rolled back. The handles of one process share one, so that their writers queue in
 * order instead of polling SQLite's write lock, whose waiters sleep up to 100 ms between
 * tries. */
struct ledger_writer {
        int (*enter)(void *ud);
        /* Optional: right before the COMMIT, from which others may read the transaction
         * (its leave follows, whether the COMMIT worked or not). */
        void (*committing)(void *ud);
        void (*leave)(void *ud);
        /* Optional: the handle then commits with no fsync of its own (synchronous NORMAL),
         * and after leaving, a durable commit calls sync to have the WAL on the disk, so
         * that writers who committed at about the same time share one fsync (through
         * ledger_sync_wal). A negative errno fails the commit as STORAGE_ERROR; but the
         * others may have seen it by then, so one that can stop the process should.
         * Such a handle refuses a write outside a transaction (which would not be synced). */
        int (*sync)(void *ud, struct ledger *l);
        void *ud;
};
void ledger_set_writer(struct ledger *l, const struct ledger_writer *w);
/* fsync the WAL through this handle: every frame any handle wrote to it before. */
int ledger_sync_wal(struct ledger *l);
/* Whether what the handle read may not be on the disk yet, with a writer's sync: an
 * answer built from it waits for a sync first. Not after a draft, nor right after a
 * durable commit that was synced, with no statement since. */
bool ledger_needs_sync(const struct ledger *l);

/* Give a connection of one's own to the store the SQL functions its triggers call
 * (search_words); 0 or an SQLite result code. A ledger's own connection has them. */
struct sqlite3;
int ledger_sql_functions(struct sqlite3 *db);

/* Copy the WAL into the store as far as no reader still needs it: a passive checkpoint,
 * which takes no write lock. Whole: all of it, waiting for the store's writers and
 * readers as long as the busy timeout, then the WAL emptied (-EBUSY when they stayed). */
int ledger_checkpoint(struct ledger *l, bool whole);
/* The WAL size in pages at which a commit copies it in itself (SQLite's default, 1000),
 * or 0: never, as another thread does (ledger_checkpoint). */
void ledger_set_autocheckpoint(struct ledger *l, int pages);

/* Schema version of the open database. */
int ledger_schema_version(struct ledger *l);

/* The wall clock in unix milliseconds; tests and imports of history may pin it. */
#define DAY_MS (24LL * 3600 * 1000)

int64_t ledger_now_ms(const struct ledger *l);
void ledger_set_clock(struct ledger *l, int64_t fixed_ms); /* 0: follow the real clock */

/* Unix milliseconds -> "2026-11-22 16:36:10" in local time. */
void ledger_format_time(int64_t at_ms, char buf[static 32]);

#endif
