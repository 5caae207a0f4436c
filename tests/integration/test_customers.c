/* Customers at the till: registered, found by name or phone, put on a ticket, and named
 * on the sale and its receipt. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static void test_customer_on_the_sale(void **state)
{
        struct posd p;
        char conf[512], dir[400], path[128], body[160], number[32];
        const char *tok, *text;
        json_t *o = NULL, *tk = NULL;
        json_int_t id;
        (void)state;

        posd_store(&p);
        snprintf(dir, sizeof(dir), "%s/receipts", p.store.dir);
        snprintf(conf, sizeof(conf), "-c %s/posd.conf", p.store.dir);
        {
                char text_conf[512];
                snprintf(text_conf, sizeof(text_conf), "[printer]\ndevice = sim:%s\n", dir);
                twrite(&p.store, "posd.conf", text_conf);
        }
        posd_start(&p, conf);
        tok = login(&p, "alice", "1111");
        assert_int_equal(http(&p, "POST", "/shifts", tok, NULL, "{\"opening_float\":0}", NULL), 201);

        assert_int_equal(http(&p, "POST", "/customers", tok, "c1", "{\"name\":\"王芳 Wang Fang\",\"phone\":\"138 0013 8000\"}",
                              &o), 201);
        id = jint(o, "id");
        json_decref(o);
        /* refused, and nothing added */
        assert_int_equal(http(&p, "POST", "/customers", tok, NULL, "{\"name\":\"Other\",\"phone\":\"138 0013 8000\"}", &o),
                         409);
        assert_string_equal(jstr(o, "error.code"), "PHONE_TAKEN");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/customers", tok, NULL, "{\"name\":\"Other\",\"phone\":\"call me\"}", &o), 422);
        assert_string_equal(jstr(o, "error.code"), "BAD_PHONE");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/customers", tok, NULL, "{\"phone\":\"1\"}", NULL), 400);

        /* found by the start of the phone, and by part of the name */
        assert_int_equal(http(&p, "GET", "/customers?q=138%200013", tok, NULL, NULL, &o), 200);
        assert_int_equal(jint(o, "items.0.id"), id);
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/customers?q=Wang", tok, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/customers?q=0013", tok, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
        json_decref(o);

        /* on the ticket, then on the sale and its receipt */
        assert_int_equal(http(&p, "POST", "/tickets", tok, NULL, NULL, &tk), 201);
        snprintf(path, sizeof(path), "/tickets/%s", jstr(tk, "id"));
        assert_int_equal(http(&p, "PATCH", path, tok, NULL, "{\"customer\":99}", &o), 422);
        assert_string_equal(jstr(o, "error.code"), "UNKNOWN_CUSTOMER");
        json_decref(o);
        assert_int_equal(http(&p, "PATCH", path, tok, NULL, "{\"customer\":\"x\"}", NULL), 400);
        snprintf(body, sizeof(body), "{\"customer\":%lld}", (long long)id);
        assert_int_equal(http(&p, "PATCH", path, tok, NULL, body, &o), 200);
        assert_string_equal(jstr(o, "customer.name"), "王芳 Wang Fang");
        json_decref(o);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(tk, "id"));
        assert_int_equal(http(&p, "POST", path, tok, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(tk, "id"));
        assert_int_equal(http(&p, "POST", path, tok, NULL, "{\"method\":\"card\",\"amount\":1250}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", jstr(tk, "id"));
        assert_int_equal(http(&p, "POST", path, tok, NULL, NULL, &o), 201);
        snprintf(number, sizeof(number), "%s", jstr(o, "sale.number"));
        assert_int_equal(jint(o, "sale.customer.id"), id);
        json_decref(o);
        snprintf(path, sizeof(path), "/sales/%s", number);
        assert_int_equal(http(&p, "GET", path, tok, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "sale.customer.name"), "王芳 Wang Fang");
        json_decref(o);
        text = sim_receipt(dir, 1);
        assert_non_null(strstr(text, "顾客 Customer: 王芳 Wang Fang"));

        /* taken off again: the next sale is nobody's */
        json_decref(tk);
        assert_int_equal(http(&p, "POST", "/tickets", tok, NULL, NULL, &tk), 201);
        snprintf(path, sizeof(path), "/tickets/%s", jstr(tk, "id"));
        assert_int_equal(http(&p, "PATCH", path, tok, NULL, body, NULL), 200);
        assert_int_equal(http(&p, "PATCH", path, tok, NULL, "{\"customer\":null}", &o), 200);
        assert_true(json_is_null(json_object_get(o, "customer")));
        json_decref(o);
        json_decref(tk);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_customer_on_the_sale),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
