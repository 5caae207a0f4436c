/* Condition variables whose timed waits run on the monotonic clock. */
#ifndef POSD_COND_H
#define POSD_COND_H

#include <pthread.h>

/* A change of the wall clock then moves no deadline. */
void cond_init_monotonic(pthread_cond_t *c);

#endif
