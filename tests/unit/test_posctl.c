/* posctl as a person uses it: the real binary, its output and exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "till/checkout.h"
#include "people/customers.h"
#include "buying/purchasing.h"
#include "selling/sales_order.h"
#include "stock/stocktake.h"
#include "stock/transfer.h"
#include "people/users.h"
#include "testlib.h"

static char out[65536];

/* Run posctl with --db in the store's directory; returns the exit status. */
static int posctl(struct tstore *t, const char *args)
{
        char cmd[1024];
        const char *bin = getenv("POSCTL");

        if (!bin)
                fail_msg("POSCTL is not set: run through 'make check'");
        snprintf(cmd, sizeof(cmd), "%s --db %s %s 2>&1", bin, t->path, args);
        return trun(cmd, out, sizeof(out));
}

static void expect_out(const char *needle)
{
        if (!strstr(out, needle))
                fail_msg("expected '%s' in:\n%s", needle, out);
}

static int count_lines(const char *s)
{
        int n = 0;
        for (; *s; s++)
                n += *s == '\n';
        return n;
}

/* A demo store (init with init_args) with its users and catalogue, and DAYS of history
 * from SEED, made by the posctl at bin. */
static void demo_with_history(struct tstore *t, const char *bin, const char *init_args, int days, int seed)
{
        char cmd[2048];

        tstore_dir(t);
        snprintf(cmd, sizeof(cmd), "set -e; p='%s --db %s'; $p init --name Demo %s; $p import products %s;"
                 " echo 1111 | $p user add alice --role cashier; echo 5678 | $p user add maria --role manager;"
                 " $p demo history --days %d --seed %d",
                 bin, t->path, init_args, getenv("DEMO_CSV"), days, seed);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
}

/* The demo's past: every day before today has its sales in opening hours, none today; the
 * weekly orders came in from the three suppliers; the same seed makes the same past (from
 * posctl with sanitizers and without, which is quicker here); the store verifies and its
 * books balance in ledger-cli; and so for a store whose prices exclude tax. */
static void test_demo_history(void **state)
{
        const char *plain = getenv("POSCTL_PLAIN") ? getenv("POSCTL_PLAIN") : getenv("POSCTL");
        struct tstore a, b, c;
        static char first[sizeof(out)];
        char cmd[1024];
        (void)state;
        demo_with_history(&a, getenv("POSCTL"), "", 2, 7);
        expect_out("2 days of history: ");
        memcpy(first, strstr(out, "2 days of history: "), sizeof(out) - (size_t)(strstr(out, "2 days") - out));
        demo_with_history(&b, plain, "", 2, 7);
        assert_string_equal(strstr(out, "2 days of history: "), first);
        assert_int_equal(tsql_int(a.path, "SELECT sum(total) FROM sales"), tsql_int(b.path, "SELECT sum(total) FROM sales"));
        /* two days, each with its sales, between 8:00 and 22:00 local time, before today */
        assert_int_equal(tsql_int(a.path, "SELECT count(DISTINCT date(at / 1000, 'unixepoch', 'localtime')) FROM sales"), 2);
        assert_int_equal(tsql_int(a.path, "SELECT min(n) >= 60 FROM (SELECT count(*) AS n FROM sales"
                                          " GROUP BY date(at / 1000, 'unixepoch', 'localtime'))"), 1);
        assert_int_equal(tsql_int(a.path, "SELECT count(*) FROM sales WHERE CAST(strftime('%H', at / 1000, 'unixepoch',"
                                          " 'localtime') AS INTEGER) NOT BETWEEN 8 AND 21"), 0);
        assert_int_equal(tsql_int(a.path, "SELECT count(*) FROM sales WHERE date(at / 1000, 'unixepoch', 'localtime') >="
                                          " date('now', 'localtime')"), 0);
        assert_int_equal(tsql_int(a.path, "SELECT count(DISTINCT s.code) FROM purchase_orders o JOIN suppliers s"
                                          " ON s.id = o.supplier_id WHERE o.state = 'received'"), 3);
        assert_int_equal(posctl(&a, "verify"), 0);
        snprintf(cmd, sizeof(cmd), "%s --db %s export ledger | ledger --strict --pedantic -f - bal >/dev/null 2>&1",
                 getenv("POSCTL"), a.path);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(posctl(&a, "demo history --days 0"), 2);
        demo_with_history(&c, plain, "--tax-exclusive", 1, 7);
        expect_out("1 day of history: ");
        assert_int_equal(posctl(&c, "verify"), 0);
        tstore_close(&a);
        tstore_close(&b);
        tstore_close(&c);
}

static void test_demo_store(void **state)
{
        struct tstore t;
        char args[512];
        (void)state;
        tstore_dir(&t);
        assert_int_equal(posctl(&t, "init --name 'Demo 超市'"), 0);
        expect_out("created store 'Demo 超市' (CNY, 2 decimals, prices include tax)");
        assert_int_equal(posctl(&t, "init"), 1);
        expect_out("already holds a store");
        snprintf(args, sizeof(args), "import products %s", getenv("DEMO_CSV"));
        assert_int_equal(posctl(&t, args), 0);
        expect_out("imported 300 products");
        assert_int_equal(posctl(&t, "info"), 0);
        expect_out("products    300 (300 active)");
        /* nothing has reached HQ: the whole journal waits */
        assert_int_equal(posctl(&t, "sync status"), 0);
        expect_out("at HQ       0\nwaiting     ");
        assert_int_equal(posctl(&t, "sync"), 2);
        assert_int_equal(posctl(&t, "stock --low"), 0);
        assert_true(count_lines(out) >= 1 + 20);
        assert_int_equal(posctl(&t, "stock D0001"), 0);
        expect_out("可口可乐 Coca-Cola 330ml (pcs)");
        expect_out("SHOP");
        assert_int_equal(posctl(&t, "stock NOSUCH"), 1);
        expect_out("no product with SKU 'NOSUCH'");
        assert_int_equal(posctl(&t, "export products"), 0);
        assert_int_equal(count_lines(out), 301);
        assert_int_equal(posctl(&t, "verify"), 0);
        expect_out("ok");
        tstore_close(&t);
}

static void test_bad_import_names_line_and_keeps_store(void **state)
{
        struct tstore t;
        char args[256];
        const char *csv;
        (void)state;
        tstore_open(&t);
        csv = twrite(&t, "bad.csv", "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n"
                                    "N1,One,,1.00,0.50,13,pcs,Misc,1\n"
                                    "N2,Two,,1.00,0.50,13,pcs,Misc,1\n"
                                    "N3,Three,,1.00,0.50,13,dozen,Misc,1\n"
                                    "N4,Four,,1.00,0.50,13,pcs,Misc,1\n");
        snprintf(args, sizeof(args), "import products %s", csv);
        assert_int_equal(posctl(&t, args), 1);
        expect_out("line 4: unknown unit 'dozen'; nothing was imported");
        assert_int_equal(posctl(&t, "export products"), 0);
        assert_int_equal(count_lines(out), 1 + 5);
        assert_int_equal(posctl(&t, "import products /nonexistent.csv"), 1);
        expect_out("No such file");
        tstore_close(&t);
}

static void test_users_from_stdin(void **state)
{
        struct tstore t;
        char cmd[1024];
        (void)state;
        tstore_open(&t);
        snprintf(cmd, sizeof(cmd), "echo 2468 | %s --db %s user add maria --role manager 2>&1", getenv("POSCTL"), t.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        expect_out("added manager maria");
        snprintf(cmd, sizeof(cmd), "echo 12 | %s --db %s user add tom --role cashier 2>&1", getenv("POSCTL"), t.path);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        expect_out("a PIN is 4 to 12 digits");
        assert_int_equal(posctl(&t, "user add tom --role boss < /dev/null"), 2);
        expect_out("role 'boss' is not cashier, manager or admin");
        assert_int_equal(posctl(&t, "user list"), 0);
        expect_out("maria                manager  active");
        assert_null(strstr(out, "tom"));
        tstore_close(&t);
}

static void test_suppliers_and_orders(void **state)
{
        static const struct actor a = { "maria", NULL, NULL, true };
        static const struct po_line_in lines[] = { { "A1", 6000, 850 }, { "K1", 2500, 500 } };
        struct po_input in = { "S1", lines, 2, 0, "weekly" };
        struct purchase_order *po = NULL;
        struct ledger_error e;
        struct tstore t;
        (void)state;

        tstore_open(&t);
        t.l = ledger_close(t.l);
        assert_int_equal(posctl(&t, "supplier add S1 '康师傅 Master Kong' --lead-days 3 --contact Li"), 0);
        expect_out("added supplier S1 康师傅 Master Kong");
        assert_int_equal(posctl(&t, "supplier add S1 Again"), 1);
        expect_out("there is already a supplier S1");
        assert_int_equal(posctl(&t, "supplier add S2"), 2);
        assert_int_equal(posctl(&t, "supplier list"), 0);
        expect_out("lead 3 d");
        assert_int_equal(count_lines(out), 1);

        assert_int_equal(ledger_open(t.path, 0, &t.l, &e), 0);
        assert_int_equal(po_create(t.l, &a, &in, &po), 0);
        po_free(po);
        t.l = ledger_close(t.l);
        assert_int_equal(posctl(&t, "po list"), 0);
        expect_out("P00000001  draft");
        assert_int_equal(posctl(&t, "po list received"), 0);
        assert_int_equal(count_lines(out), 0);
        assert_int_equal(posctl(&t, "po show P00000001"), 0);
        expect_out("63.50"); /* 6 x 8.50 + 2.5 kg x 5.00 */
        expect_out("2.5 kg");
        assert_int_equal(posctl(&t, "po show P00000009"), 1);
        expect_out("no purchase order P00000009");
        tstore_close(&t);
}

static void test_stocktakes_and_transfers(void **state)
{
        static const struct actor a = { "maria", NULL, NULL, true };
        static const struct transfer_line_in lines[] = { { "A1", 30000 } };
        struct transfer_in tin = { { NULL, "maria", NULL, NULL, 0 }, "BACK", NULL, "overflow", lines, 1 };
        struct transfer_receive_line got = { 1, 28000 };
        struct stocktake_line ln;
        struct stocktake st;
        struct doc_result d;
        struct tstore t;
        (void)state;

        tstore_open(&t);
        assert_ok(t.l, stocktake_start(t.l, &a, NULL, NULL, "month end", &st));
        assert_ok(t.l, stocktake_count(t.l, &a, st.number, "B2", 48000, true, &ln));
        assert_ok(t.l, post_transfer(t.l, &tin, &d));
        t.l = ledger_close(t.l);
        assert_int_equal(posctl(&t, "stocktake list"), 0);
        expect_out("ST00000001   counting   SHOP     (all)");
        expect_out("1 of 3 counted, gain 0.00, loss -6.00");
        assert_int_equal(posctl(&t, "stocktake show ST00000001 --variance"), 0);
        assert_int_equal(count_lines(out), 2);
        expect_out("expected         50 pcs  counted         48 variance         -2        -6.00");
        assert_int_equal(posctl(&t, "stocktake show ST00000009"), 1);
        expect_out("no stocktake ST00000009");
        assert_int_equal(posctl(&t, "transfer list in_transit"), 0);
        expect_out("T00000001  in_transit SHOP -> BACK");
        expect_out("240.00");

        assert_int_equal(ledger_open(t.path, 0, &t.l, &(struct ledger_error){ 0 }), 0);
        assert_ok(t.l, post_transfer_receipt(t.l, NULL, &(struct actor){ "alice", NULL, "maria", false }, "T00000001", &got,
                                             1, NULL, &d));
        t.l = ledger_close(t.l);
        assert_int_equal(posctl(&t, "transfer show T00000001"), 0);
        expect_out("received as TI00000001, short 16.00");
        expect_out("sent         30 pcs  received 28");
        assert_int_equal(posctl(&t, "transfer list in_transit"), 0);
        assert_int_equal(count_lines(out), 0);
        assert_int_equal(posctl(&t, "stocktake show"), 2);
        tstore_close(&t);
}

static void test_reports_and_accounts(void **state)
{
        static const struct actor a = { "maria", NULL, NULL, true };
        static const struct so_line_in lines[] = { { "A1", 2000, -1 } };
        const struct customer_account_in acct = { 100000, 14, NULL };
        struct sales_order *so = NULL;
        struct so_input in = { 0, NULL, "by phone", lines, 1 };
        struct doc_result d;
        struct customer c;
        struct tstore t;
        (void)state;

        tstore_open(&t);
        assert_ok(t.l, customer_add(t.l, &a, "Golden Dragon", "5550101", &c));
        assert_ok(t.l, customer_set_account(t.l, &a, c.id, &acct, &c));
        in.customer_id = c.id;
        assert_ok(t.l, so_create(t.l, &a, &in, &so));
        so = so_free(so);
        assert_ok(t.l, so_act(t.l, &a, "SO00000001", SO_PICK, &so));
        so = so_free(so);
        assert_ok(t.l, so_ship(t.l, &a, NULL, "SO00000001", &d, &so));
        so = so_free(so);
        assert_ok(t.l, so_invoice(t.l, &a, NULL, "SO00000001", &d, &so));
        so_free(so);
        t.l = ledger_close(t.l);

        assert_int_equal(posctl(&t, "so list"), 0);
        expect_out("SO00000001   invoiced   Golden Dragon");
        expect_out("invoiced as INV00000001");
        assert_int_equal(posctl(&t, "so show SO00000001"), 0);
        expect_out("A1");
        assert_int_equal(posctl(&t, "so show SO00000009"), 1);
        assert_int_equal(posctl(&t, "owed customers"), 0);
        expect_out("Golden Dragon                         25.00  now 25.00");
        assert_int_equal(posctl(&t, "owed suppliers"), 0);
        assert_int_equal(count_lines(out), 0);
        assert_int_equal(posctl(&t, "report sales-by method"), 0);
        expect_out("account");
        expect_out("25.00");
        assert_int_equal(posctl(&t, "report finance"), 0);
        expect_out("sales on account                        25.00");
        expect_out("cost of goods                           16.00");
        assert_int_equal(posctl(&t, "report stock --location SHOP"), 0);
        expect_out("stock value");
        assert_int_equal(posctl(&t, "report stock --location MARS"), 1);
        assert_int_equal(posctl(&t, "report expiring --days 30"), 0);
        assert_int_equal(posctl(&t, "report sales-by"), 2);
        assert_int_equal(posctl(&t, "report finance --from yesterday"), 2);
        assert_int_equal(posctl(&t, "owed everyone"), 2);
        tstore_close(&t);
}

static void test_verify_names_broken_row(void **state)
{
        struct tstore t;
        (void)state;
        tstore_open(&t);
        t.l = ledger_close(t.l);
        assert_int_equal(posctl(&t, "verify"), 0);
        assert_int_equal(tsql_exec(t.path, "UPDATE adjustments SET value = value + 1"), 0);
        assert_int_equal(posctl(&t, "verify"), 1);
        expect_out("BROKEN: adjustment ADJ00000001 (journal entry 1) was changed after it was posted");
        tstore_close(&t);
}

static void test_config_file_and_rotating_backups(void **state)
{
        struct tstore t;
        char conf_text[512], cmd[1024];
        const char *conf;
        (void)state;
        tstore_open(&t);
        t.l = ledger_close(t.l);
        snprintf(conf_text, sizeof(conf_text), "; test\n[store]\ndatabase = %s\n\n[backup]\ndirectory = %s/bk\nkeep = 2\n",
                 t.path, t.dir);
        conf = twrite(&t, "posd.conf", conf_text);
        for (int i = 0; i < 3; i++) {
                snprintf(cmd, sizeof(cmd), "%s -c %s backup 2>&1", getenv("POSCTL"), conf);
                assert_int_equal(trun(cmd, out, sizeof(out)), 0);
                expect_out("backed up");
        }
        expect_out("removed old backup");
        snprintf(cmd, sizeof(cmd), "ls %s/bk | grep -c '^posd-.*\\.db$'", t.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        assert_string_equal(out, "2\n");
        snprintf(cmd, sizeof(cmd), "%s -c %s restore \"$(ls %s/bk/posd-*.db | head -n 1)\" 2>&1", getenv("POSCTL"), conf, t.dir);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        expect_out("restored");
        /* a bad key stops with the file, line and reason */
        conf = twrite(&t, "bad.conf", "[store]\ndatabase = /tmp/x.db\ncolour = blue\n");
        snprintf(cmd, sizeof(cmd), "%s -c %s info 2>&1", getenv("POSCTL"), conf);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        expect_out("bad.conf:3: unknown key 'colour' in [store]");
        conf = twrite(&t, "bad2.conf", "[backup]\nkeep = lots\n");
        snprintf(cmd, sizeof(cmd), "%s -c %s info 2>&1", getenv("POSCTL"), conf);
        assert_int_equal(trun(cmd, out, sizeof(out)), 1);
        expect_out("bad2.conf:2: keep must be a whole number from 1 to 1000");
        tstore_close(&t);
}

static void test_measure_rules(void **state)
{
        struct tstore t;
        (void)state;
        tstore_open(&t);
        t.l = ledger_close(t.l);
        assert_int_equal(posctl(&t, "measure-rule list"), 0);
        expect_out("21  weight  5 item digits, 5 value digits");
        assert_int_equal(posctl(&t, "measure-rule add 24 price 4 5"), 0);
        assert_int_equal(posctl(&t, "measure-rule add 19 weight 5 5"), 1);
        expect_out("prefix 20-29");
        assert_int_equal(posctl(&t, "measure-rule list"), 0);
        expect_out("24  price   4 item digits, 5 value digits, price check digit");
        assert_null(strstr(out, "19"));
        tstore_close(&t);
}

static void test_devices_found(void **state)
{
        struct tstore t;
        char cmd[1024];
        (void)state;
        tstore_dir(&t);
        /* a till as umockdev describes it: two USB receipt printers (one on usblp, one
         * left to libusb), a scanner, a serial port */
        snprintf(cmd, sizeof(cmd), "ASAN_OPTIONS=verify_asan_link_order=0 umockdev-run -d %s/tests/devices/counter.umockdev -- "
                                   "%s devices 2>&1", getenv("SRCDIR"), getenv("POSCTL"));
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        expect_out("# receipt printer TM-T20II (USB 04b8:0202)\n[printer]\ndevice = lp:/dev/usb/lp0\n");
        expect_out("# receipt printer POS58 Printer (USB 0416:5011), no kernel printer node\n[printer]\n"
                   "device = usb:0416:5011\n");
        assert_null(strstr(out, "usb:04b8")); /* the TM-T20II has its lp node */
        expect_out("barcode scanner Symbol Bar Code Scanner (USB 05e0:1200), keyboard-wedge");
        expect_out("[scanner]\ndevice = evdev:/dev/input/event7?layout=us\n");
        expect_out("serial port /dev/ttyUSB0");
        expect_out("device = serial:/dev/ttyUSB0?baud=9600\n");
        tstore_close(&t);
}

static void test_usage(void **state)
{
        struct tstore t;
        (void)state;
        tstore_dir(&t);
        assert_int_equal(posctl(&t, "frobnicate"), 2);
        expect_out("unknown command 'frobnicate'");
        assert_int_equal(posctl(&t, "export everything"), 2);
        expect_out("usage: posctl export products|stock|ledger [FILE]");
        assert_int_equal(posctl(&t, "info"), 1);
        expect_out("there is no store at");
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_demo_store),
                cmocka_unit_test(test_demo_history),
                cmocka_unit_test(test_bad_import_names_line_and_keeps_store),
                cmocka_unit_test(test_users_from_stdin),
                cmocka_unit_test(test_suppliers_and_orders),
                cmocka_unit_test(test_stocktakes_and_transfers),
                cmocka_unit_test(test_reports_and_accounts),
                cmocka_unit_test(test_verify_names_broken_row),
                cmocka_unit_test(test_config_file_and_rotating_backups),
                cmocka_unit_test(test_measure_rules),
                cmocka_unit_test(test_devices_found),
                cmocka_unit_test(test_usage),
        };
        return cmocka_run_group_tests_name("posctl", tests, NULL, NULL);
}
