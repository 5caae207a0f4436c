/* Keyboard-wedge USB scanners through evdev: "evdev:/dev/input/by-id/...?layout=us". The
 * device is grabbed, so its keystrokes reach no other program, and its key events are
 * decoded with the layout the scanner is set to. Pulled out, it is looked for again. */
#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keymap.h"
#include "scanner.h"

struct evdev_scanner {
        char path[256];
        int fd;
        struct libevdev *dev;
        struct key_decoder keys;
};

static int evdev_open(const char *arg, void **ret)
{
        const char *q = strchr(arg, '?');
        size_t n = q ? (size_t)(q - arg) : strlen(arg);
        enum keymap_layout layout = LAYOUT_US;
        struct evdev_scanner *s;

        if (arg[0] != '/' || n >= sizeof(s->path))
                return -EINVAL;
        if (q && (strncmp(q, "?layout=", 8) || keymap_layout_parse(q + 8, &layout) < 0))
                return -EINVAL;
        if (!(s = calloc(1, sizeof(*s))))
                return -ENOMEM;
        memcpy(s->path, arg, n);
        s->fd = -1;
        key_decoder_init(&s->keys, layout);
        *ret = s;
        return 0;
}

static void evdev_drop(struct evdev_scanner *s)
{
        if (s->dev)
                libevdev_free(s->dev);
        if (s->fd >= 0)
                close(s->fd);
        s->dev = NULL;
        s->fd = -1;
        key_decoder_init(&s->keys, s->keys.layout);
}

static int evdev_fd(void *dev)
{
        struct evdev_scanner *s = dev;

        if (s->fd >= 0)
                return s->fd;
        if ((s->fd = open(s->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
                return -1;
        if (libevdev_new_from_fd(s->fd, &s->dev) < 0 || libevdev_grab(s->dev, LIBEVDEV_GRAB) < 0) {
                evdev_drop(s);
                return -1;
        }
        return s->fd;
}

static int evdev_read(void *dev, char code[static SCAN_MAX + 1])
{
        struct evdev_scanner *s = dev;
        struct input_event ev;
        int r;

        if (!s->dev)
                return 0;
        while ((r = libevdev_next_event(s->dev, LIBEVDEV_READ_FLAG_NORMAL, &ev)) >= 0) {
                if (r == LIBEVDEV_READ_STATUS_SYNC) { /* events were dropped: what was typed is lost */
                        key_decoder_init(&s->keys, s->keys.layout);
                        continue;
                }
                if (ev.type == EV_KEY && (r = key_decoder_feed(&s->keys, ev.code, ev.value, code)) != 0)
                        return r;
        }
        if (r == -EAGAIN)
                return 0;
        evdev_drop(s); /* unplugged: looked for again at the next poll */
        return 0;
}

static void evdev_close(void *dev)
{
        struct evdev_scanner *s = dev;

        if (!s)
                return;
        evdev_drop(s);
        free(s);
}

const struct scanner_ops evdev_scanner_ops = {
        .scheme = "evdev",
        .open = evdev_open,
        .fd = evdev_fd,
        .read = evdev_read,
        .close = evdev_close,
};
