/* kernel/cpus.c - brings the board's other CPUs up at EL2 and keeps them waiting. */
#include "hyp/el2mmu.h"
#include "hyp/hyp.h"
#include "hyp/layout.h"
#include "hyp/sysreg.h"
#include "kernel/cpus.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "platform/power.h"

/* MPIDR_EL1's affinity fields (Aff3, Aff2, Aff1, Aff0). */
#define MPIDR_AFF_MASK 0xff00ffffffULL

static struct cpu {
	u64 mpidr;
	bool online;
} cpus[MV_MAX_CPUS];
static unsigned nr_online = 1;

/* Each CPU's way in: read by that CPU with its MMU off. */
static struct mmu_switch switches[MV_MAX_CPUS];

static void cpu_reported(unsigned n)
{
	__atomic_store_n(&cpus[n].online, true, __ATOMIC_RELEASE);
	asm volatile("dsb ish; sev" : : : "memory");
}

/* A CPU other than the boot CPU, at the link VA on its own stack. */
static __attribute__((noreturn)) void secondary_main(u64 n)
{
	cpu_reported((unsigned)n);
	/* Nothing to run yet: wait. */
	for (;;)
		asm volatile("wfe" : : : "memory");
}

static bool wait_online(unsigned n)
{
	u64 t0 = hyp_counter(), limit = hyp_counter_freq();

	while (!__atomic_load_n(&cpus[n].online, __ATOMIC_ACQUIRE))
		if (hyp_counter() - t0 > limit)
			return false;
	return true;
}

void cpus_start(const struct boot_info *bi)
{
	u64 self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	char list[8 * 20];
	struct sbuf sb;
	unsigned next = 1;

	cpus[0] = (struct cpu){self, true};
	sbuf_init(&sb, list, sizeof(list));
	sbuf_printf(&sb, "%#llx", (unsigned long long)self);
	for (unsigned i = 0; i < bi->nr_cpus; i++) {
		u64 mpidr = bi->cpu_mpidr[i] & MPIDR_AFF_MASK;
		unsigned n = next;
		pa_t entry;
		long rc;

		if (mpidr == self)
			continue;
		if (n == MV_MAX_CPUS) {
			pr_warn("CPU with MPIDR %#llx left out: the microvisor "
				"runs at most %u CPUs",
				(unsigned long long)mpidr, MV_MAX_CPUS);
			continue;
		}
		cpus[n].mpidr = mpidr;
		entry = el2mmu_secondary(n, secondary_main, n, &switches[n]);
		rc = power_cpu_on(mpidr, entry,
				  pa_addr(el2mmu_image_va_to_pa(&switches[n])));
		if (rc) {
			pr_warn("CPU %u (MPIDR %#llx): the firmware's CPU_ON "
				"says %ld; left out",
				n, (unsigned long long)mpidr, rc);
			continue;
		}
		if (!wait_online(n)) {
			pr_warn("CPU %u (MPIDR %#llx) did not come up at EL2 "
				"within a second; left out",
				n, (unsigned long long)mpidr);
			continue;
		}
		pr_info("CPU %u (MPIDR %#llx) up at EL2", n,
			(unsigned long long)mpidr);
		sbuf_printf(&sb, " %#llx", (unsigned long long)mpidr);
		next++;
		nr_online++;
	}
	if (bi->cpus_left_out)
		pr_warn("%u more CPUs in the boot device tree left out: the "
			"microvisor runs at most %u",
			bi->cpus_left_out, MV_MAX_CPUS);
	if (nr_online > 1)
		pr_notice("CPUs: %u up at EL2 (MPIDR %s)", nr_online, list);
}

unsigned cpus_online(void)
{
	return nr_online;
}

u64 cpus_mpidr(unsigned n)
{
	return n < MV_MAX_CPUS ? cpus[n].mpidr : 0;
}
