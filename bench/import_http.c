/* The generated catalogue imported over HTTP, as the back office sends one, while a lane
 * goes on adding lines to its ticket: the rows imported a second, and each line's time
 * meanwhile (the till must not wait for an import). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "people/users.h"

#define LINES_MAX 1000000

/* The small catalogue of the sales (the big one holds it too: those rows are skipped), and
 * the user "bench" as a manager, who may both sell and import. */
static int import_store(const struct ctx *c, char db[static PATH_MAX], char conf[static PATH_MAX])
{
        char csv[PATH_MAX];
        struct ledger *l = NULL;
        double s;
        int r;

        if (path_in(c, "import-http.db", db) < 0 || path_in(c, "import-http-catalog.csv", csv) < 0 ||
            write_conf(c, 2, conf) < 0 || write_catalog(csv, SALES_CATALOG, SALES_STOCK) < 0 ||
            store_with_catalog(db, csv, SALES_CATALOG, &l, &s) < 0)
                return -1;
        r = user_add(l, "bench", ROLE_MANAGER, "2468", NULL) < 0 ? ledger_fail(l, "user_add") : 0;
        ledger_close(l);
        return r;
}

/* POST the file at path as the body, with the client's token; 0 when posd accepted it. */
static int upload(struct client *cl, const char *file, char id[static 16])
{
        struct curl_slist *h = NULL;
        char url[128], auth[128];
        struct stat st;
        FILE *f = fopen(file, "rb");
        CURL *u = curl_easy_init();
        int r = -1;

        if (f && u && fstat(fileno(f), &st) == 0) {
                snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/imports/products", cl->d->port);
                snprintf(auth, sizeof(auth), "Authorization: Bearer %s", cl->token);
                h = curl_slist_append(curl_slist_append(h, auth), "Content-Type: text/csv");
                cl->len = 0;
                curl_easy_setopt(u, CURLOPT_URL, url);
                curl_easy_setopt(u, CURLOPT_POST, 1L);
                curl_easy_setopt(u, CURLOPT_READDATA, f);
                curl_easy_setopt(u, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)st.st_size);
                curl_easy_setopt(u, CURLOPT_HTTPHEADER, h);
                curl_easy_setopt(u, CURLOPT_WRITEFUNCTION, client_collect);
                curl_easy_setopt(u, CURLOPT_WRITEDATA, cl);
                if (curl_easy_perform(u) == CURLE_OK)
                        curl_easy_getinfo(u, CURLINFO_RESPONSE_CODE, &cl->status);
                if (cl->status == 202 && sscanf(cl->body, "{\"id\":%15[0-9]", id) == 1)
                        r = 0;
                else
                        fprintf(stderr, "bench: the import was refused: %ld %.300s\n", cl->status, cl->body);
        }
        curl_slist_free_all(h);
        if (u)
                curl_easy_cleanup(u);
        if (f)
                fclose(f);
        return r;
}

int bench_import_http(const struct ctx *c, struct result *res)
{
        char db[PATH_MAX], conf[PATH_MAX], csv[PATH_MAX], id[16], ticket[40] = "", status[48], lines[96], body[96],
                code[32];
        struct daemon d = { 0, 0, "" };
        struct client till = { 0 }, office = { 0 };
        double *lat = calloc(LINES_MAX, sizeof(double)), t0, t;
        uint64_t rng = SEED;
        long n = 0;
        bool running = true;
        int r = -1;

        if (!lat || path_in(c, "products.csv", csv) < 0 || import_store(c, db, conf) < 0 ||
            daemon_start(c, db, conf, &d) < 0 || client_open(&till, &d, "1") < 0 || client_signin(&office, &d, "2") < 0)
                goto out;
        t0 = now_s();
        if (upload(&office, csv, id) < 0)
                goto out;
        snprintf(status, sizeof(status), "/imports/%s", id);
        for (; running && n < LINES_MAX; n++) {
                if (n % 50 == 0) { /* how far the import is; a fresh ticket for every large basket */
                        if (expect(&office, 200, "GET", status, NULL) < 0)
                                goto out;
                        running = strstr(office.body, "\"state\":\"running\"") != NULL;
                        if (!running && !strstr(office.body, "\"state\":\"done\"")) {
                                fprintf(stderr, "bench: the import failed: %.300s\n", office.body);
                                goto out;
                        }
                        if (ticket[0]) {
                                snprintf(lines, sizeof(lines), "/tickets/%s", ticket);
                                if (expect(&till, 200, "DELETE", lines, NULL) < 0)
                                        goto out;
                        }
                        if (expect(&till, 201, "POST", "/tickets", NULL) < 0 ||
                            client_field(&till, "id", ticket, sizeof(ticket)) < 0)
                                goto out;
                        snprintf(lines, sizeof(lines), "/tickets/%s/lines", ticket);
                }
                if (make_ean(KNOWN_PREFIX, (long)(xorshift64(&rng) % SALES_CATALOG), code) < 0)
                        goto out;
                snprintf(body, sizeof(body), "{\"barcode\":\"%s\"}", code);
                t = now_s();
                if (expect(&till, 201, "POST", lines, body) < 0)
                        goto out;
                lat[n] = (now_s() - t) * 1e6;
        }
        res->seconds = now_s() - t0;
        res->count = c->o.products;
        qsort(lat, (size_t)n, sizeof(double), cmp_double);
        res->p50_us = lat[n / 2];
        res->p99_us = lat[n * 99 / 100];
        r = 0;
out:
        client_close(&till);
        client_close(&office);
        daemon_stop(&d);
        free(lat);
        return r;
}
