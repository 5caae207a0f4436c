/* Scanners' keys: key events from a keyboard-wedge scanner in each layout, boot-keyboard
 * reports and HID POS reports from a USB one. */
#include <stdint.h>
#include <string.h>

#include "hid_report.h"
#include "keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char out[SCAN_MAX + 1];
        struct key_decoder k;
        struct hid_keys h;

        key_decoder_init(&k, size ? (enum keymap_layout)(data[0] % 3) : LAYOUT_US);
        for (size_t i = 0; i + 2 < size; i += 3)
                (void)key_decoder_feed(&k, (uint16_t)(data[i] | (data[i + 1] & 1) << 8), data[i + 2] % 3, out);
        hid_keys_init(&h, LAYOUT_US);
        for (size_t i = 0; i + 8 <= size; i += 8)
                (void)hid_keys_feed(&h, data + i, 8, out);
        (void)hid_pos_report(data, size, out);
        return 0;
}
