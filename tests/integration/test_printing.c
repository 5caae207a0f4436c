/* Receipts through the durable print queue: printed by the simulated printer and by a
 * network printer on 127.0.0.1; paper out, a printer that goes away, a restart in
 * between: every receipt prints, once. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escpos_decode.h"
#include "harness.h"

static char dir[192];

static void touch(const char *name, bool on)
{
        char path[256];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (on) {
                f = fopen(path, "w");
                assert_non_null(f);
                fclose(f);
        } else {
                unlink(path);
        }
}

static int receipts(void)
{
        char path[256];
        int n = 0;

        for (;; n++) {
                snprintf(path, sizeof(path), "%s/%06d.bin", dir, n + 1);
                if (access(path, F_OK) != 0)
                        return n;
        }
}

/* Wait up to 10 s for the nth receipt; its text. */
static char *receipt_text(int n)
{
        static char text[16384];
        char path[256];
        FILE *f;
        size_t len;

        for (int i = 0; i < 1000 && receipts() < n; i++)
                usleep(10000);
        if (receipts() < n)
                fail_msg("receipt %d did not print", n);
        snprintf(path, sizeof(path), "%s/%06d.txt", dir, n);
        f = fopen(path, "r");
        assert_non_null(f);
        len = fread(text, 1, sizeof(text) - 1, f);
        text[len] = '\0';
        fclose(f);
        return text;
}

/* A sale of one A1 (12.50) paid in `method`; its number. */
static void sell(struct posd *p, const char *tok, const char *method, char number[32])
{
        json_t *o = NULL;
        char path[96], body[96];

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &o), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(o, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"%s\",\"amount\":%d}", method, strcmp(method, "cash") ? 1250 : 2000);
        assert_int_equal(http(p, "POST", path, tok, NULL, body, NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(o, "id"));
        json_decref(o);
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, &o), 201);
        snprintf(number, 32, "%s", jstr(o, "sale.number"));
        json_decref(o);
}

static const char *receipt_state(struct posd *p, const char *tok, const char *number)
{
        static char state[32];
        json_t *o = NULL;
        char path[64];

        snprintf(path, sizeof(path), "/sales/%s", number);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        snprintf(state, sizeof(state), "%s", jstr(o, "sale.receipt.state"));
        json_decref(o);
        return state;
}

static const char *conf_of(struct posd *p)
{
        static char arg[256];
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p->store.dir);
        return arg;
}

static void test_sim_printer(void **state)
{
        struct posd p;
        char conf[512], s1[32], s2[32], s3[32];
        const char *tok, *text;
        (void)state;
        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf), "[receipt]\nheader = 欢迎光临 Welcome\nfooter = 谢谢惠顾 Thank you\n"
                                     "[printer]\ndevice = sim:%s\ncolumns = 42\n[drawer]\ndevice = printer\npin = 2\n", dir);
        twrite(&p.store, "posd.conf", conf);
        posd_start(&p, conf_of(&p));
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        /* a cash sale prints at once and opens the drawer */
        sell(&p, tok, "cash", s1);
        text = receipt_text(1);
        assert_non_null(strstr(text, "Test store"));
        assert_non_null(strstr(text, "欢迎光临 Welcome"));
        assert_non_null(strstr(text, "苹果汁 Apple juice"));
        assert_non_null(strstr(text, "合计 TOTAL"));
        assert_non_null(strstr(text, "12.50"));
        assert_non_null(strstr(text, "找零 Change"));
        assert_non_null(strstr(text, s1));
        assert_non_null(strstr(text, "[drawer]"));
        assert_non_null(strstr(text, "谢谢惠顾"));
        /* the bytes, read by the test's own decoder */
        {
                static struct decode d;
                char path[256];
                uint8_t buf[65536];
                size_t n, bad;
                FILE *f;
                bool qr = false, drawer = false;
                snprintf(path, sizeof(path), "%s/000001.bin", dir);
                f = fopen(path, "rb");
                n = fread(buf, 1, sizeof(buf), f);
                fclose(f);
                assert_int_equal(escpos_decode(buf, n, &d, &bad), 0);
                for (size_t i = 0; i < d.n; i++) {
                        qr |= d.d[i].kind == D_QR && !strcmp(d.d[i].text, s1);
                        drawer |= d.d[i].kind == D_DRAWER && d.d[i].n == 2;
                }
                assert_true(qr && drawer);
        }
        assert_string_equal(receipt_state(&p, tok, s1), "printed");
        /* paper out: the receipt waits, then prints once when paper is back */
        touch("paper-out", true);
        sell(&p, tok, "card", s2);
        usleep(1500000);
        assert_int_equal(receipts(), 1);
        assert_string_equal(receipt_state(&p, tok, s2), "waiting");
        {
                json_t *o = NULL;
                assert_int_equal(http(&p, "GET", "/devices", tok, NULL, NULL, &o), 200);
                assert_string_equal(jstr(o, "items.0.state"), "paper out");
                json_decref(o);
        }
        /* ... and across a restart */
        sell(&p, tok, "card", s3);
        posd_stop(&p);
        touch("paper-out", false);
        posd_start(&p, conf_of(&p));
        /* in the order they were sold */
        assert_non_null(strstr(receipt_text(2), s2));
        text = receipt_text(3);
        assert_non_null(strstr(text, s3));
        assert_null(strstr(text, "[drawer]")); /* card: the drawer stays shut */
        usleep(500000);
        assert_int_equal(receipts(), 3);
        /* a reprint, marked as one */
        {
                char path[64];
                snprintf(path, sizeof(path), "/sales/%s/receipt", s1);
                assert_int_equal(http(&p, "POST", path, tok, NULL, NULL, NULL), 202);
                text = receipt_text(4);
                assert_non_null(strstr(text, "REPRINT"));
                assert_non_null(strstr(text, s1));
                assert_null(strstr(text, "[drawer]"));
        }
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sim_printer),
        };
        return cmocka_run_group_tests_name("printing", tests, NULL, NULL);
}
