/* CSV reading and writing. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/csv.h"
#include "ledger/text.h"

int csv_reader_init(struct csv_reader *r, FILE *f, size_t max_record, size_t max_fields)
{
        memset(r, 0, sizeof(*r));
        r->buf = malloc(max_record + 1);
        r->fields = calloc(max_fields, sizeof(char *));
        if (!r->buf || !r->fields) {
                csv_reader_release(r);
                return -ENOMEM;
        }
        r->f = f;
        r->cap = max_record + 1;
        r->max_record = max_record;
        r->max_fields = max_fields;
        r->next_line = 1;
        return 0;
}

void csv_reader_release(struct csv_reader *r)
{
        free(r->buf);
        free(r->fields);
        r->buf = NULL;
        r->fields = NULL;
}

static int next_char(struct csv_reader *r)
{
        int c;

        if (r->npending) {
                c = r->pending[--r->npending];
                r->next_line += c == '\n';
                return c;
        }
        c = getc_unlocked(r->f);
        /* a byte-order mark at the very start is no data; anything else read while
         * looking for one goes back in order */
        if (r->bytes == 0 && c == 0xef) {
                int c2 = getc_unlocked(r->f), c3 = c2 == 0xbb ? getc_unlocked(r->f) : EOF;
                r->bytes += 1 + (c2 != EOF) + (c3 != EOF);
                if (c2 == 0xbb && c3 == 0xbf)
                        return next_char(r);
                if (c3 != EOF)
                        r->pending[r->npending++] = c3;
                if (c2 != EOF)
                        r->pending[r->npending++] = c2;
                return c;
        }
        if (c != EOF)
                r->bytes++;
        if (c == '\n')
                r->next_line++;
        return c;
}

/* What a spreadsheet takes for the start of a formula, and the guard itself */
static bool guarded_start(char c)
{
        return c && strchr("=+-@\t\r'", c);
}

/* Read one physical record into buf; returns 1, 0 at EOF, or an error. */
static int read_record(struct csv_reader *r)
{
        size_t len = 0, start = 0;
        bool quoted = false, after_quote = false, any = false;
        int c;

        r->nfields = 0;
        r->line = r->next_line;
        for (;;) {
                c = next_char(r);
                if (c == EOF && ferror(r->f))
                        return -EIO;
                if (c == 0)
                        return -EILSEQ; /* a NUL would cut the field short unseen */
                if (quoted) {
                        if (c == EOF)
                                return -EBADMSG;
                        if (c == '"') {
                                quoted = false;
                                after_quote = true;
                                continue;
                        }
                } else if (c == '"') {
                        if (after_quote) { /* "" inside quotes: a literal quote */
                                quoted = true;
                                after_quote = false;
                        } else if (len != start) {
                                return -EBADMSG;
                        } else {
                                quoted = true;
                                any = true;
                                continue;
                        }
                } else if (c == ',' || c == '\n' || c == EOF) {
                        if (c == EOF && !any && len == 0)
                                return 0;
                        if (len > start && r->buf[len - 1] == '\r' && c != ',')
                                len--;
                        if (r->nfields == r->max_fields || len >= r->cap)
                                return -E2BIG;
                        r->buf[len] = '\0';
                        r->fields[r->nfields++] = r->buf + start + (r->buf[start] == '\'' && guarded_start(r->buf[start + 1]));
                        if (!utf8_valid(r->buf + start, len - start))
                                return -EILSEQ;
                        if (c != ',')
                                return 1;
                        start = ++len;
                        after_quote = false;
                        any = true;
                        continue;
                } else if (after_quote && c != '\r') {
                        return -EBADMSG;
                }
                any = true;
                if (len + 1 >= r->cap)
                        return -E2BIG;
                r->buf[len++] = (char)c;
        }
}

int csv_next(struct csv_reader *r)
{
        int ret;

        for (;;) {
                ret = read_record(r);
                if (ret <= 0)
                        return ret;
                if (r->nfields > 1 || r->fields[0][0])
                        return 1; /* a blank line is no record */
        }
}

static void put_field(FILE *f, const char *lead, const char *s, char sep, bool quote)
{
        quote = quote || s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' ') || strpbrk(s, ",\"\r\n");

        if (quote)
                putc_unlocked('"', f);
        fputs(lead, f);
        for (; *s; s++) {
                if (quote && *s == '"')
                        putc_unlocked('"', f);
                putc_unlocked(*s, f);
        }
        if (quote)
                putc_unlocked('"', f);
        if (sep)
                putc_unlocked(sep, f);
}

void csv_put(FILE *f, const char *s, char sep)
{
        put_field(f, "", s, sep, false);
}

void csv_put_text(FILE *f, const char *s, char sep, bool quote)
{
        put_field(f, guarded_start(s[0]) ? "'" : "", s, sep, quote);
}
