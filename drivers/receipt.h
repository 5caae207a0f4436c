/* A receipt as a printer-neutral layout: what to print, not how. The daemon builds one
 * from a sale; a printer driver renders it (escpos.h). Strings are UTF-8. */
#ifndef POSD_RECEIPT_H
#define POSD_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>

#define RECEIPT_ITEMS_MAX 4000
#define RECEIPT_TEXT_MAX 512

enum receipt_kind {
        R_TEXT,    /* a line of text, wrapped to the paper */
        R_PAIR,    /* left text and right text on one line (an item and its amount) */
        R_RULE,    /* a line of dashes */
        R_QR,      /* a QR code of text */
        R_BARCODE, /* a CODE128 barcode of text */
        R_FEED,    /* blank lines */
        R_CUT,     /* feed and cut */
        R_DRAWER,  /* kick the cash drawer */
};

enum receipt_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct receipt_item {
        enum receipt_kind kind;
        enum receipt_align align;
        bool bold, big; /* big: double width and height */
        char text[RECEIPT_TEXT_MAX];
        char right[64]; /* R_PAIR */
        int n;          /* R_FEED: lines; R_DRAWER: pin (2 or 5) */
};

struct receipt {
        size_t n, cap;
        struct receipt_item *items;
};

void receipt_init(struct receipt *r);
void receipt_release(struct receipt *r);

/* Append an item; -ENOSPC when the receipt holds RECEIPT_ITEMS_MAX. Text longer than the item holds is cut
 * on a character boundary. */
int receipt_add(struct receipt *r, enum receipt_kind kind, enum receipt_align align, bool bold, bool big,
                const char *text, const char *right);

/* Columns a UTF-8 string takes on a receipt printer: CJK and full-width characters two. */
size_t text_columns(const char *s);

/* Whether the character at s takes two columns; *len: its bytes. */
bool receipt_char_wide(const char *s, size_t *len);

#endif
