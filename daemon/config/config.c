/* Reading posd.conf with inih. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

struct parse {
        struct posd_config c;
        char why[256];
};

enum kind { K_PATH, K_INT, K_LISTEN, K_LANES, K_WORD };

static const struct key {
        const char *section, *name;
        enum kind kind;
        size_t offset;
        long min, max; /* K_WORD: max is the field's size */
} keys[] = {
        { "store", "database", K_PATH, offsetof(struct posd_config, db_path), 0, 0 },
        { "store", "connections", K_INT, offsetof(struct posd_config, connections), 1, 64 },
        { "backup", "directory", K_PATH, offsetof(struct posd_config, backup_dir), 0, 0 },
        { "backup", "keep", K_INT, offsetof(struct posd_config, backup_keep), 1, 1000 },
        { "http", "listen", K_LISTEN, 0, 0, 0 },
        { "http", "max_body_kib", K_INT, offsetof(struct posd_config, max_body_kib), 1, 10240 },
        { "http", "max_upload_mib", K_INT, offsetof(struct posd_config, max_upload_mib), 1, 4096 },
        { "http", "max_connections", K_INT, offsetof(struct posd_config, max_connections), 4, 1024 },
        { "http", "timeout_seconds", K_INT, offsetof(struct posd_config, timeout_seconds), 5, 3600 },
        { "http", "max_connections_per_address", K_INT, offsetof(struct posd_config, max_per_address), 2, 1024 },
        { "http", "request_timeout_seconds", K_INT, offsetof(struct posd_config, request_timeout_seconds), 1, 600 },
        { "http", "min_upload_kib_per_second", K_INT, offsetof(struct posd_config, min_upload_kib_s), 1, 1048576 },
        { "http", "ui", K_PATH, offsetof(struct posd_config, ui_dir), 0, 0 },
        { "http", "max_json_depth", K_INT, offsetof(struct posd_config, max_json_depth), 2, 64 },
        { "checkout", "lanes", K_LANES, 0, 0, 0 },
        { "checkout", "max_discount_percent", K_INT, offsetof(struct posd_config, max_discount_percent), 0, 100 },
        { "checkout", "cash_rounding", K_INT, offsetof(struct posd_config, cash_rounding), 1, 10000 },
        { "stock", "expiry_alert_days", K_INT, offsetof(struct posd_config, expiry_alert_days), 0, 365 },
        { "auth", "session_hours", K_INT, offsetof(struct posd_config, session_hours), 1, 168 },
        { "auth", "pin_checks_at_once", K_INT, offsetof(struct posd_config, pin_checks_at_once), 1, 64 },
#define HQ_KEY(name, kind, field, min, max) { "hq", name, kind, offsetof(struct posd_config, hq.field), min, max }
#define HQ_WORD(name, field) HQ_KEY(name, K_WORD, field, 0, sizeof(((struct hq_config *)0)->field))
        HQ_WORD("host", host),
        HQ_KEY("port", K_INT, port, 1, 65535),
        HQ_WORD("database", database),
        HQ_WORD("role", role),
        HQ_KEY("credentials", K_PATH, credentials, 0, 0),
        HQ_WORD("tls", tls),
        HQ_KEY("ca", K_PATH, ca, 0, 0),
        HQ_KEY("every_seconds", K_INT, every_seconds, 1, 3600),
        HQ_KEY("batch", K_INT, batch, 1, 5000),
        HQ_WORD("serve", serve),
#undef HQ_WORD
#undef HQ_KEY
};

int config_parse_listen(const char *s, char host[static 64], int *port)
{
        const char *colon = strrchr(s, ':');
        char h[64], *end;
        unsigned char addr[4];
        long p;

        if (!colon || (size_t)(colon - s) >= sizeof(h))
                return -EINVAL;
        memcpy(h, s, (size_t)(colon - s));
        h[colon - s] = '\0';
        errno = 0;
        p = strtol(colon + 1, &end, 10);
        if (errno || *end || end == colon + 1 || p < 0 || p > 65535 || inet_pton(AF_INET, h, addr) != 1)
                return -EINVAL;
        memcpy(host, h, sizeof(h));
        *port = (int)p;
        return 0;
}

/* "1, 2 express" -> lanes "1", "2", "express" */
static int set_lanes(struct parse *p, const char *value)
{
        char buf[CONFIG_LANES_MAX * (CONFIG_NAME_MAX + 2)], *save = NULL;
        int n = 0;

        if (strlen(value) >= sizeof(buf))
                return 0;
        snprintf(buf, sizeof(buf), "%s", value);
        for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
                if (n == CONFIG_LANES_MAX || strlen(tok) > CONFIG_NAME_MAX || strspn(tok,
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(tok))
                        return 0;
                snprintf(p->c.lanes[n++], CONFIG_NAME_MAX + 1, "%s", tok);
        }
        p->c.nlanes = n;
        return n > 0;
}


static int set_key(const struct key *k, struct parse *p, const char *value)
{
        char *end;
        long v;

        if (k->kind == K_LISTEN) {
                if (config_parse_listen(value, p->c.listen_host, &p->c.listen_port) == 0)
                        return 1;
                snprintf(p->why, sizeof(p->why), "listen must be an IPv4 address and a port, like 127.0.0.1:8080");
                return 0;
        }
        if (k->kind == K_LANES) {
                if (set_lanes(p, value))
                        return 1;
                snprintf(p->why, sizeof(p->why), "lanes is a list of up to %d names (letters, digits, - and _)",
                         CONFIG_LANES_MAX);
                return 0;
        }
        if (k->kind == K_WORD) {
                /* names, addresses and folders: nothing a conninfo would have to quote */
                if (!value[0] || strlen(value) >= (size_t)k->max ||
                    strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:/") != strlen(value)) {
                        snprintf(p->why, sizeof(p->why), "%s is at most %ld letters, digits and . - _ : /", k->name,
                                 k->max - 1);
                        return 0;
                }
                snprintf((char *)&p->c + k->offset, (size_t)k->max, "%s", value);
                return 1;
        }
        if (k->kind == K_PATH) {
                if (value[0] != '/' || strlen(value) >= PATH_MAX) {
                        snprintf(p->why, sizeof(p->why), "%s must be an absolute path", k->name);
                        return 0;
                }
                snprintf((char *)&p->c + k->offset, PATH_MAX, "%s", value);
                return 1;
        }
        errno = 0;
        v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < k->min || v > k->max) {
                snprintf(p->why, sizeof(p->why), "%s must be a whole number from %ld to %ld", k->name, k->min, k->max);
                return 0;
        }
        *(int *)((char *)&p->c + k->offset) = (int)v;
        return 1;
}

static bool is_device_section(const char *section)
{
        static const char *const kinds[] = { "printer", "scanner", "drawer" };

        for (size_t i = 0; i < 3; i++) {
                size_t n = strlen(kinds[i]);
                if (!strncmp(section, kinds[i], n) && (section[n] == '\0' || section[n] == ' '))
                        return true;
        }
        return false;
}

/* The device of a section, made on its first key. */
static struct device_config *device_of(struct parse *p, const char *section)
{
        char kind[8], name[CONFIG_NAME_MAX + 1] = "";
        const char *sp = strchr(section, ' ');
        size_t k = sp ? (size_t)(sp - section) : strlen(section);
        struct device_config *d;

        snprintf(kind, sizeof(kind), "%.*s", (int)k, section);
        if (sp) {
                while (*sp == ' ')
                        sp++;
                if (strlen(sp) > CONFIG_NAME_MAX)
                        return NULL;
                snprintf(name, sizeof(name), "%s", sp);
        } else {
                snprintf(name, sizeof(name), "%s", kind);
        }
        for (int i = 0; i < p->c.ndevices; i++)
                if (!strcmp(p->c.devices[i].kind, kind) && !strcmp(p->c.devices[i].name, name))
                        return &p->c.devices[i];
        if (p->c.ndevices == CONFIG_DEVICES_MAX)
                return NULL;
        d = &p->c.devices[p->c.ndevices++];
        memset(d, 0, sizeof(*d));
        snprintf(d->kind, sizeof(d->kind), "%s", kind);
        snprintf(d->name, sizeof(d->name), "%s", name);
        snprintf(d->lane, sizeof(d->lane), "%s", p->c.lanes[0]);
        d->columns = 42;
        d->chinese = 1;
        d->pin = 2;
        d->pulse_ms = 100;
        return d;
}

static int int_in(struct parse *p, const char *name, const char *value, long min, long max, int *ret)
{
        char *end;
        long v = strtol(value, &end, 10);

        if (*end || end == value || v < min || v > max) {
                snprintf(p->why, sizeof(p->why), "%s must be a whole number from %ld to %ld", name, min, max);
                return 0;
        }
        *ret = (int)v;
        return 1;
}

static int device_key(struct parse *p, const char *section, const char *name, const char *value)
{
        struct device_config *d = device_of(p, section);

        if (!d) {
                snprintf(p->why, sizeof(p->why), "too many devices, or a device name over %d characters", CONFIG_NAME_MAX);
                return 0;
        }
        if (!strcmp(name, "device")) {
                if (strlen(value) > CONFIG_URI_MAX || (!strchr(value, ':') && strcmp(value, "printer"))) {
                        snprintf(p->why, sizeof(p->why), "device is a URI such as tcp:192.0.2.10:9100 or sim:/var/lib/posd/receipts");
                        return 0;
                }
                snprintf(d->uri, sizeof(d->uri), "%s", value);
                return 1;
        }
        if (!strcmp(name, "lane")) {
                if (strlen(value) > CONFIG_NAME_MAX) {
                        snprintf(p->why, sizeof(p->why), "lane is a lane's name");
                        return 0;
                }
                snprintf(d->lane, sizeof(d->lane), "%s", value);
                return 1;
        }
        if (!strcmp(d->kind, "printer") && !strcmp(name, "columns")) {
                if (strcmp(value, "32") && strcmp(value, "42") && strcmp(value, "48")) {
                        snprintf(p->why, sizeof(p->why), "columns is 32 (58 mm paper), 42 or 48 (80 mm)");
                        return 0;
                }
                return int_in(p, name, value, 32, 48, &d->columns);
        }
        if (!strcmp(d->kind, "printer") && !strcmp(name, "code_page"))
                return int_in(p, name, value, 0, 255, &d->code_page);
        if (!strcmp(d->kind, "printer") && !strcmp(name, "charset") && strlen(value) < sizeof(d->charset)) {
                snprintf(d->charset, sizeof(d->charset), "%s", value);
                return 1;
        }
        if (!strcmp(d->kind, "printer") && !strcmp(name, "chinese")) {
                /* yes: GB18030; gbk: a printer that knows no four-byte sequences */
                static const char *const modes[] = { "no", "yes", "gbk" };
                for (int i = 0; i < 3; i++)
                        if (!strcmp(value, modes[i]))
                                return d->chinese = i, 1;
                snprintf(p->why, sizeof(p->why), "chinese is yes, gbk or no");
                return 0;
        }
        if (!strcmp(d->kind, "drawer") && !strcmp(name, "pin")) {
                if (strcmp(value, "2") && strcmp(value, "5")) {
                        snprintf(p->why, sizeof(p->why), "pin is 2 or 5, the drawer connector's pin");
                        return 0;
                }
                return int_in(p, name, value, 2, 5, &d->pin);
        }
        if (!strcmp(d->kind, "drawer") && !strcmp(name, "pulse")) /* ESC p counts in 2 ms up to 510 */
                return int_in(p, name, value, 20, 500, &d->pulse_ms);
        snprintf(p->why, sizeof(p->why), "unknown key '%s' in [%s]", name, section);
        return 0;
}

/* header and footer: lines continued by indenting them are joined with line breaks */
static int receipt_key(struct parse *p, const char *name, const char *value)
{
        char *field = !strcmp(name, "header") ? p->c.receipt_header : !strcmp(name, "footer") ? p->c.receipt_footer : NULL;
        size_t n;

        if (!field) {
                snprintf(p->why, sizeof(p->why), "unknown key '%s' in [receipt]", name);
                return 0;
        }
        n = strlen(field);
        if (n + strlen(value) + 2 > CONFIG_TEXT_MAX + 1) {
                snprintf(p->why, sizeof(p->why), "%s is longer than %d bytes", name, CONFIG_TEXT_MAX);
                return 0;
        }
        snprintf(field + n, CONFIG_TEXT_MAX + 1 - n, "%s%s", n ? "\n" : "", value);
        return 1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
        struct parse *p = user;
        bool known_section = false;

        if (p->why[0]) /* inih reports the first bad line; keep its reason */
                return 0;
        if (is_device_section(section))
                return device_key(p, section, name, value);
        if (!strcmp(section, "receipt"))
                return receipt_key(p, name, value);
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                if (strcmp(keys[i].section, section) != 0)
                        continue;
                known_section = true;
                if (strcmp(keys[i].name, name) == 0)
                        return set_key(&keys[i], p, value);
        }
        if (known_section)
                snprintf(p->why, sizeof(p->why), "unknown key '%s' in [%s]", name, section);
        else
                snprintf(p->why, sizeof(p->why), "unknown section [%s]", section);
        return 0;
}

/* inih reads lines of at most 200 bytes and would take the rest of a longer one for a
 * line of its own: say so instead. The number of the first long line, or 0. */
#define CONFIG_LINE_MAX 199

static int long_line(FILE *f)
{
        int c, line = 1, len = 0;

        while ((c = getc(f)) != EOF) {
                if (c == '\n') {
                        line++;
                        len = 0;
                } else if (++len > CONFIG_LINE_MAX) {
                        return line;
                }
        }
        rewind(f);
        return 0;
}

void config_defaults(struct posd_config *c)
{
        long cpus;

        memset(c, 0, sizeof(*c));
        snprintf(c->db_path, sizeof(c->db_path), "/var/lib/posd/posd.db");
        c->connections = 8;
        snprintf(c->backup_dir, sizeof(c->backup_dir), "/var/lib/posd/backup");
        c->backup_keep = 14;
        snprintf(c->listen_host, sizeof(c->listen_host), "127.0.0.1");
        c->listen_port = 8080;
        c->max_body_kib = 64;
        c->max_upload_mib = 256;
        c->max_connections = 64;
        c->timeout_seconds = 60;
        c->max_per_address = 16;
        c->request_timeout_seconds = 10;
        c->min_upload_kib_s = 64;
        c->max_json_depth = 16;
        snprintf(c->ui_dir, sizeof(c->ui_dir), "%s", POSD_UI_DIR);
        snprintf(c->lanes[0], sizeof(c->lanes[0]), "1");
        c->nlanes = 1;
        c->max_discount_percent = 10;
        c->cash_rounding = 1;
        c->session_hours = 12;
        /* each check is a core's work and 19 MiB for a moment */
        cpus = sysconf(_SC_NPROCESSORS_ONLN);
        c->pin_checks_at_once = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
        c->expiry_alert_days = 7;
        c->hq.port = 5432;
        snprintf(c->hq.database, sizeof(c->hq.database), "hq");
        snprintf(c->hq.tls, sizeof(c->hq.tls), "verify-full");
        c->hq.every_seconds = 5;
        c->hq.batch = 200;
        snprintf(c->hq.serve, sizeof(c->hq.serve), "store");
}

/* What [hq] needs once it names a host; NULL when it is whole. */
static const char *hq_unfinished(const struct hq_config *h)
{
        if (!h->host[0])
                return NULL;
        if (!h->role[0] || !h->credentials[0])
                return "[hq] needs role and credentials (posctl hq add-store makes both)";
        if (strcmp(h->serve, "store") && strcmp(h->serve, "reports"))
                return "[hq] serve is store (send this store's journal) or reports (serve HQ's reports)";
        if (strcmp(h->tls, "verify-full") && strcmp(h->tls, "verify-ca") && strcmp(h->tls, "off"))
                return "[hq] tls is verify-full, verify-ca or off";
        if (h->host[0] != '/' && strcmp(h->tls, "off") && !h->ca[0])
                return "[hq] tls checks HQ's certificate: give ca, the authority's certificate file";
        /* without TLS anyone on the way could be HQ, and could send prices and users */
        if (!strcmp(h->tls, "off") && h->host[0] != '/' && strcmp(h->host, "127.0.0.1") && strcmp(h->host, "localhost") &&
            strcmp(h->host, "::1"))
                return "[hq] tls = off is for an HQ on this machine only (a socket's folder, 127.0.0.1 or localhost)";
        return NULL;
}

int config_load(const char *path, struct posd_config *c, char *err, size_t errsize)
{
        struct parse *p = malloc(sizeof(*p));
        const char *why;
        FILE *f;
        int line, r = 0;

        if (!p)
                return -ENOMEM;
        p->c = *c;
        p->why[0] = '\0';
        f = fopen(path, "re");
        if (!f) {
                r = -errno;
                snprintf(err, errsize, "%s: %s", path, strerror(errno));
                goto out;
        }
        if ((line = long_line(f)) > 0) {
                fclose(f);
                snprintf(err, errsize, "%s:%d: the line is longer than %d bytes", path, line, CONFIG_LINE_MAX);
                r = -EINVAL;
                goto out;
        }
        line = ini_parse_file(f, handler, p);
        fclose(f);
        if (line != 0) {
                snprintf(err, errsize, "%s:%d: %s", path, line, p->why[0] ? p->why : "not a 'key = value' line");
                r = -EINVAL;
                goto out;
        }
        for (int i = 0; i < p->c.ndevices; i++)
                if (!p->c.devices[i].uri[0]) {
                        snprintf(err, errsize, "%s: [%s%s%s] has no device = URI", path, p->c.devices[i].kind,
                                 strcmp(p->c.devices[i].kind, p->c.devices[i].name) ? " " : "",
                                 strcmp(p->c.devices[i].kind, p->c.devices[i].name) ? p->c.devices[i].name : "");
                        r = -EINVAL;
                        goto out;
                }
        if ((why = hq_unfinished(&p->c.hq))) {
                snprintf(err, errsize, "%s: %s", path, why);
                r = -EINVAL;
                goto out;
        }
        *c = p->c;
out:
        free(p);
        return r;
}
