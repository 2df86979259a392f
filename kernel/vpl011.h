/* kernel/vpl011.h - the guest's console UART: an emulated Arm PL011 that a
 * stock kernel's amba-pl011 driver and earlycon can drive, on the microvisor's
 * console. */
#ifndef MV_VPL011_H
#define MV_VPL011_H

#include "kernel/gcon.h"
#include "kernel/vgic.h"
#include "lib/types.h"

/*
 * qemu-virt's own UART address and interrupt (SPI 1), so that
 * earlycon=pl011,0x9000000 works as it does natively. Nothing is mapped
 * there: every access traps and is emulated (docs/abi.md).
 */
#define VPL011_IPA   0x09000000ULL
#define VPL011_SIZE  0x1000ULL
#define VPL011_INTID 33

/* The receive FIFO's depth: a PL011 revision 1 has 16 entries. */
#define VPL011_FIFO 16

struct vpl011 {
	/* The registers a driver programs, kept as written. */
	u16 cr, lcr_h, ibrd, fbrd, ifls, imsc;
	u16 ris_clear; /* interrupts acknowledged through ICR */
	u8 rx[VPL011_FIFO];
	unsigned rx_head, rx_count;
	/* Where its output goes, and where its interrupt is raised. */
	const struct gcon *out;
	struct vgic *vgic;
	/* Counts for the log. */
	u64 tx_bytes, rx_bytes, accesses, ignored;
};

/* A UART as after reset (receive and transmit enabled, interrupts
 * masked), writing through out and interrupting through vgic (NULL: no
 * interrupt controller; it is then polled). */
void vpl011_init(struct vpl011 *u, const struct gcon *out, struct vgic *vg);

static inline bool vpl011_owns(u64 ipa)
{
	return ipa >= VPL011_IPA && ipa - VPL011_IPA < VPL011_SIZE;
}

/* One trapped access of 'size' bytes (the registers are 16 or 32 bits
 * wide; 8-bit accesses to DR are what earlycon does). Registers it does not
 * have read as zero and ignore writes, with a debug line. */
void vpl011_mmio(struct vpl011 *u, u64 ipa, unsigned size, bool write,
		 u64 *val);

/* Bytes typed on the console: into the receive FIFO while it has room;
 * returns how many it took (the rest wait for the guest to read). */
unsigned vpl011_receive(struct vpl011 *u, const char *buf, unsigned n);
/* Room in the receive FIFO. */
unsigned vpl011_room(const struct vpl011 *u);

#endif
