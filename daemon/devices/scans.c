/* Scans: a code from a lane's scanner goes onto the lane's open ticket, the same as a
 * POST /tickets/{id}/lines with that barcode, and the lane hears of it. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/barcode.h"
#include "catalog/gs1.h"
#include "devices_int.h"
#include "events.h"
#include "json_out.h"
#include "log.h"
#include "pool.h"
#include "people/auth.h"

static void tell(struct devices *d, const char *lane, enum event_store store, const char *type, json_t *data)
{
        char *text = data ? json_dumps(data, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;

        if (text)
                (void)events_publish(d->ev, type, lane, store, text);
        free(text);
        json_decref(data);
}

/* The lane's open ticket; one is opened for the shift's cashier when there is none. */
static int lane_ticket(struct ledger *l, const char *lane, struct actor *a, char user[static NAME_MAX_LEN + 1],
                       struct ticket **ret)
{
        char id[TICKET_ID_LEN + 1];
        struct shift_report sh;
        int64_t shift;
        int r;

        if ((r = shift_current_id(l, lane, &shift)) < 0 || (r = shift_report(l, shift, &sh)) < 0)
                return r;
        snprintf(user, NAME_MAX_LEN + 1, "%s", sh.opened_by);
        *a = (struct actor){ user, lane, NULL, false };
        if (ticket_current(l, lane, id) == 0)
                return ticket_get(l, a, id, ret);
        return ticket_open(l, a, ret);
}

/* A handle on the store the lane works on now (whoever signed in there last: in training,
 * the training store), from *ret_pool; NULL when none comes free, or the store cannot say. */
static struct ledger *lane_ledger(struct devices *d, const char *lane, struct pool **ret_pool)
{
        struct ledger_error e;
        struct ledger *l = pool_get(d->pool, 5000);
        struct pool *tp;
        bool training = false;

        *ret_pool = d->pool;
        if (!l || !d->training)
                return l;
        if (session_lane_training(l, lane, &training) < 0) { /* not knowing, it goes nowhere */
                log_warn("lane %s: %s", lane, ledger_errmsg(l));
                pool_put(d->pool, l);
                return NULL;
        }
        if (!training)
                return l;
        if (training_pool(d->training, l, &tp, &e) < 0) {
                log_warn("lane %s is in training, but the training store cannot be opened: %s", lane, e.msg);
                pool_put(d->pool, l);
                return NULL;
        }
        pool_put(d->pool, l);
        *ret_pool = tp;
        return pool_get(tp, 5000);
}

/* "S00000012": a sale's number, as the QR code on its receipt holds it. Only a code the
 * catalogue does not know is taken for one. */
static bool is_sale_number(const char *code)
{
        size_t n = strlen(code);

        return n >= 9 && n <= DOC_NUMBER_MAX && code[0] == 'S' && strspn(code + 1, "0123456789") == n - 1;
}

void scan_arrived(struct devices *d, const char *lane, const char *code)
{
        char key[BARCODE_MAX + 1], user[NAME_MAX_LEN + 1];
        struct ticket *t = NULL, *after = NULL;
        struct scan_result found;
        struct ledger *l;
        struct pool *pool;
        enum event_store store;
        struct actor a;
        struct gs1_elements g;
        const char *why;
        int r = barcode_normalize(code, NULL, key), label;

        /* a GS1 label, read as a label (its dates' century does not matter here) */
        if (r < 0 && (label = gs1_parse(code, 2000, &g, &why)) != -ENOENT)
                r = label;
        if (r < 0) { /* a misread never reaches a ticket */
                tell(d, lane, EVENT_BOTH, "scan", json_pack("{s:s,s:b,s:s}", "code", "?", "ok", 0, "error",
                                                r == -EBADMSG ? "BAD_CHECK_DIGIT" : "BAD_BARCODE"));
                return;
        }
        if (!(l = lane_ledger(d, lane, &pool))) {
                log_warn("scan %s on lane %s dropped: the store is busy", code, lane);
                return;
        }
        store = pool == d->pool ? EVENT_STORE : EVENT_TRAINING;
        /* a code the catalogue does not know opens no ticket; a scan is an open ticket's
         * edit, a draft */
        if ((r = ledger_set_draft(l)) == 0 && (r = catalog_lookup_barcode(l, code, &found)) == 0 && (r = lane_ticket(l, lane, &a, user, &t)) == 0 &&
            (r = ticket_add(l, &a, t->id, code, NULL, 0, &after)) == 0) {
                /* the line it made or added to, for a screen to show as chosen */
                tell(d, lane, store, "scan", json_pack("{s:s,s:b,s:s,s:i}", "code", code, "ok", 1, "ticket", after->id, "line",
                                                after->nlines ? after->lines[after->nlines - 1].line : 0));
                tell(d, lane, store, "ticket", ticket_json(after));
        } else if (!strcmp(ledger_errcode(l), "UNKNOWN_BARCODE") && is_sale_number(code)) {
                /* a receipt held up to the scanner, for a return */
                tell(d, lane, store, "scan", json_pack("{s:s,s:b,s:s,s:s}", "code", code, "ok", 0, "error", "RECEIPT",
                                                "message", "a receipt, not an item: returns find its sale"));
        } else {
                tell(d, lane, store, "scan", json_pack("{s:s,s:b,s:s,s:s}", "code", code, "ok", 0, "error", ledger_errcode(l),
                                                "message", ledger_errmsg(l)));
        }
        ticket_free(t);
        ticket_free(after);
        pool_put(pool, l);
}

/* A scanner found or lost (unplugged, plugged back) is logged and sent to its lane. */
static void scanner_seen(struct devices *d, struct scanner_dev *s, bool online)
{
        bool changed;

        pthread_mutex_lock(&d->lock);
        changed = s->online != online;
        s->online = online;
        pthread_mutex_unlock(&d->lock);
        if (!changed)
                return;
        if (online)
                log_info("scanner %s: online", s->cfg.name);
        else
                log_warn("scanner %s: offline, %s is not there", s->cfg.name, s->cfg.uri);
        tell(d, s->cfg.lane, EVENT_BOTH, "device", json_pack("{s:s,s:s,s:s}", "kind", "scanner", "name", s->cfg.name, "state",
                                                 online ? "online" : "offline"));
}

/* One thread reads every scanner; a scanner that is away is looked for at each turn. */
void *scanners_main(void *arg)
{
        struct devices *d = arg;
        struct pollfd pf[CONFIG_DEVICES_MAX];
        char code[SCAN_MAX + 1];

        for (;;) {
                bool stop;
                pthread_mutex_lock(&d->lock);
                stop = d->stopping;
                pthread_mutex_unlock(&d->lock);
                if (stop)
                        break;
                for (int i = 0; i < d->nscanners; i++) {
                        pf[i] = (struct pollfd){ d->scanners[i].ops->fd(d->scanners[i].h), POLLIN, 0 };
                        scanner_seen(d, &d->scanners[i], pf[i].fd >= 0);
                }
                if (poll(pf, (nfds_t)d->nscanners, 500) <= 0)
                        continue;
                for (int i = 0; i < d->nscanners; i++) {
                        struct scanner_dev *s = &d->scanners[i];
                        int r;
                        if (!pf[i].revents) /* a hang-up or error too: the driver finds out */
                                continue;
                        while ((r = s->ops->read(s->h, code)) != 0) {
                                if (r == 1)
                                        scan_arrived(d, s->cfg.lane, code);
                                else if (r == -EMSGSIZE)
                                        log_warn("scanner %s: a code longer than %d characters was dropped", s->cfg.name,
                                                 SCAN_MAX);
                                else
                                        break;
                        }
                }
        }
        return NULL;
}
