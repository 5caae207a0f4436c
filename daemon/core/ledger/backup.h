/* Online backup and restore through SQLite's backup API: safe while posd runs. */
#ifndef POSD_BACKUP_H
#define POSD_BACKUP_H

struct ledger;

/* Copy the open store into a new file (mode 0600); -EEXIST if the file exists. */
int ledger_backup(struct ledger *l, const char *dest_path);

/* Replace the contents of the open store with a backup, after checking that the backup
 * is a posd store this program can read and that it passes integrity_check. */
int ledger_restore(struct ledger *l, const char *src_path);

/* A training store at path, made from the open store as it is now (in place of any there
 * was): its catalogue, stock, closed shifts and documents, but nothing in progress (no
 * open ticket or shift, waiting print job or session), and its document numbers moved TRAINING_NUMBERS
 * past the store's, so that nothing done in training reads as one of the store's. */
#define TRAINING_NUMBERS 50000000
int ledger_training_copy(struct ledger *l, const char *path);

#endif
