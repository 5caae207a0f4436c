/* posctl scan: a code into a simulated scanner, as if it had been scanned. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "posctl.h"

int cmd_scan(struct posctl *pc, int argc, char **argv)
{
        const char *want = argc == 4 && !strcmp(argv[2], "--scanner") ? argv[3] : NULL;
        const struct device_config *s = NULL;
        char line[64];
        int fd, n;

        if (argc != 2 && !want)
                return EXIT_USAGE;
        for (int i = 0; i < pc->cfg.ndevices && !s; i++) {
                const struct device_config *d = &pc->cfg.devices[i];
                if (!strcmp(d->kind, "scanner") && !strncmp(d->uri, "sim:", 4) && (!want || !strcmp(d->name, want)))
                        s = d;
        }
        if (!s) {
                fprintf(stderr, "posctl: no simulated scanner (device = sim:FIFO) in the configuration\n");
                return EXIT_FAILED;
        }
        n = snprintf(line, sizeof(line), "%s\n", argv[1]);
        if (n >= (int)sizeof(line) || strchr(argv[1], '\n')) {
                fprintf(stderr, "posctl: that is no barcode\n");
                return EXIT_FAILED;
        }
        /* non-blocking: with nobody reading, say so rather than wait */
        if ((fd = open(s->uri + 4, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
                fprintf(stderr, "posctl: %s: %s%s\n", s->uri + 4, strerror(errno),
                        errno == ENXIO || errno == ENOENT ? " (is posd running with this scanner?)" : "");
                return EXIT_FAILED;
        }
        if (write(fd, line, (size_t)n) != n) {
                fprintf(stderr, "posctl: %s: %s\n", s->uri + 4, strerror(errno));
                close(fd);
                return EXIT_FAILED;
        }
        close(fd);
        printf("scanned %s on lane %s\n", argv[1], s->lane);
        return EXIT_OK;
}
