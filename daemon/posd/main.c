/* posd: the point-of-sale daemon. Wiring only: config, the store's connection pool, the
 * events hub, the devices, the uploader to HQ and the HTTP API, signals and systemd. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "cond.h"
#include "config.h"
#include "devices.h"
#include "events.h"
#include "log.h"
#include "pool.h"
#include "reports.h"
#include "training.h"
#include "uploader.h"
#include "ledger/store.h"

#define EVENTS_KEPT 1024
#define HEALTH_WAIT_S 10    /* for the answer to posd's own /health: longer than a request waits for the store */
#define WEDGED_AFTER_S 30   /* a store that takes no write for this long is told */
#define LOOK_EVERY_S 10     /* how often the store is tried for a write; without a watchdog,
                               also how often posd looks after itself */

struct options {
        const char *config, *db, *listen;
};

static int usage(FILE *f)
{
        fprintf(f, "usage: posd [-c FILE] [--db PATH] [--listen HOST:PORT]\n"
                   "Runs the point-of-sale daemon; see posd(8) and posd.conf(5).\n"
                   "The front end is served from %s unless posd.conf says otherwise ([http] ui).\n",
                POSD_UI_DIR);
        return f == stdout ? 0 : 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
        static const struct option opts[] = {
                { "config", required_argument, NULL, 'c' },
                { "db", required_argument, NULL, 'd' },
                { "listen", required_argument, NULL, 'l' },
                { "help", no_argument, NULL, 'h' },
                { 0, 0, 0, 0 },
        };
        int c;

        while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
                switch (c) {
                case 'c': o->config = optarg; break;
                case 'd': o->db = optarg; break;
                case 'l': o->listen = optarg; break;
                case 'h': return usage(stdout) + 1;
                default: return usage(stderr);
                }
        }
        return optind == argc ? 0 : usage(stderr);
}

/* The configuration: defaults, the file, then the command line over both. */
static int load_config(const struct options *o, struct posd_config *cfg)
{
        char err[512];

        config_defaults(cfg);
        if (o->config && config_load(o->config, cfg, err, sizeof(err)) < 0) {
                log_err("%s", err);
                return -EINVAL;
        }
        if (o->db)
                snprintf(cfg->db_path, sizeof(cfg->db_path), "%s", o->db);
        if (o->listen && config_parse_listen(o->listen, cfg->listen_host, &cfg->listen_port) < 0) {
                log_err("--listen %s: give an IPv4 address and a port, like 127.0.0.1:8080", o->listen);
                return -EINVAL;
        }
        return 0;
}

static void api_config_from(const struct posd_config *c, struct api_config *a)
{
        memset(a, 0, sizeof(*a));
        for (int i = 0; i < c->nlanes && i < API_LANES_MAX; i++)
                snprintf(a->lanes[a->nlanes++], sizeof(a->lanes[0]), "%s", c->lanes[i]);
        a->policy.max_discount_bp = c->max_discount_percent * 100;
        a->policy.cash_step = c->cash_rounding;
        a->token_ttl_ms = (int64_t)c->session_hours * 3600 * 1000;
        a->expiry_alert_days = c->expiry_alert_days;
        a->max_body = (size_t)c->max_body_kib * 1024;
        a->max_upload = (uint64_t)c->max_upload_mib << 20;
        a->max_json_depth = c->max_json_depth;
        a->max_connections = (unsigned)c->max_connections;
        a->timeout_s = (unsigned)c->timeout_seconds;
        a->max_per_address = (unsigned)c->max_per_address;
        a->request_timeout_s = (unsigned)c->request_timeout_seconds;
        a->min_upload_kib_s = (unsigned)c->min_upload_kib_s;
        a->max_pin_hashes = (unsigned)c->pin_checks_at_once;
        snprintf(a->ui_dir, sizeof(a->ui_dir), "%s", c->ui_dir);
        snprintf(a->receipt_header, sizeof(a->receipt_header), "%s", c->receipt_header);
        snprintf(a->receipt_footer, sizeof(a->receipt_footer), "%s", c->receipt_footer);
}

/* SIGHUP: what can change without a restart (limits, policy, lanes, sessions). */
static void reload(const struct options *o, struct api *api)
{
        struct posd_config cfg;
        struct api_config ac;

        sd_notify(0, "RELOADING=1");
        if (load_config(o, &cfg) == 0) {
                api_config_from(&cfg, &ac);
                api_reconfigure(api, &ac);
                log_info("configuration reloaded");
        } else {
                log_warn("configuration not reloaded: the old one stays");
        }
        sd_notify(0, "READY=1");
}

/* posd serves when a request to its own /health is answered at all: that takes the HTTP
 * threads but not the write lock, which a long import takes and lets go many times a
 * second. Any status counts (a 503 from a busy store is the store's matter, watched on its
 * own below), and so does being shed at once by a connection limit, which only a listener
 * at work does; what does not is no connection, or no word within the wait. */
static bool serving(const char *host, uint16_t port)
{
        static const char req[] = "GET /api/v1/health HTTP/1.0\r\nHost: posd\r\n\r\n";
        struct timeval tv = { HEALTH_WAIT_S, 0 };
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
        char answer[16] = "";
        bool shed = false;
        ssize_t n = -1;
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (inet_pton(AF_INET, strcmp(host, "0.0.0.0") ? host : "127.0.0.1", &a.sin_addr) != 1 || fd < 0) {
                if (fd >= 0)
                        close(fd);
                return false;
        }
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && write(fd, req, sizeof(req) - 1) == (ssize_t)sizeof(req) - 1) {
                n = recv(fd, answer, sizeof(answer) - 1, MSG_WAITALL);
                shed = n == 0 || (n < 0 && errno == ECONNRESET);
        }
        close(fd);
        return shed || (n >= 12 && !strncmp(answer, "HTTP/1.", 7));
}

/* Whether the store takes writes, tried on a thread of its own: a try waits out the
 * store's busy wait (5 s), which would hold up the watchdog's feeding. */
struct write_watch {
        struct pool *pool;
        pthread_mutex_t lock;
        pthread_cond_t wake;
        bool stop;
        int64_t refused_since; /* monotonic s of the first try refused; 0 while writes go in */
        bool told;             /* the refusal was told */
        pthread_t th;
};

static int64_t mono_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec;
}

static void *watch_writes(void *arg)
{
        struct write_watch *w = arg;

        pthread_mutex_lock(&w->lock);
        while (!w->stop) {
                struct ledger *l;
                struct timespec until;
                int64_t tried = mono_s();
                bool ok;
                pthread_mutex_unlock(&w->lock);
                l = pool_get(w->pool, 1000);
                if ((ok = l && ledger_begin(l) == 0))
                        ledger_rollback(l);
                pool_put(w->pool, l);
                pthread_mutex_lock(&w->lock);
                if (ok)
                        w->refused_since = 0;
                else if (!w->refused_since)
                        w->refused_since = tried;
                clock_gettime(CLOCK_MONOTONIC, &until);
                until.tv_sec += LOOK_EVERY_S;
                while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
                        ;
        }
        pthread_mutex_unlock(&w->lock);
        return NULL;
}

static int write_watch_start(struct write_watch *w, struct pool *pool)
{
        memset(w, 0, sizeof(*w));
        w->pool = pool;
        pthread_mutex_init(&w->lock, NULL);
        cond_init_monotonic(&w->wake);
        if (pthread_create(&w->th, NULL, watch_writes, w) != 0) {
                pthread_cond_destroy(&w->wake);
                pthread_mutex_destroy(&w->lock);
                return -EAGAIN;
        }
        return 0;
}

static void write_watch_stop(struct write_watch *w)
{
        pthread_mutex_lock(&w->lock);
        w->stop = true;
        pthread_cond_broadcast(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->th, NULL);
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
}

/* The watchdog is fed while posd serves; a store that takes no write for long is told
 * (STATUS=, the log) but is no reason to be killed: no write of posd's holds the lock for
 * more than a fraction of a second, so one held that long is most likely another
 * process's, which a restart would not free. */
static void look_after(const char *host, uint16_t port, bool watchdog, struct write_watch *w)
{
        int64_t since, now = mono_s();

        if (serving(host, port)) {
                if (watchdog)
                        sd_notify(0, "WATCHDOG=1");
        } else {
                log_warn("posd does not answer its own /health: the watchdog is not fed");
        }
        pthread_mutex_lock(&w->lock);
        since = w->refused_since;
        pthread_mutex_unlock(&w->lock);
        if (!since && w->told) {
                w->told = false;
                log_info("the store takes writes again");
                sd_notifyf(0, "STATUS=serving on %s:%u", host, port);
        } else if (since && now - since >= WEDGED_AFTER_S) {
                w->told = true;
                log_err("the store has taken no write for %lld s: another process holds its write lock",
                        (long long)(now - since));
                sd_notifyf(0, "STATUS=the store has taken no write for %lld s", (long long)(now - since));
        }
}

static bool store_ready(struct pool *pool)
{
        struct ledger *l = pool_get(pool, 1000);
        struct store_info s;
        bool ok = l && store_get(l, &s) == 0;

        if (!ok)
                log_err("%s", l ? ledger_errmsg(l) : "no store connection");
        else
                log_info("store '%s' (%s)", s.name, s.currency);
        pool_put(pool, l);
        return ok;
}

static int serve(const struct options *o, const struct posd_config *cfg, struct pool *pool, struct events *ev)
{
        struct api_config ac;
        struct api *api = NULL;
        struct devices *dev = NULL;
        struct uploader *up = NULL;
        struct hq_reports *reports = NULL;
        struct training *training = NULL;
        char err[512];
        struct timespec tick;
        sigset_t sigs;
        uint64_t wd_usec = 0;
        struct write_watch ww;
        int r, sig;

        api_config_from(cfg, &ac);
        if ((r = training_new(cfg->db_path, &training)) < 0) {
                log_err("the training store's path: %s", strerror(-r));
                return r;
        }
        if ((r = devices_start(cfg, pool, training, ev, &dev)) < 0) {
                log_err("the devices in the configuration cannot be started");
                training_free(training);
                return r;
        }
        /* a store sends its journal to HQ; HQ's office serves HQ's reports */
        if (cfg->hq.host[0] && (r = !strcmp(cfg->hq.serve, "reports")
                                            ? hq_reports_new(&cfg->hq, &reports, err, sizeof(err))
                                            : uploader_start(&cfg->hq, pool, &up, err, sizeof(err))) < 0) {
                log_err("%s", err);
                devices_stop(dev);
                training_free(training);
                return r;
        }
        if ((r = api_start(cfg->listen_host, (uint16_t)cfg->listen_port, &ac, pool, training, ev, dev, up, reports, &api)) < 0) {
                log_err("cannot listen on %s:%d: %s", cfg->listen_host, cfg->listen_port, strerror(-r));
                goto out;
        }
        if ((r = write_watch_start(&ww, pool)) < 0) {
                log_err("out of threads");
                api_stop(api);
                goto out;
        }
        log_info("listening on http://%s:%u (store %s, lanes: %d)", cfg->listen_host, api_port(api), cfg->db_path,
                 cfg->nlanes);
        if (up || reports)
                log_info("%s HQ at %s:%d as %s", up ? "sending the journal to" : "serving the reports of", cfg->hq.host,
                         cfg->hq.port, cfg->hq.role);
        sd_notifyf(0, "READY=1\nSTATUS=serving on %s:%u", cfg->listen_host, api_port(api));
        if (sd_watchdog_enabled(0, &wd_usec) <= 0)
                wd_usec = 0;
        /* a third of the watchdog's time: a slow answer of /health still feeds it in time */
        tick = (struct timespec){ wd_usec ? (time_t)(wd_usec / 3000000) : LOOK_EVERY_S,
                                  wd_usec ? (long)(wd_usec / 3 % 1000000) * 1000 : 0 };
        sigemptyset(&sigs);
        sigaddset(&sigs, SIGTERM);
        sigaddset(&sigs, SIGINT);
        sigaddset(&sigs, SIGHUP);
        for (;;) {
                sig = sigtimedwait(&sigs, NULL, &tick);
                if (sig == SIGHUP)
                        reload(o, api);
                else if (sig == SIGTERM || sig == SIGINT)
                        break;
                look_after(cfg->listen_host, api_port(api), wd_usec != 0, &ww);
        }
        sd_notify(0, "STOPPING=1");
        write_watch_stop(&ww);
        log_info("stopping: finishing the requests in flight");
        api_stop(api);
        r = 0;
out:
        uploader_stop(up); /* what HQ committed is noted; the rest goes on the next start */
        hq_reports_free(reports);
        devices_stop(dev); /* a receipt being sent is finished; the rest wait in the queue */
        training_free(training);
        return r;
}

int main(int argc, char **argv)
{
        struct options o = { NULL, NULL, NULL };
        struct posd_config cfg;
        struct ledger_error e;
        struct events *ev = NULL;
        struct pool *pool = NULL;
        sigset_t sigs;
        int r;

        ledger_process_init();
        if ((r = parse_args(argc, argv, &o)) != 0)
                return r == 1 ? 0 : r;
        if (sodium_init() < 0) { /* before any thread: PIN checks and tokens need it */
                log_err("libsodium cannot start");
                return 1;
        }
        if (load_config(&o, &cfg) < 0)
                return 1;
        /* signals wait for the main thread; the request threads never see them */
        sigemptyset(&sigs);
        sigaddset(&sigs, SIGTERM);
        sigaddset(&sigs, SIGINT);
        sigaddset(&sigs, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &sigs, NULL);
        signal(SIGPIPE, SIG_IGN);
        if ((r = pool_new(cfg.db_path, (unsigned)cfg.connections, &pool, &e)) < 0) {
                log_err("%s", e.msg[0] ? e.msg : strerror(-r));
                return 1;
        }
        if (!store_ready(pool)) {
                pool_free(pool);
                return 1;
        }
        if ((r = events_new(EVENTS_KEPT, &ev)) < 0) {
                log_err("out of memory");
                pool_free(pool);
                return 1;
        }
        r = serve(&o, &cfg, pool, ev);
        events_free(ev);
        pool_free(pool);
        log_info(r < 0 ? "stopped after an error" : "stopped");
        return r < 0 ? 1 : 0;
}
