/* kernel/passthrough.h - devices of the board given to the guest: chosen by the passthrough= boot option, checked, mapped at IPA = PA, their interrupts linked through the vGIC. */
#ifndef MV_PASSTHROUGH_H
#define MV_PASSTHROUGH_H

#include "kernel/cmdline.h"
#include "platform/bootinfo.h"

#define PT_MAX_REGS 4
#define PT_MAX_IRQS 4

struct pt_device {
	char path[MV_PT_PATH_MAX]; /* as passthrough= gave it */
	int node;		   /* in the boot DTB */
	struct mem_range reg[PT_MAX_REGS];
	unsigned nr_reg;
	u32 intid[PT_MAX_IRQS]; /* GIC SPIs: INTID 32 + n */
	bool edge[PT_MAX_IRQS];
	unsigned nr_irq;
};

/*
 * Before the MMU switch, with the boot DTB at fdt: check each node the
 * options name and keep what the guest will get. A node is refused,
 * with a line naming it and why, when it is missing or disabled, is not
 * a child of the root, has no reg, shows any sign of DMA (iommus,
 * iommu-map(-mask), dma-coherent, dma-ranges, msi-parent, msi-map, dmas,
 * #dma-cells), needs a phandle the guest cannot have (resets, power
 * domains, pin control, GPIOs, supplies, a clock other than a 24 MHz
 * fixed one), has interrupts that are not GIC SPIs in the vGIC's range
 * (INTIDs 32-63 but the consoles': 33 is the guest UART's, and the
 * board's console interrupt is the microvisor's), edge-rising or
 * level-high, one each and 4 at most, or has registers whose pages
 * overlap RAM, the microvisor's console, the GIC, the guest's emulated
 * devices or guest RAM (as IPAs), another given device, or another root
 * node's registers. Also maps the boot DTB for the guest device trees
 * built later. Each call starts afresh: 0 with the devices kept, or -1
 * with the reason in err and none kept.
 */
int passthrough_select(const void *fdt, const struct boot_info *bi,
		       const struct mv_options *o, pa_t console, char *err,
		       size_t errlen);

/* After the switch: the boot DTB as mapped, and the devices kept. */
const void *passthrough_fdt(void);
unsigned passthrough_count(void);
const struct pt_device *passthrough_device(unsigned i);
/* Is the INTID one of a given device's? */
bool passthrough_owns_irq(u32 intid);

#endif
