/* platform/pl011.c - a tiny polled console driver for the Arm PL011 UART. */
#include "platform/console.h"

#define UARTDR	  0x00
#define UARTFR	  0x18
#define UARTLCR_H 0x2c
#define UARTCR	  0x30
#define UARTIMSC  0x38
#define UARTICR	  0x44
#define IMSC_RX	  (BIT(4) | BIT(6)) /* receive, receive timeout */
#define FR_TXFE	  (1u << 7)
#define FR_RXFE	  (1u << 4)
#define FR_BUSY	  (1u << 3)
#define LCR_H_FEN (1u << 4)
#define CR_UARTEN (1u << 0)

/*
 * Bytes the transmitter takes once it reports empty (FR.TXFE): 16, the
 * smallest PL011 FIFO (r1p5 has 32), with the FIFOs on; one, the holding
 * register, with them off. One until init has looked.
 */
static unsigned pl011_tx_room = 1;

/* How long an empty transmitter is waited for, per chunk: a wedged UART
 * must not wedge the microvisor. */
#define TX_SPINS 1000000

static inline u32 rd(void *base, unsigned off)
{
	return *(volatile u32 *)((char *)base + off);
}

static inline void wr(void *base, unsigned off, u32 v)
{
	*(volatile u32 *)((char *)base + off) = v;
}

/*
 * The bootloader (or QEMU) already set baud rate and format; we only ever
 * poll. The FIFOs are turned on if they are off (QEMU leaves them off), so
 * a status read serves 16 bytes: by the TRM's sequence, the line idle and
 * the UART disabled while LCR_H changes (rewriting LCR_H re-latches the
 * same baud divisors). A UART that never goes idle is left as it is.
 */
static void pl011_init(void *base)
{
	u32 lcr = rd(base, UARTLCR_H), cr = rd(base, UARTCR);
	unsigned k;

	if (!(lcr & LCR_H_FEN)) {
		for (k = 0; k < TX_SPINS && (rd(base, UARTFR) & FR_BUSY); k++)
			;
		if (k == TX_SPINS)
			return;
		wr(base, UARTCR, cr & ~CR_UARTEN);
		wr(base, UARTLCR_H, lcr | LCR_H_FEN);
		wr(base, UARTCR, cr);
	}
	pl011_tx_room = 16;
}

/* One status read per FIFO-full of bytes, not one per byte. */
static void pl011_write(void *base, const char *s, size_t n)
{
	while (n) {
		size_t chunk = n < pl011_tx_room ? n : pl011_tx_room;

		for (unsigned k = 0;
		     k < TX_SPINS && !(rd(base, UARTFR) & FR_TXFE); k++)
			;
		for (size_t i = 0; i < chunk; i++)
			wr(base, UARTDR, (u8)s[i]);
		s += chunk;
		n -= chunk;
	}
}

static int pl011_getc(void *base)
{
	if (rd(base, UARTFR) & FR_RXFE)
		return -1;
	return rd(base, UARTDR) & 0xff;
}

static void pl011_rx_irq(void *base, bool on)
{
	u32 imsc = rd(base, UARTIMSC);

	wr(base, UARTIMSC, on ? imsc | IMSC_RX : imsc & ~IMSC_RX);
}

PLAT_CONSOLE(pl011_console) = {
	.name = "PL011",
	.compatible = "arm,pl011",
	.init = pl011_init,
	.write = pl011_write,
	.getc = pl011_getc,
	.rx_irq = pl011_rx_irq,
};
