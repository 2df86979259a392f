/* hyp/cpu.c - the arch interface on the machine: CPU identification, counters, cache maintenance and a guest's EL1/EL2 state. */
#include "hyp/gic.h"
#include "hyp/hyp.h"
#include "hyp/pmu.h"
#include "hyp/sysreg.h"

void hyp_read_fault(struct vcpu *v)
{
	v->far = read_sysreg(far_el2);
	v->hpfar = read_sysreg(hpfar_el2);
}

u64 hyp_midr(void)
{
	return read_sysreg(midr_el1);
}

u64 hyp_mpidr(void)
{
	u64 m = read_sysreg(mpidr_el1);

	return (m & 0xffffff) | (m & (0xffULL << 32));
}

void hyp_lock(struct hyp_lock *l)
{
	u32 tmp;

	/* Test, then try: a held lock is watched with WFE (the holder's
	 * store-release clears this CPU's monitor and wakes it). */
	asm volatile("	sevl\n"
		     "1:	wfe\n"
		     "2:	ldaxr	%w0, [%1]\n"
		     "	cbnz	%w0, 1b\n"
		     "	stxr	%w0, %w2, [%1]\n"
		     "	cbnz	%w0, 2b\n"
		     : "=&r"(tmp)
		     : "r"(&l->v), "r"(1)
		     : "memory");
}

bool hyp_trylock(struct hyp_lock *l)
{
	u32 busy, failed;

	asm volatile("1:	ldaxr	%w0, [%2]\n"
		     "	cbnz	%w0, 2f\n"
		     "	stxr	%w1, %w3, [%2]\n"
		     "	cbnz	%w1, 1b\n"
		     "2:\n"
		     : "=&r"(busy), "=&r"(failed)
		     : "r"(&l->v), "r"(1)
		     : "memory");
	if (busy)
		asm volatile("clrex" : : : "memory");
	return !busy;
}

void hyp_unlock(struct hyp_lock *l)
{
	asm volatile("stlr	wzr, [%0]" : : "r"(&l->v) : "memory");
}

void hyp_sev(void)
{
	asm volatile("dsb ish; sev" : : : "memory");
}

u64 hyp_mmfr0(void)
{
	return read_sysreg(id_aa64mmfr0_el1);
}

u64 hyp_read_id_reg(unsigned crm, unsigned op2)
{
	/* Only the AArch64 ID registers can have a non-zero value the guest
	 * needs; the rest read as zero. */
	switch (crm * 8 + op2) {
	case 4 * 8 + 0: return read_sysreg(id_aa64pfr0_el1);
	case 4 * 8 + 1: return read_sysreg(id_aa64pfr1_el1);
	case 5 * 8 + 0: return read_sysreg(id_aa64dfr0_el1);
	case 5 * 8 + 1: return read_sysreg(id_aa64dfr1_el1);
	case 5 * 8 + 4: return read_sysreg(id_aa64afr0_el1);
	case 5 * 8 + 5: return read_sysreg(id_aa64afr1_el1);
	case 6 * 8 + 0: return read_sysreg(id_aa64isar0_el1);
	case 6 * 8 + 1: return read_sysreg(id_aa64isar1_el1);
	case 7 * 8 + 0: return read_sysreg(id_aa64mmfr0_el1);
	case 7 * 8 + 1: return read_sysreg(id_aa64mmfr1_el1);
	case 7 * 8 + 2: return read_sysreg(ID_AA64MMFR2_EL1);
	default: return 0;
	}
}

bool hyp_init_el2(void)
{
	/* A bootloader may have left VHE on, and some CPUs cannot turn it
	 * off. */
	write_sysreg(HCR_HOST, hcr_el2);
	isb();
	return !(read_sysreg(hcr_el2) & HCR_E2H);
}

void hyp_cpu_stop(void)
{
	asm volatile("msr daifset, #0xf");
	for (;;)
		wfi();
}

u64 hyp_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

u64 hyp_counter_freq(void)
{
	return read_sysreg(cntfrq_el0) ?: 1;
}

u64 hyp_cycles(void)
{
	return pmu_cycles();
}

void hyp_sync_icache(void)
{
	asm volatile("ic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}

void hyp_dc_sw(u64 set_way)
{
	asm volatile("dc cisw, %0" : : "r"(set_way) : "memory");
}

#ifndef MV_SHA2
#define MV_SHA2 1
#endif

bool hyp_cpu_has_sha2(void)
{
	/* ID_AA64ISAR0_EL1.SHA2 [15:12]: 1 SHA-256, 2 SHA-256 and -512. */
	return ((read_sysreg(id_aa64isar0_el1) >> 12) & 0xf) >= 1;
}

bool hyp_has_sha2(void)
{
	return MV_SHA2 && hyp_cpu_has_sha2();
}

void fp_reset_state(void); /* hyp/fpreset.S */

/* PAuth keys exist only with FEAT_PAuth (any of ISAR1 APA/API/GPA/GPI, or
 * ISAR2 APA3/GPA3). */
static bool have_pauth(void)
{
	u64 i1 = read_sysreg(id_aa64isar1_el1);
	u64 i2 = read_sysreg(ID_AA64ISAR2_EL1); /* RAZ on older CPUs */

	return ((i1 >> 4) & 0xff) ||  /* APA [7:4], API [11:8] */
	       ((i1 >> 24) & 0xff) || /* GPA [27:24], GPI [31:28] */
	       ((i2 >> 8) & 0xff);    /* GPA3 [11:8], APA3 [15:12] */
}

/* The PMU is the guest's: back to reset values (all counters off and
 * zero), so one guest's counts never reach the next. */
static void pmu_reset(void)
{
	if (!pmu_present())
		return;
	u64 n = PMCR_N(read_sysreg(pmcr_el0));
	write_sysreg(~0ULL, pmcntenclr_el0);
	write_sysreg(~0ULL, pmintenclr_el1);
	write_sysreg(~0ULL, pmovsclr_el0);
	for (u64 i = 0; i < n; i++) {
		write_sysreg(i, pmselr_el0);
		isb();
		write_sysreg(0, pmxevtyper_el0);
		write_sysreg(0, pmxevcntr_el0);
	}
	write_sysreg(0, pmselr_el0);
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmuserenr_el0);
	write_sysreg(PMCR_P | PMCR_C, pmcr_el0); /* zero all counters, E = 0 */
	isb();
}

/* The GICv3 virtual CPU interface the guest's ICC_* accesses reach. */
static void gic_virtual_reset(void)
{
	if (!ID_AA64PFR0_GIC(read_sysreg(id_aa64pfr0_el1)))
		return; /* no GIC system-register interface */
	if (!(read_sysreg(ICC_SRE_EL2) & ICC_SRE_SRE))
		return;
	unsigned lrs = ICH_VTR_LISTREGS(read_sysreg(ICH_VTR_EL2));
	write_sysreg(0, ICH_HCR_EL2);
	write_sysreg(0, ICH_VMCR_EL2);
	write_sysreg(0, ICH_AP0R0_EL2);
	write_sysreg(0, ICH_AP1R0_EL2);
	for (unsigned n = 0; n < lrs; n++)
		hyp_gic_write_lr(n, 0);
	isb();
}

void hyp_guest_reset(void)
{
	fp_reset_state();
	pmu_reset();
	gic_virtual_reset();
	write_sysreg(0, csselr_el1);
	if (have_pauth()) {
		write_sysreg(0, S3_0_C2_C1_0); /* APIAKeyLo_EL1 */
		write_sysreg(0, S3_0_C2_C1_1);
		write_sysreg(0, S3_0_C2_C1_2); /* APIBKey */
		write_sysreg(0, S3_0_C2_C1_3);
		write_sysreg(0, S3_0_C2_C2_0); /* APDAKey */
		write_sysreg(0, S3_0_C2_C2_1);
		write_sysreg(0, S3_0_C2_C2_2); /* APDBKey */
		write_sysreg(0, S3_0_C2_C2_3);
		write_sysreg(0, S3_0_C2_C3_0); /* APGAKey */
		write_sysreg(0, S3_0_C2_C3_1);
	}
	write_sysreg(SCTLR_EL1_RESET, sctlr_el1);
	write_sysreg(0, tcr_el1);
	write_sysreg(0, ttbr0_el1);
	write_sysreg(0, ttbr1_el1);
	write_sysreg(0, mair_el1);
	write_sysreg(0, amair_el1);
	write_sysreg(0, vbar_el1);
	write_sysreg(0, cpacr_el1);
	write_sysreg(0, contextidr_el1);
	write_sysreg(0, tpidr_el1);
	write_sysreg(0, tpidr_el0);
	write_sysreg(0, tpidrro_el0);
	write_sysreg(0, sp_el0);
	write_sysreg(0, sp_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	write_sysreg(0, afsr0_el1);
	write_sysreg(0, afsr1_el1);
	write_sysreg(0, par_el1);
	write_sysreg(0, cntkctl_el1);
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntv_cval_el0);
	isb();
}

void hyp_guest_config(u64 cntvoff, unsigned cpu, unsigned nr_cpus)
{
	u64 pmcr_n = PMCR_N(read_sysreg(pmcr_el0));

	write_sysreg(HCR_GUEST, hcr_el2);
	write_sysreg(CPTR_EL2_GUEST, cptr_el2);
	/* Debug registers trapped (emulated or refused); the PMU is the
	 * guest's: all counters (HPMN), not trapped. */
	write_sysreg(pmcr_n | MDCR_EL2_GUEST_TRAPS, mdcr_el2);
	/* Physical counter readable; physical timer trapped (the guest
	 * uses the virtual timer, which counts from ~0 at its start). */
	write_sysreg(CNTHCTL_GUEST, cnthctl_el2);
	write_sysreg(cntvoff, cntvoff_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(VMPIDR_RES1 | (nr_cpus == 1 ? VMPIDR_U : 0) | cpu,
		     vmpidr_el2);
	isb();
}

void hyp_guest_stop(void)
{
	write_sysreg(HCR_HOST, hcr_el2); /* no stage 2 while none exists */
	isb();
}

void hyp_idle(void)
{
	dsb(sy);
	asm volatile("wfi" : : : "memory");
}

#define CNTHP_CTL_ENABLE  BIT(0)
#define CNTHP_CTL_IMASK	  BIT(1)
#define CNTHP_CTL_ISTATUS BIT(2)

void hyp_hyptimer_arm(u64 cval)
{
	write_sysreg(cval, cnthp_cval_el2);
	write_sysreg(CNTHP_CTL_ENABLE, cnthp_ctl_el2);
	isb();
}

void hyp_hyptimer_stop(void)
{
	write_sysreg(0, cnthp_ctl_el2);
	isb();
}

bool hyp_hyptimer_expired(void)
{
	u64 ctl = read_sysreg(cnthp_ctl_el2);

	return (ctl & CNTHP_CTL_ENABLE) && (ctl & CNTHP_CTL_ISTATUS);
}

bool hyp_rndr(u64 *v)
{
	u64 ok;

	/* ID_AA64ISAR0_EL1.RNDR [63:60] */
	if (!(read_sysreg(id_aa64isar0_el1) >> 60))
		return false;
	/* RNDR (S3_3_C2_C4_0) sets NZCV to 0b0100 when it has no number. */
	asm volatile("mrs %0, s3_3_c2_c4_0\n\tcset %1, ne"
		     : "=r"(*v), "=r"(ok)
		     :
		     : "cc");
	return ok;
}
