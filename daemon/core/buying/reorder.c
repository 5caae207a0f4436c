/* Purchase suggestions: what to order, from whom, so that stock lasts until the goods come.
 * A product is due when what is on hand and on order (drafts too: a suggestion taken once
 * is not made twice), less what sells during the supplier's lead time, is at or below its
 * reorder point. It is then ordered up to its maximum level or, without one, to twice its
 * reorder point and two more weeks of sales, plus what sells while the goods are on their
 * way. Its supplier and cost are those of its latest order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/audit.h"
#include "ledger/ledger_int.h"
#include "buying/purchasing.h"

#define VELOCITY_DAYS 28 /* the sales that set the pace */
#define COVER_DAYS 14    /* beyond the lead time, without a maximum level */

static const char due_sql[] =
        "WITH last_line AS ("
        "  SELECT ol.product_id, o.supplier_id, ol.unit_cost,"
        "   row_number() OVER (PARTITION BY ol.product_id ORDER BY o.id DESC, ol.line DESC) AS n"
        "  FROM purchase_order_lines ol JOIN purchase_orders o ON o.id = ol.po_id WHERE o.state <> 'cancelled'),"
        " on_order AS ("
        "  SELECT ol.product_id, sum(max(ol.qty - ol.received, 0)) AS qty FROM purchase_order_lines ol"
        "  JOIN purchase_orders o ON o.id = ol.po_id WHERE o.state IN ('draft', 'approved', 'sent', 'partly_received')"
        "  GROUP BY ol.product_id),"
        " sold AS ("
        "  SELECT sl.product_id, sum(sl.qty) AS qty FROM sale_lines sl JOIN sales s ON s.id = sl.sale_id"
        "  WHERE s.at >= ?1 GROUP BY sl.product_id) "
        "SELECT p.sku, p.name, u.measured, p.reorder_point, p.max_level,"
        " coalesce((SELECT sum(qty) FROM stock_on_hand WHERE product_id = p.id), 0),"
        " coalesce(oo.qty, 0), coalesce(so.qty, 0), coalesce(sp.code, ''), coalesce(sp.lead_days, 0),"
        " coalesce(ll.unit_cost, 0) "
        "FROM products p JOIN units u ON u.code = p.unit "
        "LEFT JOIN on_order oo ON oo.product_id = p.id LEFT JOIN sold so ON so.product_id = p.id "
        "LEFT JOIN last_line ll ON ll.product_id = p.id AND ll.n = 1 "
        "LEFT JOIN suppliers sp ON sp.id = ll.supplier_id AND sp.active = 1 "
        "WHERE p.active = 1 AND p.reorder_point > 0 ORDER BY sp.code, p.sku";

static int64_t round_up_whole(int64_t milli)
{
        return (milli + 999) / 1000 * 1000;
}

int reorder_suggest(struct ledger *l, int (*fn)(const struct reorder_line *, void *), void *ud)
{
        sqlite3_stmt *st = stmt_own(l, due_sql);
        int rc, r = 0, n = 0;

        clear_err(l);
        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, ledger_now_ms(l) - VELOCITY_DAYS * DAY_MS);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct reorder_line s = { 0 };
                bool measured = sqlite3_column_int(st, 2);
                int64_t reorder = sqlite3_column_int64(st, 3), max = sqlite3_column_int64(st, 4), target;
                utf8_cut(s.sku, sizeof(s.sku), (const char *)sqlite3_column_text(st, 0));
                utf8_cut(s.name, sizeof(s.name), (const char *)sqlite3_column_text(st, 1));
                s.on_hand = sqlite3_column_int64(st, 5);
                s.on_order = sqlite3_column_int64(st, 6);
                s.daily = sqlite3_column_int64(st, 7) / VELOCITY_DAYS;
                utf8_cut(s.supplier, sizeof(s.supplier), (const char *)sqlite3_column_text(st, 8));
                s.lead_days = sqlite3_column_int(st, 9);
                s.unit_cost = sqlite3_column_int64(st, 10);
                if (s.on_hand + s.on_order - s.daily * s.lead_days > reorder)
                        continue; /* lasts until more could come */
                target = max > 0 ? max : 2 * reorder + s.daily * COVER_DAYS;
                s.qty = target + s.daily * s.lead_days - s.on_hand - s.on_order;
                if (!measured)
                        s.qty = round_up_whole(s.qty);
                if (s.qty <= 0)
                        continue;
                n++;
                if ((r = fn(&s, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r)
                return r;
        return rc == SQLITE_DONE ? n : fail_sql(l, rc, "working out what to order");
}

struct drafting {
        struct ledger *l;
        const struct actor *a;
        struct po_line_in lines[PO_LINES_MAX];
        char skus[PO_LINES_MAX][CODE_MAX_LEN + 1];
        size_t n;
        char supplier[CODE_MAX_LEN + 1];
        int (*made)(const struct purchase_order *, void *);
        void *ud;
};

/* The lines gathered for one supplier, as a draft. */
static int flush(struct drafting *d)
{
        struct po_input in = { d->supplier, d->lines, d->n, 0, "purchase suggestion" };
        struct purchase_order *po = NULL;
        int r;

        if (!d->n)
                return 0;
        if ((r = po_create(d->l, d->a, &in, &po)) < 0)
                return r;
        r = d->made(po, d->ud);
        po_free(po);
        d->n = 0;
        return r;
}

static int gather(const struct reorder_line *s, void *ud)
{
        struct drafting *d = ud;
        int r;

        if (!s->supplier[0])
                return 0; /* never ordered: nobody to ask */
        if ((strcmp(s->supplier, d->supplier) || d->n == PO_LINES_MAX) && (r = flush(d)) < 0)
                return r;
        utf8_cut(d->supplier, sizeof(d->supplier), s->supplier);
        utf8_cut(d->skus[d->n], sizeof(d->skus[0]), s->sku);
        d->lines[d->n] = (struct po_line_in){ d->skus[d->n], s->qty, s->unit_cost };
        d->n++;
        return 0;
}

int reorder_draft(struct ledger *l, const struct actor *a, int (*made)(const struct purchase_order *, void *),
                  void *ud)
{
        struct drafting *d = calloc(1, sizeof(*d));
        int r;

        if (!d)
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        d->l = l;
        d->a = a;
        d->made = made;
        d->ud = ud;
        if ((r = tx_begin(l)) < 0)
                goto out;
        if ((r = reorder_suggest(l, gather, d)) < 0 || (r = flush(d)) < 0) {
                tx_rollback(l);
                goto out;
        }
        r = tx_commit(l); /* rolls back itself when it fails */
out:
        free(d);
        return r;
}
