/* What posd tells systemd, heard as systemd would. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "notify.h"

static void *listen_notify(void *arg)
{
        struct notify *n = arg;
        char msg[512];

        for (;;) {
                ssize_t len = recv(n->fd, msg, sizeof(msg) - 1, 0);
                int64_t now = mono_ms();
                const char *status;
                pthread_mutex_lock(&n->lock);
                if (n->stop) {
                        pthread_mutex_unlock(&n->lock);
                        return NULL;
                }
                if (len > 0) {
                        msg[len] = '\0';
                        if (strstr(msg, "READY=1") && !n->ready) {
                                n->ready = true;
                                n->last_ping = now;
                        }
                        if (strstr(msg, "WATCHDOG=1")) {
                                if (n->last_ping && now - n->last_ping > n->max_gap)
                                        n->max_gap = now - n->last_ping;
                                n->last_ping = now;
                                n->pings++;
                        }
                        if ((status = strstr(msg, "STATUS=")))
                                snprintf(n->status, sizeof(n->status), "%.*s", (int)strcspn(status + 7, "\n"),
                                         status + 7);
                }
                pthread_mutex_unlock(&n->lock);
        }
}

void notify_open(struct notify *n, const char *path)
{
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        struct timeval tv = { 0, 200000 };

        memset(n, 0, sizeof(*n));
        pthread_mutex_init(&n->lock, NULL);
        assert_true(strlen(path) < sizeof(a.sun_path));
        strcpy(a.sun_path, path);
        n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        assert_true(n->fd >= 0);
        assert_int_equal(bind(n->fd, (struct sockaddr *)&a, sizeof(a)), 0);
        setsockopt(n->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        assert_int_equal(pthread_create(&n->th, NULL, listen_notify, n), 0);
}

void notify_close(struct notify *n)
{
        pthread_mutex_lock(&n->lock);
        n->stop = true;
        pthread_mutex_unlock(&n->lock);
        pthread_join(n->th, NULL);
        close(n->fd);
        pthread_mutex_destroy(&n->lock);
}

int64_t ping_gap(struct notify *n)
{
        int64_t gap;

        pthread_mutex_lock(&n->lock);
        gap = n->max_gap;
        if (n->last_ping && mono_ms() - n->last_ping > gap)
                gap = mono_ms() - n->last_ping;
        pthread_mutex_unlock(&n->lock);
        return gap;
}

const char *notify_status(struct notify *n)
{
        static char status[256];

        pthread_mutex_lock(&n->lock);
        snprintf(status, sizeof(status), "%s", n->status);
        pthread_mutex_unlock(&n->lock);
        return status;
}

void posd_start_watched(struct posd *p, const char *bin, const char *sock, const char *usec)
{
        char cmd[2048];

        /* the shell's pid is posd's own once it execs */
        snprintf(cmd, sizeof(cmd), "NOTIFY_SOCKET=%s WATCHDOG_USEC=%s WATCHDOG_PID=$$ exec %s --db %s "
                 "--listen 127.0.0.1:0 -c %s/posd.conf", sock, usec, bin, p->store.path, p->store.dir);
        posd_run(p, cmd);
}
