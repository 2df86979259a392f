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
 * iommu-map, dma-coherent, dma-ranges, msi-parent, msi-map, dmas), needs
 * a phandle the guest cannot have (resets, power domains, pin control,
 * a clock other than a 24 MHz fixed one), has interrupts that are not
 * GIC SPIs in the vGIC's range (INTIDs 34-63; 33 is the console UART's),
 * or has registers that overlap RAM, the microvisor's console, the GIC,
 * the guest's emulated devices or guest RAM (as IPAs), or another given
 * device. Also maps the boot DTB for the guest device trees built later.
 * 0, or -1 with the reason in err.
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
