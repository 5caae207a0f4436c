/* GET /settings (manager): what the store and posd.conf set, as this posd runs it. */
#include "api_int.h"

void h_settings(struct req *r)
{
        const struct checkout_policy pol = lane_policy(r);
        struct store_info si;
        json_t *lanes = json_array();

        if (store_get(r->l, &si) < 0) {
                json_decref(lanes);
                return reply_core(r, false);
        }
        for (size_t i = 0; i < r->cfg.nlanes; i++)
                json_array_append_new(lanes, json_string(r->cfg.lanes[i]));
        reply(r, 200, json_pack("{s:{s:s,s:s,s:i,s:b},s:{s:o,s:f,s:I,s:s?,s:b},s:{s:I,s:I,s:i,s:i,s:b},s:{s:I}}",
                                "store", "name", si.name, "currency", si.currency, "minor_unit", si.minor_unit,
                                "prices_include_tax", si.prices_include_tax,
                                "checkout", "lanes", lanes, "max_discount_percent", r->cfg.policy.max_discount_bp / 100.0,
                                "cash_rounding", (json_int_t)r->cfg.policy.cash_step, "printer", pol.printer,
                                "kick_drawer", pol.kick_drawer,
                                "http", "max_body_kib", (json_int_t)(r->cfg.max_body / 1024), "max_upload_mib",
                                (json_int_t)(r->cfg.max_upload >> 20), "max_connections", (int)r->cfg.max_connections,
                                "timeout_seconds", (int)r->cfg.timeout_s, "front_end", r->cfg.ui_dir[0] != '\0',
                                "auth", "session_hours", (json_int_t)(r->cfg.token_ttl_ms / 3600000)));
}
