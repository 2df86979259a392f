/* platform/gicv3.c - drives the board's GICv3 distributor and this CPU's
 * redistributor for the interrupts the microvisor takes itself. */
#include "hyp/el2mmu.h"
#include "hyp/gic.h"
#include "hyp/hyp.h"
#include "hyp/layout.h"
#include "hyp/sysreg.h"
#include "lib/log.h"
#include "platform/gic.h"

#define GICD_CTLR	   0x0000
#define GICD_CTLR_RWP	   BIT(31)
#define GICD_CTLR_ARE	   BIT(4) /* ARE_NS, or ARE with one security state */
#define GICD_CTLR_GRP1	   BIT(1) /* EnableGrp1A, or EnableGrp1 */
#define GICD_PIDR2	   0xffe8
#define GICD_IGROUPR(n)	   (0x0080 + 4 * ((n) / 32))
#define GICD_ISENABLER(n)  (0x0100 + 4 * ((n) / 32))
#define GICD_IPRIORITYR(n) (0x0400 + (n))
#define GICD_ICFGR(n)	   (0x0c00 + 4 * ((n) / 16))
#define GICD_IGRPMODR(n)   (0x0d00 + 4 * ((n) / 32))
#define GICD_IROUTER(n)	   (0x6000 + 8 * (n))
#define GIC_PIDR2_ARCH(v)  (((v) >> 4) & 0xf)

#define GICR_FRAME	   0x20000 /* RD_base and SGI_base, 64 KiB each */
#define GICR_TYPER	   0x0008
#define GICR_TYPER_LAST	   BIT(4)
#define GICR_WAKER	   0x0014
#define GICR_WAKER_SLEEP   BIT(1)
#define GICR_WAKER_ASLEEP  BIT(2)
#define GICR_PIDR2	   0xffe8
#define GICR_SGI	   0x10000
#define GICR_IGROUPR0	   (GICR_SGI + 0x0080)
#define GICR_ISENABLER0	   (GICR_SGI + 0x0100)
#define GICR_ICENABLER0	   (GICR_SGI + 0x0180)
#define GICR_ICPENDR0	   (GICR_SGI + 0x0280)
#define GICR_ICACTIVER0	   (GICR_SGI + 0x0380)
#define GICR_IPRIORITYR(n) (GICR_SGI + 0x0400 + (n))
#define GICR_IGRPMODR0	   (GICR_SGI + 0x0d00)

/* A register that never settles must not hang the boot. */
#define SPINS 1000000

/* The distributor, and each CPU's redistributor frame by its MPIDR. */
static struct {
	u8 *dist;
	struct {
		u64 mpidr; /* affinity fields, as hyp_mpidr() */
		u8 *rd;
	} cpu[BOOTINFO_MAX_CPUS];
	unsigned nr_cpu;
	bool ready;
} gic;

/* This CPU's frame (found by its MPIDR: a few compares). */
static u8 *this_rd(void)
{
	u64 self = hyp_mpidr();

	for (unsigned i = 0; i < gic.nr_cpu; i++)
		if (gic.cpu[i].mpidr == self)
			return gic.cpu[i].rd;
	return NULL;
}

static u32 rd32(const u8 *base, u64 off)
{
	return *(const volatile u32 *)(base + off);
}

static u64 rd64(const u8 *base, u64 off)
{
	return *(const volatile u64 *)(base + off);
}

static void wr32(u8 *base, u64 off, u32 v)
{
	*(volatile u32 *)(base + off) = v;
}

static void wr8(u8 *base, u64 off, u8 v)
{
	*(volatile u8 *)(base + off) = v;
}

/*
 * A CPU's frame in a redistributor region: the one whose GICR_TYPER
 * affinity is its MPIDR's.
 */
static u8 *find_redist(u8 *region, u64 size, u64 mpidr)
{
	u32 aff = (u32)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));

	for (u64 off = 0; off + GICR_FRAME <= size; off += GICR_FRAME) {
		u8 *rd = region + off;
		u64 typer = rd64(rd, GICR_TYPER);

		if (GIC_PIDR2_ARCH(rd32(rd, GICR_PIDR2)) < 3)
			return NULL;
		if ((u32)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			return NULL;
	}
	return NULL;
}

/* One CPU's frame, found in the region at its PA and mapped at slot i. */
static int map_redist(const struct boot_info *bi, u64 mpidr, unsigned i)
{
	u8 *frame = find_redist((u8 *)(uintptr_t)pa_addr(bi->gicr.base),
				bi->gicr.size, mpidr);

	if (!frame)
		return 1;
	gic.cpu[i].mpidr = mpidr;
	gic.cpu[i].rd = el2mmu_map_device(
		"a CPU's GIC redistributor", MV_GICR_VA + (u64)i * GICR_FRAME,
		pa((u64)(uintptr_t)frame), GICR_FRAME);
	return gic.cpu[i].rd ? 0 : -1;
}

int gic_boot(const struct boot_info *bi)
{
	u64 self = hyp_mpidr();
	int rc;

	if (!bi->has_gicv3 || !hyp_gic_present())
		return 0;
	/* Before the MMU is on the region is read at its PA, so that only
	 * the frames of the CPUs the device tree lists are mapped (a region
	 * holds one per possible CPU: megabytes, and their page tables). */
	rc = map_redist(bi, self, 0);
	if (rc > 0) {
		pr_warn("no GICv3 redistributor matches this CPU's MPIDR "
			"%#llx: the appliance gets no interrupts",
			(unsigned long long)self);
		return 0;
	}
	gic.dist = el2mmu_map_device("the GIC distributor", MV_GICD_VA,
				     bi->gicd.base, bi->gicd.size);
	if (rc || !gic.dist) {
		gic.dist = NULL;
		return -1;
	}
	gic.nr_cpu = 1;
	pr_info("GICv3: distributor at PA %#llx, redistributor region at "
		"PA %#llx",
		(unsigned long long)pa_addr(bi->gicd.base),
		(unsigned long long)pa_addr(bi->gicr.base));
	/* The other CPUs' frames: a CPU without one runs no vCPU. */
	for (unsigned k = 0; k < bi->nr_cpus; k++) {
		u64 m = bi->cpu_mpidr[k] & 0xff00ffffffULL;

		if (m == self || gic.nr_cpu == BOOTINFO_MAX_CPUS)
			continue;
		rc = map_redist(bi, m, gic.nr_cpu);
		if (rc < 0)
			return -1;
		if (rc)
			pr_warn("no GICv3 redistributor for the CPU with "
				"MPIDR %#llx",
				(unsigned long long)m);
		else
			gic.nr_cpu++;
	}
	return 0;
}

static bool wait_clear(const u8 *base, u64 off, u32 bit)
{
	for (unsigned k = 0; k < SPINS; k++)
		if (!(rd32(base, off) & bit))
			return true;
	return false;
}

bool gic_init(void)
{
	u32 arch;

	if (!gic.dist) {
		pr_notice("no GICv3 (with a system-register CPU interface) on "
			  "this board: the appliance gets no interrupts and "
			  "no watchdog");
		return false;
	}
	arch = GIC_PIDR2_ARCH(rd32(gic.dist, GICD_PIDR2));
	if (arch != 3 && arch != 4) {
		pr_warn("the interrupt controller says it is GIC architecture "
			"version %u, not 3 or 4: the appliance gets no "
			"interrupts",
			arch);
		return false;
	}
	/* Affinity routing and Group 1 on; whatever else firmware set
	 * stays (its SPIs are not ours to touch). */
	wr32(gic.dist, GICD_CTLR,
	     rd32(gic.dist, GICD_CTLR) | GICD_CTLR_ARE | GICD_CTLR_GRP1);
	if (!wait_clear(gic.dist, GICD_CTLR, GICD_CTLR_RWP) ||
	    !gic_cpu_init()) {
		pr_warn("the GIC does not settle (GICD_CTLR.RWP or "
			"GICR_WAKER.ChildrenAsleep stays set): the appliance "
			"gets no interrupts");
		return false;
	}
	gic.ready = true;
	return true;
}

bool gic_cpu_init(void)
{
	u8 *rd = this_rd();

	if (!rd)
		return false;
	wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (!wait_clear(rd, GICR_WAKER, GICR_WAKER_ASLEEP))
		return false;
	/* Every SGI and PPI of this CPU off until someone asks. */
	wr32(rd, GICR_ICENABLER0, 0xffffffff);
	wait_clear(rd, 0 /* GICR_CTLR */, BIT(3) /* RWP */);
	hyp_gic_cpu_init();
	return true;
}

bool gic_ready(void)
{
	return gic.ready;
}

void gic_ppi_enable(u32 intid, u8 prio)
{
	u8 *rd = this_rd();

	wr32(rd, GICR_IGROUPR0, rd32(rd, GICR_IGROUPR0) | BIT(intid));
	wr32(rd, GICR_IGRPMODR0, rd32(rd, GICR_IGRPMODR0) & ~(u32)BIT(intid));
	wr8(rd, GICR_IPRIORITYR(intid), prio);
	wr32(rd, GICR_ISENABLER0, BIT(intid));
	dsb(sy);
}

void gic_ppi_disable(u32 intid)
{
	u8 *rd = this_rd();

	wr32(rd, GICR_ICENABLER0, BIT(intid));
	wait_clear(rd, 0, BIT(3));
}

void gic_ppi_clear(u32 intid)
{
	u8 *rd = this_rd();

	wr32(rd, GICR_ICPENDR0, BIT(intid));
	wr32(rd, GICR_ICACTIVER0, BIT(intid));
	dsb(sy);
}

void gic_spi_enable(u32 intid, u8 prio, bool edge)
{
	u64 mpidr = read_sysreg(mpidr_el1);
	u32 bit = BIT(intid % 32), shift = 2 * (intid % 16) + 1;
	u32 cfg = rd32(gic.dist, GICD_ICFGR(intid));

	wr32(gic.dist, GICD_IGROUPR(intid),
	     rd32(gic.dist, GICD_IGROUPR(intid)) | bit);
	wr32(gic.dist, GICD_IGRPMODR(intid),
	     rd32(gic.dist, GICD_IGRPMODR(intid)) & ~bit);
	wr8(gic.dist, GICD_IPRIORITYR(intid), prio);
	wr32(gic.dist, GICD_ICFGR(intid),
	     edge ? cfg | BIT(shift) : cfg & ~(u32)BIT(shift));
	/* Aff3.Aff2.Aff1.Aff0 of this CPU, IRM clear. */
	*(volatile u64 *)(gic.dist + GICD_IROUTER(intid)) =
		(mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32;
	wr32(gic.dist, GICD_ISENABLER(intid), bit);
	wait_clear(gic.dist, GICD_CTLR, GICD_CTLR_RWP);
}
