/* Reading posd.conf with inih. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct parse {
        struct posd_config c;
        char why[256];
};

enum kind { K_PATH, K_INT, K_LISTEN, K_LANES };

static const struct key {
        const char *section, *name;
        enum kind kind;
        size_t offset;
        long min, max;
} keys[] = {
        { "store", "database", K_PATH, offsetof(struct posd_config, db_path), 0, 0 },
        { "store", "connections", K_INT, offsetof(struct posd_config, connections), 1, 64 },
        { "backup", "directory", K_PATH, offsetof(struct posd_config, backup_dir), 0, 0 },
        { "backup", "keep", K_INT, offsetof(struct posd_config, backup_keep), 1, 1000 },
        { "http", "listen", K_LISTEN, 0, 0, 0 },
        { "http", "max_body_kib", K_INT, offsetof(struct posd_config, max_body_kib), 1, 10240 },
        { "http", "max_connections", K_INT, offsetof(struct posd_config, max_connections), 4, 1024 },
        { "http", "timeout_seconds", K_INT, offsetof(struct posd_config, timeout_seconds), 5, 3600 },
        { "http", "max_json_depth", K_INT, offsetof(struct posd_config, max_json_depth), 2, 64 },
        { "checkout", "lanes", K_LANES, 0, 0, 0 },
        { "checkout", "max_discount_percent", K_INT, offsetof(struct posd_config, max_discount_percent), 0, 100 },
        { "checkout", "cash_rounding", K_INT, offsetof(struct posd_config, cash_rounding), 1, 10000 },
        { "auth", "session_hours", K_INT, offsetof(struct posd_config, session_hours), 1, 168 },
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

static int handler(void *user, const char *section, const char *name, const char *value)
{
        struct parse *p = user;
        bool known_section = false;

        if (p->why[0]) /* inih reports the first bad line; keep its reason */
                return 0;
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
        memset(c, 0, sizeof(*c));
        snprintf(c->db_path, sizeof(c->db_path), "/var/lib/posd/posd.db");
        c->connections = 8;
        snprintf(c->backup_dir, sizeof(c->backup_dir), "/var/lib/posd/backup");
        c->backup_keep = 14;
        snprintf(c->listen_host, sizeof(c->listen_host), "127.0.0.1");
        c->listen_port = 8080;
        c->max_body_kib = 64;
        c->max_connections = 64;
        c->timeout_seconds = 60;
        c->max_json_depth = 16;
        snprintf(c->lanes[0], sizeof(c->lanes[0]), "1");
        c->nlanes = 1;
        c->max_discount_percent = 10;
        c->cash_rounding = 1;
        c->session_hours = 12;
}

int config_load(const char *path, struct posd_config *c, char *err, size_t errsize)
{
        struct parse *p = malloc(sizeof(*p));
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
        *c = p->c;
out:
        free(p);
        return r;
}
