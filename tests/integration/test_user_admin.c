/* Users and roles over HTTP: an admin adds, promotes, disables and re-PINs users; a
 * manager may only look; every change is audited; nobody locks themselves out. */
#include <string.h>

#include "harness.h"

static void test_admin_manages_users(void **state)
{
        struct posd p;
        const char *root, *maria, *alice, *dora;
        json_t *o = NULL;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        root = login(&p, "root", "9999");
        maria = login(&p, "maria", "5678");
        alice = login(&p, "alice", "1111");

        /* who may look, who may change */
        assert_int_equal(http(&p, "GET", "/users", alice, NULL, NULL, NULL), 403);
        assert_int_equal(http(&p, "GET", "/users", maria, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.name"), "alice");
        assert_string_equal(jstr(o, "items.0.role"), "cashier");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/users", maria, NULL, "{\"name\":\"dora\",\"role\":\"cashier\",\"pin\":\"4321\"}",
                              NULL), 403);

        /* a new cashier signs in at once */
        assert_int_equal(http(&p, "POST", "/users", root, "u1", "{\"name\":\"dora\",\"role\":\"cashier\",\"pin\":\"4321\"}",
                              &o), 201);
        assert_string_equal(jstr(o, "name"), "dora");
        assert_true(json_is_true(json_object_get(o, "active")));
        json_decref(o);
        dora = login(&p, "dora", "4321");

        /* refused, and nothing changed */
        assert_int_equal(http(&p, "POST", "/users", root, NULL, "{\"name\":\"dora\",\"role\":\"cashier\",\"pin\":\"4321\"}",
                              &o), 409);
        assert_string_equal(jstr(o, "error.code"), "USER_EXISTS");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/users", root, NULL, "{\"name\":\"eve\",\"role\":\"cashier\",\"pin\":\"12ab\"}",
                              &o), 422);
        assert_string_equal(jstr(o, "error.code"), "BAD_PIN");
        json_decref(o);
        assert_int_equal(http(&p, "POST", "/users", root, NULL, "{\"name\":\"eve\",\"role\":\"boss\",\"pin\":\"1234\"}",
                              &o), 422);
        assert_string_equal(jstr(o, "error.code"), "BAD_ROLE");
        json_decref(o);
        assert_int_equal(http(&p, "PATCH", "/users/nobody", root, NULL, "{\"active\":false}", NULL), 404);
        assert_int_equal(http(&p, "PATCH", "/users/dora", root, NULL, "{\"active\":\"no\"}", NULL), 400);

        /* promoted: dora may now approve; then a new PIN */
        assert_int_equal(http(&p, "PATCH", "/users/dora", root, "u2", "{\"role\":\"manager\"}", &o), 200);
        assert_string_equal(jstr(o, "role"), "manager");
        json_decref(o);
        assert_int_equal(http(&p, "PATCH", "/users/dora", root, "u3", "{\"pin\":\"8765\"}", NULL), 200);
        assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL, "{\"user\":\"dora\",\"pin\":\"4321\"}", NULL), 401);
        login(&p, "dora", "8765");

        /* disabled: her session ends and she cannot sign in */
        assert_int_equal(http(&p, "PATCH", "/users/dora", root, "u4", "{\"active\":false}", NULL), 200);
        assert_int_equal(http(&p, "GET", "/tickets", dora, NULL, NULL, NULL), 401);
        assert_int_equal(http(&p, "POST", "/sessions", NULL, NULL, "{\"user\":\"dora\",\"pin\":\"8765\"}", &o), 401);
        assert_string_equal(jstr(o, "error.code"), "USER_INACTIVE");
        json_decref(o);

        /* the admin cannot shut themselves out */
        assert_int_equal(http(&p, "PATCH", "/users/root", root, NULL, "{\"active\":false}", &o), 403);
        assert_string_equal(jstr(o, "error.code"), "SELF_CHANGE");
        json_decref(o);
        assert_int_equal(http(&p, "PATCH", "/users/root", root, NULL, "{\"role\":\"cashier\"}", NULL), 403);

        /* every change in the audit log, newest first */
        assert_int_equal(http(&p, "GET", "/audit", root, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "items.0.action"), "user_change");
        assert_non_null(strstr(jstr(o, "items.0.detail"), "dora: manager, disabled"));
        assert_string_equal(jstr(o, "items.0.user"), "root");
        assert_string_equal(jstr(o, "items.3.action"), "user_add");
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_admin_manages_users),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
