/* A request body: the depth check every body passes first, then the parser with the
 * options posd uses, then reading members as the handlers do. */
#include <jansson.h>
#include <stdint.h>

#include "json_depth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        json_error_t err;
        json_t *o, *lines, *v;
        size_t i;

        if (!json_depth_ok((const char *)data, size, 32))
                return 0;
        o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
        if (!json_is_object(o)) {
                json_decref(o);
                return 0;
        }
        lines = json_object_get(o, "lines");
        json_array_foreach(lines, i, v) {
                (void)json_string_value(json_object_get(v, "sku"));
                (void)json_number_value(json_object_get(v, "qty"));
                (void)json_integer_value(json_object_get(v, "unit_cost"));
        }
        json_decref(o);
        return 0;
}
