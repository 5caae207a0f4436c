/* The barcode parser: any text a scanner or a request may send. */
#include <stdint.h>
#include <string.h>

#include "catalog/barcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const struct measure_rule rules[] = {
                { "21", MEASURE_WEIGHT, 5, 5, 1 }, { "22", MEASURE_PRICE, 5, 4, 1 }, { "28", MEASURE_PRICE, 4, 5, 1 },
        };
        char code[2 * BARCODE_MAX], key[BARCODE_MAX + 1], upca[13];
        size_t n = size < sizeof(code) - 1 ? size : sizeof(code) - 1;
        struct measure_code mc;
        enum barcode_kind kind;

        memcpy(code, data, n);
        code[n] = '\0';
        if (barcode_normalize(code, &kind, key) == 0)
                (void)barcode_kind_name(kind);
        (void)measure_decode(code, rules, sizeof(rules) / sizeof(rules[0]), &mc);
        if (n == 8)
                (void)upce_expand(code, upca);
        (void)gs1_check_digit(code, strspn(code, "0123456789"));
        return 0;
}
