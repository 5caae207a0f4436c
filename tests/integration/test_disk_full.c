/* A full disk: the store on a small filesystem of its own (tmpfs) filled to the brim
 * while the till sells. A sale that cannot be written is answered 503 DISK_FULL and its
 * ticket stays as it was; nothing acknowledged is lost; once there is room the same
 * request, with the same idempotency key, completes once. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "harness.h"

#define SALES_MAX 400

static char mnt[64];

static int unmount(void **state)
{
        (void)state;
        if (mnt[0]) {
                umount2(mnt, MNT_DETACH);
                rmdir(mnt);
        }
        return 0;
}

/* write until the filesystem says it is full; the file's path */
static void fill(const char *path)
{
        static char chunk[65536];
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

        assert_true(fd >= 0);
        while (write(fd, chunk, sizeof(chunk)) > 0)
                ;
        assert_int_equal(errno, ENOSPC);
        /* the last few bytes too */
        while (write(fd, chunk, 512) > 0)
                ;
        close(fd);
}

static void test_sales_on_a_full_disk(void **state)
{
        char acked[SALES_MAX][32], src[128], key[64], path[96], filler[128];
        struct posd p;
        const char *alice;
        json_t *t = NULL, *o = NULL;
        int n = 0, status = 0;
        (void)state;

        snprintf(mnt, sizeof(mnt), "/tmp/posd-full-XXXXXX");
        assert_non_null(mkdtemp(mnt));
        if (mount("tmpfs", mnt, "tmpfs", 0, "size=6m,mode=0700") != 0) {
                fprintf(stderr, "cannot mount a tmpfs here (%s): this test needs root with CAP_SYS_ADMIN\n",
                        strerror(errno));
                rmdir(mnt);
                mnt[0] = '\0';
                skip();
        }
        alice = posd_open_lane(&p, "");
        posd_stop(&p);
        /* the store moves onto the small filesystem */
        snprintf(src, sizeof(src), "%s", p.store.path);
        snprintf(p.store.path, sizeof(p.store.path), "%s/store.db", mnt);
        {
                char cmd[1024], out[512];
                snprintf(cmd, sizeof(cmd), "cp %s %s && chmod 600 %s", src, p.store.path, p.store.path);
                assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        }
        posd_start(&p, NULL);
        alice = login(&p, "alice", "1111");
        snprintf(filler, sizeof(filler), "%s/filler", mnt);
        fill(filler);

        /* sell until something cannot be written: opening a ticket, a line, a payment or
         * the sale itself */
        for (; n < SALES_MAX; n++) {
                if ((status = http(&p, "POST", "/tickets", alice, NULL, NULL, &o)) != 201)
                        break;
                t = o;
                o = NULL;
                snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(t, "id"));
                if ((status = http(&p, "POST", path, alice, NULL, "{\"sku\":\"A1\"}", &o)) != 201)
                        break;
                json_decref(o);
                snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(t, "id"));
                if ((status = http(&p, "POST", path, alice, NULL, "{\"method\":\"card\",\"amount\":1250}", &o)) != 201)
                        break;
                json_decref(o);
                snprintf(key, sizeof(key), "full-%d", n);
                snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(t, "id"));
                if ((status = http(&p, "POST", path, alice, key, NULL, &o)) != 201)
                        break;
                snprintf(acked[n], sizeof(acked[n]), "%s", jstr(o, "sale.number"));
                json_decref(o);
                json_decref(t);
                t = NULL;
        }
        if (status != 503 || strcmp(jstr(o, "error.code"), "DISK_FULL"))
                fail_msg("after %d sales: %d %s", n, status, o ? json_dumps(o, JSON_COMPACT) : "");
        if (!strstr(jstr(o, "error.message"), "full"))
                fail_msg("the message does not say the disk is full: %s", jstr(o, "error.message"));
        json_decref(o);

        /* what was acknowledged is there; the stuck ticket can still be read */
        for (int i = 0; i < n; i++) {
                snprintf(path, sizeof(path), "/sales/%s", acked[i]);
                assert_int_equal(http(&p, "GET", path, alice, NULL, NULL, NULL), 200);
        }
        if (t) {
                snprintf(path, sizeof(path), "/tickets/%s", jstr(t, "id"));
                assert_int_equal(http(&p, "GET", path, alice, NULL, NULL, NULL), 200);
        }

        /* room again: the ticket is finished where it stopped, and the completion (with
         * the key it had, when it got that far) goes through once */
        unlink(filler);
        if (!t)
                assert_int_equal(http(&p, "POST", "/tickets", alice, NULL, NULL, &t), 201);
        snprintf(path, sizeof(path), "/tickets/%s", jstr(t, "id"));
        assert_int_equal(http(&p, "GET", path, alice, NULL, NULL, &o), 200);
        if (json_array_size(json_object_get(o, "lines")) == 0) {
                snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(t, "id"));
                assert_int_equal(http(&p, "POST", path, alice, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        }
        if (json_array_size(json_object_get(o, "payments")) == 0) {
                snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(t, "id"));
                assert_int_equal(http(&p, "POST", path, alice, NULL, "{\"method\":\"card\",\"amount\":1250}", NULL), 201);
        }
        json_decref(o);
        snprintf(key, sizeof(key), "full-%d", n);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(t, "id"));
        status = http(&p, "POST", path, alice, key, NULL, &o);
        if (status == 201)
                snprintf(acked[n], sizeof(acked[n]), "%s", jstr(o, "sale.number"));
        json_decref(o);
        assert_int_equal(status, 201);
        status = http(&p, "POST", path, alice, key, NULL, &o); /* and again: the same sale */
        assert_int_equal(status, 201);
        assert_string_equal(jstr(o, "sale.number"), acked[n]);
        json_decref(o);
        json_decref(t);
        posd_stop(&p);
        verify_ok(&p);
        {
                char sql[64];
                snprintf(sql, sizeof(sql), "SELECT count(*) FROM sales");
                assert_int_equal(tsql_int(p.store.path, sql), n + 1);
        }
        snprintf(p.store.path, sizeof(p.store.path), "%s", src);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(test_sales_on_a_full_disk, unmount),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
