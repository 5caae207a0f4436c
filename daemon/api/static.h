/* The front end's static files. */
#ifndef POSD_STATIC_H
#define POSD_STATIC_H

#include <stdbool.h>
#include <stdint.h>

#define STATIC_PATH_MAX 256
#define STATIC_FILE_MAX (16 << 20)

struct static_file {
        int fd;
        uint64_t size;
        const char *type; /* Content-Type */
        char etag[64];
};

/* The file for a URL path ("/" and "/dir/" mean their index.html) under root. Only known
 * file types, regular files and plain names are served: -ENOENT for anything else,
 * dot files and ".." included. The caller closes ret->fd. */
int static_lookup(const char *root, const char *path, struct static_file *ret);

#endif
