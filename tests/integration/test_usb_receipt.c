/* A sale's receipt to a USB receipt printer at a real posd. The printer is a fake that
 * lives in this process: a umockdev testbed holds the POS-58 of
 * tests/devices/usb-printer.umockdev and an ioctl handler plays its bulk endpoints. It
 * keeps every byte it is sent, answers DLE EOT real-time status, can run out of paper
 * and can lose its cable. posd, started with umockdev's preload library, reaches it
 * through libusb. */
#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h> /* before linux/usbdevice_fs.h */
#include <linux/usbdevice_fs.h>
#include <umockdev.h>
#include <unistd.h>

#include "fake_printer.h"
#include "fake_usb.h"
#include "harness.h"

#define NODE "/dev/bus/usb/001/005"

static struct fake_printer model;

/* The USB side of it. */
static struct fake {
        pthread_mutex_t lock;
        uint8_t answers[16]; /* status bytes waiting for the host to read them */
        size_t nanswers;
        GList *done;   /* URBs the host can reap */
        GList *flying; /* IN URBs waiting for an answer */
        bool unplugged; /* the kernel answers ENODEV on a pulled device's open node */
        size_t cut_after; /* when set, the cable is pulled once that many bytes came in */
} fake = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void plug_locked(bool in);

/* An IN URB gets the waiting answers, as many as fit. */
static void fill_in(void)
{
        while (fake.flying && fake.nanswers) {
                UMockdevIoctlData *d = fake.flying->data;
                struct usbdevfs_urb *urb = (struct usbdevfs_urb *)d->data;
                UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(d, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                                                     (gsize)urb->buffer_length, NULL);
                size_t n = fake.nanswers < (size_t)urb->buffer_length ? fake.nanswers : (size_t)urb->buffer_length;
                memcpy(buf->data, fake.answers, n);
                umockdev_ioctl_data_unref(buf);
                memmove(fake.answers, fake.answers + n, fake.nanswers - n);
                fake.nanswers -= n;
                urb->actual_length = (int)n;
                urb->status = 0;
                fake.flying = g_list_remove(fake.flying, d);
                fake.done = g_list_append(fake.done, d);
        }
}

static void submit(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)d->data;

        if (urb->endpoint & 0x80) { /* the lists hold the reference resolve gave */
                fake.flying = g_list_append(fake.flying, d);
        } else {
                UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(d, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                                                     (gsize)urb->buffer_length, NULL);
                size_t n = (size_t)urb->buffer_length;
                bool cut = fake.cut_after && n >= fake.cut_after;
                if (cut) /* the printer gets the first bytes, then the cable is out */
                        n = fake.cut_after;
                else if (fake.cut_after)
                        fake.cut_after -= n;
                fake.nanswers += fake_printer_take(&model, buf->data, n, fake.answers + fake.nanswers,
                                                   sizeof(fake.answers) - fake.nanswers);
                umockdev_ioctl_data_unref(buf);
                if (cut) {
                        fake.cut_after = 0;
                        umockdev_ioctl_data_unref(d);
                        plug_locked(false);
                        umockdev_ioctl_client_complete(client, -1, ENODEV);
                        return;
                }
                urb->actual_length = urb->buffer_length;
                urb->status = 0;
                fake.done = g_list_append(fake.done, d);
        }
        fill_in();
        umockdev_ioctl_client_complete(client, 0, 0);
}

static void reap(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
        UMockdevIoctlData *d, *ptr;

        if (!fake.done) {
                umockdev_ioctl_client_complete(client, -1, EAGAIN);
                return;
        }
        d = fake.done->data;
        fake.done = g_list_delete_link(fake.done, fake.done);
        ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
        umockdev_ioctl_data_set_ptr(ptr, 0, d);
        umockdev_ioctl_data_unref(ptr);
        umockdev_ioctl_data_unref(d);
        umockdev_ioctl_client_complete(client, 0, 0);
}

/* A timed-out read: the host takes its URB back. */
static void discard(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
        gulong addr = *(gulong *)arg->data;

        for (GList *l = fake.flying; l; l = l->next) {
                UMockdevIoctlData *d = l->data;
                if (d->client_addr == addr) {
                        ((struct usbdevfs_urb *)d->data)->status = -ENOENT;
                        fake.flying = g_list_delete_link(fake.flying, l);
                        fake.done = g_list_append(fake.done, d);
                        umockdev_ioctl_client_complete(client, 0, 0);
                        return;
                }
        }
        umockdev_ioctl_client_complete(client, -1, EINVAL);
}

static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user)
{
        UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
        gboolean handled = TRUE;
        gulong req;
        (void)base;
        (void)user;

        pthread_mutex_lock(&fake.lock);
        if (fake.unplugged) {
                umockdev_ioctl_client_complete(client, -1, ENODEV);
                pthread_mutex_unlock(&fake.lock);
                return TRUE;
        }
        req = umockdev_ioctl_client_get_request(client);
        if (fake_usb_housekeeping(client, req, USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_BULK_CONTINUATION)) {
                pthread_mutex_unlock(&fake.lock);
                return TRUE;
        }
        switch (req) {
        case USBDEVFS_SUBMITURB:
                submit(client, arg);
                break;
        case USBDEVFS_REAPURB:
        case USBDEVFS_REAPURBNDELAY:
                reap(client, arg);
                break;
        case USBDEVFS_DISCARDURB:
                discard(client, arg);
                break;
        default:
                handled = FALSE;
        }
        pthread_mutex_unlock(&fake.lock);
        return handled;
}

/* A pulled cable as the host sees it: every call on the open node fails with ENODEV,
 * and so does opening it again, until the printer is back. */
static void plug_locked(bool in)
{
        fake.unplugged = !in;
        if (!in) { /* what was in flight is gone with it */
                g_list_free_full(fake.done, (GDestroyNotify)umockdev_ioctl_data_unref);
                g_list_free_full(fake.flying, (GDestroyNotify)umockdev_ioctl_data_unref);
                fake.done = fake.flying = NULL;
                fake.nanswers = 0;
        }
}

static void set_plugged(bool in)
{
        pthread_mutex_lock(&fake.lock);
        plug_locked(in);
        pthread_mutex_unlock(&fake.lock);
}

static void test_receipt_waits_for_paper_and_cable(void **state)
{
        static struct decode d;
        struct posd p;
        char sale[32];
        const char *tok;
        (void)state;

        tok = posd_open_lane(&p, "[printer]\ndevice = usb:0416:5011\ncolumns = 32\n[drawer]\ndevice = printer\n");
        fake_printer_paper_out_sale(&model, &p, tok, sale);

        /* the cable is pulled: the next receipt waits; plugged back, it prints */
        set_plugged(false);
        sell(&p, tok, "card", sale);
        receipt_held(&p, tok, sale, "offline");
        set_plugged(true);
        receipt_printed(&p, tok, sale);
        fake_printer_printed(&model, &d);
        assert_int_equal(decoded_count(&d, D_QR, sale), 1);
        assert_int_equal(decoded_count(&d, D_CUT, NULL), 2);

        /* the cable pulled 40 bytes into a receipt: plugged back, it is printed again,
         * whole, once */
        pthread_mutex_lock(&fake.lock);
        fake.cut_after = 40;
        pthread_mutex_unlock(&fake.lock);
        sell(&p, tok, "card", sale);
        receipt_held(&p, tok, sale, "offline");
        set_plugged(true);
        receipt_printed(&p, tok, sale);
        fake_printer_printed(&model, &d);
        assert_int_equal(decoded_count(&d, D_QR, sale), 1);
        assert_int_equal(decoded_count(&d, D_CUT, NULL), 3);
        posd_stop(&p);
        posd_cleanup(&p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_receipt_waits_for_paper_and_cable),
        };
        UMockdevTestbed *tb;
        UMockdevIoctlBase *printer;
        GError *err = NULL;
        char path[512], *desc = NULL;
        int r;

        fake_printer_init(&model);
        tb = umockdev_testbed_new();
        printer = umockdev_ioctl_base_new();
        g_signal_connect(printer, "handle-ioctl", G_CALLBACK(on_ioctl), NULL);
        snprintf(path, sizeof(path), "%s/tests/devices/usb-printer.umockdev", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
        if (!g_file_get_contents(path, &desc, NULL, &err) ||
            !umockdev_testbed_attach_ioctl(tb, NODE, printer, &err) || !umockdev_testbed_add_from_string(tb, desc, &err)) {
                fprintf(stderr, "test_usb_receipt: no fake printer: %s\n", err ? err->message : "out of memory");
                return 1;
        }
        tumockdev_preload(true);
        r = cmocka_run_group_tests_name("usb receipt printer at posd", tests, NULL, NULL);
        tumockdev_preload(false);
        umockdev_testbed_detach_ioctl(tb, NODE, NULL);
        g_object_unref(printer);
        g_object_unref(tb);
        g_free(desc);
        g_list_free_full(fake.done, (GDestroyNotify)umockdev_ioctl_data_unref);
        g_list_free_full(fake.flying, (GDestroyNotify)umockdev_ioctl_data_unref);
        fake_printer_release(&model);
        return r;
}
