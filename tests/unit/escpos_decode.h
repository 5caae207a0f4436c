/* A table-driven ESC/POS decoder for the tests: printer bytes back into what a person
 * would see on the paper (lines of text with their style) and the commands around them. */
#ifndef POSD_ESCPOS_DECODE_H
#define POSD_ESCPOS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DECODED_MAX 512

enum decoded_kind { D_LINE, D_CUT, D_DRAWER, D_QR, D_BARCODE, D_FEED, D_INIT, D_CODEPAGE };

struct decoded {
        enum decoded_kind kind;
        char text[1024]; /* D_LINE: UTF-8 (Chinese-mode bytes read as GB18030); D_QR, D_BARCODE: payload */
        bool bold, big;
        int align, n;    /* D_DRAWER: pin; D_FEED: lines; D_CODEPAGE: page */
        size_t gb_bytes; /* D_LINE: bytes sent in Chinese mode */
        size_t columns;  /* D_LINE: as printed: a Chinese-mode character of 2 or 4 bytes is a
                          * 24-dot glyph, two of the 12-dot font's columns; any other byte one */
};

struct decode {
        size_t n;
        struct decoded d[DECODED_MAX];
};

/* 0, or -EBADMSG naming the offset of the first byte no entry of the table knows. */
int escpos_decode(const uint8_t *p, size_t len, struct decode *out, size_t *bad_offset);

/* How many decoded items of kind k there are (with text in their text, when not NULL). */
size_t decoded_count(const struct decode *d, enum decoded_kind k, const char *text);

#endif
