/* Reports as CSV (?format=csv): the rows of a report's JSON, one column per member of
 * its first row, in order (an empty report is an empty file). Text is written by the
 * catalogue's csv_put_text, which keeps a spreadsheet from running it as a formula. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "catalog/csv.h"

static void cell(FILE *f, json_t *v)
{
        if (json_is_string(v)) {
                csv_put_text(f, json_string_value(v), 0, true);
        } else if (json_is_number(v) || json_is_boolean(v)) {
                char *t = json_dumps(v, JSON_ENCODE_ANY);
                if (t)
                        fputs(t, f);
                free(t);
        }
}

/* The columns of a row: its members, and one level into a member that is an object
 * ("ageing.1_30"); arrays are left out. With row NULL, the header. */
static void columns(FILE *f, json_t *first, json_t *row)
{
        json_t *v, *w;
        const char *key, *sub;
        int col = 0;
        char name[128];

        json_object_foreach(first, key, v) {
                if (json_is_array(v))
                        continue;
                if (!json_is_object(v)) {
                        if (col++)
                                fputc(',', f);
                        if (row)
                                cell(f, json_object_get(row, key));
                        else
                                csv_put_text(f, key, 0, true);
                        continue;
                }
                json_object_foreach(v, sub, w) {
                        if (json_is_object(w) || json_is_array(w))
                                continue;
                        if (col++)
                                fputc(',', f);
                        snprintf(name, sizeof(name), "%s.%s", key, sub);
                        if (row)
                                cell(f, json_object_get(json_object_get(row, key), sub));
                        else
                                csv_put_text(f, name, 0, true);
                }
        }
        fputs("\r\n", f);
}

static int write_rows(FILE *f, json_t *rows)
{
        json_t *first = json_array_get(rows, 0), *row;
        size_t i;

        if (json_is_object(first)) {
                columns(f, first, NULL);
                json_array_foreach(rows, i, row)
                        columns(f, first, row);
        }
        return fflush(f) || ferror(f) ? -1 : 0;
}

void reply_report(struct req *r, json_t *doc, const char *rows, const char *name)
{
        const char *format = query(r, "format");
        FILE *f;

        if (!format || !strcmp(format, "json"))
                return reply(r, 200, doc);
        if (strcmp(format, "csv")) {
                json_decref(doc);
                return reply_error(r, 400, "BAD_QUERY", "format is json or csv");
        }
        if (!(f = tmpfile()) || write_rows(f, json_object_get(doc, rows)) < 0) {
                if (f)
                        fclose(f);
                json_decref(doc);
                return reply_error(r, 503, "STORAGE_ERROR", "no room for the report");
        }
        json_decref(doc);
        r->file = f;
        r->file_type = "text/csv; charset=utf-8";
        r->file_name = name;
        r->status = 200;
}
