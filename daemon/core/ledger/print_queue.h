/* The durable print queue. A job names what to print (a sale's receipt, a return's, or
 * only a kick of the drawer on the printer: doc_type "drawer"), not its bytes: they are rendered when it is sent, so a reprint is always
 * possible and nothing is lost to a paper-out or a pulled cable. */
#ifndef POSD_PRINT_QUEUE_H
#define POSD_PRINT_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/posting.h"

struct ledger;

#define PRINTER_NAME_MAX 32

struct print_job {
        int64_t id;
        char printer[PRINTER_NAME_MAX + 1];
        char doc_type[8];
        char number[DOC_NUMBER_MAX + 1];
        bool reprint, kick; /* kick: open the cash drawer after printing */
        int attempts;
        int64_t created_at;
        int64_t next_at; /* not to be tried before, unless the printer says it is ready */
};

/* Queue a job; inside a posting's transaction it commits with the document. */
int print_enqueue(struct ledger *l, const char *printer, const char *doc_type, const char *number, bool reprint,
                  bool kick, int64_t *ret_id);

/* A document's receipt on printer (NULL: none) and, when kick, the drawer opened: by the
 * printer, or by a drawer on its own line when drawer is not NULL. */
int print_enqueue_doc(struct ledger *l, const char *printer, const char *drawer, const char *doc_type,
                      const char *number, bool kick);

/* The printer's oldest pending job: 1 and *ret, 0 when none waits. Receipts come out in
 * the order they were queued. */
int print_next(struct ledger *l, const char *printer, struct print_job *ret);

/* Given up on, for why: it is no longer wanted (a kick come too late). */
int print_give_up(struct ledger *l, int64_t id, const char *why);
/* The bytes reached the printer. */
int print_done(struct ledger *l, int64_t id);
/* Not this time: try again at next_ms, keeping why. */
int print_retry(struct ledger *l, int64_t id, int64_t next_ms, const char *why);

/* Jobs waiting for a printer. */
int print_pending_count(struct ledger *l, const char *printer);

/* The state of a document's newest receipt job: "done", "pending" (with its last error
 * in why), or -ENOENT when none was queued. */
int print_state(struct ledger *l, const char *number, char state[static 8], char why[static 128]);

#endif
