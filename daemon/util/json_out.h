/* The JSON of core things, for answers and for events. */
#ifndef POSD_JSON_OUT_H
#define POSD_JSON_OUT_H

#include <stdbool.h>

#include <jansson.h>

#include "catalog/catalog.h"
#include "till/checkout.h"

json_t *json_qty(int64_t milli);
/* A percentage of basis points: 13 or 6.5. */
json_t *json_rate(int bp);
json_t *ticket_json(const struct ticket *t);
json_t *shift_json(const struct shift_report *s);
/* with_cost: its list cost too, which a manager sees and a cashier does not */
json_t *product_json(struct ledger *l, const struct product *p, bool with_cost);
json_t *doc_json(const struct doc_result *d);

#endif
