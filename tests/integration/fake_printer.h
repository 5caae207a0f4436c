/* A receipt printer's behaviour for tests that play one behind a transport (USB, serial):
 * it keeps what it is sent, answers DLE EOT real-time status, and can be out of paper. */
#ifndef POSD_FAKE_PRINTER_H
#define POSD_FAKE_PRINTER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escpos_decode.h"

struct fake_printer {
        pthread_mutex_t lock;
        bool paper_out, near_end, drawer_open;
        uint8_t *printed; /* every byte but the status questions */
        size_t nprinted;
        unsigned asks;
        int state; /* bytes of a DLE EOT seen so far */
};

void fake_printer_init(struct fake_printer *f);
void fake_printer_release(struct fake_printer *f);

/* Bytes from the host. The status bytes it answers go to answers (at most cap); their
 * count is returned. */
size_t fake_printer_take(struct fake_printer *f, const uint8_t *b, size_t n, uint8_t *answers, size_t cap);

void fake_printer_paper(struct fake_printer *f, bool out);
/* The roll is nearly used up (it still prints). */
void fake_printer_near_end(struct fake_printer *f, bool near);
/* The drawer on its kick connector opened by hand (or shut). */
void fake_printer_drawer(struct fake_printer *f, bool open);
/* What it printed so far, decoded; a test failure on bytes no printer knows. */
void fake_printer_printed(struct fake_printer *f, struct decode *d);
unsigned fake_printer_asks(struct fake_printer *f);

struct posd;
/* The printer out of paper at a cash sale: the receipt waits, and posd learnt why by
 * asking; paper in, it prints once, with the sale's QR code and the drawer kick. The
 * printer must have printed nothing before. The sale's number goes to sale. */
void fake_printer_paper_out_sale(struct fake_printer *f, struct posd *p, const char *token, char sale[32]);

#endif
