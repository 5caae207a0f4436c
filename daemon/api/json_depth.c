/* How deep a request body nests, counted before the JSON parser sees it. */
#include "json_depth.h"

bool json_depth_ok(const char *s, size_t n, int max)
{
        int depth = 0;
        bool str = false, esc = false;

        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (str) {
                        if (esc)
                                esc = false;
                        else if (c == '\\')
                                esc = true;
                        else if (c == '"')
                                str = false;
                } else if (c == '"') {
                        str = true;
                } else if ((c == '{' || c == '[') && ++depth > max) {
                        return false;
                } else if (c == '}' || c == ']') {
                        depth--;
                }
        }
        return true;
}
