/* Product imports on a thread: progress and every bad line, kept for the browser to read. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "imports.h"
#include "ledger/ledger.h"
#include "ledger/text.h"
#include "log.h"
#include "pool.h"

#define IMPORTS_KEPT 8
#define IMPORT_POOL_WAIT_MS 30000

/* pending: accepted, started only once the answer that says so stands (imports_go) */
enum job_state { JOB_FREE, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_PENDING };

struct job {
        struct imports *owner;
        int id;
        enum job_state state;
        uint64_t done, total;
        bool writing;           /* the file was found good and is being written */
        long imported, skipped; /* products added and rows already there, so far */
        unsigned long line;     /* the last line written */
        json_t *errors;
        char code[32], message[256], user[65];
        FILE *in;
        struct pool *pool;
        pthread_t th;
        bool joinable;
};

struct imports {
        pthread_mutex_t lock;
        struct job jobs[IMPORTS_KEPT];
        int next_id;
        bool stopping; /* posd is stopping: an import ends after the batch it writes */
};

int imports_new(struct imports **ret)
{
        struct imports *im = calloc(1, sizeof(*im));

        if (!im)
                return -ENOMEM;
        pthread_mutex_init(&im->lock, NULL);
        im->next_id = 1;
        *ret = im;
        return 0;
}

struct imports *imports_free(struct imports *im)
{
        if (!im)
                return NULL;
        pthread_mutex_lock(&im->lock);
        im->stopping = true;
        pthread_mutex_unlock(&im->lock);
        for (int i = 0; i < IMPORTS_KEPT; i++) {
                if (im->jobs[i].joinable)
                        pthread_join(im->jobs[i].th, NULL);
                if (im->jobs[i].state == JOB_PENDING)
                        fclose(im->jobs[i].in);
                json_decref(im->jobs[i].errors);
        }
        pthread_mutex_destroy(&im->lock);
        free(im);
        return NULL;
}

static void on_progress(void *ud, uint64_t done, uint64_t total)
{
        struct job *j = ud;

        (void)total;
        pthread_mutex_lock(&j->owner->lock);
        j->done = done;
        pthread_mutex_unlock(&j->owner->lock);
}

static void on_written(void *ud, unsigned long line, long added, long skipped)
{
        struct job *j = ud;

        pthread_mutex_lock(&j->owner->lock);
        j->writing = true;
        j->line = line;
        j->imported = added;
        j->skipped = skipped;
        pthread_mutex_unlock(&j->owner->lock);
}

static bool on_stop(void *ud)
{
        struct job *j = ud;
        bool stop;

        pthread_mutex_lock(&j->owner->lock);
        stop = j->owner->stopping;
        pthread_mutex_unlock(&j->owner->lock);
        return stop;
}

static void on_row_error(void *ud, unsigned long line, const char *code, const char *message)
{
        struct job *j = ud;

        pthread_mutex_lock(&j->owner->lock);
        json_array_append_new(j->errors, json_pack("{s:I,s:s,s:s}", "line", (json_int_t)line, "code", code, "message",
                                                   message));
        pthread_mutex_unlock(&j->owner->lock);
}

static void *run(void *arg)
{
        struct job *j = arg;
        struct import_opts o = { .progress = on_progress, .row_error = on_row_error, .ud = j, .total_bytes = j->total,
                                 .written = on_written, .stop = on_stop };
        struct ledger *l = pool_get(j->pool, IMPORT_POOL_WAIT_MS);
        int n = -EBUSY;

        if (l)
                n = catalog_import_csv(l, j->in, &o);
        pthread_mutex_lock(&j->owner->lock);
        if (n >= 0) {
                j->state = JOB_DONE;
                j->imported = n;
                j->done = j->total;
        } else {
                j->state = JOB_FAILED;
                snprintf(j->code, sizeof(j->code), "%s", l ? ledger_errcode(l) : "BUSY");
                utf8_cut(j->message, sizeof(j->message), l ? ledger_errmsg(l) : "the store is busy: try again");
        }
        pthread_mutex_unlock(&j->owner->lock);
        if (n >= 0)
                log_info("import by %s: %d products added, %ld already there", j->user, n, j->skipped);
        else
                log_warn("import by %s failed (%ld products added): %s", j->user, j->imported, j->message);
        if (l)
                pool_put(j->pool, l);
        fclose(j->in);
        j->in = NULL;
        return NULL;
}

int imports_start(struct imports *im, struct pool *pool, FILE *in, uint64_t size, const char *user, int *ret_id)
{
        struct job *j;
        int r = 0;

        pthread_mutex_lock(&im->lock);
        for (int i = 0; i < IMPORTS_KEPT; i++)
                if (im->jobs[i].state == JOB_RUNNING || im->jobs[i].state == JOB_PENDING)
                        r = -EBUSY;
        j = &im->jobs[im->next_id % IMPORTS_KEPT];
        if (r == 0) {
                if (j->joinable)
                        pthread_join(j->th, NULL); /* long finished: it is not running */
                json_decref(j->errors);
                *j = (struct job){ .owner = im, .id = im->next_id, .state = JOB_PENDING, .total = size, .in = in,
                                   .pool = pool, .errors = json_array() };
                utf8_cut(j->user, sizeof(j->user), user);
                if (!j->errors) {
                        *j = (struct job){ 0 };
                        r = -ENOMEM;
                } else {
                        *ret_id = im->next_id++;
                }
        }
        pthread_mutex_unlock(&im->lock);
        if (r < 0)
                fclose(in);
        return r;
}

void imports_go(struct imports *im, int id, bool go)
{
        struct job *j;

        pthread_mutex_lock(&im->lock);
        j = &im->jobs[id % IMPORTS_KEPT];
        if (j->id == id && j->state == JOB_PENDING) {
                if (go && pthread_create(&j->th, NULL, run, j) == 0) {
                        j->state = JOB_RUNNING;
                        j->joinable = true;
                } else if (go) {
                        j->state = JOB_FAILED;
                        snprintf(j->code, sizeof(j->code), "OUT_OF_MEMORY");
                        snprintf(j->message, sizeof(j->message), "the import could not be started");
                        fclose(j->in);
                        j->in = NULL;
                } else { /* the answer was not saved: as if never asked */
                        fclose(j->in);
                        json_decref(j->errors);
                        *j = (struct job){ 0 };
                }
        }
        pthread_mutex_unlock(&im->lock);
}

json_t *imports_json(struct imports *im, int id)
{
        static const char *const states[] = { "", "running", "done", "failed", "running" };
        const char *phase;
        struct job *j;
        json_t *o = NULL;

        if (id <= 0)
                return NULL;
        pthread_mutex_lock(&im->lock);
        j = &im->jobs[id % IMPORTS_KEPT];
        if (j->id == id && j->state != JOB_FREE) {
                /* a copy: the import thread goes on appending to its own */
                phase = j->state == JOB_PENDING ? "checking" : j->state != JOB_RUNNING ? "" : j->writing ? "writing" : "checking";
                o = json_pack("{s:i,s:s,s:I,s:I,s:I,s:I,s:I,s:o}", "id", id, "state", states[j->state], "done",
                              (json_int_t)j->done, "total", (json_int_t)j->total, "imported", (json_int_t)j->imported,
                              "skipped", (json_int_t)j->skipped, "written_to_line", (json_int_t)j->line, "errors",
                              json_deep_copy(j->errors));
                if (o && *phase)
                        json_object_set_new(o, "phase", json_string(phase));
                if (o && j->state == JOB_FAILED)
                        json_object_set_new(o, "error", json_pack("{s:s,s:s}", "code", j->code, "message", j->message));
        }
        pthread_mutex_unlock(&im->lock);
        return o;
}
