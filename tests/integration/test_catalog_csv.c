/* The catalogue in and out as CSV over HTTP: an import runs on its own and reports its
 * progress; a file with bad lines names every one of them and imports nothing; the
 * export reads back what import takes. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static const char header[] = "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n";

/* The import's final report, once it has finished (within 10 s). */
static json_t *finished(struct posd *p, const char *tok, json_int_t id)
{
        char path[64];
        json_t *o = NULL;

        snprintf(path, sizeof(path), "/imports/%lld", (long long)id);
        for (int i = 0; i < 100; i++) {
                assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
                if (strcmp(jstr(o, "state"), "running"))
                        return o;
                json_decref(o);
                usleep(100000);
        }
        fail_msg("import %lld did not finish", (long long)id);
        return NULL;
}

static json_t *import(struct posd *p, const char *tok, const char *csv)
{
        json_t *o = NULL, *done;

        assert_int_equal(http_raw(p, "POST", "/imports/products", tok, csv, strlen(csv), &o), 202);
        assert_int_equal(jint(o, "total"), (json_int_t)strlen(csv));
        done = finished(p, tok, jint(o, "id"));
        json_decref(o);
        return done;
}

static void start(struct posd *p)
{
        char arg[256];

        posd_store(p);
        twrite(&p->store, "posd.conf", "[http]\nmax_upload_mib = 1\n");
        snprintf(arg, sizeof(arg), "-c %s/posd.conf", p->store.dir);
        posd_start(p, arg);
}

static void test_import_then_export(void **state)
{
        char csv[1024], *text;
        struct posd p;
        const char *maria;
        json_t *o;
        json_int_t id;
        int status;
        (void)state;

        start(&p);
        maria = login(&p, "maria", "5678");
        snprintf(csv, sizeof(csv), "%sX1,薯片 Crisps,6905550000019,4.50,3.00,13,pcs,零食 Snacks,24\n"
                 "X2,Soda,,3.00,2.00,13,pcs,,0\n", header);
        o = import(&p, maria, csv);
        assert_string_equal(jstr(o, "state"), "done");
        assert_int_equal(jint(o, "imported"), 2);
        assert_int_equal(jint(o, "done"), (json_int_t)strlen(csv));
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/products/X1", maria, NULL, NULL, &o), 200);
        assert_int_equal(jint(o, "price"), 450);
        json_decref(o);

        /* the same Idempotency-Key: the same file gets the first answer, another file is refused */
        assert_int_equal(http_raw_key(&p, "POST", "/imports/products", maria, "imp-1", csv, strlen(csv), &o), 202);
        id = jint(o, "id");
        json_decref(o);
        json_decref(finished(&p, maria, id));
        assert_int_equal(http_raw_key(&p, "POST", "/imports/products", maria, "imp-1", csv, strlen(csv), &o), 202);
        assert_int_equal(jint(o, "id"), id);
        json_decref(o);
        assert_int_equal(http_raw_key(&p, "POST", "/imports/products", maria, "imp-1", header, strlen(header), &o), 409);
        assert_string_equal(jstr(o, "error.code"), "IDEMPOTENCY_KEY_REUSED");
        json_decref(o);

        text = http_text(&p, "/exports/products.csv", maria, &status);
        assert_int_equal(status, 200);
        assert_non_null(strstr(text, "sku,name"));
        assert_non_null(strstr(text, "X1,薯片 Crisps,,6905550000019,4.50"));
        free(text);
        posd_stop(&p);
        posd_cleanup(&p);
}

static void test_bad_lines_all_named_nothing_imported(void **state)
{
        char csv[1024];
        struct posd p;
        const char *maria;
        json_t *o;
        (void)state;

        start(&p);
        maria = login(&p, "maria", "5678");
        snprintf(csv, sizeof(csv), "%sY1,Good,,1.00,0.50,13,pcs,,0\n"
                 "Y2,Bad price,,abc,0.50,13,pcs,,0\n"
                 "Y3,Good too,,2.00,1.00,13,pcs,,0\n"
                 "A1,Taken,,2.00,1.00,13,pcs,,0\n"
                 "Y4,Short\n", header);
        o = import(&p, maria, csv);
        assert_string_equal(jstr(o, "state"), "failed");
        assert_string_equal(jstr(o, "error.code"), "IMPORT_ERRORS");
        assert_int_equal(json_array_size(json_object_get(o, "errors")), 3);
        assert_int_equal(jint(o, "errors.0.line"), 3);
        assert_int_equal(jint(o, "errors.1.line"), 5);
        assert_string_equal(jstr(o, "errors.1.code"), "SKU_EXISTS");
        assert_int_equal(jint(o, "errors.2.line"), 6);
        json_decref(o);
        /* all or nothing: the good lines are not there either */
        assert_int_equal(http(&p, "GET", "/products/Y1", maria, NULL, NULL, NULL), 404);
        posd_stop(&p);
        posd_cleanup(&p);
}

static void test_who_may_and_how_much(void **state)
{
        struct posd p;
        const char *alice, *maria;
        size_t big = (1u << 20) + 1;
        char *huge = malloc(big + 1);
        json_t *o = NULL;
        (void)state;

        start(&p);
        alice = login(&p, "alice", "1111");
        maria = login(&p, "maria", "5678");
        assert_int_equal(http_raw(&p, "POST", "/imports/products", alice, header, strlen(header), NULL), 403);
        assert_int_equal(http_raw(&p, "POST", "/imports/products", NULL, header, strlen(header), NULL), 401);
        assert_int_equal(http(&p, "GET", "/exports/products.csv", alice, NULL, NULL, NULL), 403);
        assert_int_equal(http_raw(&p, "POST", "/imports/products", maria, "", 0, &o), 400);
        json_decref(o);
        memset(huge, 'x', big);
        huge[big] = '\0';
        assert_int_equal(http_raw(&p, "POST", "/imports/products", maria, huge, big, &o), 413);
        assert_string_equal(jstr(o, "error.code"), "BODY_TOO_LARGE");
        json_decref(o);
        free(huge);
        assert_int_equal(http(&p, "GET", "/imports/99", maria, NULL, NULL, NULL), 404);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_import_then_export),
                cmocka_unit_test(test_bad_lines_all_named_nothing_imported),
                cmocka_unit_test(test_who_may_and_how_much),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
