/* A power cut for SQLite, preloaded into posd by a test: a VFS over the default one that
 * keeps every write in memory until the file is synced, so whatever was not fsynced
 * when the process is killed never reaches the disk, as after a power loss. Like the
 * page cache, what is not yet synced is shared by every connection that has the file
 * open, and reads see it. The shared-memory index of WAL mode is not a file SQLite
 * syncs, and passes straight through.
 *
 * Faults too: while the file named by $POWERLOSS_FAULTS holds "write", "full" or "sync",
 * writes fail with EIO, writes fail with ENOSPC, or fsyncs fail with EIO (what was
 * written stays unsynced). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pending {
        sqlite3_int64 off;
        int len;
        struct pending *next;
        unsigned char data[];
};

/* what is not yet synced of one file, however many have it open */
struct cache {
        char name[512];
        int refs;
        pthread_mutex_t mu;
        struct pending *head, *tail;
        struct cache *next;
};

struct pfile {
        sqlite3_file base;
        struct cache *c;
        sqlite3_file *real; /* the default VFS's file, allocated after this struct */
};

static sqlite3_vfs *real_vfs;
static const char *faults; /* $POWERLOSS_FAULTS */

/* the fault the control file asks for: 'w'rite, 'f'ull, 's'ync, or 0 */
static int fault(void)
{
        char word[8] = "";
        FILE *f;

        if (!faults || !(f = fopen(faults, "r")))
                return 0;
        if (!fgets(word, sizeof(word), f))
                word[0] = '\0';
        fclose(f);
        return word[0];
}
static pthread_mutex_t caches_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cache *caches;

static struct cache *cache_get(const char *name)
{
        struct cache *c;

        pthread_mutex_lock(&caches_mu);
        for (c = caches; c && (!name || strcmp(c->name, name)); c = c->next)
                ;
        if (!c && (c = calloc(1, sizeof(*c)))) {
                snprintf(c->name, sizeof(c->name), "%s", name ? name : "");
                pthread_mutex_init(&c->mu, NULL);
                if (name) { /* a temporary file has no name and is nobody else's */
                        c->next = caches;
                        caches = c;
                }
        }
        if (c)
                c->refs++;
        pthread_mutex_unlock(&caches_mu);
        return c;
}

/* write out what waits, through f's handle; the cache is locked */
static int flush(struct pfile *f)
{
        struct cache *c = f->c;
        int rc = SQLITE_OK;

        while (c->head) {
                struct pending *p = c->head;
                if (rc == SQLITE_OK)
                        rc = f->real->pMethods->xWrite(f->real, p->data, p->len, p->off);
                c->head = p->next;
                free(p);
        }
        c->tail = NULL;
        return rc;
}

static int p_close(sqlite3_file *file)
{
        struct pfile *f = (struct pfile *)file;
        struct cache *c = f->c;
        int rc = SQLITE_OK, last;

        /* the last clean close writes out what waits, as the OS would in time; under the
         * list's lock, so that nobody opens the file meanwhile and misses it */
        pthread_mutex_lock(&caches_mu);
        if ((last = --c->refs == 0)) {
                rc = flush(f);
                if (c->name[0]) {
                        struct cache **pp = &caches;
                        while (*pp != c)
                                pp = &(*pp)->next;
                        *pp = c->next;
                }
        }
        pthread_mutex_unlock(&caches_mu);
        if (last) {
                pthread_mutex_destroy(&c->mu);
                free(c);
        }
        f->real->pMethods->xClose(f->real);
        return rc;
}

static int p_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
        struct pfile *f = (struct pfile *)file;
        sqlite3_int64 size = 0;
        int hit = 0, rc;

        pthread_mutex_lock(&f->c->mu);
        rc = f->real->pMethods->xRead(f->real, buf, amt, off);
        if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
                pthread_mutex_unlock(&f->c->mu);
                return rc;
        }
        for (struct pending *p = f->c->head; p; p = p->next) {
                sqlite3_int64 lo = p->off > off ? p->off : off;
                sqlite3_int64 hi = p->off + p->len < off + amt ? p->off + p->len : off + amt;
                if (lo < hi) {
                        memcpy((unsigned char *)buf + (lo - off), p->data + (lo - p->off), (size_t)(hi - lo));
                        hit = 1;
                }
                if (p->off + p->len > size)
                        size = p->off + p->len;
        }
        /* a short read that the pending writes cover in full is no longer short */
        if (rc == SQLITE_IOERR_SHORT_READ && hit && size >= off + amt)
                rc = SQLITE_OK;
        pthread_mutex_unlock(&f->c->mu);
        return rc;
}

static int p_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
        struct pfile *f = (struct pfile *)file;
        int why = fault();
        struct pending *p;

        if (why == 'w')
                return SQLITE_IOERR_WRITE;
        if (why == 'f')
                return SQLITE_FULL;
        if (!(p = malloc(sizeof(*p) + (size_t)amt)))
                return SQLITE_IOERR_NOMEM;
        p->off = off;
        p->len = amt;
        p->next = NULL;
        memcpy(p->data, buf, (size_t)amt);
        pthread_mutex_lock(&f->c->mu);
        if (f->c->tail)
                f->c->tail->next = p;
        else
                f->c->head = p;
        f->c->tail = p;
        pthread_mutex_unlock(&f->c->mu);
        return SQLITE_OK;
}

/* A truncate is no sync: what waits below the new size still waits, what was past it is
 * gone. */
static int p_truncate(sqlite3_file *file, sqlite3_int64 size)
{
        struct pfile *f = (struct pfile *)file;
        struct cache *c = f->c;
        int rc;

        pthread_mutex_lock(&c->mu);
        for (struct pending **pp = &c->head, *p; (p = *pp);) {
                if (p->off >= size) {
                        *pp = p->next;
                        free(p);
                        continue;
                }
                if (p->off + p->len > size)
                        p->len = (int)(size - p->off);
                c->tail = p;
                pp = &p->next;
        }
        if (!c->head)
                c->tail = NULL;
        rc = f->real->pMethods->xTruncate(f->real, size);
        pthread_mutex_unlock(&c->mu);
        return rc;
}

static int p_sync(sqlite3_file *file, int flags)
{
        struct pfile *f = (struct pfile *)file;
        int rc;

        if (fault() == 's')
                return SQLITE_IOERR_FSYNC;
        pthread_mutex_lock(&f->c->mu);
        if ((rc = flush(f)) == SQLITE_OK)
                rc = f->real->pMethods->xSync(f->real, flags);
        pthread_mutex_unlock(&f->c->mu);
        return rc;
}

static int p_size(sqlite3_file *file, sqlite3_int64 *ret)
{
        struct pfile *f = (struct pfile *)file;
        int rc;

        pthread_mutex_lock(&f->c->mu);
        rc = f->real->pMethods->xFileSize(f->real, ret);
        for (struct pending *p = f->c->head; rc == SQLITE_OK && p; p = p->next)
                if (p->off + p->len > *ret)
                        *ret = p->off + p->len;
        pthread_mutex_unlock(&f->c->mu);
        return rc;
}

#define PASS(name, args, call)                                                                 \
        static int p_##name args                                                               \
        {                                                                                      \
                struct pfile *f = (struct pfile *)file;                                        \
                return f->real->pMethods->call;                                               \
        }
PASS(lock, (sqlite3_file *file, int l), xLock(f->real, l))
PASS(unlock, (sqlite3_file *file, int l), xUnlock(f->real, l))
PASS(check, (sqlite3_file *file, int *out), xCheckReservedLock(f->real, out))
PASS(control, (sqlite3_file *file, int op, void *arg), xFileControl(f->real, op, arg))
PASS(sector, (sqlite3_file *file), xSectorSize(f->real))
PASS(caps, (sqlite3_file *file), xDeviceCharacteristics(f->real) & ~SQLITE_IOCAP_POWERSAFE_OVERWRITE)
PASS(shm_map, (sqlite3_file *file, int pg, int sz, int extend, void volatile **pp), xShmMap(f->real, pg, sz, extend, pp))
PASS(shm_lock, (sqlite3_file *file, int off, int n, int flags), xShmLock(f->real, off, n, flags))
PASS(shm_unmap, (sqlite3_file *file, int del), xShmUnmap(f->real, del))

static void p_barrier(sqlite3_file *file)
{
        struct pfile *f = (struct pfile *)file;
        f->real->pMethods->xShmBarrier(f->real);
}

static const sqlite3_io_methods methods = {
        2, p_close, p_read, p_write, p_truncate, p_sync, p_size, p_lock, p_unlock, p_check, p_control, p_sector,
        p_caps, p_shm_map, p_shm_lock, p_barrier, p_shm_unmap, NULL, NULL,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
        struct pfile *f = (struct pfile *)file;
        int rc;

        (void)vfs;
        memset(f, 0, sizeof(*f));
        f->real = (sqlite3_file *)(f + 1);
        rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out);
        if (rc == SQLITE_OK && f->real->pMethods && !(f->c = cache_get(name))) {
                f->real->pMethods->xClose(f->real);
                rc = SQLITE_NOMEM;
        }
        f->base.pMethods = rc == SQLITE_OK && f->real->pMethods ? &methods : NULL;
        return rc;
}

#define VPASS(ret, name, args, call)                                                           \
        static ret v_##name args                                                               \
        {                                                                                      \
                (void)vfs;                                                                     \
                return real_vfs->call;                                                         \
        }
VPASS(int, delete, (sqlite3_vfs *vfs, const char *n, int sync), xDelete(real_vfs, n, sync))
VPASS(int, access, (sqlite3_vfs *vfs, const char *n, int flags, int *out), xAccess(real_vfs, n, flags, out))
VPASS(int, full, (sqlite3_vfs *vfs, const char *n, int len, char *out), xFullPathname(real_vfs, n, len, out))
VPASS(void *, dlopen, (sqlite3_vfs *vfs, const char *n), xDlOpen(real_vfs, n))
VPASS(int, random, (sqlite3_vfs *vfs, int n, char *out), xRandomness(real_vfs, n, out))
VPASS(int, sleep, (sqlite3_vfs *vfs, int us), xSleep(real_vfs, us))
VPASS(int, now, (sqlite3_vfs *vfs, double *out), xCurrentTime(real_vfs, out))
VPASS(int, error, (sqlite3_vfs *vfs, int n, char *out), xGetLastError(real_vfs, n, out))
VPASS(int, now64, (sqlite3_vfs *vfs, sqlite3_int64 *out), xCurrentTimeInt64(real_vfs, out))

static void v_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
        (void)vfs;
        real_vfs->xDlError(real_vfs, n, out);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
        (void)vfs;
        return real_vfs->xDlSym(real_vfs, h, sym);
}

static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
        (void)vfs;
        real_vfs->xDlClose(real_vfs, h);
}

static sqlite3_vfs vfs = {
        2, 0, 0, NULL, "powerloss", NULL, v_open, v_delete, v_access, v_full, v_dlopen, v_dlerror, v_dlsym, v_dlclose,
        v_random, v_sleep, v_now, v_error, v_now64, NULL, NULL, NULL,
};

__attribute__((constructor)) static void install(void)
{
        faults = getenv("POWERLOSS_FAULTS");
        if (sqlite3_initialize() != SQLITE_OK || !(real_vfs = sqlite3_vfs_find(NULL)))
                return;
        vfs.szOsFile = (int)sizeof(struct pfile) + real_vfs->szOsFile;
        vfs.mxPathname = real_vfs->mxPathname;
        sqlite3_vfs_register(&vfs, 1);
}
