/* PIN checks over the network: the argon2id hash runs outside the store connections, a
 * bounded number at once, and wrong PINs are slowed per (user, client address) so that
 * nobody can lock a user out from elsewhere. */
#ifndef POSD_PIN_GATE_H
#define POSD_PIN_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "people/users.h"

struct req;
struct pin_gate;

/* How many (user, address) counts are kept: past it the oldest is forgotten. */
#define PIN_GATE_ENTRIES 1024

int pin_gate_new(struct pin_gate **ret);
struct pin_gate *pin_gate_free(struct pin_gate *g);

enum pin_verdict {
        PIN_CHECKED, /* c and matched are set */
        PIN_BUSY,    /* as many hashes as allowed are running: try again in a second */
        PIN_LOCKED,  /* too many wrong PINs for this user from this address */
        PIN_NO_STORE /* the store could not be read */
};

struct pin_attempt {
        enum pin_verdict verdict;
        struct pin_check c;
        bool matched;
        unsigned retry_s; /* PIN_LOCKED, PIN_BUSY: when to try again */
};

/* Check name's PIN for the request's client address; r->l must not be held (the hash
 * runs without a store connection). */
void pin_attempt(struct req *r, const char *name, const char *pin, struct pin_attempt *ret);

/* A manager's approval in the body ("approved_by"), checked for a caller whose session
 * was checked, holding no store connection; in_approval reads the outcome. */
void approval_ask(struct req *r);
/* A refused attempt as the answer (status and code for a locked one), true; false when
 * the PIN was checked and its outcome is to be read. */
bool pin_refused(struct req *r, const struct pin_attempt *a, int status, const char *code);

#endif
