/* The store's own settings over HTTP. The rule, checked after every step of a seeded run of
 * random changes (valid and not, by a manager and by a cashier): GET /settings shows what
 * the model says, each setting the store's own or else posd.conf's; a change is all or
 * nothing; each setting that changed, and only those, is in the audit log; and the
 * discount a cashier may give at the till is the one the settings show. Then the settings
 * at work (receipt texts, cash rounding), and the tax rates and categories a manager keeps.
 * POSD_SEED picks the seed (default 1), POSD_SETTINGS_STEPS the steps (default 60). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define CONF_DISCOUNT_BP 1000
#define CONF_HEADER "Conf head"

struct model {
        char name[64];
        bool has_header, has_footer;
        char header[128], footer[128];
        int discount_bp; /* -1: posd.conf's */
        int step;        /* 0: posd.conf's */
        bool blind;
};

static unsigned rnd(unsigned *s)
{
        *s = *s * 1103515245u + 12345u;
        return (*s >> 16) & 0x7fff;
}

/* The newest audit entry's id, and how many "settings" entries are newer than since. */
static int64_t audit_since(struct posd *p, const char *tok, int64_t since, int *settings)
{
        json_t *o = NULL, *items;
        int64_t newest = since;
        size_t i;
        json_t *e;

        assert_int_equal(http(p, "GET", "/audit", tok, NULL, NULL, &o), 200);
        items = json_object_get(o, "items");
        *settings = 0;
        json_array_foreach(items, i, e) {
                int64_t id = json_integer_value(json_object_get(e, "id"));
                if (id > newest)
                        newest = id;
                if (id > since && !strcmp(json_string_value(json_object_get(e, "action")), "settings"))
                        (*settings)++;
        }
        json_decref(o);
        return newest;
}

static void expect_model(struct posd *p, const char *tok, const struct model *m, int step)
{
        json_t *o = NULL;

        assert_int_equal(http(p, "GET", "/settings", tok, NULL, NULL, &o), 200);
        if (strcmp(jstr(o, "store.name"), m->name))
                fail_msg("step %d: name %s, expected %s", step, jstr(o, "store.name"), m->name);
        if (strcmp(jstr(o, "store.receipt_header"), m->has_header ? m->header : CONF_HEADER))
                fail_msg("step %d: header '%s'", step, jstr(o, "store.receipt_header"));
        if (strcmp(jstr(o, "store.receipt_footer"), m->has_footer ? m->footer : ""))
                fail_msg("step %d: footer '%s'", step, jstr(o, "store.receipt_footer"));
        if (jqty(o, "checkout.max_discount_percent") / 10 != (m->discount_bp >= 0 ? m->discount_bp : CONF_DISCOUNT_BP))
                fail_msg("step %d: discount %lld bp, expected %d", step,
                         (long long)(jqty(o, "checkout.max_discount_percent") / 10), m->discount_bp);
        if (jint(o, "checkout.cash_rounding") != (m->step > 0 ? m->step : 1))
                fail_msg("step %d: cash rounding %lld, expected %d", step, (long long)jint(o, "checkout.cash_rounding"),
                         m->step);
        assert_true(json_is_true(jget(o, "from_conf.receipt_header")) == !m->has_header);
        assert_true(json_is_true(jget(o, "from_conf.receipt_footer")) == !m->has_footer);
        assert_true(json_is_true(jget(o, "from_conf.max_discount_percent")) == (m->discount_bp < 0));
        assert_true(json_is_true(jget(o, "from_conf.cash_rounding")) == (m->step <= 0));
        assert_true(json_is_true(jget(o, "store.blind_count")) == m->blind);
        json_decref(o);
}

/* A cashier's ticket discount of bp on one A1: the status (200 taken, 403 refused). */
static int cashier_discount(struct posd *p, const char *tok, int bp)
{
        json_t *o = NULL;
        char path[96], body[64];
        int st;

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &o), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s", jstr(o, "id"));
        snprintf(body, sizeof(body), "{\"discount\":{\"percent\":%d.%02d}}", bp / 100, bp % 100);
        st = http(p, "PATCH", path, tok, NULL, body, NULL);
        assert_int_equal(http(p, "DELETE", path, tok, NULL, NULL, NULL), 200);
        json_decref(o);
        return st;
}

/* Setting k of a change, with a random value, into body (a JSON member list) and the
 * model; *bad when the value is one posd must refuse. */
static void random_field(unsigned *s, int k, struct model *m, char *body, size_t size, bool *bad)
{
        size_t n = strlen(body);
        char *at = body + n;
        size_t left = size - n;
        const char *sep = n > 1 ? "," : "";
        int v = (int)(rnd(s) % 1000);
        bool wrong = rnd(s) % 10 == 0;

        switch (k) {
        case 0:
                if (wrong) {
                        snprintf(at, left, "%s\"name\":\"\"", sep);
                        break;
                }
                {
                        char name[64];
                        snprintf(name, sizeof(name), "店 Store %d", v % 7);
                        snprintf(m->name, sizeof(m->name), "%s", name);
                        snprintf(at, left, "%s\"name\":\"%s\"", sep, name);
                }
                break;
        case 1:
        case 2: {
                bool *has = k == 1 ? &m->has_header : &m->has_footer;
                char *text = k == 1 ? m->header : m->footer;
                const char *key = k == 1 ? "receipt_header" : "receipt_footer";
                char t[128];
                if (wrong) { /* nine lines */
                        snprintf(at, left, "%s\"%s\":\"1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\"", sep, key);
                } else if (v % 3 == 0) {
                        *has = false;
                        text[0] = '\0';
                        snprintf(at, left, "%s\"%s\":null", sep, key);
                } else {
                        snprintf(t, sizeof(t), "line %d\n欢迎 %d", v % 5, v % 3);
                        *has = true;
                        snprintf(text, 128, "%s", t);
                        snprintf(at, left, "%s\"%s\":\"line %d\\n欢迎 %d\"", sep, key, v % 5, v % 3);
                }
                break;
        }
        case 3:
                if (wrong) {
                        snprintf(at, left, "%s\"max_discount_percent\":%s", sep, v % 2 ? "101" : "2.345");
                } else if (v % 4 == 0) {
                        m->discount_bp = -1;
                        snprintf(at, left, "%s\"max_discount_percent\":null", sep);
                } else {
                        int bp = (v % 41) * 50; /* 0 to 20%, in halves */
                        m->discount_bp = bp;
                        snprintf(at, left, "%s\"max_discount_percent\":%d.%02d", sep, bp / 100, bp % 100);
                }
                break;
        case 4:
                if (wrong) {
                        snprintf(at, left, "%s\"cash_rounding\":%s", sep, v % 2 ? "0" : "\"10\"");
                } else if (v % 4 == 0) {
                        m->step = 0;
                        snprintf(at, left, "%s\"cash_rounding\":null", sep);
                } else {
                        static const int steps[] = { 1, 5, 10, 50, 100 };
                        int st = steps[v % 5];
                        m->step = st;
                        snprintf(at, left, "%s\"cash_rounding\":%d", sep, st);
                }
                break;
        default:
                if (wrong) {
                        snprintf(at, left, "%s\"blind_count\":1", sep);
                } else {
                        bool b = v % 2;
                        m->blind = b;
                        snprintf(at, left, "%s\"blind_count\":%s", sep, b ? "true" : "false");
                }
        }
        *bad = *bad || wrong;
}

static void test_settings_follow_the_model(void **state)
{
        const char *env = getenv("POSD_SEED"), *steps_env = getenv("POSD_SETTINGS_STEPS");
        unsigned seed = env ? (unsigned)atoi(env) : 1, s = seed;
        int steps = steps_env ? atoi(steps_env) : 60;
        struct model m = { .name = "", .discount_bp = -1 };
        struct posd p;
        const char *alice, *maria;
        int64_t last;
        int n;
        (void)state;

        alice = posd_open_lane(&p, "[checkout]\nmax_discount_percent = 10\n[receipt]\nheader = " CONF_HEADER "\n");
        maria = login(&p, "maria", "5678");
        {
                json_t *o = NULL;
                assert_int_equal(http(&p, "GET", "/settings", maria, NULL, NULL, &o), 200);
                snprintf(m.name, sizeof(m.name), "%s", jstr(o, "store.name"));
                json_decref(o);
        }
        last = audit_since(&p, maria, 0, &n);
        expect_model(&p, maria, &m, 0);
        for (int i = 1; i <= steps; i++) {
                unsigned what = rnd(&s) % 10;
                if (what < 6) { /* a manager's change of one to three settings */
                        struct model next = m;
                        char body[1024] = "{";
                        bool bad = false;
                        int changed, fields = 1 + (int)(rnd(&s) % 3), st, seen, k = (int)(rnd(&s) % 6);
                        for (int f = 0; f < fields; f++) /* distinct settings: a key twice is no JSON posd takes */
                                random_field(&s, (k + f) % 6, &next, body, sizeof(body) - 2, &bad);
                        strcat(body, "}");
                        changed = strcmp(next.name, m.name) != 0;
                        changed += next.has_header != m.has_header || strcmp(next.header, m.header);
                        changed += next.has_footer != m.has_footer || strcmp(next.footer, m.footer);
                        changed += next.discount_bp != m.discount_bp;
                        changed += next.step != m.step;
                        changed += next.blind != m.blind;
                        st = http(&p, "PATCH", "/settings", maria, NULL, body, NULL);
                        if (bad ? st != 400 && st != 422 : st != 200)
                                fail_msg("seed %u step %d: %s answered %d", seed, i, body, st);
                        if (!bad)
                                m = next;
                        last = audit_since(&p, maria, last, &seen);
                        if (seen != (bad ? 0 : changed))
                                fail_msg("seed %u step %d: %s made %d audit entries, expected %d", seed, i, body, seen,
                                         bad ? 0 : changed);
                } else if (what < 7) { /* a cashier may not change them; under a blind count, sees no takings */
                        json_t *x = NULL;
                        expect_error(&p, "PATCH", "/settings", alice, "{\"max_discount_percent\":100}", 403, "FORBIDDEN");
                        assert_int_equal(http(&p, "GET", "/shifts/current", alice, NULL, NULL, &x), 200);
                        if (json_is_null(jget(x, "expected_cash")) != m.blind || json_is_true(jget(x, "blind")) != m.blind ||
                            json_is_null(jget(x, "net")) != m.blind)
                                fail_msg("seed %u step %d: blind count %d, the cashier's X report shows expected cash %s",
                                         seed, i, m.blind, json_is_null(jget(x, "expected_cash")) ? "null" : "a figure");
                        json_decref(x);
                } else { /* the till gives the allowance the settings show, and no more */
                        int bp = m.discount_bp >= 0 ? m.discount_bp : CONF_DISCOUNT_BP;
                        if (cashier_discount(&p, alice, bp) != 200)
                                fail_msg("seed %u step %d: a discount of %d bp was refused, the allowance", seed, i, bp);
                        if (bp < 10000 && cashier_discount(&p, alice, bp + 50) != 403)
                                fail_msg("seed %u step %d: a discount of %d bp was taken, over %d", seed, i, bp + 50, bp);
                }
                expect_model(&p, maria, &m, i);
        }
        posd_stop(&p);
        posd_cleanup(&p);
}

static int64_t cash_sale_b2(struct posd *p, const char *tok, char number[32]);

/* Under a blind count a cashier counts without being told what to expect: the open
 * shift's money is left out for them (not for a manager) and its X is not printed for
 * them; the Z, once the count is in, shows it all. */
static void test_blind_count(void **state)
{
        char conf[512], dir[256], number[32];
        struct posd p;
        const char *alice, *maria;
        json_t *o = NULL;
        char path[64];
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf), "[printer]\ndevice = sim:%s\n", dir);
        posd_start_conf(&p, conf);
        alice = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/shifts", alice, NULL, "{\"opening_float\":5000}", &o), 201);
        snprintf(path, sizeof(path), "/shifts/%lld/print", (long long)jint(o, "id"));
        json_decref(o);
        (void)cash_sale_b2(&p, alice, number);
        assert_int_equal(http(&p, "PATCH", "/settings", maria, NULL, "{\"blind_count\":true}", NULL), 200);
        assert_int_equal(http(&p, "GET", "/shifts/current", alice, NULL, NULL, &o), 200);
        assert_true(json_is_null(jget(o, "expected_cash")) && json_is_null(jget(o, "by_method")) &&
                    json_is_null(jget(o, "gross")) && json_is_true(jget(o, "blind")));
        assert_int_equal(jint(o, "sales_count"), 1);
        json_decref(o);
        expect_error(&p, "POST", path, alice, NULL, 403, "APPROVAL_REQUIRED");
        {
                json_t *m = NULL;
                assert_int_equal(http(&p, "POST", path, alice, NULL,
                                      "{\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}", &m), 202);
                json_decref(m);
        }
        /* nor in the words of a refund the drawer cannot cover */
        assert_int_equal(http(&p, "POST", "/cash-movements", alice, NULL,
                              "{\"kind\":\"pay_out\",\"amount\":5500,\"reason\":\"bank\","
                              "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}",
                              NULL),
                         201);
        {
                char body[160];
                json_t *e = NULL;
                snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                                             "\"refunds\":[{\"method\":\"cash\",\"amount\":599}]}", number);
                assert_int_equal(http(&p, "POST", "/returns/quote", alice, NULL, body, &e), 422);
                assert_string_equal(jstr(e, "error.code"), "INSUFFICIENT_CASH");
                if (strstr(jstr(e, "error.message"), "0.99"))
                        fail_msg("a blind count told the drawer's figure: %s", jstr(e, "error.message"));
                json_decref(e);
        }
        assert_int_equal(http(&p, "POST", "/shifts/current/close", alice, NULL, "{\"counted_cash\":0}", &o), 200);
        assert_int_equal(jint(o, "expected_cash"), 99);
        assert_int_equal(jint(o, "variance"), -99);
        assert_false(json_is_true(jget(o, "blind")));
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* A cash sale of one B2 (5.99) paid with 10.00: its number, and its rounding. */
static int64_t cash_sale_b2(struct posd *p, const char *tok, char number[32])
{
        json_t *o = NULL, *sale = NULL;
        char path[96];
        int64_t rounding;

        assert_int_equal(http(p, "POST", "/tickets", tok, NULL, NULL, &o), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(o, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, "{\"sku\":\"B2\"}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(o, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, "{\"method\":\"cash\",\"amount\":1000}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(o, "id"));
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, &sale), 201);
        snprintf(number, 32, "%s", jstr(sale, "sale.number"));
        rounding = jint(sale, "sale.rounding");
        json_decref(sale);
        json_decref(o);
        return rounding;
}

/* The receipt prints the store's own name and texts once set, posd.conf's once cleared;
 * cash is rounded by the store's own step. */
static void test_settings_at_work(void **state)
{
        char conf[512], dir[256], number[32];
        struct posd p;
        const char *alice, *maria, *text;
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf), "[receipt]\nheader = " CONF_HEADER "\n[printer]\ndevice = sim:%s\n", dir);
        posd_start_conf(&p, conf);
        alice = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/shifts", alice, NULL, "{\"opening_float\":0}", NULL), 201);
        assert_int_equal(cash_sale_b2(&p, alice, number), 0);
        text = sim_receipt(dir, 1);
        assert_non_null(strstr(text, CONF_HEADER));

        assert_int_equal(http(&p, "PATCH", "/settings", maria, NULL,
                              "{\"name\":\"小店 Corner shop\",\"receipt_header\":\"1 Market St\\n电话 123\","
                              "\"receipt_footer\":\"谢谢 Thank you\",\"cash_rounding\":10}",
                              NULL),
                         200);
        assert_int_equal(cash_sale_b2(&p, alice, number), 1); /* 5.99 in cash: 6.00 */
        text = sim_receipt(dir, 2);
        assert_non_null(strstr(text, "小店 Corner shop"));
        assert_non_null(strstr(text, "1 Market St"));
        assert_non_null(strstr(text, "电话 123"));
        assert_non_null(strstr(text, "谢谢 Thank you"));
        assert_null(strstr(text, CONF_HEADER));

        assert_int_equal(http(&p, "PATCH", "/settings", maria, NULL, "{\"receipt_header\":null,\"cash_rounding\":null}", NULL),
                         200);
        assert_int_equal(cash_sale_b2(&p, alice, number), 0);
        text = sim_receipt(dir, 3);
        assert_non_null(strstr(text, CONF_HEADER));
        assert_non_null(strstr(text, "谢谢 Thank you"));
        /* what is not a setting here is refused, and nothing of the change is taken */
        expect_error(&p, "PATCH", "/settings", maria, "{\"name\":\"X\",\"lanes\":\"1, 2\"}", 400, "UNKNOWN_FIELD");
        expect_error(&p, "PATCH", "/settings", maria, "{\"name\":\"X\",\"receipt_footer\":\"a\\u0007b\"}", 422, "BAD_TEXT");
        {
                json_t *o = NULL;
                assert_int_equal(http(&p, "GET", "/settings", maria, NULL, NULL, &o), 200);
                assert_string_equal(jstr(o, "store.name"), "小店 Corner shop");
                json_decref(o);
        }
        verify_ok(&p);
        posd_stop(&p);
        posd_cleanup(&p);
}

static const char *rate_named(json_t *rates, const char *name, const char *field, char out[64])
{
        size_t i;
        json_t *e;

        json_array_foreach(json_object_get(rates, "tax_rates"), i, e) if (!strcmp(json_string_value(json_object_get(e, "name")), name))
        {
                json_t *v = json_object_get(e, field);
                if (json_is_boolean(v))
                        snprintf(out, 64, "%s", json_is_true(v) ? "true" : "false");
                else if (json_is_integer(v))
                        snprintf(out, 64, "%lld", (long long)json_integer_value(v));
                else
                        snprintf(out, 64, "%g", json_number_value(v));
                return out;
        }
        return NULL;
}

/* Tax rates: named, one the default a new product gets; categories: added, renamed, kept
 * while a product has one; all a manager's, all audited. */
static void test_tax_rates_and_categories(void **state)
{
        struct posd p;
        const char *alice, *maria;
        json_t *o = NULL;
        char v[64], path[64];
        int64_t id;
        (void)state;

        alice = posd_open_lane(&p, "");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "GET", "/tax-rates", alice, NULL, NULL, &o), 200);
        assert_string_equal(rate_named(o, "13%", "default", v), "true");
        assert_true(atoi(rate_named(o, "9%", "products", v)) >= 1); /* B2 at least */
        json_decref(o);
        expect_error(&p, "POST", "/tax-rates", alice, "{\"name\":\"small\",\"rate\":3}", 403, "FORBIDDEN");
        expect_error(&p, "POST", "/tax-rates", maria, "{\"name\":\"again\",\"rate\":13}", 409, "TAX_RATE_EXISTS");
        expect_error(&p, "POST", "/tax-rates", maria, "{\"name\":\"odd\",\"rate\":3.125}", 422, "BAD_TAX_RATE");
        expect_error(&p, "POST", "/tax-rates", maria, "{\"rate\":3}", 400, "MISSING_FIELD");
        assert_int_equal(http(&p, "POST", "/tax-rates", maria, NULL, "{\"name\":\"小规模 Small\",\"rate\":3}", &o), 201);
        id = jint(o, "id");
        json_decref(o);
        snprintf(path, sizeof(path), "/tax-rates/%lld", (long long)id);
        assert_int_equal(http(&p, "PATCH", path, maria, NULL, "{\"default\":true}", &o), 200);
        assert_string_equal(rate_named(o, "小规模 Small", "default", v), "true");
        assert_string_equal(rate_named(o, "13%", "default", v), "false");
        json_decref(o);
        expect_error(&p, "PATCH", "/tax-rates/999", maria, "{\"name\":\"x\"}", 404, "UNKNOWN_TAX_RATE");
        /* back to an older rate, and forth again: one default at a time either way */
        assert_int_equal(http(&p, "PATCH", "/tax-rates/1", maria, NULL, "{\"default\":true}", &o), 200);
        assert_string_equal(rate_named(o, "0%", "default", v), "true");
        assert_string_equal(rate_named(o, "小规模 Small", "default", v), "false");
        json_decref(o);
        assert_int_equal(http(&p, "PATCH", path, maria, NULL, "{\"default\":true}", NULL), 200);
        /* a product that names no rate gets the default */
        assert_int_equal(http(&p, "POST", "/products", maria, NULL, "{\"sku\":\"N1\",\"name\":\"New\",\"price\":100}", &o), 201);
        assert_int_equal(jqty(o, "tax_rate"), 3000);
        json_decref(o);

        assert_int_equal(http(&p, "GET", "/categories", alice, NULL, NULL, &o), 200);
        assert_true(json_array_size(json_object_get(o, "categories")) >= 3); /* the catalogue's */
        json_decref(o);
        expect_error(&p, "POST", "/categories", maria, "{\"name\":\"Bakery\"}", 409, "CATEGORY_EXISTS");
        expect_error(&p, "POST", "/categories", alice, "{\"name\":\"Toys\"}", 403, "FORBIDDEN");
        assert_int_equal(http(&p, "POST", "/categories", maria, NULL, "{\"name\":\"玩具 Toys\"}", &o), 201);
        id = jint(o, "id");
        json_decref(o);
        snprintf(path, sizeof(path), "/categories/%lld", (long long)id);
        expect_error(&p, "PATCH", path, maria, "{\"name\":\"Bakery\"}", 409, "CATEGORY_EXISTS");
        assert_int_equal(http(&p, "PATCH", path, maria, NULL, "{\"name\":\"玩具 Toys and games\"}", NULL), 200);
        assert_int_equal(http(&p, "PUT", "/products/N1", maria, NULL, "{\"category\":\"玩具 Toys and games\"}", NULL), 200);
        expect_error(&p, "DELETE", path, maria, NULL, 409, "CATEGORY_IN_USE");
        assert_int_equal(http(&p, "PUT", "/products/N1", maria, NULL, "{\"category\":\"Bakery\"}", NULL), 200);
        assert_int_equal(http(&p, "DELETE", path, maria, NULL, NULL, NULL), 204);
        expect_error(&p, "DELETE", path, maria, NULL, 404, "UNKNOWN_CATEGORY");
        /* each change on record */
        assert_int_equal(http(&p, "GET", "/audit", maria, NULL, NULL, &o), 200);
        {
                int cats = 0, rates = 0;
                size_t i;
                json_t *e;
                json_array_foreach(json_object_get(o, "items"), i, e) {
                        cats += !strcmp(json_string_value(json_object_get(e, "action")), "category");
                        rates += !strcmp(json_string_value(json_object_get(e, "action")), "tax_rate");
                }
                assert_int_equal(cats, 3);
                assert_int_equal(rates, 4);
        }
        json_decref(o);
        verify_ok(&p);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_settings_follow_the_model),
                cmocka_unit_test(test_settings_at_work),
                cmocka_unit_test(test_blind_count),
                cmocka_unit_test(test_tax_rates_and_categories),
        };
        return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
