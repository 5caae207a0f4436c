/* GS1 element strings (GS1 General Specifications, sections 3 and 7.8): what a GS1-128,
 * GS1 DataBar or GS1 DataMatrix label carries beside its GTIN. Pure functions: no
 * database. */
#ifndef POSD_GS1_H
#define POSD_GS1_H

#include <stdbool.h>
#include <stdint.h>

#define GS1_MAX 96     /* the longest element string read (GS1-128 holds 48 characters) */
#define GS1_GS '\x1d'  /* FNC1 between fields, as scanners send it */
#define GS1_LOT_MAX 20 /* AI 10 */

struct gs1_elements {
        char gtin[15]; /* AI 01 (or 02, the GTIN of the contents), 14 digits */
        bool has_weight;
        int64_t weight_g; /* AI 310n: net weight in kg with n decimals, as grams */
        bool has_price;
        int64_t price; /* AI 392n: the amount to pay, with price_decimals decimals */
        int price_decimals;
        char lot[GS1_LOT_MAX + 1]; /* AI 10; "" when absent */
        bool has_expiry;
        int expiry_year, expiry_month, expiry_day; /* AI 17, else 15; a label's day 00 is the month's last */
};

/* Read s as an element string: after a symbology identifier (]C1 GS1-128, ]e0 DataBar,
 * ]d2 DataMatrix, ]Q3 QR), with GS between variable fields, as "(01)…(17)…" typed by hand,
 * or plain "01" and a GTIN-14 with more after it. year_now gives a date its century (GS1's
 * rule: within 50 years ahead or 49 behind). 0 and *ret; -ENOENT when s is no element
 * string; -EINVAL when it is one that cannot be read, *why saying what is wrong (an AI not
 * known, a field of the wrong length or characters, a bad date, no GTIN); -EBADMSG for a
 * GTIN with a wrong check digit. */
int gs1_parse(const char *s, int year_now, struct gs1_elements *ret, const char **why);

#endif
