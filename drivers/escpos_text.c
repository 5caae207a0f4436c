/* What a person would read on the paper, from ESC/POS bytes: the plain-text copy the
 * simulated printer keeps beside each job. Commands are skipped by their known length. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escpos.h"

struct text {
        struct bytes out;
        iconv_t from_gb, from_cp;
        char run[1024];
        size_t nrun;
        bool chinese;
};

static int emit(struct text *t, const char *s, size_t n)
{
        if (t->out.len + n > t->out.max)
                return -E2BIG;
        if (t->out.len + n > t->out.cap) {
                size_t cap = t->out.cap ? t->out.cap * 2 : 4096;
                uint8_t *d;
                while (cap < t->out.len + n)
                        cap *= 2;
                if (!(d = realloc(t->out.data, cap)))
                        return -ENOMEM;
                t->out.data = d;
                t->out.cap = cap;
        }
        memcpy(t->out.data + t->out.len, s, n);
        t->out.len += n;
        return 0;
}

/* The bytes gathered so far, decoded from GB18030 or the code page; a character the
 * run's end cuts short stays for the next run, unless the text ends there (whole). */
static int flush(struct text *t, bool whole)
{
        char buf[4096], *in = t->run, *o = buf;
        size_t inl = t->nrun, outl = sizeof(buf);
        iconv_t cd = t->chinese ? t->from_gb : t->from_cp;

        if (!t->nrun)
                return 0;
        iconv(cd, NULL, NULL, NULL, NULL);
        while (inl && iconv(cd, &in, &inl, &o, &outl) == (size_t)-1 && outl) {
                if (errno == EINVAL && !whole)
                        break;
                *o++ = '?';
                outl--;
                in++;
                inl--;
        }
        memmove(t->run, in, inl);
        t->nrun = inl;
        return emit(t, buf, (size_t)(o - buf));
}

/* Text from now on read in code page n; one posd does not know, as PC437. */
static int code_page(struct text *t, int n)
{
        const char *cs = escpos_charset(n);
        iconv_t cd = iconv_open("UTF-8", cs ? cs : "CP437");

        if (cd == (iconv_t)-1)
                return -ENOMEM;
        if (t->from_cp != (iconv_t)-1)
                iconv_close(t->from_cp);
        t->from_cp = cd;
        return 0;
}

/* Bytes a command at p takes, or 0 when it is text. */
static size_t command(struct text *t, const uint8_t *p, size_t left, int *r)
{
        char note[512];
        size_t n;

        *r = 0;
        if (left < 2 || (p[0] != 0x1b && p[0] != 0x1d && p[0] != 0x1c && p[0] != 0x10))
                return 0;
        switch (p[0] << 8 | p[1]) {
        case 0x1b40: case 0x1c26: case 0x1c2e:
                if ((*r = flush(t, true)) == 0)
                        t->chinese = p[0] == 0x1c && p[1] == '&';
                /* ESC @ puts the printer back as it starts: code page 0 */
                if (*r == 0 && p[0] == 0x1b)
                        *r = code_page(t, 0);
                return 2;
        case 0x1b74: /* ESC t n: the text after it is in code page n */
                if (left < 3)
                        return left;
                if ((*r = flush(t, true)) == 0)
                        *r = code_page(t, p[2]);
                return 3;
        case 0x1b61: case 0x1b45: case 0x1d21: case 0x1b64: case 0x1d68: case 0x1d77: case 0x1d48:
        case 0x1004:
                return left >= 3 ? 3 : left;
        case 0x1d56:
                *r = emit(t, "\n-------- cut --------\n", 23);
                return left >= 4 ? 4 : left;
        case 0x1b70:
                *r = emit(t, "[drawer]\n", 9);
                return left >= 5 ? 5 : left;
        case 0x1d28: /* GS ( k: QR code; the stored data is shown */
                n = left >= 5 ? (size_t)p[3] | (size_t)p[4] << 8 : 0;
                if (left < 5 + n)
                        return left;
                if (n > 3 && p[6] == 'P') {
                        snprintf(note, sizeof(note), "[QR %.*s]", (int)(n - 3 < 400 ? n - 3 : 400), (const char *)p + 8);
                        *r = emit(t, note, strlen(note));
                }
                return 5 + n;
        case 0x1d6b: /* GS k 73 n {B data: CODE128 */
                n = left >= 4 ? p[3] : 0;
                if (left < 4 + n || n < 2)
                        return left;
                snprintf(note, sizeof(note), "[CODE128 %.*s]", (int)n - 2, (const char *)p + 6);
                *r = emit(t, note, strlen(note));
                return 4 + n;
        }
        return 2; /* unknown: skip the command letter */
}

int escpos_text(const uint8_t *p, size_t len, char **ret, size_t *ret_len)
{
        struct text t;
        int r = 0;

        memset(&t, 0, sizeof(t));
        bytes_init(&t.out, ESCPOS_MAX * 2);
        t.from_gb = iconv_open("UTF-8", "GB18030");
        t.from_cp = iconv_open("UTF-8", "CP437");
        if (t.from_gb == (iconv_t)-1 || t.from_cp == (iconv_t)-1)
                r = -ENOMEM;
        for (size_t i = 0; i < len && r == 0;) {
                size_t took = command(&t, p + i, len - i, &r);
                if (took) {
                        i += took;
                        continue;
                }
                if (p[i] == '\n') {
                        if ((r = flush(&t, true)) == 0)
                                r = emit(&t, "\n", 1);
                } else if (t.nrun < sizeof(t.run) || (r = flush(&t, false)) == 0) {
                        t.run[t.nrun++] = (char)p[i];
                }
                i++;
        }
        if (r == 0 && (r = flush(&t, true)) == 0)
                r = emit(&t, "", 1); /* a terminating NUL, not counted */
        if (t.from_gb != (iconv_t)-1)
                iconv_close(t.from_gb);
        if (t.from_cp != (iconv_t)-1)
                iconv_close(t.from_cp);
        if (r < 0) {
                bytes_release(&t.out);
                return r;
        }
        *ret = (char *)t.out.data;
        *ret_len = t.out.len - 1;
        return 0;
}
