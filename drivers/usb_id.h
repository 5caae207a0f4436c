/* "04b8:0202": a USB vendor and product id, as device URIs name USB devices. */
#ifndef POSD_USB_ID_H
#define POSD_USB_ID_H

#include <stddef.h>
#include <stdint.h>

/* The len characters at s as VVVV:PPPP in hex; -EINVAL otherwise. */
int usb_id_parse(const char *s, size_t len, uint16_t *vid, uint16_t *pid);

#endif
