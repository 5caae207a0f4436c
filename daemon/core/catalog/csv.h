/* A bounded RFC 4180 CSV reader and a writer. Fields are UTF-8; a record may hold quoted
 * newlines; a byte-order mark at the start is skipped. */
#ifndef POSD_CSV_H
#define POSD_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct csv_reader {
        FILE *f;
        char *buf;         /* the fields of the current record, NUL-separated */
        size_t cap, max_record;
        char **fields;     /* fields[0..nfields) point into buf */
        size_t nfields, max_fields;
        unsigned long line;      /* line on which the current record starts */
        unsigned long next_line; /* line the next record starts on */
        uint64_t bytes;          /* bytes consumed so far */
        int pending[2], npending; /* bytes read ahead at the start */
};

/* max_record bounds one record's bytes, max_fields its field count. */
int csv_reader_init(struct csv_reader *r, FILE *f, size_t max_record, size_t max_fields);
void csv_reader_release(struct csv_reader *r);

/* 1 with a record in r->fields, 0 at the end, or: -E2BIG (record too long or too many
 * fields), -EBADMSG (a quote out of place or never closed), -EILSEQ (not UTF-8),
 * -EIO (read error). Blank lines are skipped. A field csv_put_text guarded (an
 * apostrophe before = + - @ tab CR or another apostrophe) reads without that
 * apostrophe, so an export reads back as it was. */
int csv_next(struct csv_reader *r);

/* Write one field the store made (a number, a flag), quoted when it must be; sep (',' or
 * '\n') follows it, or nothing when sep is 0. */
void csv_put(FILE *f, const char *s, char sep);
/* Write one field of text people typed. Text a spreadsheet would run as a formula
 * (= + - @, a tab or CR first) is written after an apostrophe, which spreadsheets show
 * as text; so is text that starts with an apostrophe, so that reading it back takes
 * off exactly the one added. Every CSV posd writes puts text through here. quote: always
 * in quotes (a report's text, told apart from its numbers), else only when it must be. */
void csv_put_text(FILE *f, const char *s, char sep, bool quote);

#endif
