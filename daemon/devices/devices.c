/* Printer workers. One thread per printer: the ledger is read and written through the
 * pool, never held across device I/O. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cond.h"
#include "devices_int.h"
#include "escpos.h"
#include "events.h"
#include "log.h"
#include "pool.h"
#include "ledger/print_queue.h"
#include "ledger/text.h"
#include "printer.h"
#include "receipt_build.h"

#define POLL_MS 2000      /* status and queue are looked at this often when idle */
#define BACKOFF_MAX_MS 30000
#define KICK_STALE_MS 60000 /* a kick not done by then is not done at all */

static int64_t wall_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The drawer as the printer last told it: open, closed, or not known. */
static json_t *drawer_json(const char *drawer)
{
        return *drawer ? json_string(drawer) : json_null();
}

/* A new state is logged and sent to the lane; true when it changed. */
static bool set_state(struct printer_dev *p, const char *state, const char *detail, int pending, const char *drawer)
{
        struct devices *d = p->owner;
        bool changed;
        char data[512];

        pthread_mutex_lock(&d->lock);
        changed = strcmp(p->state, state) || p->pending != pending || strcmp(p->drawer, drawer);
        snprintf(p->state, sizeof(p->state), "%s", state);
        utf8_cut(p->detail, sizeof(p->detail), detail ? detail : "");
        snprintf(p->drawer, sizeof(p->drawer), "%s", drawer);
        p->pending = pending;
        pthread_mutex_unlock(&d->lock);
        if (!changed)
                return false;
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:i,s:o}", "kind", p->cfg.kind, "name", p->cfg.name, "state", state,
                              "detail", detail ? detail : "", "pending", pending, "drawer", drawer_json(drawer));
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (text && strlen(text) < sizeof(data))
                (void)events_publish(d->ev, "device", p->cfg.lane, EVENT_BOTH, text);
        free(text);
        json_decref(o);
        if (strcmp(state, "online"))
                log_warn("%s %s: %s%s%s", p->cfg.kind, p->cfg.name, state, detail && *detail ? ": " : "", detail ? detail : "");
        return true;
}

/* Why the printer cannot take a job now, or NULL; *known: it said so itself. */
static const char *refusal(struct printer_dev *p, struct printer_status *st, bool *known)
{
        int r = p->ops->status(p->h, st);

        *known = r != -ENOTSUP;
        if (r == -ENOTSUP)
                return NULL; /* it cannot say: send and see */
        if (r < 0 || !st->online)
                return "offline";
        if (st->paper_out)
                return "paper out";
        if (st->cover_open)
                return "cover open";
        return NULL;
}

/* Render a job to bytes: 0, or an error that will not pass by waiting. */
static int render(struct printer_dev *p, struct ledger *l, const struct print_job *job, bool training,
                  struct bytes *out)
{
        struct receipt_texts t = { p->owner->cfg->receipt_header, p->owner->cfg->receipt_footer, p->drawer_pin,
                                   training };
        /* no charset given: the code page's own */
        struct escpos_opts o = { p->cfg.columns, p->cfg.code_page, p->cfg.charset[0] ? p->cfg.charset : NULL,
                                 p->cfg.chinese, p->drawer_pulse_ms };
        struct receipt r;
        int rc;

        receipt_init(&r);
        rc = receipt_for_job(l, job, &t, &r);
        if (rc == 0)
                rc = escpos_render(&r, &o, out);
        receipt_release(&r);
        return rc;
}

/* A kick still waiting a minute after its sale is dropped: a drawer springing open long
 * after the customer left is worse than one that did not open. */
static bool stale_kick(struct printer_dev *p, struct ledger *l, const struct print_job *job)
{
        if (strcmp(job->doc_type, "drawer") || job->created_at >= wall_ms() - KICK_STALE_MS)
                return false;
        log_warn("%s %s: the kick for %s was dropped: the drawer was away too long", p->cfg.kind, p->cfg.name,
                 job->number);
        (void)print_give_up(l, job->id, "dropped: the drawer was away for over a minute");
        return true;
}

/* The job the device took, recorded as done: 0, or an error while the store is too busy
 * to take it (the job stays in memory, and is not sent again). */
static int record_done(struct printer_dev *p)
{
        struct ledger *l = pool_get(p->unrecorded_pool, 1000);
        int r = l ? print_done(l, p->unrecorded) : -EBUSY;

        pool_put(p->unrecorded_pool, l);
        if (r == 0)
                p->unrecorded = 0;
        else
                log_warn("%s %s: %s went out, but the store cannot record it yet: it will not be sent again",
                         p->cfg.kind, p->cfg.name, p->unrecorded_number);
        return r;
}

/* The device took the job: it is done, whatever the store says now. */
static int took(struct printer_dev *p, struct pool *pool, const struct print_job *job)
{
        p->unrecorded = job->id;
        p->unrecorded_pool = pool;
        snprintf(p->unrecorded_number, sizeof(p->unrecorded_number), "%s", job->number);
        return record_done(p);
}

/* A drawer on its own line: the next kick, if one is due. Never asked for its state:
 * many drawer interfaces open on any byte they receive. */
static int one_kick(struct printer_dev *p, struct pool *pool, bool training)
{
        struct ledger *l;
        struct print_job job;
        int r, pending;

        if (p->unrecorded && record_done(p) < 0)
                return 0;
        if (!(l = pool_get(pool, 1000)))
                return 0;
        r = print_next(l, p->cfg.name, &job);
        if (r == 1 && (stale_kick(p, l, &job) || job.next_at > wall_ms()))
                r = 0;
        if (training && r != 1) { /* the store's own queue tells the drawer's state */
                pool_put(pool, l);
                return 0;
        }
        if (r == 1) /* a drawer opens only for a sale that is saved */
                pool_sync(pool, l);
        if (r == 1 && p->dops->kick(p->dh, p->drawer_pin, p->drawer_pulse_ms) < 0) {
                (void)print_retry(l, job.id, wall_ms() + 1000, "offline");
                r = -1;
        }
        pool_put(pool, l);
        if (r == 1 && took(p, pool, &job) < 0)
                return 0;
        if (!(l = pool_get(pool, 1000)))
                return r == 1;
        pending = print_pending_count(l, p->cfg.name);
        pool_put(pool, l);
        if (r != 0)
                (void)set_state(p, r < 0 ? "offline" : "online", NULL, pending > 0 ? pending : 0, "");
        return r == 1;
}

/* One job, if one is due: 1 when a job was handled, 0 when none was due. */
static int one_job(struct printer_dev *p, struct pool *pool, bool training)
{
        struct printer_status st;
        struct print_job job;
        struct bytes b;
        struct ledger *l;
        const char *why, *drawer, *ready;
        bool known, back;
        int r, pending;

        /* a job the printer took comes first: until its done is in, nothing is sent, and
         * it is never sent again */
        if (p->unrecorded && record_done(p) < 0)
                return 0;
        if (!(l = pool_get(pool, 1000)))
                return 0;
        r = print_next(l, p->cfg.name, &job);
        if (r == 1 && stale_kick(p, l, &job))
                r = 0;
        if (r == 1 && training && !strcmp(job.doc_type, "drawer")) {
                (void)print_give_up(l, job.id, "training opens no drawer");
                r = 0;
        }
        if (training && r != 1) { /* the store's own queue tells the printer's state */
                pool_put(pool, l);
                return 0;
        }
        if (r == 1) /* a receipt only for a sale that is saved: else a retry prints it again */
                pool_sync(pool, l);
        pending = print_pending_count(l, p->cfg.name);
        bytes_init(&b, ESCPOS_MAX);
        if (r == 1 && render(p, l, &job, training, &b) < 0) {
                log_err("printer %s: receipt %s cannot be made: %s", p->cfg.name, job.number, ledger_errmsg(l));
                (void)print_retry(l, job.id, wall_ms() + 3600 * 1000, "the receipt cannot be made");
                r = 0;
        }
        pool_put(pool, l);
        why = refusal(p, &st, &known);
        /* DLE EOT 1 reads the drawer-kick connector: only meaningful with a drawer on it */
        drawer = known && st.online && p->drawer_pin ? (st.drawer_open ? "open" : "closed") : "";
        /* still printing, but the roll wants changing soon */
        ready = known && st.paper_near_end ? "paper near end" : "online";
        pthread_mutex_lock(&p->owner->lock);
        back = !strcmp(p->state, "offline") && !why; /* it was away and can be reached again */
        pthread_mutex_unlock(&p->owner->lock);
        /* a job waiting out its back-off goes as soon as the printer says it is ready, or
         * is back: one that cannot answer status is not left waiting for half a minute */
        if (r != 1 || why || (!known && !back && job.next_at > wall_ms())) {
                bool changed = set_state(p, why ? why : ready, why && r == 1 ? job.number : NULL,
                                         pending > 0 ? pending : 0, drawer);
                bytes_release(&b);
                if (r == 1 && why && changed) { /* the job keeps why it waits */
                        struct ledger *l2 = pool_get(pool, 1000);
                        if (l2)
                                (void)print_retry(l2, job.id, wall_ms() + BACKOFF_MAX_MS, why);
                        pool_put(pool, l2);
                }
                return 0;
        }
        if (!why && (r = p->ops->write(p->h, b.data, b.len)) < 0)
                why = "offline";
        bytes_release(&b);
        if (!why && took(p, pool, &job) < 0)
                return 0;
        if (!(l = pool_get(pool, 5000)))
                return why ? 0 : 1; /* a retry's back-off is set next time round */
        if (why) {
                int64_t wait = 1000LL << (job.attempts < 5 ? job.attempts : 5);
                (void)print_retry(l, job.id, wall_ms() + (wait < BACKOFF_MAX_MS ? wait : BACKOFF_MAX_MS), why);
        }
        pending = print_pending_count(l, p->cfg.name);
        pool_put(pool, l);
        (void)set_state(p, why ? why : ready, why ? job.number : NULL, pending > 0 ? pending : 0, drawer);
        return why ? 0 : 1;
}

/* A job or a kick from pool's queue (none: no pool): 1 when one was handled. */
static int one(struct printer_dev *p, struct pool *pool, bool training)
{
        /* training opens no drawer: its cash is not the store's */
        if (!pool || (training && p->dops))
                return 0;
        return p->dops ? one_kick(p, pool, training) : one_job(p, pool, training);
}

static void *printer_main(void *arg)
{
        struct printer_dev *p = arg;
        struct devices *d = p->owner;

        for (;;) {
                struct timespec until;
                pthread_mutex_lock(&d->lock);
                bool stop = d->stopping;
                pthread_mutex_unlock(&d->lock);
                if (stop)
                        break;
                if (one(p, d->pool, false) == 1 || one(p, training_open_pool(d->training), true) == 1)
                        continue; /* more may be waiting */
                clock_gettime(CLOCK_MONOTONIC, &until);
                until.tv_sec += POLL_MS / 1000;
                pthread_mutex_lock(&d->lock);
                while (!p->woken && !d->stopping)
                        if (pthread_cond_timedwait(&d->wake, &d->lock, &until) == ETIMEDOUT)
                                break;
                p->woken = false;
                pthread_mutex_unlock(&d->lock);
        }
        if (p->unrecorded) /* a last try: else the next start sends it again */
                (void)record_done(p);
        return NULL;
}

static int add_scanner(struct devices *d, const struct device_config *c)
{
        struct scanner_dev *s = &d->scanners[d->nscanners];
        const char *arg;
        int r;

        memset(s, 0, sizeof(*s));
        s->cfg = *c;
        if (!(s->ops = scanner_driver(c->uri, &arg))) {
                log_err("scanner %s: no driver for '%s'", c->name, c->uri);
                return -EINVAL;
        }
        if ((r = s->ops->open(arg, &s->h)) < 0) {
                log_err("scanner %s: cannot open %s: %s", c->name, c->uri, strerror(-r));
                return r;
        }
        d->nscanners++;
        return 0;
}

static int add_printer(struct devices *d, const struct device_config *c)
{
        struct printer_dev *p = &d->printers[d->nprinters];
        const char *arg;
        int r;

        memset(p, 0, sizeof(*p));
        p->owner = d;
        p->cfg = *c;
        /* a drawer on its own line is never asked: its state is known at its first kick */
        snprintf(p->state, sizeof(p->state), "%s", strcmp(c->kind, "drawer") ? "starting" : "unknown");
        if (!strcmp(c->kind, "drawer")) { /* a drawer on a line of its own: a queue of kicks */
                p->dops = drawer_driver(c->uri, &arg);
                r = p->dops ? p->dops->open(arg, &p->dh) : -EINVAL;
                p->drawer_pin = c->pin;
                p->drawer_pulse_ms = c->pulse_ms;
        } else {
                p->ops = printer_driver(c->uri, &arg);
                r = p->ops ? p->ops->open(arg, &p->h) : -EINVAL;
        }
        if (r < 0) {
                log_err("%s %s: cannot open '%s': %s", c->kind, c->name, c->uri,
                        r == -EINVAL ? "no driver takes that device" : strerror(-r));
                return r;
        }
        for (int i = 0; i < d->cfg->ndevices && !strcmp(c->kind, "printer"); i++) {
                const struct device_config *dr = &d->cfg->devices[i];
                if (!strcmp(dr->kind, "drawer") && !strcmp(dr->uri, "printer") && !strcmp(dr->lane, c->lane)) {
                        p->drawer_pin = dr->pin;
                        p->drawer_pulse_ms = dr->pulse_ms;
                }
        }
        d->nprinters++;
        return 0;
}

int devices_start(const struct posd_config *cfg, struct pool *pool, struct training *training, struct events *ev,
                  struct devices **ret)
{
        struct devices *d = calloc(1, sizeof(*d));
        int r = 0;

        if (!d)
                return -ENOMEM;
        d->pool = pool;
        d->training = training;
        d->ev = ev;
        d->cfg = cfg;
        pthread_mutex_init(&d->lock, NULL);
        cond_init_monotonic(&d->wake); /* deadlines a wall-clock change cannot move */
        for (int i = 0; i < cfg->ndevices && r == 0; i++)
                if (!strcmp(cfg->devices[i].kind, "printer") ||
                    (!strcmp(cfg->devices[i].kind, "drawer") && strcmp(cfg->devices[i].uri, "printer")))
                        r = add_printer(d, &cfg->devices[i]);
                else if (!strcmp(cfg->devices[i].kind, "scanner"))
                        r = add_scanner(d, &cfg->devices[i]);
        if (r == 0 && d->nscanners) {
                if (pthread_create(&d->scan_th, NULL, scanners_main, d) == 0)
                        d->scanning = true;
                else
                        r = -EAGAIN;
        }
        for (int i = 0; i < d->nprinters && r == 0; i++)
                if (pthread_create(&d->printers[i].th, NULL, printer_main, &d->printers[i]) == 0)
                        d->printers[i].running = true;
                else
                        r = -EAGAIN;
        if (r < 0) {
                devices_stop(d);
                return r;
        }
        *ret = d;
        return 0;
}

struct devices *devices_stop(struct devices *d)
{
        if (!d)
                return NULL;
        pthread_mutex_lock(&d->lock);
        d->stopping = true;
        pthread_cond_broadcast(&d->wake);
        pthread_mutex_unlock(&d->lock);
        for (int i = 0; i < d->nprinters; i++) {
                if (d->printers[i].running)
                        pthread_join(d->printers[i].th, NULL);
                if (d->printers[i].dops)
                        d->printers[i].dops->close(d->printers[i].dh);
                else
                        d->printers[i].ops->close(d->printers[i].h);
        }
        if (d->scanning)
                pthread_join(d->scan_th, NULL);
        for (int i = 0; i < d->nscanners; i++)
                d->scanners[i].ops->close(d->scanners[i].h);
        pthread_cond_destroy(&d->wake);
        pthread_mutex_destroy(&d->lock);
        free(d);
        return NULL;
}

static const char *lane_device(struct devices *d, const char *kind, const char *lane)
{
        for (int i = 0; d && i < d->nprinters; i++)
                if (!strcmp(d->printers[i].cfg.kind, kind) && !strcmp(d->printers[i].cfg.lane, lane))
                        return d->printers[i].cfg.name;
        return NULL;
}

const char *devices_lane_drawer(struct devices *d, const char *lane)
{
        return lane_device(d, "drawer", lane);
}

const char *devices_lane_printer(struct devices *d, const char *lane, bool *ret_drawer)
{
        for (int i = 0; d && i < d->nprinters; i++)
                if (!strcmp(d->printers[i].cfg.kind, "printer") && !strcmp(d->printers[i].cfg.lane, lane)) {
                        if (ret_drawer)
                                *ret_drawer = d->printers[i].drawer_pin != 0;
                        return d->printers[i].cfg.name;
                }
        return NULL;
}

bool devices_is_printer(struct devices *d, const char *name)
{
        for (int i = 0; d && i < d->nprinters; i++)
                if (!strcmp(d->printers[i].cfg.kind, "printer") && !strcmp(d->printers[i].cfg.name, name))
                        return true;
        return false;
}

void devices_wake(struct devices *d, const char *printer)
{
        if (!d)
                return;
        pthread_mutex_lock(&d->lock);
        for (int i = 0; i < d->nprinters; i++)
                if (!printer || !strcmp(d->printers[i].cfg.name, printer))
                        d->printers[i].woken = true;
        pthread_cond_broadcast(&d->wake);
        pthread_mutex_unlock(&d->lock);
}

static json_t *device_json(const char *kind, const struct device_config *c, const char *state, enum devices_view v)
{
        json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "kind", kind, "name", c->name, "lane", c->lane, "state", state);

        if (o && v == DEVICES_MANAGER)
                json_object_set_new(o, "device", json_string(c->uri));
        return o;
}

json_t *devices_json(struct devices *d, enum devices_view v)
{
        json_t *a = json_array(), *o;

        if (!d)
                return a;
        pthread_mutex_lock(&d->lock);
        for (int i = 0; i < d->nprinters; i++) {
                const struct printer_dev *p = &d->printers[i];
                o = device_json(p->cfg.kind, &p->cfg, p->state, v);
                if (o && v != DEVICES_PUBLIC) {
                        json_object_set_new(o, "detail", json_string(p->detail));
                        json_object_set_new(o, "pending", json_integer(p->pending));
                        json_object_set_new(o, "drawer", drawer_json(p->drawer));
                }
                json_array_append_new(a, o);
        }
        for (int i = 0; i < d->nscanners; i++)
                json_array_append_new(a, device_json("scanner", &d->scanners[i].cfg,
                                                     d->scanners[i].online ? "online" : "offline", v));
        pthread_mutex_unlock(&d->lock);
        return a;
}
