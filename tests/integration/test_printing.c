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
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
                                     "[printer]\ndevice = sim:%s\ncolumns = 42\n[drawer]\ndevice = printer\npin = 2\npulse = 60\n",
                                     dir);
        twrite(&p.store, "posd.conf", conf);
        posd_start(&p, conf_of(&p));
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        /* a cash sale prints at once and opens the drawer */
        sell(&p, tok, "cash", s1);
        text = receipt_text(1);
        assert_non_null(strstr(text, "Test store"));
        assert_non_null(strstr(text, "欢迎光临 Welcome"));
        assert_non_null(strstr(text, "苹果汁 Apple juice 1L")); /* with its spec */
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
                        drawer |= d.d[i].kind == D_DRAWER && d.d[i].n == 2 && !strcmp(d.d[i].text, "30 250");
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
        /* a no-sale: refused to a cashier, done with a manager's approval, audited */
        {
                json_t *a = NULL;
                assert_int_equal(http(&p, "POST", "/drawer/open", tok, NULL, "{\"reason\":\"change for the till\"}", NULL),
                                 403);
                assert_int_equal(http(&p, "POST", "/drawer/open", tok, NULL,
                                      "{\"reason\":\"change for the till\",\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}",
                                      NULL), 202);
                text = receipt_text(5);
                assert_non_null(strstr(text, "[drawer]"));
                assert_int_equal(http(&p, "GET", "/audit", login(&p, "maria", "5678"), NULL, NULL, &a), 200);
                assert_string_equal(jstr(a, "items.0.action"), "no_sale");
                assert_string_equal(jstr(a, "items.0.approved_by"), "maria");
                json_decref(a);
        }
        posd_stop(&p);
        posd_cleanup(&p);
}

/* A network receipt printer on 127.0.0.1: it keeps what it is sent and answers status
 * queries; it can be switched off and on again on the same port. */
struct netprinter {
        int port, lfd;
        pthread_t th;
        volatile bool on, quit;
        pthread_mutex_t lock;
        uint8_t got[1 << 20];
        size_t len;
        size_t cut_after; /* when set, the cable is pulled once that much of a receipt is in */
};

static void *net_main(void *arg)
{
        struct netprinter *np = arg;
        int fd = -1;

        while (!np->quit) {
                struct pollfd pf[2] = { { np->on ? np->lfd : -1, POLLIN, 0 }, { fd, POLLIN, 0 } };
                uint8_t buf[4096];
                ssize_t n;
                if (!np->on && fd >= 0) {
                        close(fd);
                        fd = -1;
                }
                if (poll(pf, 2, 50) <= 0)
                        continue;
                if (pf[0].revents & POLLIN) {
                        if (fd >= 0)
                                close(fd);
                        fd = accept4(np->lfd, NULL, NULL, SOCK_CLOEXEC);
                }
                if (fd < 0 || !(pf[1].revents & (POLLIN | POLLHUP)))
                        continue;
                if ((n = read(fd, buf, sizeof(buf))) <= 0) {
                        close(fd);
                        fd = -1;
                        continue;
                }
                pthread_mutex_lock(&np->lock);
                for (ssize_t i = 0; i < n; i++) {
                        if (i + 2 < n && buf[i] == 0x10 && buf[i + 1] == 0x04) { /* DLE EOT n: all is well */
                                uint8_t ok = 0x12;
                                if (write(fd, &ok, 1) != 1)
                                        break;
                                i += 2;
                                continue;
                        }
                        if (np->cut_after && !--np->cut_after) {
                                close(fd); /* mid-receipt: the rest never arrives */
                                fd = -1;
                                break;
                        }
                        if (np->len < sizeof(np->got))
                                np->got[np->len++] = buf[i];
                }
                pthread_mutex_unlock(&np->lock);
        }
        if (fd >= 0)
                close(fd);
        return NULL;
}

static void net_listen(struct netprinter *np)
{
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)np->port) };
        socklen_t len = sizeof(a);
        int one = 1;

        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        np->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); /* not into posd */
        setsockopt(np->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(np->lfd, (struct sockaddr *)&a, sizeof(a)) < 0)
                fail_msg("bind 127.0.0.1:%d: %s", np->port, strerror(errno));
        assert_int_equal(listen(np->lfd, 4), 0);
        getsockname(np->lfd, (struct sockaddr *)&a, &len);
        np->port = ntohs(a.sin_port);
}

/* Wait up to 10 s until what the printer got holds text. */
static bool net_got(struct netprinter *np, const char *text)
{
        for (int i = 0; i < 1000; i++) {
                bool found;
                pthread_mutex_lock(&np->lock);
                found = memmem(np->got, np->len, text, strlen(text)) != NULL;
                pthread_mutex_unlock(&np->lock);
                if (found)
                        return true;
                usleep(10000);
        }
        return false;
}

static size_t net_count(struct netprinter *np, const char *text)
{
        size_t n = 0;
        pthread_mutex_lock(&np->lock);
        for (const uint8_t *at = np->got; (at = memmem(at, np->len - (size_t)(at - np->got), text, strlen(text)));
             at++)
                n++;
        pthread_mutex_unlock(&np->lock);
        return n;
}

static void test_network_printer_goes_away_and_back(void **state)
{
        static struct netprinter np;
        struct posd p;
        char conf[256], s1[32], s2[32], s3[32], qr[48];
        const char *tok;
        (void)state;
        memset(&np, 0, sizeof(np));
        pthread_mutex_init(&np.lock, NULL);
        net_listen(&np);
        np.on = true;
        pthread_create(&np.th, NULL, net_main, &np);
        posd_store(&p);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = tcp:127.0.0.1:%d\ncolumns = 48\n", np.port);
        twrite(&p.store, "posd.conf", conf);
        posd_start(&p, conf_of(&p));
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        sell(&p, tok, "card", s1);
        snprintf(qr, sizeof(qr), "1P0%s", s1); /* the QR data as the printer stores it */
        assert_true(net_got(&np, qr));
        /* the printer is switched off: the next receipt waits */
        np.on = false;
        close(np.lfd);
        usleep(200000);
        sell(&p, tok, "card", s2);
        usleep(2500000);
        assert_string_equal(receipt_state(&p, tok, s2), "waiting");
        /* on again, on the same port: it prints, once */
        net_listen(&np);
        np.on = true;
        snprintf(qr, sizeof(qr), "1P0%s", s2);
        assert_true(net_got(&np, qr));
        usleep(3000000);
        assert_int_equal(net_count(&np, qr), 1);
        assert_string_equal(receipt_state(&p, tok, s2), "printed");
        /* the cable pulled in the middle of a receipt: it is printed again, whole, once */
        pthread_mutex_lock(&np.lock);
        np.cut_after = 40;
        pthread_mutex_unlock(&np.lock);
        sell(&p, tok, "card", s3);
        snprintf(qr, sizeof(qr), "1P0%s", s3);
        assert_true(net_got(&np, qr));
        usleep(3000000);
        assert_int_equal(net_count(&np, qr), 1);
        assert_string_equal(receipt_state(&p, tok, s3), "printed");
        posd_stop(&p);
        np.quit = true;
        pthread_join(np.th, NULL);
        close(np.lfd);
        posd_cleanup(&p);
}

static void test_scans_reach_the_open_ticket(void **state)
{
        struct posd p;
        char conf[512], cmd[512], out[512];
        const char *tok;
        json_t *o = NULL;
        (void)state;
        posd_store(&p);
        snprintf(conf, sizeof(conf), "[scanner]\ndevice = sim:%s/scan.fifo\n", p.store.dir);
        twrite(&p.store, "posd.conf", conf);
        posd_start(&p, conf_of(&p));
        tok = login(&p, "alice", "1111");
        /* no shift yet: the scan goes nowhere */
        snprintf(cmd, sizeof(cmd), "%s -c %s/posd.conf --db %s scan 6901234567892 2>&1", getenv("POSCTL"), p.store.dir,
                 p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "scanned 6901234567892 on lane 1"));
        usleep(300000);
        assert_int_equal(http(&p, "GET", "/tickets/current", tok, NULL, NULL, NULL), 404);
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        /* a scan opens a ticket and lands on it; a misread with a wrong check digit does not */
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        snprintf(cmd, sizeof(cmd), "%s -c %s/posd.conf --db %s scan 6901234567891 2>&1", getenv("POSCTL"), p.store.dir,
                 p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        snprintf(cmd, sizeof(cmd), "%s -c %s/posd.conf --db %s scan 2100101012501 2>&1", getenv("POSCTL"), p.store.dir,
                 p.store.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        o = ticket_with_lines(&p, tok, 2);
        assert_string_equal(jstr(o, "lines.0.sku"), "A1");
        assert_string_equal(jstr(o, "lines.1.sku"), "K1");
        assert_int_equal(jint(o, "lines.1.amount"), 1100);
        json_decref(o);
        posd_stop(&p);
        /* with posd gone nobody reads the scanner: posctl says so */
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        assert_non_null(strstr(out, "is posd running"));
        posd_cleanup(&p);
}

/* A private cupsd for the test, its spool and socket in dir. */
static pid_t cupsd_start(const char *d, int port)
{
        char path[256], text[2048], sock[200];
        const char *subdirs[] = { "etc", "state", "cache", "spool", "tmp", "log" };
        pid_t pid;

        /* cupsd's backends run as lp: they must reach the spool */
        chmod(d, 0755);
        for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
                snprintf(path, sizeof(path), "%s/%s", d, subdirs[i]);
                mkdir(path, 0755);
        }
        snprintf(text, sizeof(text),
                 "Listen 127.0.0.1:%d\nListen %s/cups.sock\nLogLevel warn\nWebInterface No\n"
                 "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                 "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
                 "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n", port, d);
        snprintf(path, sizeof(path), "%s/cupsd.conf", d);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        snprintf(text, sizeof(text),
                 "ServerRoot %s/etc\nStateDir %s/state\nCacheDir %s/cache\nRequestRoot %s/spool\nTempDir %s/tmp\n"
                 "ErrorLog %s/log/error_log\nAccessLog %s/log/access_log\nPageLog %s/log/page_log\n"
                 "ServerBin /usr/lib/cups\nDataDir /usr/share/cups\nFileDevice No\nSandboxing Relaxed\n",
                 d, d, d, d, d, d, d, d);
        snprintf(path, sizeof(path), "%s/cups-files.conf", d);
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        if ((pid = fork()) == 0) {
                char conf[256], files[256];
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                snprintf(conf, sizeof(conf), "%s/cupsd.conf", d);
                snprintf(files, sizeof(files), "%s/cups-files.conf", d);
                execlp("cupsd", "cupsd", "-f", "-c", conf, "-s", files, (char *)NULL);
                _exit(127);
        }
        snprintf(sock, sizeof(sock), "%s/cups.sock", d);
        for (int i = 0; i < 500 && access(sock, F_OK) != 0; i++)
                usleep(10000);
        assert_int_equal(access(sock, F_OK), 0);
        return pid;
}

static void test_cups_raw_queue(void **state)
{
        static struct netprinter np;
        struct posd p;
        char conf[256], cmd[512], out[512], s1[32], s2[32], qr[48], sock[200];
        const char *tok;
        pid_t cupsd;
        (void)state;
        memset(&np, 0, sizeof(np));
        pthread_mutex_init(&np.lock, NULL);
        net_listen(&np);
        np.on = true;
        pthread_create(&np.th, NULL, net_main, &np);
        posd_store(&p);
        cupsd = cupsd_start(p.store.dir, 0);
        snprintf(sock, sizeof(sock), "%s/cups.sock", p.store.dir);
        setenv("CUPS_SERVER", sock, 1);
        snprintf(cmd, sizeof(cmd), "lpadmin -p receipt -E -v socket://127.0.0.1:%d -m raw 2>&1", np.port);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = cups:receipt\n");
        twrite(&p.store, "posd.conf", conf);
        posd_start(&p, conf_of(&p));
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);
        sell(&p, tok, "card", s1);
        snprintf(qr, sizeof(qr), "1P0%s", s1);
        assert_true(net_got(&np, qr)); /* through cupsd to the printer, byte for byte */
        assert_string_equal(receipt_state(&p, tok, s1), "printed");
        /* CUPS stops: the next sale completes, its receipt waits; CUPS back, it prints once */
        kill(cupsd, SIGTERM);
        waitpid(cupsd, NULL, 0);
        sell(&p, tok, "card", s2);
        usleep(2500000);
        assert_string_equal(receipt_state(&p, tok, s2), "waiting");
        cupsd = cupsd_start(p.store.dir, 0); /* its queue was kept in its own folder */
        snprintf(qr, sizeof(qr), "1P0%s", s2);
        assert_true(net_got(&np, qr));
        receipt_printed(&p, tok, s2);
        usleep(2000000);
        assert_int_equal(net_count(&np, qr), 1);
        posd_stop(&p);
        kill(cupsd, SIGTERM);
        waitpid(cupsd, NULL, 0);
        unsetenv("CUPS_SERVER");
        np.quit = true;
        pthread_join(np.th, NULL);
        close(np.lfd);
        posd_cleanup(&p);
}

/* The Z comes out of the printer when the shift closes, the X whenever asked, and a
 * manager can print a test page on any printer. */
static void test_shift_reports_and_test_page(void **state)
{
        struct posd p;
        char conf[512], s1[32], path[64];
        const char *tok, *maria, *text;
        json_t *o = NULL;
        json_int_t shift;
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s\ncolumns = 42\n", dir);
        twrite(&p.store, "posd.conf", conf);
        posd_start(&p, conf_of(&p));
        tok = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":10000}", &o), 201);
        shift = jint(o, "id");
        json_decref(o);
        sell(&p, tok, "cash", s1);
        (void)sim_receipt(dir, 1);

        snprintf(path, sizeof(path), "/shifts/%lld/print", (long long)shift);
        assert_int_equal(http(&p, "POST", path, tok, NULL, NULL, &o), 202);
        assert_string_equal(jstr(o, "report"), "X");
        json_decref(o);
        text = sim_receipt(dir, 2);
        assert_non_null(strstr(text, "X 报表 X REPORT"));
        assert_non_null(strstr(text, "应有现金 Expected cash"));
        assert_non_null(strstr(text, "112.50"));

        /* closed with 1.00 short: the Z prints by itself */
        assert_int_equal(http(&p, "POST", "/shifts/current/close", tok, NULL, "{\"counted_cash\":11150}", NULL), 200);
        text = sim_receipt(dir, 3);
        assert_non_null(strstr(text, "Z 日结 Z REPORT"));
        assert_non_null(strstr(text, "销售笔数 Sales"));
        assert_non_null(strstr(text, "111.50"));
        assert_non_null(strstr(text, "-1.00"));
        assert_int_equal(http(&p, "POST", path, tok, NULL, NULL, &o), 202);
        assert_string_equal(jstr(o, "report"), "Z");
        json_decref(o);
        assert_non_null(strstr(sim_receipt(dir, 4), "Z 日结 Z REPORT"));
        assert_int_equal(http(&p, "POST", "/shifts/99/print", tok, NULL, NULL, NULL), 404);

        assert_int_equal(http(&p, "POST", "/devices/printer/test", tok, NULL, NULL, NULL), 403);
        assert_int_equal(http(&p, "POST", "/devices/nothing/test", maria, NULL, NULL, NULL), 404);
        assert_int_equal(http(&p, "POST", "/devices/printer/test", maria, NULL, NULL, NULL), 202);
        text = sim_receipt(dir, 5);
        assert_non_null(strstr(text, "打印测试 TEST PAGE"));
        assert_non_null(strstr(text, "中文 GB18030 汉字"));
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sim_printer),
                cmocka_unit_test(test_network_printer_goes_away_and_back),
                cmocka_unit_test(test_scans_reach_the_open_ticket),
                cmocka_unit_test(test_cups_raw_queue),
                cmocka_unit_test(test_shift_reports_and_test_page),
        };
        return cmocka_run_group_tests_name("printing", tests, NULL, NULL);
}
