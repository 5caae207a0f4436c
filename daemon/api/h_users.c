/* Users and roles: GET /users (manager), POST /users and PATCH /users/{name} (admin),
 * PUT /users/{name}/training (manager). */
#include <string.h>

#include "api_int.h"
#include "people/users.h"

static json_t *user_json(const struct user *u)
{
        return json_pack("{s:s,s:s,s:b,s:b}", "name", u->name, "role", role_name(u->role), "active", u->active,
                         "training", u->training);
}

static int add_user(const struct user *u, void *ud)
{
        return json_array_append_new(ud, user_json(u));
}

void h_users(struct req *r)
{
        json_t *items = json_array();

        if (user_each(r->l, add_user, items) < 0) {
                json_decref(items);
                return reply_core(r, false);
        }
        reply(r, 200, json_pack("{s:o}", "items", items));
}

static bool in_role(struct req *r, bool required, bool *given, enum role *ret)
{
        const char *s = NULL;

        if (!in_str(r, "role", required, 16, &s))
                return false;
        *given = s != NULL;
        if (s && role_parse(s, ret) < 0) {
                reply_error(r, 422, "BAD_ROLE", "a role is cashier, manager or admin");
                return false;
        }
        return true;
}

void h_user_new(struct req *r)
{
        const char *name = NULL, *pin = NULL;
        enum role role = ROLE_CASHIER;
        struct user u;
        bool given;

        if (!in_str(r, "name", true, USER_NAME_MAX, &name) || !in_str(r, "pin", true, 32, &pin) ||
            !in_role(r, true, &given, &role))
                return;
        if (user_create(r->l, &r->actor, name, role, pin, &u) < 0)
                return reply_core(r, false);
        reply(r, 201, user_json(&u));
}

void h_user_patch(struct req *r)
{
        json_t *active = json_object_get(r->in, "active");
        struct user_change c = { 0 };
        enum role role;
        struct user u;
        bool given = false, on;

        if (!in_role(r, false, &given, &role) || !in_str(r, "pin", false, 32, &c.pin))
                return;
        if (active && !json_is_boolean(active))
                return reply_error(r, 400, "BAD_TYPE", "active is true or false");
        if (!given && !active && !c.pin)
                return reply_error(r, 400, "MISSING_FIELD", "give role, active or pin");
        on = json_is_true(active);
        c.role = given ? &role : NULL;
        c.active = active ? &on : NULL;
        if (user_change(r->l, &r->actor, r->part[0], &c, &u) < 0)
                return reply_core(r, false);
        reply(r, 200, user_json(&u));
}

/* PUT /users/{name}/training {"training": true}: from their next sign-in, in training. */
void h_user_training(struct req *r)
{
        json_t *on = json_object_get(r->in, "training");
        struct user u;

        if (!on || !json_is_boolean(on))
                return reply_error(r, 400, on ? "BAD_TYPE" : "MISSING_FIELD", "'training' is true or false");
        if (user_set_training(r->l, &r->actor, r->part[0], json_is_true(on), &u) < 0)
                return reply_core(r, false);
        reply(r, 200, user_json(&u));
}
