/* platform/pl011.c - a tiny polled driver for the Arm PL011 UART (transmit and
 * non-blocking receive). */
#include "platform/plat.h"

#define UARTDR	0x00
#define UARTFR	0x18
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)
#define FR_BUSY (1u << 3)

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
void pl011_init(void *base)
{
	(void)base;
}

void pl011_putc(void *base, char c)
{
	/* A bounded wait: a wedged UART must not wedge the microvisor. */
	for (unsigned i = 0; i < 1000000 && (rd(base, UARTFR) & FR_TXFF); i++)
		;
	wr(base, UARTDR, (u8)c);
}

int pl011_getc(void *base)
{
	if (rd(base, UARTFR) & FR_RXFE)
		return -1;
	return rd(base, UARTDR) & 0xff;
}
