/* images/runtime/smp.c - several CPUs: the per-CPU table, recursive locks, starting and stopping CPUs through PSCI, the secondary CPUs' C entry. */
#include <string.h>

#include <libfdt.h>

#include "runtime.h"

#define SCTLR_M (1u << 0)
#define SCTLR_C (1u << 2)

struct mv_cpu_state mv_cpu_states[MV_MAX_CPUS];

/*
 * What the runtime knows of each CPU. A CPU goes IDLE -> STARTING (the
 * caller of mv_cpu_start() claimed it and wrote fn/arg) -> RUNNING (its
 * entry read them) -> STOPPING (its function returned, CPU_OFF is on its
 * way) -> IDLE (someone saw AFFINITY_INFO say OFF). Only the claim is
 * contended; it is a compare-and-swap.
 */
enum { CPU_IDLE, CPU_STARTING, CPU_RUNNING, CPU_STOPPING };

static struct {
	volatile uint32_t state;
	mv_cpu_fn fn;
	void *arg;
} cpus[MV_MAX_CPUS];

/* crt0.S: where a started CPU begins, MMU off. */
extern char mv_secondary_entry[];

static bool caches_on(void)
{
	uint64_t sctlr;

	asm volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	return (sctlr & (SCTLR_M | SCTLR_C)) == (SCTLR_M | SCTLR_C);
}

/*
 * The bookkeeping runs with IRQs masked: an interrupt handler on this CPU
 * that takes the lock between the claim and depth = 1 would otherwise
 * see itself as the owner and release it under the interrupted code.
 * Waiting happens with IRQs as they were.
 */
bool mv_rlock_acquire(struct mv_rlock *l, uint64_t spins)
{
	uint32_t me = mv_cpu_index() + 1;
	uint64_t tries = 0;

	if (!caches_on())
		return true;
	for (;;) {
		uint64_t flags = mv_local_irq_save();
		uint32_t free = 0;

		if (l->owner == me) {
			l->depth++;
			mv_local_irq_restore(flags);
			return true;
		}
		if (__atomic_compare_exchange_n(&l->owner, &free, me, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			l->depth = 1;
			mv_local_irq_restore(flags);
			return true;
		}
		mv_local_irq_restore(flags);
		do {
			if (spins && ++tries >= spins)
				return false;
			asm volatile("yield" ::: "memory");
		} while (l->owner);
	}
}

void mv_rlock_release(struct mv_rlock *l)
{
	uint64_t flags;

	if (!caches_on())
		return;
	flags = mv_local_irq_save();
	if (l->owner == mv_cpu_index() + 1 && --l->depth == 0)
		__atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
	mv_local_irq_restore(flags);
}

/* ---- the CPUs in the device tree ---------------------------------------- */

/* Counts /cpus children with device_type "cpu" (Linux's test too). */
void mv_smp_init(const void *fdt)
{
	int node, n = 0, parent = fdt_path_offset(fdt, "/cpus");

	for (node = parent >= 0 ? fdt_first_subnode(fdt, parent) : -1;
	     node >= 0; node = fdt_next_subnode(fdt, node)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			n++;
	}
	mv_boot.cpus = n > 0 ? (unsigned int)n : 1;
	cpus[mv_cpu_index()].state = CPU_RUNNING;
}

unsigned int mv_cpu_count(void)
{
	return mv_boot.cpus;
}

/* ---- PSCI ---------------------------------------------------------------- */

static int psci(uint64_t id, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return mv_smccc_status(mv_hvc(id, a1, a2, a3, 0, 0, 0, 0).a0);
}

int mv_affinity_info(unsigned int cpu)
{
	return psci(MV_PSCI_AFFINITY_INFO, cpu, 0, 0);
}

/* A CPU that said it is stopping: wait until it is off, then free it. */
static int wait_off(unsigned int cpu)
{
	int aff;

	while ((aff = mv_affinity_info(cpu)) != MV_PSCI_AFF_OFF) {
		if (aff < 0)
			return aff;
		asm volatile("yield" ::: "memory");
	}
	__atomic_store_n(&cpus[cpu].state, CPU_IDLE, __ATOMIC_RELEASE);
	return 0;
}

int mv_cpu_start(unsigned int cpu, mv_cpu_fn fn, void *arg)
{
	uint32_t st;
	int ret;

	if (cpu >= MV_MAX_CPUS || !fn)
		return MV_PSCI_RET_INVALID_PARAMETERS;
	st = __atomic_load_n(&cpus[cpu].state, __ATOMIC_ACQUIRE);
	if (st == CPU_STOPPING) {
		ret = wait_off(cpu);
		if (ret)
			return ret;
	}
	st = CPU_IDLE;
	if (!__atomic_compare_exchange_n(&cpus[cpu].state, &st, CPU_STARTING,
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_ACQUIRE))
		return st == CPU_STARTING ? MV_PSCI_RET_ON_PENDING
					  : MV_PSCI_RET_ALREADY_ON;
	cpus[cpu].fn = fn;
	cpus[cpu].arg = arg;
	/*
	 * The new CPU reads fn/arg only once its MMU and caches are on, so
	 * coherence delivers them; the DSB completes the stores before the
	 * call that lets it run.
	 */
	asm volatile("dsb ish" ::: "memory");
	ret = psci(MV_PSCI_CPU_ON, cpu, (uint64_t)(uintptr_t)mv_secondary_entry,
		   cpu);
	if (ret)
		__atomic_store_n(&cpus[cpu].state, CPU_IDLE, __ATOMIC_RELEASE);
	return ret;
}

int mv_cpu_off(void)
{
	unsigned int cpu = mv_cpu_index();

	mv_local_irq_disable();
	mv_timers_drop();
	/* Its timer must not wake or interrupt a CPU that is off. */
	asm volatile("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory");
	if (cpu)
		__atomic_store_n(&cpus[cpu].state, CPU_STOPPING,
				 __ATOMIC_RELEASE);
	asm volatile("dsb ish" ::: "memory");
	return psci(MV_PSCI_CPU_OFF, 0, 0, 0);
}

int mv_cpu_join(unsigned int cpu)
{
	uint32_t st;

	if (cpu >= MV_MAX_CPUS || cpu == mv_cpu_index())
		return MV_PSCI_RET_INVALID_PARAMETERS;
	while ((st = __atomic_load_n(&cpus[cpu].state, __ATOMIC_ACQUIRE)) ==
		       CPU_STARTING ||
	       st == CPU_RUNNING)
		asm volatile("yield" ::: "memory");
	if (st == CPU_IDLE)
		return 0;
	return wait_off(cpu);
}

/*
 * crt0.S's secondary entry calls this with the MMU and caches on, on the
 * CPU's own stack, IRQs masked. Nothing of the CPU's earlier life (if it
 * was started before) may survive: its per-CPU state starts empty.
 */
__attribute__((noreturn)) void mv_secondary_start(uint64_t context);

void mv_secondary_start(uint64_t context)
{
	unsigned int cpu = mv_cpu_index();
	mv_cpu_fn fn;
	void *arg;
	int ret;

	(void)context; /* the CPU number; MPIDR says the same */
	mv_cpu_states[cpu] = (struct mv_cpu_state){0};
	fn = cpus[cpu].fn;
	arg = cpus[cpu].arg;
	__atomic_store_n(&cpus[cpu].state, CPU_RUNNING, __ATOMIC_RELEASE);
	if (mv_gic_boot_ready())
		mv_gic_init();
	fn(arg);
	ret = mv_cpu_off();
	/* CPU_OFF returned: the microvisor refused. Say so; stay parked. */
	mv_rlock_acquire(&mv_console_lock, MV_LOCK_SPINS_BOUNDED);
	mv_console_puts("runtime: CPU ");
	mv_put_dec(cpu);
	mv_console_puts(": CPU_OFF returned -");
	mv_put_dec((uint64_t)(-(int64_t)ret));
	mv_console_puts("; parked\n");
	mv_rlock_release(&mv_console_lock);
	for (;;)
		asm volatile("wfi");
}
