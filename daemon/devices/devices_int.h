/* Inside the devices wiring. */
#ifndef POSD_DEVICES_INT_H
#define POSD_DEVICES_INT_H

#include <pthread.h>
#include <stdbool.h>

#include "devices.h"
#include "training.h"
#include "drawer.h"
#include "printer.h"
#include "scanner.h"

struct printer_dev {
        struct devices *owner;
        struct device_config cfg;
        const struct printer_ops *ops; /* a printer */
        void *h;
        const struct drawer_ops *dops; /* or a drawer on a line of its own */
        void *dh;
        int drawer_pin; /* a [drawer] with device = printer on this printer's lane */
        int drawer_pulse_ms;
        pthread_t th;
        bool running;
        /* the worker's own: a job the device took whose done is not yet in the store; it is
         * recorded before anything else is sent, and never sent again */
        int64_t unrecorded;
        struct pool *unrecorded_pool; /* the store, or the training store, the job is in */
        char unrecorded_number[32];
        /* under owner->lock */
        bool woken;
        char state[24];
        char detail[128];
        int pending;
        char drawer[8]; /* "open", "closed", or "" when no drawer or no answer */
};

struct scanner_dev {
        struct device_config cfg;
        const struct scanner_ops *ops;
        void *h;
        bool online; /* under the devices lock: its descriptor was there at the last look */
};

struct devices {
        struct pool *pool;
        struct training *training; /* its jobs print too, marked; scans in training go there */
        struct events *ev;
        pthread_mutex_t lock;
        pthread_cond_t wake;
        bool stopping;
        const struct posd_config *cfg;
        int nprinters, nscanners;
        struct printer_dev printers[CONFIG_DEVICES_MAX];
        struct scanner_dev scanners[CONFIG_DEVICES_MAX];
        pthread_t scan_th;
        bool scanning;
};

/* A code read by a lane's scanner. */
void scan_arrived(struct devices *d, const char *lane, const char *code);
/* The thread that reads every scanner. */
void *scanners_main(void *arg);

#endif
