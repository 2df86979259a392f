/* kernel/vpl011.c - the guest's console UART: the PL011 registers a driver
 * uses, its transmit side on the guest console, its receive FIFO fed from the
 * microvisor's console. */
#include "kernel/vpl011.h"
#include "lib/log.h"

#define DR    0x000
#define RSR   0x004
#define FR    0x018
#define IBRD  0x024
#define FBRD  0x028
#define LCR_H 0x02c
#define CR    0x030
#define IFLS  0x034
#define IMSC  0x038
#define RIS   0x03c
#define MIS   0x040
#define ICR   0x044
#define DMACR 0x048

#define FR_RXFE BIT(4)
#define FR_RXFF BIT(6)
#define FR_TXFE BIT(7)

#define INT_RX	BIT(4)
#define INT_TX	BIT(5)
#define INT_ALL 0x7ff

#define CR_RESET   0x0300 /* TXE, RXE */
#define IFLS_RESET 0x0012 /* half-full triggers */

/* A PL011 revision 1 (16-entry FIFOs), as QEMU's and Linux know it. */
static const u8 ids[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

void vpl011_init(struct vpl011 *u, const struct gcon *out, struct vgic *vg)
{
	*u = (struct vpl011){
		.cr = CR_RESET,
		.ifls = IFLS_RESET,
		/* No transmit interrupt until something has been sent. */
		.ris_clear = INT_TX,
		.out = out,
		.vgic = vg,
	};
}

/*
 * Raw interrupt status. Transmit: the FIFO empties at once, so the
 * transmit interrupt is up after every write until acknowledged (as
 * QEMU's PL011 does: Linux's driver expects it). Receive: up while the
 * FIFO holds anything (the receive timeout is not modelled; the driver
 * reads until the FIFO is empty either way).
 */
static u16 ris(const struct vpl011 *u)
{
	u16 r = (u16)(INT_TX & ~u->ris_clear);

	if (u->rx_count)
		r |= INT_RX;
	return r;
}

/* The interrupt line: level, what the mask lets through. */
static void update_irq(struct vpl011 *u)
{
	if (u->vgic)
		vgic_set_level(u->vgic, VPL011_INTID, ris(u) & u->imsc);
}

unsigned vpl011_room(const struct vpl011 *u)
{
	return VPL011_FIFO - u->rx_count;
}

unsigned vpl011_receive(struct vpl011 *u, const char *buf, unsigned n)
{
	unsigned took = 0;

	while (took < n && u->rx_count < VPL011_FIFO) {
		u->rx[(u->rx_head + u->rx_count) % VPL011_FIFO] =
			(u8)buf[took++];
		u->rx_count++;
	}
	u->rx_bytes += took;
	if (took)
		update_irq(u);
	return took;
}

static u32 read_dr(struct vpl011 *u)
{
	u8 c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VPL011_FIFO;
	u->rx_count--;
	update_irq(u);
	return c;
}

static void write_dr(struct vpl011 *u, u8 c)
{
	char ch = (char)c;

	if (u->out)
		gcon_write(u->out, &ch, 1);
	u->tx_bytes++;
	u->ris_clear &= (u16)~INT_TX;
	update_irq(u);
}

static void ignored(struct vpl011 *u, u64 off, unsigned size, bool write,
		    u64 *val)
{
	u->ignored++;
	if (write)
		pr_debug("vPL011: +%#llx: %u-byte write of %#llx ignored",
			 (unsigned long long)off, size,
			 (unsigned long long)*val);
	else
		pr_debug("vPL011: +%#llx: %u-byte read returns 0",
			 (unsigned long long)off, size);
	if (!write)
		*val = 0;
}

static void access(struct vpl011 *u, u64 ipa, unsigned size, bool write,
		   u64 *val);

void vpl011_mmio(struct vpl011 *u, u64 ipa, unsigned size, bool write, u64 *val)
{
	access(u, ipa, size, write, val);
	/* A narrow read sees the register's low bytes only. */
	if (!write && size < 8)
		*val &= (1ULL << (8 * size)) - 1;
}

static void access(struct vpl011 *u, u64 ipa, unsigned size, bool write,
		   u64 *val)
{
	u64 off = ipa - VPL011_IPA;
	u16 v = (u16)*val;

	u->accesses++;
	/* The registers are 16 bits wide in 32-bit slots; byte and halfword
	 * accesses at the slot's start are what drivers and earlycon use. */
	if ((off & 3) || size > 4) {
		ignored(u, off, size, write, val);
		return;
	}
	if (off >= 0xfe0) {
		if (write)
			ignored(u, off, size, write, val);
		else
			*val = ids[(off - 0xfe0) / 4];
		return;
	}
	if (!write) {
		switch (off) {
		case DR: *val = read_dr(u); return;
		case RSR: *val = 0; return; /* no receive errors */
		case FR:
			*val = FR_TXFE | (u->rx_count ? 0 : FR_RXFE) |
			       (u->rx_count == VPL011_FIFO ? FR_RXFF : 0);
			return;
		case IBRD: *val = u->ibrd; return;
		case FBRD: *val = u->fbrd; return;
		case LCR_H: *val = u->lcr_h; return;
		case CR: *val = u->cr; return;
		case IFLS: *val = u->ifls; return;
		case IMSC: *val = u->imsc; return;
		case RIS: *val = ris(u); return;
		case MIS: *val = ris(u) & u->imsc; return;
		case DMACR: *val = 0; return; /* no DMA */
		}
		ignored(u, off, size, write, val);
		return;
	}
	switch (off) {
	case DR: write_dr(u, (u8)v); return;
	case RSR: return; /* clears errors: there are none */
	case IBRD: u->ibrd = v; return;
	case FBRD: u->fbrd = v & 0x3f; return;
	case LCR_H: u->lcr_h = v & 0xff; return;
	case CR: u->cr = v; return;
	case IFLS: u->ifls = v & 0x3f; return;
	case IMSC:
		u->imsc = v & INT_ALL;
		update_irq(u);
		return;
	case ICR:
		u->ris_clear |= v & INT_TX; /* receive stays up while data */
		update_irq(u);
		return;
	case DMACR: return; /* no DMA: nothing to enable */
	}
	ignored(u, off, size, write, val);
}
