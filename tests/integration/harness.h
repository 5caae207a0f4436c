/* A real posd for tests: started on an ephemeral port over a store the test made, driven
 * over HTTP with libcurl. */
#ifndef POSD_HARNESS_H
#define POSD_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "testlib.h"

struct posd {
        struct tstore store; /* the store's directory and path; the handle is closed */
        pid_t pid;
        int port;
        char log[160];
};

/* A store with the seed catalog and users alice (cashier, 1111), bob (cashier, 2222),
 * maria (manager, 5678), root (admin, 9999). */
void posd_store(struct posd *p);
/* Start posd on the store (extra is appended to the command line, may be NULL). */
void posd_start(struct posd *p, const char *extra);
/* Start posd with its clock read from the file `clock` through libfaketime (the test
 * writes "@2026-11-02 09:00:00" there to move it), in UTC; extra as posd_start's. */
void posd_start_clock(struct posd *p, const char *clock, const char *extra);
/* Start posd with lib preloaded, env (NAME=value ..., may be NULL) set and extra
 * arguments (may be NULL). */
void posd_start_preload(struct posd *p, const char *lib, const char *env, const char *extra);
/* Start a shell command that ends in posd listening on 127.0.0.1 (the demo script, say),
 * its output in p->log. */
void posd_run(struct posd *p, const char *cmd);
/* SIGTERM and wait: posd must exit 0. */
void posd_stop(struct posd *p);
void posd_kill(struct posd *p);
/* Whether posd ended by itself within wait_ms, with a failure status: it is reaped. */
bool posd_failed(struct posd *p, int wait_ms);
void posd_cleanup(struct posd *p);

/* One request. body and token may be NULL; *out gets the parsed answer (or NULL).
 * Returns the HTTP status, or -1 when no answer came. */
int http(struct posd *p, const char *method, const char *path, const char *token, const char *idem, const char *body,
         json_t **out);
/* The same with a body of any bytes (idem may be NULL). */
int http_raw(struct posd *p, const char *method, const char *path, const char *token, const char *body, size_t len,
             json_t **out);
int http_raw_key(struct posd *p, const char *method, const char *path, const char *token, const char *idem,
                 const char *body, size_t len, json_t **out);

/* Follow GET /events as token: each piece of the stream goes to fn (curl's write
 * callback: return less than size * nmemb to stop) until posd ends it, fn stops it or
 * timeout_s pass. */
void events_follow(struct posd *p, const char *token, size_t (*fn)(char *, size_t, size_t, void *), void *ud,
                   long timeout_s);

/* A GET whose answer is not JSON (a CSV export): the body, to free. */
char *http_text(struct posd *p, const char *path, const char *token, int *status);
/* The text of receipt n that a sim: printer wrote to dir, once it is there (within 10 s);
 * static storage. */
const char *sim_receipt(const char *dir, int n);
/* Sign in; the token (static storage per user slot) or a test failure. */
const char *login(struct posd *p, const char *user, const char *pin);

/* posd started on the store (posd_store made it) with conf as its posd.conf. */
void posd_start_conf(struct posd *p, const char *conf);
/* The same, with alice signed in at lane 1 with her shift open; her token. */
const char *posd_open_lane(struct posd *p, const char *conf);

/* A sale of one A1 (12.50) paid in method ("cash" 20.00, "card" 12.50); its number. */
void sell(struct posd *p, const char *token, const char *method, char number[32]);
/* The state of a sale's receipt: "waiting", "printed", ... */
const char *receipt_state(struct posd *p, const char *token, const char *number);

/* After a while the sale's receipt still waits, and the lane's first printer is in
 * state ("paper out", "offline"). */
void receipt_held(struct posd *p, const char *token, const char *sale, const char *state);
/* The sale's receipt printed, within 6 s. */
void receipt_printed(struct posd *p, const char *token, const char *sale);

/* The lane's open ticket once it has n lines (scans arrive on their own time); a test
 * failure after 5 s. Free with json_decref. */
json_t *ticket_with_lines(struct posd *p, const char *token, size_t n);

/* The member at path ("sale.total", "lines.0.amount"), or NULL. */
json_t *jget(json_t *o, const char *path);
int64_t jint(json_t *o, const char *path); /* as above, or the test fails */
/* A quantity (a JSON number of units) in milli-units. */
int64_t jqty(json_t *o, const char *path);

/* The request is answered with status and error code, or the test fails. */
void expect_error(struct posd *p, const char *method, const char *path, const char *tok, const char *body, int status,
                  const char *code);
/* posctl verify passes on the store, or the test fails. */
void verify_ok(struct posd *p);
/* The store's books as exported by posctl export ledger, in a file in the store's folder;
 * its path. */
const char *books_export(struct posd *p);
/* An account's balance in minor units (2 decimals) as ledger-cli adds it up. */
int64_t books_balance(const char *journal, const char *account);
/* On hand of a SKU in whole units over every location (GET /stock). */
int64_t stock_total(struct posd *p, const char *tok, const char *sku);
/* On hand at one location, in milli-units. */
int64_t stock_at(struct posd *p, const char *tok, const char *sku, const char *location);
const char *jstr(json_t *o, const char *path);

#endif
