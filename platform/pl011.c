/* platform/pl011.c - a tiny polled console driver for the Arm PL011 UART. */
#include "platform/console.h"

#define UARTDR	0x00
#define UARTFR	0x18
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)

/* How long a full transmit FIFO is waited for, per byte: a wedged UART
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

/* The bootloader (or QEMU) already configured baud rate and format; we
 * only ever poll, so nothing needs setting up. */
static void pl011_init(void *base)
{
	(void)base;
}

static void pl011_write(void *base, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (unsigned k = 0;
		     k < TX_SPINS && (rd(base, UARTFR) & FR_TXFF); k++)
			;
		wr(base, UARTDR, (u8)s[i]);
	}
}

static int pl011_getc(void *base)
{
	if (rd(base, UARTFR) & FR_RXFE)
		return -1;
	return rd(base, UARTDR) & 0xff;
}

PLAT_CONSOLE(pl011_console) = {
	.name = "PL011",
	.compatible = "arm,pl011",
	.init = pl011_init,
	.write = pl011_write,
	.getc = pl011_getc,
};
