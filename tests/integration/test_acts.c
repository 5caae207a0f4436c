/* Whatever gives goods or money away needs a manager, wherever it is done. The Routes
 * table of docs/API.md names, route by route, the acts that need one (its fourth
 * column); this test reads it and holds posd to every row: each act tried by a cashier
 * alone is refused, and the same request with a manager's approval goes through. A row
 * with no act walked here, or an act walked here that the table does not name, fails.
 * Checked that it bites both ways: with the pay-out's row in the table set to "—" it
 * fails naming the row, and with the pay-out's check taken out of cash_move it fails on
 * the cashier's 201. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define APPROVAL "\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}"

struct world {
        struct posd p;
        const char *alice, *maria;
        char dir[160];
};

/* body is a JSON object; with approved_by added it must go through */
static void act(struct world *w, const char *method, const char *path, const char *body, int refused,
                const char *code, int ok)
{
        char with[2048];
        json_t *o = NULL;
        int st;

        expect_error(&w->p, method, path, w->alice, body, refused, code);
        snprintf(with, sizeof(with), "%.*s%s" APPROVAL "}", (int)strlen(body) - 1, body, strlen(body) > 2 ? "," : "");
        if ((st = http(&w->p, method, path, w->alice, NULL, with, &o)) != ok)
                fail_msg("%s %s with a manager's approval: %d %s", method, path, st, o ? json_dumps(o, JSON_COMPACT) : "");
        json_decref(o);
}

static void ok(struct world *w, const char *tok, const char *method, const char *path, const char *body, int status,
               json_t **ret)
{
        json_t *o = NULL;
        int st = http(&w->p, method, path, tok, NULL, body, &o);

        if (st != status)
                fail_msg("%s %s %s: %d %s", method, path, body ? body : "", st, o ? json_dumps(o, JSON_COMPACT) : "");
        if (ret)
                *ret = o;
        else
                json_decref(o);
}

/* an open ticket of alice's with one A1 on it; its id */
static const char *ticket(struct world *w)
{
        static char id[40];
        char path[96];
        json_t *o = NULL;

        ok(w, w->alice, "POST", "/tickets", NULL, 201, &o);
        snprintf(id, sizeof(id), "%s", jstr(o, "id"));
        json_decref(o);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        ok(w, w->alice, "POST", path, "{\"sku\":\"A1\"}", 201, NULL);
        return id;
}

static void void_ticket(struct world *w, const char *id)
{
        char path[96];

        snprintf(path, sizeof(path), "/tickets/%s", id);
        ok(w, w->alice, "DELETE", path, NULL, 200, NULL);
}

static void ticket_discount(struct world *w)
{
        const char *id = ticket(w);
        char path[96];

        snprintf(path, sizeof(path), "/tickets/%s", id);
        act(w, "PATCH", path, "{\"discount\":{\"percent\":50}}", 403, "APPROVAL_REQUIRED", 200);
        void_ticket(w, id);
}

static void line_price(struct world *w)
{
        const char *id = ticket(w);
        char path[96];

        snprintf(path, sizeof(path), "/tickets/%s/lines/1", id);
        act(w, "PATCH", path, "{\"price\":100}", 403, "APPROVAL_REQUIRED", 200);
        act(w, "PATCH", path, "{\"discount\":{\"percent\":30}}", 403, "APPROVAL_REQUIRED", 200);
        act(w, "PATCH", path, "{\"qty\":3}", 403, "APPROVAL_REQUIRED", 200); /* three at an approved cut */
        void_ticket(w, id);
}

static void complete(struct world *w)
{
        const char *id = ticket(w);
        char path[96];

        snprintf(path, sizeof(path), "/tickets/%s", id);
        ok(w, w->alice, "PATCH", path, "{\"discount\":{\"percent\":50}," APPROVAL "}", 200, NULL);
        snprintf(path, sizeof(path), "/tickets/%s/lines", id);
        ok(w, w->alice, "POST", path, "{\"sku\":\"B2\"}", 201, NULL); /* more under the approved discount */
        snprintf(path, sizeof(path), "/tickets/%s/payments", id);
        ok(w, w->alice, "POST", path, "{\"method\":\"cash\",\"amount\":2000}", 201, NULL);
        snprintf(path, sizeof(path), "/tickets/%s/complete", id);
        act(w, "POST", path, "{}", 403, "APPROVAL_REQUIRED", 201);
}

static void drawer(struct world *w)
{
        act(w, "POST", "/drawer/open", "{\"reason\":\"change\"}", 403, "APPROVAL_REQUIRED", 202);
}

static void pay_out(struct world *w)
{
        act(w, "POST", "/cash-movements", "{\"kind\":\"pay_out\",\"amount\":100,\"reason\":\"window cleaner\"}", 403,
            "APPROVAL_REQUIRED", 201);
}

static void return_no_receipt(struct world *w)
{
        act(w, "POST", "/returns", "{\"lines\":[{\"sku\":\"B2\",\"qty\":1}],\"refunds\":[{\"method\":\"cash\",\"amount\":599}]}",
            403, "APPROVAL_REQUIRED", 201);
}

static void shift_print(struct world *w)
{
        char path[64], bob[80];
        json_t *o = NULL;

        ok(w, NULL, "POST", "/sessions", "{\"user\":\"bob\",\"pin\":\"2222\",\"lane\":\"2\"}", 201, &o);
        snprintf(bob, sizeof(bob), "%s", jstr(o, "token"));
        json_decref(o);
        ok(w, bob, "POST", "/shifts", "{\"opening_float\":0}", 201, &o);
        snprintf(path, sizeof(path), "/shifts/%lld/print", (long long)jint(o, "id"));
        json_decref(o);
        act(w, "POST", path, "{}", 403, "APPROVAL_REQUIRED", 202);
}

static void sales_order(struct world *w)
{
        act(w, "POST", "/sales-orders", "{\"customer\":1,\"lines\":[{\"sku\":\"A1\",\"qty\":1,\"unit_price\":1000}]}", 403,
            "APPROVAL_REQUIRED", 201);
        /* over the credit limit (none was given) */
        act(w, "POST", "/sales-orders", "{\"customer\":2,\"lines\":[{\"sku\":\"B2\",\"qty\":1}]}", 403, "CREDIT_LIMIT",
            201);
}

static void customer_payment(struct world *w)
{
        /* customer 1 owes for the order above once it is shipped and invoiced */
        ok(w, w->maria, "POST", "/sales-orders/SO00000001/pick", NULL, 200, NULL);
        ok(w, w->maria, "POST", "/sales-orders/SO00000001/ship", NULL, 201, NULL);
        ok(w, w->maria, "POST", "/sales-orders/SO00000001/invoice", NULL, 201, NULL);
        act(w, "POST", "/customers/1/payments", "{\"method\":\"cash\",\"amount\":500}", 403, "APPROVAL_REQUIRED", 201);
}

static void transfer_short(struct world *w)
{
        ok(w, w->maria, "POST", "/transfers", "{\"from\":\"SHOP\",\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":5}]}",
           201, NULL);
        act(w, "POST", "/transfers/T00000001/receive", "{\"lines\":[{\"line\":1,\"received\":4}]}", 403,
            "APPROVAL_REQUIRED", 201);
}

static void goods_in(struct world *w)
{
        act(w, "POST", "/goods-receipts", "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"B2\",\"qty\":6,\"unit_cost\":300}]}",
            403, "APPROVAL_REQUIRED", 201);
}

static void over_receipt(struct world *w)
{
        ok(w, w->alice, "POST", "/purchase-orders",
           "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"A1\",\"qty\":2,\"unit_cost\":900}]}", 201, NULL);
        ok(w, w->maria, "POST", "/purchase-orders/P00000001/approve", NULL, 200, NULL);
        ok(w, w->maria, "POST", "/purchase-orders/P00000001/send", NULL, 200, NULL);
        act(w, "POST", "/purchase-orders/P00000001/receive", "{\"lines\":[{\"line\":1,\"qty\":3}]}", 422,
            "RECEIVE_EXCEEDS_ORDER", 201);
}

/* Each act, by route, in the order they are walked (later ones build on earlier ones). */
static const struct {
        const char *method, *pattern;
        void (*walk)(struct world *);
} acts[] = {
        { "PATCH", "/tickets/{}", ticket_discount },
        { "PATCH", "/tickets/{}/lines/{}", line_price },
        { "POST", "/tickets/{}/complete", complete },
        { "POST", "/drawer/open", drawer },
        { "POST", "/cash-movements", pay_out },
        { "POST", "/returns", return_no_receipt },
        { "POST", "/shifts/{}/print", shift_print },
        { "POST", "/sales-orders", sales_order },
        { "POST", "/customers/{}/payments", customer_payment },
        { "POST", "/transfers/{}/receive", transfer_short },
        { "POST", "/goods-receipts", goods_in },
        { "POST", "/purchase-orders/{}/receive", over_receipt },
};
#define NACTS (sizeof(acts) / sizeof(acts[0]))

/* The rows of the Routes table with an act; each must be one of acts[], and each of
 * acts[] a row. */
static void table_matches(void)
{
        bool seen[NACTS] = { false };
        char path[512], line[1024];
        bool in_routes = false;
        FILE *f;

        snprintf(path, sizeof(path), "%s/docs/API.md", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        assert_non_null(f = fopen(path, "r"));
        while (fgets(line, sizeof(line), f)) {
                char method[8], raw[256], role[16], what[512], pattern[256], *o = pattern;
                size_t i;
                if (!strncmp(line, "## ", 3))
                        in_routes = !strcmp(line, "## Routes\n");
                if (!in_routes ||
                    sscanf(line, "| %7[A-Z] | `%255[^`]` | %15[a-z] | %511[^|]|", method, raw, role, what) != 4 ||
                    !strncmp(what, "—", strlen("—")))
                        continue;
                for (const char *c = raw; *c && *c != '?'; c++) {
                        *o++ = *c;
                        if (*c == '{')
                                while (c[1] && c[1] != '}')
                                        c++;
                }
                *o = '\0';
                for (i = 0; i < NACTS && (strcmp(acts[i].method, method) || strcmp(acts[i].pattern, pattern)); i++)
                        ;
                if (i == NACTS)
                        fail_msg("docs/API.md: %s %s needs a manager for %s, and nothing here tries it", method, raw, what);
                seen[i] = true;
        }
        fclose(f);
        for (size_t i = 0; i < NACTS; i++)
                if (!seen[i])
                        fail_msg("%s %s is tried here as needing a manager, but docs/API.md does not say so",
                                 acts[i].method, acts[i].pattern);
}

static void test_every_act_needs_a_manager(void **state)
{
        struct world w;
        char conf[512];
        (void)state;

        table_matches();
        posd_store(&w.p);
        snprintf(w.dir, sizeof(w.dir), "%s/paper", w.p.store.dir);
        snprintf(conf, sizeof(conf), "[checkout]\nlanes = 1, 2\n[printer front]\ndevice = sim:%s\nlane = 1\n"
                                     "[drawer]\ndevice = printer\n[printer back]\ndevice = sim:%s/2\nlane = 2\n",
                 w.dir, w.dir);
        twrite(&w.p.store, "posd.conf", conf);
        snprintf(conf, sizeof(conf), "-c %s/posd.conf", w.p.store.dir);
        posd_start(&w.p, conf);
        w.alice = login(&w.p, "alice", "1111");
        w.maria = login(&w.p, "maria", "5678");
        ok(&w, w.alice, "POST", "/shifts", "{\"opening_float\":10000}", 201, NULL);
        ok(&w, w.maria, "POST", "/suppliers", "{\"code\":\"S1\",\"name\":\"Acme\"}", 201, NULL);
        ok(&w, w.alice, "POST", "/customers", "{\"name\":\"Restaurant\"}", 201, NULL);
        ok(&w, w.alice, "POST", "/customers", "{\"name\":\"Cafe\"}", 201, NULL);
        ok(&w, w.maria, "PATCH", "/customers/1", "{\"credit_limit\":100000}", 200, NULL);
        for (size_t i = 0; i < NACTS; i++)
                acts[i].walk(&w);
        posd_stop(&w.p);
        verify_ok(&w.p);
        posd_cleanup(&w.p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_act_needs_a_manager),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
