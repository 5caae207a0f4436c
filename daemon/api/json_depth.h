/* A request body's nesting, checked before parsing so a deep body costs no recursion. */
#ifndef POSD_JSON_DEPTH_H
#define POSD_JSON_DEPTH_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s (n bytes) opens no more than max objects and arrays inside each other;
 * brackets inside strings do not count. */
bool json_depth_ok(const char *s, size_t n, int max);

#endif
