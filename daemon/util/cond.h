/* Condition variables whose timed waits run on the monotonic clock. */
#ifndef POSD_COND_H
#define POSD_COND_H

#include <pthread.h>
#include <stdint.h>

/* A change of the wall clock then moves no deadline. */
void cond_init_monotonic(pthread_cond_t *c);
/* Milliseconds on that clock: for deadlines, not dates. */
int64_t mono_ms(void);

#endif
