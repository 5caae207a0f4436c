/* The route table, and what every request goes through before its handler: parsing,
 * authentication, the role check, and recording the answer to a keyed request in the
 * same transaction as its effect. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_int.h"
#include "training.h"
#include "json_depth.h"
#include "ledger/replies.h"

static const struct route table[] = {
        { "GET", "/health", PUBLIC, h_health, DURABLE },
        { "GET", "/sync", MANAGER, h_sync, DURABLE },
        { "GET", "/chain/stores", MANAGER, h_chain_stores, DURABLE },
        { "GET", "/chain/sales", MANAGER, h_chain_sales, DURABLE },
        { "GET", "/chain/stock", MANAGER, h_chain_stock, DURABLE },
        { "GET", "/chain/transfers", MANAGER, h_chain_transfers, DURABLE },
        { "POST", "/sessions", PUBLIC, h_session_new, DURABLE },
        { "DELETE", "/sessions/current", ANY_USER, h_session_end, DURABLE },
        { "GET", "/products", ANY_USER, h_products, DURABLE },
        { "POST", "/products", MANAGER, h_product_new, DURABLE },
        { "GET", "/products/{}", ANY_USER, h_product, DURABLE },
        { "PUT", "/products/{}", MANAGER, h_product_put, DURABLE },
        { "GET", "/barcodes/{}", ANY_USER, h_barcode, DURABLE },
        { "GET", "/stock", ANY_USER, h_stock, DURABLE },
        { "GET", "/alerts", ANY_USER, h_alerts, DURABLE },
        { "POST", "/shifts", ANY_USER, h_shift_open, DURABLE },
        { "GET", "/shifts/current", ANY_USER, h_shift_current, DURABLE },
        { "POST", "/shifts/current/close", ANY_USER, h_shift_close, DURABLE },
        { "POST", "/cash-movements", ANY_USER, h_cash, DURABLE },
        { "POST", "/tickets", ANY_USER, h_ticket_new, DRAFT },
        { "GET", "/tickets", ANY_USER, h_tickets, DURABLE },
        { "GET", "/tickets/current", ANY_USER, h_ticket_current, DURABLE },
        { "GET", "/tickets/{}", ANY_USER, h_ticket, DURABLE },
        { "PATCH", "/tickets/{}", ANY_USER, h_ticket_patch, DRAFT },
        { "DELETE", "/tickets/{}", ANY_USER, h_ticket_void, DURABLE },
        { "POST", "/tickets/{}/lines", ANY_USER, h_line_add, DRAFT },
        { "PATCH", "/tickets/{}/lines/{}", ANY_USER, h_line_patch, DRAFT },
        { "DELETE", "/tickets/{}/lines/{}", ANY_USER, h_line_void, DRAFT },
        { "POST", "/tickets/{}/payments", ANY_USER, h_pay, DURABLE },
        { "DELETE", "/tickets/{}/payments/{}", ANY_USER, h_unpay, DURABLE },
        { "POST", "/tickets/{}/suspend", ANY_USER, h_suspend, DRAFT },
        { "POST", "/tickets/{}/resume", ANY_USER, h_resume, DRAFT },
        { "POST", "/tickets/{}/complete", ANY_USER, h_complete, DURABLE },
        { "GET", "/sales", ANY_USER, h_sales, DURABLE },
        { "GET", "/sales/{}", ANY_USER, h_sale, DURABLE },
        { "POST", "/sales/{}/receipt", ANY_USER, h_reprint, DURABLE },
        { "GET", "/devices", ANY_USER, h_devices, DURABLE },
        { "POST", "/drawer/open", ANY_USER, h_no_sale, DURABLE },
        { "POST", "/returns", ANY_USER, h_return, DURABLE },
        { "POST", "/returns/quote", ANY_USER, h_return_quote, DURABLE },
        { "GET", "/audit", MANAGER, h_audit, DURABLE },
        { "GET", "/users", MANAGER, h_users, DURABLE },
        { "POST", "/users", ADMIN, h_user_new, DURABLE },
        { "PATCH", "/users/{}", ADMIN, h_user_patch, DURABLE },
        { "PUT", "/users/{}/training", MANAGER, h_user_training, DURABLE },
        { "POST", "/imports/products", MANAGER, h_import_new, DURABLE },
        { "GET", "/imports/{}", MANAGER, h_import_get, DURABLE },
        { "GET", "/exports/products.csv", MANAGER, h_export_products, DURABLE },
        { "GET", "/reports/sales", MANAGER, h_report_sales, DURABLE },
        { "GET", "/reports/purchases", MANAGER, h_report_purchases, DURABLE },
        { "GET", "/reports/sales-by", MANAGER, h_report_sales_by, DURABLE },
        { "GET", "/reports/stock", MANAGER, h_report_stock, DURABLE },
        { "GET", "/reports/expiring", ANY_USER, h_report_expiring, DURABLE },
        { "GET", "/reports/finance", MANAGER, h_report_finance, DURABLE },
        { "GET", "/settings", MANAGER, h_settings, DURABLE },
        { "PATCH", "/settings", MANAGER, h_settings_patch, DURABLE },
        { "GET", "/tax-rates", ANY_USER, h_tax_rates, DURABLE },
        { "POST", "/tax-rates", MANAGER, h_tax_rate_new, DURABLE },
        { "PATCH", "/tax-rates/{}", MANAGER, h_tax_rate_patch, DURABLE },
        { "GET", "/categories", ANY_USER, h_categories, DURABLE },
        { "POST", "/categories", MANAGER, h_category_new, DURABLE },
        { "PATCH", "/categories/{}", MANAGER, h_category_patch, DURABLE },
        { "DELETE", "/categories/{}", MANAGER, h_category_delete, DURABLE },
        { "GET", "/customers", ANY_USER, h_customers, DURABLE },
        { "POST", "/customers", ANY_USER, h_customer_new, DURABLE },
        { "GET", "/customers/{}", ANY_USER, h_customer, DURABLE },
        { "POST", "/shifts/{}/print", ANY_USER, h_shift_print, DURABLE },
        { "POST", "/devices/{}/test", MANAGER, h_test_print, DURABLE },
        { "GET", "/suppliers", ANY_USER, h_suppliers, DURABLE },
        { "POST", "/suppliers", MANAGER, h_supplier_new, DURABLE },
        { "GET", "/suppliers/{}", ANY_USER, h_supplier, DURABLE },
        { "GET", "/purchase-suggestions", ANY_USER, h_suggestions, DURABLE },
        { "POST", "/purchase-suggestions/draft", MANAGER, h_suggestions_draft, DURABLE },
        { "GET", "/purchase-orders", ANY_USER, h_pos, DURABLE },
        { "POST", "/purchase-orders", ANY_USER, h_po_new, DURABLE },
        { "GET", "/purchase-orders/{}", ANY_USER, h_po, DURABLE },
        { "POST", "/purchase-orders/{}/approve", MANAGER, h_po_approve, DURABLE },
        { "POST", "/purchase-orders/{}/send", MANAGER, h_po_send, DURABLE },
        { "POST", "/purchase-orders/{}/cancel", MANAGER, h_po_cancel, DURABLE },
        { "POST", "/purchase-orders/{}/close", MANAGER, h_po_close, DURABLE },
        { "POST", "/purchase-orders/{}/receive", ANY_USER, h_po_receive, DURABLE },
        { "GET", "/locations", ANY_USER, h_locations, DURABLE },
        { "POST", "/locations", MANAGER, h_location_new, DURABLE },
        { "GET", "/transfers", ANY_USER, h_transfers, DURABLE },
        { "POST", "/transfers", MANAGER, h_transfer_new, DURABLE },
        { "GET", "/transfers/{}", ANY_USER, h_transfer, DURABLE },
        { "POST", "/transfers/{}/receive", ANY_USER, h_transfer_receive, DURABLE },
        { "GET", "/stocktakes", ANY_USER, h_stocktakes, DURABLE },
        { "POST", "/stocktakes", MANAGER, h_stocktake_new, DURABLE },
        { "GET", "/stocktakes/{}", ANY_USER, h_stocktake, DURABLE },
        { "POST", "/stocktakes/{}/counts", ANY_USER, h_stocktake_count, DURABLE },
        { "POST", "/stocktakes/{}/post", MANAGER, h_stocktake_post, DURABLE },
        { "POST", "/stocktakes/{}/cancel", MANAGER, h_stocktake_cancel, DURABLE },
        { "PATCH", "/customers/{}", MANAGER, h_customer_patch, DURABLE },
        { "GET", "/customers/{}/account", ANY_USER, h_customer_account, DURABLE },
        { "GET", "/customers/{}/purchases", ANY_USER, h_customer_purchases, DURABLE },
        { "POST", "/customers/{}/payments", ANY_USER, h_customer_payment, DURABLE },
        { "GET", "/receivables", MANAGER, h_receivables, DURABLE },
        { "POST", "/supplier-invoices", MANAGER, h_supplier_invoice_new, DURABLE },
        { "GET", "/suppliers/{}/account", MANAGER, h_supplier_account, DURABLE },
        { "POST", "/suppliers/{}/payments", MANAGER, h_supplier_payment, DURABLE },
        { "GET", "/payables", MANAGER, h_payables, DURABLE },
        { "POST", "/goods-receipts", ANY_USER, h_goods_receipt_new, DURABLE },
        { "POST", "/supplier-returns", MANAGER, h_supplier_return_new, DURABLE },
        { "GET", "/sales-orders", ANY_USER, h_sales_orders, DURABLE },
        { "POST", "/sales-orders", ANY_USER, h_sales_order_new, DURABLE },
        { "GET", "/sales-orders/{}", ANY_USER, h_sales_order, DURABLE },
        { "POST", "/sales-orders/{}/pick", ANY_USER, h_sales_order_pick, DURABLE },
        { "POST", "/sales-orders/{}/ship", ANY_USER, h_sales_order_ship, DURABLE },
        { "POST", "/sales-orders/{}/invoice", MANAGER, h_sales_order_invoice, DURABLE },
        { "POST", "/sales-orders/{}/cancel", MANAGER, h_sales_order_cancel, DURABLE },
        { "POST", "/sales-orders/{}/returns", MANAGER, h_sales_order_return, DURABLE },
};

const struct route *routes(size_t *ret_n)
{
        *ret_n = sizeof(table) / sizeof(table[0]);
        return table;
}

/* Match "/tickets/ab12/lines/3" against "/tickets/{}/lines/{}", collecting the pieces. */
static bool match(struct req *r, const char *pattern)
{
        const char *p = pattern, *s = r->path;
        size_t n = 0, used = 0;

        while (*p && *s) {
                if (p[0] == '{' && p[1] == '}') {
                        size_t len = strcspn(s, "/");
                        if (len == 0 || n == PATH_PARTS_MAX || used + len + 1 > sizeof(r->partbuf))
                                return false;
                        memcpy(r->partbuf + used, s, len);
                        r->partbuf[used + len] = '\0';
                        r->part[n++] = r->partbuf + used;
                        used += len + 1;
                        s += len;
                        p += 2;
                } else if (*p++ != *s++) {
                        return false;
                }
        }
        return !*p && !*s;
}

static bool parse_body(struct req *r)
{
        json_error_t err;

        if (!r->body_len)
                return true;
        if (!json_depth_ok(r->body, r->body_len, r->cfg.max_json_depth)) {
                reply_error(r, 400, "TOO_DEEP", "the JSON nests deeper than %d levels", r->cfg.max_json_depth);
                return false;
        }
        r->in = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
        if (!r->in) {
                reply_error(r, 400, "MALFORMED_JSON", "the body is not valid JSON: %s (line %d, column %d)", err.text,
                            err.line, err.column);
                return false;
        }
        if (!json_is_object(r->in)) {
                reply_error(r, 400, "MALFORMED_JSON", "the body must be a JSON object");
                return false;
        }
        return true;
}

static bool authenticate(struct req *r, enum role_need need)
{
        const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

        if (need == PUBLIC)
                return true;
        if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
                reply_error(r, 401, "NO_SESSION", "sign in first: send 'Authorization: Bearer TOKEN'");
                return false;
        }
        if (session_check(r->l, h + 7, &r->s) < 0) {
                reply_core(r, false);
                return false;
        }
        if ((need == MANAGER && r->s.user.role < ROLE_MANAGER) || (need == ADMIN && r->s.user.role < ROLE_ADMIN)) {
                reply_error(r, 403, "FORBIDDEN", "%s may not do this: it needs %s", r->s.user.name,
                            need == ADMIN ? "an admin" : "a manager");
                return false;
        }
        r->actor = (struct actor){ r->s.user.name, r->s.lane, NULL, r->s.user.role >= ROLE_MANAGER };
        return true;
}

static void request_hash(struct req *r, unsigned char out[REPLY_HASH_BYTES])
{
        crypto_hash_sha256_state s;

        crypto_hash_sha256_init(&s);
        crypto_hash_sha256_update(&s, (const unsigned char *)r->method, strlen(r->method) + 1);
        crypto_hash_sha256_update(&s, (const unsigned char *)r->path, strlen(r->path) + 1);
        crypto_hash_sha256_update(&s, (const unsigned char *)r->s.user.name, strlen(r->s.user.name) + 1);
        crypto_hash_sha256_update(&s, (const unsigned char *)(r->body ? r->body : ""), r->body_len);
        if (r->upload) /* a file body: its digest, taken as it arrived */
                crypto_hash_sha256_update(&s, r->upload_sum, sizeof(r->upload_sum));
        crypto_hash_sha256_final(&s, out);
}

static void replay(struct req *r, int status, char *body)
{
        json_t *j = body[0] ? json_loads(body, 0, NULL) : NULL;

        free(body);
        reply(r, status, j || status == 204 ? j : json_object());
}

/* COMMIT failed: the answer was recorded with the effect, or neither was. */
static void settle(struct req *r, const unsigned char hash[REPLY_HASH_BYTES])
{
        char *body = NULL;
        int status = 0, found = reply_find(r->l, r->idem_key, hash, &status, &body);

        if (found == 1)
                replay(r, status, body);
        else if (found == 0)
                reply_error(r, 503, "NOT_SAVED", "the store could not save this (%s); nothing was changed: retry with the "
                            "same Idempotency-Key", ledger_errmsg(r->l));
        else
                reply_error(r, 503, "OUTCOME_UNKNOWN", "it is not known whether this was saved: retry with the same "
                            "Idempotency-Key once the store is back");
}

/* What was rolled back must not be told of. */
static void drop_events(struct req *r)
{
        for (int i = 0; i < r->nevents; i++)
                json_decref(r->events[i].data);
        r->nevents = 0;
}

/* A keyed request: its answer is recorded in the transaction of its effect, and never
 * apart from it (reply_store refuses a transaction SQLite dropped). A refused request
 * keeps nothing, answer or effect. */
static void run_keyed(struct req *r, handler_fn fn)
{
        unsigned char hash[REPLY_HASH_BYTES];
        char *body = NULL, *text;
        int status = 0, found;

        request_hash(r, hash);
        if (ledger_begin(r->l) < 0)
                return reply_core(r, false);
        if ((found = reply_find(r->l, r->idem_key, hash, &status, &body)) != 0) {
                ledger_rollback(r->l);
                if (found == 1)
                        return replay(r, status, body);
                return reply_core(r, false);
        }
        fn(r);
        if (r->status >= 400) { /* refused, or the store failed part way: nothing of it may stay */
                ledger_rollback(r->l);
                drop_events(r);
                return;
        }
        if (r->status >= 200 && r->status < 300) {
                text = r->out ? json_dumps(r->out, JSON_COMPACT | JSON_REAL_PRECISION(15)) : strdup("");
                if (!text || reply_store(r->l, r->idem_key, hash, r->status, text) < 0) {
                        free(text);
                        ledger_rollback(r->l);
                        drop_events(r);
                        return reply_core(r, false);
                }
                free(text);
        }
        if (ledger_commit(r->l) < 0) {
                drop_events(r);
                settle(r, hash);
        }
}

/* The route of r's method and path, or NULL with the methods its path takes in r->allow
 * (none: no such path). */
static const struct route *find_route(struct req *r)
{
        size_t n = 0;

        r->allow[0] = '\0';
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                if (!match(r, table[i].pattern))
                        continue;
                if (!strcmp(r->method, table[i].method)) {
                        r->allow[0] = '\0';
                        return &table[i];
                }
                if (!strstr(r->allow, table[i].method))
                        n += (size_t)snprintf(r->allow + n, n < sizeof(r->allow) ? sizeof(r->allow) - n : 0, "%s%s%s",
                                              n ? ", " : "", table[i].method,
                                              strcmp(table[i].method, "GET") ? "" : ", HEAD");
        }
        return NULL;
}

/* A session in training works on the training store, made from the store (r->l) the
 * first time one needs it: nothing it does reaches the store. */
static bool to_training(struct req *r, enum role_need need)
{
        struct ledger_error e = { 0 };
        struct pool *tp;

        if (!r->s.training)
                return true;
        /* a session in training is a cashier's at the till: the back office is the store's */
        if (need >= MANAGER) {
                reply_error(r, 403, "IN_TRAINING", "%s is in training: the back office is not part of it", r->s.user.name);
                return false;
        }
        if (training_pool(r->api->training, r->l, &tp, &e) < 0) {
                reply_error(r, 503, "TRAINING_UNAVAILABLE", "the training store cannot be opened: %s", e.msg);
                return false;
        }
        pool_put(r->lpool, r->l);
        if (!(r->l = pool_get((r->lpool = tp), POOL_WAIT_MS))) {
                reply_error(r, 503, "BUSY", "the store is busy: try again");
                return false;
        }
        return true;
}

void dispatch_auth(struct req *r, enum role_need need)
{
        if (!(r->l = pool_get((r->lpool = r->api->pool), POOL_WAIT_MS)))
                return reply_error(r, 503, "BUSY", "the store is busy: try again");
        (void)authenticate(r, need);
        pool_put(r->lpool, r->l);
        r->l = NULL;
}

void dispatch(struct req *r)
{
        const struct route *rt;

        if (!(rt = find_route(r))) {
                if (r->allow[0])
                        return reply_error(r, 405, "METHOD_NOT_ALLOWED", "%s is not allowed on %s", r->method, r->path);
                return reply_error(r, 404, "NOT_FOUND", "there is no %s", r->path);
        }
        match(r, rt->pattern); /* the pieces of the route that matched */
        if (!parse_body(r))
                return;
        if (!(r->l = pool_get((r->lpool = r->api->pool), POOL_WAIT_MS)))
                return reply_error(r, 503, "BUSY", "the store is busy: try again");
        /* signing out ends the session, which is the store's own wherever it works */
        if (!authenticate(r, rt->need) || (rt->fn != h_session_end && !to_training(r, rt->need)))
                return;
        if (rt->need != PUBLIC && r->in && json_object_get(r->in, "approved_by")) {
                /* a manager's PIN is hashed for a signed-in caller only, holding no store
                 * connection meanwhile */
                pool_put(r->lpool, r->l);
                r->l = NULL;
                approval_ask(r);
                if (!(r->l = pool_get(r->lpool, POOL_WAIT_MS)))
                        return reply_error(r, 503, "BUSY", "the store is busy: try again");
        }
        if (rt->dur == DRAFT && ledger_set_draft(r->l) < 0)
                return reply_core(r, false);
        r->idem_key = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Idempotency-Key");
        if (r->idem_key && !strncmp(r->idem_key, "ticket:", 7))
                return reply_error(r, 400, "BAD_IDEMPOTENCY_KEY", "keys starting with 'ticket:' are posd's own");
        /* public requests (signing in) are not recorded: the answer holds a token */
        if (r->idem_key && strcmp(r->method, "GET") != 0 && rt->need != PUBLIC) {
                if (strlen(r->idem_key) > 128 || !r->idem_key[0])
                        return reply_error(r, 400, "BAD_IDEMPOTENCY_KEY", "an Idempotency-Key is 1 to 128 characters");
                return run_keyed(r, rt->fn);
        }
        r->idem_key = NULL;
        rt->fn(r);
}
