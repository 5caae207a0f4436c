/* A CUPS raw queue: "cups:QUEUE". The bytes go to cupsd as one raw job; once cupsd has
 * taken the whole job, the spooler is responsible for it (it keeps and retries it). */
#include <cups/cups.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"

struct cups_printer {
        char queue[128];
};

static int cups_open(const char *arg, void **ret)
{
        struct cups_printer *p;

        if (!*arg || strlen(arg) >= sizeof(p->queue) || strchr(arg, '/'))
                return -EINVAL;
        if (!(p = calloc(1, sizeof(*p))))
                return -ENOMEM;
        memcpy(p->queue, arg, strlen(arg) + 1);
        *ret = p;
        return 0;
}

static int cups_write(void *dev, const uint8_t *b, size_t n)
{
        struct cups_printer *p = dev;
        http_t *http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 5000, NULL);
        int job, r = -EAGAIN;

        if (!http)
                return -EAGAIN; /* cupsd is not there: the job waits in posd's queue */
        job = cupsCreateJob(http, p->queue, "posd receipt", 0, NULL);
        if (job > 0 && cupsStartDocument(http, p->queue, job, "receipt", CUPS_FORMAT_RAW, 1) == HTTP_STATUS_CONTINUE) {
                if (cupsWriteRequestData(http, (const char *)b, n) == HTTP_STATUS_CONTINUE &&
                    cupsFinishDocument(http, p->queue) == IPP_STATUS_OK)
                        r = 0;
                else
                        cupsCancelJob2(http, p->queue, job, 0);
        }
        httpClose(http);
        return r;
}

/* What the queue says: stopped or not accepting is offline. The printer's own paper and
 * cover are cupsd's to watch. */
static int cups_status(void *dev, struct printer_status *ret)
{
        struct cups_printer *p = dev;
        cups_dest_t *dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, p->queue, NULL);
        const char *state, *accepting;

        memset(ret, 0, sizeof(*ret));
        if (!dest)
                return 0; /* cupsd or the queue is gone */
        state = cupsGetOption("printer-state", dest->num_options, dest->options);
        accepting = cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
        ret->online = (!state || strcmp(state, "5") != 0) && (!accepting || strcmp(accepting, "false") != 0);
        cupsFreeDests(1, dest);
        return 0;
}

static void cups_close(void *dev)
{
        free(dev);
}

const struct printer_ops cups_printer_ops = {
        .scheme = "cups",
        .open = cups_open,
        .write = cups_write,
        .status = cups_status,
        .close = cups_close,
};
