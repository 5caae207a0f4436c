/* Transfers between locations: dispatched (the goods leave one location and are in
 * transit), then received (they enter the other). Each step is a posted, journalled
 * document with its own stock movements; what arrived is recorded against what was sent,
 * and the difference is a transit loss at the cost it left with. */
#ifndef POSD_TRANSFER_H
#define POSD_TRANSFER_H

#include <stdint.h>

#include "ledger/posting.h"
#include "ledger/store.h"

struct ledger;
struct actor;

struct transfer_line_in {
        const char *sku;
        int64_t qty; /* milli-units, > 0 */
};

struct transfer_in {
        struct doc_head h; /* h.location: where the goods leave from */
        const char *to;    /* location code */
        const char *note;
        const struct transfer_line_in *lines;
        size_t nlines;
};

/* Dispatch, numbered T00000001 on: out of h.location at the average cost. Sending more
 * than the location holds is INSUFFICIENT_STOCK; to the same location SAME_LOCATION. */
int post_transfer(struct ledger *l, const struct transfer_in *in, struct doc_result *ret);

struct transfer_receive_line {
        int line;         /* on the transfer */
        int64_t received; /* milli-units, 0 up to what was sent */
};

/* Receipt at the destination, numbered TI00000001 on: lines not given arrived in full.
 * A transfer is received once (TRANSFER_RECEIVED, -EBUSY). ret->total is the value that
 * arrived, ret->cost the value sent. Received short, what did not arrive is written off:
 * a manager's to say (APPROVAL_REQUIRED), whose name the receipt keeps. */
int post_transfer_receipt(struct ledger *l, const char *idem_key, const struct actor *a, const char *number,
                          const struct transfer_receive_line *lines, size_t n, const char *note, struct doc_result *ret);

struct transfer_line {
        int line;
        char sku[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        char unit[CODE_MAX_LEN + 1];
        int64_t qty, unit_cost;
        int64_t value;    /* what it left with */
        int64_t received; /* -1 until received */
};

struct transfer {
        int64_t id;
        char number[DOC_NUMBER_MAX + 1];
        char from[CODE_MAX_LEN + 1], to[CODE_MAX_LEN + 1];
        char state[16]; /* in_transit, received */
        char user[NAME_MAX_LEN + 1];
        char note[NAME_MAX_LEN + 1];
        int64_t at, value;
        char receipt[DOC_NUMBER_MAX + 1]; /* "" until received */
        char received_by[NAME_MAX_LEN + 1];
        char receipt_note[NAME_MAX_LEN + 1];
        int64_t received_at, received_value, short_value;
        size_t nlines;
        struct transfer_line *lines;
};

struct transfer *transfer_free(struct transfer *t);
/* UNKNOWN_TRANSFER (-ENOENT). */
int transfer_get(struct ledger *l, const char *number, struct transfer **ret);
/* Newest first, in a state ("" or NULL: any), at most limit, without their lines. */
int transfer_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct transfer *, void *),
                  void *ud);

#endif
