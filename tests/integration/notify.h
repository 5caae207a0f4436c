/* What posd tells systemd (sd_notify), heard as systemd would: a datagram socket the
 * test binds, and a thread that notes the watchdog's pings and the last STATUS=. */
#ifndef POSD_NOTIFY_H
#define POSD_NOTIFY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "cond.h" /* mono_ms */
#include "harness.h"

struct notify {
        int fd;
        pthread_t th;
        pthread_mutex_t lock;
        bool stop, ready;
        int64_t last_ping, max_gap; /* monotonic ms */
        unsigned pings;
        char status[256];
};

/* Bind path and listen. */
void notify_open(struct notify *n, const char *path);
void notify_close(struct notify *n);
/* The longest stretch without a ping since READY=1, counting the one still open (ms). */
int64_t ping_gap(struct notify *n);
/* The last STATUS= posd sent (static storage). */
const char *notify_status(struct notify *n);
/* Start posd (bin) on p's store with -c posd.conf of its folder as systemd would, under a
 * watchdog of usec: NOTIFY_SOCKET=sock, WATCHDOG_PID its own. */
void posd_start_watched(struct posd *p, const char *bin, const char *sock, const char *usec);

#endif
