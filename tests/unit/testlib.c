#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/input-event-codes.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "ledger/store.h"
#include "testlib.h"

const char *const tseed_csv =
        "sku,name,spec,barcode,price,cost,tax_rate,unit,category,stock,reorder_point,active\n"
        "A1,苹果汁 Apple juice,1L,6901234567892,12.50,8.00,13,pcs,饮料 Drinks,100,10,1\n"
        "B2,面包 Bread,400g,4006381333931|96385074,5.99,3.00,9,pcs,Bakery,50,60,1\n"
        "C3,\"Soap, lemon\",,036000291452,3.00,1.20,13,pcs,Household,0,0,1\n"
        "K1,香蕉 Bananas,,2100101,8.80,5.00,9,kg,生鲜 Produce,20.5,,1\n"
        "Z9,Old stock,,6900000099995,1.00,0.50,13,pcs,Household,0,,0\n";

void tstore_dir(struct tstore *t)
{
        const char *tmp = getenv("TMPDIR");

        memset(t, 0, sizeof(*t));
        /* TMPDIR may put a long run's stores on tmpfs (make soak) */
        snprintf(t->dir, sizeof(t->dir), "%s/posd-test-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
        assert_non_null(mkdtemp(t->dir));
        snprintf(t->path, sizeof(t->path), "%s/store.db", t->dir);
}

void tstore_open(struct tstore *t)
{
        struct store_setup s = { "Test store", "CNY", -1, false };
        struct ledger_error e;

        tstore_dir(t);
        if (ledger_open(t->path, LEDGER_OPEN_CREATE, &t->l, &e) < 0)
                fail_msg("open: %s", e.msg);
        assert_ok(t->l, store_init(t->l, &s));
        assert_int_equal(timport(t->l, tseed_csv), 5);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb; (void)flag; (void)ftw;
        return remove(path);
}

void tstore_close(struct tstore *t)
{
        t->l = ledger_close(t->l);
        if (t->dir[0])
                nftw(t->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int timport(struct ledger *l, const char *csv)
{
        return timport_len(l, csv, strlen(csv));
}

int timport_len(struct ledger *l, const char *csv, size_t len)
{
        FILE *f = fmemopen((void *)csv, len, "r");
        int r;

        assert_non_null(f);
        r = catalog_import_csv(l, f, NULL);
        fclose(f);
        return r;
}

int64_t tsql_int(const char *db, const char *sql)
{
        sqlite3 *h;
        sqlite3_stmt *st;
        int64_t v = -1;

        assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        sqlite3_busy_timeout(h, 10000); /* the store's own connection may be writing */
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
                fail_msg("%s: %s", sql, sqlite3_errmsg(h));
        if (sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(h);
        return v;
}

int tsql_exec(const char *db, const char *sql)
{
        sqlite3 *h;
        int rc;

        assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
        sqlite3_busy_timeout(h, 10000);
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
        sqlite3_close(h);
        return rc;
}

void tstore_as_schema_14(struct tstore *t)
{
        ledger_close(t->l);
        t->l = NULL;
        assert_int_equal(tsql_exec(t->path, "ALTER TABLE stock_movements DROP COLUMN value;"
                                            "ALTER TABLE stock_on_hand DROP COLUMN value;"
                                            "ALTER TABLE transfer_lines DROP COLUMN value;"
                                            "ALTER TABLE supplier_returns DROP COLUMN cost;"
                                            "ALTER TABLE barcodes DROP COLUMN pack;"
                                            TSTORE_UNDO_SINCE_18
                                            "PRAGMA user_version = 14"),
                         0);
}

const char *twrite(struct tstore *t, const char *name, const char *text)
{
        static char paths[4][192];
        static int next;
        char *p = paths[next++ % 4];
        FILE *f;

        snprintf(p, sizeof(paths[0]), "%s/%s", t->dir, name);
        f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        return p;
}

int trun(const char *cmd, char *out, size_t size)
{
        FILE *p = popen(cmd, "r");
        size_t n = 0;
        int status;

        assert_non_null(p);
        while (n + 1 < size && fgets(out + n, (int)(size - n), p))
                n += strlen(out + n);
        out[n] = '\0';
        status = pclose(p);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void tumockdev_asan(void)
{
        const char *asan = getenv("ASAN_OPTIONS");
        char opts[256];

        snprintf(opts, sizeof(opts), "%s%sverify_asan_link_order=0", asan ? asan : "", asan && *asan ? ":" : "");
        setenv("ASAN_OPTIONS", opts, 1);
}

void tumockdev_preload(bool on)
{
        if (!on) {
                unsetenv("LD_PRELOAD");
                return;
        }
        setenv("LD_PRELOAD", "libumockdev-preload.so.0", 1);
        tumockdev_asan();
}

int tumockdev_exec(const char *self, const char *dir, const char *const args[])
{
        const char *argv[16] = { "umockdev-run" };
        size_t n = 1;

        while (*args && n < sizeof(argv) / sizeof(argv[0]) - 3)
                argv[n++] = *args++;
        argv[n++] = "--";
        argv[n++] = self;
        argv[n] = NULL;
        tumockdev_asan();
        setenv("POSD_UMOCKDEV", dir, 1);
        execvp(argv[0], (char *const *)argv);
        perror("umockdev-run");
        return 1;
}

const char *tumockdev_dir(void)
{
        return getenv("POSD_UMOCKDEV");
}

void tumockdev_cleanup(void)
{
        const char *dir = tumockdev_dir();

        if (dir)
                nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* A US keyboard: the key for c and whether Shift is held. */
static int us_key(char c, bool *shift)
{
        static const char digits[] = "1234567890";
        static const char *const rows[] = { "qwertyuiop", "asdfghjkl", "zxcvbnm" };
        static const int row_start[] = { KEY_Q, KEY_A, KEY_Z };
        const char *p;

        *shift = c >= 'A' && c <= 'Z';
        if (*shift)
                c = (char)(c - 'A' + 'a');
        if (c && (p = strchr(digits, c)))
                return KEY_1 + (int)(p - digits);
        for (int r = 0; r < 3; r++)
                if (c && (p = strchr(rows[r], c)))
                        return row_start[r] + (int)(p - rows[r]);
        switch (c) {
        case '-': return KEY_MINUS;
        case '/': return KEY_SLASH;
        case '\n': return KEY_ENTER;
        }
        fail_msg("no key for '%c'", c);
        return -1;
}

static void evemu_event(FILE *f, double *t, int code, int value)
{
        fprintf(f, "E: %.6f %04x %04x %04d\n", *t, EV_KEY, code, value);
        fprintf(f, "E: %.6f %04x %04x %04d\n", *t, EV_SYN, SYN_REPORT, 0);
        *t += 0.002;
}

static void evemu_type(FILE *f, double start, const char *const typed[], size_t n)
{
        double t = start;

        for (size_t i = 0; i < n; i++)
                for (const char *c = typed[i]; *c; c++) {
                        bool shift;
                        int key = us_key(*c, &shift);
                        if (shift)
                                evemu_event(f, &t, KEY_LEFTSHIFT, 1);
                        evemu_event(f, &t, key, 1);
                        evemu_event(f, &t, key, 0);
                        if (shift)
                                evemu_event(f, &t, KEY_LEFTSHIFT, 0);
                }
}

int tumockdev_wedge(const char *self, const char *const typed[], size_t n)
{
        char dir[] = "/tmp/posd-wedge-XXXXXX", events[64], devices[512], io_arg[600], ev_arg[128];
        const char *srcdir = getenv("SRCDIR");
        FILE *f;

        if (!srcdir || !mkdtemp(dir)) {
                fprintf(stderr, "%s: needs SRCDIR and a writable /tmp\n", self);
                return 1;
        }
        snprintf(events, sizeof(events), "%s/scan.events", dir);
        if (!(f = fopen(events, "w")))
                return 1;
        evemu_type(f, 0.2, typed, n);
        fclose(f);
        snprintf(devices, sizeof(devices), "%s/tests/devices/counter.umockdev", srcdir);
        snprintf(io_arg, sizeof(io_arg), "/dev/input/event7=%s/tests/devices/scanner.ioctl", srcdir);
        snprintf(ev_arg, sizeof(ev_arg), "/dev/input/event7=%s", events);
        return tumockdev_exec(self, dir, (const char *const[]){ "-d", devices, "-i", io_arg, "-e", ev_arg, NULL });
}

char *tslurp(const char *path)
{
        FILE *f = fopen(path, "r");
        char *s = NULL;
        size_t len = 0;

        if (!f)
                return NULL;
        if (getdelim(&s, &len, '\0', f) < 0) {
                free(s);
                s = strdup("");
        }
        fclose(f);
        return s;
}
