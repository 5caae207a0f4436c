/* GET /health, POST /sessions, DELETE /sessions/current. */
#include <string.h>

#include "api_int.h"
#include "devices.h"

/* Public: what a sign-in screen needs to show (the store's name and money, its lanes). */
void h_health(struct req *r)
{
        int v = ledger_schema_version(r->l);
        struct store_info si;
        json_t *lanes = json_array();

        if (v < 0 || store_get(r->l, &si) < 0) {
                json_decref(lanes);
                return reply_error(r, 503, "STORAGE_ERROR", "the store cannot be read: %s", ledger_errmsg(r->l));
        }
        for (size_t i = 0; i < r->cfg.nlanes; i++)
                json_array_append_new(lanes, json_string(r->cfg.lanes[i]));
        reply(r, 200, json_pack("{s:s,s:s,s:i,s:{s:s,s:s,s:i,s:o},s:o}", "status", "ok", "db", "ok", "schema", v, "store",
                                "name", si.name, "currency", si.currency, "minor_unit", si.minor_unit, "lanes", lanes,
                                "devices", devices_json(r->api->dev, DEVICES_PUBLIC)));
}

static bool lane_known(const struct api_config *cfg, const char *lane)
{
        for (size_t i = 0; i < cfg->nlanes; i++)
                if (!strcmp(cfg->lanes[i], lane))
                        return true;
        return false;
}

void h_session_new(struct req *r)
{
        const char *user = NULL, *pin = NULL, *lane = NULL;
        char token[TOKEN_HEX + 1];
        struct session s;

        if (!in_str(r, "user", true, 64, &user) || !in_str(r, "pin", true, 32, &pin) || !in_str(r, "lane", false, 32, &lane))
                return;
        if (!lane)
                lane = r->cfg.lanes[0];
        if (!lane_known(&r->cfg, lane))
                return reply_error(r, 422, "UNKNOWN_LANE", "there is no lane '%s' in posd.conf", lane);
        if (session_create(r->l, user, pin, lane, r->cfg.token_ttl_ms, token, &s) < 0) {
                /* an unknown user and a wrong PIN read the same to the caller */
                const char *code = ledger_errcode(r->l);
                if (!strcmp(code, "UNKNOWN_USER") || !strcmp(code, "WRONG_PIN"))
                        return reply_error(r, 401, "WRONG_PIN", "wrong user or PIN");
                if (!strcmp(code, "USER_LOCKED") || !strcmp(code, "USER_INACTIVE"))
                        return reply_error(r, 401, code, "%s", ledger_errmsg(r->l));
                return reply_core(r, false);
        }
        reply(r, 201, json_pack("{s:s,s:s,s:s,s:s,s:I}", "token", token, "user", s.user.name, "role", role_name(s.user.role),
                                "lane", s.lane, "expires_at", (json_int_t)s.expires_at));
}

void h_session_end(struct req *r)
{
        const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

        if (session_end(r->l, h + 7) < 0)
                return reply_core(r, false);
        reply(r, 204, NULL);
}
