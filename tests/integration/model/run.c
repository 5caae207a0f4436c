/* The interpreter: each descriptor becomes requests as its actor, the model predicts the
 * answer (a role refusal is 403 FORBIDDEN, an act that needs a manager and has none is
 * 403 APPROVAL_REQUIRED, a wrong state its 409, bad input its 422), and what posd
 * acknowledges is applied to the model once, however often the request had to be sent
 * (a kill or a failed write is settled by sending it again with its key). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/model_int.h"

static const char *const users[ACTORS] = { "alice", "bob", "maria", "root" };
static const char *const pins[ACTORS] = { "1111", "2222", "5678", "9999" };
static const char *const lanes[2] = { "1", "2" };
static const char *const locs[LOCS] = { "SHOP", "BACK" };
static const char *const tenders[TENDERS] = { "cash", "card", "other" };

static int lane_of(enum actor a)
{
        return a == ALICE || a == MARIA ? 0 : 1;
}

static bool is_boss_role(enum actor a)
{
        return a == MARIA || a == ROOT;
}

bool model_fail(struct ctx *c, const char *tag, const char *fmt, ...)
{
        va_list ap;

        if (c->res->failed)
                return false;
        c->res->failed = true;
        c->res->step = c->step;
        snprintf(c->res->tag, sizeof(c->res->tag), "%s", tag);
        va_start(ap, fmt);
        vsnprintf(c->res->why, sizeof(c->res->why), fmt, ap);
        va_end(ap);
        return false;
}

/* ---- posd and requests ------------------------------------------------------------ */

static void start(struct ctx *c, bool vfs)
{
        char arg[256];

        snprintf(arg, sizeof(arg), "-c %s/posd.conf", c->p.store.dir);
        if (vfs)
                posd_start_preload(&c->p, c->powerloss, c->fault_env, arg);
        else
                posd_start(&c->p, arg);
        c->wrong_run = 0; /* posd keeps wrong-PIN counts in memory only */
}

static void fault(struct ctx *c, const char *what)
{
        FILE *f;

        if (!what) {
                unlink(c->fault_file);
                return;
        }
        if ((f = fopen(c->fault_file, "w"))) {
                fputs(what, f);
                fclose(f);
        }
}

struct req {
        struct ctx *c;
        const char *method, *path, *tok, *key, *body;
        json_t *out;
        int status;
};

static void *req_run(void *arg)
{
        struct req *r = arg;

        r->status = http(&r->c->p, r->method, r->path, r->tok, r->key, r->body, &r->out);
        return NULL;
}

/* One request; a 429 (too many PIN checks at once) is waited out. */
static int send1(struct ctx *c, struct req *r)
{
        for (int i = 0; i < 20; i++) {
                json_decref(r->out);
                r->out = NULL;
                req_run(r);
                c->res->requests++;
                if (r->status != 429)
                        break;
                sleep(1);
        }
        return r->status;
}

/* The same keyed request until the store answers it for good. */
static int settle(struct ctx *c, struct req *r)
{
        for (int i = 0; i < 50; i++) {
                send1(c, r);
                if (r->status != 503 && r->status != -1)
                        break;
                usleep(100000);
        }
        return r->status;
}

/* A request as who (-1: none), keyed when it writes; the op's trouble, when main. */
static int call(struct ctx *c, const char *method, const char *path, int who, const char *body, bool main,
                json_t **out)
{
        char key[64];
        struct req r = { c, method, path, who >= 0 ? c->tok[who] : NULL, NULL, body, NULL, 0 };
        enum trouble t = main ? c->op->trouble : TROUBLE_NONE;

        if (strcmp(method, "GET")) {
                snprintf(key, sizeof(key), "m%u-%d-%u", c->o->seed, c->step, c->sub++);
                r.key = key;
        }
        if (!r.key || t == TROUBLE_NONE || ((t == TROUBLE_WRITE || t == TROUBLE_SYNC) && !c->powerloss)) {
                send1(c, &r);
        } else if (t == TROUBLE_KILL) {
                pthread_t th;
                c->res->kills++;
                pthread_create(&th, NULL, req_run, &r);
                usleep(1000 * (c->op->c % 40));
                posd_kill(&c->p);
                pthread_join(th, NULL);
                json_decref(r.out);
                r.out = NULL;
                start(c, false);
                settle(c, &r);
        } else {
                json_t *first;
                int st;
                /* the fault VFS keeps unsynced writes inside posd, where the checks cannot
                 * read the file: posd runs on it for this request only */
                c->res->faults++;
                posd_stop(&c->p);
                start(c, true);
                fault(c, t == TROUBLE_WRITE ? "write" : "sync");
                st = send1(c, &r);
                fault(c, NULL);
                /* a failed fsync after a durable commit stops posd, unanswered */
                if (st == -1 && t == TROUBLE_SYNC && posd_failed(&c->p, 5000))
                        start(c, true);
                first = r.out;
                r.out = NULL;
                settle(c, &r);
                /* what was acknowledged under the fault is what the key answers now */
                if (st / 100 == 2 && (r.status != st || !json_equal(first, r.out)))
                        model_fail(c, "key", "%s %s: %d under the fault, then %d with the same key", method, path, st,
                                   r.status);
                json_decref(first);
                posd_stop(&c->p);
                start(c, false);
        }
        if (r.status == -1)
                model_fail(c, "answer", "%s %s: no answer from posd (see %s)", method, path, c->p.log);
        if (out)
                *out = r.out;
        else
                json_decref(r.out);
        return r.status;
}

/* The answer is one of want: "201" or "409 SHIFT_ALREADY_OPEN", comma-separated. */
static bool expect(struct ctx *c, int st, json_t *o, const char *want)
{
        char buf[256], *save = NULL, line[160];
        json_t *e = json_object_get(json_object_get(o, "error"), "code");
        const char *code = json_is_string(e) ? json_string_value(e) : "";
        char *body;

        snprintf(buf, sizeof(buf), "%s", want);
        for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                char *sp = strchr(w, ' ');
                if (atoi(w) == st && (!sp || !strcmp(sp + 1, code))) {
                        c->res->refusals += st == 403;
                        return true;
                }
        }
        if (c->res->failed)
                return false;
        model_describe(c->op, line, sizeof(line));
        body = o ? json_dumps(o, JSON_COMPACT) : NULL;
        model_fail(c, st == 403 || (st / 100 == 2 && strstr(want, "403")) ? "role" : "status",
                   "%s: answered %d %.300s; the model expects %s", line, st, body ? body : "", want);
        free(body);
        return false;
}

/* ---- the approval a request carries -------------------------------------------------- */

struct given {
        enum approval kind; /* as sent: a wrong PIN too many in a row is sent right instead */
        bool boss;          /* a manager acts: signed in or approving */
        char json[96];      /* ,"approved_by":{...} or "" */
};

static void approve(struct ctx *c, struct given *a)
{
        a->kind = c->op->appr;
        if (a->kind == APPR_WRONG_PIN && c->wrong_run >= 3)
                a->kind = APPR_MANAGER;
        a->boss = is_boss_role(c->op->actor) || a->kind == APPR_MANAGER;
        a->json[0] = '\0';
        if (a->kind == APPR_MANAGER)
                snprintf(a->json, sizeof(a->json), ",\"approved_by\":{\"user\":\"maria\",\"pin\":\"5678\"}");
        else if (a->kind == APPR_WRONG_PIN)
                snprintf(a->json, sizeof(a->json), ",\"approved_by\":{\"user\":\"maria\",\"pin\":\"0000\"}");
        else if (a->kind == APPR_CASHIER)
                snprintf(a->json, sizeof(a->json), ",\"approved_by\":{\"user\":\"bob\",\"pin\":\"2222\"}");
        if (a->kind == APPR_WRONG_PIN)
                c->wrong_run++;
        else if (a->kind == APPR_MANAGER)
                c->wrong_run = 0;
}

/* an approval that is given is checked, needed or not */
static bool refused(const struct given *a)
{
        return a->kind == APPR_WRONG_PIN || a->kind == APPR_CASHIER;
}

/* ---- tickets -------------------------------------------------------------------------- */

static int sku_index(struct ctx *c, const char *sku)
{
        for (int i = 0; i < c->m.nskus; i++)
                if (!strcmp(c->m.sku[i], sku))
                        return i;
        return -1;
}

int64_t discount_of_json(json_t *d, int64_t base)
{
        int64_t v = 0;
        json_t *pct = json_object_get(d, "percent"), *amt = json_object_get(d, "amount");

        if (json_is_number(pct)) {
                /* half away from zero, as posd's muldiv_round */
                int64_t bp = (int64_t)(json_number_value(pct) * 100 + 0.5);
                __int128 p = (__int128)base * bp;
                v = (int64_t)(p / 10000);
                if ((p % 10000) * 2 >= 10000)
                        v++;
        } else if (json_is_integer(amt)) {
                v = json_integer_value(amt);
        }
        return v < 0 ? 0 : v > base ? base : v;
}

static struct mline *mline_find(struct mticket *t, int line)
{
        for (int i = 0; i < t->n; i++)
                if (t->lines[i].line == line)
                        return &t->lines[i];
        return NULL;
}

/* a line's own amount off the price it was rung up at: override and its own discount */
static int64_t own_off(struct ctx *c, const struct mline *l)
{
        return l->qty * c->m.price[l->sku] / 1000 - l->gross + l->own_disc;
}

/* The ticket as posd answered it; approvals stay the model's own. */
static bool ticket_seen(struct ctx *c, struct mticket *t, json_t *o)
{
        struct mticket was = *t;
        json_t *ln, *pay;
        size_t i;
        int64_t own = 0;

        if (!json_is_object(o) || strcmp(jstr(o, "id"), t->id))
                return model_fail(c, "ticket", "an answer that is not ticket %s", t->id);
        t->n = 0;
        json_array_foreach(json_object_get(o, "lines"), i, ln) {
                struct mline *old = mline_find(&was, (int)jint(ln, "line")), *nl;
                int sku = sku_index(c, jstr(ln, "sku"));
                if (sku < 0 || t->n >= MAX_LINES)
                        return model_fail(c, "ticket", "ticket %s has a line the model did not ring up (%s)", t->id,
                                          jstr(ln, "sku"));
                nl = &t->lines[t->n++];
                nl->line = (int)jint(ln, "line");
                nl->sku = sku;
                nl->qty = jqty(ln, "qty");
                nl->gross = jint(ln, "gross");
                nl->own_disc = discount_of_json(json_object_get(ln, "discount"), nl->gross);
                nl->approved = old ? old->approved : -1;
                own += nl->own_disc;
                if (jint(ln, "catalog_price") != c->m.price[sku])
                        return model_fail(c, "ticket", "line %d of %s at %lld, not the catalogue's %lld", nl->line,
                                          t->id, (long long)jint(ln, "catalog_price"), (long long)c->m.price[sku]);
        }
        t->total = jint(o, "total");
        t->due = jint(o, "due");
        t->ticket_off = jint(o, "discount_total") - own;
        memset(t->paid, 0, sizeof(t->paid));
        t->npay = 0;
        json_array_foreach(json_object_get(o, "payments"), i, pay) {
                for (int k = 0; k < TENDERS; k++)
                        if (!strcmp(jstr(pay, "method"), tenders[k]))
                                t->paid[k] += jint(pay, "amount");
                t->npay++;
        }
        return true;
}

static struct mticket *open_ticket(struct ctx *c, int lane)
{
        return c->m.lane[lane].has_open ? &c->m.lane[lane].open : NULL;
}

static void op_ticket_open(struct ctx *c)
{
        int L = lane_of(c->op->actor);
        struct mlane *ml = &c->m.lane[L];
        json_t *o = NULL;
        int st = call(c, "POST", "/tickets", c->op->actor, NULL, true, &o);

        if (expect(c, st, o, !ml->shift ? "409 NO_OPEN_SHIFT" : ml->has_open ? "409 TICKET_ALREADY_OPEN" : "201") &&
            st == 201) {
                memset(&ml->open, 0, sizeof(ml->open));
                snprintf(ml->open.id, sizeof(ml->open.id), "%s", jstr(o, "id"));
                ml->open.approved = -1;
                ml->has_open = true;
                ticket_seen(c, &ml->open, o);
        }
        json_decref(o);
}

static void op_add(struct ctx *c, struct mticket *t)
{
        char path[96], body[96];
        int sku = (int)(c->op->a % (unsigned)(c->m.nskus + 1));
        json_t *o = NULL;
        int st;

        if (t->n >= MAX_LINES - 1)
                return;
        snprintf(path, sizeof(path), "/tickets/%s/lines", t->id);
        snprintf(body, sizeof(body), "{\"sku\":\"%s\",\"qty\":%u}", sku < c->m.nskus ? c->m.sku[sku] : "NOPE",
                 1 + c->op->b % 4);
        st = call(c, "POST", path, c->op->actor, body, true, &o);
        if (expect(c, st, o, sku < c->m.nskus ? "201" : "422 UNKNOWN_PRODUCT") && st == 201)
                ticket_seen(c, t, o);
        json_decref(o);
}

/* An approval never grows back: less taken off cuts it to that (the line's, when one was
 * touched, and the ticket's). */
static void shrink(struct ctx *c, struct mticket *t, struct mline *l)
{
        if (l && l->approved > own_off(c, l))
                l->approved = own_off(c, l);
        if (t->approved > t->ticket_off)
                t->approved = t->ticket_off;
}

static void op_line_edit(struct ctx *c, struct mticket *t)
{
        struct given a;
        struct mline *l;
        char path[96], body[256], what[96];
        const char *want;
        json_t *o = NULL;
        int st, line;

        if (!t->n)
                return;
        l = &t->lines[c->op->a % (unsigned)t->n];
        line = l->line;
        approve(c, &a);
        if (c->op->kind == OP_QTY) {
                snprintf(what, sizeof(what), "\"qty\":%u", 1 + c->op->b % 8);
                want = a.boss ? "200" : "200,403 APPROVAL_REQUIRED";
        } else if (c->op->kind == OP_PRICE) {
                snprintf(what, sizeof(what), "\"price\":%lld", (long long)(c->op->b % (c->m.price[l->sku] + 1)));
                want = a.boss ? "200" : "403 APPROVAL_REQUIRED";
        } else {
                unsigned v = c->op->b;
                bool over = false;
                if (v % 7 == 0) {
                        snprintf(what, sizeof(what), "\"discount\":null");
                } else if (v % 3 == 0) {
                        snprintf(what, sizeof(what), "\"discount\":{\"amount\":%lld}",
                                 (long long)(c->op->c % (l->gross / 3 + 1)));
                } else {
                        /* managers give more than the allowance, so that what follows can stretch it */
                        unsigned pct = a.boss ? 5 + c->op->c % 40 : c->op->c % 4 ? c->op->c % 13 : c->op->c % 101;
                        over = pct > LIMIT_BP / 100 && l->gross > 0;
                        snprintf(what, sizeof(what), "\"discount\":{\"percent\":%u}", pct);
                }
                /* over the allowance, a cashier is refused unless a manager approved more */
                want = a.boss ? "200" : over && l->approved < 0 ? "403 APPROVAL_REQUIRED" : "200,403 APPROVAL_REQUIRED";
        }
        if (refused(&a))
                want = "403 APPROVAL_REFUSED";
        snprintf(path, sizeof(path), "/tickets/%s/lines/%d", t->id, line);
        snprintf(body, sizeof(body), "{%s%s}", what, a.json);
        st = call(c, "PATCH", path, c->op->actor, body, true, &o);
        if (expect(c, st, o, want) && st == 200 && ticket_seen(c, t, o) && (l = mline_find(t, line))) {
                if (a.boss)
                        l->approved = own_off(c, l);
                shrink(c, t, l);
                if (c->op->kind == OP_QTY && l->qty != 1000 * (int64_t)(1 + c->op->b % 8))
                        model_fail(c, "ticket", "line %d of %s has %lld milli-units, not the %u set", line, t->id,
                                   (long long)l->qty, 1 + c->op->b % 8);
        }
        json_decref(o);
}

static void op_ticket_discount(struct ctx *c, struct mticket *t)
{
        struct given a;
        char path[96], body[256], what[96];
        const char *want;
        json_t *o = NULL;
        int st;

        approve(c, &a);
        if (c->op->b % 6 == 0)
                snprintf(what, sizeof(what), "\"discount\":null");
        else if (c->op->b % 3 == 0)
                snprintf(what, sizeof(what), "\"discount\":{\"amount\":%u}", c->op->c % 300);
        else
                snprintf(what, sizeof(what), "\"discount\":{\"percent\":%u}",
                         a.boss ? 5 + c->op->c % 40 : c->op->c % 4 ? c->op->c % 13 : c->op->c % 101);
        want = refused(&a) ? "403 APPROVAL_REFUSED" : a.boss ? "200,422 BAD_DISCOUNT"
                                                             : "200,403 APPROVAL_REQUIRED,422 BAD_DISCOUNT";
        snprintf(path, sizeof(path), "/tickets/%s", t->id);
        snprintf(body, sizeof(body), "{%s%s}", what, a.json);
        st = call(c, "PATCH", path, c->op->actor, body, true, &o);
        if (expect(c, st, o, want) && st == 200 && ticket_seen(c, t, o)) {
                if (a.boss)
                        t->approved = t->ticket_off;
                shrink(c, t, NULL);
        }
        json_decref(o);
}

static void op_void_line(struct ctx *c, struct mticket *t)
{
        char path[96];
        json_t *o = NULL;
        int st;

        if (!t->n)
                return;
        snprintf(path, sizeof(path), "/tickets/%s/lines/%d", t->id, t->lines[c->op->a % (unsigned)t->n].line);
        st = call(c, "DELETE", path, c->op->actor, NULL, true, &o);
        if (expect(c, st, o, "200") && ticket_seen(c, t, o))
                shrink(c, t, NULL);
        json_decref(o);
}

static void op_pay(struct ctx *c, struct mticket *t)
{
        int k = (int)(c->op->a % TENDERS);
        int64_t amount;
        char path[96], body[96];
        json_t *o = NULL;
        int st;

        if (t->npay >= 12)
                return;
        amount = t->due <= 0 ? 1 + c->op->b % 500 : c->op->b % 3 == 0 ? t->due / 2 + 1
                                                  : c->op->b % 3 == 1 ? t->due : t->due + c->op->c % 2000;
        snprintf(path, sizeof(path), "/tickets/%s/payments", t->id);
        snprintf(body, sizeof(body), "{\"method\":\"%s\",\"amount\":%lld}", tenders[k], (long long)amount);
        st = call(c, "POST", path, c->op->actor, body, true, &o);
        if (expect(c, st, o, k != CASH && amount > t->due ? "422 OVERPAID" : "201") && st == 201)
                ticket_seen(c, t, o);
        json_decref(o);
}

static void op_suspend(struct ctx *c, int L)
{
        struct mlane *ml = &c->m.lane[L];
        char path[96];
        json_t *o = NULL;
        int st;

        if (!ml->has_open || ml->nheld >= 6)
                return;
        snprintf(path, sizeof(path), "/tickets/%s/suspend", ml->open.id);
        st = call(c, "POST", path, c->op->actor, NULL, true, &o);
        if (expect(c, st, o, "200")) {
                ml->held[ml->nheld++] = ml->open;
                ml->has_open = false;
        }
        json_decref(o);
}

static void op_resume(struct ctx *c, int L)
{
        struct mlane *ml = &c->m.lane[L];
        char path[96];
        json_t *o = NULL;
        int st, i;

        if (!ml->nheld)
                return;
        i = (int)(c->op->a % (unsigned)ml->nheld);
        snprintf(path, sizeof(path), "/tickets/%s/resume", ml->held[i].id);
        st = call(c, "POST", path, c->op->actor, NULL, true, &o);
        if (expect(c, st, o, ml->has_open ? "409 TICKET_ALREADY_OPEN" : ml->shift ? "200" : "200,409 NO_OPEN_SHIFT") &&
            st == 200) {
                ml->open = ml->held[i];
                ml->has_open = true;
                ml->held[i] = ml->held[--ml->nheld];
                ticket_seen(c, &ml->open, o);
        }
        json_decref(o);
}

static void op_void(struct ctx *c, int L)
{
        struct mlane *ml = &c->m.lane[L];
        bool held = ml->nheld && (c->op->a % 2 || !ml->has_open);
        int i = held ? (int)(c->op->b % (unsigned)ml->nheld) : 0;
        char path[96];
        json_t *o = NULL;
        int st;

        if (!held && !ml->has_open)
                return;
        snprintf(path, sizeof(path), "/tickets/%s", held ? ml->held[i].id : ml->open.id);
        st = call(c, "DELETE", path, c->op->actor, NULL, true, &o);
        if (expect(c, st, o, "200")) {
                if (held)
                        ml->held[i] = ml->held[--ml->nheld];
                else
                        ml->has_open = false;
        }
        json_decref(o);
}

/* a manager saw the ticket as it stands: what it takes off is theirs now */
static void approved_all(struct ctx *c, struct mticket *t)
{
        for (int k = 0; k < t->n; k++)
                if (own_off(c, &t->lines[k]) > t->lines[k].approved)
                        t->lines[k].approved = own_off(c, &t->lines[k]);
        if (t->ticket_off > t->approved)
                t->approved = t->ticket_off;
}

static void op_complete(struct ctx *c, int L)
{
        struct mlane *ml = &c->m.lane[L];
        struct mticket *t = &ml->open;
        struct given a;
        char path[96], body[160], want[160] = "";
        json_t *o = NULL, *sale, *ln, *pay;
        int st;
        size_t i;

        if (t->due > 0 && c->op->b % 4 && t->npay < 12) {
                /* mostly paid up first, so that sales are made */
                snprintf(path, sizeof(path), "/tickets/%s/payments", t->id);
                snprintf(body, sizeof(body), "{\"method\":\"cash\",\"amount\":%lld}", (long long)t->due);
                st = call(c, "POST", path, c->op->actor, body, false, &o);
                if (!expect(c, st, o, "201") || !ticket_seen(c, t, o)) {
                        json_decref(o);
                        return;
                }
                json_decref(o);
                o = NULL;
        }
        approve(c, &a);
        if (refused(&a)) {
                snprintf(want, sizeof(want), "403 APPROVAL_REFUSED");
        } else {
                /* several refusals may hold at once; posd names one */
                if (!ml->shift)
                        strcat(want, "409 NO_OPEN_SHIFT,");
                if (!t->n)
                        strcat(want, "422 EMPTY_TICKET,");
                if (t->due > 0)
                        strcat(want, "422 TENDER_SHORT,");
                if (t->paid[CARD] + t->paid[OTHER] > t->total)
                        strcat(want, "422 OVERPAID,");
                if (!want[0])
                        strcat(want, a.boss ? "201," : "201,403 APPROVAL_REQUIRED,");
                else if (!a.boss)
                        strcat(want, "403 APPROVAL_REQUIRED,");
                want[strlen(want) - 1] = '\0';
        }
        snprintf(path, sizeof(path), "/tickets/%s/complete", t->id);
        snprintf(body, sizeof(body), "{%s}", a.json[0] ? a.json + 1 : "");
        st = call(c, "POST", path, c->op->actor, body, true, &o);
        if (!expect(c, st, o, want) || st != 201) {
                json_decref(o);
                return;
        }
        sale = json_object_get(o, "sale");
        c->m.sales = realloc(c->m.sales, (size_t)(c->m.nsales + 1) * sizeof(*c->m.sales));
        struct msale *s = &c->m.sales[c->m.nsales++];
        memset(s, 0, sizeof(*s));
        snprintf(s->number, sizeof(s->number), "%s", jstr(sale, "number"));
        if (jint(sale, "total") != t->total)
                model_fail(c, "sale", "sale %s totals %lld, its ticket %lld", s->number, (long long)jint(sale, "total"),
                           (long long)t->total);
        json_array_foreach(json_object_get(sale, "lines"), i, ln) {
                int k = sku_index(c, jstr(ln, "sku"));
                if (k < 0 || i >= MAX_LINES || (int)i >= t->n || k != t->lines[i].sku || jqty(ln, "qty") != t->lines[i].qty) {
                        model_fail(c, "sale", "sale %s line %zu is not the ticket's line", s->number, i + 1);
                        break;
                }
                s->sku[s->n] = k;
                s->qty[s->n++] = t->lines[i].qty;
                c->m.stock[k][0] -= t->lines[i].qty;
        }
        if (s->n != t->n)
                model_fail(c, "sale", "sale %s has %d lines, its ticket %d", s->number, s->n, t->n);
        json_array_foreach(json_object_get(sale, "payments"), i, pay)
                for (int k = 0; k < TENDERS; k++)
                        if (!strcmp(jstr(pay, "method"), tenders[k]))
                                s->paid[k] += jint(pay, "amount");
        s->paid[CASH] -= jint(sale, "change");
        for (int k = 0; k < TENDERS; k++)
                ml->by_method[k] += s->paid[k];
        ml->sales++;
        ml->gross += t->total;
        c->m.sales_total += t->total;
        c->m.docs[D_SALE]++;
        c->res->sales++;
        c->res->cashier_sales += !a.boss;
        if (a.boss)
                approved_all(c, t);
        check_sale(c, s->number, t, a.boss);
        ml->has_open = false;
        json_decref(o);
}

static void op_ticket(struct ctx *c)
{
        int L = lane_of(c->op->actor);
        struct mticket *t = open_ticket(c, L);

        switch (c->op->kind) {
        case OP_TICKET_OPEN: op_ticket_open(c); return;
        case OP_SUSPEND: op_suspend(c, L); return;
        case OP_RESUME: op_resume(c, L); return;
        case OP_VOID: op_void(c, L); return;
        default: break;
        }
        if (!t) {
                c->res->skipped++;
                return;
        }
        switch (c->op->kind) {
        case OP_ADD: op_add(c, t); break;
        case OP_QTY: case OP_PRICE: case OP_LINE_DISCOUNT: op_line_edit(c, t); break;
        case OP_TICKET_DISCOUNT: op_ticket_discount(c, t); break;
        case OP_VOID_LINE: op_void_line(c, t); break;
        case OP_PAY: op_pay(c, t); break;
        case OP_COMPLETE: op_complete(c, L); break;
        default: break;
        }
}

/* ---- shifts and cash ------------------------------------------------------------------ */

static int64_t expected_cash(const struct mlane *ml)
{
        return ml->opening + ml->by_method[CASH] + ml->pay_in - ml->pay_out;
}

static void op_shift(struct ctx *c)
{
        int L = lane_of(c->op->actor);
        struct mlane *ml = &c->m.lane[L];
        char body[256];
        json_t *o = NULL;
        int st;

        if (c->op->kind == OP_SHIFT_OPEN) {
                snprintf(body, sizeof(body), "{\"opening_float\":%u}", c->op->a * 50);
                st = call(c, "POST", "/shifts", c->op->actor, body, true, &o);
                if (expect(c, st, o, ml->shift ? "409 SHIFT_ALREADY_OPEN" : "201") && st == 201) {
                        memset(ml->by_method, 0, sizeof(ml->by_method));
                        ml->sales = ml->returns = ml->gross = ml->refunds = ml->pay_in = ml->pay_out = 0;
                        ml->opening = c->op->a * 50;
                        ml->shift = true;
                }
        } else if (c->op->kind == OP_SHIFT_CLOSE) {
                int64_t counted = expected_cash(ml) + (int64_t)(c->op->a % 200) - 100;
                snprintf(body, sizeof(body), "{\"counted_cash\":%lld}", (long long)(counted < 0 ? 0 : counted));
                st = call(c, "POST", "/shifts/current/close", c->op->actor, body, true, &o);
                if (expect(c, st, o, !ml->shift ? "409 NO_OPEN_SHIFT" : ml->has_open ? "409 TICKET_OPEN" : "200") &&
                    st == 200) {
                        check_shift(c, L, o);
                        if (jint(o, "counted_cash") - jint(o, "expected_cash") != jint(o, "variance"))
                                model_fail(c, "Z", "variance is not counted less expected");
                        ml->shift = false;
                }
        } else {
                bool out = c->op->a % 2;
                int64_t amount = 1 + c->op->b * (out ? 20 : 5);
                struct given a;
                approve(c, &a);
                snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"amount\":%lld,\"reason\":\"model %d\"%s}",
                         out ? "pay_out" : "pay_in", (long long)amount, c->step, a.json);
                st = call(c, "POST", "/cash-movements", c->op->actor, body, true, &o);
                /* cash out of the drawer is a manager's to say, and only what it holds */
                if (expect(c, st, o, refused(&a) ? "403 APPROVAL_REFUSED" : out && !a.boss ? "403 APPROVAL_REQUIRED"
                                     : !ml->shift ? "409 NO_OPEN_SHIFT"
                                     : out && amount > expected_cash(ml) ? "422 INSUFFICIENT_CASH" : "201") &&
                    st == 201) {
                        *(out ? &ml->pay_out : &ml->pay_in) += amount;
                        *(out ? &c->m.pay_out : &c->m.pay_in) += amount;
                        c->m.docs[D_CASH]++;
                }
        }
        json_decref(o);
}

/* ---- returns -------------------------------------------------------------------------- */

/* the amount in a one-refund list as sent */
static int64_t refund_amount(const char *refund)
{
        const char *at = strstr(refund, "\"amount\":");

        return at ? strtoll(at + 9, NULL, 10) : 0;
}

static void op_return(struct ctx *c)
{
        int L = lane_of(c->op->actor);
        struct mlane *ml = &c->m.lane[L];
        struct msale *s;
        struct given a;
        char body[512], refund[96] = "", want[128];
        json_t *o = NULL;
        int64_t left, qty, total = 0;
        int line, k = (int)(c->op->c % TENDERS), st;
        unsigned mode = c->op->c / 3 % 4;

        if (!c->m.nsales) {
                c->res->skipped++;
                return;
        }
        approve(c, &a);
        s = &c->m.sales[c->op->a % (unsigned)c->m.nsales];
        line = (int)(c->op->b % (unsigned)s->n);
        left = s->qty[line] - s->returned[line];
        qty = c->op->b / 7 % 5 == 0 ? left + 1000 : left < 1000 ? 0 : 1000 * (1 + (int64_t)(c->op->b / 7 % (left / 1000)));
        if (qty <= 0) {
                c->res->skipped++;
                return;
        }
        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":%d,\"qty\":%lld}]}", s->number, line + 1,
                 (long long)(qty / 1000));
        if (qty <= left && ml->shift) {
                /* what the return comes to, from the quote: then a refund within or beyond it */
                st = call(c, "POST", "/returns/quote", c->op->actor, body, false, &o);
                if (!expect(c, st, o, "200")) {
                        json_decref(o);
                        return;
                }
                total = jint(o, "total");
                json_decref(o);
                o = NULL;
        }
        if (mode == 1 || mode == 2) {
                int64_t room = s->paid[k] - s->refunded[k], amt = room < total ? room : total;
                if (mode == 2)
                        amt = room + 1;
                if (amt > 0)
                        snprintf(refund, sizeof(refund), ",\"refunds\":[{\"method\":\"%s\",\"amount\":%lld}]", tenders[k],
                                 (long long)amt);
                mode = amt > room || amt > total ? 2 : 1;
        }
        snprintf(body, sizeof(body), "{\"sale\":\"%s\",\"lines\":[{\"line\":%d,\"qty\":%lld}]%s%s,\"reason\":\"model\"}",
                 s->number, line + 1, (long long)(qty / 1000), refund, a.json);
        if (refused(&a))
                snprintf(want, sizeof(want), "403 APPROVAL_REFUSED");
        else if (!ml->shift)
                snprintf(want, sizeof(want), "409 NO_OPEN_SHIFT%s", qty > left ? ",422 RETURN_EXCEEDS_SALE" : "");
        else if (qty > left)
                snprintf(want, sizeof(want), "422 RETURN_EXCEEDS_SALE");
        else if (refund[0] && mode == 2)
                snprintf(want, sizeof(want), "422 REFUND_EXCEEDS_PAID");
        else /* cash goes back only as far as the drawer holds it */
                snprintf(want, sizeof(want), refund[0] && k == CASH && refund_amount(refund) > expected_cash(ml)
                                                     ? "422 INSUFFICIENT_CASH" : "201");
        st = call(c, "POST", "/returns", c->op->actor, body, true, &o);
        if (expect(c, st, o, want) && st == 201) {
                int64_t refunded = jint(o, "refunded");
                if (jint(o, "total") != total)
                        model_fail(c, "return", "return %s totals %lld, its quote %lld", jstr(o, "number"),
                                   (long long)jint(o, "total"), (long long)total);
                if (refund[0])
                        s->refunded[k] += refunded;
                s->returned[line] += qty;
                c->m.stock[s->sku[line]][0] += qty;
                ml->returns++;
                ml->refunds += refunded;
                ml->by_method[k] -= refund[0] ? refunded : 0;
                c->m.refunds_total += total;
                c->m.docs[D_RETURN]++;
                c->res->returns++;
        }
        json_decref(o);
}

static void op_return_no_receipt(struct ctx *c)
{
        int L = lane_of(c->op->actor);
        struct mlane *ml = &c->m.lane[L];
        struct given a;
        int sku = (int)(c->op->a % (unsigned)c->m.nskus);
        int64_t qty = 1 + c->op->b % 3, total = qty * c->m.price[sku];
        bool refund = c->op->c % 2;
        char body[384], want[96];
        json_t *o = NULL;
        int st;

        approve(c, &a);
        snprintf(body, sizeof(body), "{\"lines\":[{\"sku\":\"%s\",\"qty\":%lld}]%s%s}", c->m.sku[sku], (long long)qty,
                 refund ? ",\"refunds\":[{\"method\":\"cash\",\"amount\":100}]" : "", a.json);
        snprintf(want, sizeof(want), "%s", refused(&a) ? "403 APPROVAL_REFUSED" : !a.boss ? "403 APPROVAL_REQUIRED"
                                           : !ml->shift ? "409 NO_OPEN_SHIFT"
                                           : refund && expected_cash(ml) < 100 ? "422 INSUFFICIENT_CASH" : "201");
        st = call(c, "POST", "/returns", c->op->actor, body, true, &o);
        if (expect(c, st, o, want) && st == 201) {
                if (jint(o, "total") != total)
                        model_fail(c, "return", "return without receipt totals %lld, not %lld", (long long)jint(o, "total"),
                                   (long long)total);
                c->m.stock[sku][0] += qty * 1000;
                ml->returns++;
                ml->refunds += jint(o, "refunded");
                ml->by_method[CASH] -= jint(o, "refunded");
                c->m.refunds_total += total;
                c->m.docs[D_RETURN]++;
        }
        json_decref(o);
}

/* ---- stock: transfers, goods in, purchase orders, imports ----------------------------- */

static void op_transfer(struct ctx *c)
{
        int from = (int)(c->op->a % LOCS), sku = (int)(c->op->b % (unsigned)c->m.nskus);
        int64_t have = c->m.stock[sku][from], qty = 1000 * (1 + (int64_t)(c->op->c % 10));
        char body[256];
        json_t *o = NULL;
        int st;

        if (c->m.ntransfers >= MAX_DOCS)
                return;
        if (c->op->c % 5 == 0 && have > 0)
                qty = have; /* all of it */
        snprintf(body, sizeof(body), "{\"from\":\"%s\",\"to\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"qty\":%lld}]}", locs[from],
                 locs[1 - from], c->m.sku[sku], (long long)(qty / 1000));
        st = call(c, "POST", "/transfers", c->op->actor, body, true, &o);
        if (expect(c, st, o, !is_boss_role(c->op->actor) ? "403 FORBIDDEN" : qty > have ? "422 INSUFFICIENT_STOCK" : "201") &&
            st == 201) {
                struct mdoc *d = &c->m.transfers[c->m.ntransfers++];
                snprintf(d->number, sizeof(d->number), "%s", jstr(o, "number"));
                d->from = from;
                d->to = 1 - from;
                d->sku = sku;
                d->qty = qty;
                d->state = 0;
                c->m.stock[sku][from] -= qty;
                c->m.docs[D_TRANSFER]++;
        }
        json_decref(o);
}

static void op_transfer_receive(struct ctx *c)
{
        struct given a;
        struct mdoc *d;
        int64_t got;
        char path[96], body[256];
        const char *want;
        json_t *o = NULL;
        int st;

        if (!c->m.ntransfers) {
                c->res->skipped++;
                return;
        }
        approve(c, &a);
        d = &c->m.transfers[c->op->a % (unsigned)c->m.ntransfers];
        got = c->op->b % 3 ? d->qty : d->qty / 1000 * (c->op->c % 100) / 100 * 1000;
        snprintf(path, sizeof(path), "/transfers/%s/receive", d->number);
        snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"received\":%lld}],\"note\":\"model\"%s}",
                 (long long)(got / 1000), a.json);
        want = refused(&a) ? "403 APPROVAL_REFUSED" : d->state ? "409 TRANSFER_RECEIVED,403 APPROVAL_REQUIRED"
               : got < d->qty && !a.boss ? "403 APPROVAL_REQUIRED" : "201";
        if (d->state && a.boss && !refused(&a))
                want = "409 TRANSFER_RECEIVED";
        st = call(c, "POST", path, c->op->actor, body, true, &o);
        if (expect(c, st, o, want) && st == 201) {
                d->state = 1;
                c->m.stock[d->sku][d->to] += got;
                c->m.transit_lost += jint(o, "short_value");
                c->m.docs[D_TRANSFER_IN]++;
        }
        json_decref(o);
}

static void op_goods_in(struct ctx *c)
{
        struct given a;
        int sku = (int)(c->op->a % (unsigned)c->m.nskus), loc = (int)(c->op->c % LOCS);
        int64_t qty = 1 + c->op->b % 20;
        char body[384];
        json_t *o = NULL;
        int st;

        approve(c, &a);
        snprintf(body, sizeof(body),
                 "{\"supplier\":\"S1\",\"location\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"qty\":%lld,\"unit_cost\":%u}]%s}",
                 locs[loc], c->m.sku[sku], (long long)qty, 100 + c->op->c, a.json);
        st = call(c, "POST", "/goods-receipts", c->op->actor, body, true, &o);
        if (expect(c, st, o, refused(&a) ? "403 APPROVAL_REFUSED" : a.boss ? "201" : "403 APPROVAL_REQUIRED") &&
            st == 201) {
                c->m.stock[sku][loc] += qty * 1000;
                c->m.docs[D_RECEIPT]++;
        }
        json_decref(o);
}

/* A purchase order: made, approved by a manager, received in parts (more than ordered
 * needs a manager). */
static void op_po(struct ctx *c)
{
        struct mdoc *d = c->m.npos ? &c->m.pos[c->op->a % (unsigned)c->m.npos] : NULL;
        char path[96], body[384];
        json_t *o = NULL;
        int st;

        if (!d || c->op->b % 3 == 0 || d->state >= 3) {
                int sku = (int)(c->op->b % (unsigned)c->m.nskus);
                if (c->m.npos >= MAX_DOCS)
                        return;
                snprintf(body, sizeof(body), "{\"supplier\":\"S1\",\"lines\":[{\"sku\":\"%s\",\"qty\":%u,\"unit_cost\":500}]}",
                         c->m.sku[sku], 2 + c->op->c % 10);
                st = call(c, "POST", "/purchase-orders", c->op->actor, body, true, &o);
                if (expect(c, st, o, "201") && st == 201) {
                        d = &c->m.pos[c->m.npos++];
                        snprintf(d->number, sizeof(d->number), "%s", jstr(o, "number"));
                        d->sku = sku;
                        d->qty = 1000 * (2 + c->op->c % 10);
                        d->done = 0;
                        d->state = 0;
                        c->m.docs[D_PO]++;
                }
        } else if (d->state == 0) {
                snprintf(path, sizeof(path), "/purchase-orders/%s/approve", d->number);
                st = call(c, "POST", path, c->op->actor, "{}", true, &o);
                if (expect(c, st, o, is_boss_role(c->op->actor) ? "200" : "403 FORBIDDEN") && st == 200)
                        d->state = 1;
        } else {
                struct given a;
                int64_t left = d->qty - d->done, qty = c->op->c % 4 == 0 ? left + 1000 : 1000 * (1 + (int64_t)(c->op->c % (left / 1000)));
                int loc = (int)(c->op->c % LOCS);
                approve(c, &a);
                snprintf(path, sizeof(path), "/purchase-orders/%s/receive", d->number);
                snprintf(body, sizeof(body), "{\"lines\":[{\"line\":1,\"qty\":%lld}],\"location\":\"%s\"%s}",
                         (long long)(qty / 1000), locs[loc], a.json);
                st = call(c, "POST", path, c->op->actor, body, true, &o);
                if (expect(c, st, o, refused(&a) ? "403 APPROVAL_REFUSED" : qty > left && !a.boss ? "422 RECEIVE_EXCEEDS_ORDER" : "201") &&
                    st == 201) {
                        d->done += qty;
                        d->state = d->done >= d->qty ? 3 : 2;
                        c->m.stock[d->sku][loc] += qty;
                        c->m.docs[D_RECEIPT]++;
                }
        }
        json_decref(o);
}

/* New products with opening stock, by CSV; all or nothing. */
static void op_import(struct ctx *c)
{
        char csv[512], path[64], sku[16];
        int64_t stock = c->op->b % 30;
        json_t *o = NULL;
        int st;

        if (c->m.nskus >= MAX_SKUS) {
                c->res->skipped++;
                return;
        }
        snprintf(sku, sizeof(sku), "M%d", c->m.imports + 1);
        snprintf(csv, sizeof(csv),
                 "sku,name,barcode,price,cost,tax_rate,unit,category,stock\n%s,Model %d,,%u.%02u,1.00,13,pcs,Model,%lld\n%s",
                 sku, c->m.imports + 1, 1 + c->op->a % 20, c->op->c % 100, (long long)stock,
                 c->op->c % 5 == 0 ? "BAD,,,x,,,,,\n" : "");
        /* an import's progress is kept in memory: after a restart it is gone (404), and
         * the same file sent again (a new key) finishes what was not written */
        for (int attempt = 0; attempt < 3; attempt++) {
                json_t *e;
                st = call(c, "POST", "/imports/products", c->op->actor, csv, attempt == 0, &o);
                if (!expect(c, st, o, is_boss_role(c->op->actor) ? "202" : "403 FORBIDDEN") || st != 202) {
                        json_decref(o);
                        return;
                }
                snprintf(path, sizeof(path), "/imports/%lld", (long long)jint(o, "id"));
                for (int i = 0; i < 200; i++) {
                        json_decref(o);
                        o = NULL;
                        if (call(c, "GET", path, c->op->actor, NULL, false, &o) != 200 ||
                            strcmp(jstr(o, "state"), "running"))
                                break;
                        usleep(20000);
                }
                e = o ? json_object_get(json_object_get(o, "error"), "code") : NULL;
                if (!json_is_string(e) || strcmp(json_string_value(e), "UNKNOWN_IMPORT"))
                        break;
                json_decref(o);
                o = NULL;
        }
        if (o && !json_is_string(json_object_get(o, "state"))) {
                char *s = json_dumps(o, JSON_COMPACT);
                model_fail(c, "import", "import of %s: %s", sku, s ? s : "?");
                free(s);
                json_decref(o);
                return;
        }
        if (o && !strcmp(jstr(o, "state"), c->op->c % 5 == 0 ? "failed" : "done")) {
                if (c->op->c % 5) {
                        int k = c->m.nskus++;
                        snprintf(c->m.sku[k], sizeof(c->m.sku[k]), "%s", sku);
                        c->m.price[k] = 100 * (1 + c->op->a % 20) + c->op->c % 100;
                        c->m.stock[k][0] = stock * 1000;
                        c->m.imports++;
                        if (stock)
                                c->m.docs[D_ADJ]++;
                }
        } else {
                char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
                model_fail(c, "import", "import of %s: %s", sku, s ? s : "no answer");
                free(s);
        }
        json_decref(o);
}

/* ---- the customer's account: sales orders and payments -------------------------------- */

static void op_sales_order(struct ctx *c)
{
        struct given a;
        int sku = (int)(c->op->a % (unsigned)c->m.nskus);
        int64_t qty = 1 + c->op->b % 5, price = c->m.price[sku] - (c->op->c % 3 == 0 ? 1 + c->op->c % 50 : 0);
        char body[384];
        json_t *o = NULL;
        int st;

        if (price < 0 || c->m.nsos >= MAX_DOCS)
                return;
        approve(c, &a);
        snprintf(body, sizeof(body), "{\"customer\":%ld,\"lines\":[{\"sku\":\"%s\",\"qty\":%lld,\"unit_price\":%lld}]%s}",
                 c->m.customer, c->m.sku[sku], (long long)qty, (long long)price, a.json);
        st = call(c, "POST", "/sales-orders", c->op->actor, body, true, &o);
        if (expect(c, st, o, refused(&a) ? "403 APPROVAL_REFUSED" : price < c->m.price[sku] && !a.boss ? "403 APPROVAL_REQUIRED" : "201") &&
            st == 201) {
                struct mdoc *d = &c->m.sos[c->m.nsos++];
                snprintf(d->number, sizeof(d->number), "%s", jstr(o, "number"));
                d->sku = sku;
                d->qty = qty * 1000;
                d->total = jint(o, "total");
                d->state = 0;
                if (d->total != qty * price)
                        model_fail(c, "order", "sales order %s totals %lld, not %lld", d->number, (long long)d->total,
                                   (long long)(qty * price));
                c->m.docs[D_SO]++;
        }
        json_decref(o);
}

/* ordered -> picked -> shipped (the stock leaves) -> invoiced (a manager) */
static void op_so_step(struct ctx *c)
{
        struct mdoc *d;
        char path[96];
        const char *step[] = { "pick", "ship", "invoice" }, *want;
        json_t *o = NULL;
        int st;

        if (!c->m.nsos) {
                c->res->skipped++;
                return;
        }
        d = &c->m.sos[c->op->a % (unsigned)c->m.nsos];
        if (d->state >= 3)
                return;
        snprintf(path, sizeof(path), "/sales-orders/%s/%s", d->number, step[d->state]);
        want = d->state == 0 ? "200" : d->state == 1 ? (c->m.stock[d->sku][0] < d->qty ? "422 INSUFFICIENT_STOCK" : "201")
               : is_boss_role(c->op->actor) ? "201" : "403 FORBIDDEN";
        st = call(c, "POST", path, c->op->actor, "{}", true, &o);
        if (expect(c, st, o, want) && st / 100 == 2) {
                if (d->state == 1) {
                        c->m.stock[d->sku][0] -= d->qty;
                        c->m.docs[D_SHIPMENT]++;
                } else if (d->state == 2) {
                        c->m.invoiced += d->total;
                        c->m.docs[D_INVOICE]++;
                }
                d->state++;
        }
        json_decref(o);
}

static void op_customer_payment(struct ctx *c)
{
        struct given a;
        int64_t owed = c->m.invoiced - c->m.customer_paid, amount = c->op->b % 4 == 0 ? owed + 1 : 1 + c->op->b * 7 % (owed > 0 ? owed : 1);
        char path[64], body[256];
        const char *want;
        json_t *o = NULL;
        int st;

        approve(c, &a);
        snprintf(path, sizeof(path), "/customers/%ld/payments", c->m.customer);
        snprintf(body, sizeof(body), "{\"method\":\"bank\",\"amount\":%lld,\"reference\":\"model\"%s}", (long long)amount,
                 a.json);
        want = refused(&a) ? "403 APPROVAL_REFUSED"
               : amount > owed ? (a.boss ? "422 PAYMENT_EXCEEDS_BALANCE" : "422 PAYMENT_EXCEEDS_BALANCE,403 APPROVAL_REQUIRED")
               : a.boss ? "201" : "403 APPROVAL_REQUIRED";
        st = call(c, "POST", path, c->op->actor, body, true, &o);
        if (expect(c, st, o, want) && st == 201) {
                c->m.customer_paid += amount;
                c->m.docs[D_CPAY]++;
        }
        json_decref(o);
}

/* ---- who may do what ------------------------------------------------------------------ */

static void op_forbidden(struct ctx *c)
{
        static const struct {
                const char *method, *path, *body;
                int role; /* 1 manager, 2 admin */
        } routes[] = {
                { "GET", "/audit", NULL, 1 },
                { "GET", "/reports/finance?from=0&to=1", NULL, 1 },
                { "GET", "/users", NULL, 1 },
                { "POST", "/transfers", "{\"to\":\"BACK\",\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", 1 },
                { "POST", "/supplier-returns", "{\"supplier\":\"S1\",\"reason\":\"x\",\"lines\":[{\"sku\":\"A1\",\"qty\":1}]}", 1 },
                { "POST", "/stocktakes", "{}", 1 },
                { "POST", "/users", "{\"name\":\"eve\",\"role\":\"admin\",\"pin\":\"4444\"}", 2 },
                { "POST", "/products", "{\"sku\":\"EVIL\",\"name\":\"x\",\"price\":1}", 1 },
        };
        unsigned i = c->op->a % (sizeof(routes) / sizeof(routes[0]));
        int role = c->op->actor == ROOT ? 2 : c->op->actor == MARIA ? 1 : 0;
        json_t *o = NULL;
        int st;

        if (role >= routes[i].role && strcmp(routes[i].method, "GET")) {
                c->res->skipped++;
                return;
        }
        st = call(c, routes[i].method, routes[i].path, c->op->actor, routes[i].body, true, &o);
        expect(c, st, o, role < routes[i].role ? "403 FORBIDDEN" : "200");
        json_decref(o);
}

static void op_anonymous(struct ctx *c)
{
        static const char *const routes[][3] = {
                { "POST", "/tickets", "{}" },        { "POST", "/returns", "{}" }, { "POST", "/transfers", "{}" },
                { "POST", "/goods-receipts", "{}" }, { "GET", "/shifts/current", NULL }, { "GET", "/audit", NULL },
        };
        unsigned i = c->op->a % (sizeof(routes) / sizeof(routes[0]));
        json_t *o = NULL;
        int st = call(c, routes[i][0], routes[i][1], -1, routes[i][2], true, &o);

        expect(c, st, o, "401 NO_SESSION");
        json_decref(o);
}

static bool sign_in(struct ctx *c, enum actor a)
{
        char body[128];
        json_t *o = NULL;
        int st;

        snprintf(body, sizeof(body), "{\"user\":\"%s\",\"pin\":\"%s\",\"lane\":\"%s\"}", users[a], pins[a], lanes[lane_of(a)]);
        st = call(c, "POST", "/sessions", -1, body, false, &o);
        if (expect(c, st, o, "201"))
                snprintf(c->tok[a], sizeof(c->tok[a]), "%s", jstr(o, "token"));
        if (a == MARIA)
                c->wrong_run = 0;
        json_decref(o);
        return st == 201;
}

static void op_sign(struct ctx *c)
{
        json_t *o = NULL;
        int st;

        if (c->op->kind == OP_WRONG_SIGN_IN) {
                if (c->wrong_run >= 3) {
                        c->res->skipped++;
                        return;
                }
                char body[96];
                c->wrong_run++;
                /* a name of its own each time: five wrong for one name lock it from here */
                snprintf(body, sizeof(body), "{\"user\":\"ghost%d\",\"pin\":\"0000\"}", c->step);
                st = call(c, "POST", "/sessions", -1, body, false, &o);
                expect(c, st, o, "401 WRONG_PIN");
                json_decref(o);
                return;
        }
        st = call(c, "DELETE", "/sessions/current", c->op->actor, NULL, false, &o);
        json_decref(o);
        o = NULL;
        if (!expect(c, st, NULL, "204"))
                return;
        /* the token is dead at once */
        st = call(c, "GET", "/tickets/current", c->op->actor, NULL, false, &o);
        expect(c, st, o, "401");
        json_decref(o);
        sign_in(c, c->op->actor);
}

/* ---- the run -------------------------------------------------------------------------- */

static void step(struct ctx *c)
{
        switch (c->op->kind) {
        case OP_SHIFT_OPEN: case OP_SHIFT_CLOSE: case OP_CASH: op_shift(c); break;
        case OP_RETURN: op_return(c); break;
        case OP_RETURN_NO_RECEIPT: op_return_no_receipt(c); break;
        case OP_TRANSFER: op_transfer(c); break;
        case OP_TRANSFER_RECEIVE: op_transfer_receive(c); break;
        case OP_GOODS_IN: op_goods_in(c); break;
        case OP_PO: op_po(c); break;
        case OP_IMPORT: op_import(c); break;
        case OP_SALES_ORDER: op_sales_order(c); break;
        case OP_SO_STEP: op_so_step(c); break;
        case OP_CUSTOMER_PAYMENT: op_customer_payment(c); break;
        case OP_FORBIDDEN: op_forbidden(c); break;
        case OP_ANONYMOUS: op_anonymous(c); break;
        case OP_WRONG_SIGN_IN: case OP_SIGN_OUT: op_sign(c); break;
        default: op_ticket(c); break;
        }
}

/* The store every run starts from: the seed catalogue, two lanes, a supplier, a
 * customer with an account; everyone signed in at their lane. */
static bool setup(struct ctx *c)
{
        static const struct op none = { .kind = OP_SIGN_OUT };
        static const char *const seed_skus[] = { "A1", "B2", "C3" };
        json_t *o = NULL;
        char path[64];
        int st;

        c->op = &none;
        c->step = -1;
        posd_store(&c->p);
        twrite(&c->p.store, "posd.conf", "[checkout]\nlanes = 1, 2\nmax_discount_percent = 10\n");
        snprintf(c->fault_file, sizeof(c->fault_file), "%s/fault", c->p.store.dir);
        snprintf(c->fault_env, sizeof(c->fault_env), "POWERLOSS_FAULTS=%s", c->fault_file);
        for (int i = 0; i < 3; i++) {
                char sql[320];
                snprintf(c->m.sku[i], sizeof(c->m.sku[i]), "%s", seed_skus[i]);
                snprintf(sql, sizeof(sql), "SELECT price FROM products WHERE sku = '%s'", seed_skus[i]);
                c->m.price[i] = tsql_int(c->p.store.path, sql);
                for (int l = 0; l < LOCS; l++) {
                        snprintf(sql, sizeof(sql),
                                 "SELECT coalesce(sum(s.qty), 0) FROM stock_on_hand s JOIN products p ON p.id = s.product_id "
                                 "JOIN locations l ON l.id = s.location_id WHERE p.sku = '%s' AND l.code = '%s'",
                                 seed_skus[i], locs[l]);
                        c->m.stock[i][l] = tsql_int(c->p.store.path, sql);
                }
        }
        c->m.nskus = 3;
        c->m.docs[D_ADJ] = tsql_int(c->p.store.path, "SELECT count(*) FROM adjustments");
        start(c, false);
        for (int a = 0; a < ACTORS; a++)
                if (!sign_in(c, a))
                        return false;
        st = call(c, "POST", "/suppliers", MARIA, "{\"code\":\"S1\",\"name\":\"Model supplier\"}", false, &o);
        json_decref(o);
        if (!expect(c, st, NULL, "201"))
                return false;
        st = call(c, "POST", "/customers", ALICE, "{\"name\":\"Model Co\"}", false, &o);
        if (!expect(c, st, o, "201")) {
                json_decref(o);
                return false;
        }
        c->m.customer = (long)jint(o, "id");
        json_decref(o);
        snprintf(path, sizeof(path), "/customers/%ld", c->m.customer);
        st = call(c, "PATCH", path, MARIA, "{\"credit_limit\":1000000000,\"terms_days\":30}", false, NULL);
        return expect(c, st, NULL, "200");
}

void model_run(const struct op *ops, int n, const struct run_opts *o, struct run_result *res)
{
        struct ctx *c = calloc(1, sizeof(*c));
        struct timespec t0, t1;

        memset(res, 0, sizeof(*res));
        res->step = -1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        c->o = o;
        c->res = res;
        c->powerloss = getenv("POWERLOSS_SO");
        if (c->powerloss && !*c->powerloss)
                c->powerloss = NULL;
        c->m.lane[0].opening = c->m.lane[1].opening = 0;
        if (setup(c)) {
                for (c->step = 0; c->step < n && !res->failed; c->step++) {
                        c->op = &ops[c->step];
                        c->sub = 0;
                        step(c);
                        if (!res->failed)
                                check_store(c);
                        if (!res->failed && o->verify_every > 0 && (c->step + 1) % o->verify_every == 0)
                                check_deep(c);
                }
                if (!res->failed) {
                        c->step = n - 1;
                        check_deep(c);
                }
        }
        if (c->p.pid > 0 && !res->failed) {
                posd_stop(&c->p);
                c->step = n;
                check_store(c);
        }
        posd_cleanup(&c->p);
        free(c->m.sales);
        free(c);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}
