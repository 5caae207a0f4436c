/* ESC/POS: a receipt layout rendered to the bytes a thermal receipt printer takes, and
 * its real-time status bytes read back. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "escpos.h"

#define ESC 0x1b
#define GS 0x1d
#define FS 0x1c
#define DLE 0x10
#define LF 0x0a

void bytes_init(struct bytes *b, size_t max)
{
        memset(b, 0, sizeof(*b));
        b->max = max;
}

void bytes_release(struct bytes *b)
{
        free(b->data);
        bytes_init(b, b->max);
}

static int put(struct bytes *b, const void *p, size_t n)
{
        if (b->len + n > b->max)
                return -E2BIG;
        if (b->len + n > b->cap) {
                size_t cap = b->cap ? b->cap : 1024;
                uint8_t *d;
                while (cap < b->len + n)
                        cap *= 2;
                if (!(d = realloc(b->data, cap)))
                        return -ENOMEM;
                b->data = d;
                b->cap = cap;
        }
        memcpy(b->data + b->len, p, n);
        b->len += n;
        return 0;
}

#define PUT(b, ...) put(b, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

struct render {
        const struct escpos_opts *o;
        struct bytes *out;
        iconv_t to_gb, to_cp;
};

/* One character (n bytes of UTF-8) in the printer's Chinese mode: how many bytes, or
 * -EILSEQ when there is no such mode or its encoding lacks the character. */
static int gb_char(struct render *rd, const char *s, size_t n, char gb[static 8])
{
        char *in = (char *)s, *o = gb;
        size_t inleft = n, outleft = 8;

        if (rd->o->chinese == ESCPOS_CHINESE_NONE)
                return -EILSEQ;
        iconv(rd->to_gb, NULL, NULL, NULL, NULL);
        /* one byte above ASCII (glibc's GBK writes € as 0x80) is no character in the mode */
        if (iconv(rd->to_gb, &in, &inleft, &o, &outleft) == (size_t)-1 || (o - gb == 1 && (uint8_t)gb[0] >= 0x80))
                return -EILSEQ;
        return (int)(o - gb);
}

/* One character the code page lacks, in the printer's Chinese mode (-EILSEQ: it cannot). */
static int put_gb(struct render *rd, const char *s, size_t n)
{
        char gb[8];
        int n_gb = gb_char(rd, s, n, gb), r;

        if (n_gb < 0)
                return n_gb;
        if ((r = PUT(rd->out, FS, '&')) < 0 || (r = put(rd->out, gb, (size_t)n_gb)) < 0)
                return r;
        return PUT(rd->out, FS, '.');
}

/* One run of characters, all wide or all narrow, converted for the printer. */
static int put_run(struct render *rd, const char *s, size_t n, bool wide)
{
        char buf[RECEIPT_TEXT_MAX * 4], *in = (char *)s, *o = buf;
        size_t inleft = n, outleft = sizeof(buf);
        iconv_t cd = wide ? rd->to_gb : rd->to_cp;
        int r;

        if (wide && rd->o->chinese == ESCPOS_CHINESE_NONE) { /* no Chinese mode: a placeholder per column */
                for (size_t i = 0, len; i < n; i += len)
                        if ((r = put(rd->out, "??", receipt_char_wide(s + i, &len) ? 2 : 1)) < 0)
                                return r;
                return 0;
        }
        iconv(cd, NULL, NULL, NULL, NULL);
        if (wide && (r = PUT(rd->out, FS, '&')) < 0)
                return r;
        while (inleft) {
                if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
                        break;
                if (errno != EILSEQ || !outleft)
                        return -EILSEQ;
                size_t len;
                (void)receipt_char_wide(in, &len);
                len = len < inleft ? len : inleft;
                /* a character the code page lacks: in the Chinese mode when GB18030 has it
                 * (€, ™, ū), else a '?' */
                r = -EILSEQ;
                if (!wide) {
                        if ((r = put(rd->out, buf, (size_t)(o - buf))) < 0)
                                return r;
                        o = buf, outleft = sizeof(buf);
                        if ((r = put_gb(rd, in, len)) < 0 && r != -EILSEQ)
                                return r;
                }
                /* a '?' a column: a wide character takes two */
                for (int q = wide ? 2 : 1; r == -EILSEQ && q > 0 && outleft; q--) {
                        *o++ = '?';
                        outleft--;
                }
                in += len;
                inleft -= len;
        }
        if ((r = put(rd->out, buf, (size_t)(o - buf))) < 0)
                return r;
        return wide ? PUT(rd->out, FS, '.') : 0;
}

/* A line of text: runs of wide and narrow characters, each in its encoding. */
static int put_text(struct render *rd, const char *s, size_t n)
{
        size_t i = 0, start = 0, len;
        bool run_wide = false;
        int r;

        while (i < n) {
                bool w = receipt_char_wide(s + i, &len);
                if (i > start && w != run_wide) {
                        if ((r = put_run(rd, s + start, i - start, run_wide)) < 0)
                                return r;
                        start = i;
                }
                run_wide = w;
                i += len;
        }
        return i > start ? put_run(rd, s + start, i - start, run_wide) : 0;
}

/* The columns the character at s (*len bytes) takes on this printer: two for a wide one,
 * and for one the code page lacks that the Chinese mode prints (a double-width glyph, as
 * the mode prints every character it has); else one, a '?' too. */
static size_t char_cols(struct render *rd, const char *s, size_t *len)
{
        char cp[8], gb[8], *in = (char *)s, *o = cp;
        size_t inleft, outleft = sizeof(cp);

        if (receipt_char_wide(s, len))
                return 2;
        if ((uint8_t)s[0] < 0x80)
                return 1;
        inleft = *len;
        iconv(rd->to_cp, NULL, NULL, NULL, NULL);
        if (iconv(rd->to_cp, &in, &inleft, &o, &outleft) != (size_t)-1)
                return 1;
        return gb_char(rd, s, *len, gb) > 0 ? 2 : 1;
}

/* The bytes of s that fit in cols columns, breaking after a space where one is near. */
static size_t fit(struct render *rd, const char *s, size_t cols)
{
        size_t i = 0, used = 0, len, last_space = 0;

        while (s[i]) {
                size_t w = char_cols(rd, s + i, &len);
                if (used + w > cols)
                        return last_space > i / 2 ? last_space : (i ? i : len);
                if (s[i] == ' ')
                        last_space = i + 1;
                used += w;
                i += len;
        }
        return i;
}

static size_t cols_of(struct render *rd, const char *s, size_t n)
{
        size_t cols = 0, len;

        for (size_t i = 0; i < n; i += len)
                cols += char_cols(rd, s + i, &len);
        return cols;
}

static int spaces(struct bytes *b, size_t n)
{
        int r = 0;

        while (n-- && r == 0)
                r = put(b, " ", 1);
        return r;
}

/* Wrapped text; the last line may end with `right` flush to the right edge. */
static int put_wrapped(struct render *rd, const char *s, const char *right, size_t cols)
{
        size_t rcols = right && *right ? cols_of(rd, right, strlen(right)) + 1 : 0;
        int r;

        do {
                size_t rest = strlen(s), n = fit(rd, s, cols);
                bool last = n >= rest;
                if (last && rcols && cols_of(rd, s, n) + rcols > cols) { /* no room beside it: a line of its own */
                        if ((r = put_text(rd, s, n)) < 0 || (r = PUT(rd->out, LF)) < 0)
                                return r;
                        s += n;
                        n = 0;
                }
                if ((r = put_text(rd, s, n)) < 0)
                        return r;
                if (last && rcols) {
                        if ((r = spaces(rd->out, cols - cols_of(rd, s, n) - (rcols - 1))) < 0 ||
                            (r = put_text(rd, right, strlen(right))) < 0)
                                return r;
                }
                if ((r = PUT(rd->out, LF)) < 0)
                        return r;
                s += n;
                while (*s == ' ')
                        s++;
        } while (*s);
        return 0;
}

static int put_qr(struct bytes *b, const char *text)
{
        size_t n = strlen(text) + 3;
        int r;

        if (n > 7089)
                return -E2BIG;
        if ((r = PUT(b, GS, '(', 'k', 4, 0, '1', 'A', '2', 0)) < 0 ||  /* model 2 */
            (r = PUT(b, GS, '(', 'k', 3, 0, '1', 'C', 6)) < 0 ||       /* module size 6 dots */
            (r = PUT(b, GS, '(', 'k', 3, 0, '1', 'E', '1')) < 0 ||     /* error correction M */
            (r = PUT(b, GS, '(', 'k', (uint8_t)(n & 0xff), (uint8_t)(n >> 8), '1', 'P', '0')) < 0 ||
            (r = put(b, text, n - 3)) < 0)
                return r;
        return PUT(b, GS, '(', 'k', 3, 0, '1', 'Q', '0', LF);
}

static int put_barcode(struct bytes *b, const char *text)
{
        size_t n = strlen(text);
        int r;

        if (n == 0 || n > 253)
                return -E2BIG;
        if ((r = PUT(b, GS, 'h', 80, GS, 'w', 2, GS, 'H', 2)) < 0 ||            /* height, width, text below */
            (r = PUT(b, GS, 'k', 73, (uint8_t)(n + 2), '{', 'B')) < 0 || (r = put(b, text, n)) < 0) /* CODE128 B */
                return r;
        return PUT(b, LF);
}

static int put_item(struct render *rd, const struct receipt_item *it)
{
        size_t cols = (size_t)rd->o->columns / (it->big ? 2 : 1);
        int r = 0;

        if ((r = PUT(rd->out, ESC, 'a', (uint8_t)it->align, ESC, 'E', it->bold ? 1 : 0, GS, '!',
                     it->big ? 0x11 : 0x00)) < 0)
                return r;
        switch (it->kind) {
        case R_TEXT: return put_wrapped(rd, it->text, NULL, cols);
        case R_PAIR: return put_wrapped(rd, it->text, it->right, cols);
        case R_RULE:
                for (size_t i = 0; i < cols && r == 0; i++)
                        r = put(rd->out, "-", 1);
                return r ? r : PUT(rd->out, LF);
        case R_QR: return put_qr(rd->out, it->text);
        case R_BARCODE: return put_barcode(rd->out, it->text);
        case R_FEED: return PUT(rd->out, ESC, 'd', (uint8_t)(it->n > 0 && it->n < 20 ? it->n : 1));
        case R_CUT: return PUT(rd->out, GS, 'V', 66, 3);
        case R_DRAWER: {
                uint8_t k[5];
                escpos_kick(it->n, rd->o->drawer_on_ms, k);
                return put(rd->out, k, sizeof(k));
        }
        }
        return -EINVAL;
}

void escpos_kick(int pin, int pulse_ms, uint8_t out[5])
{
        int on = pulse_ms > 0 ? pulse_ms / 2 : 50; /* in 2 ms units; off time 500 ms */

        out[0] = ESC;
        out[1] = 'p';
        out[2] = pin == 5 ? 1 : 0;
        out[3] = (uint8_t)(on > 255 ? 255 : on);
        out[4] = 250;
}

const char *escpos_charset(int code_page)
{
        static const struct {
                int n;
                const char *charset;
        } pages[] = {
                { 0, "CP437" }, { 2, "CP850" },   { 3, "CP860" },   { 4, "CP863" },   { 5, "CP865" },
                { 16, "CP1252" }, { 17, "CP866" }, { 18, "CP852" }, { 19, "CP858" },
        };

        for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
                if (pages[i].n == code_page)
                        return pages[i].charset;
        return NULL;
}

int escpos_render(const struct receipt *r, const struct escpos_opts *o, struct bytes *out)
{
        struct render rd = { o, out, (iconv_t)-1, (iconv_t)-1 };
        const char *cp = o->charset ? o->charset : escpos_charset(o->code_page); /* NULL: PC437 */
        int rc = -ENOMEM;

        if (o->columns < 16 || o->columns > 64)
                return -EINVAL;
        rd.to_gb = iconv_open(o->chinese == ESCPOS_CHINESE_GBK ? "GBK" : "GB18030", "UTF-8");
        rd.to_cp = iconv_open(cp ? cp : "CP437", "UTF-8");
        if (rd.to_gb == (iconv_t)-1 || rd.to_cp == (iconv_t)-1)
                goto out;
        /* initialise; the code page for text that is not Chinese */
        if ((rc = PUT(out, ESC, '@', ESC, 't', (uint8_t)o->code_page)) < 0)
                goto out;
        for (size_t i = 0; i < r->n && rc == 0; i++)
                rc = put_item(&rd, &r->items[i]);
        if (rc == 0)
                rc = PUT(out, ESC, 'a', 0, ESC, 'E', 0, GS, '!', 0);
out:
        if (rd.to_gb != (iconv_t)-1)
                iconv_close(rd.to_gb);
        if (rd.to_cp != (iconv_t)-1)
                iconv_close(rd.to_cp);
        return rc;
}

void escpos_status_query(int n, uint8_t out[3])
{
        out[0] = DLE;
        out[1] = 0x04;
        out[2] = (uint8_t)n;
}

int escpos_status_parse(int n, uint8_t byte, struct printer_status *s)
{
        /* every status byte has bits 1 and 4 set and bits 0 and 7 clear */
        if ((byte & 0x93) != 0x12 || n < 1 || n > 4)
                return -EBADMSG;
        switch (n) {
        case 1:
                s->online = !(byte & 0x08);
                s->drawer_open = !(byte & 0x04); /* pin 3 low: most drawers read open */
                break;
        case 2:
                s->cover_open = byte & 0x04;
                s->paper_out = byte & 0x20;
                s->error = byte & 0x40;
                break;
        case 3:
                s->error = byte & 0x68;
                break;
        case 4:
                s->paper_near_end = byte & 0x0c;
                s->paper_out = byte & 0x60;
                break;
        }
        return 0;
}
