/* hyp/pmu.h - the PMU cycle counter as a boot-work meter (exact instruction counts under QEMU -icount). */
#ifndef MV_PMU_H
#define MV_PMU_H

#include "hyp/sysreg.h"

static inline bool pmu_present(void)
{
	unsigned v = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;

	return v != 0 && v != 0xf;
}

/* Start PMCCNTR_EL0 from zero, counting at EL2 too (PMCCFILTR.NSH). */
static inline void pmu_start_cycles(void)
{
	if (!pmu_present())
		return;
	write_sysreg(read_sysreg(mdcr_el2) & ~BIT(17), mdcr_el2); /* HPMD */
	write_sysreg(BIT(27), pmccfiltr_el0);
	write_sysreg(BIT(0) | BIT(2), pmcr_el0); /* E, reset C */
	write_sysreg(BIT(31), pmcntenset_el0);
	isb();
}

static inline u64 pmu_cycles(void)
{
	if (!pmu_present())
		return 0;
	isb();
	return read_sysreg(pmccntr_el0);
}

#endif
