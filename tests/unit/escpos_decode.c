#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "escpos_decode.h"

struct state {
        struct decode *out;
        bool bold, big, chinese;
        int align;
        char line[1024];
        size_t len, gb;
        uint8_t gbbuf[1024];
        size_t gblen;
        size_t cols;
        int gb_rest; /* bytes still to come of a Chinese-mode character */
};

static struct decoded *emit(struct state *s, enum decoded_kind k)
{
        struct decoded *d = s->out->n < DECODED_MAX ? &s->out->d[s->out->n++] : &s->out->d[DECODED_MAX - 1];
        memset(d, 0, sizeof(*d));
        d->kind = k;
        return d;
}

static void flush_gb(struct state *s)
{
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        char *in = (char *)s->gbbuf, *o = s->line + s->len;
        size_t inl = s->gblen, outl = sizeof(s->line) - s->len - 1;

        iconv(cd, &in, &inl, &o, &outl);
        iconv_close(cd);
        s->len = (size_t)(o - s->line);
        s->gb += s->gblen;
        s->gblen = 0;
}

/* Each handler gets the bytes at the command and returns how many it took, or 0. */
typedef size_t (*handler)(struct state *s, const uint8_t *p, size_t left);

static size_t h_init(struct state *s, const uint8_t *p, size_t left)
{
        (void)p; (void)left;
        emit(s, D_INIT);
        return 2;
}
static size_t h_codepage(struct state *s, const uint8_t *p, size_t left)
{
        if (left < 3) return 0;
        emit(s, D_CODEPAGE)->n = p[2];
        return 3;
}
static size_t h_align(struct state *s, const uint8_t *p, size_t left) { return left < 3 ? 0 : (s->align = p[2], 3); }
static size_t h_bold(struct state *s, const uint8_t *p, size_t left) { return left < 3 ? 0 : (s->bold = p[2] & 1, 3); }
static size_t h_size(struct state *s, const uint8_t *p, size_t left) { return left < 3 ? 0 : (s->big = p[2] == 0x11, 3); }
static size_t h_feed(struct state *s, const uint8_t *p, size_t left)
{
        if (left < 3) return 0;
        emit(s, D_FEED)->n = p[2];
        return 3;
}
static size_t h_cut(struct state *s, const uint8_t *p, size_t left)
{
        (void)p;
        if (left < 4) return 0;
        emit(s, D_CUT);
        return 4;
}
static size_t h_drawer(struct state *s, const uint8_t *p, size_t left)
{
        struct decoded *d;
        if (left < 5) return 0;
        d = emit(s, D_DRAWER);
        d->n = p[2] ? 5 : 2;
        snprintf(d->text, sizeof(d->text), "%d %d", p[3], p[4]);
        return 5;
}
static size_t h_cn_on(struct state *s, const uint8_t *p, size_t left) { (void)p; (void)left; s->chinese = true; return 2; }
static size_t h_cn_off(struct state *s, const uint8_t *p, size_t left)
{
        (void)p; (void)left;
        flush_gb(s);
        s->chinese = false;
        return 2;
}
static size_t h_qr(struct state *s, const uint8_t *p, size_t left)
{
        size_t n;
        if (left < 8) return 0;
        n = (size_t)p[3] | (size_t)p[4] << 8;
        if (left < 5 + n) return 0;
        if (p[6] == 'P') { /* store the data */
                struct decoded *d = emit(s, D_QR);
                memcpy(d->text, p + 8, n - 3 < sizeof(d->text) - 1 ? n - 3 : sizeof(d->text) - 1);
        }
        return 5 + n;
}
static size_t h_barcode_setup(struct state *s, const uint8_t *p, size_t left) { (void)s; (void)p; return left < 3 ? 0 : 3; }
static size_t h_barcode(struct state *s, const uint8_t *p, size_t left)
{
        struct decoded *d;
        if (left < 4 || p[2] != 73 || left < 4u + p[3]) return 0;
        d = emit(s, D_BARCODE);
        memcpy(d->text, p + 6, p[3] - 2u);
        return 4u + p[3];
}
static size_t h_status(struct state *s, const uint8_t *p, size_t left) { (void)s; (void)p; return left < 3 ? 0 : 3; }

static const struct {
        uint8_t a, b;
        handler fn;
} table[] = {
        { 0x1b, '@', h_init }, { 0x1b, 't', h_codepage }, { 0x1b, 'a', h_align }, { 0x1b, 'E', h_bold },
        { 0x1d, '!', h_size }, { 0x1b, 'd', h_feed }, { 0x1d, 'V', h_cut }, { 0x1b, 'p', h_drawer },
        { 0x1c, '&', h_cn_on }, { 0x1c, '.', h_cn_off }, { 0x1d, '(', h_qr }, { 0x1d, 'h', h_barcode_setup },
        { 0x1d, 'w', h_barcode_setup }, { 0x1d, 'H', h_barcode_setup }, { 0x1d, 'k', h_barcode },
        { 0x10, 0x04, h_status },
};

int escpos_decode(const uint8_t *p, size_t len, struct decode *out, size_t *bad_offset)
{
        struct state s;
        size_t i = 0;

        memset(&s, 0, sizeof(s));
        memset(out, 0, sizeof(*out));
        s.out = out;
        while (i < len) {
                size_t took = 0;
                if (p[i] == 0x0a) {
                        struct decoded *d;
                        flush_gb(&s);
                        d = emit(&s, D_LINE);
                        memcpy(d->text, s.line, s.len);
                        d->bold = s.bold;
                        d->big = s.big;
                        d->align = s.align;
                        d->gb_bytes = s.gb;
                        d->columns = s.cols;
                        s.len = s.gb = s.cols = 0;
                        i++;
                        continue;
                }
                if (p[i] >= 0x20 || (s.chinese && p[i] >= 0x80)) {
                        /* GB18030: a lead byte 0x81-0xfe, then one byte, or three when the
                         * second is a digit */
                        if (s.chinese && s.gb_rest)
                                s.gb_rest--;
                        else if (s.chinese && p[i] >= 0x81 && p[i] <= 0xfe)
                                s.cols += 2, s.gb_rest = i + 1 < len && p[i + 1] >= 0x30 && p[i + 1] <= 0x39 ? 3 : 1;
                        else
                                s.cols++;
                        if (s.chinese && s.gblen < sizeof(s.gbbuf))
                                s.gbbuf[s.gblen++] = p[i];
                        else if (!s.chinese && s.len < sizeof(s.line) - 1)
                                s.line[s.len++] = (char)(p[i] < 0x80 ? p[i] : '?');
                        i++;
                        continue;
                }
                for (size_t t = 0; t < sizeof(table) / sizeof(table[0]) && !took; t++)
                        if (i + 1 < len && p[i] == table[t].a && p[i + 1] == table[t].b)
                                took = table[t].fn(&s, p + i, len - i);
                if (!took) {
                        if (bad_offset)
                                *bad_offset = i;
                        return -EBADMSG;
                }
                i += took;
        }
        return 0;
}

size_t decoded_count(const struct decode *d, enum decoded_kind k, const char *text)
{
        size_t n = 0;

        for (size_t i = 0; i < d->n; i++)
                n += d->d[i].kind == k && (!text || strstr(d->d[i].text, text));
        return n;
}
