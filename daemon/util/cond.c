/* Timed waits that a clock change cannot stretch or cut short. */
#include <errno.h>
#include <time.h>

#include "cond.h"

void cond_init_monotonic(pthread_cond_t *c)
{
        pthread_condattr_t ca;

        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(c, &ca);
        pthread_condattr_destroy(&ca);
}

int64_t mono_ms(void)
{
        struct timespec t;

        clock_gettime(CLOCK_MONOTONIC, &t);
        return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void cond_deadline(struct timespec *until, int timeout_ms)
{
        clock_gettime(CLOCK_MONOTONIC, until);
        until->tv_sec += timeout_ms / 1000;
        until->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until->tv_nsec >= 1000000000L) {
                until->tv_sec++;
                until->tv_nsec -= 1000000000L;
        }
}

int cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *until)
{
        struct timespec now;
        int r = pthread_cond_timedwait(c, m, until);

        if (r != ETIMEDOUT)
                return r;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > until->tv_sec || (now.tv_sec == until->tv_sec && now.tv_nsec >= until->tv_nsec))
                return ETIMEDOUT;
        /* early: a clock-faking preload (libfaketime, in tests) reads the deadline on its
         * own clock; waited out a millisecond at a time, as a spurious wake-up */
        pthread_mutex_unlock(m);
        nanosleep(&(struct timespec){ 0, 1000000L }, NULL);
        pthread_mutex_lock(m);
        return 0;
}
