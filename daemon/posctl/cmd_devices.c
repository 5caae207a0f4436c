/* posctl devices: the receipt printers, scanners and serial ports this machine has, and
 * the posd.conf lines that use them. */
#include <cups/cups.h>
#include <libudev.h>
#include <stdio.h>
#include <string.h>

#include "posctl.h"

/* USB vendors of barcode scanners: a keyboard from one of them is a scanner. */
static const char *const scanner_vendors[] = {
        "0c2e", /* Honeywell / Metrologic */ "0536", /* Hand Held Products (Honeywell) */
        "05e0", /* Symbol / Zebra */ "05f9", /* Datalogic */ "080c", /* Datalogic */ "1eab", /* Newland */
};

static bool scanner_vendor(const char *vid)
{
        for (size_t i = 0; vid && i < sizeof(scanner_vendors) / sizeof(scanner_vendors[0]); i++)
                if (!strcmp(vid, scanner_vendors[i]))
                        return true;
        return false;
}

static const char *prop(struct udev_device *d, const char *key)
{
        const char *v = udev_device_get_property_value(d, key);
        return v ? v : "";
}

/* Each device of a subsystem with a node; fn gets it. */
static int each(struct udev *u, const char *subsystem, void (*fn)(struct udev_device *, int *), int *count)
{
        struct udev_enumerate *e = udev_enumerate_new(u);
        struct udev_list_entry *it;

        if (!e)
                return -1;
        udev_enumerate_add_match_subsystem(e, subsystem);
        udev_enumerate_scan_devices(e);
        udev_list_entry_foreach(it, udev_enumerate_get_list_entry(e)) {
                struct udev_device *d = udev_device_new_from_syspath(u, udev_list_entry_get_name(it));
                if (d && udev_device_get_devnode(d))
                        fn(d, count);
                udev_device_unref(d);
        }
        udev_enumerate_unref(e);
        return 0;
}

static void usb_ids(struct udev_device *d, const char **vid, const char **pid, const char **model)
{
        struct udev_device *usb = udev_device_get_parent_with_subsystem_devtype(d, "usb", "usb_device");

        *vid = usb ? udev_device_get_sysattr_value(usb, "idVendor") : NULL;
        *pid = usb ? udev_device_get_sysattr_value(usb, "idProduct") : NULL;
        *model = usb ? udev_device_get_sysattr_value(usb, "product") : NULL;
}

static void show_lp(struct udev_device *d, int *count)
{
        const char *node = udev_device_get_devnode(d), *vid, *pid, *model;

        if (strncmp(node, "/dev/usb/lp", 11) != 0)
                return;
        usb_ids(d, &vid, &pid, &model);
        printf("\n# receipt printer %s (USB %s:%s)\n[printer]\ndevice = lp:%s\n", model ? model : "", vid ? vid : "?",
               pid ? pid : "?", node);
        (*count)++;
}

/* A printer-class interface the kernel's usblp has not taken (no lp node beneath it):
 * posd reaches it through libusb. */
static void show_usb_printers(struct udev *u, int *count)
{
        struct udev_enumerate *e = udev_enumerate_new(u);
        struct udev_list_entry *it;

        if (!e)
                return;
        udev_enumerate_add_match_subsystem(e, "usb");
        udev_enumerate_add_match_sysattr(e, "bInterfaceClass", "07");
        udev_enumerate_scan_devices(e);
        udev_list_entry_foreach(it, udev_enumerate_get_list_entry(e)) {
                struct udev_device *d = udev_device_new_from_syspath(u, udev_list_entry_get_name(it));
                struct udev_enumerate *lp = d ? udev_enumerate_new(u) : NULL;
                const char *vid, *pid, *model;
                if (lp) {
                        udev_enumerate_add_match_parent(lp, d);
                        udev_enumerate_add_match_subsystem(lp, "usbmisc");
                        udev_enumerate_scan_devices(lp);
                        usb_ids(d, &vid, &pid, &model);
                        if (!udev_enumerate_get_list_entry(lp) && vid && pid) {
                                printf("\n# receipt printer %s (USB %s:%s), no kernel printer node\n[printer]\n"
                                       "device = usb:%s:%s\n", model ? model : "", vid, pid, vid, pid);
                                (*count)++;
                        }
                }
                udev_enumerate_unref(lp);
                udev_device_unref(d);
        }
        udev_enumerate_unref(e);
}

/* The /dev/input/by-id link when udev made one: it stays the same across re-plugging. */
static const char *stable_name(struct udev_device *d)
{
        struct udev_list_entry *it;

        udev_list_entry_foreach(it, udev_device_get_devlinks_list_entry(d))
                if (!strncmp(udev_list_entry_get_name(it), "/dev/input/by-id/", 17))
                        return udev_list_entry_get_name(it);
        return udev_device_get_devnode(d);
}

static void show_input(struct udev_device *d, int *count)
{
        const char *node = udev_device_get_devnode(d), *vid, *pid, *model;

        if (strncmp(node, "/dev/input/event", 16) != 0 || strcmp(prop(d, "ID_INPUT_KEYBOARD"), "1"))
                return;
        usb_ids(d, &vid, &pid, &model);
        if (!scanner_vendor(vid) && !scanner_vendor(prop(d, "ID_VENDOR_ID")))
                return;
        printf("\n# barcode scanner %s (USB %s:%s), keyboard-wedge; set layout= to the scanner's\n"
               "[scanner]\ndevice = evdev:%s?layout=us\n",
               model ? model : prop(d, "ID_MODEL"), vid ? vid : prop(d, "ID_VENDOR_ID"),
               pid ? pid : prop(d, "ID_MODEL_ID"), stable_name(d));
        (*count)++;
}

static void show_tty(struct udev_device *d, int *count)
{
        const char *node = udev_device_get_devnode(d), *vid, *pid, *model;

        if (strncmp(node, "/dev/ttyUSB", 11) != 0 && strncmp(node, "/dev/ttyACM", 11) != 0)
                return;
        usb_ids(d, &vid, &pid, &model);
        printf("\n# serial port %s (USB %s:%s): in [printer] or [scanner], at the device's speed\n"
               "device = serial:%s?baud=9600\n", node, vid ? vid : "?", pid ? pid : "?", node);
        (*count)++;
}

static int show_cups(int *count)
{
        cups_dest_t *dests = NULL;
        int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);

        for (int i = 0; i < n; i++) {
                const char *info = cupsGetOption("printer-info", dests[i].num_options, dests[i].options);
                printf("\n# CUPS queue %s%s%s (it must be a raw queue)\n[printer]\ndevice = cups:%s\n", dests[i].name,
                       info ? ": " : "", info ? info : "", dests[i].name);
                (*count)++;
        }
        cupsFreeDests(n, dests);
        return 0;
}

int cmd_devices(struct posctl *pc, int argc, char **argv)
{
        struct udev *u;
        int count = 0;

        (void)pc;
        (void)argv;
        if (argc != 1)
                return EXIT_USAGE;
        if (!(u = udev_new())) {
                fprintf(stderr, "posctl: udev is not available\n");
                return EXIT_FAILED;
        }
        printf("# devices found, with the posd.conf lines that use them\n");
        each(u, "usbmisc", show_lp, &count);
        show_usb_printers(u, &count);
        each(u, "input", show_input, &count);
        each(u, "tty", show_tty, &count);
        udev_unref(u);
        show_cups(&count);
        if (!count)
                printf("\n# none: no USB receipt printer, scanner, serial port or CUPS queue was found\n");
        return EXIT_OK;
}
