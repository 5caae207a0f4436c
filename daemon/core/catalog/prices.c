/* Prices set to take effect at a given time (a chain's HQ sets them ahead): kept until
 * then, and set by the store itself when due, so that a store cut off from HQ at the
 * switch still changes price on time. The price in force is the one from the latest time
 * that has come, in whatever order prices arrive: price_set keeps the time of each
 * product's, and one from an earlier time that arrives late is left out. */
#include <errno.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "ledger/audit.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"

/* The product's price from time `at`, unless its price is from a later time already;
 * audited as a's act with why. */
static int set_price(struct ledger *l, const struct actor *a, int64_t product_id, const char *sku, int64_t old,
                     int64_t price, int64_t at, const char *why)
{
        sqlite3_stmt *st = stmt(l, "SELECT effective_at FROM price_set WHERE product_id = ?1");
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        if ((r = step_one(l, st, "reading when a price took effect")) == 1) {
                int64_t from = sqlite3_column_int64(st, 0);
                sqlite3_reset(st);
                if (from > at)
                        return audit_add(l, a, "price_stale", "%s %lld from %lld: the price from %lld stays", sku,
                                         (long long)price, (long long)at, (long long)from);
        }
        if (r < 0 || !(st = stmt(l, "INSERT INTO price_set(product_id, effective_at) VALUES (?1, ?2) "
                                    "ON CONFLICT(product_id) DO UPDATE SET effective_at = excluded.effective_at")))
                return r < 0 ? r : l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, at);
        if ((r = step_done(l, st, "noting when a price took effect")) < 0 || old == price)
                return r;
        if (!(st = stmt(l, "UPDATE products SET price = ?2, updated_at = ?3 WHERE id = ?1")))
                return l->e.num;
        sqlite3_bind_int64(st, 1, product_id);
        sqlite3_bind_int64(st, 2, price);
        sqlite3_bind_int64(st, 3, ledger_now_ms(l));
        if ((r = step_done(l, st, "setting a price")) < 0)
                return r;
        return audit_add(l, a, "price", "%s %lld -> %lld (%s)", sku, (long long)old, (long long)price, why);
}

int price_set_at(struct ledger *l, const struct actor *a, const char *sku, int64_t price, int64_t effective_at)
{
        struct product p;
        sqlite3_stmt *st;
        int r;

        clear_err(l);
        if (price < 0 || price > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_PRICE", "a price is 0 to %lld minor units", (long long)MONEY_MAX);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = product_get_by_sku(l, sku, &p)) < 0)
                goto out;
        if (effective_at <= ledger_now_ms(l)) {
                r = set_price(l, a, p.id, sku, p.price, price, effective_at, "now");
        } else if (!(st = stmt(l, "INSERT INTO price_schedule(product_id, effective_at, price) VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT(product_id, effective_at) DO UPDATE SET price = excluded.price"))) {
                r = l->e.num;
        } else {
                sqlite3_bind_int64(st, 1, p.id);
                sqlite3_bind_int64(st, 2, effective_at);
                sqlite3_bind_int64(st, 3, price);
                r = step_done(l, st, "keeping a price for later");
        }
out:
        if (r < 0) {
                tx_rollback(l);
                return r;
        }
        return tx_commit(l);
}

int prices_apply_due(struct ledger *l, const struct actor *a, int *ret_n, int64_t *ret_next)
{
        static const char due[] =
                "SELECT s.product_id, p.sku, p.price, s.price, s.effective_at FROM price_schedule s "
                "JOIN products p ON p.id = s.product_id WHERE s.effective_at <= ?1 ORDER BY s.effective_at LIMIT 1";
        static const char done[] = "DELETE FROM price_schedule WHERE product_id = ?1 AND effective_at = ?2";
        static const char first[] = "SELECT coalesce(min(effective_at), 0) FROM price_schedule";
        int64_t now = ledger_now_ms(l), next = 0;
        sqlite3_stmt *st;
        int r, n = 0;

        clear_err(l);
        /* most times nothing is due: read without taking the write lock */
        if (!(st = stmt(l, first)))
                return l->e.num;
        if ((r = step_one(l, st, "reading the next price due")) < 0)
                return r;
        next = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (!next || next > now) {
                *ret_n = 0;
                *ret_next = next;
                return 0;
        }
        if ((r = tx_begin(l)) < 0)
                return r;
        /* one at a time, oldest first: a product with two due keeps the later */
        for (;;) {
                int64_t id, old, price, at;
                char sku[CODE_MAX_LEN + 1];
                if (!(st = stmt(l, due))) {
                        r = l->e.num;
                        break;
                }
                sqlite3_bind_int64(st, 1, now);
                if ((r = step_one(l, st, "reading the prices due")) != 1)
                        break;
                id = sqlite3_column_int64(st, 0);
                snprintf(sku, sizeof(sku), "%s", (const char *)sqlite3_column_text(st, 1));
                old = sqlite3_column_int64(st, 2);
                price = sqlite3_column_int64(st, 3);
                at = sqlite3_column_int64(st, 4);
                sqlite3_reset(st);
                if ((r = set_price(l, a, id, sku, old, price, at, "as planned")) < 0)
                        break;
                if (!(st = stmt(l, done))) {
                        r = l->e.num;
                        break;
                }
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int64(st, 2, at);
                if ((r = step_done(l, st, "taking a price off the plan")) < 0)
                        break;
                n++;
        }
        if (r == 0 && !(st = stmt(l, first)))
                r = l->e.num;
        else if (r == 0 && (r = step_one(l, st, "reading the next price due")) == 1) {
                next = sqlite3_column_int64(st, 0);
                sqlite3_reset(st);
                r = 0;
        }
        if (r < 0) {
                tx_rollback(l);
                return r;
        }
        if ((r = tx_commit(l)) < 0)
                return r;
        *ret_n = n;
        *ret_next = next;
        return 0;
}
