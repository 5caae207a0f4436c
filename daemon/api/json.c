/* Answers and reading request bodies. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "catalog/catalog.h"
#include "ledger/money.h"
#include "people/users.h"

void reply(struct req *r, int status, json_t *body)
{
        json_decref(r->out);
        r->status = status;
        r->out = body;
}

void reply_error(struct req *r, int status, const char *code, const char *fmt, ...)
{
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        /* bytes that are not UTF-8 (a path's %FF, a stored name) become '?': JSON must be UTF-8 */
        utf8_vprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        reply(r, status, json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg));
}

static int core_status(int num, const char *code, bool body_ref)
{
        switch (num) {
        case -EINVAL: case -EBADMSG: case -ERANGE: case -E2BIG:
                return 422;
        case -ENOENT:
                if (!strcmp(code, "NO_OPEN_SHIFT") || !strcmp(code, "NO_OPEN_TICKET"))
                        return 409;
                /* a ticket, line or payment is named by the path: not found; a product or
                 * sale named in the body makes the body invalid */
                if (!strcmp(code, "UNKNOWN_TICKET") || !strcmp(code, "UNKNOWN_LINE") || !strcmp(code, "UNKNOWN_PAYMENT"))
                        return 404;
                return body_ref || !strcmp(code, "UNKNOWN_BARCODE") ? 422 : 404;
        case -EPERM: return 403;
        case -EACCES: case -ETIMEDOUT: return 401;
        case -EBUSY: return !strcmp(code, "STORE_BUSY") ? 503 : 409;
        case -EEXIST: case -EAGAIN: return 409;
        default: return 503; /* storage: full, failing, read-only, damaged */
        }
}

void reply_core(struct req *r, bool body_ref)
{
        const char *code = ledger_errcode(r->l);
        int status = core_status(ledger_errnum(r->l), code, body_ref);

        reply_error(r, status, code[0] ? code : "STORAGE_ERROR", "%s",
                    ledger_errmsg(r->l)[0] ? ledger_errmsg(r->l) : "the store could not be reached");
}

void req_event(struct req *r, const char *type, json_t *data)
{
        if (r->nevents >= REQ_EVENTS_MAX) {
                json_decref(data);
                return;
        }
        r->events[r->nevents].type = type;
        r->events[r->nevents++].data = data;
}

/* ---- the query string ---- */

const char *query(struct req *r, const char *key)
{
        return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

int query_int(struct req *r, const char *key, int dflt, int max)
{
        const char *s = query(r, key);
        char *end;
        long v;

        if (!s)
                return dflt;
        v = strtol(s, &end, 10);
        return *end || v < 0 ? -1 : v > max ? max : (int)v;
}

int64_t path_id(struct req *r, const char *code, const char *what)
{
        char *end;
        long long id = strtoll(r->part[0], &end, 10);

        if (*end || id <= 0) {
                reply_error(r, 404, code, "no %s %s", what, r->part[0]);
                return 0;
        }
        return id;
}

/* ---- reading the body ---- */

static json_t *member(struct req *r, json_t *obj, const char *key, bool required, bool *ok)
{
        json_t *v = obj ? json_object_get(obj, key) : NULL;

        *ok = true;
        if ((!v || json_is_null(v)) && required) {
                reply_error(r, 400, "MISSING_FIELD", "'%s' is required", key);
                *ok = false;
        }
        return v && !json_is_null(v) ? v : NULL;
}

bool in_str(struct req *r, const char *key, bool required, size_t max, const char **ret)
{
        bool ok;
        json_t *v = member(r, r->in, key, required, &ok);

        if (!ok || !v)
                return ok;
        if (!json_is_string(v)) {
                reply_error(r, 400, "BAD_TYPE", "'%s' must be a string", key);
                return false;
        }
        if (json_string_length(v) > max || strlen(json_string_value(v)) != json_string_length(v)) {
                reply_error(r, 422, "TOO_LONG", "'%s' is longer than %zu bytes or holds a NUL", key, max);
                return false;
        }
        *ret = json_string_value(v);
        return true;
}

bool in_money(struct req *r, json_t *obj, const char *key, bool required, int64_t *ret)
{
        bool ok;
        json_t *v = member(r, obj, key, required, &ok);

        if (!ok || !v)
                return ok;
        if (!json_is_integer(v)) {
                reply_error(r, 400, "BAD_TYPE", "'%s' must be a whole number of minor units (1299 for 12.99)", key);
                return false;
        }
        if (json_integer_value(v) > MONEY_MAX || json_integer_value(v) < -MONEY_MAX) {
                reply_error(r, 422, "BAD_AMOUNT", "'%s' is out of range", key);
                return false;
        }
        *ret = json_integer_value(v);
        return true;
}

bool in_int(struct req *r, json_t *obj, const char *key, bool required, int64_t min, int64_t max, int64_t *ret)
{
        bool ok;
        json_t *v = member(r, obj, key, required, &ok);

        if (!ok || !v)
                return ok;
        if (!json_is_integer(v)) {
                reply_error(r, 400, "BAD_TYPE", "'%s' must be a whole number", key);
                return false;
        }
        if (json_integer_value(v) < min || json_integer_value(v) > max) {
                reply_error(r, 422, "OUT_OF_RANGE", "'%s' must be from %lld to %lld", key, (long long)min, (long long)max);
                return false;
        }
        *ret = json_integer_value(v);
        return true;
}

/* A JSON number with at most three decimals, exactly: the number's text is rebuilt with
 * three decimals and must read back as the same number. */
bool in_qty(struct req *r, json_t *obj, const char *key, bool required, int64_t *ret)
{
        char buf[64];
        int64_t q;
        bool ok;
        json_t *v = member(r, obj, key, required, &ok);

        if (!ok || !v)
                return ok;
        if (json_is_integer(v)) {
                if (json_integer_value(v) > QTY_MAX / 1000 || json_integer_value(v) < -QTY_MAX / 1000) {
                        reply_error(r, 422, "BAD_QUANTITY", "'%s' is out of range", key);
                        return false;
                }
                *ret = json_integer_value(v) * 1000;
                return true;
        }
        if (!json_is_real(v)) {
                reply_error(r, 400, "BAD_TYPE", "'%s' must be a number", key);
                return false;
        }
        snprintf(buf, sizeof(buf), "%.3f", json_real_value(v));
        if (strtod(buf, NULL) != json_real_value(v) || decimal_parse(buf, 3, true, QTY_MAX, &q) < 0) {
                reply_error(r, 422, "BAD_QUANTITY", "'%s' must have at most 3 decimals and be in range", key);
                return false;
        }
        *ret = q;
        return true;
}

bool in_percent(struct req *r, json_t *obj, const char *key, bool required, const char *code, int *ret)
{
        json_t *given = obj ? json_object_get(obj, key) : NULL;
        int64_t v = 0;

        if (!in_qty(r, obj, key, required, &v))
                return false;
        if (!given || json_is_null(given))
                return true;
        if (v % 10 || v < 0 || v > 100000) {
                reply_error(r, 422, code, "'%s' is a percentage from 0 to 100 with at most two decimals", key);
                return false;
        }
        *ret = (int)(v / 10);
        return true;
}

