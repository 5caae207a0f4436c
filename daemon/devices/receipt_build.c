/* Sale and return receipts: store header, lines with quantity x price, discounts,
 * totals, tax, tenders, change, cashier and time, the number as a QR code, footer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger.h"
#include "ledger/money.h"
#include "ledger/posting.h"
#include "ledger/settings.h"
#include "receipt_build.h"
#include "till/doc_view.h"
#include "ledger/store.h"
#include "ledger/text.h"
#include "till/checkout.h"

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
                utf8_printf(line, sizeof(line), "%.*s", (int)n, text);
                add(b, R_TEXT, ALIGN_CENTER, false, false, line, NULL);
                text += n + (text[n] == '\n');
        }
}

/* At both ends of whatever the training store prints: nobody takes it for the store's. */
static void training_mark(struct rb *b, const struct receipt_texts *t)
{
        if (t->training)
                add(b, R_TEXT, ALIGN_CENTER, true, false, TRAINING_MARK, NULL);
}

static void head(struct rb *b, const struct store_info *s, const struct receipt_texts *t, const struct print_job *j)
{
        training_mark(b, t);
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
        if (!t->training) /* a code a till would read as the store's own document */
                add(b, R_QR, ALIGN_CENTER, false, false, j->number, NULL);
        add(b, R_TEXT, ALIGN_CENTER, false, false, j->number, NULL);
        lines_of(b, t->footer);
        training_mark(b, t);
        add(b, R_FEED, ALIGN_LEFT, false, false, NULL, NULL);
        if (!b->err)
                b->r->items[b->r->n - 1].n = 3;
        add(b, R_CUT, ALIGN_LEFT, false, false, NULL, NULL);
        if (j->kick && t->drawer_pin && !t->training) { /* training opens no drawer */
                add(b, R_DRAWER, ALIGN_LEFT, false, false, NULL, NULL);
                if (!b->err)
                        b->r->items[b->r->n - 1].n = t->drawer_pin;
        }
}

static void item(struct rb *b, const struct sale_view_line *ln, bool priced)
{
        char q[32], p[32], a[32], line[RECEIPT_TEXT_MAX];

        /* the spec tells 500ml from 2L of one name */
        utf8_printf(line, sizeof(line), "%s%s%s", ln->name, ln->spec[0] ? " " : "", ln->spec);
        add(b, R_PAIR, ALIGN_LEFT, false, false, line, money(b, ln->amount, a));
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
        if (v->customer_id) {
                snprintf(line, sizeof(line), "顾客 Customer: %.60s", v->customer);
                add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        }
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

static void pair(struct rb *b, const char *label, int64_t v)
{
        char a[32];

        add(b, R_PAIR, ALIGN_LEFT, false, false, label, money(b, v, a));
}

static void count(struct rb *b, const char *label, int64_t n)
{
        char a[32];

        snprintf(a, sizeof(a), "%lld", (long long)n);
        add(b, R_PAIR, ALIGN_LEFT, false, false, label, a);
}

/* The X report of an open shift, or the Z of a closed one: job->number is SHIFT-<id>. */
static int shift_receipt(struct ledger *l, struct rb *b, const struct store_info *s, const struct receipt_texts *t,
                         const struct print_job *j)
{
        struct shift_report sh;
        char line[160], when[32], *end;
        long long id = strtoll(j->number + 6, &end, 10);
        bool z;
        int r;

        if (strncmp(j->number, "SHIFT-", 6) || *end || id <= 0)
                return -EINVAL;
        if ((r = shift_report(l, id, &sh)) < 0)
                return r;
        z = sh.closed_at != 0;
        head(b, s, t, j);
        add(b, R_TEXT, ALIGN_CENTER, true, true, z ? "Z 日结 Z REPORT" : "X 报表 X REPORT", NULL);
        snprintf(line, sizeof(line), "班次 Shift %lld  收银台 Lane %s", id, sh.lane);
        add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        ledger_format_time(sh.opened_at, when);
        snprintf(line, sizeof(line), "开班 Opened %s %.40s", when, sh.opened_by);
        add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        if (z) {
                ledger_format_time(sh.closed_at, when);
                snprintf(line, sizeof(line), "交班 Closed %s", when);
                add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        }
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        pair(b, "备用金 Float", sh.opening_float);
        count(b, "销售笔数 Sales", sh.sales_count);
        count(b, "退货笔数 Returns", sh.returns_count);
        pair(b, "销售额 Gross", sh.gross);
        if (sh.rounding)
                pair(b, "抹零 Rounding", sh.rounding);
        pair(b, "退货货值 Goods returned", sh.goods_returned);
        pair(b, "退款 Money refunded", sh.money_refunded);
        if (sh.kept_on_returns)
                pair(b, "退货留存 Kept on returns", sh.kept_on_returns);
        pair(b, "净额 Net", sh.net);
        pair(b, "税额 Tax", sh.tax);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        pair(b, "现金 Cash", sh.by_method[TENDER_CASH]);
        pair(b, "银行卡 Card", sh.by_method[TENDER_CARD]);
        pair(b, "其他 Other", sh.by_method[TENDER_OTHER]);
        pair(b, "存入 Pay-in", sh.pay_in);
        pair(b, "支出 Pay-out", sh.pay_out);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        pair(b, "应有现金 Expected cash", sh.expected_cash);
        if (z) {
                pair(b, "实点现金 Counted", sh.counted_cash);
                add(b, R_PAIR, ALIGN_LEFT, true, false, "差额 Variance", money(b, sh.variance, line));
        }
        training_mark(b, t);
        add(b, R_FEED, ALIGN_LEFT, false, false, NULL, NULL);
        add(b, R_CUT, ALIGN_LEFT, false, false, NULL, NULL);
        return 0;
}

/* What a new printer shows it can do: wide text, Chinese, a QR code, the cut. */
static int test_page(struct rb *b, const struct store_info *s, const struct print_job *j)
{
        char line[96];

        add(b, R_TEXT, ALIGN_CENTER, true, true, s->name, NULL);
        add(b, R_TEXT, ALIGN_CENTER, true, true, "打印测试 TEST PAGE", NULL);
        snprintf(line, sizeof(line), "打印机 Printer: %s", j->number + 5);
        add(b, R_TEXT, ALIGN_LEFT, false, false, line, NULL);
        add(b, R_RULE, ALIGN_LEFT, false, false, NULL, NULL);
        add(b, R_PAIR, ALIGN_LEFT, false, false, "中文 GB18030 汉字", "¥12.50");
        add(b, R_TEXT, ALIGN_LEFT, true, false, "Bold 粗体", NULL);
        add(b, R_QR, ALIGN_CENTER, false, false, "posd test", NULL);
        add(b, R_FEED, ALIGN_LEFT, false, false, NULL, NULL);
        add(b, R_CUT, ALIGN_LEFT, false, false, NULL, NULL);
        return 0;
}

int receipt_for_job(struct ledger *l, const struct print_job *job, const struct receipt_texts *conf, struct receipt *out)
{
        struct receipt_texts own = *conf, *t = &own;
        struct store_settings set;
        struct store_info s;
        struct rb b = { out, 2, 0 };
        int r;

        if ((r = store_get(l, &s)) < 0 || (r = store_settings_get(l, &set)) < 0)
                return r;
        /* the store's own texts, set in the back office, over posd.conf's */
        if (set.has_header)
                own.header = set.receipt_header;
        if (set.has_footer)
                own.footer = set.receipt_footer;
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
        else if (!strcmp(job->doc_type, "shift"))
                r = shift_receipt(l, &b, &s, t, job);
        else if (!strcmp(job->doc_type, "test") && !strncmp(job->number, "TEST-", 5))
                r = test_page(&b, &s, job);
        else
                r = -ENOTSUP;
        return r < 0 ? r : b.err;
}
