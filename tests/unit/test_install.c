/* make install puts every piece where the system looks for it, under DESTDIR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testlib.h"

static void test_install_tree(void **state)
{
        static const struct {
                const char *path;
                unsigned mode;
        } files[] = {
                { "/usr/bin/posctl", 0755 },
                { "/usr/bin/posd", 0755 },
                { "/lib/systemd/system/posd.service", 0644 },
                { "/usr/share/man/man8/posd.8", 0644 },
                { "/etc/posd/posd.conf", 0644 },
                { "/lib/systemd/system/posd-backup.service", 0644 },
                { "/lib/systemd/system/posd-backup.timer", 0644 },
                { "/lib/udev/rules.d/60-posd.rules", 0644 },
                { "/usr/lib/sysusers.d/posd.conf", 0644 },
                { "/usr/share/man/man1/posctl.1", 0644 },
                { "/usr/share/man/man5/posd.conf.5", 0644 },
                { "/usr/share/posd/ui/index.html", 0644 },
                { "/usr/share/posd/ui/src/main.js", 0644 },
                { "/usr/share/posd/ui/vendor/preact.mjs", 0644 },
        };
        struct tstore t;
        char cmd[1024], out[8192], path[512];
        struct stat sb;
        (void)state;
        tstore_dir(&t);
        snprintf(cmd, sizeof(cmd), "make -s -C %s install PREFIX=/usr DESTDIR=%s/root 2>&1", getenv("SRCDIR"), t.dir);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("make install failed:\n%s", out);
        for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
                snprintf(path, sizeof(path), "%s/root%s", t.dir, files[i].path);
                if (stat(path, &sb) < 0)
                        fail_msg("%s was not installed", files[i].path);
                assert_int_equal(sb.st_mode & 0777, files[i].mode);
        }
        snprintf(cmd, sizeof(cmd), "%s/root/usr/bin/posctl --help", t.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "usage: posctl"));
        /* the installed posd looks for the front end where it was installed */
        snprintf(cmd, sizeof(cmd), "%s/root/usr/bin/posd --help", t.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "served from /usr/share/posd/ui "));
        /* the installed config is the one posctl reads without complaint */
        snprintf(cmd, sizeof(cmd), "%s/root/usr/bin/posctl -c %s/root/etc/posd/posd.conf --db %s/none.db info 2>&1",
                 t.dir, t.dir, t.dir);
        trun(cmd, out, sizeof(out));
        assert_non_null(strstr(out, "there is no store at"));
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_install_tree),
        };
        return cmocka_run_group_tests_name("install", tests, NULL, NULL);
}
