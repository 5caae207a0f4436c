/* Internals of the API: the request a handler sees, and the helpers handlers share. */
#ifndef POSD_API_INT_H
#define POSD_API_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>

#include "api.h"
#include "ledger/text.h"
#include "people/auth.h"
#include "catalog/catalog.h"
#include "till/checkout.h"
#include "events.h"
#include "pin_gate.h"
#include "pool.h"
#include "stock/stock.h"

#define PATH_PARTS_MAX 8
#define POOL_WAIT_MS 5000

struct api {
        struct MHD_Daemon *mhd;
        struct pool *pool;
        struct training *training; /* the store of sessions in training */
        struct events *ev;
        struct devices *dev;
        struct uploader *up; /* the journal to HQ; NULL: the store is in no chain */
        struct hq_reports *reports; /* HQ's reports, served by HQ's office; else NULL */
        pthread_mutex_t cfg_lock;
        struct api_config cfg;
        unsigned streams; /* events streams open, under cfg_lock */
        struct imports *imports;
        struct pin_gate *gate;
        struct conns *conns; /* the connections open, for their deadlines (http.c) */
        uint64_t sessions_gen; /* bumped when a session ends here, under cfg_lock */
};

/* A session ended or a user lost access: events streams check theirs at once. */
void sessions_changed(struct api *a);

enum role_need { PUBLIC, ANY_USER, MANAGER, ADMIN };

struct req;
typedef void (*handler_fn)(struct req *r);

/* An open ticket's edits are drafts (ledger_set_draft): a power cut may take the last
 * of them, never a completed sale; docs/RELIABILITY.md says which routes. */
enum durability { DURABLE, DRAFT };

struct route {
        const char *method;
        const char *pattern; /* "/tickets/{}/lines/{}" */
        enum role_need need;
        handler_fn fn;
        enum durability dur;
};

#define REQ_EVENTS_MAX 8

struct req {
        struct api *api;
        struct MHD_Connection *conn;
        struct api_config cfg; /* a copy: a reload mid-request changes nothing */
        const char *method;
        char path[256];
        const char *part[PATH_PARTS_MAX]; /* the {} pieces of the path, in order */
        char partbuf[256];
        char *body;
        size_t body_len;
        bool body_too_large;
        json_t *in;             /* the request body, an object, or NULL */
        const char *idem_key;
        struct ledger *l;       /* borrowed from the pool for the request */
        struct pool *lpool;     /* the pool l is from: the store's, or the training store's */
        struct session s;       /* who asks, once authenticated */
        struct actor actor;
        char approver[NAME_MAX_LEN + 1];
        int status;
        json_t *out;            /* the answer */
        struct { const char *type; json_t *data; } events[REQ_EVENTS_MAX];
        int nevents;
        const char *wake_printer; /* a receipt was queued: the printer is woken after commit */
        int import_id;            /* an import accepted: started once the answer stands */
        const char *wake_drawer;  /* ... and a kick for a drawer on its own line */
        FILE *upload;             /* a file sent as the body, spooled to disk */
        uint64_t upload_len;
        bool upload_failed;       /* it could not be written */
        crypto_hash_sha256_state upload_hashing;
        unsigned char upload_sum[crypto_hash_sha256_BYTES];
        FILE *file;               /* an answer that is a file, not JSON */
        const char *file_type, *file_name;
        unsigned retry_after;     /* seconds, sent as Retry-After when not 0 */
        bool close;               /* the connection ends with the answer: its framing was bad */
        char allow[64];           /* a 405's Allow: the methods the path takes */
        bool approval_asked;      /* approved_by was checked: the outcome is in approval */
        struct pin_attempt approval;
};

/* The checkout policy for this request's lane: its printer and drawer. */
struct checkout_policy lane_policy(struct req *r);

/* ---- answers ---- */
/* framing.c: 0 when the request's header lines and framing are sound (RFC 9112), else
 * the status to refuse it with (400, or 501 for a transfer coding posd does not know)
 * and why. */
int framing_fault(struct MHD_Connection *c, const char *version, const char **why);

void reply(struct req *r, int status, json_t *body);          /* takes body */
void reply_error(struct req *r, int status, const char *code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* The core's last error as an answer: the status follows its code. body_ref: the
 * thing was named in the body (422), not in the path (404). */
void reply_core(struct req *r, bool body_ref);
/* A report (takes doc): JSON, or with ?format=csv the array doc[rows] as name, a CSV
 * file (csv_out.c). */
void reply_report(struct req *r, json_t *doc, const char *rows, const char *name);
/* Queue an event to publish once the request's work is committed (takes data). */
void req_event(struct req *r, const char *type, json_t *data);

/* ---- the query string ---- */
const char *query(struct req *r, const char *key);
/* A whole number 0..max (above max: max); dflt when absent, -1 when not a number. */
int query_int(struct req *r, const char *key, int dflt, int max);
/* The first {} of the path as an id: > 0, or 0 with a 404 of code sent, naming what. */
int64_t path_id(struct req *r, const char *code, const char *what);

/* ---- the body ---- */
/* Read a member; false (and an answer set) when it is missing but required or has the
 * wrong type. Strings are bounded; money is an integer of minor units; a quantity is a
 * number with at most three decimals. */
bool in_str(struct req *r, const char *key, bool required, size_t max, const char **ret);
bool in_money(struct req *r, json_t *obj, const char *key, bool required, int64_t *ret);
bool in_qty(struct req *r, json_t *obj, const char *key, bool required, int64_t *ret);
bool in_int(struct req *r, json_t *obj, const char *key, bool required, int64_t min, int64_t max, int64_t *ret);
/* A percentage from 0 to 100 with at most two decimals, as basis points; else code (422). */
bool in_percent(struct req *r, json_t *obj, const char *key, bool required, const char *code, int *ret);
/* A manager's approval in "approved_by": {"user", "pin"}, checked; false with an answer
 * set when it is given but wrong. */
bool in_approval(struct req *r);

#include "json_out.h"

/* ---- routes ---- */
const struct route *routes(size_t *ret_n);
void dispatch(struct req *r);
/* Only authenticate (for the events stream): r->status stays 0 when it passes. */

/* handlers */
void h_health(struct req *r);
void h_sync(struct req *r);
void h_chain_stores(struct req *r);
void h_chain_sales(struct req *r);
void h_chain_stock(struct req *r);
void h_chain_transfers(struct req *r);
/* The sync state's JSON (h_sync.c); NULL with an answer set when the store fails. */
json_t *sync_json(struct req *r);
void h_session_new(struct req *r);
void h_session_end(struct req *r);
void h_products(struct req *r);
void h_product(struct req *r);
void h_product_new(struct req *r);
void h_product_put(struct req *r);
void h_barcode(struct req *r);
void h_stock(struct req *r);
void h_shift_open(struct req *r);
void h_shift_current(struct req *r);
void h_shift_close(struct req *r);
void h_cash(struct req *r);
void h_ticket_new(struct req *r);
void h_ticket_current(struct req *r);
void h_tickets(struct req *r);
void h_ticket(struct req *r);
void h_ticket_patch(struct req *r);
void h_ticket_void(struct req *r);
void h_line_add(struct req *r);
void h_line_patch(struct req *r);
void h_line_void(struct req *r);
void h_pay(struct req *r);
void h_unpay(struct req *r);
void h_suspend(struct req *r);
void h_resume(struct req *r);
void h_complete(struct req *r);
void h_sale(struct req *r);
void h_sales(struct req *r);
void h_return(struct req *r);
void h_return_quote(struct req *r);
void h_users(struct req *r);
void h_import_new(struct req *r);
void h_import_get(struct req *r);
void h_export_products(struct req *r);
void h_report_sales(struct req *r);
void h_report_purchases(struct req *r);
void h_report_sales_by(struct req *r);
void h_report_stock(struct req *r);
void h_report_expiring(struct req *r);
void h_report_finance(struct req *r);
void h_user_training(struct req *r);
void h_settings(struct req *r);
void h_settings_patch(struct req *r);
void h_tax_rates(struct req *r);
void h_tax_rate_new(struct req *r);
void h_tax_rate_patch(struct req *r);
void h_categories(struct req *r);
void h_category_new(struct req *r);
void h_category_patch(struct req *r);
void h_category_delete(struct req *r);
void h_customers(struct req *r);
void h_suppliers(struct req *r);
void h_supplier_new(struct req *r);
void h_supplier(struct req *r);
void h_suggestions(struct req *r);
void h_alerts(struct req *r);
struct batch_level;
json_t *batch_json(const struct batch_level *b);
/* Batches expiring before this are alerts ([stock] expiry_alert_days from now). */
int64_t expiry_horizon(struct req *r);
/* Stock moved by `moved` (signed) took sku across a threshold (down to its reorder point,
 * up past its maximum level): it is added to items. stock_alert_send then makes one
 * alert event of them (or none). */
void stock_alert_add(struct req *r, enum stock_alert kind, const char *sku, int64_t moved, json_t *items);
void stock_alert_send(struct req *r, enum stock_alert kind, json_t *items);
void h_suggestions_draft(struct req *r);
void h_pos(struct req *r);
void h_po(struct req *r);
void h_po_new(struct req *r);
void h_po_approve(struct req *r);
void h_po_send(struct req *r);
void h_po_cancel(struct req *r);
void h_po_close(struct req *r);
void h_po_receive(struct req *r);
void h_locations(struct req *r);
void h_location_new(struct req *r);
void h_transfers(struct req *r);
void h_transfer(struct req *r);
void h_transfer_new(struct req *r);
void h_transfer_receive(struct req *r);
void h_stocktakes(struct req *r);
void h_stocktake(struct req *r);
void h_stocktake_new(struct req *r);
void h_stocktake_count(struct req *r);
void h_stocktake_post(struct req *r);
void h_stocktake_cancel(struct req *r);
/* The customer id in the path; 0 (and a 404 answer set) when it is not one. */
int64_t path_customer(struct req *r);
void h_customer_patch(struct req *r);
void h_customer_account(struct req *r);
void h_customer_purchases(struct req *r);
void h_customer_payment(struct req *r);
void h_receivables(struct req *r);
void h_supplier_invoice_new(struct req *r);
void h_supplier_account(struct req *r);
void h_supplier_payment(struct req *r);
void h_payables(struct req *r);
void h_goods_receipt_new(struct req *r);
void h_supplier_return_new(struct req *r);
void h_sales_orders(struct req *r);
void h_sales_order(struct req *r);
void h_sales_order_new(struct req *r);
void h_sales_order_pick(struct req *r);
void h_sales_order_ship(struct req *r);
void h_sales_order_invoice(struct req *r);
void h_sales_order_cancel(struct req *r);
void h_sales_order_return(struct req *r);
void h_shift_print(struct req *r);
void h_test_print(struct req *r);
void h_customer(struct req *r);
void h_customer_new(struct req *r);
/* Authenticate with the role a route needs, without running it (r->status is set on refusal). */
void dispatch_auth(struct req *r, enum role_need need);
void h_user_new(struct req *r);
void h_user_patch(struct req *r);
void h_audit(struct req *r);
void h_reprint(struct req *r);
void h_devices(struct req *r);
void h_no_sale(struct req *r);

#endif
