#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buying/purchasing.h"
#include "catalog/catalog.h"
#include "changes.h"
#include "ledger/audit.h"
#include "ledger/journal.h"
#include "people/users.h"
#include "stock/transfer.h"
#include "pool.h"
#include "upload.h"

#define STORE_WAIT_MS 5000

const struct actor hq_actor = { "hq", "", NULL, true };

/* A member's text (NULL when it is missing or not text). */
static const char *text(json_t *o, const char *key)
{
        return json_string_value(json_object_get(o, key));
}

/* A member's whole number, or dflt when it is missing; false when it is there but not one. */
static bool number(json_t *o, const char *key, int64_t dflt, int64_t *ret)
{
        json_t *v = json_object_get(o, key);

        *ret = v ? json_integer_value(v) : dflt;
        return !v || json_is_integer(v);
}

/* A product as HQ has it: what the change leaves out stays as the store has it (a new
 * product needs its name, unit and price); the price by the rule of prices
 * (price_set_at). */
static int product_change(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        char kept[BARCODES_PER_PRODUCT][BARCODE_ENTRY_MAX + 1];
        const char *codes[BARCODES_PER_PRODUCT], *sku = text(o, "sku");
        json_t *bc = json_object_get(o, "barcodes"), *v;
        struct product have;
        struct product_input in = { sku, NULL, "", NULL, NULL, 0, 0, 0, 0, 0, true, codes, 0 };
        bool known = sku && product_get_by_sku(l, sku, &have) == 0;
        int64_t tax, price, at;
        size_t i;
        int r;

        if (known) {
                in = (struct product_input){ sku, have.name, have.spec, have.unit, have.category[0] ? have.category : NULL,
                                             have.price, have.cost, have.tax_rate_bp, have.reorder_point, have.max_level,
                                             have.active, codes, 0 };
                if (!bc && (r = product_barcodes(l, have.id, kept, BARCODES_PER_PRODUCT)) >= 0)
                        for (in.nbarcodes = 0; in.nbarcodes < (size_t)r; in.nbarcodes++)
                                codes[in.nbarcodes] = kept[in.nbarcodes];
        }
        in.name = text(o, "name") ? text(o, "name") : in.name;
        in.spec = text(o, "spec") ? text(o, "spec") : in.spec;
        in.unit = text(o, "unit") ? text(o, "unit") : in.unit;
        in.category = text(o, "category") ? text(o, "category") : in.category;
        if (json_is_boolean(json_object_get(o, "active")))
                in.active = json_is_true(json_object_get(o, "active"));
        if (!sku || !number(o, "price", known ? have.price : -1, &price) || !number(o, "effective_at", 0, &at) ||
            !number(o, "cost", in.cost, &in.cost) || !number(o, "tax_rate_bp", in.tax_rate_bp, &tax) ||
            !number(o, "reorder_point", in.reorder_point, &in.reorder_point) ||
            !number(o, "max_level", in.max_level, &in.max_level) ||
            (bc && (!json_is_array(bc) || json_array_size(bc) > BARCODES_PER_PRODUCT))) {
                snprintf(why, whysize, "a product needs its sku (a new one its name, unit and price); cost, tax_rate_bp"
                                       " and levels are whole numbers, barcodes a list of at most %d", BARCODES_PER_PRODUCT);
                return -EINVAL;
        }
        in.tax_rate_bp = (int)tax;
        json_array_foreach(bc, i, v)
                if (!(codes[in.nbarcodes++] = json_string_value(v))) {
                        snprintf(why, whysize, "a barcode is text");
                        return -EINVAL;
                }
        if (!known)
                in.price = price;
        r = known ? product_update(l, sku, &in) : product_add(l, &in, NULL);
        return r < 0 ? r : price_set_at(l, &hq_actor, sku, price, at);
}

static int price_change(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        int64_t price, at;

        if (!text(o, "sku") || !number(o, "price", -1, &price) || !number(o, "effective_at", 0, &at)) {
                snprintf(why, whysize, "a price needs sku, price and effective_at (Unix ms), whole numbers");
                return -EINVAL;
        }
        return price_set_at(l, &hq_actor, text(o, "sku"), price, at);
}

static int supplier_change(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        struct supplier_input in = { text(o, "code"), text(o, "name"), text(o, "contact"), text(o, "phone"), 0, 0 };
        struct supplier s;
        int64_t terms, lead;

        if (!number(o, "terms_days", 0, &terms) || !number(o, "lead_days", 0, &lead) || terms < 0 || terms > 3650 ||
            lead < 0 || lead > 3650) {
                snprintf(why, whysize, "a supplier's terms_days and lead_days are 0 to 3650");
                return -EINVAL;
        }
        in.terms_days = (int)terms;
        in.lead_days = (int)lead;
        return supplier_put(l, &hq_actor, &in, &s);
}

static int user_change_from_hq(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        enum role role;

        if (role_parse(text(o, "role"), &role) < 0) {
                snprintf(why, whysize, "a user's role is cashier, manager or admin");
                return -EINVAL;
        }
        return user_put_hashed(l, &hq_actor, text(o, "name"), role, text(o, "pin_hash"),
                               !json_is_false(json_object_get(o, "active")));
}

static int store_change(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        if (!text(o, "code")) {
                snprintf(why, whysize, "a store has its code");
                return -EINVAL;
        }
        return chain_store_put(l, text(o, "code"), text(o, "name") ? text(o, "name") : text(o, "code"),
                               json_is_true(json_object_get(o, "self")));
}

/* A transfer another store sent here, as HQ passes it on. */
static int transfer_change(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        struct transfer_expected_line in[DOC_LINES_MAX];
        struct transfer_expected t = { text(o, "from"), text(o, "number"), text(o, "user"), text(o, "note"), 0, 0, in, 0 };
        json_t *lines = json_object_get(o, "lines"), *v;
        size_t i;

        snprintf(why, whysize, "a transfer has its from, number, at, value and 1 to %d lines {sku, qty, unit_cost,"
                               " value}, whole numbers", DOC_LINES_MAX);
        if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > DOC_LINES_MAX ||
            !number(o, "at", -1, &t.at) || t.at < 0 || !number(o, "value", -1, &t.value))
                return -EINVAL;
        json_array_foreach(lines, i, v) {
                int64_t line;
                if (!(in[i].sku = text(v, "sku")) || !number(v, "line", -1, &line) || line != (int64_t)i + 1 ||
                    !number(v, "qty", -1, &in[i].qty) || !number(v, "unit_cost", -1, &in[i].unit_cost) ||
                    !number(v, "value", -1, &in[i].value))
                        return -EINVAL;
        }
        t.nlines = json_array_size(lines);
        why[0] = '\0';
        return transfer_expect(l, &t);
}

/* What arrived of a transfer this store sent, as the other store received it. */
static int arrival_change(struct ledger *l, json_t *o, char *why, size_t whysize)
{
        struct transfer_receive_line in[DOC_LINES_MAX];
        json_t *lines = json_object_get(o, "lines"), *v;
        int64_t at, value, short_value, line;
        size_t i;

        snprintf(why, whysize, "an arrival has its number, receipt, at, value, short_value and lines {line, received},"
                               " whole numbers");
        if (!text(o, "number") || !text(o, "receipt") || !number(o, "at", -1, &at) || at < 0 ||
            !number(o, "value", -1, &value) ||
            !number(o, "short_value", -1, &short_value) || !json_is_array(lines) || json_array_size(lines) > DOC_LINES_MAX)
                return -EINVAL;
        json_array_foreach(lines, i, v) {
                if (!number(v, "line", -1, &line) || line < 1 || line > DOC_LINES_MAX ||
                    !number(v, "received", -1, &in[i].received))
                        return -EINVAL;
                in[i].line = (int)line;
        }
        why[0] = '\0';
        return transfer_arrived(l, text(o, "number"), text(o, "receipt"), at, in, json_array_size(lines), value,
                                short_value);
}

static int apply(struct ledger *l, const char *kind, const char *data, char *why, size_t whysize)
{
        static const struct {
                const char *kind;
                int (*fn)(struct ledger *, json_t *, char *, size_t);
        } kinds[] = {
                { "product", product_change },
                { "price", price_change },
                { "supplier", supplier_change },
                { "user", user_change_from_hq },
                { "store", store_change },
                { "transfer", transfer_change },
                { "transfer_arrived", arrival_change },
        };
        json_t *o = json_loads(data, JSON_REJECT_DUPLICATES, NULL);
        /* a kind of a later posd waits for this one to be upgraded, never left out */
        int r = -ENOTSUP;

        snprintf(why, whysize, "not a change this posd knows (%s): upgrade it", kind);
        if (!json_is_object(o)) {
                snprintf(why, whysize, "not a JSON object");
                r = -EINVAL;
        }
        for (size_t i = 0; json_is_object(o) && i < sizeof(kinds) / sizeof(kinds[0]); i++)
                if (!strcmp(kind, kinds[i].kind)) {
                        why[0] = '\0';
                        if ((r = kinds[i].fn(l, o, why, whysize)) < 0 && !why[0])
                                snprintf(why, whysize, "%s", ledger_errmsg(l));
                        break;
                }
        json_decref(o);
        return r;
}

/* A refusal of the change itself, which leaves it out, against a failure of the store,
 * which ends the batch. */
static bool refusal(int r)
{
        return r == -EINVAL || r == -ENOENT || r == -EEXIST || r == -EPERM || r == -ERANGE || r == -EBADMSG ||
               r == -E2BIG;
}

/* The changes a pass refused, for HQ ("12,40"). Past its room they are in the store's
 * audit log only. */
struct refused {
        int n;
        char list[4096];
};

static void refused_add(struct refused *f, const char *id)
{
        size_t len = strlen(f->list);

        if (len + strlen(id) + 2 < sizeof(f->list))
                snprintf(f->list + len, sizeof(f->list) - len, "%s%s", len ? "," : "", id);
        f->n++;
}

/* One change (what: its id, or its key, in the audit log) whole or not at all, in a
 * savepoint of its own: 0 when applied, 1 when refused (left out and audited), or a
 * failure of the store, which ends the batch. */
static int apply_one(struct ledger *l, const char *kind, const char *data, const char *what)
{
        char why[256];
        int r;

        if ((r = ledger_begin(l)) < 0)
                return r;
        if ((r = apply(l, kind, data, why, sizeof(why))) == 0)
                return ledger_commit(l);
        ledger_rollback(l);
        if (!refusal(r))
                return r;
        return (r = audit_add(l, &hq_actor, "hq_refused", "%s (%s): %s", what, kind, why)) < 0 ? r : 1;
}

/* One batch (res: id, kind, data) in one transaction, with the version it reaches. */
static int apply_batch(struct pool *pool, PGresult *res, struct refused *refused, char *err, size_t errsize)
{
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        int n = PQntuples(res), r = l ? ledger_begin(l) : -EBUSY;

        for (int i = 0; r == 0 && i < n; i++) {
                char what[40];
                snprintf(what, sizeof(what), "change %s", PQgetvalue(res, i, 0));
                if ((r = apply_one(l, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), what)) == 1) {
                        refused_add(refused, PQgetvalue(res, i, 0));
                        r = 0;
                }
        }
        if (r == 0 && (r = journal_set_applied(l, atoll(PQgetvalue(res, n - 1, 0)))) == 0)
                r = ledger_commit(l);
        if (r < 0)
                snprintf(err, errsize, "applying HQ's changes: %s", l ? ledger_errmsg(l) : "the store is busy");
        pool_put(pool, l); /* rolls back what a failure left open */
        return r;
}

/* Tell HQ the version the store has applied, and what it refused; HQ answers with the
 * version the store is current with (past changes for other stores), which the store
 * keeps. */
static int tell_applied(struct pool *pool, PGconn *hq, int64_t version, const struct refused *f, char *err,
                        size_t errsize)
{
        char v[24], ids[sizeof(f->list) + 2];
        const char *params[2] = { v, ids };
        struct ledger *l;
        PGresult *res;
        int64_t current = 0;
        int r = 0;

        snprintf(v, sizeof(v), "%lld", (long long)version);
        snprintf(ids, sizeof(ids), "{%s}", f->list);
        res = PQexecParams(hq, "SELECT hq.applied($1, $2::bigint[])", 2, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
                snprintf(err, errsize, "%s", PQerrorMessage(hq));
                r = -EIO;
        } else {
                current = atoll(PQgetvalue(res, 0, 0));
        }
        PQclear(res);
        if (r < 0 || current <= version)
                return r;
        if (!(l = pool_get(pool, STORE_WAIT_MS))) {
                r = -EBUSY;
                snprintf(err, errsize, "keeping HQ's version: the store is busy");
        } else if ((r = ledger_begin(l)) < 0 || (r = journal_set_applied(l, current)) < 0 || (r = ledger_commit(l)) < 0) {
                snprintf(err, errsize, "keeping HQ's version: %s", ledger_errmsg(l));
        }
        pool_put(pool, l); /* rolls back what a failure left open */
        return r;
}

/* What HQ passes on (res: kind, key, data), applied in one transaction, each whole or
 * not at all; then HQ hears which the store has, and which it refused (audited). */
static int take_transfers(struct pool *pool, PGconn *hq, PGresult *res, int *refused, char *err, size_t errsize)
{
        json_t *taken = json_pack("{s:[],s:[],s:[]}", "transfers", "arrivals", "refused");
        struct ledger *l = pool_get(pool, STORE_WAIT_MS);
        int n = PQntuples(res), r = !taken ? -ENOMEM : l ? ledger_begin(l) : -EBUSY;
        const char *params[1];
        char *text = NULL;
        PGresult *told;

        for (int i = 0; r == 0 && i < n; i++) {
                const char *kind = PQgetvalue(res, i, 0), *key = PQgetvalue(res, i, 1);
                if ((r = apply_one(l, kind, PQgetvalue(res, i, 2), key)) == 1) {
                        (*refused)++;
                        json_array_append_new(json_object_get(taken, "refused"), json_string(key));
                        r = 0;
                }
                if (r == 0)
                        json_array_append_new(json_object_get(taken, strcmp(kind, "transfer_arrived") ? "transfers"
                                                                                                       : "arrivals"),
                                              json_string(key));
        }
        if (r == 0)
                r = ledger_commit(l);
        if (r < 0)
                snprintf(err, errsize, "taking what HQ passed on: %s", l ? ledger_errmsg(l) : "the store is busy");
        pool_put(pool, l); /* rolls back what a failure left open */
        if (r == 0 && !(text = json_dumps(taken, JSON_COMPACT)))
                r = -ENOMEM;
        json_decref(taken);
        if (r < 0)
                return r;
        params[0] = text;
        told = PQexecParams(hq, "SELECT hq.transfers_taken($1::jsonb)", 1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(told) != PGRES_TUPLES_OK) {
                snprintf(err, errsize, "%s", PQerrorMessage(hq));
                r = -EIO;
        }
        PQclear(told);
        free(text);
        return r < 0 ? r : n;
}

/* Transfers other stores sent here, and arrivals of those sent from here, as many as HQ
 * gives at once (what is left waits for the next pass): how many. */
static int transfers_pass(struct pool *pool, PGconn *hq, int batch, int *refused, char *err, size_t errsize)
{
        char max[16];
        const char *params[1] = { max };
        PGresult *res;
        int r;

        snprintf(max, sizeof(max), "%d", batch);
        res = PQexecParams(hq, "SELECT kind, key, data FROM hq.transfers_for($1)", 1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
                snprintf(err, errsize, "%s", PQerrorMessage(hq));
                PQclear(res);
                return -EIO;
        }
        r = PQntuples(res) ? take_transfers(pool, hq, res, refused, err, errsize) : 0;
        PQclear(res);
        return r;
}

int changes_pass(struct pool *pool, PGconn *hq, int batch, int *refused, char *err, size_t errsize)
{
        struct refused f = { 0, "" };
        int total = 0;

        for (;;) {
                struct journal_sync js;
                char after[24], max[16];
                const char *params[2] = { after, max };
                PGresult *res;
                int n, r;

                if ((r = upload_sync_get(pool, &js, err, errsize)) < 0)
                        return r;
                snprintf(after, sizeof(after), "%lld", (long long)js.applied);
                snprintf(max, sizeof(max), "%d", batch);
                res = PQexecParams(hq, "SELECT id, kind, data FROM hq.changes_for($1, $2)", 2, NULL, params, NULL, NULL, 0);
                if (PQresultStatus(res) != PGRES_TUPLES_OK) {
                        snprintf(err, errsize, "%s", PQerrorMessage(hq));
                        PQclear(res);
                        return -EIO;
                }
                /* nothing more: HQ learns the version the store has (again, after a stop
                 * between applying and telling) */
                if ((n = PQntuples(res)) == 0) {
                        int moved = 0;
                        PQclear(res);
                        *refused = f.n;
                        if ((r = tell_applied(pool, hq, js.applied, &f, err, errsize)) < 0 ||
                            (moved = transfers_pass(pool, hq, batch, refused, err, errsize)) < 0)
                                return r < 0 ? r : moved;
                        return total + moved;
                }
                r = apply_batch(pool, res, &f, err, errsize);
                PQclear(res);
                if (r < 0)
                        return r;
                total += n;
        }
}
