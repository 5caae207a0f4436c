/* GET /health, POST /sessions, DELETE /sessions/current. */
#include <string.h>

#include "api_int.h"
#include "devices.h"
#include "pin_gate.h"
#include "training.h"

/* Public: what a sign-in screen needs to show (the store's name and money, its lanes). */
/* Whether the request carries a manager's session: health is anyone's, its sync state
 * a manager's. */
static bool from_manager(struct req *r)
{
        const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        struct session s;

        return h && !strncasecmp(h, "Bearer ", 7) && session_check(r->l, h + 7, &s) == 0 && s.user.role >= ROLE_MANAGER;
}

void h_health(struct req *r)
{
        int v = ledger_schema_version(r->l);
        struct store_info si;
        json_t *lanes = json_array(), *out, *sync;

        if (v < 0 || store_get(r->l, &si) < 0) {
                json_decref(lanes);
                return reply_error(r, 503, "STORAGE_ERROR", "the store cannot be read: %s", ledger_errmsg(r->l));
        }
        for (size_t i = 0; i < r->cfg.nlanes; i++)
                json_array_append_new(lanes, json_string(r->cfg.lanes[i]));
        out = json_pack("{s:s,s:s,s:i,s:{s:s,s:s,s:i,s:o},s:o,s:b}", "status", "ok", "db", "ok", "schema", v, "store",
                        "name", si.name, "currency", si.currency, "minor_unit", si.minor_unit, "lanes", lanes, "devices",
                        devices_json(r->api->dev, DEVICES_PUBLIC), "hq_reports", r->api->reports != NULL);
        if (from_manager(r)) {
                if (!(sync = sync_json(r))) {
                        json_decref(out);
                        return;
                }
                json_object_set_new(out, "sync", sync);
        }
        reply(r, 200, out);
}

static bool lane_known(const struct api_config *cfg, const char *lane)
{
        for (size_t i = 0; i < cfg->nlanes; i++)
                if (!strcmp(cfg->lanes[i], lane))
                        return true;
        return false;
}

/* A refused PIN check as an answer; false when the check ran and matched is to be read. */
bool pin_refused(struct req *r, const struct pin_attempt *a, int status, const char *code)
{
        switch (a->verdict) {
        case PIN_CHECKED:
                return false;
        case PIN_BUSY:
                r->retry_after = a->retry_s;
                reply_error(r, 429, "TOO_MANY_SIGN_INS", "many are signing in at once: try again in a second");
                return true;
        case PIN_LOCKED:
                r->retry_after = a->retry_s;
                reply_error(r, status, code, "too many wrong PINs from this till: try again in %u minutes",
                            (a->retry_s + 59) / 60);
                return true;
        case PIN_NO_STORE:
        default:
                reply_error(r, 503, "BUSY", "the store is busy: try again");
                return true;
        }
}

void h_session_new(struct req *r)
{
        const char *user = NULL, *pin = NULL, *lane = NULL;
        char token[TOKEN_HEX + 1];
        struct ledger_error e = { 0 };
        struct pin_attempt a;
        struct pool *tp;
        struct user who;
        struct session s;

        if (!in_str(r, "user", true, 64, &user) || !in_str(r, "pin", true, 32, &pin) || !in_str(r, "lane", false, 32, &lane))
                return;
        if (!lane)
                lane = r->cfg.lanes[0];
        if (!lane_known(&r->cfg, lane))
                return reply_error(r, 422, "UNKNOWN_LANE", "there is no lane '%s' in posd.conf", lane);
        /* the hash takes no store connection: a burst of sign-ins leaves the store to the tills */
        pool_put(r->lpool, r->l);
        r->l = NULL;
        pin_attempt(r, user, pin, &a);
        if (pin_refused(r, &a, 401, "USER_LOCKED"))
                return;
        if (!(r->l = pool_get((r->lpool = r->api->pool), POOL_WAIT_MS)))
                return reply_error(r, 503, "BUSY", "the store is busy: try again");
        if (user_pin_outcome(r->l, &a.c, a.matched, &who) < 0) /* an unknown user reads as a wrong PIN */
                return reply_error(r, 401, ledger_errcode(r->l), "%s", ledger_errmsg(r->l));
        sodium_memzero(&a, sizeof(a));
        /* the training store is there before the session: the lane's scans go to it at once */
        if (who.training && training_pool(r->api->training, r->l, &tp, &e) < 0)
                return reply_error(r, 503, "TRAINING_UNAVAILABLE", "the training store cannot be opened: %s", e.msg);
        if (session_open(r->l, &who, lane, r->cfg.token_ttl_ms, token, &s) < 0)
                return reply_core(r, false);
        reply(r, 201, json_pack("{s:s,s:s,s:s,s:s,s:I,s:b}", "token", token, "user", s.user.name, "role",
                                role_name(s.user.role), "lane", s.lane, "expires_at", (json_int_t)s.expires_at,
                                "training", s.training));
}

void h_session_end(struct req *r)
{
        const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

        if (session_end(r->l, h + 7) < 0)
                return reply_core(r, false);
        sessions_changed(r->api);
        reply(r, 204, NULL);
}

bool in_approval(struct req *r)
{
        json_t *a = r->in ? json_object_get(r->in, "approved_by") : NULL;
        struct user who;

        if (!a || json_is_null(a))
                return true;
        if (!r->approval_asked) {
                reply_error(r, 400, "BAD_TYPE", "'approved_by' must be {\"user\": NAME, \"pin\": PIN}");
                return false;
        }
        if (pin_refused(r, &r->approval, 403, "APPROVAL_REFUSED"))
                return false;
        if (user_pin_outcome(r->l, &r->approval.c, r->approval.matched, &who) < 0) {
                reply_error(r, 403, "APPROVAL_REFUSED", "the approval was refused: %s", ledger_errmsg(r->l));
                return false;
        }
        if (who.role == ROLE_CASHIER) {
                reply_error(r, 403, "APPROVAL_REFUSED", "%s is not a manager", who.name);
                return false;
        }
        utf8_cut(r->approver, sizeof(r->approver), who.name);
        r->actor.approver = r->approver;
        return true;
}
