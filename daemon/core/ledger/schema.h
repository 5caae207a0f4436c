#ifndef POSD_SCHEMA_H
#define POSD_SCHEMA_H

#include <stddef.h>

struct migration {
        int version;
        const char *sql;
};

/* Migrations in ascending version order; the last one is LEDGER_SCHEMA_VERSION. */
const struct migration *schema_migrations(size_t *ret_n);

#endif
