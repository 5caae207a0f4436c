/* Events for the front end (Server-Sent Events): scan, ticket, device, alert. A bounded
 * ring: a listener that falls too far behind skips to the oldest event still kept. */
#ifndef POSD_EVENTS_H
#define POSD_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVENT_TYPE_MAX 15
#define EVENT_LANE_MAX 32
#define EVENT_DATA_MAX (64 * 1024)

struct events;

/* Whose an event is: the store's, the training store's (a lane in training hears only
 * its own, and the store's tills none of it), or both (a device's state). */
enum event_store { EVENT_BOTH, EVENT_STORE, EVENT_TRAINING };

struct event {
        uint64_t id;
        char type[EVENT_TYPE_MAX + 1];
        char lane[EVENT_LANE_MAX + 1]; /* "" for every lane */
        enum event_store store;
        char *data;                    /* JSON text, malloc'd: the receiver frees it */
};

int events_new(unsigned capacity, struct events **ret);
struct events *events_free(struct events *ev);

/* lane NULL: for every lane. Data longer than EVENT_DATA_MAX is not sent (-E2BIG). */
int events_publish(struct events *ev, const char *type, const char *lane, enum event_store store, const char *data);

/* The next event after `after` for this lane, of the store or of training: 1 and *ret, 0
 * when timeout_ms passed without one, -ESHUTDOWN once the hub is closing. */
int events_wait(struct events *ev, uint64_t after, const char *lane, bool training, int timeout_ms,
                struct event *ret);

/* The id of the newest event, so a new listener starts from now. */
uint64_t events_last_id(struct events *ev);

/* Wake every listener for a shutdown; later waits return -ESHUTDOWN. */
void events_close(struct events *ev);

#endif
