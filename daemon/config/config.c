/* Reading posd.conf with inih. */
#include <errno.h>
#include <stdbool.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

enum kind { K_PATH, K_INT };

static const struct key {
        const char *section, *name;
        enum kind kind;
        size_t offset;
        long min, max;
} keys[] = {
        { "store", "database", K_PATH, offsetof(struct posd_config, db_path), 0, 0 },
        { "backup", "directory", K_PATH, offsetof(struct posd_config, backup_dir), 0, 0 },
        { "backup", "keep", K_INT, offsetof(struct posd_config, backup_keep), 1, 1000 },
};

struct parse {
        struct posd_config c;
        char why[256];
};

static int set_key(const struct key *k, struct parse *p, const char *value)
{
        char *end;
        long v;

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
        snprintf(c->backup_dir, sizeof(c->backup_dir), "/var/lib/posd/backup");
        c->backup_keep = 14;
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
