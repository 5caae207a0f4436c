/* Signed-in sessions: bearer tokens that expire. Only a token's SHA-256 is stored. */
#ifndef POSD_AUTH_H
#define POSD_AUTH_H

#include <stdint.h>

#include "ledger/store.h"
#include "people/users.h"

struct ledger;

#define TOKEN_HEX 64

struct session {
        struct user user;
        char lane[CODE_MAX_LEN + 1];
        int64_t expires_at;
        bool training; /* opened by a user in training: it stays so to its end */
};

/* Open a session at a lane for a user whose PIN was checked (user_pin_outcome). */
int session_open(struct ledger *l, const struct user *u, const char *lane, int64_t ttl_ms,
                 char token[static TOKEN_HEX + 1], struct session *ret);
/* Check the PIN and open a session, on one connection (posctl, tests). */
int session_create(struct ledger *l, const char *name, const char *pin, const char *lane, int64_t ttl_ms,
                   char token[static TOKEN_HEX + 1], struct session *ret);
/* -EACCES (NO_SESSION) for an unknown token, -ETIMEDOUT (TOKEN_EXPIRED) past its time. */
int session_check(struct ledger *l, const char *token, struct session *ret);
int session_end(struct ledger *l, const char *token);
/* Whether the lane's newest live session is in training (none: false): the lane's scanner
 * works for whoever signed in there last. */
int session_lane_training(struct ledger *l, const char *lane, bool *ret);

#endif
