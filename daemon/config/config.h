/* posd.conf: the INI file posd and posctl read. Every key is listed in config.c; an
 * unknown section or key, or a bad value, is an error naming the file and line. */
#ifndef POSD_CONFIG_H
#define POSD_CONFIG_H

#include <limits.h>
#include <stddef.h>

#define CONFIG_DEFAULT_PATH "/etc/posd/posd.conf"

struct posd_config {
        char db_path[PATH_MAX];
        char backup_dir[PATH_MAX];
        int backup_keep;
};

void config_defaults(struct posd_config *c);

/* Read path over the defaults already in *c. On failure *c is unchanged and err holds
 * "FILE:LINE: reason". */
int config_load(const char *path, struct posd_config *c, char *err, size_t errsize);

#endif
