/* What every fake USB device in the tests answers the same way: its capabilities, claims
 * and releases, and that no kernel driver holds it. Header-only, so only the tests that
 * host a umockdev testbed link libumockdev. */
#ifndef POSD_FAKE_USB_H
#define POSD_FAKE_USB_H

#include <errno.h>
#include <stdbool.h>
#include <sys/ioctl.h> /* before linux/usbdevice_fs.h */
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

/* true when req was one of those and is answered. */
static inline bool fake_usb_housekeeping(UMockdevIoctlClient *client, gulong req, guint32 caps)
{
        switch (req) {
        case USBDEVFS_GET_CAPABILITIES: {
                UMockdevIoctlData *d =
                        umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(guint32), NULL);
                *(guint32 *)d->data = caps;
                umockdev_ioctl_data_unref(d);
                umockdev_ioctl_client_complete(client, 0, 0);
                return true;
        }
        case USBDEVFS_CLAIMINTERFACE:
        case USBDEVFS_RELEASEINTERFACE:
        case USBDEVFS_CLEAR_HALT:
                umockdev_ioctl_client_complete(client, 0, 0);
                return true;
        case USBDEVFS_GETDRIVER: /* no kernel driver holds it */
                umockdev_ioctl_client_complete(client, -1, ENODATA);
                return true;
        default:
                return false;
        }
}

#endif
