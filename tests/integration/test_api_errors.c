/* Bad input over HTTP: each gets its documented status and error code, and changes
 * nothing in the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct posd P;
static const char *alice, *maria;
static char ticket[32];

static int64_t footprint(void)
{
        return tsql_int(P.store.path,
                        "SELECT (SELECT count(*) FROM tickets) * 1000000000 + (SELECT count(*) FROM ticket_lines) * 10000000"
                        " + (SELECT coalesce(sum(qty), 0) FROM ticket_lines) + (SELECT count(*) FROM ticket_payments) * 100000"
                        " + (SELECT count(*) FROM sales) * 10000 + (SELECT count(*) FROM returns) * 1000"
                        " + (SELECT count(*) FROM journal) * 100 + (SELECT count(*) FROM products) * 10"
                        " + (SELECT count(*) FROM stock_movements)");
}

/* The request is refused with status and code, and the store is as it was. */
static void refused(int status, const char *code, const char *method, const char *path, const char *token,
                    const char *body, size_t len)
{
        int64_t before = footprint();
        json_t *o = NULL;
        int got = http_raw(&P, method, path, token, body, len, &o);

        if (got != status || !o || strcmp(jstr(o, "error.code"), code) != 0)
                fail_msg("%s %s: expected %d %s, got %d %s", method, path, status, code, got,
                         o ? json_dumps(o, JSON_COMPACT) : "(no body)");
        assert_true(strlen(jstr(o, "error.message")) > 10);
        json_decref(o);
        assert_int_equal(footprint(), before);
}

static size_t len_of(const char *s)
{
        return s ? strlen(s) : 0;
}

#define REFUSED(st, code, m, path, tok, body) refused(st, code, m, path, tok, body, len_of(body))

static int setup(void **state)
{
        json_t *o = NULL;
        char path[96];
        (void)state;
        posd_store(&P);
        posd_start(&P, NULL);
        alice = login(&P, "alice", "1111");
        maria = login(&P, "maria", "5678");
        assert_int_equal(http(&P, "POST", "/shifts", alice, NULL, "{\"opening_float\":10000}", NULL), 201);
        assert_int_equal(http(&P, "POST", "/tickets", alice, NULL, NULL, &o), 201);
        snprintf(ticket, sizeof(ticket), "%s", jstr(o, "id"));
        json_decref(o);
        snprintf(path, sizeof(path), "/tickets/%s/lines", ticket);
        assert_int_equal(http(&P, "POST", path, alice, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        posd_stop(&P);
        posd_cleanup(&P);
        return 0;
}

static const char *lines_path(void)
{
        static char path[96];
        snprintf(path, sizeof(path), "/tickets/%s/lines", ticket);
        return path;
}

static void test_malformed_and_wrong_types(void **state)
{
        char path[96];
        (void)state;
        REFUSED(400, "MALFORMED_JSON", "POST", lines_path(), alice, "{\"sku\":");
        REFUSED(400, "MALFORMED_JSON", "POST", lines_path(), alice, "[1,2]");
        REFUSED(400, "MALFORMED_JSON", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"sku\":\"B2\"}");
        REFUSED(400, "BAD_TYPE", "POST", lines_path(), alice, "{\"sku\":12}");
        REFUSED(400, "BAD_TYPE", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"qty\":\"two\"}");
        REFUSED(400, "MISSING_FIELD", "POST", lines_path(), alice, "{}");
        snprintf(path, sizeof(path), "/tickets/%s/payments", ticket);
        REFUSED(400, "BAD_TYPE", "POST", path, alice, "{\"method\":\"cash\",\"amount\":12.5}");
        REFUSED(422, "BAD_TENDER", "POST", path, alice, "{\"method\":\"bitcoin\",\"amount\":100}");
        REFUSED(422, "BAD_AMOUNT", "POST", path, alice, "{\"method\":\"cash\",\"amount\":-100}");
        REFUSED(400, "BAD_TYPE", "POST", "/shifts/current/close", alice, "{\"counted_cash\":\"lots\"}");
}

static void test_limits(void **state)
{
        char *big = malloc(200 * 1024), deep[512];
        (void)state;
        memset(big, ' ', 200 * 1024);
        memcpy(big, "{\"sku\":\"", 8);
        refused(413, "BODY_TOO_LARGE", "POST", lines_path(), alice, big, 200 * 1024);
        free(big);
        memset(deep, '[', 100);
        memset(deep + 100, ']', 100);
        deep[200] = '\0';
        REFUSED(400, "TOO_DEEP", "POST", lines_path(), alice, deep);
}

static void test_bad_codes_and_quantities(void **state)
{
        (void)state;
        REFUSED(422, "UNKNOWN_BARCODE", "POST", lines_path(), alice, "{\"barcode\":\"6900000000014\"}");
        REFUSED(422, "BAD_CHECK_DIGIT", "POST", lines_path(), alice, "{\"barcode\":\"6901234567891\"}");
        REFUSED(422, "BAD_BARCODE", "POST", lines_path(), alice, "{\"barcode\":\"69012345'; DROP TABLE sales;--\"}");
        REFUSED(422, "UNKNOWN_PRODUCT", "POST", lines_path(), alice, "{\"sku\":\"A1' OR '1'='1\"}");
        REFUSED(422, "BAD_QUANTITY", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"qty\":-2}");
        REFUSED(422, "BAD_QUANTITY", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"qty\":0}");
        REFUSED(422, "BAD_QUANTITY", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"qty\":1e15}");
        REFUSED(422, "BAD_QUANTITY", "POST", lines_path(), alice, "{\"sku\":\"K1\",\"qty\":1.2345}");
        REFUSED(422, "BAD_QUANTITY", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"qty\":1.5}");
        REFUSED(422, "PRODUCT_INACTIVE", "POST", lines_path(), alice, "{\"sku\":\"Z9\"}");
        REFUSED(400, "MISSING_FIELD", "POST", lines_path(), alice, "{\"sku\":\"A1\",\"barcode\":\"6901234567892\"}");
}

static void test_unpaid_and_states(void **state)
{
        char path[96];
        (void)state;
        snprintf(path, sizeof(path), "/tickets/%s/complete", ticket);
        REFUSED(422, "TENDER_SHORT", "POST", path, alice, NULL);
        REFUSED(409, "TICKET_ALREADY_OPEN", "POST", "/tickets", alice, NULL);
        REFUSED(404, "UNKNOWN_TICKET", "POST", "/tickets/00000000deadbeef/lines", alice, "{\"sku\":\"A1\"}");
        snprintf(path, sizeof(path), "/tickets/%s/lines/9", ticket);
        REFUSED(404, "UNKNOWN_LINE", "DELETE", path, alice, NULL);
        snprintf(path, sizeof(path), "/tickets/%s/resume", ticket);
        REFUSED(409, "TICKET_NOT_OPEN", "POST", path, alice, NULL);
}

static void test_returning_twice(void **state)
{
        char path[96], body[256], number[32];
        json_t *o = NULL;
        (void)state;
        /* sell the open ticket, return all of it, then try again */
        snprintf(path, sizeof(path), "/tickets/%s/payments", ticket);
        assert_int_equal(http(&P, "POST", path, alice, NULL, "{\"method\":\"card\",\"amount\":1250}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", ticket);
        assert_int_equal(http(&P, "POST", path, alice, NULL, NULL, &o), 201);
        snprintf(number, sizeof(number), "%s", jstr(o, "sale.number"));
        json_decref(o);
        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":1,\"qty\":1}],"
                                     "\"refunds\":[{\"method\":\"card\",\"amount\":1250}]}", number);
        assert_int_equal(http(&P, "POST", "/returns", alice, NULL, body, NULL), 201);
        REFUSED(422, "RETURN_EXCEEDS_SALE", "POST", "/returns", alice, body);
        snprintf(body, sizeof(body), "{\"sale\":\"S99999999\",\"lines\":[{\"line\":1,\"qty\":1}]}");
        REFUSED(422, "UNKNOWN_SALE", "POST", "/returns", alice, body);
        /* without a receipt a cashier needs a manager */
        REFUSED(403, "APPROVAL_REQUIRED", "POST", "/returns", alice,
                "{\"lines\":[{\"sku\":\"C3\",\"qty\":1}],\"refunds\":[{\"method\":\"cash\",\"amount\":300}]}");
        /* a completed ticket completes again to its first sale, posting nothing */
        {
                int64_t before = footprint();
                snprintf(path, sizeof(path), "/tickets/%s/complete", ticket);
                assert_int_equal(http(&P, "POST", path, alice, NULL, NULL, &o), 200);
                assert_string_equal(jstr(o, "sale.number"), number);
                json_decref(o);
                assert_int_equal(footprint(), before);
        }
}

static void test_roles_and_tokens(void **state)
{
        const char *bob;
        (void)state;
        REFUSED(403, "FORBIDDEN", "POST", "/products", alice, "{\"sku\":\"N1\",\"name\":\"New\",\"price\":100}");
        REFUSED(403, "FORBIDDEN", "GET", "/audit", alice, NULL);
        REFUSED(401, "NO_SESSION", "GET", "/tickets/current", NULL, NULL);
        REFUSED(401, "NO_SESSION", "GET", "/tickets/current", "not-a-token", NULL);
        REFUSED(401, "WRONG_PIN", "POST", "/sessions", NULL, "{\"user\":\"alice\",\"pin\":\"9876\"}");
        REFUSED(401, "WRONG_PIN", "POST", "/sessions", NULL, "{\"user\":\"nobody\",\"pin\":\"9876\"}");
        REFUSED(422, "UNKNOWN_LANE", "POST", "/sessions", NULL, "{\"user\":\"alice\",\"pin\":\"1111\",\"lane\":\"9\"}");
        /* a manager may create products */
        assert_int_equal(http(&P, "POST", "/products", maria, NULL,
                              "{\"sku\":\"N1\",\"name\":\"New thing\",\"price\":100,\"barcodes\":[\"6900000000021\"]}", NULL),
                         201);
        /* an expired token */
        bob = login(&P, "bob", "2222");
        assert_int_equal(tsql_exec(P.store.path, "UPDATE auth_sessions SET expires_at = 1 WHERE user_id ="
                                                 " (SELECT id FROM users WHERE name = 'bob')"), 0);
        REFUSED(401, "TOKEN_EXPIRED", "GET", "/tickets/current", bob, NULL);
        /* five wrong PINs lock the user */
        for (int i = 0; i < 5; i++)
                assert_int_equal(http(&P, "POST", "/sessions", NULL, NULL, "{\"user\":\"bob\",\"pin\":\"0000\"}", NULL), 401);
        REFUSED(401, "USER_LOCKED", "POST", "/sessions", NULL, "{\"user\":\"bob\",\"pin\":\"2222\"}");
        REFUSED(404, "NOT_FOUND", "GET", "/nothing-here", alice, NULL);
        REFUSED(405, "METHOD_NOT_ALLOWED", "DELETE", "/products", maria, NULL);
}

static void test_payments_keep_their_numbers(void **state)
{
        json_t *t = NULL;
        char path[96], del[128];
        (void)state;
        assert_int_equal(http(&P, "POST", "/tickets", alice, NULL, NULL, &t), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(t, "id"));
        assert_int_equal(http(&P, "POST", path, alice, NULL, "{\"sku\":\"A1\"}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/payments", jstr(t, "id"));
        json_decref(t);
        for (int i = 0; i < 3; i++)
                assert_int_equal(http(&P, "POST", path, alice, NULL, "{\"method\":\"cash\",\"amount\":100}", NULL), 201);
        snprintf(del, sizeof(del), "%s/2", path);
        assert_int_equal(http(&P, "DELETE", del, alice, NULL, NULL, &t), 200);
        assert_int_equal(json_array_size(json_object_get(t, "payments")), 2);
        assert_int_equal(jint(t, "payments.1.seq"), 3);
        json_decref(t);
        REFUSED(404, "UNKNOWN_PAYMENT", "DELETE", del, alice, NULL);
        memcpy(strstr(path, "/payments"), "", 1); /* leave no ticket open for the tests after */
        assert_int_equal(http(&P, "DELETE", path, alice, NULL, NULL, NULL), 200);
}

static void test_products_read_back_as_written(void **state)
{
        json_t *o = NULL;
        (void)state;
        assert_int_equal(http(&P, "PUT", "/products/C3", maria, NULL, "{\"tax_rate\":6.5,\"active\":false,\"price\":350}", &o),
                         200);
        assert_int_equal(jint(o, "price"), 350);
        assert_true(json_is_false(json_object_get(o, "active")));
        assert_true(json_real_value(json_object_get(o, "tax_rate")) == 6.5);
        json_decref(o);
        REFUSED(400, "BAD_TYPE", "PUT", "/products/C3", maria, "{\"active\":1}");
        REFUSED(422, "BAD_TAX_RATE", "PUT", "/products/C3", maria, "{\"tax_rate\":6.555}");
        assert_int_equal(http(&P, "PUT", "/products/C3", maria, NULL, "{\"active\":true}", NULL), 200);
        /* signing in with a key records no answer: the answer holds a token */
        assert_int_equal(http(&P, "POST", "/sessions", NULL, "login-1", "{\"user\":\"maria\",\"pin\":\"5678\"}", NULL), 201);
        assert_int_equal(tsql_int(P.store.path, "SELECT count(*) FROM replies WHERE key = 'login-1'"), 0);
}

static void test_discounts_checked_at_the_end(void **state)
{
        json_t *t = NULL;
        char path[96], id[32];
        (void)state;
        assert_int_equal(http(&P, "POST", "/tickets", alice, NULL, NULL, &t), 201);
        snprintf(id, sizeof(id), "%s", jstr(t, "id"));
        json_decref(t);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        assert_int_equal(http(&P, "POST", path, alice, NULL, "{\"sku\":\"B2\",\"qty\":10}", NULL), 201);
        /* 5.99 off 59.90 is within 10%; the quantity then drops to 1 */
        snprintf(path, sizeof(path), "/tickets/%s/lines/1", id);
        assert_int_equal(http(&P, "PATCH", path, alice, NULL, "{\"discount\":{\"amount\":599}}", NULL), 200);
        REFUSED(403, "APPROVAL_REQUIRED", "PATCH", path, alice, "{\"qty\":1}");
        /* a ticket discount approved for one line does not cover the lines scanned after it */
        snprintf(path, sizeof(path), "/tickets/%s", id);
        assert_int_equal(http(&P, "PATCH", path, alice, NULL,
                              "{\"discount\":{\"percent\":50},\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}}",
                              NULL), 200);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        assert_int_equal(http(&P, "POST", path, alice, NULL, "{\"sku\":\"B2\",\"qty\":1}", NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/complete", id);
        REFUSED(403, "APPROVAL_REQUIRED", "POST", path, alice, NULL);
        /* a price label on a product with no price per kilo is refused at once */
        assert_int_equal(http(&P, "POST", "/products", maria, NULL,
                              "{\"sku\":\"DELI\",\"name\":\"Deli\",\"price\":0,\"unit\":\"kg\",\"barcodes\":[\"2200777\"]}",
                              NULL), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        REFUSED(422, "UNPRICED_LABEL", "POST", path, alice, "{\"barcode\":\"2200777012345\"}");
        snprintf(path, sizeof(path), "/tickets/%s", id);
        assert_int_equal(http(&P, "DELETE", path, alice, NULL, NULL, NULL), 200);
        /* paths that are not UTF-8 and keys that are posd's own */
        REFUSED(404, "UNKNOWN_TICKET", "GET", "/tickets/%FF%FE", alice, NULL);
        {
                json_t *o = NULL;
                assert_int_equal(http(&P, "POST", "/tickets", alice, "ticket:0000000000000000", NULL, &o), 400);
                assert_string_equal(jstr(o, "error.code"), "BAD_IDEMPOTENCY_KEY");
                json_decref(o);
        }
}

static void test_idempotency_key(void **state)
{
        json_t *a = NULL, *b = NULL;
        char path[96];
        int64_t before;
        (void)state;
        assert_int_equal(http(&P, "POST", "/tickets", alice, "open-1", NULL, &a), 201);
        snprintf(path, sizeof(path), "/tickets/%s/lines", jstr(a, "id"));
        json_decref(a);
        assert_int_equal(http(&P, "POST", path, alice, "scan-1", "{\"sku\":\"B2\"}", &a), 201);
        before = footprint();
        assert_int_equal(http(&P, "POST", path, alice, "scan-1", "{\"sku\":\"B2\"}", &b), 201);
        assert_int_equal(footprint(), before); /* the repeat added nothing */
        assert_true(json_equal(a, b));
        json_decref(a);
        json_decref(b);
        assert_int_equal(http(&P, "POST", path, alice, "scan-1", "{\"sku\":\"C3\"}", &a), 409);
        assert_string_equal(jstr(a, "error.code"), "IDEMPOTENCY_KEY_REUSED");
        json_decref(a);
        assert_int_equal(footprint(), before);
        /* signing out with a key: 204, and the token is gone */
        {
                const char *t = login(&P, "maria", "5678");
                assert_int_equal(http(&P, "DELETE", "/sessions/current", t, "bye-1", NULL, NULL), 204);
                assert_int_equal(http(&P, "GET", "/tickets/current", t, NULL, NULL, NULL), 401);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_malformed_and_wrong_types),
                cmocka_unit_test(test_limits),
                cmocka_unit_test(test_bad_codes_and_quantities),
                cmocka_unit_test(test_unpaid_and_states),
                cmocka_unit_test(test_returning_twice),
                cmocka_unit_test(test_roles_and_tokens),
                cmocka_unit_test(test_payments_keep_their_numbers),
                cmocka_unit_test(test_products_read_back_as_written),
                cmocka_unit_test(test_discounts_checked_at_the_end),
                cmocka_unit_test(test_idempotency_key),
        };
        return cmocka_run_group_tests_name("api errors", tests, setup, teardown);
}
