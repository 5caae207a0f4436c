/* Changing a ticket: each change is one transaction that leaves the ticket one version
 * newer; sensitive changes are audited in the same transaction. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "till/checkout.h"
#include "ledger/money.h"
#include "till/checkout_int.h"
#include "people/customers.h"
#include "people/users.h"

/* BEGIN and load the ticket: on the actor's lane and, when state is given, in it. */
static int edit_begin(struct ledger *l, const struct actor *a, const char *id, const char *state, struct ticket **ret)
{
        struct ticket *t = NULL;
        int r;

        clear_err(l);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = ticket_load_lane(l, a->lane, id, &t)) < 0)
                goto fail;
        if (state && strcmp(t->state, state) != 0) {
                r = fail(l, -EBUSY, "TICKET_NOT_OPEN", "ticket %s is %s, not %s", id, t->state, state);
                goto fail;
        }
        *ret = t;
        return 0;
fail:
        ticket_free(t);
        tx_rollback(l);
        return r;
}

static int edit_abort(struct ledger *l, struct ticket *t, int r)
{
        ticket_free(t);
        tx_rollback(l);
        return r;
}

/* One version newer, COMMIT, and the ticket as it now stands. */
static int edit_end(struct ledger *l, const struct actor *a, struct ticket *t, struct ticket **ret)
{
        static const char sql[] = "UPDATE tickets SET version = version + 1, updated_at = ?2 WHERE id = ?1";
        char id[TICKET_ID_LEN + 1];
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        snprintf(id, sizeof(id), "%s", t->id);
        if (!st)
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, ledger_now_ms(l));
        if ((r = step_done(l, st, "updating a ticket")) < 0)
                return edit_abort(l, t, r);
        ticket_free(t);
        if ((r = tx_commit(l)) < 0)
                return r;
        return ret ? ticket_load_lane(l, a->lane, id, ret) : 0;
}

static struct ticket_line *find_line(struct ledger *l, struct ticket *t, int line)
{
        for (size_t i = 0; i < t->nlines; i++)
                if (t->lines[i].line == line)
                        return &t->lines[i];
        fail(l, -ENOENT, "UNKNOWN_LINE", "ticket %s has no line %d", t->id, line);
        return NULL;
}

int ticket_open(struct ledger *l, const struct actor *a, struct ticket **ret)
{
        static const char sql[] =
                "INSERT INTO tickets(id, lane, user, state, created_at, updated_at) VALUES (?1, ?2, ?3, 'open', ?4, ?4)";
        unsigned char raw[TICKET_ID_LEN / 2];
        char id[TICKET_ID_LEN + 1], current[TICKET_ID_LEN + 1];
        sqlite3_stmt *st;
        int64_t shift;
        int r;

        clear_err(l);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = shift_current_id(l, a->lane, &shift)) < 0)
                goto out;
        if (ticket_current(l, a->lane, current) == 0) {
                r = fail(l, -EBUSY, "TICKET_ALREADY_OPEN", "ticket %s is open on lane %s: finish or suspend it first",
                         current, a->lane);
                goto out;
        }
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, a->lane, -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 3, a->user);
        sqlite3_bind_int64(st, 4, ledger_now_ms(l));
        if ((r = step_done(l, st, "opening a ticket")) < 0)
                goto out;
        if ((r = tx_commit(l)) < 0)
                return r; /* rolled back by the failed commit */
        return ticket_load_lane(l, a->lane, id, ret);
out:
        tx_rollback(l);
        return r;
}

/* A price-embedded label charges exactly its price: the quantity is the weight it carries
 * (a GS1 label may carry both), else the smallest whose amount reaches the label at the
 * unit price, and what the amount overshoots by becomes a discount on the line. A label
 * that asks more than the weight at the shelf price charges the shelf price. */
static int label_price(struct ledger *l, const struct product *p, int64_t label, int64_t weight, int64_t *qty,
                       struct discount *d)
{
        int64_t amount = 0;
        __int128 q;

        if (p->price <= 0)
                return fail(l, -EINVAL, "UNPRICED_LABEL", "%s has no price per %s, so its price label cannot be read",
                            p->sku, p->unit);
        q = weight ? weight : ((__int128)label * 1000 + p->price - 1) / p->price;
        if (q < 1)
                q = 1;
        if (q > QTY_MAX || line_amount((int64_t)q, p->price, &amount) < 0)
                return fail(l, -EINVAL, "BAD_QUANTITY", "the label's price is out of range for %s", p->sku);
        *qty = (int64_t)q;
        *d = (struct discount){ amount > label ? DISCOUNT_AMOUNT : DISCOUNT_NONE, amount > label ? amount - label : 0 };
        return 0;
}

static int resolve(struct ledger *l, const char *barcode, const char *sku, int64_t *qty, struct product *p,
                   struct discount *d)
{
        struct scan_result s;
        int r;

        *d = (struct discount){ DISCOUNT_NONE, 0 };
        if (!barcode)
                return product_get_by_sku(l, sku, p);
        if ((r = catalog_lookup_barcode(l, barcode, &s)) < 0)
                return r;
        *p = s.product;
        if (s.has_price)
                return label_price(l, p, s.price, s.has_qty ? s.qty : 0, qty, d);
        if (s.has_qty)
                *qty = s.qty;
        /* a case: as many times its contents as cases are rung up, whole cases */
        if (s.pack && *qty % 1000)
                return fail(l, -EINVAL, "BAD_QUANTITY", "%s is a case of %s: cases are counted whole", barcode, p->sku);
        if (s.pack && muldiv_round(*qty, s.pack, 1000, qty) < 0)
                return fail(l, -EINVAL, "BAD_QUANTITY", "too many cases of %s", p->sku);
        return 0;
}

static bool unit_measured(struct ledger *l, const char *code)
{
        struct unit_info u;
        return unit_get(l, code, &u) < 0 || u.measured;
}

static int check_line_qty(struct ledger *l, const struct product *p, int64_t qty)
{
        int r;

        if (qty <= 0 || qty > QTY_MAX)
                return fail(l, -EINVAL, "BAD_QUANTITY", "the quantity must be positive and at most %lld",
                            (long long)(QTY_MAX / 1000));
        if ((r = unit_qty_check(l, p->unit, qty, 0, p->sku)) < 0)
                return r;
        if (!p->active)
                return fail(l, -EINVAL, "PRODUCT_INACTIVE", "%s %s is not for sale", p->sku, p->name);
        return 0;
}

/* A quantity changed under an approval (the line's or the ticket's) is on record. */
static int audit_qty(struct ledger *l, const struct actor *a, const struct ticket *t, const struct ticket_line *ln,
                     int64_t to)
{
        if ((ln->approved_off < 0 && t->approved_off < 0) || ln->qty == to)
                return 0;
        return audit_add(l, a, "approved_qty", "ticket %s line %d %s: quantity %lld -> %lld after an approval", t->id,
                         ln->line, ln->sku, (long long)ln->qty, (long long)to);
}

int ticket_add(struct ledger *l, const struct actor *a, const char *id, const char *barcode, const char *sku,
               int64_t qty, struct ticket **ret)
{
        static const char ins[] =
                "INSERT INTO ticket_lines(ticket_id, line, product_id, qty, unit_price, list_price, discount_kind,"
                " discount_value) SELECT id, next_line, ?2, ?3, ?4, ?4, ?5, ?6 FROM tickets WHERE id = ?1";
        static const char next[] = "UPDATE tickets SET next_line = next_line + 1 WHERE id = ?1 AND ?2 = ?3";
        static const char more[] = "UPDATE ticket_lines SET qty = qty + ?2 WHERE ticket_id = ?1 AND line = ?3";
        struct ticket *t = NULL;
        struct ticket_line *last;
        struct product p;
        struct discount d;
        sqlite3_stmt *st;
        int64_t q = qty ? qty : 1000;
        int r;

        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if ((r = resolve(l, barcode, sku, &q, &p, &d)) < 0 || (r = check_line_qty(l, &p, q)) < 0)
                return edit_abort(l, t, r);
        last = t->nlines ? &t->lines[t->nlines - 1] : NULL;
        /* the same packaged item again: one line with a larger quantity */
        if (last && !strcmp(last->sku, p.sku) && !last->price_overridden && last->discount.kind == DISCOUNT_NONE &&
            d.kind == DISCOUNT_NONE && !unit_measured(l, last->unit) && last->qty + q <= QTY_MAX) {
                if ((r = ticket_exec(l, more, t->id, q, last->line, "adding to a line")) < 0 ||
                    (r = audit_qty(l, a, t, last, last->qty + q)) < 0)
                        return edit_abort(l, t, r);
                return edit_end(l, a, t, ret);
        }
        if (t->nlines >= TICKET_LINES_MAX)
                return edit_abort(l, t, fail(l, -EINVAL, "TOO_MANY_LINES", "a ticket holds at most %d lines",
                                             TICKET_LINES_MAX));
        if (!(st = stmt(l, ins)))
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, p.id);
        sqlite3_bind_int64(st, 3, q);
        sqlite3_bind_int64(st, 4, p.price);
        sqlite3_bind_text(st, 5, discount_kind_name(d.kind), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, d.value);
        if ((r = step_done(l, st, "adding a line")) < 0 || (r = ticket_exec(l, next, t->id, 0, 0, "numbering a line")) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_set_qty(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id, int line,
                   int64_t qty, struct ticket **ret)
{
        static const char sql[] = "UPDATE ticket_lines SET qty = ?2 WHERE ticket_id = ?1 AND line = ?3";
        struct ticket *t = NULL;
        struct ticket_line *ln;
        struct product p;
        int r;

        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if (!(ln = find_line(l, t, line)))
                return edit_abort(l, t, l->e.num);
        if ((r = product_get_by_sku(l, ln->sku, &p)) < 0 || (r = check_line_qty(l, &p, qty)) < 0 ||
            (r = ticket_exec(l, sql, t->id, qty, line, "changing a quantity")) < 0 ||
            (r = approval_settle(l, a, pol, t->id, line, true)) < 0 || (r = audit_qty(l, a, t, ln, qty)) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_set_price(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                     int line, int64_t price, struct ticket **ret)
{
        static const char sql[] =
                "UPDATE ticket_lines SET unit_price = ?2, price_overridden_by = ?4 WHERE ticket_id = ?1 AND line = ?3";
        struct ticket *t = NULL;
        struct ticket_line *ln;
        char from[32], to[32];
        sqlite3_stmt *st;
        int r;

        if ((r = need_manager(l, a, "a price override")) < 0)
                return r;
        if (price < 0 || price > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_PRICE", "the price must not be negative");
        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if (!(ln = find_line(l, t, line)) || !(st = stmt(l, sql)))
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, price);
        sqlite3_bind_int(st, 3, line);
        sqlite3_bind_text(st, 4, a->approver ? a->approver : a->user, -1, SQLITE_TRANSIENT);
        money_text(l, ln->unit_price, from);
        money_text(l, price, to);
        if ((r = step_done(l, st, "overriding a price")) < 0 ||
            (r = audit_add(l, a, "price_override", "ticket %s line %d %s: %s -> %s", t->id, line, ln->sku, from, to)) < 0 ||
            (r = approval_settle(l, a, pol, t->id, line, true)) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_set_discount(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                        int line, struct discount d, struct ticket **ret)
{
        static const char on_line[] =
                "UPDATE ticket_lines SET discount_kind = ?4, discount_value = ?2, discount_approved_by = ?5 "
                "WHERE ticket_id = ?1 AND line = ?3";
        static const char on_ticket[] =
                "UPDATE tickets SET discount_kind = ?4, discount_value = ?2, discount_approved_by = ?5 "
                "WHERE id = ?1 AND ?3 = 0";
        struct ticket *t = NULL;
        struct ticket_line *ln = NULL;
        int64_t base;
        sqlite3_stmt *st;
        int r;

        if (d.value < 0 || (d.kind == DISCOUNT_PERCENT && d.value > 10000) || d.value > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_DISCOUNT", "a discount is 0 to 100%% or an amount that is not negative");
        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if (line && !(ln = find_line(l, t, line)))
                return edit_abort(l, t, l->e.num);
        /* a line's discount applies to its gross, the ticket's to what the lines leave */
        base = 0;
        for (size_t i = 0; i < t->nlines; i++)
                if (!ln || &t->lines[i] == ln)
                        base += ln ? ln->gross : t->lines[i].gross - discount_of(t->lines[i].discount, t->lines[i].gross);
        if (d.kind == DISCOUNT_AMOUNT && d.value > base)
                return edit_abort(l, t, fail(l, -EINVAL, "BAD_DISCOUNT", "the discount is larger than what it applies to"));
        if (!(st = stmt(l, ln ? on_line : on_ticket)))
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, d.kind == DISCOUNT_NONE ? 0 : d.value);
        sqlite3_bind_int(st, 3, line);
        sqlite3_bind_text(st, 4, discount_kind_name(d.kind), -1, SQLITE_STATIC);
        bind_text_or_null(st, 5, a->approver ? a->approver : a->is_manager ? a->user : NULL);
        if ((r = step_done(l, st, "setting a discount")) < 0 ||
            (r = audit_add(l, a, "discount", "ticket %s %s%d: %s %lld", t->id, line ? "line " : "whole ticket", line,
                           discount_kind_name(d.kind), (long long)d.value)) < 0 ||
            (r = approval_settle(l, a, pol, t->id, line ? line : APPROVAL_TICKET, true)) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_void_line(struct ledger *l, const struct actor *a, const char *id, int line, struct ticket **ret)
{
        static const char sql[] = "UPDATE ticket_lines SET voided = 1 WHERE ticket_id = ?1 AND line = ?3 AND ?2 = 0";
        struct ticket *t = NULL;
        struct ticket_line *ln;
        char amount[32];
        int r;

        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if (!(ln = find_line(l, t, line)))
                return edit_abort(l, t, l->e.num);
        money_text(l, ln->amount, amount);
        if ((r = ticket_exec(l, sql, t->id, 0, line, "voiding a line")) < 0 ||
            (r = audit_add(l, a, "void_line", "ticket %s line %d %s %s", t->id, line, ln->sku, amount)) < 0 ||
            (r = approval_settle(l, a, NULL, t->id, APPROVAL_TICKET, false)) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_pay(struct ledger *l, const struct actor *a, const char *id, enum tender method, int64_t amount,
               struct ticket **ret)
{
        static const char sql[] =
                "INSERT INTO ticket_payments(ticket_id, seq, method, amount) "
                "SELECT ?1, coalesce(max(seq), 0) + 1, ?4, ?2 FROM ticket_payments WHERE ticket_id = ?1 AND ?3 = 0";
        struct ticket *t = NULL;
        sqlite3_stmt *st;
        char due[32];
        int r;

        if ((unsigned)method >= TENDER__COUNT)
                return fail(l, -EINVAL, "BAD_TENDER", "a payment is cash, card or other");
        if (amount <= 0 || amount > MONEY_MAX)
                return fail(l, -EINVAL, "BAD_AMOUNT", "the amount must be positive");
        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if (t->npayments >= DOC_PAYMENTS_MAX)
                return edit_abort(l, t, fail(l, -EINVAL, "BAD_PAYMENTS", "a ticket takes at most %d payments",
                                             DOC_PAYMENTS_MAX));
        if (method != TENDER_CASH && amount > t->due) {
                money_text(l, t->due < 0 ? 0 : t->due, due);
                return edit_abort(l, t, fail(l, -EINVAL, "OVERPAID", "only %s is due: card and other payments give no change",
                                             due));
        }
        if (!(st = stmt(l, sql)))
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, amount);
        sqlite3_bind_int(st, 3, 0);
        sqlite3_bind_text(st, 4, tender_name(method), -1, SQLITE_STATIC);
        if ((r = step_done(l, st, "recording a payment")) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_unpay(struct ledger *l, const struct actor *a, const char *id, int seq, struct ticket **ret)
{
        static const char sql[] = "DELETE FROM ticket_payments WHERE ticket_id = ?1 AND seq = ?3 AND ?2 = 0";
        struct ticket *t = NULL;
        int r;

        size_t i;

        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        for (i = 0; i < t->npayments && t->payment_seq[i] != seq; i++)
                ;
        if (i == t->npayments)
                return edit_abort(l, t, fail(l, -ENOENT, "UNKNOWN_PAYMENT", "ticket %s has no payment %d", t->id, seq));
        if ((r = ticket_exec(l, sql, t->id, 0, seq, "removing a payment")) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

static int set_state(struct ledger *l, const struct actor *a, const char *id, const char *from, const char *to,
                     struct ticket **ret)
{
        static const char sql[] = "UPDATE tickets SET state = ?2 WHERE id = ?1";
        struct ticket *t = NULL;
        sqlite3_stmt *st;
        int r;

        if ((r = edit_begin(l, a, id, from, &t)) < 0)
                return r;
        if (!(st = stmt(l, sql)))
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
        if ((r = step_done(l, st, "changing a ticket")) < 0)
                return edit_abort(l, t, r == -EEXIST ? fail(l, -EBUSY, "TICKET_ALREADY_OPEN",
                                                           "another ticket is open on lane %s: suspend it first", a->lane)
                                                     : r);
        if (!strcmp(to, "voided") &&
            (r = audit_add(l, a, "void_ticket", "ticket %s with %zu lines", t->id, t->nlines)) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_set_customer(struct ledger *l, const struct actor *a, const char *id, int64_t customer_id,
                        struct ticket **ret)
{
        static const char sql[] = "UPDATE tickets SET customer_id = ?2 WHERE id = ?1";
        struct customer c;
        struct ticket *t = NULL;
        sqlite3_stmt *st;
        int r;

        if ((r = edit_begin(l, a, id, "open", &t)) < 0)
                return r;
        if (customer_id && (r = customer_get(l, customer_id, &c)) < 0)
                return edit_abort(l, t, r);
        if (!(st = stmt(l, sql)))
                return edit_abort(l, t, l->e.num);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
        if (customer_id)
                sqlite3_bind_int64(st, 2, customer_id);
        else
                sqlite3_bind_null(st, 2);
        if ((r = step_done(l, st, "changing a ticket")) < 0)
                return edit_abort(l, t, r);
        return edit_end(l, a, t, ret);
}

int ticket_suspend(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret)
{
        return set_state(l, a, id, "open", "suspended", ret);
}

int ticket_resume(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret)
{
        return set_state(l, a, id, "suspended", "open", ret);
}

int ticket_void(struct ledger *l, const struct actor *a, const char *id, struct ticket **ret)
{
        struct ticket *t = NULL;
        int r;

        /* open or suspended; completed and voided tickets stay as they are */
        if ((r = ticket_get(l, a, id, &t)) < 0)
                return r;
        r = !strcmp(t->state, "suspended") ? 1 : 0;
        ticket_free(t);
        return set_state(l, a, id, r ? "suspended" : "open", "voided", ret);
}


/* What is taken off as the ticket stands now must be covered: by the cashier's allowance
 * or a manager's approval of exactly this. A manager at hand approves what is not, on
 * record with the sale (ret_approver), never apart from it. */
static int check_approvals(struct ledger *l, const struct actor *a, const struct checkout_policy *pol,
                           const struct ticket *t, const char **ret_approver)
{
        int r = approval_check(l, pol, t, APPROVAL_ALL);

        if (r == 0 || (!a->is_manager && !a->approver))
                return r;
        clear_err(l);
        *ret_approver = a->approver ? a->approver : a->user;
        return 0;
}

static int complete_once(struct ledger *l, const struct actor *a, const struct checkout_policy *conf, struct ticket *t,
                         const char *idem_key, bool *approved, struct doc_result *ret)
{
        struct checkout_policy eff, *pol = &eff;
        struct sale_line_in *lines;
        char key[IDEM_KEY_MAX + 1];
        struct sale_in in;
        int r;

        if ((r = policy_effective(l, conf, &eff)) < 0)
                return r;
        if ((r = shift_current_id(l, a->lane, &in.shift_id)) < 0)
                return r;
        if (!t->nlines)
                return fail(l, -EINVAL, "EMPTY_TICKET", "the ticket has no lines");
        in.approved_by = NULL;
        if ((r = check_approvals(l, a, pol, t, &in.approved_by)) < 0)
                return r;
        *approved = in.approved_by != NULL;
        if (!(lines = calloc(t->nlines, sizeof(*lines))))
                return fail(l, -ENOMEM, "OUT_OF_MEMORY", "out of memory");
        for (size_t i = 0; i < t->nlines; i++)
                lines[i] = (struct sale_line_in){ t->lines[i].sku, t->lines[i].qty, t->lines[i].unit_price,
                                                  t->lines[i].discount_amount };
        snprintf(key, sizeof(key), "ticket:%s", t->id);
        in.h = (struct doc_head){ idem_key ? idem_key : key, a->user, a->lane, NULL, 0 };
        in.lines = lines;
        in.nlines = t->nlines;
        in.payments = t->payments;
        in.npayments = t->npayments;
        in.ticket_id = t->id;
        in.ticket_version = t->version;
        in.cash_step = pol->cash_step;
        in.printer = pol->printer;
        in.kick_drawer = pol->kick_drawer;
        in.drawer = pol->drawer;
        r = post_sale(l, &in, ret);
        free(lines);
        return r;
}

int ticket_complete(struct ledger *l, const struct actor *a, const struct checkout_policy *pol, const char *id,
                    const char *idem_key, struct doc_result *ret)
{
        struct ticket *t = NULL;
        bool approved = false;
        int r, tries = 0;

        do {
                t = ticket_free(t);
                if ((r = ticket_get(l, a, id, &t)) < 0)
                        return r;
                if (!strcmp(t->state, "completed")) {
                        r = sale_result_by_number(l, t->sale_number, ret);
                        if (r == 0)
                                ret->replayed = true;
                        break;
                }
                if (strcmp(t->state, "open") != 0) {
                        r = fail(l, -EBUSY, "TICKET_NOT_OPEN", "ticket %s is %s", id, t->state);
                        break;
                }
                r = complete_once(l, a, pol, t, idem_key, &approved, ret);
                /* another user completed it under the ticket's own key a moment ago */
                if (r == -EEXIST && !idem_key)
                        r = -EAGAIN;
                /* a manager approved the ticket as it was read, not as it has since become */
        } while (r == -EAGAIN && !approved && ++tries < 3);
        ticket_free(t);
        return r;
}
