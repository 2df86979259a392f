/* hyp/pmu.h - the PMU cycle counter as a boot-work meter (exact instruction counts under QEMU -icount); hyp/head.S starts it. */
#ifndef MV_PMU_H
#define MV_PMU_H

#include "hyp/sysreg.h"

static inline bool pmu_present(void)
{
	unsigned v = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;

	return v != 0 && v != 0xf;
}

static inline u64 pmu_cycles(void)
{
	if (!pmu_present())
		return 0;
	isb();
	return read_sysreg(pmccntr_el0);
}

#endif
