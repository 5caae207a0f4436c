/* The store's settings (manager): what posd runs with, the store's own settings a manager
 * changes here, its tax rates and its categories. */
#include <errno.h>
#include <string.h>

#include "api_int.h"
#include "catalog/categories.h"
#include "json_out.h"

/* GET /settings's body: each of the store's own settings as it stands, and in from_conf
 * those that are still posd.conf's. */
static json_t *settings_json(struct req *r, const struct store_settings *s)
{
        const struct checkout_policy pol = lane_policy(r);
        struct store_info si;
        json_t *lanes = json_array();

        if (store_get(r->l, &si) < 0) {
                json_decref(lanes);
                return NULL;
        }
        for (size_t i = 0; i < r->cfg.nlanes; i++)
                json_array_append_new(lanes, json_string(r->cfg.lanes[i]));
        return json_pack("{s:{s:s,s:s,s:i,s:b,s:s,s:s,s:b},s:{s:o,s:o,s:I,s:s?,s:b},"
                         "s:{s:b,s:b,s:b,s:b},s:{s:I,s:I,s:i,s:i,s:b},s:{s:I}}",
                         "store", "name", s->name, "currency", si.currency, "minor_unit", si.minor_unit,
                         "prices_include_tax", si.prices_include_tax, "receipt_header",
                         s->has_header ? s->receipt_header : r->cfg.receipt_header, "receipt_footer",
                         s->has_footer ? s->receipt_footer : r->cfg.receipt_footer, "blind_count", s->blind_count,
                         "checkout", "lanes", lanes, "max_discount_percent",
                         json_rate(s->max_discount_bp >= 0 ? s->max_discount_bp : r->cfg.policy.max_discount_bp),
                         "cash_rounding", (json_int_t)(s->cash_step > 0 ? s->cash_step : r->cfg.policy.cash_step),
                         "printer", pol.printer, "kick_drawer", pol.kick_drawer,
                         "from_conf", "receipt_header", !s->has_header, "receipt_footer", !s->has_footer,
                         "max_discount_percent", s->max_discount_bp < 0, "cash_rounding", s->cash_step <= 0,
                         "http", "max_body_kib", (json_int_t)(r->cfg.max_body / 1024), "max_upload_mib",
                         (json_int_t)(r->cfg.max_upload >> 20), "max_connections", (int)r->cfg.max_connections,
                         "timeout_seconds", (int)r->cfg.timeout_s, "front_end", r->cfg.ui_dir[0] != '\0',
                         "auth", "session_hours", (json_int_t)(r->cfg.token_ttl_ms / 3600000));
}

static void reply_settings(struct req *r, int status, const struct store_settings *s)
{
        json_t *o = settings_json(r, s);

        if (!o)
                return reply_core(r, false);
        reply(r, status, o);
}

void h_settings(struct req *r)
{
        struct store_settings s;

        if (store_settings_get(r->l, &s) < 0)
                return reply_core(r, false);
        reply_settings(r, 200, &s);
}

/* A text setting: absent, kept; null, posd.conf's again; a string, the store's own. */
static bool in_text_setting(struct req *r, const char *key, struct setting_text *ret)
{
        json_t *v = json_object_get(r->in, key);

        ret->how = !v ? SETTING_KEEP : json_is_null(v) ? SETTING_CONF : SETTING_SET;
        return ret->how != SETTING_SET || in_str(r, key, true, SETTINGS_TEXT_MAX, &ret->v);
}

static bool in_int_setting(struct req *r, const char *key, struct setting_int *ret)
{
        json_t *v = json_object_get(r->in, key);

        ret->how = !v ? SETTING_KEEP : json_is_null(v) ? SETTING_CONF : SETTING_SET;
        return ret->how != SETTING_SET || in_int(r, r->in, key, true, 1, CASH_STEP_MAX, &ret->v);
}

static bool in_percent_setting(struct req *r, const char *key, struct setting_int *ret)
{
        json_t *v = json_object_get(r->in, key);
        int bp = 0;

        ret->how = !v ? SETTING_KEEP : json_is_null(v) ? SETTING_CONF : SETTING_SET;
        if (ret->how == SETTING_SET && !in_percent(r, r->in, key, true, "BAD_PERCENT", &bp))
                return false;
        ret->v = bp;
        return true;
}

/* PATCH /settings: the store's own settings, all or none; GET's body after. */
void h_settings_patch(struct req *r)
{
        static const char *const known[] = { "name", "receipt_header", "receipt_footer", "max_discount_percent",
                                             "cash_rounding", "blind_count" };
        json_t *blind = json_object_get(r->in, "blind_count"), *v;
        struct settings_change c = { .blind_count = -1 };
        struct store_settings s;
        const char *key;
        size_t n = sizeof(known) / sizeof(known[0]), i;

        json_object_foreach(r->in, key, v) {
                for (i = 0; i < n && strcmp(key, known[i]); i++)
                        ;
                if (i == n)
                        return reply_error(r, 400, "UNKNOWN_FIELD",
                                           "'%s' is not a setting here: give name, receipt_header, receipt_footer,"
                                           " max_discount_percent, cash_rounding or blind_count",
                                           key);
        }
        if (!in_str(r, "name", false, NAME_MAX_LEN, &c.name) || !in_text_setting(r, "receipt_header", &c.receipt_header) ||
            !in_text_setting(r, "receipt_footer", &c.receipt_footer) ||
            !in_percent_setting(r, "max_discount_percent", &c.max_discount_bp) ||
            !in_int_setting(r, "cash_rounding", &c.cash_step))
                return;
        if (blind && !json_is_boolean(blind))
                return reply_error(r, 400, "BAD_TYPE", "'blind_count' is true or false");
        if (blind)
                c.blind_count = json_is_true(blind);
        if (store_settings_change(r->l, &r->actor, &c, &s) < 0)
                return reply_core(r, false);
        reply_settings(r, 200, &s);
}

/* ---- tax rates ---- */

static int tax_rate_row(const struct tax_rate *t, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:I,s:s,s:o,s:b,s:I}", "id", (json_int_t)t->id, "name", t->name,
                                                   "rate", json_rate(t->rate_bp), "default", t->is_default,
                                                   "products", (json_int_t)t->products)) ? -ENOMEM : 0;
}

void h_tax_rates(struct req *r)
{
        json_t *rows = json_array();

        if (tax_rate_each(r->l, tax_rate_row, rows) < 0) {
                json_decref(rows);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "tax_rates", rows));
}

void h_tax_rate_new(struct req *r)
{
        const char *name = NULL;
        int bp = 0;
        int64_t id;

        if (!in_str(r, "name", true, TAX_RATE_NAME_MAX, &name) || !in_percent(r, r->in, "rate", true, "BAD_TAX_RATE", &bp))
                return;
        if (tax_rate_add(r->l, &r->actor, name, bp, &id) < 0)
                return reply_core(r, false);
        reply(r, 201, json_pack("{s:I,s:s,s:o,s:b,s:I}", "id", (json_int_t)id, "name", name, "rate", json_rate(bp),
                                "default", false, "products", (json_int_t)0));
}

void h_tax_rate_patch(struct req *r)
{
        json_t *dflt = json_object_get(r->in, "default");
        int64_t id = path_id(r, "UNKNOWN_TAX_RATE", "tax rate");
        const char *name = NULL;

        if (!id || !in_str(r, "name", false, TAX_RATE_NAME_MAX, &name))
                return;
        if (dflt && !json_is_true(dflt))
                return reply_error(r, 400, "BAD_TYPE", "'default' is true: make another rate the default instead");
        if (!name && !dflt)
                return reply_error(r, 400, "MISSING_FIELD", "give 'name' or 'default'");
        if (tax_rate_change(r->l, &r->actor, id, name, dflt != NULL) < 0)
                return reply_core(r, false);
        h_tax_rates(r);
}

/* ---- categories ---- */

static int category_row(const struct category *c, void *ud)
{
        return json_array_append_new(ud, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)c->id, "name", c->name,
                                                   "products", (json_int_t)c->products)) ? -ENOMEM : 0;
}

void h_categories(struct req *r)
{
        json_t *rows = json_array();

        if (category_each(r->l, category_row, rows) < 0) {
                json_decref(rows);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "categories", rows));
}

void h_category_new(struct req *r)
{
        const char *name = NULL;
        int64_t id;

        if (!in_str(r, "name", true, NAME_MAX_LEN, &name))
                return;
        if (category_add(r->l, &r->actor, name, &id) < 0)
                return reply_core(r, false);
        reply(r, 201, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "name", name, "products", (json_int_t)0));
}

void h_category_patch(struct req *r)
{
        int64_t id = path_id(r, "UNKNOWN_CATEGORY", "category");
        const char *name = NULL;

        if (!id || !in_str(r, "name", true, NAME_MAX_LEN, &name))
                return;
        if (category_rename(r->l, &r->actor, id, name) < 0)
                return reply_core(r, false);
        h_categories(r);
}

void h_category_delete(struct req *r)
{
        int64_t id = path_id(r, "UNKNOWN_CATEGORY", "category");

        if (!id)
                return;
        if (category_delete(r->l, &r->actor, id) < 0)
                return reply_core(r, false);
        reply(r, 204, NULL);
}
