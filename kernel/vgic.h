/* kernel/vgic.h - the guest's GICv3: a distributor and one redistributor emulated through stage-2 MMIO traps, and the list registers that carry their interrupts to the guest. */
#ifndef MV_VGIC_H
#define MV_VGIC_H

#include "lib/types.h"

/*
 * Where the guest finds them: qemu-virt's own addresses, so a kernel
 * configured for that board finds the usual layout. Nothing is mapped
 * there; every access traps and is emulated. docs/abi.md lists them.
 */
#define VGIC_GICD_IPA  0x08000000ULL
#define VGIC_GICD_SIZE 0x10000ULL
#define VGIC_GICR_IPA  0x080a0000ULL
#define VGIC_GICR_SIZE 0x20000ULL /* one vCPU's: RD_base and SGI_base */
/* vCPU n's redistributor is frame n; at most this many. */
#define VGIC_MAX_CPUS 8

/* INTIDs: 0-15 SGIs, 16-31 PPIs, 32-63 SPIs (for the device models and
 * the devices given to the guest). One bit each in the masks below. */
#define VGIC_NR_SPIS 32
#define VGIC_NR_IRQS (32 + VGIC_NR_SPIS)
#define VGIC_MAX_LRS 16

/* The virtual timer's INTID: a PPI linked to the physical one. */
#define VGIC_VTIMER 27

struct vgic {
	bool on;     /* the board has a GICv3: the guest gets one */
	u8 id;	     /* the vCPU this interface and redistributor are */
	u8 nr_cpus;  /* of how many (GICR_TYPER.Last, SGI targets) */
	u32 ctlr;    /* GICD_CTLR: EnableGrp0 (bit 0), EnableGrp1 (bit 1) */
	bool asleep; /* GICR_WAKER.ProcessorSleep */
	u64 owned;   /* the INTIDs the guest has: SGIs, PPIs, its SPIs */
	/* Per INTID, one bit each. */
	u64 enabled, latch, level, active, group1, edge, hw, in_lr;
	u8 prio[VGIC_NR_IRQS];
	u64 irouter[VGIC_NR_SPIS];
	/* The list registers as this side last wrote them. */
	u8 lr_intid[VGIC_MAX_LRS];
	u32 lr_used;
	u32 lr_pend; /* of those, the ones written with pending set */
	unsigned nr_lrs;
	u8 prio_mask; /* the priority bits the virtual interface keeps */
	bool dirty;   /* the state changed: the list registers need a flush */
	u64 hw_live;  /* linked interrupts whose physical one waits for it */
	/* For the log and make bench. */
	u64 injected, mmio, ignored, sgis;
	u64 routes_refused; /* GICD_IROUTER writes naming another CPU */
};

/* GICD_IROUTER<n>'s defined bits (Aff3, IRM, Aff2-Aff0) and IRM. */
#define VGIC_IROUTER_MASK 0x000000ff80ffffffULL
#define VGIC_IROUTER_IRM  (1ULL << 31)

/* A fresh guest's GIC: everything disabled, Group 0, priority 0, SGIs
 * edge, PPIs level, nothing pending; on = whether the board has one. */
void vgic_init(struct vgic *vg, bool on);

/* vCPU id of nr_cpus (vgic_init makes it vCPU 0 of 1). */
void vgic_set_cpu(struct vgic *vg, unsigned id, unsigned nr_cpus);

/* GICD_CTLR's group enables as vCPU 0's distributor has them: each
 * other vCPU keeps a copy, since they gate its interrupts too. */
void vgic_set_ctlr(struct vgic *vg, u32 ctlr);

/* An SPI becomes the guest's (a device model's, or a device given to
 * it): its registers and its delivery work from then on. */
void vgic_own(struct vgic *vg, u32 intid);

/* An SPI of a device given to the guest: the guest's, linked to the
 * physical INTID of the same number (the hardware bit), its trigger as
 * the device's (not the guest's to change). */
void vgic_link_hw(struct vgic *vg, u32 intid, bool edge);

/* After an exit that needs the true state: the list registers back into
 * it, and cleared. Cheap when none is in use. */
void vgic_fold(struct vgic *vg);
/* Before the guest runs again, when dirty: the active interrupts, then the
 * pending ones by priority, into the list registers; a maintenance
 * interrupt is asked for when they do not all fit. */
void vgic_flush(struct vgic *vg);

/* An edge on an SGI, PPI or owned SPI (a device model's event). */
void vgic_inject(struct vgic *vg, u32 intid);
/* A level-triggered source's line (a device model's). */
void vgic_set_level(struct vgic *vg, u32 intid, bool high);
/* The physical interrupt linked to intid was acknowledged and its
 * priority dropped: it is the guest's to handle, and its deactivation
 * through the list register deactivates the physical one. */
void vgic_hw_fired(struct vgic *vg, u32 intid);
/* The maintenance interrupt: list registers drained or an EOI seen. */
void vgic_maintenance(struct vgic *vg);
/* Before the guest ends or restarts: nothing of it left in the hardware. */
void vgic_teardown(struct vgic *vg);

/* Is the IPA one of the vGIC's frames: the distributor, or the
 * redistributor of one of nr_cpus vCPUs? */
static inline bool vgic_owns(u64 ipa, unsigned nr_cpus)
{
	return (ipa >= VGIC_GICD_IPA && ipa - VGIC_GICD_IPA < VGIC_GICD_SIZE) ||
	       (ipa >= VGIC_GICR_IPA &&
		ipa - VGIC_GICR_IPA < nr_cpus * VGIC_GICR_SIZE);
}
/*
 * One trapped load or store of 'size' bytes (1, 2, 4 or 8) at ipa. A
 * write takes *val; a read fills it. Registers the guest may not use, or
 * that this model does not have, read as zero and ignore writes, with a
 * debug line. Never fails.
 */
void vgic_mmio(struct vgic *vg, u64 ipa, unsigned size, bool write, u64 *val);

/* A write to ICC_SGI1R_EL1, ICC_ASGI1R_EL1 or ICC_SGI0R_EL1, trapped:
 * the vCPUs its value names, one bit each (vCPU n is affinity 0.0.0.n;
 * IRM names every vCPU but the sender). The caller raises the SGI on
 * each target, its own vCPU's at once. */
u32 vgic_sgi_targets(u64 value, unsigned self, unsigned nr_cpus);
/* SGI intid on this vCPU: from ICC_SGI1R/ASGI1R (group1 true), or from
 * ICC_SGI0R (false), which raises a Group 0 SGI only. */
void vgic_sgi_raise(struct vgic *vg, u32 intid, bool group1);

#endif
