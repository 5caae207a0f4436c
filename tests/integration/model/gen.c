/* The operations of a run, drawn from a seed: mostly till work, as a shop is, with the
 * back office, refusals and trouble sprinkled in. */
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"

static unsigned next(unsigned *s)
{
        /* xorshift32: the same list from the same seed on every machine */
        *s ^= *s << 13;
        *s ^= *s >> 17;
        *s ^= *s << 5;
        return *s;
}

struct weight {
        enum op_kind kind;
        int w;
};

static const struct weight deck[] = {
        { OP_SHIFT_OPEN, 3 },   { OP_SHIFT_CLOSE, 1 },     { OP_CASH, 3 },          { OP_TICKET_OPEN, 8 },
        { OP_ADD, 16 },         { OP_QTY, 10 },            { OP_PRICE, 3 },         { OP_LINE_DISCOUNT, 6 },
        { OP_TICKET_DISCOUNT, 4 }, { OP_VOID_LINE, 2 },    { OP_PAY, 8 },           { OP_SUSPEND, 2 },
        { OP_RESUME, 2 },       { OP_VOID, 3 },            { OP_COMPLETE, 14 },     { OP_RETURN, 5 },
        { OP_RETURN_NO_RECEIPT, 2 }, { OP_TRANSFER, 3 },   { OP_TRANSFER_RECEIVE, 3 }, { OP_GOODS_IN, 2 },
        { OP_PO, 2 },           { OP_SALES_ORDER, 2 },     { OP_SO_STEP, 3 },       { OP_CUSTOMER_PAYMENT, 2 },
        { OP_IMPORT, 1 },       { OP_FORBIDDEN, 2 },       { OP_ANONYMOUS, 1 },     { OP_WRONG_SIGN_IN, 1 },
        { OP_SIGN_OUT, 1 },
};

static enum op_kind draw(unsigned *s)
{
        int total = 0, r;

        for (size_t i = 0; i < sizeof(deck) / sizeof(deck[0]); i++)
                total += deck[i].w;
        r = (int)(next(s) % (unsigned)total);
        for (size_t i = 0; i < sizeof(deck) / sizeof(deck[0]); i++)
                if ((r -= deck[i].w) < 0)
                        return deck[i].kind;
        return OP_ADD;
}

struct op *model_generate(unsigned seed, int n)
{
        struct op *ops = calloc((size_t)n, sizeof(*ops));
        unsigned s = seed * 2654435761u + 1;

        if (!ops)
                return NULL;
        for (int i = 0; i < n; i++) {
                struct op *o = &ops[i];
                unsigned r = next(&s);
                o->kind = draw(&s);
                /* the lanes' cashiers do most; a manager or the admin now and then */
                o->actor = r % 10 < 4 ? ALICE : r % 10 < 7 ? BOB : r % 10 < 9 ? MARIA : ROOT;
                r = next(&s) % 100;
                /* a wrong PIN now and then: few enough never to lock the manager out */
                o->appr = r < 25 ? APPR_MANAGER : r < 27 ? APPR_WRONG_PIN : r < 29 ? APPR_CASHIER : APPR_NONE;
                r = next(&s) % 1000;
                o->trouble = r < 6 ? TROUBLE_KILL : r < 9 ? TROUBLE_WRITE : r < 12 ? TROUBLE_SYNC : TROUBLE_NONE;
                o->a = next(&s) % 1000;
                o->b = next(&s) % 1000;
                o->c = next(&s) % 1000;
        }
        return ops;
}

static const char *const kind_names[OP__COUNT] = {
        [OP_SHIFT_OPEN] = "open shift",        [OP_SHIFT_CLOSE] = "close shift",
        [OP_CASH] = "cash movement",           [OP_TICKET_OPEN] = "open ticket",
        [OP_ADD] = "add line",                 [OP_QTY] = "set quantity",
        [OP_PRICE] = "override price",         [OP_LINE_DISCOUNT] = "line discount",
        [OP_TICKET_DISCOUNT] = "ticket discount", [OP_VOID_LINE] = "void line",
        [OP_PAY] = "pay",                      [OP_SUSPEND] = "suspend",
        [OP_RESUME] = "resume",                [OP_VOID] = "void ticket",
        [OP_COMPLETE] = "complete",            [OP_RETURN] = "return with receipt",
        [OP_RETURN_NO_RECEIPT] = "return without receipt", [OP_TRANSFER] = "transfer",
        [OP_TRANSFER_RECEIVE] = "receive transfer", [OP_GOODS_IN] = "goods in without order",
        [OP_PO] = "purchase order step",       [OP_SALES_ORDER] = "sales order",
        [OP_SO_STEP] = "sales order step",     [OP_CUSTOMER_PAYMENT] = "customer payment",
        [OP_IMPORT] = "import products",       [OP_FORBIDDEN] = "route above the role",
        [OP_ANONYMOUS] = "no token",           [OP_WRONG_SIGN_IN] = "wrong sign-in",
        [OP_SIGN_OUT] = "sign out",
};

void model_describe(const struct op *op, char *out, size_t size)
{
        static const char *const actors[] = { "alice (cashier, lane 1)", "bob (cashier, lane 2)",
                                              "maria (manager, lane 1)", "root (admin, lane 2)" };
        static const char *const apprs[] = { "", ", approved by maria", ", approved with a wrong PIN",
                                             ", approved by a cashier" };
        static const char *const troubles[] = { "", " [posd killed mid-request]", " [writes fail]",
                                                " [fsyncs fail]" };

        snprintf(out, size, "%s by %s%s (a=%u b=%u c=%u)%s", kind_names[op->kind], actors[op->actor], apprs[op->appr],
                 op->a, op->b, op->c, troubles[op->trouble]);
}
