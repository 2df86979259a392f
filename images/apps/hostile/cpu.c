/* images/apps/hostile/cpu.c - attacks with instructions: trapped system registers, set/way maintenance, WFI/WFE storms, timers, EL changes, state left for a restart. */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "hostile.h"

/* Encodings the assembler may not know by name (the GIC's are in
 * hostile.h). */
#define ID_AA64PFR0_EL1 S3_0_C0_C4_0
#define ID_UNALLOCATED	S3_0_C0_C3_7 /* in the ID space TID3 traps */
#define IMPDEF_REG	S3_0_C15_C0_0
#define MDCCSR_EL0	S2_3_C0_C1_0
#define APIAKEYLO_EL1	S3_0_C2_C1_0
#define PMEVCNTR0_EL0	S3_3_C14_C8_0

/* Debug registers (MDCR_EL2.TDA/TDOSA/TDRA): emulated, never acted on. */
static int sr_debug(void)
{
	uint64_t v;

	v = MRS(mdscr_el1);
	hostile_check(v == 0, "MDSCR_EL1 at start", v, 0);
	MSR(mdscr_el1, 0xa001); /* MDE, KDE, SS: kept, not acted on */
	v = MRS(mdscr_el1);
	hostile_check(v == 0xa001, "MDSCR_EL1 after writing 0xa001", v, 0xa001);
	MSR(mdscr_el1, 0);
	MSR(oslar_el1, 1);
	v = MRS(oslsr_el1);
	hostile_check(v == 0xa, "OSLSR_EL1 after OSLAR_EL1 = 1", v, 0xa);
	MSR(oslar_el1, 0);
	v = MRS(oslsr_el1);
	hostile_check(v == 0x8, "OSLSR_EL1 after OSLAR_EL1 = 0", v, 0x8);
	v = MRS(osdlr_el1);
	hostile_check(v == 0, "OSDLR_EL1", v, 0);
	/* (Not DBGPRCR_EL1: QEMU 7.2 does not implement it, so it is
	 * UNDEFINED at EL1 before MDCR_EL2.TDOSA can trap it.) */
	MSR(dbgbvr0_el1, ~0ULL);
	MSR(dbgbcr0_el1, ~0ULL);
	MSR(dbgwvr0_el1, ~0ULL);
	MSR(dbgwcr0_el1, ~0ULL);
	v = MRS(dbgbvr0_el1);
	hostile_check(v == 0, "DBGBVR0_EL1 after writing ~0", v, 0);
	v = MRS(dbgbcr0_el1);
	hostile_check(v == 0, "DBGBCR0_EL1 after writing ~0", v, 0);
	v = MRS(dbgwvr0_el1);
	hostile_check(v == 0, "DBGWVR0_EL1 after writing ~0", v, 0);
	v = MRS(dbgwcr0_el1);
	hostile_check(v == 0, "DBGWCR0_EL1 after writing ~0", v, 0);
	return hostile_verdict("debug registers");
}

/* The PMU is the guest's: nothing traps. */
static int sr_pmu(void)
{
	uint64_t pmcr = MRS(pmcr_el0), c0, c1;
	volatile unsigned spin = 0;

	say("PMCR_EL0 0x%" PRIx64 " (%u event counters)", pmcr,
	    (unsigned)(pmcr >> 11) & 0x1f);
	MSR(pmcntenset_el0, 1ULL << 31);
	MSR(pmcr_el0, pmcr | 1); /* E */
	c0 = MRS(pmccntr_el0);
	while (spin < 100000)
		spin++;
	c1 = MRS(pmccntr_el0);
	say("PMCCNTR_EL0 %" PRIu64 " then %" PRIu64 " (%s)", c0, c1,
	    c1 > c0 ? "counting" : "NOT counting");
	if (c1 <= c0)
		hostile_failures++;
	if ((pmcr >> 11) & 0x1f) {
		MSR(pmcntenclr_el0, 1);
		MSR(PMEVCNTR0_EL0, 0x4d564d56);
		c0 = MRS(PMEVCNTR0_EL0);
		hostile_check(c0 == 0x4d564d56,
			      "PMEVCNTR0_EL0 after writing 0x4d564d56", c0,
			      0x4d564d56);
		MSR(PMEVCNTR0_EL0, 0);
	}
	return hostile_verdict("PMU");
}

/* Counters readable, the virtual timer the guest's. */
static int sr_timer(void)
{
	uint64_t frq = MRS(cntfrq_el0), v0, v1, p, cv;

	asm volatile("isb" : : : "memory");
	v0 = MRS(cntvct_el0);
	asm volatile("isb" : : : "memory");
	p = MRS(cntpct_el0);
	asm volatile("isb" : : : "memory");
	v1 = MRS(cntvct_el0);
	say("CNTFRQ_EL0 %" PRIu64 " Hz; CNTVCT_EL0 %" PRIu64 " then %" PRIu64
	    "; CNTPCT_EL0 %" PRIu64,
	    frq, v0, v1, p);
	hostile_check(frq != 0, "CNTFRQ_EL0 (non-zero)", frq, frq);
	hostile_check(v1 >= v0, "CNTVCT_EL0 monotonic: second read", v1, v0);
	/* "the virtual counter starts near zero when the appliance starts" */
	hostile_check(v0 < 60 * frq, "CNTVCT_EL0 below 60 s worth of ticks", v0,
		      60 * frq);
	hostile_check(p >= v0, "CNTPCT_EL0 at least CNTVCT_EL0", p, v0);
	MSR(cntv_cval_el0, 0x123456789abcULL);
	cv = MRS(cntv_cval_el0);
	hostile_check(cv == 0x123456789abcULL, "CNTV_CVAL_EL0 after a write",
		      cv, 0x123456789abcULL);
	MSR(cntv_ctl_el0, 0);
	return hostile_verdict("timers");
}

/*
 * ICC_SGI1R_EL1 traps (HCR_EL2.IMO) and is emulated: an SGI for a target
 * that exists (the one vCPU, affinity 0.0.0.0, target list bit 0)
 * becomes pending in the guest's own redistributor; one for a CPU that
 * does not exist (target list bit 1, another cluster, IRM "all but
 * self") raises nothing, and never reaches the machine's GIC.
 * ICC_ASGI1R_EL1 and ICC_SGI0R_EL1 trap and raise SGIs the same way. The
 * SGIs stay disabled, so each one read from GICR_ISPENDR0 is the write's
 * doing alone, and a distinct INTID per write tells them apart.
 */
static int sr_icc_sgi1r(void)
{
	static const struct {
		uint64_t val;
		const char *what;
	} nobody[] = {
		{(6ULL << 24) | 2, "SGI 6 to target list bit 1 (no such CPU)"},
		{(7ULL << 24) | (1ULL << 40),
		 "SGI 7 with IRM = 1 (all but self)"},
		{(8ULL << 24) | (1ULL << 16) | 1,
		 "SGI 8 to affinity 0.0.1.0 (no such cluster)"},
	};
	uint64_t v;

	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 0, "GICR_ISPENDR0 before any SGI", v, 0);
	say("writing ICC_SGI1R_EL1 = 0x%llx (SGI 5, target list bit 0: this "
	    "vCPU)",
	    (5ULL << 24) | 1);
	MSR(ICC_SGI1R_EL1, (5ULL << 24) | 1);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 1u << 5,
		      "GICR_ISPENDR0 after SGI 5 (bit 5: pending)", v, 1u << 5);
	for (unsigned i = 0; i < sizeof(nobody) / sizeof(nobody[0]); i++) {
		MSR(ICC_SGI1R_EL1, nobody[i].val);
		v = hostile_mmio_rd32(GICR_ISPENDR0);
		say("ICC_SGI1R_EL1 = 0x%" PRIx64
		    ", %s: GICR_ISPENDR0 0x%" PRIx64 " (%s)",
		    nobody[i].val, nobody[i].what, v,
		    v == 1u << 5 ? "nothing more pending" : "WRONG");
		if (v != 1u << 5)
			hostile_failures++;
	}
	hostile_mmio_wr32(GICR_ICPENDR0, 1u << 5);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 0, "GICR_ISPENDR0 after GICR_ICPENDR0 = 1 << 5", v,
		      0);
	/* The other two SGI registers trap the same way (the SGIs are still
	 * Group 0, as at reset, which SGI0R may raise). */
	MSR(ICC_ASGI1R_EL1, (10ULL << 24) | 1);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == 1u << 10,
		      "GICR_ISPENDR0 after ICC_ASGI1R_EL1 raised SGI 10", v,
		      1u << 10);
	MSR(ICC_SGI0R_EL1, (11ULL << 24) | 1);
	v = hostile_mmio_rd32(GICR_ISPENDR0);
	hostile_check(v == (1u << 10 | 1u << 11),
		      "GICR_ISPENDR0 after ICC_SGI0R_EL1 raised SGI 11", v,
		      1u << 10 | 1u << 11);
	hostile_mmio_wr32(GICR_ICPENDR0, 1u << 10 | 1u << 11);
	say("the guest keeps running");
	return hostile_verdict("ICC_SGI1R_EL1");
}

/* Every report of these is one line naming the register; then the
 * instruction, which either traps or does not. */
int attack_sysreg(int argc, char **argv)
{
	const char *what = argc > 0 ? argv[0] : "";
	uint64_t v;

	if (!strcmp(what, "debug"))
		return sr_debug();
	if (!strcmp(what, "pmu"))
		return sr_pmu();
	if (!strcmp(what, "timer"))
		return sr_timer();
	if (!strcmp(what, "cntp-ctl")) {
		/* The physical timer is refused (CNTHCTL_EL2.EL1PCEN = 0). */
		say("reading CNTP_CTL_EL0");
		v = MRS(cntp_ctl_el0);
		say("CNTP_CTL_EL0 read 0x%" PRIx64 ": not refused", v);
		return 1;
	}
	if (!strcmp(what, "icc-sre")) {
		/* HCR_EL2.IMO/FMO = 1: the virtual CPU interface's view. */
		say("reading ICC_SRE_EL1");
		v = MRS(ICC_SRE_EL1);
		say("ICC_SRE_EL1 read 0x%" PRIx64, v);
		say("writing 0 to ICC_SRE_EL1");
		MSR(ICC_SRE_EL1, 0);
		v = MRS(ICC_SRE_EL1);
		say("ICC_SRE_EL1 read 0x%" PRIx64 " after writing 0; the guest "
		    "keeps running",
		    v);
		return 0;
	}
	if (!strcmp(what, "icc-iar1")) {
		say("reading ICC_IAR1_EL1 (acknowledging an interrupt)");
		v = MRS(ICC_IAR1_EL1);
		say("ICC_IAR1_EL1 read %" PRIu64 "%s; the guest keeps running",
		    v, v == 1023 ? " (spurious: nothing pending)" : "");
		return 0;
	}
	if (!strcmp(what, "icc-sgi1r"))
		return sr_icc_sgi1r();
	if (!strcmp(what, "id-read")) {
		/* TID3: read, sanitised (no SVE, RAS, MPAM, AMU). */
		v = MRS(ID_AA64PFR0_EL1);
		say("ID_AA64PFR0_EL1 0x%" PRIx64, v);
		hostile_check(((v >> 32) & 0xf) == 0, "ID_AA64PFR0_EL1.SVE",
			      (v >> 32) & 0xf, 0);
		hostile_check(((v >> 28) & 0xf) == 0, "ID_AA64PFR0_EL1.RAS",
			      (v >> 28) & 0xf, 0);
		hostile_check(((v >> 40) & 0xf) == 0, "ID_AA64PFR0_EL1.MPAM",
			      (v >> 40) & 0xf, 0);
		hostile_check(((v >> 44) & 0xf) == 0, "ID_AA64PFR0_EL1.AMU",
			      (v >> 44) & 0xf, 0);
		v = MRS(ID_UNALLOCATED);
		hostile_check(v == 0, "unallocated ID register S3_0_C0_C3_7", v,
			      0);
		return hostile_verdict("ID registers");
	}
	if (!strcmp(what, "id-write")) {
		say("writing ID_AA64PFR0_EL1 (read-only)");
		/* msr S3_0_C0_C4_0, x0: the assembler refuses it by name */
		asm volatile("mov x0, xzr\n\t.inst 0xd5180400\n\tisb"
			     :
			     :
			     : "x0", "memory");
		say("ID_AA64PFR0_EL1 written: not refused");
		return 1;
	}
	if (!strcmp(what, "impdef")) {
		say("reading S3_0_C15_C0_0 (IMPLEMENTATION DEFINED space)");
		v = MRS(IMPDEF_REG);
		say("S3_0_C15_C0_0 read 0x%" PRIx64 ": not refused", v);
		return 1;
	}
	if (!strcmp(what, "mdccsr")) {
		/* A debug register the microvisor does not emulate. */
		say("reading MDCCSR_EL0");
		v = MRS(MDCCSR_EL0);
		say("MDCCSR_EL0 read 0x%" PRIx64 ": not refused", v);
		return 1;
	}
	say("unknown register group '%s'", what);
	return 2;
}

/*
 * Set/way maintenance (HCR_EL2.TSW traps it; the microvisor performs it
 * as clean+invalidate): DC ISW, CSW and CISW over the first sets and ways
 * of every data or unified cache level, then with out-of-range levels,
 * sets and ways. A line written before must survive the invalidates.
 */
int attack_setway(int argc, char **argv)
{
	static volatile uint64_t victim;
	uint64_t clidr = MRS(clidr_el1), ops = 0;
	unsigned loc = (unsigned)(clidr >> 24) & 7;
	static const uint64_t garbage[] = {
		0xe, ~0ULL, 1ULL << 63, 0xffffffff0ULL, 0xc0000000ULL | 0xe,
	};

	(void)argc;
	(void)argv;
	victim = 0x686f7374696c6521ULL;
	say("CLIDR_EL1 0x%" PRIx64 ", %u cache level(s) to the point of "
	    "coherency",
	    clidr, loc);
	for (unsigned lvl = 0; lvl < loc; lvl++) {
		unsigned type = (unsigned)(clidr >> (3 * lvl)) & 7;
		uint64_t ccsidr;
		unsigned line, ways, sets, wshift;

		if (type < 2)
			continue; /* no data cache at this level */
		MSR(csselr_el1, lvl << 1);
		ccsidr = MRS(ccsidr_el1);
		line = (unsigned)(ccsidr & 7) + 4;
		ways = (unsigned)((ccsidr >> 3) & 0x3ff) + 1;
		sets = (unsigned)((ccsidr >> 13) & 0x7fff) + 1;
		wshift = ways > 1 ? 32 - (unsigned)__builtin_clz(ways - 1) : 0;
		say("level %u: %u sets, %u ways, %u-byte lines", lvl + 1, sets,
		    ways, 1u << line);
		for (unsigned w = 0; w < ways && w < 4; w++) {
			for (unsigned s = 0; s < sets && s < 16; s++) {
				uint64_t sw =
					((uint64_t)lvl << 1) |
					((uint64_t)s << line) |
					(wshift ? (uint64_t)w << (32 - wshift)
						: 0);

				asm volatile("dc isw, %0"
					     :
					     : "r"(sw)
					     : "memory");
				asm volatile("dc csw, %0"
					     :
					     : "r"(sw)
					     : "memory");
				asm volatile("dc cisw, %0"
					     :
					     : "r"(sw)
					     : "memory");
				ops += 3;
			}
		}
	}
	for (unsigned i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		asm volatile("dc isw, %0" : : "r"(garbage[i]) : "memory");
		asm volatile("dc csw, %0" : : "r"(garbage[i]) : "memory");
		asm volatile("dc cisw, %0" : : "r"(garbage[i]) : "memory");
		ops += 3;
	}
	asm volatile("dc isw, xzr; dsb sy" : : : "memory");
	ops++;
	say("%" PRIu64 " set/way operations done; the line written before "
	    "reads 0x%" PRIx64 " (%s)",
	    ops, victim, victim == 0x686f7374696c6521ULL ? "kept" : "LOST");
	return victim == 0x686f7374696c6521ULL ? 0 : 1;
}

/*
 * A WFE storm: each traps (HCR_EL2.TWE) and must return at once. Then
 * WFIs that really sleep: a WFI traps (TWI) and the CPU sleeps at EL2
 * until a physical interrupt is pending, so each is given one. The
 * guest's vGIC forwards its virtual timer (raw register accesses, as
 * a kernel of its own would make them), PSTATE.I stays masked, and
 * every turn arms the timer a little ahead (CNTFRQ / 10000: 100 us),
 * sleeps in WFI, acknowledges the interrupt from the CPU interface
 * (ICC_IAR1_EL1 must say 27, and the counter must have reached the
 * deadline: a WFI that returned without the timer would show neither),
 * switches the timer off (the line low again, or the interrupt would be
 * pending again at once) and ends the interrupt (EOImode 0: EOIR also
 * deactivates it, and through the list register's hardware link the
 * physical one, so the timer can wake the next WFI).
 */
int attack_wfx(int argc, char **argv)
{
	uint64_t nwfe = 100000, nwfi = 1000, f = mv_counter_freq();
	uint64_t t0, t1, t2, delta = f / 10000 ? f / 10000 : 1;
	uint64_t not_timer = 0, early = 0, last_iar = 0;

	if ((argc > 0 && hostile_parse_u64(argv[0], &nwfe)) ||
	    (argc > 1 && hostile_parse_u64(argv[1], &nwfi)))
		return 2;
	say("%" PRIu64 " WFE, then %" PRIu64 " WFI each woken by the virtual "
	    "timer %" PRIu64 " ticks ahead",
	    nwfe, nwfi, delta);
	t0 = mv_counter();
	for (uint64_t i = 0; i < nwfe; i++)
		asm volatile("wfe" : : : "memory");
	t1 = mv_counter();
	say("%" PRIu64 " WFE took %" PRIu64 " ms", nwfe, (t1 - t0) * 1000 / f);

	asm volatile("msr daifset, #2" : : : "memory");
	if (hostile_gic_vtimer_on()) {
		say("the redistributor does not wake up (GICR_WAKER)");
		return 1;
	}
	t1 = mv_counter();
	for (uint64_t i = 0; i < nwfi; i++) {
		uint64_t deadline = hostile_vtimer_arm(delta), now, iar;

		asm volatile("wfi" : : : "memory");
		iar = MRS(ICC_IAR1_EL1) & 0xffffff;
		now = mv_counter();
		hostile_vtimer_off();
		if (iar != ICC_SPURIOUS)
			MSR(ICC_EOIR1_EL1, iar);
		if (iar != INTID_VTIMER) {
			not_timer++;
			last_iar = iar;
		} else if (now < deadline) {
			early++;
		}
	}
	t2 = mv_counter();
	if (not_timer || early) {
		say("%" PRIu64 " of %" PRIu64 " WFI NOT woken by the virtual "
		    "timer (ICC_IAR1_EL1 last read %" PRIu64 "), %" PRIu64
		    " acknowledged before its deadline",
		    not_timer, nwfi, last_iar, early);
		return 1;
	}
	say("%" PRIu64 " WFI each woken by the virtual timer took %" PRIu64
	    " ms; the guest keeps running",
	    nwfi, (t2 - t1) * 1000 / f);
	return 0;
}

/*
 * The virtual timer fires at once (CVAL 0, enabled, unmasked) with the
 * guest's interrupts unmasked, but the guest never enabled INTID 27 in
 * its vGIC: nothing may be delivered (the runtime would report an IRQ),
 * and the microvisor, which takes the physical interrupt, must hold it
 * pending for the guest (GICR_ISPENDR0 bit 27) rather than take it again
 * and again: a storm, or an interrupt left asserted at EL2, would leave
 * the guest no time to run and the case would time out. The guest spins
 * on the counter (a WFI could never be woken: the one wake the timer
 * gives is spent).
 */
int attack_vtimer(int argc, char **argv)
{
	uint64_t ctl, t0, spins = 0, pend;

	(void)argc;
	(void)argv;
	MSR(cntv_cval_el0, 0);
	MSR(cntv_ctl_el0, 1); /* ENABLE, IMASK clear */
	ctl = MRS(cntv_ctl_el0);
	say("virtual timer armed in the past: CNTV_CTL_EL0 0x%" PRIx64
	    " (ISTATUS %s)",
	    ctl, ctl & 4 ? "set: firing" : "clear");
	asm volatile("msr daifclr, #0xf" : : : "memory");
	t0 = mv_counter();
	while (mv_counter() - t0 < mv_counter_freq() / 10)
		spins++;
	asm volatile("msr daifset, #0xf" : : : "memory");
	pend = hostile_mmio_rd32(GICR_ISPENDR0);
	ctl = MRS(cntv_ctl_el0);
	MSR(cntv_ctl_el0, 0);
	say("100 ms with the timer firing (CNTV_CTL_EL0 0x%" PRIx64
	    ") and interrupts unmasked: %" PRIu64 " turns of the loop",
	    ctl, spins);
	say("GICR_ISPENDR0 0x%" PRIx64 " (%s)", pend,
	    pend & (1u << INTID_VTIMER)
		    ? "INTID 27 pending: held for the guest, which has not "
		      "enabled it"
		    : "INTID 27 NOT pending");
	if (!(pend & (1u << INTID_VTIMER)))
		return 1;
	say("nothing was delivered; the guest keeps running");
	return 0;
}

/*
 * AArch32 at EL0: an exception return to User mode, Thumb state, stage 1
 * off, on T32 code with a 16-bit WFI (asm.S). HCR_EL2.TWI traps the WFI
 * to EL2 even from AArch32 state, through the lower-EL AArch64 vectors
 * (EL1 is AArch64); the microvisor returns from it past the 2-byte
 * instruction, and the store that follows, to an IPA below guest RAM,
 * ends the guest with a data-abort report whose x1 must be 1. The WFI
 * sleeps until an interrupt could wake the guest, so the virtual timer
 * is armed first, 10 ms ahead: long after the few instructions before
 * the WFI, so its one wake (the guest's vGIC stays off) is not spent
 * before the WFI sleeps.
 */
#define T32_STORE_IPA 0x3fffe000ULL

int attack_aarch32(int argc, char **argv)
{
	uint64_t pfr0 = MRS(ID_AA64PFR0_EL1);

	(void)argc;
	(void)argv;
	if ((pfr0 & 0xf) != 2) {
		say("this CPU has no AArch32 at EL0 (ID_AA64PFR0_EL1.EL0 = %u)",
		    (unsigned)(pfr0 & 0xf));
		return 3;
	}
	say("ERET to AArch32 User mode, Thumb, at IPA 0x%" PRIx64
	    ": movs r1, #0; wfi; movs r1, #1; str r1, [r2 = 0x%llx]",
	    (uint64_t)(uintptr_t)hostile_t32_code, T32_STORE_IPA);
	hostile_vtimer_arm(mv_counter_freq() / 100);
	/* M[4:0] = 0x10 User, T (bit 5), A/I/F masked */
	hostile_eret(0x1f0, (uint64_t)(uintptr_t)hostile_t32_code, 1,
		     T32_STORE_IPA);
}

static void landed(void)
{
	say("ERET to EL2 came back at EL%u", (unsigned)(MRS(CurrentEL) >> 2));
	mv_exit(1);
}

/*
 * An exception return from EL1 to EL2h: an illegal exception return
 * (PSTATE.IL set, still EL1), so the first instruction at the target
 * takes an Illegal Execution state exception at EL1, which the runtime
 * reports (128 + 0x0e). The microvisor never sees it.
 */
int attack_eret_el2(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	say("ERET with SPSR_EL1 = EL2h, DAIF masked");
	hostile_eret(0x3c9, (uint64_t)(uintptr_t)landed, 0, 0);
}

/*
 * State a restarted appliance must not inherit (docs/abi.md: "a
 * restarted appliance inherits nothing from the previous run"). Each
 * run first looks for the markers a previous run leaves, then leaves
 * them: in FP/SIMD register v31, in PMU event counter 0 (stopped), in
 * CSSELR_EL1, in the pointer authentication key APIAKeyLo_EL1 (where
 * the CPU has one), in the GIC CPU interface's priority mask (with
 * HCR_EL2.IMO set, the virtual one: ICH_VMCR_EL2) and in guest RAM.
 * Run with on_exit=restart.
 */
#define LEAK_MARK   0x4d564d564d564d56ULL
#define LEAK_MARK32 0x4d564d56ULL
#define LEAK_RAM    0x40400000ULL
#define LEAK_PMR    0xa8 /* a priority with the low 3 bits clear */

int attack_leak(int argc, char **argv)
{
	uint64_t v31, pmu = 0, csselr, apia = 0, ram, isar1, pmcr, pmr;
	bool has_pauth, has_pmu;
	unsigned found = 0;

	(void)argc;
	(void)argv;
	isar1 = MRS(S3_0_C0_C6_1);
	has_pauth = ((isar1 >> 4) & 0xff) != 0; /* APA, API */
	pmcr = MRS(pmcr_el0);
	has_pmu = ((pmcr >> 11) & 0x1f) != 0;

	asm volatile("fmov %0, d31" : "=r"(v31));
	if (has_pmu)
		pmu = MRS(PMEVCNTR0_EL0) & 0xffffffffULL;
	csselr = MRS(csselr_el1);
	if (has_pauth)
		apia = MRS(APIAKEYLO_EL1);
	pmr = MRS(ICC_PMR_EL1);
	ram = *(volatile uint64_t *)(uintptr_t)LEAK_RAM;

	say("at start: d31 0x%" PRIx64 ", PMEVCNTR0_EL0 0x%" PRIx64
	    ", CSSELR_EL1 0x%" PRIx64 ", APIAKeyLo_EL1 0x%" PRIx64
	    "%s, ICC_PMR_EL1 0x%" PRIx64 ", RAM at IPA 0x%llx 0x%" PRIx64,
	    v31, pmu, csselr, apia, has_pauth ? "" : " (no PAuth)", pmr,
	    LEAK_RAM, ram);
	if (v31 == LEAK_MARK) {
		say("INHERITED FP/SIMD register v31 from a previous run");
		found++;
	}
	if (has_pmu && pmu == LEAK_MARK32) {
		say("INHERITED PMU event counter 0 from a previous run");
		found++;
	}
	if (csselr == 3) {
		say("INHERITED CSSELR_EL1 from a previous run");
		found++;
	}
	if (has_pauth && apia == LEAK_MARK) {
		say("INHERITED APIAKeyLo_EL1 from a previous run");
		found++;
	}
	if (pmr == LEAK_PMR) {
		say("INHERITED ICC_PMR_EL1 from a previous run");
		found++;
	}
	if (ram == LEAK_MARK) {
		say("INHERITED guest RAM from a previous run");
		found++;
	}
	if (!found)
		say("inherited nothing from a previous run");

	asm volatile("fmov d31, %0" : : "r"(LEAK_MARK));
	if (has_pmu) {
		MSR(pmcntenclr_el0, 1);
		MSR(PMEVCNTR0_EL0, LEAK_MARK32);
	}
	MSR(csselr_el1, 3); /* level 2, instruction cache */
	if (has_pauth)
		MSR(APIAKEYLO_EL1, LEAK_MARK);
	MSR(ICC_PMR_EL1, LEAK_PMR);
	*(volatile uint64_t *)(uintptr_t)LEAK_RAM = LEAK_MARK;
	asm volatile("dsb sy" : : : "memory");
	say("markers left for the next run");
	return found ? 1 : 0;
}
