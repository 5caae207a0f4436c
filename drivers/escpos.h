/* Rendering a receipt to ESC/POS, and reading a printer's real-time status. Pure
 * functions over bytes: no device is touched here. */
#ifndef POSD_ESCPOS_H
#define POSD_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "receipt.h"

#define ESCPOS_MAX (256 * 1024) /* the bytes of one receipt, at most */

/* A printer's Chinese mode (FS &), where CJK and what the code page lacks go */
enum escpos_chinese {
        ESCPOS_CHINESE_NONE,    /* none: each such character prints as ? */
        ESCPOS_CHINESE_GB18030, /* GB18030, four-byte sequences too */
        ESCPOS_CHINESE_GBK,     /* GBK only: what needs four bytes prints as ? */
};

struct escpos_opts {
        int columns;        /* 32 for 58 mm paper, 42 or 48 for 80 mm */
        int code_page;      /* ESC t n for text that is not Chinese (0: PC437) */
        const char *charset; /* iconv name of that code page; NULL: escpos_charset's */
        enum escpos_chinese chinese;
        int drawer_on_ms;   /* drawer pulse, 2 ms units in ESC p; 0: 100 ms */
};

struct bytes {
        uint8_t *data;
        size_t len, cap, max;
};

void bytes_init(struct bytes *b, size_t max);
void bytes_release(struct bytes *b);

/* The ESC/POS of a whole receipt into out. -E2BIG beyond ESCPOS_MAX, -EILSEQ on text
 * that is not UTF-8, -ENOMEM. */
int escpos_render(const struct receipt *r, const struct escpos_opts *o, struct bytes *out);

/* What the paper would show, as UTF-8 text (malloc'd, NUL-terminated). */
int escpos_text(const uint8_t *p, size_t len, char **ret, size_t *ret_len);

/* The iconv name of ESC t n's character table n (Epson's numbering: 0 PC437, 2 PC850,
 * 16 WPC1252, 19 PC858…), or NULL for one posd does not know. */
const char *escpos_charset(int code_page);

/* ESC p: fire the drawer connector's pin (2 or 5) for pulse_ms (0: 100 ms). */
void escpos_kick(int pin, int pulse_ms, uint8_t out[5]);

/* Real-time status (DLE EOT n): the query for n (1..4), and what an answer byte means. */
struct printer_status {
        bool online, cover_open, paper_out, paper_near_end, drawer_open, error;
};
void escpos_status_query(int n, uint8_t out[3]);
/* Fold the answer to DLE EOT n into *s; -EBADMSG when the byte is not a status byte. */
int escpos_status_parse(int n, uint8_t byte, struct printer_status *s);

#endif
