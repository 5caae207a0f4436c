/* Rows into structs by their column maps. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ledger/row.h"
#include "ledger/text.h"

void row_read(sqlite3_stmt *st, const struct row_shape *shape, void *dst)
{
        unsigned char *base = dst;

        memset(dst, 0, shape->size);
        for (size_t i = 0; i < shape->n; i++) {
                const struct col *c = &shape->cols[i];
                const unsigned char *text;
                int64_t v64;
                int v;
                bool b;

                switch (c->type) {
                case COL_I64:
                        v64 = sqlite3_column_int64(st, (int)i);
                        memcpy(base + c->off, &v64, sizeof(v64));
                        break;
                case COL_INT:
                        v = sqlite3_column_int(st, (int)i);
                        memcpy(base + c->off, &v, sizeof(v));
                        break;
                case COL_BOOL:
                        b = sqlite3_column_int(st, (int)i) != 0;
                        memcpy(base + c->off, &b, sizeof(b));
                        break;
                case COL_TEXT:
                        text = sqlite3_column_text(st, (int)i);
                        utf8_cut((char *)base + c->off, c->size, text ? (const char *)text : "");
                        break;
                }
        }
}
