#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "store.h"
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
        memset(t, 0, sizeof(*t));
        snprintf(t->dir, sizeof(t->dir), "/tmp/posd-test-XXXXXX");
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
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
        sqlite3_close(h);
        return rc;
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
