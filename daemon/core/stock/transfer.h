/* Transfers between locations: dispatched (the goods leave one location and are in
 * transit), then received (they enter the other). Each step is a posted, journalled
 * document with its own stock movements; what arrived is recorded against what was sent,
 * and the difference is a transit loss at the cost it left with.
 *
 * In a chain, a transfer may go to another store: sent here (TS00000001 on), it reaches
 * the other store through HQ as a transfer expected there, numbered by the store it
 * comes from ("S1-TS00000001"), received there as any transfer is (TR00000001 on), and
 * HQ tells the sender it arrived. The stores of the chain come from HQ too. */
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
        struct doc_head h;    /* h.location: where the goods leave from */
        const char *to;       /* location code, or NULL for ... */
        const char *to_store; /* ... another store of the chain, by its code */
        const char *note;
        const struct transfer_line_in *lines;
        size_t nlines;
};

/* Dispatch, numbered T00000001 on: out of h.location at the average cost. Sending more
 * than the location holds is INSUFFICIENT_STOCK; to the same location SAME_LOCATION. To
 * a store the chain does not have UNKNOWN_STORE, to this one SAME_STORE. */
int post_transfer(struct ledger *l, const struct transfer_in *in, struct doc_result *ret);

struct transfer_receive_line {
        int line;         /* on the transfer */
        int64_t received; /* milli-units, 0 up to what was sent */
};

/* Receipt at the destination, numbered TI00000001 on (TR00000001 from another store,
 * into the default location; a product this store lacks is UNKNOWN_PRODUCT): lines not
 * given arrived in full.
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

#define TRANSFER_NUMBER_MAX (CODE_MAX_LEN + 1 + DOC_NUMBER_MAX)

struct transfer {
        int64_t id;
        char number[TRANSFER_NUMBER_MAX + 1]; /* one expected from another store: "S1-TS00000001" */
        char kind[12];                        /* local; outgoing, incoming: to, from another store */
        char from[CODE_MAX_LEN + 1], to[CODE_MAX_LEN + 1]; /* locations, or the other store */
        char state[16];                                    /* in_transit, received */
        char user[NAME_MAX_LEN + 1];
        char note[NAME_MAX_LEN + 1];
        int64_t at, value;
        char receipt[TRANSFER_NUMBER_MAX + 1]; /* "" until received; an outgoing one's at the other store */
        char received_by[NAME_MAX_LEN + 1];
        char receipt_note[NAME_MAX_LEN + 1];
        int64_t received_at, received_value, short_value;
        size_t nlines;
        struct transfer_line *lines;
};

struct transfer *transfer_free(struct transfer *t);
/* UNKNOWN_TRANSFER (-ENOENT). */
int transfer_get(struct ledger *l, const char *number, struct transfer **ret);
/* Newest first, in a state ("" or NULL: any), at most limit, without their lines: those
 * between this store's locations, to other stores and from them. */
int transfer_each(struct ledger *l, const char *state, int limit, int (*fn)(const struct transfer *, void *),
                  void *ud);

/* ---- the chain's side (HQ's changes, applied by the store) ---- */

struct chain_store {
        char code[CODE_MAX_LEN + 1];
        char name[NAME_MAX_LEN + 1];
        bool self;
};

/* A store of the chain, as HQ has it: added, or renamed. */
int chain_store_put(struct ledger *l, const char *code, const char *name, bool self);
/* The chain's other stores, by code. */
int chain_store_each(struct ledger *l, int (*fn)(const struct chain_store *, void *), void *ud);

struct transfer_expected_line {
        const char *sku;
        int64_t qty, unit_cost, value;
};

struct transfer_expected {
        const char *from_store, *number, *user, *note; /* as the sending store has them */
        int64_t at, value;
        const struct transfer_expected_line *lines;
        size_t nlines;
};

/* A transfer another store sent here, to receive: once (a repeat of the same is no
 * change, another under its number TRANSFER_CHANGED). */
int transfer_expect(struct ledger *l, const struct transfer_expected *in);

/* The other store received what this one sent (number): its receipt, when, what arrived
 * of each line, the value that arrived and what did not. Told again, no change;
 * UNKNOWN_TRANSFER. */
int transfer_arrived(struct ledger *l, const char *number, const char *receipt, int64_t at,
                     const struct transfer_receive_line *lines, size_t n, int64_t value, int64_t short_value);

#endif
