/* Who may do what: every route walked with no token and as each role, against the Routes
 * table of docs/API.md (which must name every route posd has, with its role); text that looks like
 * SQL stored and read back as text; a slow client cut off; the store and its backups
 * readable by their owner only; the service unit's exposure as systemd rates it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

enum need { PUBLIC, ANY_USER, MANAGER, ADMIN };

/* What each route needs, as the product means it: the Routes table of docs/API.md, read
 * here, so the table people read is the one the daemon is held to. A route posd has that
 * is not in it, or has there another role, fails this test. /events is served outside
 * the route table (a stream): it is in the document but not walked here. */
#define TABLE_MAX 256
static struct {
        char method[8], pattern[128];
        enum need need;
} table[TABLE_MAX];
static size_t ntable;
#define NTABLE ntable

static void load_table(void)
{
        static const char *const roles[] = { "public", "cashier", "manager", "admin" };
        char path[512], line[1024];
        bool in_routes = false;
        FILE *f;

        ntable = 0;
        snprintf(path, sizeof(path), "%s/docs/API.md", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        assert_non_null(f = fopen(path, "r"));
        while (fgets(line, sizeof(line), f)) {
                char method[8], raw[256], role[16], *o;
                size_t r;
                if (!strncmp(line, "## ", 3))
                        in_routes = !strcmp(line, "## Routes\n");
                if (!in_routes || sscanf(line, "| %7[A-Z] | `%255[^`]` | %15[a-z] |", method, raw, role) != 3)
                        continue;
                for (r = 0; r < 4 && strcmp(roles[r], role); r++)
                        ;
                if (r == 4)
                        fail_msg("docs/API.md: %s %s has the role '%s'", method, raw, role);
                if (!strcmp(raw, "/events"))
                        continue;
                assert_true(ntable < TABLE_MAX);
                snprintf(table[ntable].method, sizeof(table[ntable].method), "%s", method);
                o = table[ntable].pattern; /* "/tickets/{id}?q=X" is the route "/tickets/{}" */
                for (const char *c = raw; *c && *c != '?'; c++) {
                        *o++ = *c;
                        if (*c == '{')
                                while (c[1] && c[1] != '}')
                                        c++;
                }
                *o = '\0';
                table[ntable++].need = (enum need)r;
        }
        fclose(f);
        assert_true(ntable > 50);
}

static const char *const need_names[] = { "PUBLIC", "ANY_USER", "MANAGER", "ADMIN" };

/* Every route in daemon/api/routes.c is in the table with the same need, and no more. */
static void routes_match_table(void)
{
        char path[512], line[512];
        bool seen[TABLE_MAX] = { false };
        size_t n = 0;
        FILE *f;

        snprintf(path, sizeof(path), "%s/daemon/api/routes.c", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        assert_non_null(f = fopen(path, "r"));
        while (fgets(line, sizeof(line), f)) {
                char method[16], pattern[128], need[16];
                size_t i;
                if (sscanf(line, " { \"%15[A-Z]\", \"%127[^\"]\", %15[A-Z_],", method, pattern, need) != 3)
                        continue;
                n++;
                for (i = 0; i < NTABLE; i++)
                        if (!strcmp(table[i].method, method) && !strcmp(table[i].pattern, pattern))
                                break;
                if (i == NTABLE)
                        fail_msg("%s %s is not in docs/API.md's Routes table", method, pattern);
                if (strcmp(need_names[table[i].need], need))
                        fail_msg("%s %s needs %s, docs/API.md says %s", method, pattern, need, need_names[table[i].need]);
                seen[i] = true;
        }
        fclose(f);
        for (size_t i = 0; i < NTABLE; i++)
                if (!seen[i])
                        fail_msg("%s %s is in the table but posd has no such route", table[i].method, table[i].pattern);
        assert_int_equal(n, NTABLE);
}

static void check(struct posd *p, size_t i, const char *who, const char *tok, enum need role)
{
        char path[160], *o = path;
        const char *s = table[i].pattern;
        json_t *out = NULL;
        const char *code;
        int status;

        for (; *s && o < path + sizeof(path) - 8; s++) /* every {} becomes an id that is not there */
                if (s[0] == '{' && s[1] == '}') {
                        o += sprintf(o, "X9");
                        s++;
                } else {
                        *o++ = *s;
                }
        *o = '\0';
        status = http(p, table[i].method, path, tok, NULL, strcmp(table[i].method, "GET") ? "{}" : NULL, &out);
        code = out && json_is_object(json_object_get(out, "error"))
                       ? json_string_value(json_object_get(json_object_get(out, "error"), "code"))
                       : "";
        if (table[i].need != PUBLIC && !tok) {
                if (status != 401 || strcmp(code, "NO_SESSION"))
                        fail_msg("%s %s without a token: %d %s, not 401", table[i].method, path, status, code);
        } else if ((int)table[i].need > (int)role) {
                if (status != 403 || strcmp(code, "FORBIDDEN"))
                        fail_msg("%s %s as %s: %d %s, not 403 FORBIDDEN", table[i].method, path, who, status, code);
        } else if (status == 401 || (status == 403 && !strcmp(code, "FORBIDDEN")) || status >= 500 || status < 200) {
                fail_msg("%s %s as %s: %d %s", table[i].method, path, who, status, code);
        }
        json_decref(out);
}

static void test_every_route_every_role(void **state)
{
        struct posd p;
        const char *tok[3];
        static const char *const who[] = { "alice", "maria", "root" };
        size_t logout = NTABLE;
        (void)state;

        load_table();
        routes_match_table();
        posd_store(&p);
        posd_start(&p, NULL);
        tok[0] = login(&p, "alice", "1111");
        tok[1] = login(&p, "maria", "5678");
        tok[2] = login(&p, "root", "9999");
        for (size_t i = 0; i < NTABLE; i++) {
                if (!strcmp(table[i].pattern, "/sessions/current")) {
                        logout = i; /* signing out last: it ends the session */
                        continue;
                }
                check(&p, i, "nobody", NULL, PUBLIC);
                for (int r = 0; r < 3; r++)
                        check(&p, i, who[r], tok[r], (enum need)(r + 1));
        }
        assert_true(logout < NTABLE);
        check(&p, logout, "nobody", NULL, PUBLIC);
        for (int r = 0; r < 3; r++)
                check(&p, logout, who[r], tok[r], (enum need)(r + 1));
        /* and the tokens are gone */
        assert_int_equal(http(&p, "GET", "/products", tok[0], NULL, NULL, NULL), 401);
        posd_stop(&p);
        verify_ok(&p);
        posd_cleanup(&p);
}

/* POST body (taken) to post; then the member at key of what path reads is the text sent */
static void post_and_read(struct posd *p, const char *tok, const char *post, json_t *body, int status,
                          const char *path, const char *key, const char *text)
{
        char *s = json_dumps(body, JSON_COMPACT);
        json_t *o = NULL;

        json_decref(body);
        if (http(p, "POST", post, tok, NULL, s, &o) != status)
                fail_msg("POST %s %s: %s", post, s, o ? json_dumps(o, JSON_COMPACT) : "");
        json_decref(o);
        free(s);
        assert_int_equal(http(p, "GET", path, tok, NULL, NULL, &o), 200);
        if (strcmp(jstr(o, key), text))
                fail_msg("%s %s: '%s', not '%s'", path, key, jstr(o, key), text);
        json_decref(o);
}

static void text_fields(struct posd *p, const char *tok, const char *evil, size_t i)
{
        char path[96], num[32];

        snprintf(num, sizeof(num), "P%08zu", i + 1);
        snprintf(path, sizeof(path), "/purchase-orders/%s", num);
        post_and_read(p, tok, "/purchase-orders",
                      json_pack("{s:s,s:s,s:[{s:s,s:i,s:i}]}", "supplier", "S0", "note", evil, "lines", "sku", "A1", "qty",
                                1, "unit_cost", 800),
                      201, path, "note", evil);
        snprintf(num, sizeof(num), "T%08zu", i + 1);
        snprintf(path, sizeof(path), "/transfers/%s", num);
        post_and_read(p, tok, "/transfers",
                      json_pack("{s:s,s:s,s:[{s:s,s:i}]}", "to", "BACK", "note", evil, "lines", "sku", "A1", "qty", 1), 201,
                      path, "note", evil);
        snprintf(num, sizeof(num), "ST%08zu", i + 1);
        snprintf(path, sizeof(path), "/stocktakes/%s", num);
        post_and_read(p, tok, "/stocktakes", json_pack("{s:s}", "note", evil), 201, path, "note", evil);
        snprintf(path, sizeof(path), "/stocktakes/ST%08zu/cancel", i + 1);
        assert_int_equal(http(p, "POST", path, tok, NULL, NULL, NULL), 200);
        snprintf(num, sizeof(num), "entries.%zu.reference", i); /* one more invoice each time */
        post_and_read(p, tok, "/supplier-invoices",
                      json_pack("{s:s,s:s,s:i,s:s}", "supplier", "S0", "reference", evil, "amount", 100, "note", evil),
                      201, "/suppliers/S0/account", num, evil);
        snprintf(path, sizeof(path), "/sales-orders/SO%08zu", i + 1);
        post_and_read(p, tok, "/sales-orders",
                      json_pack("{s:i,s:s,s:[{s:s,s:i}]}", "customer", 1, "note", evil, "lines", "sku", "A1", "qty", 1), 201,
                      path, "note", evil);
}

/* text that would break a query built by pasting: stored and read back as it was */
static void test_sql_in_text_fields(void **state)
{
        static const char *const evil[] = {
                "'; DROP TABLE sales; --",
                "Robert'); DELETE FROM products WHERE ('1'='1",
                "\\\" OR 1=1 --",
                "x' UNION SELECT hash FROM journal --",
        };
        struct posd p;
        const char *maria;
        char body[512], path[128];
        json_t *o = NULL, *s;
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        maria = login(&p, "maria", "5678");
        for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
                json_t *b = json_pack("{s:s,s:s,s:i}", "sku", "", "name", evil[i], "price", 100);
                char *text;
                snprintf(path, sizeof(path), "EV%zu", i);
                json_object_set_new(b, "sku", json_string(path));
                json_object_set_new(b, "spec", json_string(evil[i]));
                json_object_set_new(b, "category", json_string(evil[i]));
                text = json_dumps(b, JSON_COMPACT);
                assert_int_equal(http(&p, "POST", "/products", maria, NULL, text, NULL), 201);
                free(text);
                json_decref(b);
                snprintf(path, sizeof(path), "/products/EV%zu", i);
                assert_int_equal(http(&p, "GET", path, maria, NULL, NULL, &o), 200);
                assert_string_equal(jstr(o, "name"), evil[i]);
                assert_string_equal(jstr(o, "category"), evil[i]);
                json_decref(o);

                b = json_pack("{s:s,s:s,s:s}", "code", "", "name", evil[i], "contact", evil[i]);
                snprintf(path, sizeof(path), "S%zu", i);
                json_object_set_new(b, "code", json_string(path));
                text = json_dumps(b, JSON_COMPACT);
                assert_int_equal(http(&p, "POST", "/suppliers", maria, NULL, text, NULL), 201);
                free(text);
                json_decref(b);
                b = json_pack("{s:s}", "name", evil[i]);
                text = json_dumps(b, JSON_COMPACT);
                assert_int_equal(http(&p, "POST", "/customers", maria, NULL, text, NULL), 201);
                free(text);
                json_decref(b);
        }
        /* as a search, too: it finds what holds it, and nothing else */
        snprintf(body, sizeof(body), "/customers?q=%s", "DROP");
        assert_int_equal(http(&p, "GET", body, maria, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
        json_decref(o);
        assert_int_equal(http(&p, "GET", "/suppliers", maria, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 4);
        s = json_array_get(json_object_get(o, "items"), 0);
        assert_string_equal(jstr(s, "contact"), evil[0]);
        json_decref(o);
        /* the catalog is whole: the five seeds and the four new ones */
        assert_int_equal(http(&p, "GET", "/products?limit=50", maria, NULL, NULL, &o), 200);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 9);
        json_decref(o);
        /* and in the back office's other text: notes, references, names, contacts */
        for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++)
                text_fields(&p, maria, evil[i], i);
        posd_stop(&p);
        verify_ok(&p);
        posd_cleanup(&p);
}

/* a client that sends half a request and waits is cut off after [http] timeout_seconds */
static void test_slow_client_cut_off(void **state)
{
        struct sockaddr_in a = { 0 };
        struct posd p;
        char conf[256], buf[64];
        time_t start;
        ssize_t n;
        int fd;
        (void)state;

        posd_store(&p);
        twrite(&p.store, "posd.conf", "[http]\ntimeout_seconds = 5\n");
        snprintf(conf, sizeof(conf), "-c %s/posd.conf", p.store.dir);
        posd_start(&p, conf);
        assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)p.port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
        assert_true(write(fd, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", 38) == 38);
        start = time(NULL);
        n = read(fd, buf, sizeof(buf)); /* blocks until posd closes the connection */
        assert_true(n <= 0);
        assert_true(time(NULL) - start >= 4 && time(NULL) - start <= 15);
        close(fd);
        /* and it still serves others */
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, NULL), 200);
        posd_stop(&p);
        posd_cleanup(&p);
}

static void private_file(const char *path)
{
        struct stat st;

        if (stat(path, &st) != 0)
                return; /* a -wal or -shm that is not there now */
        if (st.st_mode & 077)
                fail_msg("%s is mode %o: others may read it", path, (unsigned)(st.st_mode & 0777));
}

static void test_store_and_backups_private(void **state)
{
        struct posd p;
        char cmd[512], out[1024], path[256];
        (void)state;

        posd_store(&p);
        posd_start(&p, NULL);
        assert_int_equal(http(&p, "GET", "/health", NULL, NULL, NULL, NULL), 200);
        private_file(p.store.path);
        snprintf(path, sizeof(path), "%s-wal", p.store.path);
        private_file(path);
        snprintf(path, sizeof(path), "%s/backup.db", p.store.dir);
        snprintf(cmd, sizeof(cmd), "umask 022 && %s --db %s backup %s 2>&1", getenv("POSCTL"), p.store.path, path);
        if (trun(cmd, out, sizeof(out)) != 0)
                fail_msg("backup: %s", out);
        private_file(path);
        posd_stop(&p);
        posd_cleanup(&p);
}

/* systemd rates what the unit lets posd do: 2.5 or less */
static void test_service_exposure(void **state)
{
        char cmd[512], out[16384], *at;
        double exposure;
        (void)state;

        snprintf(cmd, sizeof(cmd), "systemd-analyze security --offline=true --no-pager %s/systemd/posd.service 2>&1 | tail -n 3",
                 getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        if (!(at = strstr(out, "Overall exposure level for posd.service: ")))
                fail_msg("systemd-analyze said: %s", out);
        exposure = strtod(at + strlen("Overall exposure level for posd.service: "), NULL);
        if (exposure > 2.5)
                fail_msg("posd.service is rated %.1f, over 2.5:\n%s", exposure, out);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_route_every_role),
                cmocka_unit_test(test_sql_in_text_fields),
                cmocka_unit_test(test_slow_client_cut_off),
                cmocka_unit_test(test_store_and_backups_private),
                cmocka_unit_test(test_service_exposure),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
