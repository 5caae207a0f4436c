/* Condition variables whose timed waits run on the monotonic clock. */
#ifndef POSD_COND_H
#define POSD_COND_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* A change of the wall clock then moves no deadline. */
void cond_init_monotonic(pthread_cond_t *c);
/* Milliseconds on that clock: for deadlines, not dates. */
int64_t mono_ms(void);
/* The monotonic time timeout_ms from now. */
void cond_deadline(struct timespec *until, int timeout_ms);
/* pthread_cond_timedwait on a cond_init_monotonic condition, ETIMEDOUT only once until
 * has passed on the monotonic clock; else 0, maybe spuriously, as that call. */
int cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *until);

#endif
