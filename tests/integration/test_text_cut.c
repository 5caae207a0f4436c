/* No stored text can make a page fail: text cut to fit a field is cut between
 * characters, and bytes that are no UTF-8 (written by an old build, or by hand) are
 * answered as '?'. A supplier return with a long Chinese reason, an audit entry longer
 * than its field, names of bad bytes: the account page, the lists and the error messages
 * all answer, as JSON that libjansson parses (it refuses anything but UTF-8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Up to n bytes: lead 'x's, then Chinese, so that a byte count cuts inside a character */
static void chinese(char *b, size_t n, size_t lead)
{
        static const char ch[] = "退货原因破损";
        size_t i = lead;

        memset(b, 'x', lead);
        while (i + 3 <= n) {
                memcpy(b + i, ch + (i / 3 % 6) * 3, 3);
                i += 3;
        }
        b[i] = '\0';
}

/* GET path answers 200 with JSON (so UTF-8); the answer, to free */
static json_t *page(struct posd *p, const char *tok, const char *path)
{
        json_t *o = NULL;
        int status = http(p, "GET", path, tok, NULL, NULL, &o);

        if (status != 200 || !o)
                fail_msg("GET %s: %d%s", path, status, o ? "" : ", no JSON");
        return o;
}

static void test_long_text_answers(void **state)
{
        struct posd p;
        const char *maria;
        char reason[256], twice[512], body[1024], sql[1024];
        json_t *o, *e;
        size_t i;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        maria = login(&p, "maria", "5678");
        assert_int_equal(http(&p, "POST", "/suppliers", maria, NULL, "{\"code\":\"S1\",\"name\":\"康师傅\"}", NULL), 201);

        /* a reason of 199 bytes is taken; the account's reference field (64 bytes) holds
         * the most of it that fits, whole characters only */
        chinese(reason, 200, 2);
        snprintf(body, sizeof(body),
                 "{\"supplier\":\"S1\",\"reason\":\"%s\",\"lines\":[{\"sku\":\"A1\",\"qty\":1,\"unit_cost\":900}]}", reason);
        assert_int_equal(http(&p, "POST", "/supplier-returns", maria, NULL, body, NULL), 201);
        o = page(&p, maria, "/suppliers/S1/account");
        e = json_array_get(json_object_get(o, "entries"), 0);
        const char *ref = json_string_value(json_object_get(e, "reference"));
        assert_non_null(ref);
        assert_true(strlen(ref) > 60 && strlen(ref) <= 64);
        assert_memory_equal(ref, reason, strlen(ref));
        json_decref(o);

        /* 300 bytes are refused with a message that is itself UTF-8 */
        chinese(reason, 250, 1);
        snprintf(body, sizeof(body),
                 "{\"supplier\":\"S1\",\"reason\":\"%s%s\",\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", reason, "退货原因破损退货原因破损退货原因破损");
        expect_error(&p, "POST", "/supplier-returns", maria, body, 422, "TOO_LONG");

        /* an unknown SKU of Chinese is named in the error, cut between characters */
        o = NULL;
        assert_int_equal(http(&p, "GET", "/products/%E9%80%80%E8%B4%A7%E5%8E%9F%E5%9B%A0%E7%A0%B4%E6%8D%9F%E9%80%80%E8%B4%A7%E5%8E%9F%E5%9B%A0%E7%A0%B4%E6%8D%9F%E9%80%80%E8%B4%A7",
                              maria, NULL, NULL, &o), 404);
        assert_non_null(o);
        json_decref(o);

        /* what an old build may have left: an audit entry longer than the field, cut
         * inside a character when read; bytes that are no UTF-8 in a reason, a supplier's
         * name and an audit entry */
        chinese(reason, 250, 1);
        snprintf(twice, sizeof(twice), "%s%s", reason, reason);
        snprintf(sql, sizeof(sql),
                 "INSERT INTO audit_log(at, lane, user, action, detail) VALUES (1, '1', 'maria', 'note', '%s%s');"
                 "INSERT INTO audit_log(at, lane, user, action, detail) VALUES (2, '1', 'maria', 'note', "
                 "CAST(X'41E980FF42C0AF' AS TEXT));"
                 "UPDATE supplier_returns SET reason = CAST(X'E98080E8B4FF4142' AS TEXT);"
                 "UPDATE suppliers SET name = CAST(X'E5BAB7FFFE' AS TEXT) WHERE code = 'S1';",
                 twice, "");
        assert_int_equal(tsql_exec(p.store.path, sql), 0);

        o = page(&p, maria, "/audit");
        assert_true(json_array_size(json_object_get(o, "items")) >= 2);
        json_array_foreach(json_object_get(o, "items"), i, e) {
                const char *d = json_string_value(json_object_get(e, "detail"));
                if (d && !strcmp(json_string_value(json_object_get(e, "action")), "note"))
                        assert_true(!strcmp(d, "A???B??") || (strlen(d) > 250 && !strncmp(d, twice, strlen(d))));
        }
        json_decref(o);
        o = page(&p, maria, "/suppliers/S1/account");
        assert_string_equal(jstr(o, "entries.0.reference"), "\xe9\x80\x80???AB");
        json_decref(o);
        json_decref(page(&p, maria, "/suppliers"));
        json_decref(page(&p, maria, "/suppliers/S1"));
        json_decref(page(&p, maria, "/payables"));
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_long_text_answers),
        };
        return cmocka_run_group_tests_name("text_cut", tests, NULL, NULL);
}
