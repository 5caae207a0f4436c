/* The document kinds and the one reader of documents.
 *
 * Rules, checked after every step of a seeded random run of postings of several kinds:
 * the store verifies (every document journalled, numbers gap-free, every digest intact);
 * each answer is the document as stored; stock on hand per location is what the model
 * says; transfers and purchase orders read back as the model holds them; a refused
 * posting and a repeated key change nothing. And the descriptor table itself: every
 * kind found by its name, numbers that cannot be mistaken for another kind's, and SQL
 * that the schema accepts. A store written before the descriptors existed is in
 * test_store_compat (tests/integration). */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buying/goods_in.h"
#include "buying/purchasing.h"
#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/document.h"
#include "ledger/journal.h"
#include "stock/stock.h"
#include "stock/transfer.h"
#include "testlib.h"
#include "till/sale.h"

static void test_kinds_table(void **state)
{
        struct tstore t;
        sqlite3 *db = NULL;
        (void)state;

        tstore_open(&t);
        assert_int_equal(sqlite3_open_v2(t.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        for (int i = 0; i < DOC__COUNT; i++) {
                const struct doc_kind *k = doc_kind((enum doc_type)i);
                const char *sql[DOC_DIGEST_PARTS + 2];
                size_t n = 0;
                assert_non_null(k->type);
                assert_non_null(k->table);
                assert_non_null(k->noun);
                assert_non_null(k->unknown);
                assert_ptr_equal(doc_kind_find(k->type), k);
                /* a number is its prefix and digits: letters only, and no two alike */
                assert_true(*k->prefix && strspn(k->prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(k->prefix));
                for (int j = 0; j < i; j++) {
                        assert_string_not_equal(doc_kind((enum doc_type)j)->prefix, k->prefix);
                        assert_string_not_equal(doc_kind((enum doc_type)j)->type, k->type);
                }
                /* posted kinds answer with their figures; those are the journalled ones */
                assert_int_equal(k->result != NULL, doc_journalled(k));
                if (k->result)
                        sql[n++] = k->result;
                for (int p = 0; p < DOC_DIGEST_PARTS && k->digest[p]; p++)
                        sql[n++] = k->digest[p];
                if (k->total) {
                        char want[96];
                        snprintf(want, sizeof(want), "UPDATE %s SET ", k->table);
                        assert_true(strncmp(k->total, want, strlen(want)) == 0);
                        sql[n++] = k->total;
                }
                for (size_t s = 0; s < n; s++) {
                        sqlite3_stmt *st = NULL;
                        if (sqlite3_prepare_v2(db, sql[s], -1, &st, NULL) != SQLITE_OK)
                                fail_msg("%s: %s: %s", k->type, sql[s], sqlite3_errmsg(db));
                        sqlite3_finalize(st);
                }
                {
                        char head[128];
                        sqlite3_stmt *st = NULL;
                        snprintf(head, sizeof(head), "SELECT id, number FROM %s", k->table);
                        if (sqlite3_prepare_v2(db, head, -1, &st, NULL) != SQLITE_OK)
                                fail_msg("%s: %s", k->type, sqlite3_errmsg(db));
                        sqlite3_finalize(st);
                }
        }
        assert_null(doc_kind_find("invoice_of_nothing"));
        sqlite3_close(db);
        tstore_close(&t);
}

/* ---- the seeded random run ---- */

#define NPROD 4
#define NLOC 2
#define STEPS 160
#define MAX_XFERS 64
#define MAX_POS 32

static const char *const skus[NPROD] = { "A1", "B2", "C3", "K1" };
static const char *const locs[NLOC] = { "SHOP", "BACK" };

struct xfer {
        char number[DOC_NUMBER_MAX + 1];
        int from, to, prod;
        int64_t sent, received; /* received -1 until then */
        int64_t value, cost;    /* what it left with, and at what average */
};

struct order {
        char number[DOC_NUMBER_MAX + 1];
        int64_t qty[2], received[2];
};

struct model {
        struct tstore t;
        unsigned seed;
        int64_t on_hand[NPROD][NLOC];
        /* what each product's stock is worth at each location, and its average cost, by
         * the rules as the model states them (see went() and came_in()) */
        int64_t worth[NPROD][NLOC], avg[NPROD];
        int journal;    /* entries expected */
        int nxfers, npos;
        int done[9]; /* per kind of step, how often it did what it came to do */
        struct xfer xfers[MAX_XFERS];
        struct order pos[MAX_POS];
        char key[32];
        int keys;
        /* the last goods receipt, to be sent again with its key */
        struct {
                bool used;
                int prod, loc;
                int64_t qty, cost;
                char key[32];
                struct doc_result r;
        } rcpt;
};

static unsigned rnd(struct model *m, unsigned n)
{
        m->seed = m->seed * 1103515245u + 12345u;
        return (m->seed >> 16) % n;
}

static const struct actor manager = { "maria", NULL, NULL, true };

/* a * b / d, rounded half away from zero */
static int64_t mdiv(int64_t a, int64_t b, int64_t d)
{
        __int128 p = (__int128)a * b, q = p / d;
        __int128 r = p % d < 0 ? -(p % d) : p % d;
        return (int64_t)(r * 2 >= d ? q + (p < 0 ? -1 : 1) : q);
}

static int64_t held(const struct model *m, int p)
{
        int64_t q = 0;
        for (int i = 0; i < NLOC; i++)
                q += m->on_hand[p][i];
        return q;
}

static int64_t worth(const struct model *m, int p)
{
        int64_t v = 0;
        for (int i = 0; i < NLOC; i++)
                v += m->worth[p][i];
        return v;
}

/* Stock in worth value at loc: the location's worth grows by it; the average is the
 * product's worth over its stock, or the incoming cost when there was none. */
static void came_in(struct model *m, int p, int loc, int64_t qty, int64_t cost, int64_t value)
{
        int64_t h = held(m, p), w = worth(m, p);

        m->avg[p] = h > 0 ? mdiv(w + value, 1000, h + qty) : cost;
        if (m->avg[p] < 0)
                m->avg[p] = 0;
        m->worth[p][loc] += value;
        m->on_hand[p][loc] += qty;
}

/* Stock out of loc: its share of what the location's stock is worth while some stays;
 * else all of it, leaving what the location is short of at the average. The value
 * that went. */
static int64_t went(struct model *m, int p, int loc, int64_t qty)
{
        int64_t h = m->on_hand[p][loc], w = m->worth[p][loc];
        int64_t v = h > qty ? mdiv(w, qty, h) : w - mdiv(h - qty, m->avg[p], 1000);

        m->worth[p][loc] -= v;
        m->on_hand[p][loc] -= qty;
        return v;
}

/* A whole unit of the product, or grams of the bananas. */
static int64_t some_qty(struct model *m, int prod)
{
        return prod == 3 ? 1 + (int64_t)rnd(m, 4000) : 1000 * (1 + (int64_t)rnd(m, 6));
}

static const char *next_key(struct model *m)
{
        snprintf(m->key, sizeof(m->key), "k-%d", ++m->keys);
        return m->key;
}

/* What a posting answered is the document as stored, numbered with its kind's prefix. */
static void answered(struct model *m, enum doc_type type, const struct doc_result *r)
{
        struct doc_result stored;
        const struct doc_kind *k = doc_kind(type);

        assert_ok(m->t.l, doc_load_result(m->t.l, k->type, r->id, &stored));
        assert_string_equal(stored.number, r->number);
        assert_int_equal(stored.total, r->total);
        assert_int_equal(stored.cost, r->cost);
        assert_true(strncmp(r->number, k->prefix, strlen(k->prefix)) == 0);
        assert_int_equal(strspn(r->number + strlen(k->prefix), "0123456789"), 8);
        m->journal++;
}

static void step_sale(struct model *m)
{
        int p = (int)rnd(m, NPROD);
        struct sale_line_in line = { skus[p], some_qty(m, p), -1, 0 };
        struct payment pay = { TENDER_CASH, 10000000 };
        struct sale_in in = { { next_key(m), "alice", "1", locs[0], 0 }, &line, 1, &pay, 1, 0, NULL, 0, 1, NULL, false,
                              NULL, NULL };
        struct doc_result r;

        assert_ok(m->t.l, post_sale(m->t.l, &in, &r));
        answered(m, DOC_SALE, &r);
        m->done[0]++;
        assert_int_equal(r.cost, went(m, p, 0, line.qty)); /* a sale may take the shelf below zero */
}

static void step_receipt(struct model *m)
{
        int p = (int)rnd(m, NPROD), loc = (int)rnd(m, NLOC);
        struct receipt_line_in line = { skus[p], some_qty(m, p), 100 + (int64_t)rnd(m, 900), NULL, 0 };
        struct receipt_in in = { { next_key(m), "maria", NULL, locs[loc], 0 }, "Acme", "ref", &line, 1 };
        struct doc_result r;

        assert_ok(m->t.l, post_goods_receipt(m->t.l, &in, &r));
        answered(m, DOC_RECEIPT, &r);
        m->done[1]++;
        came_in(m, p, loc, line.qty, line.unit_cost, mdiv(line.qty, line.unit_cost, 1000));
        m->rcpt.used = true, m->rcpt.prod = p, m->rcpt.loc = loc, m->rcpt.qty = line.qty, m->rcpt.cost = line.unit_cost;
        snprintf(m->rcpt.key, sizeof(m->rcpt.key), "%s", in.h.idem_key);
        m->rcpt.r = r;
}

static void step_adjustment(struct model *m)
{
        int p = (int)rnd(m, NPROD), loc = (int)rnd(m, NLOC);
        int64_t q = some_qty(m, p) * (rnd(m, 2) ? 1 : -1);
        struct adjust_line_in line = { skus[p], q };
        struct adjust_in in = { { next_key(m), "maria", NULL, locs[loc], 0 }, "counted", &line, 1 };
        struct doc_result r;
        int rc = post_adjustment(m->t.l, &in, &r);

        if (q < 0 && m->on_hand[p][loc] + q < 0) { /* taking stock out leaves no location below zero */
                assert_int_equal(rc, -EINVAL);
                m->done[2]++;
                return;
        }
        assert_ok(m->t.l, rc);
        answered(m, DOC_ADJUSTMENT, &r);
        m->done[3]++;
        if (q > 0) { /* found at the average, lost at its share */
                int64_t v = mdiv(q, m->avg[p], 1000);
                came_in(m, p, loc, q, m->avg[p], v);
                assert_int_equal(r.total, v);
        } else {
                assert_int_equal(r.total, -went(m, p, loc, -q));
        }
}

static void step_transfer(struct model *m)
{
        int p = (int)rnd(m, NPROD), from = (int)rnd(m, NLOC), to = 1 - from;
        struct transfer_line_in line = { skus[p], some_qty(m, p) };
        struct transfer_in in = { { next_key(m), "maria", NULL, locs[from], 0 }, locs[to], NULL, "move", &line, 1 };
        struct doc_result r;
        int rc;

        if (m->nxfers == MAX_XFERS)
                return;
        rc = post_transfer(m->t.l, &in, &r);
        if (m->on_hand[p][from] < line.qty) {
                assert_int_equal(rc, -EINVAL);
                assert_string_equal(ledger_errcode(m->t.l), "INSUFFICIENT_STOCK");
                return;
        }
        assert_ok(m->t.l, rc);
        answered(m, DOC_TRANSFER, &r);
        m->done[4]++;
        m->xfers[m->nxfers] = (struct xfer){ .from = from, .to = to, .prod = p, .sent = line.qty, .received = -1,
                                             .cost = m->avg[p] };
        m->xfers[m->nxfers].value = went(m, p, from, line.qty); /* in transit is in no location */
        assert_int_equal(r.total, m->xfers[m->nxfers++].value);
        snprintf(m->xfers[m->nxfers - 1].number, DOC_NUMBER_MAX + 1, "%s", r.number);
}

static void step_transfer_in(struct model *m)
{
        struct transfer_receive_line line = { 1, 0 };
        struct doc_result r;
        struct xfer *x;
        int rc;

        if (!m->nxfers)
                return;
        x = &m->xfers[rnd(m, (unsigned)m->nxfers)];
        line.received = (int64_t)rnd(m, (unsigned)(x->sent / (x->prod == 3 ? 1 : 1000)) + 1) * (x->prod == 3 ? 1 : 1000);
        rc = post_transfer_receipt(m->t.l, next_key(m), &manager, x->number, &line, 1, "", &r);
        if (x->received >= 0) { /* a transfer is received once */
                assert_int_equal(rc, -EBUSY);
                return;
        }
        assert_ok(m->t.l, rc);
        answered(m, DOC_TRANSFER_IN, &r);
        m->done[5]++;
        x->received = line.received;
        /* what arrived brings its share of what left; the rest is lost */
        came_in(m, x->prod, x->to, line.received, x->cost, mdiv(x->value, line.received, x->sent));
        assert_int_equal(r.total, mdiv(x->value, line.received, x->sent));
        assert_int_equal(r.cost, x->value);
}

static void step_order(struct model *m)
{
        struct po_line_in lines[2] = { { skus[0], 1000 * (1 + (int64_t)rnd(m, 9)), 700 },
                                       { skus[3], 1 + (int64_t)rnd(m, 9000), 400 } };
        struct po_input in = { "S1", lines, 2, 0, "random" };
        struct purchase_order *po = NULL;
        struct order *o;

        if (m->npos == MAX_POS)
                return;
        assert_ok(m->t.l, po_create(m->t.l, &manager, &in, &po));
        assert_true(strncmp(po->number, doc_kind(DOC_PURCHASE_ORDER)->prefix, 1) == 0);
        o = &m->pos[m->npos++];
        snprintf(o->number, sizeof(o->number), "%s", po->number);
        o->qty[0] = lines[0].qty, o->qty[1] = lines[1].qty;
        o->received[0] = o->received[1] = 0;
        po = po_free(po);
        assert_ok(m->t.l, po_act(m->t.l, &manager, o->number, PO_APPROVE, &po));
        po = po_free(po);
        assert_ok(m->t.l, po_act(m->t.l, &manager, o->number, PO_SEND, &po));
        po_free(po);
        m->done[6]++;
}

static void step_order_in(struct model *m)
{
        struct po_receive_line in = { 0 };
        struct purchase_order *po = NULL;
        struct doc_result r;
        struct order *o;
        int64_t left, q;
        int line, rc;

        if (!m->npos)
                return;
        o = &m->pos[rnd(m, (unsigned)m->npos)];
        line = (int)rnd(m, 2);
        left = o->qty[line] - o->received[line];
        if (left <= 0)
                return;
        q = line == 0 ? 1000 * (1 + (int64_t)rnd(m, (unsigned)(left / 1000))) : 1 + (int64_t)rnd(m, (unsigned)left);
        in = (struct po_receive_line){ line + 1, q, 0, NULL, 0 };
        rc = po_receive(m->t.l, &manager, next_key(m), NULL, o->number, &in, 1, &r, &po);
        assert_ok(m->t.l, rc);
        answered(m, DOC_RECEIPT, &r);
        o->received[line] += q;
        m->done[7]++;
        came_in(m, line == 0 ? 0 : 3, 0, q, line == 0 ? 700 : 400, mdiv(q, line == 0 ? 700 : 400, 1000));
        po_free(po);
}

/* The last goods receipt again with its key: the first answer and nothing posted; the
 * same key for another request: refused, nothing posted. */
static void step_repeat(struct model *m)
{
        struct receipt_line_in line = { skus[m->rcpt.prod], m->rcpt.qty, m->rcpt.cost, NULL, 0 };
        struct receipt_in in = { { m->rcpt.key, "maria", NULL, locs[m->rcpt.loc], 0 }, "Acme", "ref", &line, 1 };
        struct doc_result r;

        if (!m->rcpt.used)
                return;
        assert_ok(m->t.l, post_goods_receipt(m->t.l, &in, &r));
        assert_true(r.replayed);
        assert_int_equal(r.id, m->rcpt.r.id);
        assert_string_equal(r.number, m->rcpt.r.number);
        assert_int_equal(r.total, m->rcpt.r.total);
        line.qty += 1000;
        assert_int_equal(post_goods_receipt(m->t.l, &in, &r), -EEXIST);
        assert_string_equal(ledger_errcode(m->t.l), "IDEMPOTENCY_KEY_REUSED");
        m->done[8]++;
}

static void check(struct model *m, int step)
{
        struct ledger *l = m->t.l;

        if (ledger_verify(l, NULL, NULL) != 0)
                fail_msg("step %d (seed %u): verify: %s", step, m->seed, ledger_errmsg(l));
        if (tsql_int(m->t.path, "SELECT count(*) FROM journal") != m->journal)
                fail_msg("step %d: %lld journal entries, the model has %d", step,
                         (long long)tsql_int(m->t.path, "SELECT count(*) FROM journal"), m->journal);
        for (int p = 0; p < NPROD; p++) {
                struct product pr;
                struct stock_level lv[8];
                struct stock_info si;
                int n;
                assert_ok(l, product_get_by_sku(l, skus[p], &pr));
                n = stock_levels(l, pr.id, lv, 8);
                assert_true(n >= NLOC);
                for (int i = 0; i < NLOC; i++) {
                        assert_string_equal(lv[i].location, locs[i]);
                        if (lv[i].qty != m->on_hand[p][i])
                                fail_msg("step %d: %s at %s: %lld on hand, the model says %lld", step, skus[p], locs[i],
                                         (long long)lv[i].qty, (long long)m->on_hand[p][i]);
                }
                assert_ok(l, stock_of(l, pr.id, &si));
                if (si.value != worth(m, p) || pr.avg_cost != m->avg[p])
                        fail_msg("step %d: %s is worth %lld at %lld a unit, the model says %lld at %lld", step, skus[p],
                                 (long long)si.value, (long long)pr.avg_cost, (long long)worth(m, p),
                                 (long long)m->avg[p]);
                for (int i = 0; i < NLOC; i++) {
                        char sql[200];
                        snprintf(sql, sizeof(sql), "SELECT coalesce((SELECT value FROM stock_on_hand WHERE product_id = %lld"
                                 " AND location_id = (SELECT id FROM locations WHERE code = '%s')), 0)",
                                 (long long)pr.id, locs[i]);
                        if (tsql_int(m->t.path, sql) != m->worth[p][i])
                                fail_msg("step %d: %s at %s is worth %lld, the model says %lld", step, skus[p], locs[i],
                                         (long long)tsql_int(m->t.path, sql), (long long)m->worth[p][i]);
                }
        }
        for (int i = 0; i < m->nxfers; i++) {
                const struct xfer *x = &m->xfers[i];
                struct transfer *t = NULL;
                assert_ok(l, transfer_get(l, x->number, &t));
                assert_string_equal(t->from, locs[x->from]);
                assert_string_equal(t->to, locs[x->to]);
                assert_string_equal(t->state, x->received < 0 ? "in_transit" : "received");
                assert_int_equal(t->nlines, 1);
                assert_string_equal(t->lines[0].sku, skus[x->prod]);
                assert_int_equal(t->lines[0].qty, x->sent);
                assert_int_equal(t->lines[0].received, x->received);
                transfer_free(t);
        }
        for (int i = 0; i < m->npos; i++) {
                const struct order *o = &m->pos[i];
                struct purchase_order *po = NULL;
                assert_ok(l, po_get(l, o->number, &po));
                assert_int_equal(po->nlines, 2);
                for (int j = 0; j < 2; j++) {
                        assert_int_equal(po->lines[j].line, j + 1);
                        assert_int_equal(po->lines[j].qty, o->qty[j]);
                        assert_int_equal(po->lines[j].received, o->received[j]);
                }
                assert_string_equal(po->supplier, "S1");
                po_free(po);
        }
}

static void run(unsigned seed)
{
        static const struct supplier_input s1 = { "S1", "Acme", "", "", 30, 2 };
        struct model *m = calloc(1, sizeof(*m));
        struct supplier s;

        assert_non_null(m);
        m->seed = seed;
        tstore_open(&m->t);
        assert_ok(m->t.l, supplier_add(m->t.l, &manager, &s1, &s));
        /* the seed catalog's opening stock, all on the shop floor */
        m->on_hand[0][0] = 100000, m->on_hand[1][0] = 50000, m->on_hand[3][0] = 20500;
        for (int p = 0; p < NPROD; p++) { /* and its costs */
                struct product pr;
                struct stock_info si;
                assert_ok(m->t.l, product_get_by_sku(m->t.l, skus[p], &pr));
                assert_ok(m->t.l, stock_of(m->t.l, pr.id, &si));
                m->avg[p] = pr.avg_cost;
                m->worth[p][0] = mdiv(held(m, p), pr.avg_cost, 1000);
                assert_int_equal(si.value, m->worth[p][0]);
        }
        /* the import's opening stock: one adjustment a batch, and a slow machine may make two */
        m->journal = (int)tsql_int(m->t.path, "SELECT count(*) FROM journal");
        check(m, 0);
        for (int i = 1; i <= STEPS; i++) {
                switch (rnd(m, 8)) {
                case 0: step_sale(m); break;
                case 1: step_receipt(m); break;
                case 2: step_adjustment(m); break;
                case 3: step_transfer(m); break;
                case 4: step_transfer_in(m); break;
                case 5: step_order(m); break;
                case 6: step_order_in(m); break;
                default: step_repeat(m); break;
                }
                check(m, i);
        }
        for (int k = 0; k < 9; k++) /* a run that never got somewhere proves nothing there */
                if (!m->done[k])
                        fail_msg("seed %u: step kind %d never happened", seed, k);
        /* the same store from before stock kept its value, and the same half-way (schema
         * 16, its older half of movements without a value): the upgrade values every
         * movement so that each document's add up to what it booked, product by product,
         * and the stock is worth what the model says */
        for (int from = 14; from <= 16; from += 2) {
                struct ledger_error e;
                if (from == 14) {
                        tstore_as_schema_14(&m->t);
                } else {
                        ledger_close(m->t.l);
                        m->t.l = NULL;
                        assert_int_equal(tsql_exec(m->t.path,
                                                   "DROP TRIGGER stock_movements_no_update;"
                                                   "UPDATE stock_movements SET value = NULL"
                                                   " WHERE id <= (SELECT max(id) / 2 FROM stock_movements);"
                                                   "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON"
                                                   " stock_movements BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
                                                   "ALTER TABLE supplier_returns DROP COLUMN cost;"
                                                   TSTORE_UNDO_SINCE_18
                                                   "PRAGMA user_version = 16"), 0);
                }
                assert_int_equal(ledger_open(m->t.path, 0, &m->t.l, &e), 0);
                if (ledger_verify(m->t.l, NULL, NULL) != 0)
                        fail_msg("seed %u: verify after the upgrade from %d: %s", seed, from, ledger_errmsg(m->t.l));
                for (int p = 0; p < NPROD; p++) {
                        struct product pr;
                        struct stock_info si;
                        assert_ok(m->t.l, product_get_by_sku(m->t.l, skus[p], &pr));
                        assert_ok(m->t.l, stock_of(m->t.l, pr.id, &si));
                        if (si.value != worth(m, p))
                                fail_msg("seed %u: after the upgrade from %d %s is worth %lld, the model says %lld", seed,
                                         from, skus[p], (long long)si.value, (long long)worth(m, p));
                }
        }
        tstore_close(&m->t);
        free(m);
}

static void test_random_postings(void **state)
{
        const char *env = getenv("POSD_SEED");
        unsigned seed = env ? (unsigned)strtoul(env, NULL, 10) : 20261206u;
        (void)state;

        for (unsigned i = 0; i < 3; i++)
                run(seed + i);
}

/* A document not there is its kind's own refusal, and the caller's pointer is left. */
static void test_unknown_numbers(void **state)
{
        struct purchase_order *po = (struct purchase_order *)&po;
        struct transfer *t = (struct transfer *)&t;
        struct tstore ts;
        (void)state;

        tstore_open(&ts);
        assert_int_equal(po_get(ts.l, "P00000009", &po), -ENOENT);
        assert_string_equal(ledger_errcode(ts.l), "UNKNOWN_PO");
        assert_string_equal(ledger_errmsg(ts.l), "no purchase order P00000009");
        assert_ptr_equal(po, &po);
        assert_int_equal(transfer_get(ts.l, NULL, &t), -ENOENT);
        assert_string_equal(ledger_errcode(ts.l), "UNKNOWN_TRANSFER");
        assert_ptr_equal(t, &t);
        tstore_close(&ts);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_kinds_table),
                cmocka_unit_test(test_unknown_numbers),
                cmocka_unit_test(test_random_postings),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
