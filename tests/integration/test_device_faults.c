/* The printer in trouble while the till sells: cover open, paper out, switched off, one
 * after another. No sale is held up; each receipt waits, and when the printer is back
 * every one prints exactly once, in order. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static int receipts_in(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *e;
        int n = 0;

        if (!d)
                return 0;
        while ((e = readdir(d)))
                n += strstr(e->d_name, ".txt") != NULL;
        closedir(d);
        return n;
}

static void touch(const char *dir, const char *name, bool on)
{
        char path[512];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (!on) {
                unlink(path);
                return;
        }
        assert_non_null(f = fopen(path, "w"));
        fclose(f);
}

static void test_printer_troubles_hold_no_sale(void **state)
{
        static const char *const troubles[] = { "cover-open", "paper-out", "offline" };
        static const char *const states[] = { "cover open", "paper out", "offline" };
        char conf[512], dir[256], sales[4][32];
        struct posd p;
        const char *alice;
        int before;
        (void)state;

        snprintf(dir, sizeof(dir), "/tmp/posd-receipts-XXXXXX");
        assert_non_null(mkdtemp(dir));
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s\n", dir);
        alice = posd_open_lane(&p, conf);
        sell(&p, alice, "card", sales[0]);
        receipt_printed(&p, alice, sales[0]);
        before = receipts_in(dir);

        /* each trouble in turn: the sale completes, its receipt waits */
        for (int i = 0; i < 3; i++) {
                touch(dir, troubles[i], true);
                usleep(2500000); /* the printer's state is looked at every two seconds */
                sell(&p, alice, "card", sales[i + 1]);
                receipt_held(&p, alice, sales[i + 1], states[i]);
                if (i < 2)
                        touch(dir, troubles[i + 1], true); /* the next one comes before this clears */
                touch(dir, troubles[i], false);
        }
        assert_int_equal(receipts_in(dir), before);

        /* back: each waiting receipt prints, once */
        for (int i = 1; i < 4; i++)
                receipt_printed(&p, alice, sales[i]);
        usleep(500000);
        assert_int_equal(receipts_in(dir), before + 3);
        for (int i = 1; i < 4; i++) {
                char path[512];
                snprintf(path, sizeof(path), "%s/%06d.txt", dir, before + i);
                if (!strstr(sim_receipt(dir, before + i), sales[i]))
                        fail_msg("receipt %s is not %s", path, sales[i]);
        }
        posd_stop(&p);
        verify_ok(&p);
        posd_cleanup(&p);
        {
                char cmd[512], out[64];
                snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
                (void)trun(cmd, out, sizeof(out));
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_printer_troubles_hold_no_sale),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
