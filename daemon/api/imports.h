/* Product imports from the back office: the uploaded CSV is imported on a thread of its
 * own while the browser follows its progress. */
#ifndef POSD_IMPORTS_H
#define POSD_IMPORTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct imports;
struct pool;

int imports_new(struct imports **ret);
/* Tells an import still running to stop after the batch it is writing, and waits for it:
 * what was written stays, and the same file sent again finishes it. */
struct imports *imports_free(struct imports *im);
/* An import of the CSV in `in` (taken, even on failure), accepted: *ret_id names the
 * job. -EBUSY while another import runs or waits. It starts with imports_go. */
int imports_start(struct imports *im, struct pool *pool, FILE *in, uint64_t size, const char *user, int *ret_id);
/* Once the answer that accepted it stands (recorded with its Idempotency-Key, or sent):
 * go starts the import; else it is dropped, as if never asked. */
void imports_go(struct imports *im, int id, bool go);
/* {"id", "state": "running|done|failed", "phase": "checking|writing" (while running),
 * "done", "total", "imported", "skipped", "written_to_line", "errors": [...]}, or NULL
 * for a job not (or no longer) known. */
json_t *imports_json(struct imports *im, int id);

#endif
