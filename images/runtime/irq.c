/* images/runtime/irq.c - interrupts for an appliance: the GICv3 found in the device tree (each CPU its own redistributor), handler registration, SGIs between CPUs and the IRQ dispatcher. */
#include <errno.h>

#include <libfdt.h>

#include "runtime.h"

/* ---- interrupts: the GICv3 driver and the IRQ dispatcher ---------------- */

/* The CPU interface (ICC_*; the microvisor maps them to ICV_*). */
#define ICC_IAR1_EL1	"S3_0_C12_C12_0"
#define ICC_EOIR1_EL1	"S3_0_C12_C12_1"
#define ICC_BPR1_EL1	"S3_0_C12_C12_3"
#define ICC_CTLR_EL1	"S3_0_C12_C12_4"
#define ICC_SRE_EL1	"S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_DIR_EL1	"S3_0_C12_C11_1"
#define ICC_SGI1R_EL1	"S3_0_C12_C11_5"
#define ICC_PMR_EL1	"S3_0_C4_C6_0"

#define read_icc(reg)                                                          \
	({                                                                     \
		uint64_t v_;                                                   \
		asm volatile("mrs %0, " reg : "=r"(v_)::"memory");             \
		v_;                                                            \
	})
#define write_icc(reg, v)                                                      \
	asm volatile("msr " reg ", %0" ::"r"((uint64_t)(v)) : "memory")

#define ICC_SRE_SRE	 (1u << 0)
#define ICC_CTLR_EOIMODE (1u << 1)
#define INTID_SPECIAL	 1020 /* 1020-1023: no interrupt to handle */

/* Distributor, redistributor (RD_base) and SGI_base registers. */
#define GICD_CTLR	  0x0000
#define GICD_CTLR_GRP1	  (1u << 1)
#define GICD_CTLR_RWP	  (1u << 31)
#define GICR_CTLR	  0x0000
#define GICR_CTLR_RWP	  (1u << 3)
#define GICR_TYPER	  0x0008
#define GICR_TYPER_LAST	  (1u << 4)
#define GICR_WAKER	  0x0014
#define GICR_WAKER_SLEEP  (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_FRAME	  0x20000 /* RD_base + SGI_base, no VLPI frames */
#define GICR_SGI_OFFSET	  0x10000
/* Per-INTID registers, at the same offsets in GICD and the SGI frame. */
#define GIC_IGROUPR    0x0080
#define GIC_ISENABLER  0x0100
#define GIC_ICENABLER  0x0180
#define GIC_ISPENDR    0x0200
#define GIC_ICPENDR    0x0280
#define GIC_ISACTIVER  0x0300
#define GIC_ICACTIVER  0x0380
#define GIC_IPRIORITYR 0x0400
#define GICD_IROUTER   0x6000

/* Polls for the GIC are bounded: a stuck bit must not hang the boot. */
#define GIC_POLL_LIMIT 1000000

struct irq_slot {
	mv_irq_handler fn;
	void *arg;
};

/*
 * Shared by every CPU: the distributor's address, the handler table and
 * whether CPU 0 brought the GIC up (then each started CPU brings up its
 * own part before its function runs). Everything else is per CPU, in
 * mv_this_cpu(): the redistributor frame, the CPU interface's state,
 * the handler nesting.
 */
static uintptr_t gicd;
static volatile bool gic_boot_up;
static struct irq_slot irq_slots[MV_IRQ_MAX];

bool mv_gic_ready(void)
{
	return mv_this_cpu()->gic_up;
}

bool mv_gic_boot_ready(void)
{
	return gic_boot_up;
}

mv_irq_handler mv_irq_handler_of(unsigned int intid)
{
	return intid < MV_IRQ_MAX ? irq_slots[intid].fn : NULL;
}

unsigned int mv_irq_depth(void)
{
	return mv_this_cpu()->irq_depth;
}

uint64_t mv_irq_count(void)
{
	return mv_this_cpu()->irq_taken;
}

static uint64_t fdt_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/* Waits for a register's bits to read as 'want'; false if they never do. */
static bool gic_poll(uintptr_t reg, uint32_t bits, uint32_t want)
{
	for (unsigned int n = 0; n < GIC_POLL_LIMIT; n++)
		if ((mv_mmio_read32(reg) & bits) == want)
			return true;
	return false;
}

/*
 * The distributor and this CPU's redistributor from the device tree:
 * reg = <GICD base, size>, <GICR region base, size> (one region; more are
 * not searched, as the microvisor gives one, with a frame per vCPU). The
 * redistributor is the frame whose GICR_TYPER affinity matches
 * MPIDR_EL1, searched up to the frame marked Last, as Linux does.
 */
static int gic_find(struct mv_cpu_state *c)
{
	const void *fdt = mv_fdt();
	int node, parent, ac, sc, len;
	const fdt32_t *reg;
	uint64_t dbase, rbase, rsize, mpidr, aff, off;

	if (!fdt)
		return -ENODEV;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node < 0)
		return -ENODEV;
	parent = fdt_parent_offset(fdt, node);
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (int)sizeof(*reg) * 2 * (ac + sc))
		return -EINVAL;
	dbase = fdt_cells(reg, ac);
	rbase = fdt_cells(reg + ac + sc, ac);
	rsize = fdt_cells(reg + 2 * ac + sc, sc);
	/* Device memory in the runtime's identity map: below 1G. */
	if (!dbase || dbase >= MV_GUEST_RAM_IPA || !rbase ||
	    rbase >= MV_GUEST_RAM_IPA || rsize < GICR_FRAME)
		return -EINVAL;
	/* Every CPU finds the same address: the store is idempotent. */
	__atomic_store_n(&gicd, (uintptr_t)dbase, __ATOMIC_RELAXED);

	mpidr = mv_mpidr();
	/* GICR_TYPER[63:32] is Aff3.Aff2.Aff1.Aff0, MPIDR has Aff3 at 32. */
	aff = (mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24);
	for (off = 0; off + GICR_FRAME <= rsize; off += GICR_FRAME) {
		uintptr_t rd = (uintptr_t)(rbase + off);
		uint32_t lo = mv_mmio_read32(rd + GICR_TYPER);
		uint32_t hi = mv_mmio_read32(rd + GICR_TYPER + 4);

		if (hi == aff) {
			c->gicr_rd = rd;
			c->gicr_sgi = rd + GICR_SGI_OFFSET;
			return 0;
		}
		if (lo & GICR_TYPER_LAST)
			break;
	}
	return -EINVAL;
}

int mv_gic_init(void)
{
	struct mv_cpu_state *c = mv_this_cpu();
	bool boot = mv_cpu_index() == 0;
	uint64_t sre;
	int err;

	c->gic_up = false;
	if (boot)
		gic_boot_up = false;
	err = gic_find(c);
	if (err)
		return err;

	/* The system-register CPU interface: GICv3 has no other for us. */
	sre = read_icc(ICC_SRE_EL1);
	if (!(sre & ICC_SRE_SRE)) {
		write_icc(ICC_SRE_EL1, sre | ICC_SRE_SRE);
		asm volatile("isb");
		if (!(read_icc(ICC_SRE_EL1) & ICC_SRE_SRE))
			return -EIO;
	}

	/* Wake this CPU's redistributor before programming it. */
	mv_mmio_write32(c->gicr_rd + GICR_WAKER,
			mv_mmio_read32(c->gicr_rd + GICR_WAKER) &
				~GICR_WAKER_SLEEP);
	if (!gic_poll(c->gicr_rd + GICR_WAKER, GICR_WAKER_ASLEEP, 0))
		return -EIO;

	/* SGIs and PPIs: off, not pending, not active, Group 1, default
	 * priority. (Affinity routing is always on: this frame has them.) */
	mv_mmio_write32(c->gicr_sgi + GIC_ICENABLER, 0xffffffff);
	gic_poll(c->gicr_rd + GICR_CTLR, GICR_CTLR_RWP, 0);
	mv_mmio_write32(c->gicr_sgi + GIC_ICPENDR, 0xffffffff);
	mv_mmio_write32(c->gicr_sgi + GIC_ICACTIVER, 0xffffffff);
	mv_mmio_write32(c->gicr_sgi + GIC_IGROUPR, 0xffffffff);
	for (unsigned int i = 0; i < 32; i++)
		mv_mmio_write8(c->gicr_sgi + GIC_IPRIORITYR + i,
			       MV_IRQ_PRIO_DEFAULT);

	/*
	 * The distributor forwards Group 1 (ARE and DS read as one and
	 * keep); it gates SGIs and PPIs too, so any CPU may be the first to
	 * set it, and setting it again changes nothing.
	 */
	mv_mmio_write32(gicd + GICD_CTLR,
			mv_mmio_read32(gicd + GICD_CTLR) | GICD_CTLR_GRP1);
	gic_poll(gicd + GICD_CTLR, GICD_CTLR_RWP, 0);

	/* The handler table is shared: only CPU 0 starts it afresh. */
	if (boot)
		for (unsigned int i = 0; i < MV_IRQ_MAX; i++)
			irq_slots[i] = (struct irq_slot){0};

	/* The CPU interface: everything unmasked, no subpriority, EOImode 0. */
	c->eoimode = 0;
	c->timer_on = false;
	write_icc(ICC_PMR_EL1, 0xff);
	write_icc(ICC_BPR1_EL1, 0);
	write_icc(ICC_CTLR_EL1, read_icc(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE);
	write_icc(ICC_IGRPEN1_EL1, 1);
	asm volatile("isb");
	c->gic_up = true;
	if (boot)
		gic_boot_up = true;
	return 0;
}

/* The frame holding intid's per-INTID registers, and its bit there. */
static int irq_frame(unsigned int intid, uintptr_t *base)
{
	struct mv_cpu_state *c = mv_this_cpu();

	if (intid >= MV_IRQ_MAX)
		return -EINVAL;
	if (!c->gic_up)
		return -ENODEV;
	*base = intid < 32 ? c->gicr_sgi : gicd;
	return 0;
}

static uintptr_t irq_word(uintptr_t base, unsigned int reg, unsigned int intid)
{
	return base + reg + 4 * (intid / 32);
}

int mv_irq_set_priority(unsigned int intid, unsigned int prio)
{
	uintptr_t base;
	int err = irq_frame(intid, &base);

	if (err)
		return err;
	if (prio > 0xff)
		return -EINVAL;
	mv_mmio_write8(base + GIC_IPRIORITYR + intid, (uint8_t)prio);
	return 0;
}

int mv_irq_register(unsigned int intid, unsigned int prio, mv_irq_handler fn,
		    void *arg)
{
	uintptr_t base, reg;
	uint64_t flags;
	int err = irq_frame(intid, &base);

	if (err)
		return err;
	if (prio > 0xff)
		return -EINVAL;
	err = mv_irq_disable(intid);
	if (err)
		return err;
	/* Group 1 (SGIs and PPIs already are: an SPI needs it), vCPU 0. */
	if (intid == MV_INTID_VTIMER)
		mv_this_cpu()->timer_on = false; /* time.c claims it anew */
	reg = irq_word(base, GIC_IGROUPR, intid);
	mv_mmio_write32(reg, mv_mmio_read32(reg) | 1u << (intid % 32));
	if (intid >= 32) {
		mv_mmio_write32(gicd + GICD_IROUTER + 8 * intid, 0);
		mv_mmio_write32(gicd + GICD_IROUTER + 8 * intid + 4, 0);
	}
	mv_irq_set_priority(intid, prio);
	flags = mv_local_irq_save();
	irq_slots[intid] = (struct irq_slot){fn, arg};
	mv_local_irq_restore(flags);
	return 0;
}

int mv_irq_enable(unsigned int intid)
{
	uintptr_t base;
	int err = irq_frame(intid, &base);

	if (err)
		return err;
	mv_mmio_write32(irq_word(base, GIC_ISENABLER, intid),
			1u << (intid % 32));
	return 0;
}

int mv_irq_disable(unsigned int intid)
{
	uintptr_t base;
	int err = irq_frame(intid, &base);

	if (err)
		return err;
	mv_mmio_write32(irq_word(base, GIC_ICENABLER, intid),
			1u << (intid % 32));
	/* RWP: once clear, the interrupt can no longer be signalled. */
	if (intid < 32)
		gic_poll(mv_this_cpu()->gicr_rd + GICR_CTLR, GICR_CTLR_RWP, 0);
	else
		gic_poll(gicd + GICD_CTLR, GICD_CTLR_RWP, 0);
	return 0;
}

static int irq_state(unsigned int intid, unsigned int reg)
{
	uintptr_t base;
	int err = irq_frame(intid, &base);

	if (err)
		return err;
	return (mv_mmio_read32(irq_word(base, reg, intid)) >> (intid % 32)) & 1;
}

int mv_irq_is_pending(unsigned int intid)
{
	return irq_state(intid, GIC_ISPENDR);
}

int mv_irq_is_active(unsigned int intid)
{
	return irq_state(intid, GIC_ISACTIVER);
}

int mv_irq_set_eoimode(int mode)
{
	struct mv_cpu_state *c = mv_this_cpu();
	uint64_t ctlr;

	if (mode != 0 && mode != 1)
		return -EINVAL;
	if (!c->gic_up)
		return -ENODEV;
	ctlr = read_icc(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE;
	write_icc(ICC_CTLR_EL1, ctlr | (mode ? ICC_CTLR_EOIMODE : 0));
	asm volatile("isb");
	c->eoimode = mode;
	return 0;
}

int mv_irq_eoimode(void)
{
	return mv_this_cpu()->eoimode;
}

int mv_irq_keep_active(void)
{
	struct mv_cpu_state *c = mv_this_cpu();

	if (!c->keep_active || !c->eoimode)
		return -EINVAL;
	*c->keep_active = 1;
	return 0;
}

void mv_irq_deactivate(unsigned int intid)
{
	write_icc(ICC_DIR_EL1, intid);
	asm volatile("isb");
}

int mv_sgi_self(unsigned int intid)
{
	uint64_t mpidr, v;

	if (intid > 15)
		return -EINVAL;
	if (!mv_gic_ready())
		return -ENODEV;
	mpidr = mv_mpidr();
	/* Aff3.Aff2.Aff1 select the cluster, RS the 16 CPUs holding Aff0,
	 * the target list bit Aff0 within them. */
	v = (uint64_t)intid << 24 | 1ull << (mpidr & 0xf) |
	    ((mpidr >> 4) & 0xf) << 44 | ((mpidr >> 8) & 0xff) << 16 |
	    ((mpidr >> 16) & 0xff) << 32 | ((mpidr >> 32) & 0xff) << 48;
	write_icc(ICC_SGI1R_EL1, v);
	asm volatile("isb");
	return 0;
}

/*
 * ICC_SGI1R_EL1 with Aff3.Aff2.Aff1 = 0 and RS = 0: the target list's bit
 * n is the CPU with Aff0 = n, which is all the runtime's CPUs.
 */
int mv_sgi_send(unsigned int cpu, unsigned int intid)
{
	if (intid > 15 || cpu >= MV_MAX_CPUS)
		return -EINVAL;
	if (!mv_gic_ready())
		return -ENODEV;
	write_icc(ICC_SGI1R_EL1, (uint64_t)intid << 24 | 1ull << cpu);
	asm volatile("isb");
	return 0;
}

/* IRM (bit 40): every CPU that participates, except this one. */
int mv_sgi_others(unsigned int intid)
{
	if (intid > 15)
		return -EINVAL;
	if (!mv_gic_ready())
		return -ENODEV;
	write_icc(ICC_SGI1R_EL1, (uint64_t)intid << 24 | 1ull << 40);
	asm volatile("isb");
	return 0;
}

/* An interrupt nobody asked for: say so once and switch it off. */
static void irq_unexpected(unsigned int intid)
{
	/* One line, even with another CPU printing. */
	mv_rlock_acquire(&mv_console_lock, 0);
	mv_console_puts("runtime: interrupt ");
	mv_put_dec(intid);
	mv_console_puts(" has no handler: disabled\n");
	mv_rlock_release(&mv_console_lock);
	if (intid < MV_IRQ_MAX)
		mv_irq_disable(intid);
}

/*
 * Called by vectors.S with IRQs masked and the interrupted state saved.
 * Acknowledges, runs the handler, ends the interrupt, until nothing of a
 * higher priority than the interrupted handler's (if any) is pending.
 */
void mv_irq_dispatch(void)
{
	struct mv_cpu_state *c = mv_this_cpu();

	c->irq_depth++;
	for (;;) {
		uint64_t iar = read_icc(ICC_IAR1_EL1);
		unsigned int intid = (unsigned int)iar & 0xffffff;
		int *outer = c->keep_active;
		int keep = 0;

		/* The acknowledge before any device state it implies. */
		asm volatile("dsb sy" ::: "memory");
		if (intid >= INTID_SPECIAL)
			break;
		c->irq_taken++;
		if (intid < MV_IRQ_MAX && irq_slots[intid].fn) {
			c->keep_active = &keep;
			irq_slots[intid].fn(intid, irq_slots[intid].arg);
			/* A handler that unmasked IRQs: masked again, so
			 * ELR/SPSR stay ours until the return. */
			mv_local_irq_disable();
			c->keep_active = outer;
		} else {
			irq_unexpected(intid);
		}
		write_icc(ICC_EOIR1_EL1, iar);
		if (c->eoimode && !keep)
			write_icc(ICC_DIR_EL1, iar);
		asm volatile("isb");
	}
	c->irq_depth--;
}
