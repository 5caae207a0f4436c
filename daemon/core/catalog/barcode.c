/* GTIN check digits (GS1 General Specifications, mod 10) and variable-measure codes. */
#include <errno.h>
#include <string.h>

#include "catalog/barcode.h"

const char *barcode_kind_name(enum barcode_kind k)
{
        static const char *const names[] = {
                [BARCODE_INTERNAL] = "internal", [BARCODE_EAN13] = "EAN-13",
                [BARCODE_EAN8] = "EAN-8",        [BARCODE_UPCA] = "UPC-A",
                [BARCODE_UPCE] = "UPC-E",        [BARCODE_GTIN14] = "GTIN-14",
        };
        return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

int gs1_check_digit(const char *digits, size_t n)
{
        int sum = 0;

        /* weight 3 on the digit next to the check digit, then alternating */
        for (size_t i = 0; i < n; i++)
                sum += (digits[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (10 - sum % 10) % 10;
}

bool barcode_digits(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                        return false;
        return true;
}

static bool check_ok(const char *s, size_t n)
{
        return gs1_check_digit(s, n - 1) == s[n - 1] - '0';
}

int upce_expand(const char *e, char ret[static 13])
{
        char a[13];
        const char *d = e + 1; /* six data digits d[0..5] */

        if (strlen(e) != 8 || !barcode_digits(e, 8) || (e[0] != '0' && e[0] != '1'))
                return -EINVAL;
        a[0] = e[0];
        switch (d[5]) {
        case '0': case '1': case '2':
                memcpy(a + 1, (char[]){ d[0], d[1], d[5], '0', '0', '0', '0', d[2], d[3], d[4] }, 10);
                break;
        case '3':
                memcpy(a + 1, (char[]){ d[0], d[1], d[2], '0', '0', '0', '0', '0', d[3], d[4] }, 10);
                break;
        case '4':
                memcpy(a + 1, (char[]){ d[0], d[1], d[2], d[3], '0', '0', '0', '0', '0', d[4] }, 10);
                break;
        default:
                memcpy(a + 1, (char[]){ d[0], d[1], d[2], d[3], d[4], '0', '0', '0', '0', d[5] }, 10);
                break;
        }
        a[11] = e[7];
        a[12] = '\0';
        memcpy(ret, a, 13);
        return 0;
}

int upce_compress(const char *a, char ret[static 9])
{
        char e[9] = { a[0], a[1], a[2] }, x[13];

        if (strlen(a) != 12 || !barcode_digits(a, 12) || (a[0] != '0' && a[0] != '1'))
                return -ENOENT;
        /* the four forms upce_expand makes, tried from the one that keeps most of the item */
        if (a[3] <= '2' && !memcmp(a + 4, "0000", 4))
                memcpy(e + 3, (char[]){ a[8], a[9], a[10], a[3] }, 4);
        else if (!memcmp(a + 4, "00000", 5))
                memcpy(e + 3, (char[]){ a[3], a[9], a[10], '3' }, 4);
        else if (!memcmp(a + 5, "00000", 5))
                memcpy(e + 3, (char[]){ a[3], a[4], a[10], '4' }, 4);
        else if (!memcmp(a + 6, "0000", 4) && a[10] >= '5')
                memcpy(e + 3, (char[]){ a[3], a[4], a[5], a[10] }, 4);
        else
                return -ENOENT;
        e[7] = a[11];
        e[8] = '\0';
        /* only a code that expands back to a is its UPC-E */
        if (upce_expand(e, x) < 0 || strcmp(x, a) != 0)
                return -ENOENT;
        memcpy(ret, e, 9);
        return 0;
}

int barcode_entry_split(const char *entry, char ret_code[static BARCODE_MAX + 1], const char **ret_pack)
{
        const char *star = strchr(entry, '*');
        size_t n = star ? (size_t)(star - entry) : strlen(entry);

        if (n > BARCODE_MAX || (star && strlen(star + 1) > BARCODE_PACK_MAX))
                return -EINVAL;
        memcpy(ret_code, entry, n);
        ret_code[n] = '\0';
        *ret_pack = star ? star + 1 : NULL;
        return 0;
}

int barcode_other_reading(const char *key, char ret[static BARCODE_MAX + 1])
{
        size_t n = strnlen(key, BARCODE_MAX + 1);
        char upca[13], e[9];

        /* only the one UPC-E of its UPC-A (GS1's zero suppression) is read as one, and not
         * one whose UPC-A begins 0000: that is an EAN-8's number, filed as the EAN-8 */
        if (n == 8 && barcode_digits(key, 8) && check_ok(key, 8) && upce_expand(key, upca) == 0 && check_ok(upca, 12) &&
            upce_compress(upca, e) == 0 && !strcmp(e, key) && strncmp(upca, "0000", 4) != 0) {
                ret[0] = '0';
                memcpy(ret + 1, upca, 13);
                return 1;
        }
        if (n == 13 && key[0] == '0' && strncmp(key + 1, "0000", 4) != 0 && upce_compress(key + 1, e) == 0 &&
            check_ok(e, 8)) {
                memcpy(ret, e, 9);
                return 1;
        }
        memmove(ret, key, n < BARCODE_MAX ? n + 1 : BARCODE_MAX + 1);
        ret[BARCODE_MAX] = '\0';
        return 0;
}

int barcode_normalize(const char *code, enum barcode_kind *ret_kind, char ret_key[static BARCODE_MAX + 1])
{
        size_t n = code ? strnlen(code, BARCODE_MAX + 1) : 0;
        char upca[13];
        enum barcode_kind k = BARCODE_INTERNAL;

        if (n == 0 || n > BARCODE_MAX)
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                char c = code[i];
                if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      c == '-' || c == '.' || c == '_'))
                        return -EINVAL;
        }
        if (barcode_digits(code, n)) {
                switch (n) {
                case 8:
                        /* EAN-8 and UPC-E share a length; a code whose EAN-8 check fails is
                         * taken as UPC-E when that check holds */
                        if (check_ok(code, 8))
                                k = BARCODE_EAN8;
                        else if (upce_expand(code, upca) == 0 && check_ok(upca, 12))
                                k = BARCODE_UPCE;
                        else
                                return -EBADMSG;
                        break;
                case 12: k = BARCODE_UPCA; break;
                case 13: k = BARCODE_EAN13; break;
                case 14: k = BARCODE_GTIN14; break;
                }
                if (k != BARCODE_INTERNAL && k != BARCODE_EAN8 && k != BARCODE_UPCE && !check_ok(code, n))
                        return -EBADMSG;
        }
        if (k == BARCODE_UPCA || k == BARCODE_UPCE) {
                ret_key[0] = '0';
                memcpy(ret_key + 1, k == BARCODE_UPCA ? code : upca, 12);
                n = 13;
        } else {
                memcpy(ret_key, code, n);
        }
        ret_key[n] = '\0';
        /* a GTIN in a longer form than its own (GTIN-14 with indicator 0, as ITF-14 and
         * GS1-128 carry it; an EAN-8 padded with zeros) is the same item, filed in its own */
        if (k != BARCODE_INTERNAL) {
                size_t skip = n == 14 && ret_key[0] == '0';
                if (n - skip == 13 && !memcmp(ret_key + skip, "00000", 5))
                        skip += 5;
                memmove(ret_key, ret_key + skip, n - skip + 1);
        }
        if (ret_kind)
                *ret_kind = k;
        return 0;
}

int price_check_digit(const char *v, int n)
{
        /* each digit's product by a weighting factor: 2-, 3, 5+ and 5- of GS1's tables */
        static const int two_minus[] = { 0, 2, 4, 6, 8, 9, 1, 3, 5, 7 }, three[] = { 0, 3, 6, 9, 2, 5, 8, 1, 4, 7 },
                         five_plus[] = { 0, 5, 1, 6, 2, 7, 3, 8, 4, 9 }, five_minus[] = { 0, 5, 9, 4, 8, 3, 7, 2, 6, 1 };
        int sum;

        if (!barcode_digits(v, (size_t)n))
                return -EINVAL;
        if (n == 4) {
                sum = two_minus[v[0] - '0'] + two_minus[v[1] - '0'] + three[v[2] - '0'] + five_minus[v[3] - '0'];
                return sum * 3 % 10;
        }
        if (n != 5)
                return -EINVAL;
        sum = five_plus[v[0] - '0'] + two_minus[v[1] - '0'] + five_minus[v[2] - '0'] + five_plus[v[3] - '0'] +
              two_minus[v[4] - '0'];
        /* the digit whose 5- product takes the sum to a multiple of ten */
        for (int c = 0; c < 10; c++)
                if (five_minus[c] == (10 - sum % 10) % 10)
                        return c;
        return -EINVAL; /* not reached: 5- takes every value */
}

int measure_rule_check(const struct measure_rule *r)
{
        if (strlen(r->prefix) != 2 || r->prefix[0] != '2' || r->prefix[1] < '0' || r->prefix[1] > '9')
                return -EINVAL;
        if (r->item_digits < 1 || r->value_digits < 3 || r->value_digits > 6 ||
            (r->item_digits + r->value_digits != 10 && r->item_digits + r->value_digits != 9))
                return -EINVAL;
        /* GS1 defines a price or weight check digit for 4 and 5 digits only */
        if (r->item_digits + r->value_digits == 9 && r->value_digits != 4 && r->value_digits != 5)
                return -EINVAL;
        if (r->kind != MEASURE_WEIGHT && r->kind != MEASURE_PRICE)
                return -EINVAL;
        if (r->kind == MEASURE_WEIGHT && (r->value_scale < 1 || r->value_scale > 1000000))
                return -EINVAL;
        return 0;
}

bool measure_item_key(const char *code, const struct measure_rule *rules, size_t n)
{
        size_t len = strlen(code);

        for (size_t i = 0; i < n; i++)
                if (len == 2 + (size_t)rules[i].item_digits && !strncmp(code, rules[i].prefix, 2) &&
                    barcode_digits(code, len))
                        return true;
        return false;
}

int measure_decode(const char *code, const struct measure_rule *rules, size_t n, struct measure_code *ret)
{
        const struct measure_rule *r = NULL;
        struct measure_code m;
        int64_t v = 0;
        const char *value;

        if (strnlen(code, 14) != 13 || !barcode_digits(code, 13) || code[0] != '2')
                return -ENOENT;
        for (size_t i = 0; i < n && !r; i++)
                if (code[0] == rules[i].prefix[0] && code[1] == rules[i].prefix[1])
                        r = &rules[i];
        if (!r)
                return -ENOENT;
        if (!check_ok(code, 13))
                return -EBADMSG;
        /* prefix, item, [price check digit], value, check */
        value = code + 2 + r->item_digits + (r->item_digits + r->value_digits == 9);
        if (r->item_digits + r->value_digits == 9 && price_check_digit(value, r->value_digits) != value[-1] - '0')
                return -EBADMSG;
        for (int i = 0; i < r->value_digits; i++)
                v = v * 10 + (value[i] - '0');
        memset(&m, 0, sizeof(m));
        memcpy(m.item_key, code, 2 + (size_t)r->item_digits);
        m.kind = r->kind;
        m.value = r->kind == MEASURE_WEIGHT ? v * r->value_scale : v;
        *ret = m;
        return 0;
}
