#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "proxy.h"

#define CONNS_MAX 32
#define REQUEST_OF_SIZE 512 /* bytes: a batch, not a sign-in or a cursor's question */

struct pair {
        int client, server;
};

static int dial(int port)
{
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
                close(fd);
                fd = -1;
        }
        return fd;
}

static void drop(struct pair *c)
{
        if (c->client >= 0)
                close(c->client);
        if (c->server >= 0)
                close(c->server);
        c->client = c->server = -1;
}

/* Bytes from one side to the other as the mode says; false when the pair is done. */
static bool pass(struct proxy *p, struct pair *c, bool from_client)
{
        char buf[65536];
        ssize_t n = read(from_client ? c->client : c->server, buf, sizeof(buf));
        int mode = atomic_load(&p->mode);

        if (n <= 0 || mode == PROXY_CUT)
                return false;
        if (mode == PROXY_DELAY)
                usleep(PROXY_DELAY_MS * 1000);
        if (write(from_client ? c->server : c->client, buf, (size_t)n) != n)
                return false;
        if (mode == PROXY_LOSE_ANSWERS && from_client && n >= REQUEST_OF_SIZE) {
                /* the server has the request; the client will not hear what became of it */
                usleep(200 * 1000);
                atomic_fetch_add(&p->lost, 1);
                return false;
        }
        return true;
}

static void *run(void *arg)
{
        struct proxy *p = arg;
        struct pair conns[CONNS_MAX];

        for (int i = 0; i < CONNS_MAX; i++)
                conns[i].client = conns[i].server = -1;
        while (!atomic_load(&p->stop)) {
                struct pollfd fds[1 + 2 * CONNS_MAX];
                int n = 0;
                fds[n++] = (struct pollfd){ p->listen_fd, POLLIN, 0 };
                for (int i = 0; i < CONNS_MAX; i++)
                        if (conns[i].client >= 0) {
                                fds[n++] = (struct pollfd){ conns[i].client, POLLIN, 0 };
                                fds[n++] = (struct pollfd){ conns[i].server, POLLIN, 0 };
                        }
                if (poll(fds, (nfds_t)n, 100) < 0 && errno != EINTR)
                        break;
                if (atomic_load(&p->mode) == PROXY_CUT)
                        for (int i = 0; i < CONNS_MAX; i++)
                                drop(&conns[i]);
                if (fds[0].revents & POLLIN) {
                        int fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC), i = 0;
                        while (i < CONNS_MAX && conns[i].client >= 0)
                                i++;
                        if (fd >= 0 && (atomic_load(&p->mode) == PROXY_CUT || i == CONNS_MAX ||
                                        (conns[i].server = dial(p->to_port)) < 0))
                                close(fd);
                        else if (fd >= 0)
                                conns[i].client = fd;
                }
                for (int k = 1; k < n; k++) {
                        if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                                continue;
                        for (int i = 0; i < CONNS_MAX; i++)
                                if (conns[i].client >= 0 && (fds[k].fd == conns[i].client || fds[k].fd == conns[i].server) &&
                                    !pass(p, &conns[i], fds[k].fd == conns[i].client))
                                        drop(&conns[i]);
                }
        }
        for (int i = 0; i < CONNS_MAX; i++)
                drop(&conns[i]);
        return NULL;
}

void proxy_start(struct proxy *p, int to_port)
{
        struct sockaddr_in a = { .sin_family = AF_INET };
        socklen_t len = sizeof(a);
        int one = 1;

        memset(p, 0, sizeof(*p));
        p->to_port = to_port;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if ((p->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
            setsockopt(p->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(p->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(p->listen_fd, 16) < 0 ||
            getsockname(p->listen_fd, (struct sockaddr *)&a, &len) < 0)
                fail_msg("proxy: %s", strerror(errno));
        p->port = ntohs(a.sin_port);
        if (pthread_create(&p->th, NULL, run, p) != 0)
                fail_msg("proxy: no thread");
}

void proxy_set(struct proxy *p, enum proxy_mode m)
{
        atomic_store(&p->mode, (int)m);
}

void proxy_stop(struct proxy *p)
{
        atomic_store(&p->stop, 1);
        pthread_join(p->th, NULL);
        close(p->listen_fd);
}
