/* kernel/cpus.c - brings the board's other CPUs up at EL2 and keeps them waiting. */
#include "hyp/el2mmu.h"
#include "hyp/gic.h"
#include "hyp/hyp.h"
#include "hyp/layout.h"
#include "hyp/sysreg.h"
#include "kernel/cpus.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "platform/gic.h"
#include "platform/power.h"

/* MPIDR_EL1's affinity fields (Aff3, Aff2, Aff1, Aff0). */
#define MPIDR_AFF_MASK 0xff00ffffffULL

static struct cpu {
	u64 mpidr;
	bool online;
	bool gic; /* its redistributor and CPU interface work */
} cpus[MV_MAX_CPUS];
static unsigned nr_online = 1;

/* Work for the other CPUs: each runs work_fn(n) once per generation
 * (CPUs n < work_nr), then says so in done[n]. */
static void (*work_fn)(unsigned n);
static unsigned work_nr;
static u32 work_gen, done[MV_MAX_CPUS];

/* This CPU's own interrupts, as the boot CPU takes them: the guest's
 * virtual timer, the virtual interface's maintenance, the kick. */
static bool cpu_gic_init(void)
{
	if (!gic_ready() || !gic_cpu_init())
		return false;
	gic_ppi_enable(GIC_INTID_VTIMER, 0xa0);
	gic_ppi_enable(GIC_INTID_MAINT, 0x80);
	gic_ppi_enable(GIC_INTID_KICK, 0x80);
	return true;
}

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
	u32 seen = 0;

	cpus[n].gic = cpu_gic_init();
	cpu_reported((unsigned)n);
	/* Wait for work: a guest's vCPU n, for the guest's whole life. */
	for (;;) {
		u32 gen;

		while ((gen = __atomic_load_n(&work_gen, __ATOMIC_ACQUIRE)) ==
		       seen)
			asm volatile("wfe" : : : "memory");
		seen = gen;
		if (n < work_nr)
			work_fn((unsigned)n);
		__atomic_store_n(&done[n], gen, __ATOMIC_RELEASE);
		hyp_sev();
	}
}

void cpus_run(unsigned nr, void (*fn)(unsigned n))
{
	work_fn = fn;
	work_nr = nr;
	__atomic_store_n(&work_gen, work_gen + 1, __ATOMIC_RELEASE);
	hyp_sev();
}

void cpus_wait(void)
{
	for (unsigned n = 1; n < nr_online; n++)
		while (__atomic_load_n(&done[n], __ATOMIC_ACQUIRE) != work_gen)
			asm volatile("wfe" : : : "memory");
}

unsigned cpus_usable(void)
{
	unsigned n = 1;

	while (n < nr_online && cpus[n].gic)
		n++;
	return n;
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

	cpus[0] = (struct cpu){self, true, gic_ready()};
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
		if (gic_ready() && !cpus[n].gic)
			pr_warn("CPU %u (MPIDR %#llx): its GIC redistributor "
				"does not work; it runs no vCPU",
				n, (unsigned long long)mpidr);
		sbuf_printf(&sb, " %#llx", (unsigned long long)mpidr);
		next++;
		nr_online++;
	}
	if (bi->cpus_left_out)
		pr_warn("%u more CPUs in the boot device tree left out: the "
			"microvisor runs at most %u",
			bi->cpus_left_out, MV_MAX_CPUS);
	if (nr_online > 1) {
		pr_notice("CPUs: %u up at EL2 (MPIDR %s)", nr_online, list);
		/* Several CPUs write the log from now on (the others say
		 * nothing until they run a vCPU). */
		log_set_smp(true);
	}
}

unsigned cpus_online(void)
{
	return nr_online;
}

u64 cpus_mpidr(unsigned n)
{
	return n < MV_MAX_CPUS ? cpus[n].mpidr : 0;
}
