/* The front end's files as posd serves them: the page and its modules with the right
 * types and headers, revalidation by ETag, and nothing outside the folder, whatever the
 * path says. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

struct got {
        long status;
        char type[128], etag[96], csp[256];
        char body[4096];
        size_t len;
};

static size_t on_body(char *d, size_t size, size_t n, void *ud)
{
        struct got *g = ud;
        size_t k = size * n, room = sizeof(g->body) - 1 - g->len;

        memcpy(g->body + g->len, d, k < room ? k : room);
        g->len += k < room ? k : room;
        g->body[g->len] = '\0';
        return k;
}

static void header_value(const char *line, size_t k, const char *name, char *out, size_t outsize)
{
        size_t n = strlen(name), v;

        if (k <= n || strncasecmp(line, name, n) != 0)
                return;
        v = k - n;
        while (v && (line[n + v - 1] == '\r' || line[n + v - 1] == '\n'))
                v--;
        snprintf(out, outsize, "%.*s", (int)v, line + n);
}

static size_t on_header(char *d, size_t size, size_t n, void *ud)
{
        struct got *g = ud;

        header_value(d, size * n, "Content-Type: ", g->type, sizeof(g->type));
        header_value(d, size * n, "ETag: ", g->etag, sizeof(g->etag));
        header_value(d, size * n, "Content-Security-Policy: ", g->csp, sizeof(g->csp));
        return size * n;
}

/* path goes out as written: no client-side tidying of "..". */
static struct got get(struct posd *p, const char *method, const char *path, const char *if_none_match)
{
        struct got g;
        struct curl_slist *h = NULL;
        char url[512], inm[128];
        CURL *c = curl_easy_init();

        memset(&g, 0, sizeof(g));
        snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", p->port, path);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(c, CURLOPT_NOBODY, (long)!strcmp(method, "HEAD"));
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &g);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &g);
        if (if_none_match) {
                snprintf(inm, sizeof(inm), "If-None-Match: %s", if_none_match);
                h = curl_slist_append(h, inm);
                curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        }
        assert_int_equal(curl_easy_perform(c), CURLE_OK);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &g.status);
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
        return g;
}

static void start(struct posd *p)
{
        char conf[1024];

        posd_store(p);
        for (const char *const *d = (const char *const[]){ "ui", "ui/src", "ui/.git", NULL }; *d; d++) {
                snprintf(conf, sizeof(conf), "%s/%s", p->store.dir, *d);
                assert_int_equal(mkdir(conf, 0755), 0);
        }
        twrite(&p->store, "ui/index.html", "<!doctype html><title>till</title>");
        twrite(&p->store, "ui/src/main.js", "export const x = 1;");
        twrite(&p->store, "ui/.git/config", "[core]");
        twrite(&p->store, "ui/notes.conf", "not a front-end file");
        twrite(&p->store, "secret.html", "outside the folder");
        snprintf(conf, sizeof(conf), "%s/ui/src/link.js", p->store.dir);
        assert_int_equal(symlink("../../secret.html", conf), 0);
        snprintf(conf, sizeof(conf), "%s/ui/up", p->store.dir);
        assert_int_equal(symlink("..", conf), 0); /* a folder link out */
        snprintf(conf, sizeof(conf), "[http]\nui = %s/ui\n", p->store.dir);
        twrite(&p->store, "posd.conf", conf);
        snprintf(conf, sizeof(conf), "-c %s/posd.conf", p->store.dir);
        posd_start(p, conf);
}

static void test_page_and_modules(void **state)
{
        struct posd p;
        struct got g;
        (void)state;

        start(&p);
        g = get(&p, "GET", "/", NULL);
        assert_int_equal(g.status, 200);
        assert_string_equal(g.type, "text/html; charset=utf-8");
        assert_string_equal(g.body, "<!doctype html><title>till</title>");
        assert_non_null(strstr(g.csp, "default-src 'self'"));
        g = get(&p, "GET", "/src/main.js", NULL);
        assert_int_equal(g.status, 200);
        assert_string_equal(g.type, "text/javascript; charset=utf-8");
        assert_string_equal(g.body, "export const x = 1;");
        /* unchanged since the browser last asked: no body again */
        g = get(&p, "GET", "/src/main.js", g.etag);
        assert_int_equal(g.status, 304);
        assert_int_equal(g.len, 0);
        g = get(&p, "HEAD", "/index.html", NULL);
        assert_int_equal(g.status, 200);
        posd_stop(&p);
        posd_cleanup(&p);
}

static void test_nothing_outside_or_hidden(void **state)
{
        static const char *const refused[] = {
                "/../secret.html", "/src/../../secret.html", "/src/%2e%2e/%2e%2e/secret.html", "/.git/config",
                "/src/link.js", "/up/secret.html", "/notes.conf", "/src//main.js", "/src/main.js%00.html",
                "/nothing.js", "/src/",
        };
        struct posd p;
        struct got g;
        (void)state;

        start(&p);
        for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
                g = get(&p, "GET", refused[i], NULL);
                if (g.status != 404)
                        fail_msg("%s answered %ld: %s", refused[i], g.status, g.body);
                assert_non_null(strstr(g.body, "\"NOT_FOUND\""));
                assert_null(strstr(g.body, "outside the folder"));
        }
        g = get(&p, "POST", "/index.html", NULL);
        assert_int_equal(g.status, 405);
        /* the API keeps its own answers */
        g = get(&p, "GET", "/api/v2/health", NULL);
        assert_int_equal(g.status, 404);
        assert_non_null(strstr(g.body, "under /api/v1/"));
        posd_stop(&p);
        posd_cleanup(&p);
}

/* What the sign-in screen shows before anyone signs in. */
static void test_health_names_store_and_lanes(void **state)
{
        struct posd p;
        json_t *o = NULL;
        (void)state;

        start(&p);
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, &o), 200);
        assert_string_equal(jstr(o, "store.currency"), "CNY");
        assert_int_equal(jint(o, "store.minor_unit"), 2);
        assert_string_equal(jstr(o, "store.lanes.0"), "1");
        assert_true(strlen(jstr(o, "store.name")) > 0);
        json_decref(o);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_page_and_modules),
                cmocka_unit_test(test_nothing_outside_or_hidden),
                cmocka_unit_test(test_health_names_store_and_lanes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
