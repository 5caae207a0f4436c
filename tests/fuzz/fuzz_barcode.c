/* The barcode parser: any text a scanner or a request may send. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/barcode.h"
#include "catalog/gs1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const struct measure_rule rules[] = {
                { "21", MEASURE_WEIGHT, 5, 5, 1 }, { "22", MEASURE_PRICE, 5, 4, 1 }, { "28", MEASURE_PRICE, 4, 5, 1 },
        };
        char code[2 * BARCODE_MAX], key[BARCODE_MAX + 1], again[BARCODE_MAX + 1], other[BARCODE_MAX + 1],
                back[BARCODE_MAX + 1], upca[13], upce[9];
        size_t n = size < sizeof(code) - 1 ? size : sizeof(code) - 1;
        struct measure_code mc;
        enum barcode_kind kind;

        memcpy(code, data, n);
        code[n] = '\0';
        if (barcode_normalize(code, &kind, key) == 0) {
                (void)barcode_kind_name(kind);
                /* a key is its own key, and its other reading leads back to it */
                if (barcode_normalize(key, NULL, again) != 0 || strcmp(again, key) != 0)
                        abort();
                if (barcode_other_reading(key, other) == 1 &&
                    (barcode_other_reading(other, back) != 1 || strcmp(back, key) != 0))
                        abort();
        }
        if (n == 12 && upce_compress(code, upce) == 0 && (upce_expand(upce, upca) != 0 || strcmp(upca, code) != 0))
                abort();
        (void)measure_decode(code, rules, sizeof(rules) / sizeof(rules[0]), &mc);
        if (n == 8)
                (void)upce_expand(code, upca);
        (void)gs1_check_digit(code, strspn(code, "0123456789"));
        /* a GS1 label read has a GTIN with its check digit, and a real day */
        struct gs1_elements g;
        const char *why;
        if (gs1_parse(code, 2026, &g, &why) == 0 &&
            (strlen(g.gtin) != 14 || gs1_check_digit(g.gtin, 13) != g.gtin[13] - '0' ||
             (g.has_expiry && (g.expiry_month < 1 || g.expiry_month > 12 || g.expiry_day < 1 || g.expiry_day > 31))))
                abort();
        return 0;
}
