/* Reading a result row into a struct by a map of its columns, so that no reader copies
 * columns one by one: a column is an int64_t, an int, a bool or text cut to its array. */
#ifndef POSD_ROW_H
#define POSD_ROW_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum col_type { COL_I64, COL_INT, COL_BOOL, COL_TEXT };

struct col {
        enum col_type type;
        size_t off, size; /* size: of a text's array */
};

/* The size of field f of T, refused at compile time unless it is `want` bytes (0: any):
 * a map that names an int for an int64_t does not build. */
#define COL_SIZE(T, f, want) \
        (sizeof(((T *)0)->f) + 0 * sizeof(char[(want) == 0 || sizeof(((T *)0)->f) == (want) ? 1 : -1]))

#define COL_I64(T, f) { COL_I64, offsetof(T, f), COL_SIZE(T, f, sizeof(int64_t)) }
#define COL_INT(T, f) { COL_INT, offsetof(T, f), COL_SIZE(T, f, sizeof(int)) }
#define COL_BOOL(T, f) { COL_BOOL, offsetof(T, f), COL_SIZE(T, f, sizeof(bool)) }
#define COL_TEXT(T, f) { COL_TEXT, offsetof(T, f), COL_SIZE(T, f, 0) }

/* A struct of `size` bytes read from `n` columns, the first at the row's column 0. */
struct row_shape {
        const struct col *cols;
        size_t n, size;
};

#define ROW_SHAPE(T, cols) { cols, sizeof(cols) / sizeof((cols)[0]), sizeof(T) }

/* Zero dst (shape->size bytes) and fill it from the current row of st. NULL text reads
 * as "". */
void row_read(sqlite3_stmt *st, const struct row_shape *shape, void *dst);

#endif
