/* Money is an integer count of minor units; quantities are integer milli-units; tax rates
 * are integer basis points (13% = 1300). Rounding is half away from zero, per line. */
#ifndef POSD_MONEY_H
#define POSD_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONEY_MAX INT64_C(100000000000000) /* 10^14 minor units: far above any till */
#define QTY_MAX INT64_C(1000000000000)     /* 10^12 milli-units: a billion units */
#define QTY_SCALE 3                        /* milli-units */
#define TAX_RATE_MAX 10000                 /* 100% */

/* a * b / d rounded half away from zero; d > 0. -ERANGE if the result overflows. */
int muldiv_round(int64_t a, int64_t b, int64_t d, int64_t *ret);

/* Parse a plain decimal ("12.50", "-3", "0.125") into an integer scaled by 10^scale.
 * No exponent, no thousands separator, at most `scale` decimals, |value| <= max.
 * -EINVAL if not a number, -ERANGE if too many decimals or too large. */
int decimal_parse(const char *s, int scale, bool allow_negative, int64_t max, int64_t *ret);

/* Format v / 10^scale with exactly `scale` decimals ("12.50"), or with trailing zeros
 * trimmed when trim is set ("1.5", "2"). Returns the length. */
size_t decimal_format(int64_t v, int scale, bool trim, char *buf, size_t size);

/* The amount of a line: qty milli-units at unit_price per unit, rounded to a minor unit. */
int line_amount(int64_t qty_milli, int64_t unit_price, int64_t *ret);

/* The tax in an amount at rate_bp: carved out of a tax-inclusive amount, or added on top
 * of a tax-exclusive one. */
int64_t tax_of(int64_t amount, int rate_bp, bool inclusive);

/* What a line charges: gross = qty x unit price, less the discount, with the tax carved
 * out (inclusive) or added on top (exclusive). -EINVAL if the discount exceeds the
 * gross, -ERANGE on overflow. */
struct line_price {
        int64_t gross, amount, tax;
};
int price_line(int64_t qty_milli, int64_t unit_price, int64_t discount, int rate_bp, bool inclusive,
               struct line_price *ret);

/* Round an amount to the nearest multiple of step (cash rounding); step >= 1. */
int64_t round_to_step(int64_t amount, int64_t step);

/* A rate of basis points as people write it: 1300 "13%", 1250 "12.5%", 605 "6.05%". */
#define PERCENT_TEXT_MAX 24
const char *percent_text(int64_t bp, char out[static PERCENT_TEXT_MAX]);

#endif
