/* A TCP proxy inside the test, between a store and HQ's PostgreSQL on 127.0.0.1: it
 * passes bytes both ways, or cuts the network, or delays it, or lets a request through
 * and loses its answer (the server did the work, the client never heard: it sends again). */
#ifndef POSD_TEST_PROXY_H
#define POSD_TEST_PROXY_H

#include <pthread.h>
#include <stdatomic.h>

enum proxy_mode {
        PROXY_PASS,
        PROXY_CUT,          /* every connection closed, new ones closed at once */
        PROXY_DELAY,        /* each chunk held back PROXY_DELAY_MS */
        PROXY_LOSE_ANSWERS, /* a request of some size goes through; then the connection ends, unanswered */
};
#define PROXY_DELAY_MS 300

struct proxy {
        int port;       /* where the store connects */
        int to_port;    /* the server's */
        _Atomic int mode;
        _Atomic int lost; /* answers lost so far */
        int listen_fd;
        _Atomic int stop;
        pthread_t th;
};

/* Listen on a free port of 127.0.0.1 and pass to to_port there. */
void proxy_start(struct proxy *p, int to_port);
void proxy_set(struct proxy *p, enum proxy_mode m);
void proxy_stop(struct proxy *p);

#endif
