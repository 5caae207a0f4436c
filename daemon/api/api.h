/* The HTTP/JSON API of posd (libmicrohttpd + jansson), the contract in docs/API.md. */
#ifndef POSD_API_H
#define POSD_API_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/settings.h"
#include "till/checkout.h"

#define API_LANES_MAX 16

struct api_config {
        char lanes[API_LANES_MAX][CODE_MAX_LEN + 1];
        size_t nlanes;
        struct checkout_policy policy;
        int64_t token_ttl_ms;
        size_t max_body;       /* bytes of a request body */
        uint64_t max_upload;   /* bytes of a file sent as the body (a CSV import) */
        int max_json_depth;
        unsigned max_connections;
        unsigned max_per_address; /* connections open from one client address */
        unsigned timeout_s;    /* an idle connection is closed after this */
        unsigned request_timeout_s; /* a request's headers and body must be in by then */
        unsigned min_upload_kib_s;  /* ... and a body beyond that at this rate */
        unsigned max_pin_hashes;    /* PIN checks at once (argon2id, 19 MiB each) */
        char ui_dir[PATH_MAX]; /* the front end's files; "" serves none */
        int expiry_alert_days; /* batches expiring within are alerts */
        /* posd.conf's receipt texts: shown while the store has none of its own */
        char receipt_header[SETTINGS_TEXT_MAX + 1], receipt_footer[SETTINGS_TEXT_MAX + 1];
};

struct api;
struct pool;
struct events;
struct devices;
struct uploader;
struct hq_reports;
struct training;

/* Serve on host:port (port 0: any free one). The pool, events, devices, uploader and
 * HQ's reports (the last three may be NULL) outlive the api. */
int api_start(const char *host, uint16_t port, const struct api_config *cfg, struct pool *pool,
              struct training *training, struct events *ev, struct devices *dev, struct uploader *up,
              struct hq_reports *reports, struct api **ret);
uint16_t api_port(const struct api *a);
/* Take new limits and policy (SIGHUP); requests in flight finish with the old ones. The
 * connection limits and the idle timeout libmicrohttpd was started with stay till a restart. */
void api_reconfigure(struct api *a, const struct api_config *cfg);
/* Stop accepting, let requests in flight finish (their transactions commit or roll
 * back), and free. */
struct api *api_stop(struct api *a);

#endif
