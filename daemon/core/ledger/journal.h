/* The tamper-evident journal: one entry per posted document, each carrying the SHA-256
 * of the previous entry and a digest of the document's rows as stored. */
#ifndef POSD_JOURNAL_H
#define POSD_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct ledger;

#define JOURNAL_HASH_HEX 65

/* Verify the store: SQLite integrity_check, cached on-hand == sum of movements, every
 * document journalled, the journal chain and every document digest intact. 0 if all is
 * well; otherwise -EUCLEAN (or a storage error) with the first broken row in errmsg.
 * progress (may be NULL) is told each stage. */
int ledger_verify(struct ledger *l, void (*progress)(void *ud, const char *stage), void *ud);

/* A journal entry as HQ takes it, and its document's rows, read through its kind's
 * descriptor (the rows the journal digests, a movement with its value): part by part,
 * each row's columns by name, with the table they come from, as text (NULL for none). A
 * new document kind reaches HQ with no code of its own. */
struct journal_entry {
        int64_t seq, doc_id, at;
        char doc_type[32];
        char number[32];
        char digest[JOURNAL_HASH_HEX], prev_hash[JOURNAL_HASH_HEX], hash[JOURNAL_HASH_HEX];
};
#define JOURNAL_COLUMNS_MAX 32 /* of a document's part */
struct journal_row {
        int part;
        const char *table; /* of the part's first column */
        int ncols;
        const char *const *names, *const *values;
};
struct journal_reader {
        /* an entry; then its document's rows; a non-zero return stops the reading */
        int (*entry)(void *ud, const struct journal_entry *e);
        int (*row)(void *ud, const struct journal_row *r);
        void *ud;
};
/* Entries after seq `after`, at most max, in order, in one read transaction: how many
 * were read, or what a callback returned, or an error. */
int journal_read(struct ledger *l, int64_t after, int max, const struct journal_reader *rd);

/* The catalogue as HQ has it: every product changed up to (updated_at, id). */
struct catalogue_mark {
        int64_t at, id;
};

/* Where the journal stands with HQ: its last entry, the last HQ is known to hold (noted
 * after HQ committed it), when the first entry HQ lacks was posted (0: none waits), how
 * far HQ has the catalogue, and the last of HQ's changes (products, prices, suppliers,
 * users) the store applied: its version of HQ's data. */
struct journal_sync {
        int64_t last, sent, waiting_since;
        struct catalogue_mark catalogue;
        int64_t applied;
};
int journal_sync_get(struct ledger *l, struct journal_sync *ret);
int journal_set_sent(struct ledger *l, int64_t seq);
int journal_set_catalogue_sent(struct ledger *l, const struct catalogue_mark *m);
/* In the transaction that applied HQ's changes up to version; or alone, when HQ says the
 * store is current with a later version (the changes since were other stores'). */
int journal_set_applied(struct ledger *l, int64_t version);

/* Every table and column HQ files documents in, as the kinds' descriptors read them:
 * fn(table, column, declared type) for each column of each part of each journalled kind
 * (a table shared by kinds comes again). HQ makes its tables from these alone. */
int journal_columns(struct ledger *l, int (*fn)(void *ud, const char *table, const char *column, const char *type),
                    void *ud);

/* Products changed after the mark, in (updated_at, id) order, at most max, to rd->row (as
 * part 0; rd->entry is not called): id, sku, name, spec, unit, category (its name),
 * price, cost, active, updated_at. How many, or an error. For HQ's copy of the store's
 * catalogue, which its reports name products and categories by. */
int journal_catalogue_read(struct ledger *l, const struct catalogue_mark *after, int max, const struct journal_reader *rd);

#endif
