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

static bool all_digits(const char *s, size_t n)
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

        if (strlen(e) != 8 || !all_digits(e, 8) || (e[0] != '0' && e[0] != '1'))
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
        if (all_digits(code, n)) {
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
                ret_key[13] = '\0';
        } else {
                memcpy(ret_key, code, n);
                ret_key[n] = '\0';
        }
        if (ret_kind)
                *ret_kind = k;
        return 0;
}

int measure_rule_check(const struct measure_rule *r)
{
        if (strlen(r->prefix) != 2 || r->prefix[0] != '2' || r->prefix[1] < '0' || r->prefix[1] > '9')
                return -EINVAL;
        if (r->item_digits < 1 || r->value_digits < 3 || r->value_digits > 6 ||
            (r->item_digits + r->value_digits != 10 && r->item_digits + r->value_digits != 9))
                return -EINVAL;
        if (r->kind != MEASURE_WEIGHT && r->kind != MEASURE_PRICE)
                return -EINVAL;
        if (r->kind == MEASURE_WEIGHT && (r->value_scale < 1 || r->value_scale > 1000000))
                return -EINVAL;
        return 0;
}

int measure_decode(const char *code, const struct measure_rule *rules, size_t n, struct measure_code *ret)
{
        const struct measure_rule *r = NULL;
        struct measure_code m;
        int64_t v = 0;
        const char *value;

        if (strnlen(code, 14) != 13 || !all_digits(code, 13) || code[0] != '2')
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
        for (int i = 0; i < r->value_digits; i++)
                v = v * 10 + (value[i] - '0');
        memset(&m, 0, sizeof(m));
        memcpy(m.item_key, code, 2 + (size_t)r->item_digits);
        m.kind = r->kind;
        m.value = r->kind == MEASURE_WEIGHT ? v * r->value_scale : v;
        *ret = m;
        return 0;
}
