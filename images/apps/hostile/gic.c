/* images/apps/hostile/gic.c - attacks on the guest's virtual GICv3: SPIs and distributor bits it does not own, SGI storms and floods, priority masks, bogus EOIs, LPI registers, accesses the microvisor cannot emulate, a given device's SPI: its routing and its deactivation. */
#include <inttypes.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hostile.h"

/*
 * Every register access here is a raw LDR/STR (hostile.h), as a kernel of
 * the appliance's own would make it, not the runtime's driver: the point
 * is what the microvisor does with each access, not what a well-behaved
 * driver would ask of it. PSTATE.I stays masked unless an attack says
 * otherwise, so an interrupt is seen by acknowledging it (ICC_IAR1_EL1)
 * and never taken through the runtime's vectors.
 *
 * Usage: gic spi | ctlr | sgi-storm [N] | sgi-all | pmr | eoi | lpi |
 * stp | post-index | pt-route. Each prints "...: all as documented" and
 * exits 0 when the microvisor behaved as docs/abi.md says, or names what
 * did not (exit 1); stp and post-index end the guest (the microvisor's
 * report). pt-route needs the PL061 given (passthrough=/pl061@9030000).
 */

uint64_t hostile_vtimer_arm(uint64_t ticks)
{
	uint64_t deadline = mv_counter() + ticks;

	MSR(cntv_cval_el0, deadline);
	MSR(cntv_ctl_el0, 1); /* ENABLE, IMASK clear */
	return deadline;
}

void hostile_vtimer_off(void)
{
	MSR(cntv_ctl_el0, 0);
}

/* The redistributor awake, Group 1 forwarded, the CPU interface taking
 * every priority: what any INTID needs before it can be delivered. */
static int gic_on(void)
{
	hostile_mmio_wr32(GICD_CTLR, 0x2); /* EnableGrp1 */
	hostile_mmio_wr32(GICR_WAKER, 0);  /* ProcessorSleep clear */
	for (unsigned n = 0; hostile_mmio_rd32(GICR_WAKER) & 0x4; n++)
		if (n > 100000) /* ChildrenAsleep never clears */
			return -1;
	MSR(ICC_PMR_EL1, 0xff);
	MSR(ICC_IGRPEN1_EL1, 1);
	return 0;
}

/* One SGI or PPI: Group 1, priority GIC_PRIO, enabled. */
static void gic_enable(unsigned intid)
{
	hostile_mmio_wr32(GICR_IGROUPR0,
			  hostile_mmio_rd32(GICR_IGROUPR0) | 1u << intid);
	hostile_mmio_wr8(GICR_IPRIORITYR(intid), GIC_PRIO);
	hostile_mmio_wr32(GICR_ISENABLER0, 1u << intid);
}

int hostile_gic_vtimer_on(void)
{
	if (gic_on())
		return -1;
	gic_enable(INTID_VTIMER);
	return 0;
}

/*
 * One delivery of the virtual timer, PSTATE.I masked: armed 1 ms ahead,
 * then the CPU interface is polled (for at most a second: a case that
 * fails should say so, not hang) until it offers an interrupt, which is
 * acknowledged; the timer goes off (its line low) before the interrupt
 * is ended: EOIR, and DIR as well in EOImode 1. Returns the INTID
 * acknowledged (1023: none came).
 */
static uint64_t timer_round(bool eoimode1)
{
	uint64_t f = mv_counter_freq(), t0 = mv_counter(), iar;

	hostile_vtimer_arm(f / 1000);
	do
		iar = MRS(ICC_IAR1_EL1) & 0xffffff;
	while (iar == ICC_SPURIOUS && mv_counter() - t0 < f);
	hostile_vtimer_off();
	if (iar != ICC_SPURIOUS) {
		MSR(ICC_EOIR1_EL1, iar);
		if (eoimode1)
			MSR(ICC_DIR_EL1, iar);
	}
	return iar;
}

/* Polls GICR_ISPENDR0 for a second at most until 'bit' is set. */
static uint32_t wait_pending(uint32_t bit)
{
	uint64_t f = mv_counter_freq(), t0 = mv_counter();
	uint32_t v;

	do
		v = hostile_mmio_rd32(GICR_ISPENDR0);
	while (!(v & bit) && mv_counter() - t0 < f);
	return v;
}

/*
 * SPIs (INTIDs 32-63) are the guest's only where a device of its own
 * raises them: INTID 33, its console UART (docs/abi.md). Enabling,
 * pending, grouping, prioritising or routing any other must change
 * nothing (its bits read 0), and in particular must never reach the
 * machine's distributor, whose SPIs are the machine's devices (the UART
 * the microvisor logs through among them).
 */
#define UART_SPI_BIT (1u << (33 - 32))

static int gic_spi(void)
{
	static const struct {
		uint64_t addr;
		const char *name;
		uint32_t mine; /* the bits that are INTID 33's */
	} regs[] = {
		{GICD_BASE + 0x0084, "GICD_IGROUPR1", UART_SPI_BIT},
		{GICD_ISENABLER1, "GICD_ISENABLER1", UART_SPI_BIT},
		{GICD_BASE + 0x0204, "GICD_ISPENDR1", UART_SPI_BIT},
		{GICD_BASE + 0x0304, "GICD_ISACTIVER1", UART_SPI_BIT},
		{GICD_BASE + 0x0428, "GICD_IPRIORITYR10 (INTIDs 40-43)", 0},
		{GICD_BASE + 0x0c08, "GICD_ICFGR2", 3u << 2},
	};
	char what[96];
	uint64_t v;

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		hostile_mmio_wr32(regs[i].addr, 0xffffffff);
		v = hostile_mmio_rd32(regs[i].addr) & ~regs[i].mine;
		snprintf(what, sizeof(what),
			 "%s after writing 0xffffffff, INTID 33 aside",
			 regs[i].name);
		hostile_check(v == 0, what, v, 0);
	}
	/* Leave the console UART's interrupt as it was. */
	hostile_mmio_wr32(GICD_BASE + 0x0184, UART_SPI_BIT);
	hostile_mmio_wr32(GICD_BASE + 0x0284, UART_SPI_BIT);
	hostile_mmio_wr32(GICD_BASE + 0x0384, UART_SPI_BIT);
	/* INTID 40 to "any CPU" (IRM), then to affinity 0.0.0.0, 64-bit
	 * and as two halves. */
	hostile_mmio_wr64(GICD_IROUTER(40), 1ULL << 31);
	v = hostile_mmio_rd64(GICD_IROUTER(40));
	hostile_check(v == 0, "GICD_IROUTER40 (64-bit) after writing IRM", v,
		      0);
	hostile_mmio_wr32(GICD_IROUTER(40), 0x00000001);
	hostile_mmio_wr32(GICD_IROUTER(40) + 4, 0x00000000);
	v = hostile_mmio_rd32(GICD_IROUTER(40));
	hostile_check(v == 0, "GICD_IROUTER40 (low half) after writing 1", v,
		      0);
	v = hostile_mmio_rd32(GICD_ISENABLER1);
	hostile_check(v == 0, "GICD_ISENABLER1 at the end", v, 0);
	say("the microvisor keeps working; the guest keeps running");
	return hostile_verdict("SPIs");
}

/*
 * GICD_CTLR is the guest's own: the group enables read back as written,
 * ARE (bit 4) and DS (bit 6) always set, nothing else. Turning its
 * distributor off must not turn off the machine's: with the guest's
 * Group 1 disabled, the virtual timer's physical interrupt still reaches
 * the microvisor, which holds it pending for the guest (GICR_ISPENDR0),
 * and once the guest enables Group 1 again it can acknowledge it.
 */
static int gic_ctlr(void)
{
	static const uint32_t writes[] = {0x3, 0x0, 0xffffffff, 0x1, 0x2};
	char what[96];
	uint64_t v, want;

	for (unsigned i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		hostile_mmio_wr32(GICD_CTLR, writes[i]);
		v = hostile_mmio_rd32(GICD_CTLR);
		want = (writes[i] & 0x3) | 0x10 | 0x40;
		snprintf(what, sizeof(what), "GICD_CTLR after writing 0x%x",
			 (unsigned)writes[i]);
		hostile_check(v == want, what, v, want);
	}
	if (hostile_gic_vtimer_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	hostile_mmio_wr32(GICD_CTLR, 0);
	hostile_vtimer_arm(mv_counter_freq() / 1000);
	v = wait_pending(1u << INTID_VTIMER);
	hostile_check(
		v & (1u << INTID_VTIMER),
		"GICR_ISPENDR0 with GICD_CTLR = 0 and the timer fired (bit 27: "
		"the machine's GIC still delivered it)",
		v, 1u << INTID_VTIMER);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	hostile_check(
		v == ICC_SPURIOUS,
		"ICC_IAR1_EL1 with the guest's Group 1 disabled (spurious)", v,
		ICC_SPURIOUS);
	hostile_mmio_wr32(GICD_CTLR, 0x2);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	hostile_vtimer_off();
	if (v != ICC_SPURIOUS)
		MSR(ICC_EOIR1_EL1, v);
	hostile_check(v == INTID_VTIMER, "ICC_IAR1_EL1 after GICD_CTLR = 2", v,
		      INTID_VTIMER);
	v = timer_round(false);
	hostile_check(v == INTID_VTIMER,
		      "ICC_IAR1_EL1 for the timer armed again", v,
		      INTID_VTIMER);
	say("the microvisor keeps working; the guest keeps running");
	return hostile_verdict("GICD_CTLR");
}

/*
 * A storm of self-SGIs: every write to ICC_SGI1R_EL1 traps. The
 * microvisor must serve them all in bounded time, and pending is a
 * latch: however many were raised, one SGI 5 is pending afterwards, and
 * once it is acknowledged nothing else is.
 */
static int gic_sgi_storm(uint64_t n)
{
	uint64_t f = mv_counter_freq(), t0, t1, v;

	if (gic_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	gic_enable(5);
	say("%" PRIu64 " writes of ICC_SGI1R_EL1 = 0x%llx (SGI 5 to itself), "
	    "PSTATE.I masked",
	    n, (5ULL << 24) | 1);
	t0 = mv_counter();
	for (uint64_t i = 0; i < n; i++)
		MSR(ICC_SGI1R_EL1, (5ULL << 24) | 1);
	t1 = mv_counter();
	say("%" PRIu64 " SGIs took %" PRIu64 " ms", n, (t1 - t0) * 1000 / f);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 1u << 5,
		      "GICR_ISPENDR0 after the storm (SGI 5 only)", v, 1u << 5);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	if (v != ICC_SPURIOUS)
		MSR(ICC_EOIR1_EL1, v);
	hostile_check(v == 5, "ICC_IAR1_EL1 (the one SGI)", v, 5);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	if (v != ICC_SPURIOUS)
		MSR(ICC_EOIR1_EL1, v);
	hostile_check(v == ICC_SPURIOUS,
		      "ICC_IAR1_EL1 again (nothing more pending)", v,
		      ICC_SPURIOUS);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 0, "GICR_ISPENDR0 at the end", v, 0);
	say("the guest keeps running");
	return hostile_verdict("SGI storm");
}

/*
 * All 16 SGIs pending at once, each with its own priority (SGI 15 the
 * most urgent): more than the virtual interface has list registers (4
 * under QEMU), so the microvisor must refill them as the guest works
 * through them (its maintenance interrupt). Acknowledging and ending
 * them one by one must give every SGI exactly once, most urgent first.
 * The maintenance interrupt is taken at EL2 a little after the list
 * registers drain, so a read of ICC_IAR1_EL1 in between may find
 * nothing: the guest polls, for 100 ms at most.
 */
static int gic_sgi_all(void)
{
	uint64_t f = mv_counter_freq(), t0, v;
	unsigned n = 0, in_order = 1;
	uint32_t seen = 0;
	char order[64];
	size_t len = 0;

	if (gic_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	for (unsigned i = 0; i < 16; i++) {
		gic_enable(i);
		hostile_mmio_wr8(GICR_IPRIORITYR(i), (uint8_t)((15 - i) * 8));
	}
	for (unsigned i = 0; i < 16; i++)
		MSR(ICC_SGI1R_EL1, ((uint64_t)i << 24) | 1);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 0xffff, "GICR_ISPENDR0 with SGIs 0-15 raised", v,
		      0xffff);
	t0 = mv_counter();
	while (n < 16 && mv_counter() - t0 < f / 10) {
		v = MRS(ICC_IAR1_EL1) & 0xffffff;
		if (v == ICC_SPURIOUS)
			continue;
		MSR(ICC_EOIR1_EL1, v);
		if (v != 15 - n)
			in_order = 0;
		if (v < 16)
			seen |= 1u << v;
		len += (size_t)snprintf(order + len, sizeof(order) - len,
					"%s%u", n ? " " : "", (unsigned)v);
		n++;
	}
	say("acknowledged in this order: %s", order);
	hostile_check(n == 16 && seen == 0xffff,
		      "SGIs acknowledged, one bit each", seen, 0xffff);
	hostile_check(in_order, "most urgent first (15 down to 0)", in_order,
		      1);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	hostile_check(v == ICC_SPURIOUS,
		      "ICC_IAR1_EL1 then (nothing more pending)", v,
		      ICC_SPURIOUS);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 0, "GICR_ISPENDR0 at the end", v, 0);
	say("the guest keeps running");
	return hostile_verdict("16 SGIs");
}

/*
 * The priority mask is the guest's: with ICC_PMR_EL1 = 0 nothing may be
 * delivered, even with the timer firing and PSTATE.I clear (an IRQ would
 * reach the runtime, which reports it); the interrupt waits, pending.
 * With the mask open again it is there to acknowledge.
 */
static int gic_pmr(void)
{
	uint64_t f = mv_counter_freq(), t0, v;

	if (hostile_gic_vtimer_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	MSR(ICC_PMR_EL1, 0);
	v = MRS(ICC_PMR_EL1);
	hostile_check(v == 0, "ICC_PMR_EL1 after writing 0", v, 0);
	MSR(cntv_cval_el0, 0);
	MSR(cntv_ctl_el0, 1); /* firing at once */
	asm volatile("msr daifclr, #2" : : : "memory");
	t0 = mv_counter();
	while (mv_counter() - t0 < f / 20)
		;
	asm volatile("msr daifset, #2" : : : "memory");
	say("50 ms with the timer firing, ICC_PMR_EL1 = 0 and interrupts "
	    "unmasked: nothing was delivered");
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v & (1u << INTID_VTIMER),
		      "GICR_ISPENDR0 (bit 27: pending, held back by the mask)",
		      v, 1u << INTID_VTIMER);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	hostile_check(v == ICC_SPURIOUS, "ICC_IAR1_EL1 with ICC_PMR_EL1 = 0", v,
		      ICC_SPURIOUS);
	MSR(ICC_PMR_EL1, 0xff);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	hostile_vtimer_off();
	if (v != ICC_SPURIOUS)
		MSR(ICC_EOIR1_EL1, v);
	hostile_check(v == INTID_VTIMER, "ICC_IAR1_EL1 with ICC_PMR_EL1 = 0xff",
		      v, INTID_VTIMER);
	v = timer_round(false);
	hostile_check(v == INTID_VTIMER,
		      "ICC_IAR1_EL1 for the timer armed again", v,
		      INTID_VTIMER);
	say("the guest keeps running");
	return hostile_verdict("priority mask");
}

/*
 * Ending interrupts that are not active or do not exist: EOIR and DIR
 * with the timer's INTID while it is not active, a special one (1023),
 * one beyond the GIC's INTID range (5000) and the largest 24-bit value,
 * in EOImode 0 and in EOImode 1. Nothing may break: the timer must still
 * be delivered and, ended properly, delivered again (a bogus
 * deactivation of the physical interrupt, or a list register left
 * stuck, would show there).
 */
static int gic_eoi(void)
{
	static const uint64_t bogus[] = {INTID_VTIMER, 1023, 5000, 0xffffff};
	char what[96];
	uint64_t v;

	if (hostile_gic_vtimer_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	for (unsigned mode = 0; mode < 2; mode++) {
		v = MRS(ICC_CTLR_EL1) & ~2ULL;
		MSR(ICC_CTLR_EL1, v | (mode ? 2 : 0));
		v = (MRS(ICC_CTLR_EL1) >> 1) & 1;
		hostile_check(v == mode, "ICC_CTLR_EL1.EOImode", v, mode);
		for (unsigned i = 0; i < sizeof(bogus) / sizeof(bogus[0]);
		     i++) {
			MSR(ICC_EOIR1_EL1, bogus[i]);
			MSR(ICC_DIR_EL1, bogus[i]);
		}
		say("EOImode %u: ICC_EOIR1_EL1 and ICC_DIR_EL1 written with 27 "
		    "(not active), 1023, 5000, 0xffffff",
		    mode);
		for (unsigned round = 1; round <= 2; round++) {
			v = timer_round(mode);
			snprintf(what, sizeof(what),
				 "EOImode %u: ICC_IAR1_EL1 for the timer, "
				 "round %u",
				 mode, round);
			hostile_check(v == INTID_VTIMER, what, v, INTID_VTIMER);
		}
	}
	v = hostile_mmio_rd32(GICR_ISACTIVER0);
	hostile_check(v == 0,
		      "GICR_ISACTIVER0 at the end (nothing left active)", v, 0);
	say("the guest keeps running");
	return hostile_verdict("EOI and DIR");
}

/*
 * LPIs: the model has none (GICD_TYPER.LPIS and GICR_TYPER.PLPIS clear),
 * and its LPI registers read as zero and ignore writes, so no table
 * address a guest gives ever makes the GIC read or write memory. The
 * tables offered are the guest's own RAM, filled with a pattern that
 * must survive.
 */
static uint8_t lpi_tables[2][65536] __attribute__((aligned(65536)));

static int gic_lpi(void)
{
	uint64_t prop = (uint64_t)(uintptr_t)lpi_tables[0];
	uint64_t pend = (uint64_t)(uintptr_t)lpi_tables[1];
	uint64_t v;
	bool kept = true;

	memset(lpi_tables, 0xa5, sizeof(lpi_tables));
	v = hostile_mmio_rd32(GICD_TYPER);
	hostile_check(!(v & (1u << 17)), "GICD_TYPER.LPIS (bit 17: no LPIs)",
		      v & (1u << 17), 0);
	v = hostile_mmio_rd64(GICR_TYPER);
	hostile_check(!(v & 1), "GICR_TYPER.PLPIS (bit 0: no LPIs)", v & 1, 0);
	/* 16 bits of INTID, inner write-back, the tables' addresses */
	hostile_mmio_wr64(GICR_PROPBASER, prop | (7ULL << 7) | 15);
	hostile_mmio_wr64(GICR_PENDBASER, pend | (1ULL << 62) | (7ULL << 7));
	v = hostile_mmio_rd64(GICR_PROPBASER);
	hostile_check(v == 0, "GICR_PROPBASER after writing a table address", v,
		      0);
	v = hostile_mmio_rd64(GICR_PENDBASER);
	hostile_check(v == 0, "GICR_PENDBASER after writing a table address", v,
		      0);
	hostile_mmio_wr32(GICR_CTLR, 1); /* EnableLPIs */
	v = hostile_mmio_rd32(GICR_CTLR);
	hostile_check(v == 0, "GICR_CTLR after writing EnableLPIs", v, 0);
	asm volatile("dsb sy" : : : "memory");
	for (size_t i = 0; i < sizeof(lpi_tables); i++)
		if (((volatile uint8_t *)lpi_tables)[i] != 0xa5)
			kept = false;
	say("the tables offered at IPA 0x%" PRIx64 " and 0x%" PRIx64 " %s",
	    prop, pend, kept ? "are untouched" : "were WRITTEN");
	if (!kept)
		hostile_failures++;
	say("the guest keeps running");
	return hostile_verdict("LPI registers");
}

/*
 * Accesses with no valid syndrome (ESR_EL2.ISV = 0): the microvisor
 * cannot tell which registers they move, so it ends the guest with a
 * report rather than guess. Neither returns.
 */
static int gic_stp(void)
{
	say("STP w1, w2 to the distributor at IPA 0x%llx", GICD_BASE);
	asm volatile("stp %w1, %w2, [%0]"
		     :
		     : "r"(GICD_BASE), "r"(0x2), "r"(0)
		     : "memory");
	say("the STP completed: not refused");
	return 1;
}

static int gic_post_index(void)
{
	uint64_t p = GICD_BASE;

	say("STR w1, [x0], #4 (post-indexed) to the distributor at IPA "
	    "0x%llx",
	    GICD_BASE);
	asm volatile("str %w1, [%0], #4" : "+r"(p) : "r"(0x2) : "memory");
	say("the post-indexed store completed: not refused");
	return 1;
}

/*
 * A device given to the appliance: qemu-virt's PL061 GPIO, with
 * passthrough=/pl061@9030000. Its SPI is the guest's, linked to the
 * physical one (the list register's HW bit), so the guest's EOI (in
 * EOImode 0, also the deactivation) deactivates the physical SPI.
 *
 * Routing: GICD_IROUTER to a CPU the guest lacks (Aff0 5, or Aff3 1 as
 * the high half) is refused and reads back unchanged (the microvisor
 * warns about the first); IRM ("any CPU") and vCPU 0.0.0.0 are kept.
 *
 * Delivery: the PL061 raises its interrupt on itself - pin 0 an output
 * driven high, its interrupt level-sensitive, high, unmasked (QEMU's
 * model takes level interrupts from the data register, output pins
 * included). The guest acknowledges it, masks it at the device (the
 * line drops) and ends it. Twice: had the first EOI left the physical
 * SPI active, the GIC would never signal it again.
 */
#define GICD_IGROUPR(n)	   (GICD_BASE + 0x0080 + 4 * ((n) / 32))
#define GICD_ISENABLER(n)  (GICD_BASE + 0x0100 + 4 * ((n) / 32))
#define GICD_ISACTIVER(n)  (GICD_BASE + 0x0300 + 4 * ((n) / 32))
#define GICD_IPRIORITYR(n) (GICD_BASE + 0x0400 + (n))
#define PL061_DATA(pins)   ((uint64_t)(pins) << 2) /* address bits 9:2 */
#define PL061_DATA_ALL	   PL061_DATA(0xff)
#define PL061_DIR	   0x400
#define PL061_IS	   0x404
#define PL061_IEV	   0x40c
#define PL061_IE	   0x410
#define PL061_MIS	   0x418
#define PL061_PIN0	   1u

/* The PL061 in the appliance's device tree: its registers and INTID. */
static int find_pl061(uint64_t *base, unsigned *intid)
{
	const void *fdt = mv_fdt();
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl061"), len;
	const fdt32_t *reg, *irq;

	if (node < 0) {
		say("no PL061 in the device tree: boot the microvisor with "
		    "passthrough=/pl061@9030000");
		return -1;
	}
	/* The root's #address-cells and #size-cells are 2 (docs/abi.md). */
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 16) {
		say("the PL061 node has no reg");
		return -1;
	}
	*base = (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1]);
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irq || len < 12 || fdt32_to_cpu(irq[0]) != 0) {
		say("the PL061 node has no SPI");
		return -1;
	}
	*intid = 32 + fdt32_to_cpu(irq[1]);
	return 0;
}

static void check_route(uint64_t reg, unsigned intid, const char *wrote,
			uint64_t want)
{
	char what[128];
	uint64_t v = hostile_mmio_rd64(reg);

	snprintf(what, sizeof(what), "GICD_IROUTER%u after writing %s", intid,
		 wrote);
	hostile_check(v == want, what, v, want);
}

/* One delivery of the PL061's interrupt, PSTATE.I masked (acknowledged
 * by polling ICC_IAR1_EL1 for a second at most). */
static void pl061_round(uint64_t base, unsigned intid, unsigned round)
{
	uint64_t f = mv_counter_freq(), t0, iar, v;
	uint32_t bit = 1u << (intid % 32);
	char what[128];

	hostile_mmio_wr32(base + PL061_DIR, PL061_PIN0);
	hostile_mmio_wr32(base + PL061_DATA(PL061_PIN0), PL061_PIN0);
	hostile_mmio_wr32(base + PL061_IS, PL061_PIN0);
	hostile_mmio_wr32(base + PL061_IEV, PL061_PIN0);
	hostile_mmio_wr32(base + PL061_IE, PL061_PIN0);
	say("round %u: pin 0 an output driven high (GPIODATA 0x%x), its "
	    "interrupt level-high and unmasked",
	    round, (unsigned)hostile_mmio_rd32(base + PL061_DATA_ALL));
	v = hostile_mmio_rd32(base + PL061_MIS);
	snprintf(what, sizeof(what), "round %u: GPIOMIS (the device raises it)",
		 round);
	hostile_check(v == PL061_PIN0, what, v, PL061_PIN0);
	t0 = mv_counter();
	do
		iar = MRS(ICC_IAR1_EL1) & 0xffffff;
	while (iar == ICC_SPURIOUS && mv_counter() - t0 < f);
	if (iar == ICC_SPURIOUS) {
		say("round %u: TIMEOUT: no interrupt within 1 s (WRONG)",
		    round);
		hostile_failures++;
		hostile_mmio_wr32(base + PL061_IE, 0);
		return;
	}
	snprintf(what, sizeof(what), "round %u: ICC_IAR1_EL1", round);
	hostile_check(iar == intid, what, iar, intid);
	v = hostile_mmio_rd32(GICD_ISACTIVER(intid)) & bit;
	snprintf(what, sizeof(what), "round %u: GICD_ISACTIVER%u, acknowledged",
		 round, intid / 32);
	hostile_check(v == bit, what, v, bit);
	/* The line drops before the EOI, or it would be pending again. */
	hostile_mmio_wr32(base + PL061_IE, 0);
	MSR(ICC_EOIR1_EL1, iar);
	v = hostile_mmio_rd32(GICD_ISACTIVER(intid)) & bit;
	snprintf(what, sizeof(what), "round %u: GICD_ISACTIVER%u after the EOI",
		 round, intid / 32);
	hostile_check(v == 0, what, v, 0);
	v = MRS(ICC_IAR1_EL1) & 0xffffff;
	if (v != ICC_SPURIOUS)
		MSR(ICC_EOIR1_EL1, v);
	snprintf(what, sizeof(what),
		 "round %u: ICC_IAR1_EL1 then (masked at the device: nothing)",
		 round);
	hostile_check(v == ICC_SPURIOUS, what, v, ICC_SPURIOUS);
}

static int gic_pt_route(void)
{
	uint64_t base, r;
	unsigned intid;

	if (find_pl061(&base, &intid))
		return 1;
	say("PL061 at IPA 0x%" PRIx64 ", INTID %u", base, intid);
	if (gic_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	hostile_mmio_wr32(GICD_IGROUPR(intid),
			  hostile_mmio_rd32(GICD_IGROUPR(intid)) |
				  1u << (intid % 32));
	hostile_mmio_wr8(GICD_IPRIORITYR(intid), GIC_PRIO);
	hostile_mmio_wr32(GICD_ISENABLER(intid), 1u << (intid % 32));
	r = GICD_IROUTER(intid);
	hostile_mmio_wr64(r, 5);
	check_route(r, intid, "5 (Aff0 5, a CPU the guest lacks: refused)", 0);
	hostile_mmio_wr32(r + 4, 1);
	check_route(r, intid, "1 to the high half (Aff3 1: refused)", 0);
	hostile_mmio_wr64(r, 1ULL << 31);
	check_route(r, intid, "IRM (any CPU: kept)", 1ULL << 31);
	hostile_mmio_wr64(r, 0);
	check_route(r, intid, "0 (vCPU 0.0.0.0: kept)", 0);
	pl061_round(base, intid, 1);
	pl061_round(base, intid, 2);
	say("the guest keeps running");
	return hostile_verdict("a given device's SPI");
}

int attack_gic(int argc, char **argv)
{
	const char *what = argc > 0 ? argv[0] : "";
	uint64_t n = 200000;

	if (!strcmp(what, "spi"))
		return gic_spi();
	if (!strcmp(what, "ctlr"))
		return gic_ctlr();
	if (!strcmp(what, "sgi-storm")) {
		if (argc > 1 && hostile_parse_u64(argv[1], &n))
			return 2;
		return gic_sgi_storm(n);
	}
	if (!strcmp(what, "sgi-all"))
		return gic_sgi_all();
	if (!strcmp(what, "pmr"))
		return gic_pmr();
	if (!strcmp(what, "eoi"))
		return gic_eoi();
	if (!strcmp(what, "lpi"))
		return gic_lpi();
	if (!strcmp(what, "stp"))
		return gic_stp();
	if (!strcmp(what, "post-index"))
		return gic_post_index();
	if (!strcmp(what, "pt-route"))
		return gic_pt_route();
	say("unknown GIC attack '%s'", what);
	return 2;
}
