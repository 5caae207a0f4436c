/* Integer money, quantity and tax arithmetic. */
#include <stdio.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "ledger/money.h"

int muldiv_round(int64_t a, int64_t b, int64_t d, int64_t *ret)
{
        __int128 p = (__int128)a * b, q, r;

        if (d <= 0)
                return -EINVAL;
        q = p / d;
        r = p % d;
        /* half away from zero: |r| * 2 >= d rounds outward */
        if ((r < 0 ? -r : r) * 2 >= d)
                q += p < 0 ? -1 : 1;
        if (q > INT64_MAX || q < INT64_MIN)
                return -ERANGE;
        *ret = (int64_t)q;
        return 0;
}

int decimal_parse(const char *s, int scale, bool allow_negative, int64_t max, int64_t *ret)
{
        int64_t v = 0;
        int decimals = -1;
        bool neg = false, digits = false;

        if (!s)
                return -EINVAL;
        while (*s == ' ')
                s++;
        if (*s == '-' || *s == '+') {
                neg = *s == '-';
                s++;
        }
        for (; *s && *s != ' '; s++) {
                if (*s == '.' && decimals < 0) {
                        decimals = 0;
                        continue;
                }
                if (*s < '0' || *s > '9')
                        return -EINVAL;
                digits = true;
                if (decimals >= 0 && ++decimals > scale) {
                        if (*s != '0') /* "12.500" is 12.50; "12.505" is not */
                                return -ERANGE;
                        continue;
                }
                if (v > (max - (*s - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (*s - '0');
        }
        while (*s == ' ')
                s++;
        if (*s || !digits)
                return -EINVAL;
        for (int i = decimals < 0 ? 0 : decimals > scale ? scale : decimals; i < scale; i++) {
                if (v > max / 10)
                        return -ERANGE;
                v *= 10;
        }
        if (neg && v && !allow_negative)
                return -ERANGE;
        *ret = neg ? -v : v;
        return 0;
}

size_t decimal_format(int64_t v, int scale, bool trim, char *buf, size_t size)
{
        char tmp[48], *p = tmp + sizeof(tmp);
        uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
        int i;
        size_t n;

        *--p = '\0';
        for (i = 0; i < scale; i++) {
                *--p = (char)('0' + u % 10);
                u /= 10;
        }
        if (scale > 0)
                *--p = '.';
        do {
                *--p = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (v < 0)
                *--p = '-';
        n = strlen(p);
        if (trim && scale > 0) {
                while (p[n - 1] == '0')
                        n--;
                if (p[n - 1] == '.')
                        n--;
                p[n] = '\0';
        }
        if (size) {
                size_t c = n < size - 1 ? n : size - 1;
                memcpy(buf, p, c);
                buf[c] = '\0';
        }
        return n;
}

int line_amount(int64_t qty_milli, int64_t unit_price, int64_t *ret)
{
        int64_t v;
        int r = muldiv_round(qty_milli, unit_price, 1000, &v);

        if (r < 0)
                return r;
        if (v > MONEY_MAX || v < -MONEY_MAX)
                return -ERANGE;
        *ret = v;
        return 0;
}

int price_line(int64_t qty_milli, int64_t unit_price, int64_t discount, int rate_bp, bool inclusive,
               struct line_price *ret)
{
        struct line_price p;
        int r = line_amount(qty_milli, unit_price, &p.gross);

        if (r < 0)
                return r;
        if (discount < 0 || discount > p.gross)
                return -EINVAL;
        p.amount = p.gross - discount;
        p.tax = tax_of(p.amount, rate_bp, inclusive);
        if (!inclusive)
                p.amount += p.tax;
        *ret = p;
        return 0;
}

int64_t tax_of(int64_t amount, int rate_bp, bool inclusive)
{
        int64_t t = 0;

        /* amount <= MONEY_MAX and rate <= 10000 cannot overflow 128 bits */
        (void)muldiv_round(amount, rate_bp, inclusive ? 10000 + rate_bp : 10000, &t);
        return t;
}

int64_t round_to_step(int64_t amount, int64_t step)
{
        int64_t q = 0;

        if (step <= 1)
                return amount;
        (void)muldiv_round(amount, 1, step, &q);
        return q * step;
}

const char *percent_text(int64_t bp, char out[static PERCENT_TEXT_MAX])
{
        int64_t whole = bp / 100, part = bp % 100 < 0 ? -(bp % 100) : bp % 100;

        if (!part)
                snprintf(out, PERCENT_TEXT_MAX, "%lld%%", (long long)whole);
        else if (part % 10 == 0)
                snprintf(out, PERCENT_TEXT_MAX, "%lld.%lld%%", (long long)whole, (long long)(part / 10));
        else
                snprintf(out, PERCENT_TEXT_MAX, "%lld.%02lld%%", (long long)whole, (long long)part);
        return out;
}
