/* A receipt from a posted document: the wiring between the ledger and the printer
 * drivers' layout. */
#ifndef POSD_RECEIPT_BUILD_H
#define POSD_RECEIPT_BUILD_H

#include "ledger/print_queue.h"
#include "receipt.h"

struct ledger;

struct receipt_texts {
        const char *header; /* lines separated by '\n' */
        const char *footer;
        int drawer_pin;     /* 2 or 5; 0: the drawer is not on this printer */
        bool training;      /* from the training store: marked so at both ends, with no QR code
                             * and no drawer kick */
};

#define TRAINING_MARK "** 培训 TRAINING 非收据 NOT A RECEIPT **"

/* The layout of a job's document (sale or return), marked REPRINT on a reprint and
 * ending with the drawer kick when the job asks for it. */
int receipt_for_job(struct ledger *l, const struct print_job *job, const struct receipt_texts *t, struct receipt *out);

#endif
