/* Keyboard-wedge scanners type their codes: key events back into the characters of a
 * code, for the keyboard layout the scanner is set to. Pure: no device here. */
#ifndef POSD_KEYMAP_H
#define POSD_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "scanner.h"

enum keymap_layout { LAYOUT_US, LAYOUT_DE, LAYOUT_FR };

struct key_decoder {
        enum keymap_layout layout;
        bool shift, overlong;
        char buf[SCAN_MAX + 1];
        int len;
};

/* "us", "de" or "fr"; -EINVAL otherwise. */
int keymap_layout_parse(const char *name, enum keymap_layout *ret);
void key_decoder_init(struct key_decoder *k, enum keymap_layout layout);

/* One key event (a Linux key code; value 1 press, 0 release, 2 repeat): 1 and a whole
 * code when Enter or Tab ends one, -EMSGSIZE when the code that ended was too long
 * (dropped), 0 otherwise. Keys that map to nothing are ignored. */
int key_decoder_feed(struct key_decoder *k, uint16_t code, int value, char out[static SCAN_MAX + 1]);

#endif
