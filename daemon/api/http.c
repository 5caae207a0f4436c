/* libmicrohttpd glue: one thread per connection (an events stream may wait for long),
 * bounded bodies and headers, JSON answers, and the events stream. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api_int.h"
#include "imports.h"
#include "static.h"
#include "devices.h"
#include "cond.h"
#include "log.h"

#define HEADER_MEMORY (32 * 1024) /* request line + headers of one request */
#define SSE_HEARTBEAT_MS 15000

static void req_free(struct req *r)
{
        if (!r)
                return;
        if (r->l)
                pool_put(r->lpool, r->l);
        for (int i = 0; i < r->nevents; i++)
                json_decref(r->events[i].data);
        json_decref(r->in);
        json_decref(r->out);
        free(r->body);
        if (r->upload)
                fclose(r->upload);
        if (r->file)
                fclose(r->file);
        free(r);
}

/* body as the answer, with what r (when there is one) adds to it: Retry-After, Allow, and
 * the connection's end. */
static enum MHD_Result send_json(struct MHD_Connection *c, int status, json_t *body, const struct req *r)
{
        char *text = body ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
        struct MHD_Response *resp;
        enum MHD_Result ret;

        if (!text)
                text = strdup("{\"error\":{\"code\":\"INTERNAL\",\"message\":\"no answer was made\"}}"), status = 500;
        if (!text)
                return MHD_NO;
        resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
                free(text);
                return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        if (r && r->retry_after) {
                char s[16];
                snprintf(s, sizeof(s), "%u", r->retry_after);
                MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, s);
        }
        if (r && r->allow[0])
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
        if (r && r->close)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
        ret = MHD_queue_response(c, (unsigned)status, resp);
        MHD_destroy_response(resp);
        return ret;
}

static enum MHD_Result send_reply(struct req *r)
{
        return send_json(r->conn, r->status, r->out, r);
}

/* ---- the events stream ---- */

#define SSE_CHECK_MS 1000 /* a stream hears within this that its session has ended */

struct sse {
        struct api *api;
        char token[TOKEN_HEX + 1];
        struct events *ev;
        int heartbeat_ms;
        uint64_t last;
        uint64_t gen;               /* sessions_gen when the session was last checked */
        int64_t checked, sent;      /* mono_ms of the last check, of the last bytes queued */
        char lane[EVENT_LANE_MAX + 1];
        char *pending;
        size_t len, off;
        int fd;                     /* the client's socket, -1 when MHD does not say */
        bool training;              /* a session in training hears the training store's events */
};

/* A client that went away is otherwise heard of only at the next write: its dead stream
 * would hold one of its address's connections until the heartbeat. Nothing is sent up a
 * stream after its request, so a read side at its end means the client has closed. */
static bool peer_gone(const struct sse *s)
{
        struct pollfd pf = { .fd = s->fd, .events = POLLRDHUP };

        return s->fd >= 0 && poll(&pf, 1, 0) > 0 && (pf.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

void sessions_changed(struct api *a)
{
        pthread_mutex_lock(&a->cfg_lock);
        a->sessions_gen++;
        pthread_mutex_unlock(&a->cfg_lock);
}

static uint64_t sessions_gen(struct api *a)
{
        uint64_t g;

        pthread_mutex_lock(&a->cfg_lock);
        g = a->sessions_gen;
        pthread_mutex_unlock(&a->cfg_lock);
        return g;
}

/* 1 while the session lasts, 0 once it has ended (signed out, expired, the user
 * disabled), -1 when the store cannot say now. */
static int session_state(struct sse *s)
{
        struct ledger *l = pool_get(s->api->pool, SSE_CHECK_MS);
        struct session who;
        int r;

        if (!l)
                return -1;
        r = session_check(l, s->token, &who);
        pool_put(s->api->pool, l);
        return r == 0 ? 1 : r == -EACCES || r == -ETIMEDOUT ? 0 : -1;
}

/* Nothing is sent on a session not checked within SSE_CHECK_MS, nor since a session
 * ended here: the stream carries customers' names and phones. */
static int session_fresh(struct sse *s)
{
        uint64_t gen = sessions_gen(s->api);
        int alive;

        if (gen == s->gen && mono_ms() - s->checked < SSE_CHECK_MS)
                return 1;
        if ((alive = session_state(s)) == 1) {
                s->gen = gen;
                s->checked = mono_ms();
        }
        return alive;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
        struct sse *s = cls;
        struct event e;
        size_t n;
        int r, alive;

        (void)pos;
        while (s->off == s->len) {
                free(s->pending);
                s->pending = NULL;
                s->len = s->off = 0;
                if ((r = events_wait(s->ev, s->last, s->lane, s->training, SSE_CHECK_MS, &e)) < 0 || peer_gone(s)) {
                        if (r == 1)
                                free(e.data);
                        return MHD_CONTENT_READER_END_OF_STREAM;
                }
                if ((alive = session_fresh(s)) <= 0) {
                        if (r == 1)
                                free(e.data); /* kept in the ring: sent once the store can vouch */
                        if (alive == 0)
                                return MHD_CONTENT_READER_END_OF_STREAM;
                        continue;
                }
                if (r == 1) {
                        s->last = e.id;
                        if (asprintf(&s->pending, "id: %" PRIu64 "\nevent: %s\ndata: %s\n\n", e.id, e.type, e.data) < 0)
                                s->pending = NULL;
                        free(e.data);
                } else if (mono_ms() - s->sent >= s->heartbeat_ms) {
                        s->pending = strdup(": ping\n\n"); /* keeps proxies and the idle timer content */
                } else {
                        continue;
                }
                if (!s->pending)
                        return MHD_CONTENT_READER_END_WITH_ERROR;
                s->len = strlen(s->pending);
                s->sent = mono_ms();
        }
        n = s->len - s->off < max ? s->len - s->off : max;
        memcpy(buf, s->pending + s->off, n);
        s->off += n;
        return (ssize_t)n;
}

static void sse_free(void *cls)
{
        struct sse *s = cls;

        pthread_mutex_lock(&s->api->cfg_lock);
        s->api->streams--;
        pthread_mutex_unlock(&s->api->cfg_lock);
        free(s->pending);
        free(s);
}

/* Last-Event-ID from a reconnecting client; anything but a number means "from now". */
static uint64_t last_event_id(const char *from, uint64_t now)
{
        char *end;
        unsigned long long v;

        if (!from)
                return now;
        v = strtoull(from, &end, 10);
        return *end || end == from || v > now ? now : v;
}

static enum MHD_Result serve_events(struct req *r)
{
        const char *from = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Last-Event-ID");
        const union MHD_ConnectionInfo *ci;
        struct MHD_Response *resp;
        struct sse *s;
        enum MHD_Result ret;

        const char *auth = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        bool full;

        dispatch_auth(r, ANY_USER);
        if (r->status)
                return send_reply(r);
        /* streams may hold at most half the connections: the rest stay for requests */
        pthread_mutex_lock(&r->api->cfg_lock);
        full = r->api->streams >= r->cfg.max_connections / 2;
        if (!full)
                r->api->streams++;
        pthread_mutex_unlock(&r->api->cfg_lock);
        if (full) {
                reply_error(r, 503, "TOO_MANY_STREAMS", "too many events streams are open: close one first");
                return send_reply(r);
        }
        if (!(s = calloc(1, sizeof(*s)))) {
                pthread_mutex_lock(&r->api->cfg_lock);
                r->api->streams--;
                pthread_mutex_unlock(&r->api->cfg_lock);
                return MHD_NO;
        }
        s->api = r->api;
        snprintf(s->token, sizeof(s->token), "%s", auth + 7);
        s->ev = r->api->ev;
        /* a comment before the idle timeout would close a quiet stream */
        s->heartbeat_ms = r->cfg.timeout_s * 500 < SSE_HEARTBEAT_MS ? (int)r->cfg.timeout_s * 500 : SSE_HEARTBEAT_MS;
        s->last = last_event_id(from, events_last_id(r->api->ev));
        s->gen = sessions_gen(r->api) - 1; /* checked again before the first event */
        s->sent = mono_ms();
        snprintf(s->lane, sizeof(s->lane), "%s", r->s.lane);
        s->training = r->s.training;
        ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        s->fd = ci ? ci->connect_fd : -1;
        resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read, s, sse_free);
        if (!resp) {
                sse_free(s); /* gives the stream's place back */
                return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
}

/* ---- connections and their deadlines ---- */

/* libmicrohttpd times only a connection's silence, so a client sending a header byte
 * now and then would hold its thread for ever. Each connection is noted here when it
 * opens; a reaper shuts the socket of one whose request is not all in by its deadline:
 * request_timeout_s from its opening (or from its last answer, kept alive), plus the
 * time its body takes at min_upload_kib_s. A request that is in (an events stream, a
 * long report) has no deadline until it is answered. */
#define REAP_EVERY_MS 200

struct conn {
        struct conn *prev, *next;
        int fd;
        int64_t since;   /* mono_ms */
        uint64_t body;   /* bytes of the body read so far */
        bool read, cut;  /* the request is all in; the socket was shut */
};

struct conns {
        pthread_mutex_t lock;
        pthread_cond_t wake;
        struct conn list; /* a ring through its head */
        bool stop;
        pthread_t reaper;
        struct api *api;
};

static struct conn *conn_of(struct MHD_Connection *c)
{
        const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

        return i ? i->socket_context : NULL;
}

/* The request on c is in (read) or answered (!read); body bytes arrived. */
static void conn_note(struct api *a, struct MHD_Connection *c, size_t body, bool read)
{
        struct conn *k = conn_of(c);

        if (!k)
                return;
        pthread_mutex_lock(&a->conns->lock);
        k->body += body;
        if (read != k->read && !read) {
                k->since = mono_ms();
                k->body = 0;
        }
        k->read = read;
        pthread_mutex_unlock(&a->conns->lock);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
        struct api *a = cls;
        struct conn *k = *socket_context;
        const union MHD_ConnectionInfo *i;

        if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
                i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
                if (!i || !(k = calloc(1, sizeof(*k))))
                        return; /* untracked: it still has the idle timeout */
                k->fd = i->connect_fd;
                k->since = mono_ms();
                pthread_mutex_lock(&a->conns->lock);
                k->next = a->conns->list.next;
                k->prev = &a->conns->list;
                k->next->prev = k;
                a->conns->list.next = k;
                pthread_mutex_unlock(&a->conns->lock);
                *socket_context = k;
        } else if (k) { /* closed: told before its socket is closed, so the reaper never shuts another's */
                pthread_mutex_lock(&a->conns->lock);
                k->prev->next = k->next;
                k->next->prev = k->prev;
                pthread_mutex_unlock(&a->conns->lock);
                free(k);
                *socket_context = NULL;
        }
}

static void *reaper(void *arg)
{
        struct conns *cs = arg;
        struct timespec until;
        int64_t now, grace_ms, rate;

        pthread_mutex_lock(&cs->lock);
        while (!cs->stop) {
                pthread_mutex_lock(&cs->api->cfg_lock);
                grace_ms = (int64_t)cs->api->cfg.request_timeout_s * 1000;
                rate = (int64_t)cs->api->cfg.min_upload_kib_s * 1024;
                pthread_mutex_unlock(&cs->api->cfg_lock);
                now = mono_ms();
                for (struct conn *k = cs->list.next; k != &cs->list; k = k->next)
                        if (!k->read && !k->cut && now > k->since + grace_ms + (int64_t)(k->body * 1000 / (uint64_t)rate)) {
                                shutdown(k->fd, SHUT_RDWR); /* its thread sees the end and closes it */
                                k->cut = true;
                        }
                clock_gettime(CLOCK_MONOTONIC, &until);
                until.tv_nsec += REAP_EVERY_MS * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&cs->wake, &cs->lock, &until);
        }
        pthread_mutex_unlock(&cs->lock);
        return NULL;
}

static int conns_start(struct api *a)
{
        struct conns *cs = calloc(1, sizeof(*cs));

        if (!cs)
                return -ENOMEM;
        pthread_mutex_init(&cs->lock, NULL);
        cond_init_monotonic(&cs->wake);
        cs->list.next = cs->list.prev = &cs->list;
        cs->api = a;
        if (pthread_create(&cs->reaper, NULL, reaper, cs) != 0) {
                pthread_cond_destroy(&cs->wake);
                pthread_mutex_destroy(&cs->lock);
                free(cs);
                return -EAGAIN;
        }
        a->conns = cs;
        return 0;
}

/* After the daemon has stopped: every connection is closed. */
static void conns_stop(struct conns *cs)
{
        if (!cs)
                return;
        pthread_mutex_lock(&cs->lock);
        cs->stop = true;
        pthread_cond_signal(&cs->wake);
        pthread_mutex_unlock(&cs->lock);
        pthread_join(cs->reaper, NULL);
        pthread_cond_destroy(&cs->wake);
        pthread_mutex_destroy(&cs->lock);
        free(cs);
}

/* ---- requests ---- */

/* Without its lists: for an event too large to send whole (a very long ticket). The
 * client fetches the rest. */
static json_t *slim(json_t *data)
{
        json_t *o = json_object(), *v;
        const char *k;

        json_object_foreach(data, k, v)
                if (!json_is_array(v) && !json_is_object(v))
                        json_object_set(o, k, v);
        json_object_set_new(o, "partial", json_true());
        return o;
}

static void publish(struct req *r)
{
        enum event_store store = r->s.training ? EVENT_TRAINING : EVENT_STORE;

        for (int i = 0; i < r->nevents; i++) {
                char *text = json_dumps(r->events[i].data, JSON_COMPACT | JSON_REAL_PRECISION(15));
                if (text && events_publish(r->api->ev, r->events[i].type, r->s.lane, store, text) == -E2BIG) {
                        json_t *s = slim(r->events[i].data);
                        free(text);
                        text = json_dumps(s, JSON_COMPACT | JSON_REAL_PRECISION(15));
                        json_decref(s);
                        if (text)
                                (void)events_publish(r->api->ev, r->events[i].type, r->s.lane, store, text);
                }
                free(text);
        }
}

/* An answer that is a file to save (an export). */
static enum MHD_Result send_file(struct req *r)
{
        struct MHD_Response *resp;
        enum MHD_Result ret;
        char disposition[96];
        long size;
        int fd;

        fflush(r->file);
        if ((size = ftell(r->file)) < 0 || (fd = dup(fileno(r->file))) < 0)
                return MHD_NO;
        if (!(resp = MHD_create_response_from_fd_at_offset64((uint64_t)size, fd, 0))) {
                close(fd);
                return MHD_NO;
        }
        snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", r->file_name);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->file_type);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        ret = MHD_queue_response(r->conn, 200, resp);
        MHD_destroy_response(resp);
        return ret;
}

/* A CSV import arrives as the body: only a manager may send one, and it goes to a
 * temporary file, not memory. Answers at once (non-zero) when refused. */
static int upload_begin(struct req *r, const char *len)
{
        if (strcmp(r->method, "POST") || strcmp(r->path, "/api/v1/imports/products"))
                return 0;
        dispatch_auth(r, MANAGER);
        if (r->status)
                return r->status;
        if (len && strtoull(len, NULL, 10) > r->cfg.max_upload) {
                reply_error(r, 413, "BODY_TOO_LARGE", "the file is larger than %llu bytes",
                            (unsigned long long)r->cfg.max_upload);
                return 413;
        }
        if (!(r->upload = tmpfile())) {
                reply_error(r, 503, "STORAGE_ERROR", "no room for the file");
                return 503;
        }
        crypto_hash_sha256_init(&r->upload_hashing);
        return 0;
}

static void upload_more(struct req *r, const char *data, size_t size)
{
        if (r->body_too_large || r->upload_failed)
                return; /* the rest is read and dropped */
        if (r->upload_len + size > r->cfg.max_upload)
                r->body_too_large = true;
        else if (fwrite(data, 1, size, r->upload) != size)
                r->upload_failed = true; /* the disk is full, or failing */
        crypto_hash_sha256_update(&r->upload_hashing, (const unsigned char *)data, size);
        r->upload_len += size;
}

/* The front end. Its page may load only its own scripts, and only talk to posd. */
static enum MHD_Result serve_static(struct req *r)
{
        static const char csp[] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        struct static_file f;
        struct MHD_Response *resp;
        const char *inm;
        enum MHD_Result ret;
        int rc;

        if (strcmp(r->method, "GET")) {
                snprintf(r->allow, sizeof(r->allow), "GET, HEAD");
                reply_error(r, 405, "METHOD_NOT_ALLOWED", "%s can only be read (GET)", r->path);
                return send_reply(r);
        }
        if (!r->cfg.ui_dir[0] || (rc = static_lookup(r->cfg.ui_dir, r->path, &f)) < 0) {
                reply_error(r, 404, "NOT_FOUND", "there is nothing at %s", r->path);
                return send_reply(r);
        }
        inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
        if (inm && !strcmp(inm, f.etag)) {
                close(f.fd);
                resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
                rc = MHD_HTTP_NOT_MODIFIED;
        } else {
                if (!(resp = MHD_create_response_from_fd64(f.size, f.fd))) /* else it closes the fd */
                        close(f.fd);
                rc = MHD_HTTP_OK;
        }
        if (!resp)
                return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, f.type);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, f.etag);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
        MHD_add_response_header(resp, "Content-Security-Policy", csp);
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
        ret = MHD_queue_response(r->conn, (unsigned)rc, resp);
        MHD_destroy_response(resp);
        return ret;
}

static enum MHD_Result serve(struct req *r)
{
        if (r->body_too_large && r->upload) {
                reply_error(r, 413, "BODY_TOO_LARGE", "the file is larger than %llu bytes",
                            (unsigned long long)r->cfg.max_upload);
                return send_reply(r);
        }
        if (r->upload_failed || (r->upload && fflush(r->upload) != 0)) {
                reply_error(r, 503, "STORAGE_ERROR", "the file could not be stored: the disk may be full");
                return send_reply(r);
        }
        if (r->upload)
                crypto_hash_sha256_final(&r->upload_hashing, r->upload_sum);
        if (r->body_too_large) {
                reply_error(r, 413, "BODY_TOO_LARGE", "the body is larger than %zu bytes", r->cfg.max_body);
                return send_reply(r);
        }
        if (strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/api"))
                return serve_static(r);
        if (strncmp(r->path, "/api/v1/", 8) != 0) {
                reply_error(r, 404, "NOT_FOUND", "there is nothing at %s: the API is under /api/v1/", r->path);
                return send_reply(r);
        }
        memmove(r->path, r->path + 7, strlen(r->path + 7) + 1);
        if (!strcmp(r->path, "/events") && !strcmp(r->method, "GET"))
                return serve_events(r);
        dispatch(r);
        if (r->l && ledger_needs_sync(r->l)) /* nothing it read goes out before it is saved */
                pool_sync(r->lpool, r->l);
        if (r->import_id) /* an answer replayed from its key after a failed COMMIT stands too */
                imports_go(r->api->imports, r->import_id, r->status >= 200 && r->status < 300);
        if (r->status >= 200 && r->status < 300 && strcmp(r->method, "GET") && !strncmp(r->path, "/users/", 7))
                sessions_changed(r->api); /* a user may have lost access: streams check at once */
        if (r->status >= 200 && r->status < 300) {
                publish(r);
                if (r->wake_printer)
                        devices_wake(r->api->dev, r->wake_printer);
                if (r->wake_drawer)
                        devices_wake(r->api->dev, r->wake_drawer);
        }
        if (r->status >= 500) { /* the store failed: whoever looks after the till must hear of it */
                json_t *msg = json_object_get(json_object_get(r->out, "error"), "message");
                log_err("%s %s: %d %s", r->method, r->path, r->status, json_string_value(msg) ? json_string_value(msg) : "");
        }
        if (r->l) {
                pool_put(r->lpool, r->l);
                r->l = NULL;
        }
        if (r->file && r->status == 200)
                return send_file(r);
        if (r->status == 204) {
                struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
                enum MHD_Result ret = MHD_queue_response(r->conn, 204, resp);
                MHD_destroy_response(resp);
                return ret;
        }
        return send_reply(r);
}

static struct req *req_new(struct api *a, struct MHD_Connection *c, const char *url, const char *method)
{
        struct req *r = calloc(1, sizeof(*r));

        if (!r)
                return NULL;
        r->api = a;
        r->conn = c;
        /* HEAD is GET without its body, which libmicrohttpd leaves out */
        r->method = !strcmp(method, MHD_HTTP_METHOD_HEAD) ? MHD_HTTP_METHOD_GET : method;
        pthread_mutex_lock(&a->cfg_lock);
        r->cfg = a->cfg;
        pthread_mutex_unlock(&a->cfg_lock);
        snprintf(r->path, sizeof(r->path), "%s", url);
        return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **con_cls)
{
        struct req *r = *con_cls;
        const char *len, *why;
        int fault;

        if (!r) {
                if (!(r = req_new(cls, c, url, method)))
                        return MHD_NO;
                *con_cls = r;
                if ((fault = framing_fault(c, version, &why))) {
                        r->close = true;
                        reply_error(r, fault, fault == 501 ? "NOT_IMPLEMENTED" : "BAD_REQUEST", "%s", why);
                        return send_reply(r);
                }
                len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
                if (strlen(url) >= sizeof(r->path))
                        return send_json(c, 414, json_pack("{s:{s:s,s:s}}", "error", "code", "URI_TOO_LONG", "message",
                                                           "the path is too long"), NULL);
                if (upload_begin(r, len))
                        return send_reply(r);
                if (!r->upload && len && strtoull(len, NULL, 10) > r->cfg.max_body)
                        r->body_too_large = true;
                return MHD_YES;
        }
        /* only what is kept earns time: a body past its limit, read and dropped, earns none */
        if (*size)
                conn_note(r->api, c, r->body_too_large || r->upload_failed ? 0 : *size, false);
        if (*size && r->upload) {
                upload_more(r, data, *size);
                *size = 0;
                return MHD_YES;
        }
        if (*size) {
                if (!r->body_too_large && r->body_len + *size <= r->cfg.max_body) {
                        char *b = realloc(r->body, r->body_len + *size + 1);
                        if (!b)
                                return MHD_NO;
                        memcpy(b + r->body_len, data, *size);
                        r->body = b;
                        r->body_len += *size;
                        r->body[r->body_len] = '\0';
                } else {
                        r->body_too_large = true; /* the rest is read and dropped */
                }
                *size = 0;
                return MHD_YES;
        }
        conn_note(r->api, c, 0, true);
        return serve(r);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
        (void)why;
        conn_note(cls, c, 0, false); /* kept alive: the next request's deadline runs from now */
        req_free(*con_cls);
        *con_cls = NULL;
}

static int hex_digit(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        c = (char)(c | 0x20);
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* %HH decoding of paths and query values, except that %00 stays as it is: a decoded NUL
 * would cut "/x.js%00.html" short to "/x.js" and serve what was not asked for. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
        char *w = s;
        int hi, lo;

        (void)cls;
        (void)c;
        for (const char *r = s; *r; r++) {
                if (r[0] == '%' && (hi = hex_digit(r[1])) >= 0 && (lo = hex_digit(r[2])) >= 0 && (hi | lo)) {
                        *w++ = (char)(hi << 4 | lo);
                        r += 2;
                } else {
                        *w++ = *r;
                }
        }
        *w = '\0';
        return (size_t)(w - s);
}

/* libmicrohttpd's own messages, with the journald priority the rest of the log has */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
        char line[512];
        size_t n;

        (void)cls;
        vsnprintf(line, sizeof(line), fmt, ap);
        n = strlen(line);
        while (n && line[n - 1] == '\n')
                line[--n] = '\0';
        log_warn("http: %s", line);
}

int api_start(const char *host, uint16_t port, const struct api_config *cfg, struct pool *pool,
              struct training *training, struct events *ev, struct devices *dev, struct uploader *up,
              struct hq_reports *reports, struct api **ret)
{
        struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
        struct api *a;

        if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
                return -EINVAL;
        if (!(a = calloc(1, sizeof(*a))))
                return -ENOMEM;
        a->pool = pool;
        a->training = training;
        a->ev = ev;
        a->dev = dev;
        a->up = up;
        a->reports = reports;
        a->cfg = *cfg;
        if (imports_new(&a->imports) < 0) {
                free(a);
                return -ENOMEM;
        }
        pthread_mutex_init(&a->cfg_lock, NULL);
        if (users_init() < 0 || pin_gate_new(&a->gate) < 0 || conns_start(a) < 0) {
                pin_gate_free(a->gate);
                imports_free(a->imports);
                pthread_mutex_destroy(&a->cfg_lock);
                free(a);
                return -ENOMEM;
        }
        a->mhd = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
                                          MHD_USE_ITC,
                                  port, NULL, NULL, on_request, a, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                                  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                  MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
                                  cfg->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY,
                                  MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_per_address,
                                  MHD_OPTION_NOTIFY_COMPLETED, on_done, a,
                                  MHD_OPTION_NOTIFY_CONNECTION, on_connection, a,
                                  MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                                  MHD_OPTION_END);
        if (!a->mhd) {
                conns_stop(a->conns);
                pin_gate_free(a->gate);
                imports_free(a->imports);
                pthread_mutex_destroy(&a->cfg_lock);
                free(a);
                return -EADDRINUSE;
        }
        *ret = a;
        return 0;
}

uint16_t api_port(const struct api *a)
{
        const union MHD_DaemonInfo *i = MHD_get_daemon_info(a->mhd, MHD_DAEMON_INFO_BIND_PORT);
        return i ? i->port : 0;
}

void api_reconfigure(struct api *a, const struct api_config *cfg)
{
        pthread_mutex_lock(&a->cfg_lock);
        {
                /* what libmicrohttpd was started with stays until a restart */
                unsigned most = a->cfg.max_connections, per = a->cfg.max_per_address, idle = a->cfg.timeout_s;
                a->cfg = *cfg;
                a->cfg.max_connections = most;
                a->cfg.max_per_address = per;
                a->cfg.timeout_s = idle;
        }
        pthread_mutex_unlock(&a->cfg_lock);
}

struct api *api_stop(struct api *a)
{
        if (!a)
                return NULL;
        /* events streams wait on the hub: wake them so their threads can end */
        MHD_quiesce_daemon(a->mhd);
        events_close(a->ev);
        MHD_stop_daemon(a->mhd);
        conns_stop(a->conns);
        pin_gate_free(a->gate);
        imports_free(a->imports);
        pthread_mutex_destroy(&a->cfg_lock);
        free(a);
        return NULL;
}
