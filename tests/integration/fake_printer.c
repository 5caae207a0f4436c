/* The fake printer's behaviour: a byte stream in, status answers out. */
#include <stdlib.h>
#include <unistd.h>

#include "fake_printer.h"
#include "harness.h"

#define PRINTED_MAX (1024 * 1024)

void fake_printer_init(struct fake_printer *f)
{
        *f = (struct fake_printer){ .printed = malloc(PRINTED_MAX) };
        pthread_mutex_init(&f->lock, NULL);
        assert_non_null(f->printed);
}

void fake_printer_release(struct fake_printer *f)
{
        free(f->printed);
        pthread_mutex_destroy(&f->lock);
}

static void keep(struct fake_printer *f, uint8_t b)
{
        if (f->nprinted < PRINTED_MAX)
                f->printed[f->nprinted++] = b;
}

/* What it answers to DLE EOT n: online, the drawer and the paper state. */
static uint8_t answer(const struct fake_printer *f, uint8_t n)
{
        switch (n) {
        case 1: return f->drawer_open ? 0x12 : 0x16; /* pin 3 low: open */
        case 2: return f->paper_out ? 0x32 : 0x12;
        case 4: return f->paper_out ? 0x72 : f->near_end ? 0x1e : 0x12;
        default: return 0x12;
        }
}

size_t fake_printer_take(struct fake_printer *f, const uint8_t *b, size_t n, uint8_t *answers, size_t cap)
{
        size_t na = 0;

        pthread_mutex_lock(&f->lock);
        for (size_t i = 0; i < n; i++) {
                if (f->state == 0 && b[i] == 0x10) {
                        f->state = 1;
                } else if (f->state == 1 && b[i] == 0x04) {
                        f->state = 2;
                } else if (f->state == 2) {
                        if (na < cap)
                                answers[na++] = answer(f, b[i]);
                        f->asks++;
                        f->state = 0;
                } else {
                        if (f->state == 1)
                                keep(f, 0x10);
                        f->state = 0;
                        keep(f, b[i]);
                }
        }
        pthread_mutex_unlock(&f->lock);
        return na;
}

void fake_printer_paper(struct fake_printer *f, bool out)
{
        pthread_mutex_lock(&f->lock);
        f->paper_out = out;
        pthread_mutex_unlock(&f->lock);
}

void fake_printer_near_end(struct fake_printer *f, bool near)
{
        pthread_mutex_lock(&f->lock);
        f->near_end = near;
        pthread_mutex_unlock(&f->lock);
}

void fake_printer_drawer(struct fake_printer *f, bool open)
{
        pthread_mutex_lock(&f->lock);
        f->drawer_open = open;
        pthread_mutex_unlock(&f->lock);
}

void fake_printer_printed(struct fake_printer *f, struct decode *d)
{
        size_t bad = 0;

        pthread_mutex_lock(&f->lock);
        if (escpos_decode(f->printed, f->nprinted, d, &bad) < 0)
                fail_msg("the printer got an undecodable byte 0x%02x at %zu", f->printed[bad], bad);
        pthread_mutex_unlock(&f->lock);
}

unsigned fake_printer_asks(struct fake_printer *f)
{
        unsigned n;

        pthread_mutex_lock(&f->lock);
        n = f->asks;
        pthread_mutex_unlock(&f->lock);
        return n;
}

void fake_printer_paper_out_sale(struct fake_printer *f, struct posd *p, const char *token, char sale[32])
{
        static struct decode d;

        fake_printer_paper(f, true);
        sell(p, token, "cash", sale);
        receipt_held(p, token, sale, "paper out");
        fake_printer_printed(f, &d);
        assert_int_equal(decoded_count(&d, D_CUT, NULL), 0);
        assert_true(fake_printer_asks(f) >= 3);
        fake_printer_paper(f, false);
        receipt_printed(p, token, sale);
        usleep(1000000); /* time enough to print it twice, were it to */
        fake_printer_printed(f, &d);
        assert_int_equal(decoded_count(&d, D_CUT, NULL), 1);
        assert_int_equal(decoded_count(&d, D_QR, sale), 1);
        assert_int_equal(decoded_count(&d, D_LINE, "苹果汁"), 1);
        assert_int_equal(decoded_count(&d, D_DRAWER, NULL), 1);
}
