/* A million-product import over HTTP while a lane keeps selling: no request of the till
 * waits more than a second, every receipt comes out exactly once (with its drawer kick),
 * and posd, under a 30 s systemd watchdog, keeps telling systemd it is alive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog/barcode.h"
#include "harness.h"
#include "notify.h"
#include "receipt_count.h"

#define ROWS 1000000
#define SALES_MAX 4000
#define WATCHDOG_USEC "30000000"
#define PING_GAP_MAX_MS 15000 /* half the watchdog's time */
#define WAIT_MAX_MS 1000      /* the longest a till's request may take */
#define IMPORT_MAX_S 1800


/* The catalogue: every product with a barcode, every tenth with opening stock. */
static char *write_catalogue(const char *path, size_t *ret_len)
{
        FILE *f = fopen(path, "w");
        struct stat sb;
        char *body;

        assert_non_null(f);
        fprintf(f, "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n");
        for (int i = 0; i < ROWS; i++) {
                char code[14];
                snprintf(code, sizeof(code), "47%010d", i);
                code[12] = (char)('0' + gs1_check_digit(code, 12));
                code[13] = '\0';
                fprintf(f, "L%07d,商品 Item %d,%s,%d.%02d,1.00,13,pcs,Cat %d,%d\n", i, i, code, 2 + i % 50, i % 100,
                        i % 97, i % 10 ? 0 : 5);
        }
        assert_int_equal(fclose(f), 0);
        f = fopen(path, "r");
        assert_non_null(f);
        assert_int_equal(fstat(fileno(f), &sb), 0);
        body = malloc((size_t)sb.st_size);
        assert_non_null(body);
        assert_int_equal(fread(body, 1, (size_t)sb.st_size, f), (size_t)sb.st_size);
        fclose(f);
        *ret_len = (size_t)sb.st_size;
        return body;
}

/* One request of the till, timed: the status, or a test failure when it took too long. */
static int timed(struct posd *p, const char *method, const char *path, const char *tok, const char *body, json_t **out,
                 int64_t *worst)
{
        int64_t t0 = mono_ms(), took;
        int status = http(p, method, path, tok, NULL, body, out);

        took = mono_ms() - t0;
        if (took > *worst)
                *worst = took;
        if (took > WAIT_MAX_MS)
                fail_msg("%s %s took %lld ms while the import ran", method, path, (long long)took);
        return status;
}

/* A cash sale of one A1: its number. */
static void sell_timed(struct posd *p, const char *tok, char number[32], int64_t *worst)
{
        json_t *o = NULL;
        char path[96];

        assert_int_equal(timed(p, "POST", "/tickets", tok, NULL, &o, worst), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        assert_int_equal(timed(p, "POST", path, tok, "{\"sku\":\"A1\"}", NULL, worst), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(o, "id"));
        assert_int_equal(timed(p, "POST", path, tok, "{\"method\":\"cash\",\"amount\":2000}", NULL, worst), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(o, "id"));
        json_decref(o);
        assert_int_equal(timed(p, "POST", path, tok, NULL, &o, worst), 201);
        snprintf(number, 32, "%s", jstr(o, "sale.number"));
        json_decref(o);
}

static void test_million_rows_while_selling(void **state)
{
        static char sales[SALES_MAX][32];
        struct posd p;
        struct notify n;
        char dir[256], sock[256], csv[256], conf[512];
        const char *tok, *maria, *posd = getenv("POSD_PLAIN") ? getenv("POSD_PLAIN") : getenv("POSD");
        json_t *o = NULL;
        json_int_t id;
        char *body;
        size_t len;
        int nsales = 0;
        int64_t worst = 0, t0, import_ms;
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(sock, sizeof(sock), "%s/notify", p.store.dir);
        snprintf(csv, sizeof(csv), "%s/catalogue.csv", p.store.dir);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s\n[drawer]\ndevice = printer\npin = 2\n", dir);
        twrite(&p.store, "posd.conf", conf);
        body = write_catalogue(csv, &len);
        notify_open(&n, sock);
        /* as systemd starts it: the watchdog's pid is posd's own, which the shell keeps */
        posd_start_watched(&p, posd, sock, WATCHDOG_USEC);
        tok = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);

        t0 = mono_ms();
        assert_int_equal(http_raw(&p, "POST", "/imports/products", maria, body, len, &o), 202);
        id = jint(o, "id");
        json_decref(o);
        free(body);
        for (;;) {
                char path[64];
                assert_true(nsales < SALES_MAX);
                sell_timed(&p, tok, sales[nsales++], &worst);
                if (ping_gap(&n) > PING_GAP_MAX_MS)
                        fail_msg("no watchdog ping for %lld ms", (long long)ping_gap(&n));
                assert_int_equal(waitpid(p.pid, NULL, WNOHANG), 0); /* not killed */
                snprintf(path, sizeof(path), "/imports/%lld", (long long)id);
                assert_int_equal(http(&p, "GET", path, maria, NULL, NULL, &o), 200);
                if (strcmp(jstr(o, "state"), "running"))
                        break;
                json_decref(o);
                if (mono_ms() - t0 > IMPORT_MAX_S * 1000)
                        fail_msg("the import did not finish in %d s", IMPORT_MAX_S);
                usleep(200000);
        }
        import_ms = mono_ms() - t0;
        if (strcmp(jstr(o, "state"), "done"))
                fail_msg("the import failed: %s", jstr(o, "error.message"));
        assert_int_equal(jint(o, "imported"), ROWS);
        json_decref(o);
        print_message("[ INFO     ] %d rows imported in %.1f s while %d sales were made; the slowest request of the "
                      "till took %lld ms; %u watchdog pings, at most %.1f s apart\n", ROWS, import_ms / 1000.0, nsales,
                      (long long)worst, n.pings, ping_gap(&n) / 1000.0);
        assert_true(n.pings >= 2);

        /* every receipt out, once */
        for (int i = 0; i < 600 && strcmp(receipt_state(&p, tok, sales[nsales - 1]), "printed"); i++)
                usleep(100000);
        usleep(500000);
        receipts_once(dir, sales, nsales);
        assert_int_equal(tsql_int(p.store.path, "SELECT count(*) FROM products WHERE sku LIKE 'L%'"), ROWS);
        posd_stop(&p);
        verify_ok(&p);

        notify_close(&n);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_million_rows_while_selling),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
