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
/* Tells an import still running to stop after the batch it is writing, and waits for it:
 * what was written stays, and the same file sent again finishes it. */
struct imports *imports_free(struct imports *im);
/* Import the CSV in `in` (taken, even on failure); *ret_id names the job. -EBUSY while
 * another import runs. */
int imports_start(struct imports *im, struct pool *pool, FILE *in, uint64_t size, const char *user, int *ret_id);
/* {"id", "state": "running|done|failed", "phase": "checking|writing" (while running),
 * "done", "total", "imported", "skipped", "written_to_line", "errors": [...]}, or NULL
 * for a job not (or no longer) known. */
json_t *imports_json(struct imports *im, int id);

#endif
