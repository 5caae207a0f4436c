/* Sale and return receipts: store header, lines with quantity x price, discounts,
 * totals, tax, tenders, change, cashier and time, the number as a QR code, footer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger.h"
#include "money.h"
#include "posting.h"
#include "receipt_build.h"
#include "doc_view.h"
#include "store.h"

struct rb {
        struct receipt *r;
        int minor;
        int err;
};

static void add(struct rb *b, enum receipt_kind k, enum receipt_align a, bool bold, bool big, const char *text,
                const char *right)
{
        if (!b->err)
                b->err = receipt_add(b->r, k, a, bold, big, text, right);
}

static const char *money(const struct rb *b, int64_t v, char buf[static 32])
{
        decimal_format(v, b->minor, false, buf, 32);
        return buf;
}

/* Each line of text on a line of its own, centred. */
static void lines_of(struct rb *b, const char *text)
{
        char line[RECEIPT_TEXT_MAX];

        while (text && *text) {
                size_t n = strcspn(text, "\n");
                snprintf(line, sizeof(line), "%.*s", (int)n, text);
                add(b, R_TEXT, ALIGN_CENTER, false, false, line, NULL);
                text += n + (text[n] == '\n');
        }
}

static void head(struct rb *b, const struct store_info *s, const struct receipt_texts *t, const struct print_job *j)
{
        add(b, R_TEXT, ALIGN_CENTER, true, true, s->name, NULL);
        lines_of(b, t->header);
        if (j->reprint)
                add(b, R_TEXT, ALIGN_CENTER, true, true, "*** REPRINT 重印 ***", NULL);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
}

static void tail(struct rb *b, const struct receipt_texts *t, const struct print_job *j, const char *who, int64_t at)
{
        char when[32], line[128];

        ledger_format_time(at, when);
        snprintf(line, sizeof(line), "%s  %s", when, who);
        add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        add(b, R_QR, ALIGN_CENTER, false, false, j->number, NULL);
        add(b, R_TEXT, ALIGN_CENTER, false, false, j->number, NULL);
        lines_of(b, t->footer);
        add(b, R_FEED, ALIGN_LEFT, false, false, NULL, NULL);
        if (!b->err)
                b->r->items[b->r->n - 1].n = 3;
        add(b, R_CUT, ALIGN_LEFT, false, false, NULL, NULL);
        if (j->kick && t->drawer_pin) {
                add(b, R_DRAWER, ALIGN_LEFT, false, false, NULL, NULL);
                if (!b->err)
                        b->r->items[b->r->n - 1].n = t->drawer_pin;
        }
}

static void item(struct rb *b, const struct sale_view_line *ln, bool priced)
{
        char q[32], p[32], a[32], line[RECEIPT_TEXT_MAX];

        add(b, R_PAIR, ALIGN_LEFT, false, false, ln->name, money(b, ln->amount, a));
        decimal_format(ln->qty, 3, true, q, sizeof(q));
        if (priced) {
                snprintf(line, sizeof(line), "  %s %s x %s", q, ln->unit, money(b, ln->unit_price, p));
                add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
                if (ln->discount) {
                        snprintf(a, sizeof(a), "-");
                        decimal_format(ln->discount, b->minor, false, a + 1, sizeof(a) - 1);
                        add(b, R_PAIR, ALIGN_LEFT, false, false, "  优惠 Discount", a);
                }
        } else {
                snprintf(line, sizeof(line), "  %s %s", q, ln->unit);
                add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        }
}

static void tenders(struct rb *b, const struct payment *p, size_t n)
{
        static const char *const names[] = { "现金 Cash", "银行卡 Card", "其他 Other" };
        char a[32];

        for (size_t i = 0; i < n; i++)
                add(b, R_PAIR, ALIGN_LEFT, false, false, names[p[i].method], money(b, p[i].amount, a));
}

static int sale_receipt(struct ledger *l, struct rb *b, const struct store_info *s, const struct receipt_texts *t,
                        const struct print_job *j)
{
        struct sale_view *v = NULL;
        char a[32], line[96];
        int r;

        if ((r = sale_view_get(l, j->number, &v)) < 0)
                return r;
        head(b, s, t, j);
        snprintf(line, sizeof(line), "销售 Sale %s  lane %s", v->d.number, v->lane);
        add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        for (size_t i = 0; i < v->nlines; i++)
                item(b, &v->lines[i], true);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        if (v->d.rounding)
                add(b, R_PAIR, ALIGN_LEFT, false, false, "抹零 Rounding", money(b, v->d.rounding, a));
        add(b, R_PAIR, ALIGN_LEFT, true, true, "合计 TOTAL", money(b, v->d.total + v->d.rounding, a));
        add(b, R_PAIR, ALIGN_LEFT, false, false, s->prices_include_tax ? "含税 incl. tax" : "税 Tax", money(b, v->d.tax, a));
        tenders(b, v->payments, v->npayments);
        if (v->d.change)
                add(b, R_PAIR, ALIGN_LEFT, true, false, "找零 Change", money(b, v->d.change, a));
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        tail(b, t, j, v->user, v->at);
        sale_view_free(v);
        return 0;
}

static int return_receipt(struct ledger *l, struct rb *b, const struct store_info *s, const struct receipt_texts *t,
                          const struct print_job *j)
{
        struct return_view *v = NULL;
        char a[32], line[96];
        int r;

        if ((r = return_view_get(l, j->number, &v)) < 0)
                return r;
        head(b, s, t, j);
        if (v->sale_number[0])
                snprintf(line, sizeof(line), "退货 Return %s of %s", v->d.number, v->sale_number);
        else
                snprintf(line, sizeof(line), "退货 Return %s, no receipt", v->d.number);
        add(b, R_TEXT, ALIGN_LEFT, true, false, line, NULL);
        if (v->reason[0])
                add(b, R_TEXT, ALIGN_LEFT, false, false, v->reason, NULL);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        for (size_t i = 0; i < v->nlines; i++)
                item(b, &v->lines[i], false);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        add(b, R_PAIR, ALIGN_LEFT, true, true, "退款 REFUND", money(b, v->d.paid, a));
        tenders(b, v->refunds, v->nrefunds);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        tail(b, t, j, v->user, v->at);
        return_view_free(v);
        return 0;
}

int receipt_for_job(struct ledger *l, const struct print_job *job, const struct receipt_texts *t, struct receipt *out)
{
        struct store_info s;
        struct rb b = { out, 2, 0 };
        int r;

        if ((r = store_get(l, &s)) < 0)
                return r;
        b.minor = s.minor_unit;
        if (!strcmp(job->doc_type, "drawer")) { /* a no-sale: the drawer and nothing else */
                if (!t->drawer_pin)
                        return -ENOTSUP;
                add(&b, R_DRAWER, ALIGN_LEFT, false, false, NULL, NULL);
                if (!b.err)
                        out->items[out->n - 1].n = t->drawer_pin;
                return b.err;
        }
        if (!strcmp(job->doc_type, "sale"))
                r = sale_receipt(l, &b, &s, t, job);
        else if (!strcmp(job->doc_type, "return"))
                r = return_receipt(l, &b, &s, t, job);
        else
                r = -ENOTSUP;
        return r < 0 ? r : b.err;
}
