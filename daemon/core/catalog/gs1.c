/* GS1 element strings: application identifiers and their fields, read from the front. */
#include <errno.h>
#include <string.h>

#include "catalog/barcode.h"
#include "catalog/gs1.h"

enum field { F_NONE, F_GTIN, F_LOT, F_EXPIRY, F_BEST_BEFORE, F_DATE, F_WEIGHT, F_PRICE };

/* The AIs of a retail or goods-in label; an AI of the table's prefix with a last digit
 * (len 4) carries the value's decimals in it. Not read, so refused: 02 (the GTIN of a
 * logistic unit's contents, which a till would sell one of), 393n (a price in a currency
 * the label names). */
static const struct ai {
        const char *prefix;
        int len;      /* digits of the AI */
        int min, max; /* the value's length: fixed when they are one, else ended by GS or the end */
        bool numeric;
        enum field field;
} ais[] = {
        { "00", 2, 18, 18, true, F_NONE },       /* SSCC */
        { "01", 2, 14, 14, true, F_GTIN },
        { "10", 2, 1, 20, false, F_LOT },
        { "11", 2, 6, 6, true, F_DATE },         /* production date */
        { "12", 2, 6, 6, true, F_DATE },         /* due date */
        { "13", 2, 6, 6, true, F_DATE },         /* packaging date */
        { "15", 2, 6, 6, true, F_BEST_BEFORE },
        { "16", 2, 6, 6, true, F_DATE },         /* sell by */
        { "17", 2, 6, 6, true, F_EXPIRY },
        { "20", 2, 2, 2, true, F_NONE },         /* variant */
        { "21", 2, 1, 20, false, F_NONE },       /* serial number */
        { "310", 4, 6, 6, true, F_WEIGHT },      /* net weight, kg */
        { "392", 4, 1, 15, true, F_PRICE },      /* amount payable, one currency area */
};

/* GS1's character set 82 is printable ASCII but for space and a few signs; what a scanner
 * sends beyond it is taken as a misread */
static bool printable(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (s[i] <= ' ' || s[i] > '~' || strchr("#$@[\\]^`{|}~", s[i]))
                        return false;
        return true;
}

static int64_t number(const char *s, size_t n)
{
        int64_t v = 0;

        for (size_t i = 0; i < n; i++)
                v = v * 10 + (s[i] - '0');
        return v;
}

/* The AI s begins with (n characters at most), or NULL. */
static const struct ai *ai_of(const char *s, size_t n)
{
        for (size_t i = 0; i < sizeof(ais) / sizeof(ais[0]); i++)
                if (n >= (size_t)ais[i].len && !strncmp(s, ais[i].prefix, strlen(ais[i].prefix)) &&
                    barcode_digits(s, (size_t)ais[i].len))
                        return &ais[i];
        return NULL;
}

/* YYMMDD, its century within 50 years ahead of year_now or 49 behind (GS1 7.12); a day
 * of 00 is the month's last. */
static bool date_read(const char *v, int year_now, int *y, int *m, int *d)
{
        static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        int yy = (int)number(v, 2), diff = yy - year_now % 100, century = year_now - year_now % 100;

        *y = century + yy + (diff >= 51 ? -100 : diff <= -50 ? 100 : 0);
        *m = (int)number(v + 2, 2);
        *d = (int)number(v + 4, 2);
        bool leap = *y % 4 == 0 && (*y % 100 != 0 || *y % 400 == 0);

        if (*m < 1 || *m > 12 || *d > days[*m - 1] || (*m == 2 && *d == 29 && !leap))
                return false;
        if (*d == 0)
                *d = *m == 2 && !leap ? 28 : days[*m - 1];
        return true;
}

/* One field's value v (n characters) of AI a (whose digits are at ai) into e. */
static int field_set(const struct ai *a, const char *ai, const char *v, size_t n, int year_now,
                     struct gs1_elements *e, const char **why)
{
        static const int64_t p10[] = { 1, 10, 100, 1000 };
        int decimals = a->len == 4 ? ai[3] - '0' : 0, y, m, d;

        if ((a->numeric && !barcode_digits(v, n)) || (!a->numeric && !printable(v, n)))
                return *why = "a field holds characters its AI does not allow", -EINVAL;
        switch (a->field) {
        case F_GTIN:
                memcpy(e->gtin, v, 14);
                e->gtin[14] = '\0';
                return gs1_check_digit(v, 13) == v[13] - '0' ? 0 : -EBADMSG;
        case F_LOT:
                memcpy(e->lot, v, n);
                e->lot[n] = '\0';
                return 0;
        case F_EXPIRY:
        case F_BEST_BEFORE:
        case F_DATE:
                if (!date_read(v, year_now, &y, &m, &d))
                        return *why = "a date is not a day of the calendar", -EINVAL;
                /* an expiry date outranks a best-before date, whichever comes first */
                if (a->field == F_EXPIRY || (a->field == F_BEST_BEFORE && !e->has_expiry)) {
                        e->has_expiry = true;
                        e->expiry_year = y, e->expiry_month = m, e->expiry_day = d;
                }
                return 0;
        case F_WEIGHT:
                if (decimals > 5)
                        return *why = "a weight has more than 5 decimals", -EINVAL;
                if (number(v, n) == 0)
                        return *why = "a weight of nothing", -EINVAL;
                e->has_weight = true;
                /* to the gram, half a gram up */
                e->weight_g = decimals <= 3 ? number(v, n) * p10[3 - decimals]
                                            : (number(v, n) + p10[decimals - 3] / 2) / p10[decimals - 3];
                return 0;
        case F_PRICE:
                e->has_price = true;
                e->price = number(v, n);
                e->price_decimals = decimals;
                return 0;
        default:
                return 0;
        }
}

/* The fields of body, one AI after another: plain (GS ends a variable field) or with
 * each AI in parentheses. */
static int fields_read(const char *body, bool parens, int year_now, struct gs1_elements *e, const char **why)
{
        bool seen[sizeof(ais) / sizeof(ais[0])] = { false };
        const char *p = body;
        int r;

        while (*p) {
                const char *ai, *v, *end;
                const struct ai *a;
                size_t n, ai_n;

                if (*p == GS1_GS) {
                        p++;
                        continue;
                }
                if (parens) {
                        if (*p != '(' || !(end = strchr(p, ')')))
                                return *why = "an AI in parentheses is not closed", -EINVAL;
                        ai = p + 1, ai_n = (size_t)(end - ai);
                        v = end + 1;
                        end = strchr(v, '(');
                        n = end ? (size_t)(end - v) : strlen(v);
                        if (!(a = ai_of(ai, ai_n)) || ai_n != (size_t)a->len)
                                return *why = "it holds an AI posd does not read", -EINVAL;
                } else {
                        ai = p;
                        if (!(a = ai_of(ai, strlen(ai))))
                                return *why = "it holds an AI posd does not read", -EINVAL;
                        v = p + a->len;
                        n = a->min == a->max ? strnlen(v, (size_t)a->max) : strcspn(v, "\x1d");
                }
                if (n < (size_t)a->min || n > (size_t)a->max)
                        return *why = "a field has the wrong length for its AI", -EINVAL;
                /* one of each: which of two prices or GTINs would be the label's? */
                if (seen[a - ais])
                        return *why = "an AI is given twice", -EINVAL;
                seen[a - ais] = true;
                if ((r = field_set(a, ai, v, n, year_now, e, why)) < 0)
                        return r;
                p = v + n;
        }
        return 0;
}

int gs1_parse(const char *s, int year_now, struct gs1_elements *ret, const char **why)
{
        static const char *const idents[] = { "]C1", "]e0", "]d2", "]Q3" };
        struct gs1_elements e;
        const char *body = NULL;
        size_t len = strnlen(s, GS1_MAX + 1);
        bool guessed = false;
        int r;

        for (size_t i = 0; i < sizeof(idents) / sizeof(idents[0]) && !body; i++)
                if (!strncmp(s, idents[i], 3))
                        body = s + 3;
        if (!body && (s[0] == '(' || strchr(s, GS1_GS)))
                body = s;
        /* "01", a GTIN-14 and maybe more, sent with no identifier: an element string only if
         * it reads as one whole */
        if (!body && len >= 16 && !strncmp(s, "01", 2) && barcode_digits(s, 16))
                body = s, guessed = true;
        if (!body)
                return -ENOENT;
        if (len > GS1_MAX)
                return guessed ? -ENOENT : (*why = "it is longer than a GS1 label can be", -EINVAL);
        memset(&e, 0, sizeof(e));
        if ((r = fields_read(body, body[0] == '(', year_now, &e, why)) < 0)
                return guessed ? -ENOENT : r;
        if (!e.gtin[0])
                return *why = "it carries no GTIN (AI 01)", -EINVAL;
        *ret = e;
        return 0;
}
