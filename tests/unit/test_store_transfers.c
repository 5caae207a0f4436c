/* Transfers between the stores of a chain, with HQ's part played here: what one store
 * sends is passed on to the store it goes to (late, or twice), received there (in full or
 * short), and the arrival passed back (late, or twice).
 *
 * The rule, checked after every step of a seeded run: every product's quantity and value
 * across the chain are what they were, counting what is in transit and what arrived short
 * (written off at the cost it left with); each transfer is in transit at both ends until
 * received, and received at the sender once the arrival is back; a transfer is received
 * once; each store's journal verifies; and the stores' books, added up by ledger-cli,
 * hold in the account the stores share what is in transit between them. POSD_SEED
 * repeats a run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/journal.h"
#include "ledger/money.h"
#include "ledger/posting.h"
#include "stock/stock.h"
#include "stock/transfer.h"
#include "testlib.h"

#define STORES 3
#define STEPS 300
#define SENT_MAX STEPS

static const char *const codes[STORES] = { "S1", "S2", "S3" };
static const char *const skus[] = { "A1", "B2", "K1" };
#define NSKU (sizeof(skus) / sizeof(skus[0]))
static const struct actor manager = { "maria", "1", NULL, true }, cashier = { "li", "2", NULL, false };
static uint64_t rng;

static unsigned next(unsigned n)
{
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        return (unsigned)(rng % n);
}

struct sent {
        int from, to, sku;
        char number[DOC_NUMBER_MAX + 1];
        int64_t qty, value;
        bool delivered, received, told;
        int64_t got, short_value;
};

struct chain {
        struct tstore s[STORES];
        struct sent sent[SENT_MAX];
        int n, keys;
        int64_t qty0[NSKU], value0[NSKU];
};

static void stock(struct chain *c, int p, int64_t *qty, int64_t *value)
{
        *qty = *value = 0;
        for (int i = 0; i < STORES; i++) {
                struct product pr;
                struct stock_info si;
                assert_ok(c->s[i].l, product_get_by_sku(c->s[i].l, skus[p], &pr));
                assert_ok(c->s[i].l, stock_of(c->s[i].l, pr.id, &si));
                *qty += si.total;
                *value += si.value;
        }
}

static void check(struct chain *c, unsigned seed, int step)
{
        for (size_t p = 0; p < NSKU; p++) {
                int64_t qty, value;
                stock(c, (int)p, &qty, &value);
                for (int i = 0; i < c->n; i++) {
                        const struct sent *t = &c->sent[i];
                        if (t->sku != (int)p)
                                continue;
                        qty += t->received ? t->qty - t->got : t->qty;
                        value += t->received ? t->short_value : t->value;
                }
                if (qty != c->qty0[p] || value != c->value0[p])
                        fail_msg("seed %u step %d: %s across the chain is %lld worth %lld, was %lld worth %lld", seed,
                                 step, skus[p], (long long)qty, (long long)value, (long long)c->qty0[p],
                                 (long long)c->value0[p]);
        }
        for (int i = 0; i < c->n; i++) {
                const struct sent *t = &c->sent[i];
                struct transfer *out = NULL, *in = NULL;
                char there[64];
                assert_ok(c->s[t->from].l, transfer_get(c->s[t->from].l, t->number, &out));
                assert_string_equal(out->kind, "outgoing");
                if (strcmp(out->state, t->told ? "received" : "in_transit"))
                        fail_msg("seed %u step %d: %s is %s at %s", seed, step, t->number, out->state, codes[t->from]);
                snprintf(there, sizeof(there), "%s-%s", codes[t->from], t->number);
                if (t->delivered) {
                        assert_ok(c->s[t->to].l, transfer_get(c->s[t->to].l, there, &in));
                        assert_string_equal(in->kind, "incoming");
                        assert_string_equal(in->state, t->received ? "received" : "in_transit");
                        assert_int_equal(in->value, out->value);
                } else {
                        assert_int_equal(transfer_get(c->s[t->to].l, there, &in), -ENOENT);
                }
                transfer_free(out);
                transfer_free(in);
        }
}

static void send(struct chain *c)
{
        int from = (int)next(STORES), to = (int)(from + 1 + next(STORES - 1)) % STORES, p = (int)next(NSKU);
        /* whole units, now and then more than the store has */
        struct transfer_line_in line = { skus[p], (int64_t)(1 + next(p == 2 ? 9000 : 30)) * (p == 2 ? 1 : 1000) };
        char key[32];
        struct transfer_in in = { { key, "maria", NULL, NULL, 0 }, NULL, codes[to], "restock", &line, 1 };
        struct doc_result r;
        struct transfer *t = NULL;
        int rc;

        snprintf(key, sizeof(key), "send-%d", c->keys++);
        if (next(10) == 0)
                in.to_store = codes[from];
        rc = post_transfer(c->s[from].l, &in, &r);
        if (in.to_store == codes[from]) {
                assert_int_equal(rc, -EINVAL);
                assert_string_equal(ledger_errcode(c->s[from].l), "SAME_STORE");
                return;
        }
        if (rc < 0) {
                assert_string_equal(ledger_errcode(c->s[from].l), "INSUFFICIENT_STOCK");
                return;
        }
        assert_ok(c->s[from].l, transfer_get(c->s[from].l, r.number, &t));
        c->sent[c->n] = (struct sent){ .from = from, .to = to, .sku = p, .qty = line.qty, .value = t->value };
        snprintf(c->sent[c->n].number, sizeof(c->sent[0].number), "%s", r.number);
        c->n++;
        transfer_free(t);
}

/* HQ passes a transfer on: what the sender's document says. */
static void deliver(struct chain *c, struct sent *s)
{
        struct transfer *t = NULL;
        struct transfer_expected_line lines[4];
        struct transfer_expected ex;

        assert_ok(c->s[s->from].l, transfer_get(c->s[s->from].l, s->number, &t));
        assert_true(t->nlines <= 4);
        for (size_t i = 0; i < t->nlines; i++)
                lines[i] = (struct transfer_expected_line){ t->lines[i].sku, t->lines[i].qty, t->lines[i].unit_cost,
                                                            t->lines[i].value };
        ex = (struct transfer_expected){ codes[s->from], s->number, t->user, t->note, t->at, t->value, lines, t->nlines };
        assert_ok(c->s[s->to].l, transfer_expect(c->s[s->to].l, &ex));
        /* another transfer under its number is refused, as one that does not add up */
        lines[0].qty += 1000;
        assert_int_equal(transfer_expect(c->s[s->to].l, &ex), -EEXIST);
        assert_string_equal(ledger_errcode(c->s[s->to].l), "TRANSFER_CHANGED");
        lines[0].qty -= 1000;
        ex.value += 1;
        assert_int_equal(transfer_expect(c->s[s->to].l, &ex), -EINVAL);
        s->delivered = true;
        transfer_free(t);
}

static void receive(struct chain *c, struct sent *s)
{
        char there[64], key[32];
        struct transfer_receive_line got = { 1, s->qty };
        struct ledger *l = c->s[s->to].l;
        struct doc_result r;
        struct transfer *t = NULL;

        snprintf(there, sizeof(there), "%s-%s", codes[s->from], s->number);
        snprintf(key, sizeof(key), "receive-%d", c->keys++);
        if (next(3) == 0) { /* short: a manager's to say */
                got.received = s->qty * next(100) / 100 / (s->sku == 2 ? 1 : 1000) * (s->sku == 2 ? 1 : 1000);
                if (got.received < s->qty) {
                        assert_int_equal(post_transfer_receipt(l, key, &cashier, there, &got, 1, "", &r), -EPERM);
                        assert_string_equal(ledger_errcode(l), "APPROVAL_REQUIRED");
                }
        }
        assert_ok(l, post_transfer_receipt(l, key, &manager, there, &got, 1, "", &r));
        assert_ok(l, transfer_get(l, there, &t));
        s->received = true;
        s->got = got.received;
        s->short_value = t->short_value;
        assert_int_equal(t->received_value + t->short_value, s->value);
        transfer_free(t);
        snprintf(key, sizeof(key), "receive-%d", c->keys++);
        assert_int_equal(post_transfer_receipt(l, key, &manager, there, NULL, 0, "", &r), -EBUSY);
        assert_string_equal(ledger_errcode(l), "TRANSFER_RECEIVED");
}

/* HQ passes the arrival back: what the receiving store's receipt says. */
static void tell(struct chain *c, struct sent *s)
{
        char there[64];
        struct transfer *t = NULL;
        struct transfer_receive_line lines[4];

        snprintf(there, sizeof(there), "%s-%s", codes[s->from], s->number);
        assert_ok(c->s[s->to].l, transfer_get(c->s[s->to].l, there, &t));
        for (size_t i = 0; i < t->nlines; i++)
                lines[i] = (struct transfer_receive_line){ t->lines[i].line, t->lines[i].received };
        /* what does not add up to what left is refused; told again, no change */
        assert_int_equal(transfer_arrived(c->s[s->from].l, s->number, t->receipt, t->received_at, lines, t->nlines,
                                          t->received_value + 1, t->short_value),
                         s->told ? 0 : -EINVAL);
        assert_ok(c->s[s->from].l, transfer_arrived(c->s[s->from].l, s->number, t->receipt, t->received_at, lines,
                                                    t->nlines, t->received_value, t->short_value));
        s->told = true;
        transfer_free(t);
}

/* The account the stores share, over all their books, as ledger-cli adds it up. */
static int64_t inter_store(struct chain *c)
{
        char files[STORES][160], cmd[1024], out[512], *p;
        int64_t v = 0;

        for (int i = 0; i < STORES; i++) {
                FILE *f;
                snprintf(files[i], sizeof(files[i]), "%s/books.ledger", c->s[i].dir);
                assert_non_null(f = fopen(files[i], "w"));
                assert_ok(c->s[i].l, ledger_export_journal(c->s[i].l, f));
                fclose(f);
        }
        snprintf(cmd, sizeof(cmd), "ledger --strict -f %s -f %s -f %s bal --flat --no-total '^Assets:Inter-store transfers$' 2>&1",
                 files[0], files[1], files[2]);
        assert_int_equal(trun(cmd, out, sizeof(out)), 0);
        if (strstr(out, "arning"))
                fail_msg("ledger: %s", out);
        for (p = out; *p == ' '; p++)
                ;
        if (*p && decimal_parse(strtok(p, " "), 2, true, MONEY_MAX, &v) < 0)
                fail_msg("ledger said: %s", out);
        return v;
}

static void test_the_chain_keeps_its_stock(void **state)
{
        static struct chain c;
        const char *seed_env = getenv("POSD_SEED");
        unsigned seed;
        (void)state;

        rng = seed_env ? strtoull(seed_env, NULL, 10) : 20261207;
        seed = (unsigned)rng;
        print_message("seed %u\n", seed);
        rng = rng * 2654435761u + 1;
        memset(&c, 0, sizeof(c));
        for (int i = 0; i < STORES; i++) {
                tstore_open(&c.s[i]);
                for (int j = 0; j < STORES; j++)
                        assert_ok(c.s[i].l, chain_store_put(c.s[i].l, codes[j], codes[j], i == j));
        }
        for (size_t p = 0; p < NSKU; p++)
                stock(&c, (int)p, &c.qty0[p], &c.value0[p]);
        for (int step = 0; step < STEPS; step++) {
                struct sent *s = c.n ? &c.sent[next((unsigned)c.n)] : NULL;
                switch (next(5)) {
                case 0:
                case 1: send(&c); break;
                case 2: if (s && (!s->delivered || next(4) == 0)) deliver(&c, s); break;
                case 3: if (s && s->delivered && !s->received) receive(&c, s); break;
                case 4: if (s && s->received && (!s->told || next(4) == 0)) tell(&c, s); break;
                }
                check(&c, seed, step);
        }
        {
                int64_t transit = 0;
                for (int i = 0; i < c.n; i++)
                        transit += c.sent[i].received ? 0 : c.sent[i].value;
                assert_int_equal(inter_store(&c), transit);
        }
        for (int i = 0; i < STORES; i++) {
                if (ledger_verify(c.s[i].l, NULL, NULL) != 0)
                        fail_msg("seed %u: %s: %s", seed, codes[i], ledger_errmsg(c.s[i].l));
                tstore_close(&c.s[i]);
        }
}

/* The edges: no chain, an unknown store, a product the receiving store lacks, receiving at
 * the sender, an arrival of nothing sent. */
static void test_edges(void **state)
{
        struct tstore a, b;
        struct transfer_line_in line = { "A1", 1000 };
        struct transfer_in in = { { "e-1", "maria", NULL, NULL, 0 }, NULL, "S2", "", &line, 1 };
        struct transfer_expected_line el = { "NEW1", 1000, 100, 100 };
        struct transfer_expected ex = { "S1", "TS00000001", "maria", "", 1, 100, &el, 1 };
        struct doc_result r;
        (void)state;

        tstore_open(&a);
        tstore_open(&b);
        assert_int_equal(post_transfer(a.l, &in, &r), -ENOENT);
        assert_string_equal(ledger_errcode(a.l), "UNKNOWN_STORE");
        assert_ok(a.l, chain_store_put(a.l, "S2", "Harbour", false));
        in.to = "BACK";
        assert_int_equal(post_transfer(a.l, &in, &r), -EINVAL);
        in.to = NULL;
        assert_ok(a.l, post_transfer(a.l, &in, &r));
        assert_string_equal(r.number, "TS00000001");
        assert_int_equal(post_transfer_receipt(a.l, "e-2", &manager, "TS00000001", NULL, 0, "", &r), -EINVAL);
        assert_string_equal(ledger_errcode(a.l), "TRANSFER_ELSEWHERE");
        assert_int_equal(transfer_arrived(a.l, "TS00000009", "S2-TR00000001", 1, NULL, 0, 0, 0), -ENOENT);

        assert_ok(b.l, transfer_expect(b.l, &ex));
        assert_ok(b.l, transfer_expect(b.l, &ex)); /* HQ's change applied again */
        assert_int_equal(post_transfer_receipt(b.l, "e-3", &manager, "S1-TS00000001", NULL, 0, "", &r), -ENOENT);
        assert_string_equal(ledger_errcode(b.l), "UNKNOWN_PRODUCT");
        ex.number = "TS-2";
        assert_int_equal(transfer_expect(b.l, &ex), -EINVAL);
        assert_int_equal(tsql_int(b.path, "SELECT count(*) FROM transfers_expected"), 1);
        assert_int_equal(tsql_int(b.path, "SELECT count(*) FROM store_receipts"), 0);
        tstore_close(&a);
        tstore_close(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_the_chain_keeps_its_stock),
                cmocka_unit_test(test_edges),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
