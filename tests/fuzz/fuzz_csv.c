/* The CSV reader under a product import: any file, record by record. */
#include <stdint.h>
#include <stdio.h>

#include "catalog/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct csv_reader r;
        FILE *f;
        int n = 0;

        if (!size || !(f = fmemopen((void *)data, size, "r")))
                return 0;
        if (csv_reader_init(&r, f, 4096, 64) == 0) {
                while (n++ < 10000 && csv_next(&r) > 0)
                        for (size_t i = 0; i < r.nfields; i++)
                                (void)r.fields[i][0];
                csv_reader_release(&r);
        }
        fclose(f);
        return 0;
}
