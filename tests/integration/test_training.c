/* Training: a cashier a manager put in training works the till as usual, but nothing of
 * it reaches the store. The rule, checked after every step of a seeded run of a trainee's
 * acts (sales in cash and by card, discounts, returns, pay-ins and pay-outs, closing and
 * opening shifts): the store's own documents, stock, books, shifts, print queue and
 * numbers are as they were, while each act worked in training. A real cashier's sale at
 * the same time does reach the store (so the rule can fail), training receipts print
 * marked as training with their own numbers and open no drawer, the lane's scanner rings
 * up for whoever signed in there last (after a restart too), and out of training the
 * next sign-in is real again. POSD_SEED picks the seed (default 1), POSD_TRAINING_STEPS the steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* What of the store training must not touch, as one line to compare. */
static void fingerprint(struct posd *p, char out[512])
{
        static const char *const sql[] = {
                "SELECT count(*) FROM sales",           "SELECT count(*) FROM returns",
                "SELECT count(*) FROM stock_movements", "SELECT coalesce(sum(qty), 0) FROM stock_on_hand",
                "SELECT count(*) FROM journal",         "SELECT count(*) FROM shifts",
                "SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL",
                "SELECT count(*) FROM cash_movements",  "SELECT count(*) FROM print_jobs",
                "SELECT coalesce(sum(last), 0) FROM doc_sequences",
                "SELECT count(*) FROM ticket_lines",
        };
        size_t n = 0;

        for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
                n += (size_t)snprintf(out + n, 512 - n, "%lld ", (long long)tsql_int(p->store.path, sql[i]));
}

/* code read by lane 2's scanner */
static void scan(struct posd *p, const char *code)
{
        char cmd[768], out[256];

        snprintf(cmd, sizeof(cmd), "%s -c %s/posd.conf scan %s", getenv("POSCTL"), p->store.dir, code);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("%s: %s", cmd, out);
}

static unsigned rnd(unsigned *s)
{
        *s = *s * 1103515245u + 12345u;
        return (*s >> 16) & 0x7fff;
}

/* A whole sale of sku on the trainee's lane: its number (the test fails if it fails). */
static void sale(struct posd *p, const char *tok, const char *sku, bool cash, int discount, char number[32])
{
        json_t *t = NULL, *o = NULL;
        char path[96], body[96];

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &t), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(t, "id"));
        snprintf(body, sizeof(body), "{\"sku\":\"%s\"}", sku);
        assert_int_equal(http(p, "POST", path, tok, NULL, body, NULL), 201);
        if (discount) {
                snprintf(path, sizeof(path), "/tickets/%s", jstr(t, "id"));
                snprintf(body, sizeof(body), "{\"discount\":{\"percent\":%d}}", discount);
                assert_int_equal(http(p, "PATCH", path, tok, NULL, body, NULL), 200);
        }
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(t, "id"));
        snprintf(body, sizeof(body), "{\"method\":\"%s\",\"amount\":%d}", cash ? "cash" : "card", cash ? 5000 : 0);
        if (!cash) { /* the card pays what is due */
                json_t *tk = NULL;
                char tp[96];
                snprintf(tp, sizeof(tp), "/tickets/%s", jstr(t, "id"));
                assert_int_equal(http(p, "GET", tp, tok, NULL, NULL, &tk), 200);
                snprintf(body, sizeof(body), "{\"method\":\"card\",\"amount\":%lld}", (long long)jint(tk, "total"));
                json_decref(tk);
        }
        assert_int_equal(http(p, "POST", path, tok, NULL, body, NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(t, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, &o), 201);
        snprintf(number, 32, "%s", jstr(o, "sale.number"));
        json_decref(o);
        json_decref(t);
}

static void test_nothing_of_training_reaches_the_store(void **state)
{
        const char *env = getenv("POSD_SEED"), *steps_env = getenv("POSD_TRAINING_STEPS");
        unsigned seed = env ? (unsigned)atoi(env) : 1, s = seed;
        int steps = steps_env ? atoi(steps_env) : 40;
        char conf[512], dir[256], before[512], now[512], number[32], sold[8][32];
        struct posd p;
        const char *alice, *maria, *bob;
        json_t *o = NULL;
        int nsold = 0;
        bool open = false;
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf),
                 "[checkout]\nlanes = 1, 2\n[printer]\ndevice = sim:%s\nlane = 2\n[drawer]\ndevice = printer\nlane = 2\n"
                 "[scanner]\ndevice = sim:%s/scan.fifo\nlane = 2\n", dir, p.store.dir);
        posd_start_conf(&p, conf);
        alice = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/shifts", alice, NULL, "{\"opening_float\":1000}", NULL), 201);
        expect_error(&p, "PUT", "/users/bob/training", alice, "{\"training\":true}", 403, "FORBIDDEN");
        expect_error(&p, "PUT", "/users/nobody/training", maria, "{\"training\":true}", 404, "UNKNOWN_USER");
        /* only cashiers: a manager in training would manage nothing of the store */
        expect_error(&p, "PUT", "/users/maria/training", maria, "{\"training\":true}", 403, "TRAINING_CASHIERS_ONLY");
        assert_int_equal(http(&p, "PUT", "/users/bob/training", maria, NULL, "{\"training\":true}", &o), 200);
        assert_true(json_is_true(jget(o, "training")));
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL, "{\"user\":\"bob\",\"pin\":\"2222\",\"lane\":\"2\"}", &o),
                         201);
        assert_true(json_is_true(jget(o, "training")));
        bob = strdup(jstr(o, "token"));
        json_decref(o);

        fingerprint(&p, before);
        for (int i = 1; i <= steps; i++) {
                unsigned what = rnd(&s) % 10;
                char path[96], body[160];
                if (!open) {
                        assert_int_equal(http(&p, "POST", "/shifts", bob, NULL, "{\"opening_float\":2000}", NULL), 201);
                        open = true;
                } else if (what < 5) {
                        sale(&p, bob, rnd(&s) % 2 ? "A1" : "B2", rnd(&s) % 2, rnd(&s) % 3 ? 0 : 5, number);
                        if (strncmp(number, "S5", 2))
                                fail_msg("seed %u step %d: a training sale numbered %s, among the store's", seed, i, number);
                        snprintf(sold[nsold++ % 8], 32, "%s", number);
                } else if (what < 7 && nsold) {
                        snprintf(body, sizeof(body),
                                 "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                                 "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}",
                                 sold[rnd(&s) % (nsold < 8 ? nsold : 8)]);
                        int st = http(&p, "POST", "/returns", bob, NULL, body, NULL);
                        if (st != 201 && st != 409 && st != 422) /* returned already: refused, nothing kept */
                                fail_msg("seed %u step %d: a training return answered %d", seed, i, st);
                } else if (what < 9) {
                        snprintf(body, sizeof(body),
                                 "{\"kind\":\"%s\",\"amount\":100,\"reason\":\"practice\","
                                 "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}",
                                 rnd(&s) % 2 ? "pay_in" : "pay_out");
                        assert_int_equal(http(&p, "POST", "/cash-movements", bob, NULL, body, NULL), 201);
                } else {
                        assert_int_equal(http(&p, "GET", "/shifts/current", bob, NULL, NULL, &o), 200);
                        snprintf(body, sizeof(body), "{\"counted_cash\":%lld}", (long long)jint(o, "expected_cash"));
                        json_decref(o);
                        assert_int_equal(http(&p, "POST", "/shifts/current/close", bob, NULL, body, &o), 200);
                        assert_int_equal(jint(o, "variance"), 0);
                        json_decref(o);
                        open = false;
                }
                (void)path;
                fingerprint(&p, now);
                if (strcmp(before, now))
                        fail_msg("seed %u step %d: training reached the store: %s became %s", seed, i, before, now);
        }
        /* the lane's scanner works for whoever signed in there last, also after a restart */
        scan(&p, "6901234567892");
        o = ticket_with_lines(&p, bob, 1);
        json_decref(o);
        posd_stop(&p);
        {
                char arg[256];
                snprintf(arg, sizeof(arg), "-c %s/posd.conf", p.store.dir);
                posd_start(&p, arg);
        }
        scan(&p, "6901234567892");
        o = ticket_with_lines(&p, bob, 1);
        assert_int_equal(jqty(o, "lines.0.qty"), 2000);
        json_decref(o);
        fingerprint(&p, now);
        if (strcmp(before, now))
                fail_msg("a training scan reached the store: %s became %s", before, now);
        {
                const char *alice2 = NULL;
                assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL,
                                      "{\"user\":\"alice\",\"pin\":\"1111\",\"lane\":\"2\"}", &o), 201);
                alice2 = strdup(jstr(o, "token"));
                json_decref(o);
                assert_int_equal(http(&p, "POST", "/shifts", alice2, NULL, "{\"opening_float\":0}", NULL), 201);
                scan(&p, "6901234567892");
                o = ticket_with_lines(&p, alice2, 1); /* the store's own ticket, at once */
                json_decref(o);
                assert_int_equal(tsql_int(p.store.path, "SELECT count(*) FROM ticket_lines"), 1);
                free((void *)alice2);
        }
        /* the store's own sale does change it: the fingerprint can tell */
        sell(&p, alice, "card", number);
        fingerprint(&p, now);
        assert_string_not_equal(before, now);
        assert_int_equal(strncmp(number, "S5", 2) != 0, 1);
        /* training receipts are marked, both ends, and open no drawer: its cash is not the store's */
        for (int n = 1; n <= 3; n++) {
                const char *text = sim_receipt(dir, n);
                const char *mark = strstr(text, "培训 TRAINING");
                if (!mark || !strstr(mark + 1, "培训 TRAINING") || strstr(text, "[drawer]"))
                        fail_msg("training receipt %d not marked at both ends, or it opened the drawer:\n%s", n, text);
        }
        verify_ok(&p);
        /* out of training: bob's next sign-in is the store's */
        assert_int_equal(http(&p, "PUT", "/users/bob/training", maria, NULL, "{\"training\":false}", NULL), 200);
        assert_int_equal(http(&p, "DELETE", "/sessions/current", bob, NULL, NULL, NULL), 204);
        free((void *)bob);
        assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL, "{\"user\":\"bob\",\"pin\":\"2222\",\"lane\":\"2\"}", &o),
                         201);
        assert_false(json_is_true(jget(o, "training")));
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_nothing_of_training_reaches_the_store),
        };
        return cmocka_run_group_tests_name("training", tests, NULL, NULL);
}
