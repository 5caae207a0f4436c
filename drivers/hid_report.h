/* USB HID barcode scanners' input reports into codes. Two kinds: a scanner in USB
 * keyboard mode sends boot-keyboard reports (it types the code); one in HID POS mode
 * sends the decoded data in a report of its own. Pure: no device here. */
#ifndef POSD_HID_REPORT_H
#define POSD_HID_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "keymap.h"

struct hid_keys {
        struct key_decoder keys;
        uint8_t down[6];     /* the keys held in the last report */
        uint8_t modifiers;
};

void hid_keys_init(struct hid_keys *k, enum keymap_layout layout);

/* An 8-byte boot-keyboard report (modifiers, reserved, six key usages): 1 and a code
 * when Enter or Tab ended one, -EMSGSIZE for an over-long code, 0 otherwise. */
int hid_keys_feed(struct hid_keys *k, const uint8_t *report, size_t len, char out[static SCAN_MAX + 1]);

/* A HID POS scanned-data report as Honeywell and Zebra send it: report id 2, the
 * number of data bytes, the data. 1 and the code; -EMSGSIZE when longer than
 * SCAN_MAX; -EBADMSG when it is no such report or the data are not printable. */
int hid_pos_report(const uint8_t *report, size_t len, char out[static SCAN_MAX + 1]);

#endif
