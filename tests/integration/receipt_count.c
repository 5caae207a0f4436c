/* Receipts a sim: printer wrote, counted against the sales made. */
#include <stdlib.h>
#include <string.h>

#include "receipt_count.h"

/* Every sale's receipt printed exactly once, each with its drawer kick, and no other. */
void receipts_once(const char *dir, char (*sales)[32], int nsales)
{
        int *seen = calloc((size_t)nsales, sizeof(int));
        int files = 0;

        assert_non_null(seen);
        for (;; files++) {
                char path[512], *text;
                int which = -1;
                snprintf(path, sizeof(path), "%s/%06d.txt", dir, files + 1);
                if (!(text = tslurp(path)))
                        break;
                for (int i = 0; i < nsales; i++)
                        if (strstr(text, sales[i]))
                                which = i;
                if (which < 0)
                        fail_msg("receipt %d is of no sale of this test", files + 1);
                if (++seen[which] > 1)
                        fail_msg("the receipt of %s was printed twice", sales[which]);
                if (!strstr(text, "[drawer]"))
                        fail_msg("the receipt of %s kicked no drawer", sales[which]);
                free(text);
        }
        for (int i = 0; i < nsales; i++)
                if (!seen[i])
                        fail_msg("the receipt of %s was not printed", sales[i]);
        assert_int_equal(files, nsales);
        free(seen);
}

