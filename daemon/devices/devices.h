/* The counter's hardware, wired to the ledger: a worker per receipt printer takes jobs
 * from the durable print queue, renders them and sends them, retrying while the printer
 * is away or out of paper. Device states go out on the events stream. */
#ifndef POSD_DEVICES_H
#define POSD_DEVICES_H

#include <jansson.h>
#include <stdbool.h>

#include "config.h"

struct devices;
struct pool;
struct events;
struct training;

/* training (may be NULL): its print jobs are printed too, marked as training. */
int devices_start(const struct posd_config *cfg, struct pool *pool, struct training *training, struct events *ev,
                  struct devices **ret);
/* Stop the workers (a job being sent is finished first) and free. */
struct devices *devices_stop(struct devices *d);

/* The receipt printer of a lane (its name), and whether a drawer hangs on it; NULL when
 * the lane has none. */
const char *devices_lane_printer(struct devices *d, const char *lane, bool *ret_drawer);
/* The lane's cash drawer on a line of its own (its name), or NULL. */
const char *devices_lane_drawer(struct devices *d, const char *lane);
/* Whether name is a receipt printer of posd.conf. */
bool devices_is_printer(struct devices *d, const char *name);
/* A job was queued for this printer: send it now rather than at the next poll. */
void devices_wake(struct devices *d, const char *printer);
/* How much of a device is told: to anyone (its kind, name, lane and state: what a load
 * balancer or a lane's screen needs), to a signed-in till (also what it is doing: the
 * job it holds, receipts waiting, its drawer), or to a manager (also where it is: the
 * device's path or address). */
enum devices_view { DEVICES_PUBLIC, DEVICES_TILL, DEVICES_MANAGER };

/* Every device and its state, for /health and /devices. */
json_t *devices_json(struct devices *d, enum devices_view v);

#endif
