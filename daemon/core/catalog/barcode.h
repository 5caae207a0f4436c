/* Barcode validation and variable-measure decoding. Pure functions: no database. */
#ifndef POSD_BARCODE_H
#define POSD_BARCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BARCODE_MAX 48 /* longest code accepted from a scanner, a file or a request */
/* A product's barcode as listed: a code, or a case's code and, after a '*', how much of
 * the product the case holds ("10012345678902*24"). */
#define BARCODE_PACK_MAX 20
#define BARCODE_ENTRY_MAX (BARCODE_MAX + 1 + BARCODE_PACK_MAX)

enum barcode_kind {
        BARCODE_INTERNAL, /* a store's own code: letters and digits, not a GTIN length */
        BARCODE_EAN13,
        BARCODE_EAN8,
        BARCODE_UPCA,
        BARCODE_UPCE,
        BARCODE_GTIN14,
};

const char *barcode_kind_name(enum barcode_kind k);

/* Whether the first n characters of s are all digits. */
bool barcode_digits(const char *s, size_t n);

/* The GS1 check digit of the first n digits of s (mod-10, weights 3 and 1 from the right). */
int gs1_check_digit(const char *digits, size_t n);

/* UPC-E (8 digits, number system 0 or 1) to its UPC-A form (12 digits). */
int upce_expand(const char *upce, char ret[static 13]);

/* A UPC-A (12 digits) as its UPC-E, when it has one: 0, or -ENOENT. */
int upce_compress(const char *upca, char ret[static 9]);

/* Classify and validate a code and write its lookup key: UPC-A and UPC-E become the
 * 13-digit EAN form (so a UPC item scans the same however the scanner sends it), a GTIN
 * in a longer form than its own (GTIN-14 with indicator 0, an EAN-8 padded to 13 or 14
 * digits) its own form; other codes stay as they are. An 8-digit code whose EAN-8 check
 * holds is filed as EAN-8, though it may be a UPC-E too: barcode_other_reading. -EINVAL
 * for characters outside [0-9A-Za-z-._] or a bad length, -EBADMSG for a GTIN with a
 * wrong check digit. */
int barcode_normalize(const char *code, enum barcode_kind *ret_kind, char ret_key[static BARCODE_MAX + 1]);

/* The other item a key may stand for: an EAN-8 key that is also a UPC-E (the one its UPC-A
 * has), as that UPC-E's 13-digit key; a 13-digit UPC key whose UPC-E passes as EAN-8, as that 8-digit
 * key (where such a code was filed). 1, or 0 with key itself in ret when it has one. */
int barcode_other_reading(const char *key, char ret[static BARCODE_MAX + 1]);

/* An entry as listed: its code, and the text of its pack quantity (NULL: a single item).
 * -EINVAL for a code longer than BARCODE_MAX or a pack longer than BARCODE_PACK_MAX. */
int barcode_entry_split(const char *entry, char ret_code[static BARCODE_MAX + 1], const char **ret_pack);

/* A variable-measure EAN-13 rule: codes starting with `prefix` (2 digits, 20-29) carry an
 * item number of item_digits digits followed by a value of value_digits digits, then
 * (when value_digits + item_digits == 10) the check digit. With a price check digit
 * (item_digits + value_digits == 9) one digit sits between item and value. */
enum measure_kind { MEASURE_WEIGHT, MEASURE_PRICE };

struct measure_rule {
        char prefix[3];
        enum measure_kind kind;
        int item_digits;
        int value_digits;
        /* weight: milli-units per count of the value (1 for grams of a kg product) */
        int value_scale;
};

struct measure_code {
        char item_key[16]; /* prefix + item digits: the barcode a product is filed under */
        enum measure_kind kind;
        int64_t value; /* weight: milli-units; price: minor units */
};

/* Decode a 13-digit code against the rules. 0 and *ret filled if a rule matched,
 * -ENOENT if none did (an ordinary code), -EBADMSG on a bad check digit or price check
 * digit. */
int measure_decode(const char *code, const struct measure_rule *rules, size_t n,
                   struct measure_code *ret);

/* A rule a store can use: a prefix 20-29; item and value digits of 10, or of 9 with a
 * price check digit before a 4- or 5-digit value. 0 or -EINVAL. */
int measure_rule_check(const struct measure_rule *r);

/* The GS1 check digit of a 4- or 5-digit price or weight (General Specifications 7.9.3),
 * or -EINVAL. */
int price_check_digit(const char *value, int n);

/* Whether code is the item key of a rule (its prefix, then item digits): a scale's own
 * number, which is no GTIN. */
bool measure_item_key(const char *code, const struct measure_rule *rules, size_t n);

#endif
