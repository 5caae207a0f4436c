/* The front end's files: plain files under one folder, found without ever leaving it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "static.h"

static const struct {
        const char *ext, *type;
} types[] = {
        { ".html", "text/html; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".mjs", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" },
        { ".txt", "text/plain; charset=utf-8" },
};

static const char *type_of(const char *path)
{
        const char *dot = strrchr(path, '.');

        for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
                if (!strcmp(dot, types[i].ext))
                        return types[i].type;
        return NULL;
}

/* Every piece must be a plain name: no "..", no hidden files, no empty pieces, nothing
 * a decoded %xx could smuggle in. */
static bool path_ok(const char *rel)
{
        const char *s = rel;

        if (!*s)
                return false;
        for (;;) {
                size_t len = strcspn(s, "/");
                if (len == 0 || s[0] == '.')
                        return false;
                for (size_t i = 0; i < len; i++)
                        if ((unsigned char)s[i] < 0x20 || s[i] == '\\' || s[i] == 0x7f)
                                return false;
                if (!s[len])
                        return true;
                s += len + 1;
        }
}

/* Only beneath the folder, through no symbolic link at any depth. A kernel or a syscall
 * filter without openat2 gets O_NOFOLLOW on the last piece; the piece check has already
 * kept ".." out. */
static int open_beneath(int dfd, const char *rel)
{
        struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK,
                                .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS };
        int fd = (int)syscall(SYS_openat2, dfd, rel, &how, sizeof(how));

        if (fd < 0 && (errno == ENOSYS || errno == EPERM))
                fd = openat(dfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        return fd;
}

int static_lookup(const char *root, const char *path, struct static_file *ret)
{
        char rel[STATIC_PATH_MAX];
        struct stat st;
        const char *type;
        int dfd = -1, fd = -1, r;

        if (path[0] != '/')
                return -ENOENT;
        if (snprintf(rel, sizeof(rel), "%s%s", path + 1, path[1] && path[strlen(path) - 1] != '/' ? "" : "index.html") >=
            (int)sizeof(rel))
                return -ENAMETOOLONG;
        if (!path_ok(rel) || !(type = type_of(rel)))
                return -ENOENT;
        if ((dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
                r = -errno;
                goto out;
        }
        if ((fd = open_beneath(dfd, rel)) < 0 || fstat(fd, &st) < 0) {
                r = errno == ELOOP || errno == EXDEV ? -ENOENT : -errno;
                goto out;
        }
        if (!S_ISREG(st.st_mode) || st.st_size > STATIC_FILE_MAX) {
                r = -ENOENT;
                goto out;
        }
        *ret = (struct static_file){ .fd = fd, .size = (uint64_t)st.st_size, .type = type };
        snprintf(ret->etag, sizeof(ret->etag), "\"%llx-%llx-%lx\"", (unsigned long long)st.st_ino,
                 (unsigned long long)st.st_size, (long)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000);
        fd = -1;
        r = 0;
out:
        if (fd >= 0)
                close(fd);
        if (dfd >= 0)
                close(dfd);
        return r;
}
