/* posd.conf: the INI file posd and posctl read. Every key is listed in config.c; an
 * unknown section or key, or a bad value, is an error naming the file and line. */
#ifndef POSD_CONFIG_H
#define POSD_CONFIG_H

#include <limits.h>
#include <stddef.h>

#define CONFIG_DEFAULT_PATH "/etc/posd/posd.conf"
#include "paths.h" /* POSD_UI_DIR: made by the Makefile from PREFIX */
#define CONFIG_LANES_MAX 16
#define CONFIG_NAME_MAX 32

#define CONFIG_DEVICES_MAX 16
#define CONFIG_URI_MAX 255
#define CONFIG_TEXT_MAX 511

/* A [printer], [scanner] or [drawer] section; "[printer NAME]" names one of several. */
struct device_config {
        char kind[8];
        char name[CONFIG_NAME_MAX + 1];
        char uri[CONFIG_URI_MAX + 1]; /* device = */
        char lane[CONFIG_NAME_MAX + 1];
        int columns, code_page, pin, pulse_ms; /* pin, pulse_ms: a drawer on a printer */
        char charset[24];
        int chinese; /* the Chinese mode: 0 none, 1 GB18030, 2 GBK only (enum escpos_chinese) */
};

struct posd_config {
        /* [store] */
        char db_path[PATH_MAX];
        int connections;
        /* [backup] */
        char backup_dir[PATH_MAX];
        int backup_keep;
        /* [http] */
        char listen_host[64];
        int listen_port;
        int max_body_kib;
        int max_upload_mib;
        int max_connections;
        int timeout_seconds;
        int max_per_address;         /* connections from one client address */
        int request_timeout_seconds; /* for a request's headers and body */
        int min_upload_kib_s;        /* a body's rate past the request timeout */
        int max_json_depth;
        char ui_dir[PATH_MAX];
        /* [checkout] */
        char lanes[CONFIG_LANES_MAX][CONFIG_NAME_MAX + 1];
        int nlanes;
        int max_discount_percent;
        int cash_rounding;
        /* [auth] */
        int session_hours;
        int pin_checks_at_once;
        int expiry_alert_days; /* a batch expiring within is an alert */
        /* [receipt] */
        char receipt_header[CONFIG_TEXT_MAX + 1], receipt_footer[CONFIG_TEXT_MAX + 1];
        /* devices */
        struct device_config devices[CONFIG_DEVICES_MAX];
        int ndevices;
        /* [hq]: the chain's PostgreSQL the store's journal goes to; no host, no chain */
        struct hq_config {
                char host[CONFIG_NAME_MAX * 4 + 1]; /* a name, an address, or a socket's folder */
                int port;
                char database[CONFIG_NAME_MAX * 2 + 1], role[CONFIG_NAME_MAX * 2 + 1];
                char credentials[PATH_MAX]; /* a libpq password file only posd may read */
                char tls[16];               /* verify-full, verify-ca or off */
                char ca[PATH_MAX];          /* the certificate authority HQ's certificate is checked by */
                int every_seconds, batch;
                char serve[16];             /* store: send the journal; reports: serve HQ's reports */
        } hq;
};

void config_defaults(struct posd_config *c);

/* Read path over the defaults already in *c. On failure *c is unchanged and err holds
 * "FILE:LINE: reason". */
int config_load(const char *path, struct posd_config *c, char *err, size_t errsize);

/* "127.0.0.1:8080" into host and port; -EINVAL when it is not an IPv4 address and port. */
int config_parse_listen(const char *s, char host[static 64], int *port);

#endif
