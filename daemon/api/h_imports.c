/* The catalogue in and out as CSV: POST /imports/products (the file as the body), GET
 * /imports/{id} (its progress and bad lines), GET /exports/products.csv. */
#include <errno.h>
#include <stdlib.h>

#include "api_int.h"
#include "imports.h"

void h_import_new(struct req *r)
{
        int id = 0, rc;

        if (!r->upload || !r->upload_len)
                return reply_error(r, 400, "MISSING_FIELD", "send the CSV file as the body");
        rewind(r->upload);
        rc = imports_start(r->api->imports, r->lpool, r->upload, r->upload_len, r->actor.user, &id);
        r->upload = NULL; /* the import has it now */
        if (rc == -EBUSY)
                return reply_error(r, 409, "IMPORT_RUNNING", "an import is running: wait for it to finish");
        if (rc < 0)
                return reply_error(r, 503, "OUT_OF_MEMORY", "the import could not be started");
        r->import_id = id;
        reply(r, 202, imports_json(r->api->imports, id));
}

void h_import_get(struct req *r)
{
        char *end;
        long id = strtol(r->part[0], &end, 10);
        json_t *o = *end ? NULL : imports_json(r->api->imports, (int)id);

        if (!o)
                return reply_error(r, 404, "UNKNOWN_IMPORT", "no import %s (only the last few are kept)", r->part[0]);
        reply(r, 200, o);
}

void h_export_products(struct req *r)
{
        FILE *f = tmpfile();

        if (!f)
                return reply_error(r, 503, "STORAGE_ERROR", "no room for the export");
        if (catalog_export_products(r->l, f) < 0) {
                fclose(f);
                return reply_core(r, false);
        }
        r->file = f;
        r->file_type = "text/csv; charset=utf-8";
        r->file_name = "products.csv";
        r->status = 200;
}
