/* What a receipt printer sends back: status bytes for each query, and the byte stream a
 * receipt is read back from. */
#include <stdint.h>
#include <stdlib.h>

#include "escpos.h"
#include "printer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct printer_status s = { 0 };
        char *text = NULL;
        size_t len = 0;

        for (size_t i = 0; i < size; i++)
                (void)escpos_status_parse((int)(i % 4) + 1, data[i], &s);
        if (escpos_text(data, size, &text, &len) == 0)
                free(text);
        return 0;
}
