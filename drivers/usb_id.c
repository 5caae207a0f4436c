/* USB ids in device URIs. */
#include <errno.h>

#include "usb_id.h"

static int hex4(const char *s, uint16_t *ret)
{
        unsigned v = 0;

        for (int i = 0; i < 4; i++) {
                char c = s[i];
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0)
                        return -EINVAL;
                v = v * 16 + (unsigned)d;
        }
        *ret = (uint16_t)v;
        return 0;
}

int usb_id_parse(const char *s, size_t len, uint16_t *vid, uint16_t *pid)
{
        uint16_t v, p;

        if (len != 9 || s[4] != ':' || hex4(s, &v) < 0 || hex4(s + 5, &p) < 0)
                return -EINVAL;
        *vid = v;
        *pid = p;
        return 0;
}
