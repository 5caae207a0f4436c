/* posctl verify, backup, restore. */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger/backup.h"
#include "ledger/journal.h"
#include "posctl.h"

static void stage(void *ud, const char *what)
{
        (void)ud;
        if (isatty(STDOUT_FILENO))
                printf("checking %s...\n", what);
}

int cmd_verify(struct posctl *pc, int argc, char **argv)
{
        struct ledger *l;
        int r = EXIT_OK;

        (void)argv;
        if (argc != 1)
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (ledger_verify(l, stage, NULL) < 0) {
                printf("BROKEN: %s\n", ledger_errmsg(l));
                r = EXIT_FAILED;
        } else {
                printf("ok\n");
        }
        ledger_close(l);
        return r;
}

int cmd_sync(struct posctl *pc, int argc, char **argv)
{
        struct ledger *l;
        struct journal_sync js;
        int r = EXIT_OK;

        if (argc != 2 || strcmp(argv[1], "status"))
                return EXIT_USAGE;
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (journal_sync_get(l, &js) < 0) {
                r = posctl_fail(l, "reading the journal");
        } else {
                printf("journal     %lld entries\nat HQ       %lld\nwaiting     %lld\n", (long long)js.last,
                       (long long)js.sent, (long long)(js.last - js.sent));
                if (js.waiting_since) {
                        char at[32];
                        ledger_format_time(js.waiting_since, at);
                        printf("since       %s\n", at);
                }
        }
        ledger_close(l);
        return r;
}

/* posd-YYYYmmdd-HHMMSS.mmm.db as `backup` names them; other files are left alone. */
static bool is_backup_name(const char *s)
{
        static const char shape[] = "posd-99999999-999999.999.db";

        if (strlen(s) != sizeof(shape) - 1)
                return false;
        for (size_t i = 0; shape[i]; i++)
                if (shape[i] == '9' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
                        return false;
        return true;
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep the newest `keep` posd-*.db files; names sort by their timestamp. */
static void prune(const char *dir, int keep)
{
        char *names[4096], path[PATH_MAX + 256];
        size_t n = 0;
        struct dirent *e;
        DIR *d = opendir(dir);

        if (!d)
                return;
        while ((e = readdir(d)) && n < sizeof(names) / sizeof(names[0])) {
                if (is_backup_name(e->d_name) && (names[n] = strdup(e->d_name)))
                        n++;
        }
        closedir(d);
        qsort(names, n, sizeof(names[0]), by_name);
        for (size_t i = 0; i < n; i++) {
                if (i + (size_t)keep < n) {
                        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
                        if (unlink(path) == 0)
                                printf("removed old backup %s\n", path);
                }
                free(names[i]);
        }
}

int cmd_backup(struct posctl *pc, int argc, char **argv)
{
        char path[PATH_MAX + 64], stamp[32];
        const char *dest = argc == 2 ? argv[1] : NULL;
        struct ledger *l;
        struct timespec now;
        struct tm tm;
        int r = EXIT_OK;

        if (argc > 2)
                return EXIT_USAGE;
        if (!dest) {
                if (mkdir(pc->cfg.backup_dir, 0700) < 0 && errno != EEXIST) {
                        fprintf(stderr, "posctl: %s: %s\n", pc->cfg.backup_dir, strerror(errno));
                        return EXIT_FAILED;
                }
                clock_gettime(CLOCK_REALTIME, &now);
                /* UTC: names keep sorting by time across a clock change */
                strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", gmtime_r(&now.tv_sec, &tm));
                /* milliseconds too: two backups in one second keep apart and in order */
                snprintf(path, sizeof(path), "%s/posd-%s.%03ld.db", pc->cfg.backup_dir, stamp, now.tv_nsec / 1000000);
                dest = path;
        }
        if (!(l = posctl_open(pc, LEDGER_OPEN_READONLY)))
                return EXIT_FAILED;
        if (ledger_backup(l, dest) < 0)
                r = posctl_fail(l, "backup");
        else
                printf("backed up %s to %s\n", pc->db_path, dest);
        ledger_close(l);
        if (r == EXIT_OK && dest == path)
                prune(pc->cfg.backup_dir, pc->cfg.backup_keep);
        return r;
}

int cmd_restore(struct posctl *pc, int argc, char **argv)
{
        struct ledger *l;
        int r = EXIT_OK;

        if (argc != 2)
                return EXIT_USAGE;
        if (access(argv[1], R_OK) < 0) {
                fprintf(stderr, "posctl: %s: %s\n", argv[1], strerror(errno));
                return EXIT_FAILED;
        }
        if (!(l = posctl_open(pc, LEDGER_OPEN_CREATE)))
                return EXIT_FAILED;
        if (ledger_restore(l, argv[1]) < 0)
                r = posctl_fail(l, "restore");
        else
                printf("restored %s from %s\n", pc->db_path, argv[1]);
        ledger_close(l);
        return r;
}
