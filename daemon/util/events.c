/* The event ring. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cond.h"
#include "events.h"

struct events {
        pthread_mutex_t lock;
        pthread_cond_t changed;
        unsigned cap;
        uint64_t next_id;
        unsigned filled; /* events kept, up to cap */
        bool closing;
        struct event *ring; /* event id n sits at ring[n % cap] */
};

int events_new(unsigned capacity, struct events **ret)
{
        struct events *ev = calloc(1, sizeof(*ev));
        struct timespec now;

        if (!ev || capacity == 0 || !(ev->ring = calloc(capacity, sizeof(*ev->ring)))) {
                free(ev);
                return capacity ? -ENOMEM : -EINVAL;
        }
        pthread_mutex_init(&ev->lock, NULL);
        cond_init_monotonic(&ev->changed); /* deadlines a wall-clock change cannot move */
        ev->cap = capacity;
        /* ids go on rising across restarts: a reconnecting client's Last-Event-ID is
         * always older than what a new posd sends */
        clock_gettime(CLOCK_REALTIME, &now);
        ev->next_id = (uint64_t)now.tv_sec * 1000000u + (uint64_t)now.tv_nsec / 1000u;
        *ret = ev;
        return 0;
}

struct events *events_free(struct events *ev)
{
        if (!ev)
                return NULL;
        for (unsigned i = 0; i < ev->cap; i++)
                free(ev->ring[i].data);
        free(ev->ring);
        pthread_cond_destroy(&ev->changed);
        pthread_mutex_destroy(&ev->lock);
        free(ev);
        return NULL;
}

int events_publish(struct events *ev, const char *type, const char *lane, enum event_store store, const char *data)
{
        struct event *slot;
        char *copy;

        if (strlen(data) > EVENT_DATA_MAX)
                return -E2BIG;
        if (!(copy = strdup(data)))
                return -ENOMEM;
        pthread_mutex_lock(&ev->lock);
        slot = &ev->ring[ev->next_id % ev->cap];
        free(slot->data);
        slot->id = ev->next_id++;
        snprintf(slot->type, sizeof(slot->type), "%s", type);
        snprintf(slot->lane, sizeof(slot->lane), "%s", lane ? lane : "");
        slot->store = store;
        slot->data = copy;
        if (ev->filled < ev->cap)
                ev->filled++;
        pthread_cond_broadcast(&ev->changed);
        pthread_mutex_unlock(&ev->lock);
        return 0;
}

uint64_t events_last_id(struct events *ev)
{
        uint64_t id;

        pthread_mutex_lock(&ev->lock);
        id = ev->next_id - 1;
        pthread_mutex_unlock(&ev->lock);
        return id;
}

/* The first event after `after` for the lane, of its store, still in the ring, or NULL. */
static struct event *find(struct events *ev, uint64_t after, const char *lane, bool training)
{
        uint64_t oldest = ev->next_id - ev->filled;

        for (uint64_t id = after + 1 > oldest ? after + 1 : oldest; id < ev->next_id; id++) {
                struct event *e = &ev->ring[id % ev->cap];
                if ((!e->lane[0] || !lane || !strcmp(e->lane, lane)) &&
                    (e->store == EVENT_BOTH || (e->store == EVENT_TRAINING) == training))
                        return e;
        }
        return NULL;
}

int events_wait(struct events *ev, uint64_t after, const char *lane, bool training, int timeout_ms,
                struct event *ret)
{
        struct timespec until;
        struct event *e;
        int r = 0;

        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&ev->lock);
        while (!ev->closing && !(e = find(ev, after, lane, training)))
                if (pthread_cond_timedwait(&ev->changed, &ev->lock, &until) == ETIMEDOUT)
                        break;
        if (ev->closing)
                r = -ESHUTDOWN;
        else if ((e = find(ev, after, lane, training))) {
                *ret = *e;
                ret->data = strdup(e->data);
                r = ret->data ? 1 : -ENOMEM;
        }
        pthread_mutex_unlock(&ev->lock);
        return r;
}

void events_close(struct events *ev)
{
        pthread_mutex_lock(&ev->lock);
        ev->closing = true;
        pthread_cond_broadcast(&ev->changed);
        pthread_mutex_unlock(&ev->lock);
}
