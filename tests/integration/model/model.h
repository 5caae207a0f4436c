/* The store as a model sees it, and the operations a seeded generator drives through
 * posd's HTTP API (tests/integration/test_model.c says what is checked and how). An
 * operation is a descriptor of plain numbers: the interpreter picks its target among what
 * exists at that moment (a line, a sale, a transfer), and skips it when there is none, so
 * any sub-list of a run is a run too, which is what shrinking needs. */
#ifndef POSD_MODEL_H
#define POSD_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

enum op_kind {
        OP_SHIFT_OPEN, OP_SHIFT_CLOSE, OP_CASH, OP_TICKET_OPEN, OP_ADD, OP_QTY, OP_PRICE, OP_LINE_DISCOUNT,
        OP_TICKET_DISCOUNT, OP_VOID_LINE, OP_PAY, OP_SUSPEND, OP_RESUME, OP_VOID, OP_COMPLETE, OP_RETURN,
        OP_RETURN_NO_RECEIPT, OP_TRANSFER, OP_TRANSFER_RECEIVE, OP_GOODS_IN, OP_PO, OP_SALES_ORDER, OP_SO_STEP,
        OP_CUSTOMER_PAYMENT, OP_IMPORT, OP_FORBIDDEN, OP_ANONYMOUS, OP_WRONG_SIGN_IN, OP_SIGN_OUT, OP__COUNT
};

enum actor { ALICE, BOB, MARIA, ROOT, ACTORS };
/* what a request carries as approved_by */
enum approval { APPR_NONE, APPR_MANAGER, APPR_WRONG_PIN, APPR_CASHIER };
/* what happens to the request on its way */
enum trouble { TROUBLE_NONE, TROUBLE_KILL, TROUBLE_WRITE, TROUBLE_SYNC };

struct op {
        enum op_kind kind;
        enum actor actor;
        enum approval appr;
        enum trouble trouble;
        unsigned a, b, c; /* picks and amounts, taken modulo what exists when it runs */
};

/* ops[0..n) from seed; the caller frees ops */
struct op *model_generate(unsigned seed, int n);
/* One line describing op, for a person. */
void model_describe(const struct op *op, char *out, size_t size);

struct run_result {
        bool failed;
        int step;          /* the op that failed */
        char tag[16];      /* which invariant: ops that fail the same one shrink together */
        char why[1024];
        long requests, skipped;
        long sales, cashier_sales, returns, refusals, kills, faults; /* where the run went */
        double seconds;
};

struct run_opts {
        unsigned seed;
        int verify_every; /* posctl verify, reports and X against the model every N ops */
        bool quiet;
};

/* Run ops on a fresh store and posd; stop at the first broken invariant. */
void model_run(const struct op *ops, int n, const struct run_opts *o, struct run_result *res);
/* The shortest failing list found by delta debugging within max_runs re-runs; writes it
 * into ops and returns its length. */
int model_shrink(struct op *ops, int n, const struct run_opts *o, const char *tag, int max_runs);

#endif
