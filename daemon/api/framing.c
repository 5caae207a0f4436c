/* A request's framing as RFC 9112 has it, checked before anything reads it: where two
 * parties could read one message two ways (two hosts, two lengths, a length beside
 * chunks, a coding posd does not know), or its header lines were mangled, it is refused
 * and its connection closed, so that nothing after it is read out of step. */
#include <string.h>
#include <strings.h>

#include "api_int.h"

struct seen {
        unsigned host, length, coding;
        const char *coding_value;
        const char *why;
};

static bool bad_octets(const char *s, size_t n, bool name)
{
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                /* a name is a token; a value has no control but HTAB (an obs-fold left
                 * spaces behind, which a value may have anyway) */
                if (c == 0x7f || (c < 0x20 && (name || c != '\t')) || (name && (c == ' ' || c == '\t' || c == ':')))
                        return true;
        }
        return false;
}

static enum MHD_Result look(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value,
                            size_t value_size)
{
        struct seen *s = cls;

        (void)kind;
        if (key_size == 0 || strlen(key) != key_size || bad_octets(key, key_size, true))
                s->why = "a header name is not a token (whitespace before its colon?)";
        else if (!value || strlen(value) != value_size || bad_octets(value, value_size, false))
                s->why = "a header value holds a control character";
        else if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
                s->host++;
        else if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
                s->length++;
        else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
                s->coding++, s->coding_value = value;
        return s->why ? MHD_NO : MHD_YES;
}

int framing_fault(struct MHD_Connection *c, const char *version, const char **why)
{
        struct seen s = { 0, 0, 0, NULL, NULL };
        bool http11 = version && !strcmp(version, MHD_HTTP_VERSION_1_1);

        (void)MHD_get_connection_values_n(c, MHD_HEADER_KIND, look, &s);
        if (s.why)
                return *why = s.why, 400;
        if (s.host > 1 || (http11 && s.host == 0))
                return *why = s.host ? "more than one Host header" : "no Host header", 400;
        if (s.length > 1)
                return *why = "more than one Content-Length", 400;
        if (s.coding && s.length)
                return *why = "both Content-Length and Transfer-Encoding", 400;
        if (s.coding > 1 || (s.coding && strcasecmp(s.coding_value, "chunked") != 0))
                return *why = "a transfer coding other than chunked", 501;
        return 0;
}
