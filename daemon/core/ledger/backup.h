/* Online backup and restore through SQLite's backup API: safe while posd runs. */
#ifndef POSD_BACKUP_H
#define POSD_BACKUP_H

struct ledger;

/* Copy the open store into a new file (mode 0600); -EEXIST if the file exists. */
int ledger_backup(struct ledger *l, const char *dest_path);

/* Replace the contents of the open store with a backup, after checking that the backup
 * is a posd store this program can read and that it passes integrity_check. */
int ledger_restore(struct ledger *l, const char *src_path);

#endif
