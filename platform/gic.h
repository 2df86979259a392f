/* platform/gic.h - the board's GICv3 distributor and redistributor, as far as the microvisor drives them: its own per-CPU interrupts, nothing else. */
#ifndef MV_PLATFORM_GIC_H
#define MV_PLATFORM_GIC_H

#include "platform/bootinfo.h"

/*
 * Before the MMU switch: map the boot DTB's GICv3 (distributor and first
 * redistributor region) into the EL2 runtime tables. Without a GICv3 (or
 * without the CPU's system-register interface) nothing is mapped and
 * gic_init() says so; the appliance then gets no interrupts. 0, or -1
 * after logging why.
 */
int gic_boot(const struct boot_info *bi);

/*
 * After the switch: the distributor on with affinity routing (its SPIs
 * untouched: the microvisor owns none yet), this CPU's redistributor
 * found and awake, the CPU interface on. Returns true when interrupts
 * work, false (after logging why) when the board has none to give.
 */
bool gic_init(void);
bool gic_ready(void);
/* On another CPU, after gic_init(): its redistributor awake with every
 * SGI and PPI off, its CPU interface on. False when it has no frame
 * (the boot device tree did not list it) or the frame does not wake. */
bool gic_cpu_init(void);

/* One of this CPU's (the calling CPU's) SGIs or PPIs: Group 1, the given
 * priority, level or edge as the hardware has it, enabled or disabled. */
void gic_ppi_enable(u32 intid, u8 prio);
void gic_ppi_disable(u32 intid);
/* Neither pending nor active any more (between guests). */
void gic_ppi_clear(u32 intid);

/* One SPI for the microvisor itself (its console's): Group 1, routed to
 * this CPU, the given trigger and priority, enabled. */
void gic_spi_enable(u32 intid, u8 prio, bool edge);

#endif
