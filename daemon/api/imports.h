/* Product imports from the back office: the uploaded CSV is imported on a thread of its
 * own while the browser follows its progress. */
#ifndef POSD_IMPORTS_H
#define POSD_IMPORTS_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

struct imports;
struct pool;

int imports_new(struct imports **ret);
/* Waits for an import still running: it commits or rolls back as a whole. */
struct imports *imports_free(struct imports *im);
/* Import the CSV in `in` (taken, even on failure); *ret_id names the job. -EBUSY while
 * another import runs. */
int imports_start(struct imports *im, struct pool *pool, FILE *in, uint64_t size, const char *user, int *ret_id);
/* {"id", "state": "running|done|failed", "done", "total", "imported", "errors": [...]},
 * or NULL for a job not (or no longer) known. */
json_t *imports_json(struct imports *im, int id);

#endif
